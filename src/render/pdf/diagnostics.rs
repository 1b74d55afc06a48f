//! Typst's diagnostics in casebook's form: template problems point into the template file
//! (or the generated data), with a code saying what kind of problem it is.

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};

use super::DATA_PATH;
use super::world::ReportWorld;
use crate::diagnostics::{Diagnostic, SourceFiles};
use crate::project::Project;

/// Converts a Typst diagnostic. Template problems point into the template file.
pub(super) fn convert(
    world: &ReportWorld,
    files: &mut SourceFiles,
    project: &Project,
    diag: &SourceDiagnostic,
) -> Diagnostic {
    let mut hints: Vec<String> = diag.hints.iter().map(|h| h.v.to_string()).collect();
    let message = diag.message.to_string();
    let (code, help) = if message.contains("could not be displayed with font") {
        (
            "missing-glyph",
            "a character has no glyph in the bundled fonts; `casebook check` names the file and line".to_string(),
        )
    } else if message.starts_with("PDF/A") || message.starts_with("PDF/UA") {
        (
            "pdf-standard",
            "the PDF could not meet PDF/A-2b + PDF/UA-1; fix the template or the text named above".to_string(),
        )
    } else {
        ("template", "this is a problem in the Typst template, not in the report files".to_string())
    };
    hints.push(help);
    let mut out = match diag.severity {
        TypstSeverity::Error => Diagnostic::error(code, message),
        TypstSeverity::Warning => Diagnostic::warning(code, message),
    }
    .with_help(hints.join("; "));
    if let (Some(id), Some(range)) = (diag.span.id(), world.range(diag.span)) {
        let vpath = id.vpath().get_with_slash().to_string();
        let on_disk = project.root.join(id.vpath().get_without_slash());
        let (name, text) = if vpath == DATA_PATH {
            ("data/report.json (generated)".to_string(), String::from_utf8_lossy(&world.data).into_owned())
        } else {
            match world.source(id) {
                Ok(source) => {
                    let name = if on_disk.exists() {
                        project.display_path(&on_disk)
                    } else {
                        format!("{} (built-in)", vpath.trim_start_matches('/'))
                    };
                    (name, source.text().to_string())
                }
                Err(_) => (vpath.clone(), String::new()),
            }
        };
        let file = files.add(name, on_disk, text);
        out = out.at(file, range).with_label("here");
    }
    out
}
