//! The JSON Schema of the report format, generated from the same serde types the loader
//! reads (schemars), so it cannot drift from what `casebook check` accepts. Editors with a
//! TOML language server (taplo / Even Better TOML) use it through a `#:schema` first line.
//! Beside them, the schema of the resolved document a PDF template reads as data.

use std::path::Path;

use crate::model::{ActorsFile, ChapterFile, GlossaryFile, ReportFile, SourcesFile};

/// (file name, schema JSON) for report.toml, sources.toml and chapter files.
pub fn schemas() -> Vec<(&'static str, String)> {
    vec![
        ("report.schema.json", pretty(schemars::schema_for!(ReportFile))),
        ("sources.schema.json", pretty(schemars::schema_for!(SourcesFile))),
        ("chapter.schema.json", pretty(schemars::schema_for!(ChapterFile))),
        ("actors.schema.json", pretty(schemars::schema_for!(ActorsFile))),
        ("glossary.schema.json", pretty(schemars::schema_for!(GlossaryFile))),
    ]
}

/// A schema as written to `schema/`: descriptions unwrapped, documented enums as `enum`s.
fn pretty(schema: schemars::Schema) -> String {
    let mut value = schema.to_value();
    unwrap_descriptions(&mut value);
    documented_enums(&mut value);
    // Back into a `Schema`, whose serializer orders the keywords for a reader ($schema, title,
    // description, type, properties, …) where a JSON map would sort them.
    let schema = schemars::Schema::try_from(value).expect("still a schema");
    serde_json::to_string_pretty(&schema).expect("schemas serialize") + "\n"
}

/// Joins the lines of every `description` (doc comments are wrapped at 100 columns; an editor
/// wraps to its own width): with a space between words, with none between two CJK characters,
/// where a space would show in the middle of a Japanese sentence. Blank lines stay paragraphs.
fn unwrap_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    serde_json::Value::String(text) if key == "description" => *text = unwrap_lines(text),
                    _ => unwrap_descriptions(child),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// schemars writes an enum whose variants have doc comments as a `oneOf` of `const`s. An editor
/// completes an `enum` best, so each such `oneOf` becomes `"enum": [...]`, and the variants' docs
/// go where taplo shows them on hover and completion: `"x-taplo": {"docs": {"enumValues": [...]}}`.
fn documented_enums(value: &mut serde_json::Value) {
    use serde_json::{Value, json};
    match value {
        Value::Object(map) => {
            let consts: Option<Vec<(Value, Value)>> = map.get("oneOf").and_then(Value::as_array).and_then(|branches| {
                branches
                    .iter()
                    .map(|b| {
                        let b = b.as_object()?;
                        let only_const = b.keys().all(|k| matches!(k.as_str(), "const" | "description" | "type"))
                            && b.get("type") == Some(&json!("string"));
                        only_const.then(|| (b.get("const").cloned(), b.get("description").cloned()))
                    })
                    .map(|pair| pair.and_then(|(c, d)| Some((c?, d.unwrap_or(Value::Null)))))
                    .collect()
            });
            if let Some(consts) = consts {
                map.remove("oneOf");
                map.insert("type".into(), json!("string"));
                let (values, docs): (Vec<Value>, Vec<Value>) = consts.into_iter().unzip();
                map.insert("enum".into(), Value::Array(values));
                map.insert("x-taplo".into(), json!({ "docs": { "enumValues": docs } }));
            }
            map.values_mut().for_each(documented_enums);
        }
        Value::Array(items) => items.iter_mut().for_each(documented_enums),
        _ => {}
    }
}

fn unwrap_lines(text: &str) -> String {
    let wide = |c: char| c >= '\u{2E80}';
    text.split("\n\n")
        .map(|paragraph| {
            let mut out = String::new();
            for line in paragraph.lines().map(str::trim) {
                if let (Some(last), Some(first)) = (out.chars().last(), line.chars().next())
                    && !(wide(last) && wide(first))
                {
                    out.push(' ');
                }
                out.push_str(line);
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// (file name, schema JSON) of the data a PDF template reads (`/data/report.json`): the
/// resolved document, described for template authors (see docs/templates.md).
pub fn document_schema() -> (&'static str, String) {
    ("document.schema.json", pretty(schemars::schema_for!(crate::document::Document)))
}

/// Writes the three format schemas and the document schema into `dir`.
pub fn write_schemas(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, json) in schemas().into_iter().chain([document_schema()]) {
        let path = dir.join(name);
        crate::output::write_atomic(&path, json.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// The `#:schema` line for a file under `report/`, pointing at `schema/` in the project.
pub fn schema_line(file_in_report: &str) -> String {
    let depth = file_in_report.matches('/').count() + 1;
    let up = "../".repeat(depth);
    let name = if file_in_report.starts_with("chapters/") {
        "chapter"
    } else if file_in_report == "sources.toml" {
        "sources"
    } else if file_in_report == "actors.toml" {
        "actors"
    } else if file_in_report == "glossary.toml" {
        "glossary"
    } else {
        "report"
    };
    format!("#:schema {up}schema/{name}.schema.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lines_point_at_the_project_schema_folder() {
        assert_eq!(schema_line("report.toml"), "#:schema ../schema/report.schema.json");
        assert_eq!(schema_line("chapters/01-a.toml"), "#:schema ../../schema/chapter.schema.json");
    }

    #[test]
    fn descriptions_are_unwrapped_without_spaces_inside_japanese() {
        assert_eq!(unwrap_lines("a line\nand the next"), "a line and the next");
        assert_eq!(unwrap_lines("時系列で\nたどる。"), "時系列でたどる。");
        assert_eq!(unwrap_lines("`\"報告\"`\nPrinted"), "`\"報告\"` Printed");
        assert_eq!(unwrap_lines("one\n\ntwo"), "one\n\ntwo");
    }

    #[test]
    fn schemas_forbid_unknown_keys_and_describe_fields() {
        for (name, json) in schemas() {
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(v["additionalProperties"], serde_json::Value::Bool(false), "{name}");
        }
        let (_, chapter) = &schemas()[2];
        assert!(chapter.contains("Editorial analysis of this event"));
    }
}
