//! The JSON Schema of the report format, generated from the same serde types the loader
//! reads (schemars), so it cannot drift from what `casebook check` accepts. Editors with a
//! TOML language server (taplo / Even Better TOML) use it through a `#:schema` first line.
//! Beside them, the schema of the resolved document a PDF template reads as data.

use std::path::Path;

use crate::model::{ActorsFile, ChapterFile, GlossaryFile, ReportFile, SourcesFile};

/// (file name, schema JSON) for report.toml, sources.toml and chapter files.
pub fn schemas() -> Vec<(&'static str, String)> {
    let pretty = |s: schemars::Schema| serde_json::to_string_pretty(&s).expect("schemas serialize") + "\n";
    vec![
        ("report.schema.json", pretty(schemars::schema_for!(ReportFile))),
        ("sources.schema.json", pretty(schemars::schema_for!(SourcesFile))),
        ("chapter.schema.json", pretty(schemars::schema_for!(ChapterFile))),
        ("actors.schema.json", pretty(schemars::schema_for!(ActorsFile))),
        ("glossary.schema.json", pretty(schemars::schema_for!(GlossaryFile))),
    ]
}

/// (file name, schema JSON) of the data a PDF template reads (`/data/report.json`): the
/// resolved document, described for template authors (see docs/templates.md).
pub fn document_schema() -> (&'static str, String) {
    let schema = schemars::schema_for!(crate::document::Document);
    ("document.schema.json", serde_json::to_string_pretty(&schema).expect("schemas serialize") + "\n")
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
    fn schemas_forbid_unknown_keys_and_describe_fields() {
        for (name, json) in schemas() {
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(v["additionalProperties"], serde_json::Value::Bool(false), "{name}");
        }
        let (_, chapter) = &schemas()[2];
        assert!(chapter.contains("Editorial analysis of this event"));
    }
}
