//! The JSON Schemas as an editor sees them: every field described, and wrong values refused by
//! a JSON Schema validator (the `jsonschema` crate, as a TOML language server would) where
//! `casebook check` refuses them too; the project's own files accepted.
//!
//! The wrong and right values below are written by hand from the format's rules (README,
//! "The report format"), never taken from the code that generates the schemas. Where `check`
//! has an error for a value, the same value is also run through `casebook check`, so the
//! schema and the checker are held to one list of examples.

mod common;
use common::*;

use serde_json::{Value, json};
use std::path::Path;

/// The three schemas as `casebook schema` writes them.
fn schemas() -> Vec<(String, Value)> {
    let dir = tempfile::tempdir().unwrap();
    let out = bin().args(["schema", "--out"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    ["report.schema.json", "sources.schema.json", "chapter.schema.json", "glossary.schema.json", "actors.schema.json"]
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
            (name.to_string(), serde_json::from_str(&text).unwrap())
        })
        .collect()
}

fn schema(name: &str) -> Value {
    schemas().into_iter().find(|(n, _)| n == name).unwrap().1
}

fn toml_as_json(path: &Path) -> Value {
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every property of every (sub)schema: (where, property name, property schema).
fn properties<'a>(at: &str, v: &'a Value, out: &mut Vec<(String, String, &'a Value)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, prop) in props {
                    out.push((at.to_string(), name.clone(), prop));
                }
            }
            for (key, child) in map {
                properties(&format!("{at}/{key}"), child, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                properties(&format!("{at}/{i}"), child, out);
            }
        }
        _ => {}
    }
}

/// Is this property a table or a list of tables (described, but nothing to give an example
/// of), or a closed vocabulary (its values are the examples)?
fn is_structural(prop: &Value, root: &Value) -> bool {
    let deref = |v: &Value| -> Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => root.pointer(r.trim_start_matches('#')).cloned().unwrap_or(Value::Null),
            None => v.clone(),
        }
    };
    let p = deref(prop);
    let items = p.get("items").map(&deref).unwrap_or(Value::Null);
    p.get("enum").is_some()
        || p.get("type") == Some(&json!("object"))
        || items.get("type") == Some(&json!("object"))
        || p.get("anyOf").is_some_and(|a| {
            a.as_array()
                .unwrap()
                .iter()
                .map(deref)
                .any(|b| b.get("enum").is_some() || b.get("type") == Some(&json!("object")))
        })
}

#[test]
fn every_property_of_every_schema_has_a_description_with_an_example() {
    let mut checked = 0;
    let mut missing = Vec::new();
    for (name, root) in schemas() {
        let mut props = Vec::new();
        properties("", &root, &mut props);
        assert!(props.len() >= 5, "{name}: only {} properties found", props.len());
        for (at, prop_name, prop) in props {
            checked += 1;
            let description = prop.get("description").and_then(Value::as_str).unwrap_or("");
            if description.trim().len() < 30 {
                missing.push(format!("{name}{at}/{prop_name}: no description (or a stub: {description:?})"));
            } else if !is_structural(prop, &root) && !description.contains("e.g.") {
                missing.push(format!("{name}{at}/{prop_name}: no example (`e.g.`) in {description:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {checked} properties lack a description:\n{}",
        missing.len(),
        missing.join("\n")
    );
    // report (15 + person 3 + output 2 + epub 1), sources (1 + 11), chapter (6 + 2 + 3 + 2 + 9 + 4)
    assert!(checked >= 55, "only {checked} properties walked");
}

#[test]
fn the_description_says_where_it_is_shown() {
    let report = schema("report.schema.json");
    let d = report.pointer("/properties/description/description").unwrap().as_str().unwrap();
    assert!(d.contains("title page of both outputs"), "{d}");
    assert!(d.contains("dc:description"), "{d}");
    assert!(!d.contains("cover"), "{d}");
}

/// A valid file of each kind (the test fixture), as JSON.
fn valid(kind: &str) -> Value {
    let report = fixtures().join("valid/report");
    match kind {
        "report" => toml_as_json(&report.join("report.toml")),
        "sources" => toml_as_json(&report.join("sources.toml")),
        _ => toml_as_json(&report.join("chapters/01-first.toml")),
    }
}

/// One edit of a valid file: (file kind, JSON pointer, new value, does `check` refuse it too).
struct Case {
    kind: &'static str,
    pointer: &'static str,
    value: Value,
    check_errors: bool,
}

fn case(kind: &'static str, pointer: &'static str, value: Value, check_errors: bool) -> Case {
    Case { kind, pointer, value, check_errors }
}

fn apply(kind: &str, pointer: &str, value: &Value) -> Value {
    let mut doc = valid(kind);
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = if parent.is_empty() { &mut doc } else { doc.pointer_mut(parent).unwrap() };
    match target {
        Value::Object(map) => {
            map.insert(key.to_string(), value.clone());
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value.clone(),
        _ => panic!("{pointer}: not a table or list"),
    }
    doc
}

/// Runs `casebook check` on the valid fixture with one file replaced by `doc`.
fn check_with(kind: &str, doc: &Value) -> std::process::Output {
    let project = project_with(None);
    let path = match kind {
        "report" => "report/report.toml",
        "sources" => "report/sources.toml",
        _ => "report/chapters/01-first.toml",
    };
    std::fs::write(project.path().join(path), toml::to_string(doc).unwrap()).unwrap();
    bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap()
}

#[test]
fn wrong_values_are_refused_by_the_schemas_as_by_check() {
    let validators: Vec<(&str, jsonschema::Validator)> =
        [("report", "report.schema.json"), ("sources", "sources.schema.json"), ("chapter", "chapter.schema.json")]
            .into_iter()
            .map(|(kind, name)| (kind, jsonschema::validator_for(&schema(name)).unwrap()))
            .collect();
    let validator = |kind: &str| &validators.iter().find(|(k, _)| *k == kind).unwrap().1;
    let long_id = "a".repeat(101);
    let cases = [
        // Dates in other shapes than YYYY, YYYY-MM, YYYY-MM-DD or a range of them.
        case("report", "/date", json!("03/11/2024"), true),
        case("report", "/date", json!("2024-3-11"), true),
        case("report", "/date", json!("11 March 2015"), true),
        case("report", "/date", json!("2024-13-01"), true),
        case("report", "/date", json!("2015-03"), true), // the report's own date is a full day
        case("sources", "/source/0/date", json!("2015/06/25"), true),
        case("sources", "/source/0/date", json!("June 2015"), true),
        case("sources", "/source/0/accessed", json!("yesterday"), true),
        case("chapter", "/event/0/date", json!("03/11/2015"), true),
        case("chapter", "/event/0/date", json!("2015-03-11/"), true),
        case("chapter", "/event/0/date", json!("2015-3"), true),
        case("chapter", "/event/0/date", json!("2015-00"), true),
        // Days a month does not have (February 29 of a year that is not a leap year is left to
        // `check`: no regular expression of reasonable size says which years are leap years).
        case("chapter", "/event/0/date", json!("2015-02-30"), true),
        case("chapter", "/event/0/date", json!("2015-04-31"), true),
        case("chapter", "/event/0/date", json!("2015-03-11/2015-11-31"), true),
        case("report", "/date", json!("2026-06-31"), true),
        case("report", "/date", json!("2026-01-32"), true),
        // Ids: lowercase ASCII letters, digits and hyphens, at most 100 characters.
        case("report", "/id", json!("AI-900"), true),
        case("report", "/id", json!("ai 900"), true),
        case("report", "/id", json!("-ai"), true),
        case("report", "/id", json!(""), true),
        case("report", "/id", json!(long_id), true),
        case("sources", "/source/0/id", json!("Paper-A"), true),
        case("sources", "/source/0/id", json!("paper_a"), true),
        case("chapter", "/id", json!("First"), true),
        case("chapter", "/event/0/id", json!("Event-One"), true),
        case("chapter", "/event/0/id", json!("出来事"), true),
        case("chapter", "/event/0/sources/0", json!("Paper-A"), true),
        case("chapter", "/event/0/quote/0/source", json!("PAPER-A"), true),
        // URLs: http(s) only, with a host, no spaces.
        case("sources", "/source/0/url", json!("javascript:alert(1)"), true),
        case("sources", "/source/0/url", json!("ftp://example.com/a"), true),
        case("sources", "/source/0/url", json!("www.example.com/a"), true),
        case("sources", "/source/0/url", json!("https://"), true),
        case("sources", "/source/0/url", json!("https://example.com/a b"), true),
        case("sources", "/source/0/url", json!("file:///etc/passwd"), true),
        // Closed vocabularies.
        case("sources", "/source/0/kind", json!("blog"), true),
        case("sources", "/source/0/kind", json!("News"), true),
        case("sources", "/source/0/format", json!("docx"), true),
        case("report", "/output/paper", json!("letter"), true),
        case("report", "/epub", json!({ "writing_mode": "diagonal" }), true),
        case("report", "/authors", json!([{ "name": "山田花子", "role": "boss" }]), true),
        // Malformed language tags. The schema is stricter than `check` for two: BCP 47 has no
        // `_` (`check` reads `ja_JP` as `ja-JP`), and no language subtag of 5–8 letters is
        // registered (`check` warns that it has no words for `japanese`).
        case("report", "/language", json!("japanese"), false),
        case("report", "/language", json!("ja_JP"), false),
        case("report", "/language", json!("en-"), true),
        case("report", "/language", json!("e"), true),
        case("report", "/language", json!("ja JP"), true),
        case("report", "/language", json!(""), true),
        case("report", "/language", json!("en-GB-"), true),
        // Authors and chapters.
        case("report", "/authors", json!([]), true),
        case("report", "/authors", json!([""]), true),
        case("report", "/authors", json!([42]), true),
        case("report", "/authors", json!([{ "role": "editor" }]), true),
        case("report", "/authors", json!([{ "name": "山田花子", "title": "編集長" }]), true),
        case("report", "/chapters", json!([]), true),
        case("report", "/chapters", json!(["01-first", "01-first", "02-second"]), true),
        case("report", "/chapters", json!(["../report", "01-first", "02-second"]), true),
        case("report", "/chapters", json!(["chapters/01-first", "02-second"]), true),
        // Blank required text.
        case("report", "/title", json!("   "), true),
        case("sources", "/source/0/publisher", json!(""), true),
        case("chapter", "/event/0/title", json!(" "), true),
        case("chapter", "/event/0/quote/0/text", json!(""), true),
    ];
    let mut failures = Vec::new();
    for c in &cases {
        let doc = apply(c.kind, c.pointer, &c.value);
        if validator(c.kind).is_valid(&doc) {
            failures.push(format!("schema accepts {} {} = {}", c.kind, c.pointer, c.value));
        }
        if c.check_errors {
            let out = check_with(c.kind, &doc);
            if out.status.code() != Some(1) {
                failures.push(format!(
                    "check accepts {} {} = {} (exit {:?}): {}",
                    c.kind,
                    c.pointer,
                    c.value,
                    out.status.code(),
                    stdout(&out)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn right_values_are_accepted_by_the_schemas_and_by_check() {
    let id100 = "a".repeat(100);
    let cases = [
        case("report", "/language", json!("ja-JP"), false),
        case("report", "/language", json!("en-GB"), false),
        case("report", "/language", json!("en-US"), false),
        case("report", "/language", json!("zh-Hant-TW"), false),
        case("report", "/language", json!("es-419"), false),
        case("report", "/id", json!(id100), false),
        case("report", "/id", json!("9"), false),
        case("report", "/authors", json!(["山田花子"]), false),
        case("report", "/authors", json!([{ "name": "山田花子" }]), false),
        case(
            "report",
            "/authors",
            json!(["編集部", { "name": "Jane Doe", "role": "translator", "affiliation": "Example University" }]),
            false,
        ),
        case("sources", "/source/0/date", json!("2015"), false),
        case("sources", "/source/0/date", json!("2015-06"), false),
        case("sources", "/source/0/url", json!("http://www.recomm.co.jp/IR/tabid/60/Detail.html?itemid=2555"), false),
        case("sources", "/source/0/url", json!("https://example.com/a?b=c#d"), false),
        case("sources", "/source/0/url", json!("https://ja.wikipedia.org/wiki/国際電話"), false),
        case("chapter", "/event/0/date", json!("2015-03-11/2015-03-20"), false),
        case("chapter", "/event/0/date", json!("2015-03/2015-04"), false),
        case("chapter", "/event/0/date", json!("2016-02-29"), false),
        case("chapter", "/event/0/date", json!("2015-01-31/2015-12-31"), false),
        case("report", "/date", json!("2026-04-30"), false),
    ];
    let mut failures = Vec::new();
    for c in &cases {
        let doc = apply(c.kind, c.pointer, &c.value);
        let name = format!("{}.schema.json", c.kind);
        // With `format` checked too (taplo checks it): `date`, `iri` must not refuse these.
        let v = jsonschema::options().should_validate_formats(true).build(&schema(&name)).unwrap();
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        if !errors.is_empty() {
            failures.push(format!("schema refuses {} {} = {}: {errors:?}", c.kind, c.pointer, c.value));
        }
        let out = check_with(c.kind, &doc);
        if out.status.code() != Some(0) {
            failures.push(format!("check refuses {} {} = {}: {}", c.kind, c.pointer, c.value, stdout(&out)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn committed_document_schema_matches_the_types() {
    let (name, json) = casebook::schema::document_schema();
    let committed = std::fs::read_to_string(repo().join("schema").join(name)).unwrap();
    assert_eq!(committed, json, "schema/{name} is stale: run `cargo run -- schema`");
}

/// Every report file of a project, validated against the schema its kind uses.
fn assert_project_valid(report_dir: &Path) {
    let validator = |name: &str| jsonschema::options().should_validate_formats(true).build(&schema(name)).unwrap();
    let mut files = vec![
        (report_dir.join("report.toml"), validator("report.schema.json")),
        (report_dir.join("sources.toml"), validator("sources.schema.json")),
    ];
    let mut chapters: Vec<_> =
        std::fs::read_dir(report_dir.join("chapters")).unwrap().map(|e| e.unwrap().path()).collect();
    chapters.sort();
    assert!(!chapters.is_empty());
    for chapter in chapters {
        files.push((chapter, validator("chapter.schema.json")));
    }
    for (path, v) in files {
        let errors: Vec<String> = v.iter_errors(&toml_as_json(&path)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_projects_own_files_pass_the_schemas() {
    assert_project_valid(&repo().join("report"));
    assert_project_valid(&fixtures().join("valid/report"));
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        let out = bin().args(["new", "--lang", lang]).arg(dir.path().join(lang)).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_project_valid(&dir.path().join(lang).join("report"));
    }
    // The schemas `new` writes are the ones `casebook schema` writes.
    for (name, value) in schemas() {
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("ja/schema").join(&name)).unwrap()).unwrap();
        assert_eq!(written, value, "{name}");
    }
}

/// The TOML examples of README.md's "The report format" section, by the file they show.
fn readme_examples() -> Vec<(String, Value)> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("## The report format").expect("README has a format section");
    let end = start + readme[start..].find("\n## ").unwrap_or(readme.len() - start);
    let section = &readme[start..end];
    let mut examples = Vec::new();
    let mut heading = String::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("**").and_then(|l| l.strip_suffix("**")) {
            heading = h.to_string();
        } else if line.trim() == "```toml" {
            let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            let value: Value = toml::from_str(&block.join("\n"))
                .unwrap_or_else(|e| panic!("README example under {heading} is not TOML: {e}"));
            examples.push((heading.clone(), value));
        }
    }
    examples
}

/// Key paths of a TOML value (`output.paper`, `source[].url`, `authors[].role`).
fn key_paths(prefix: &str, v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                out.insert(path.clone());
                key_paths(&path, child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                key_paths(&format!("{prefix}[]"), item, out);
            }
        }
        _ => {}
    }
}

/// Key paths a schema allows, following `$ref`s, `anyOf` branches and array items.
fn schema_paths(prefix: &str, v: &Value, root: &Value, out: &mut std::collections::BTreeSet<String>) {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return schema_paths(prefix, root.pointer(r.trim_start_matches('#')).unwrap(), root, out);
    }
    if let Some(Value::Object(props)) = v.get("properties") {
        for (k, child) in props {
            let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            out.insert(path.clone());
            schema_paths(&path, child, root, out);
        }
    }
    if let Some(items) = v.get("items") {
        schema_paths(&format!("{prefix}[]"), items, root, out);
    }
    for branch in v.get("anyOf").and_then(Value::as_array).into_iter().flatten() {
        schema_paths(prefix, branch, root, out);
    }
}

#[test]
fn the_readme_format_section_agrees_with_the_schemas() {
    let examples = readme_examples();
    let which = |heading: &str| match heading {
        "report.toml" => "report.schema.json",
        "sources.toml" => "sources.schema.json",
        "chapters/NN-name.toml" => "chapter.schema.json",
        "glossary.toml" => "glossary.schema.json",
        "actors.toml" => "actors.schema.json",
        other => panic!("README example under an unknown heading {other:?}"),
    };
    let mut seen = std::collections::BTreeSet::new();
    for (heading, value) in &examples {
        let name = which(heading);
        seen.insert(name);
        let root = schema(name);
        // Every example is valid (so every key it shows exists and every value is allowed) …
        let v = jsonschema::options().should_validate_formats(true).build(&root).unwrap();
        let errors: Vec<String> = v.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "README example of {heading}: {errors:?}");
        // … and shows every field the schema has.
        let mut shown = std::collections::BTreeSet::new();
        key_paths("", value, &mut shown);
        let mut allowed = std::collections::BTreeSet::new();
        schema_paths("", &root, &root, &mut allowed);
        let missing: Vec<&String> = allowed.difference(&shown).collect();
        assert!(missing.is_empty(), "README example of {heading} does not show {missing:?}");
    }
    assert_eq!(seen.len(), 5, "README shows examples of {seen:?}");
}

/// Every `enum` of a schema, by where it is.
fn enums<'a>(at: &str, v: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) => {
            if map.contains_key("enum") {
                out.push((at.to_string(), v));
            }
            for (k, child) in map {
                enums(&format!("{at}/{k}"), child, out);
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, c)| enums(&format!("{at}/{i}"), c, out)),
        _ => {}
    }
}

#[test]
fn closed_vocabularies_are_enums_with_a_description_of_each_value() {
    let mut found = std::collections::BTreeMap::new();
    for (name, root) in schemas() {
        let mut list = Vec::new();
        enums("", &root, &mut list);
        for (at, e) in list {
            let values: Vec<&str> = e["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
            let docs = e.pointer("/x-taplo/docs/enumValues").and_then(Value::as_array);
            let docs = docs.unwrap_or_else(|| panic!("{name}{at}: no x-taplo enumValues docs"));
            assert_eq!(docs.len(), values.len(), "{name}{at}");
            for (value, doc) in values.iter().zip(docs) {
                assert!(doc.as_str().is_some_and(|d| d.len() > 8), "{name}{at}: `{value}` undocumented");
            }
            found.insert(at.rsplit('/').next().unwrap().to_string(), values.join(" "));
        }
    }
    // The vocabularies as README.md's format section gives them.
    assert_eq!(found["SourceKind"], "news broadcast government press-release investigation-report other");
    assert_eq!(found["SourceFormat"], "html pdf print video");
    assert_eq!(found["Paper"], "a4 us-letter jis-b5");
    assert_eq!(found["WritingMode"], "horizontal vertical");
    assert_eq!(
        found["AuthorRole"],
        "author editor translator contributor compiler analyst researcher reviewer illustrator photographer"
    );
    assert_eq!(found["Align"], "left center right");
    assert_eq!(found["RecommendationStatus"], "open in-progress done declined");
    assert_eq!(found["EventMilestone"], "detected disclosed");
    assert_eq!(found.len(), 8, "{found:?}");
}
