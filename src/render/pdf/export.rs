//! The PDF export (tagged, PDF/A-2a + PDF/UA-1, fixed identifiers and timestamp) and the
//! `--typst-dir` export of the exact Typst project that was compiled.

use std::path::Path;

use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::DEFAULT_TEMPLATE;
use super::compile::Compiled;
use super::diagnostics::convert;
use super::world::ReportWorld;
use crate::diagnostics::{Diagnostic, SourceFiles};
use crate::document::Document;
use crate::project::Project;

/// Exports the PDF: tagged, PDF/A-2a and PDF/UA-1, with fixed identifiers and timestamp.
pub fn export(
    compiled: &Compiled,
    doc: &Document,
    world: &ReportWorld,
    files: &mut SourceFiles,
    project: &Project,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
        .map_err(|e| vec![Diagnostic::error("pdf-standard", e.message().to_string())])?;
    let options = PdfOptions {
        ident: Smart::Custom(doc.meta.identifier.clone()),
        creator: Smart::Custom(Some(doc.meta.generator.clone())),
        timestamp: Some(Timestamp::new_utc(modified_datetime(&doc.meta.modified))),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(&compiled.document, &options)
        .map_err(|errors| errors.iter().map(|d| convert(world, files, project, d)).collect())
}

/// `YYYY-MM-DDThh:mm:ssZ` → a Typst datetime.
pub fn modified_datetime(modified: &str) -> Datetime {
    let n = |r: std::ops::Range<usize>| modified.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    Datetime::from_ymd_hms(
        n(0..4) as i32,
        n(5..7) as u8,
        n(8..10) as u8,
        n(11..13) as u8,
        n(14..16) as u8,
        n(17..19) as u8,
    )
    .or_else(|| Datetime::from_ymd(2000, 1, 1))
    .expect("valid fallback date")
}

/// Writes the Typst project that was compiled (template, data, fonts) so the Typst CLI can
/// compile the very same work: `typst compile --root DIR --font-path DIR/fonts --ignore-system-fonts DIR/templates/report.typ`.
pub fn export_typst_project(
    dir: &Path,
    project: &Project,
    data: &[u8],
    fonts: &[(&str, &[u8])],
) -> std::io::Result<()> {
    crate::output::export_typst_project(dir, project, DEFAULT_TEMPLATE, data, fonts)
}

/// Writes the figures' images into an exported Typst project, at the paths the template names
/// (`report/figures/a.png`): the bytes that were checked and compiled.
pub fn export_images(dir: &Path, assets: &[crate::document::Asset]) -> std::io::Result<()> {
    for asset in assets {
        // Paths come from the project's own (canonical, sandboxed) file names.
        let target = dir.join(asset.path.trim_start_matches('/'));
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, &asset.bytes)?;
    }
    Ok(())
}
