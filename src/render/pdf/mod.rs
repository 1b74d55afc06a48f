//! The PDF renderer: Typst 0.15 used as a library.
//!
//! Everything Typst lives here, behind [`Typesetter`], the one type the build pipeline calls:
//! - `world`: the Typst [`World`](typst::World) casebook compiles in (template, the document
//!   as a virtual JSON file, sandboxed project files, bundled fonts, a fixed `today`);
//! - `compile`: the layout run to a fixed point, seeded by the previous layout in a session,
//!   and the page map read back from Typst's introspection (on which page each chapter, event
//!   and paragraph starts, for the EPUB page-list);
//! - `export`: the PDF/A-2b + PDF/UA-1 export, and the `--typst-dir` project export;
//! - `diagnostics`: Typst's problems converted to casebook's diagnostics.

mod compile;
mod diagnostics;
mod export;
mod world;

use std::path::PathBuf;
use std::sync::Arc;

pub use compile::Compiled;
pub use export::{export_images, export_typst_project, modified_datetime};
pub use world::ReportWorld;

use crate::diagnostics::{Diagnostic, SourceFiles};
use crate::document::Document;
use crate::fonts::FontSet;
use crate::project::Project;

/// The built-in template, used when the project has no `templates/report.typ`.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../templates/report.typ");
const TEMPLATE_PATH: &str = "/templates/report.typ";
const DATA_PATH: &str = "/data/report.json";

/// A layout and Typst's warnings, or Typst's errors.
pub type Compilation = Result<(Compiled, Vec<Diagnostic>), Vec<Diagnostic>>;

/// What Typst keeps between builds of one project: the world (sources, for comemo's reuse)
/// and the last layout, whose introspection seeds the next compile.
#[derive(Default)]
pub struct Typesetter {
    world: Option<ReportWorld>,
    root: Option<PathBuf>,
    laid_out: Option<typst_layout::PagedDocument>,
}

impl Typesetter {
    /// Lays the document out; `data` is the document as JSON (the template's input). Also
    /// returns the project files the template read (for `watch`).
    pub fn typeset(
        &mut self,
        project: &Project,
        fonts: Arc<FontSet>,
        document: &Document,
        data: Vec<u8>,
        files: &mut SourceFiles,
    ) -> (Compilation, Vec<PathBuf>) {
        let modified = modified_datetime(&document.meta.modified);
        let today = typst::foundations::Datetime::from_ymd(
            modified.year().unwrap_or(2000),
            modified.month().unwrap_or(1),
            modified.day().unwrap_or(1),
        )
        .unwrap_or(modified);
        let world = match (self.world.take(), &self.root) {
            (Some(mut world), Some(root)) if *root == project.root && world.has_fonts(&fonts) => {
                world.reset(data, today);
                world
            }
            _ => {
                self.laid_out = None;
                ReportWorld::new(project, fonts, data, today)
            }
        };
        let mut world = world;
        world.set_assets(&document.assets);
        self.root = Some(project.root.clone());
        let compiled = compile::compile(&world, files, project, self.laid_out.as_ref());
        if let Ok((compiled, _)) = &compiled {
            self.laid_out = Some(compiled.document.clone());
        }
        let read = world.files_read();
        self.world = Some(world);
        (compiled, read)
    }

    /// Exports the last layout as PDF.
    pub fn export(
        &self,
        compiled: &Compiled,
        document: &Document,
        files: &mut SourceFiles,
        project: &Project,
    ) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let world = self.world.as_ref().expect("export follows typeset");
        export::export(compiled, document, world, files, project)
    }
}

/// Drops what Typst's memoization cache has not used in the last `max_age` compilations
/// (what `watch` does after each rebuild, so that a long session does not grow without end).
pub fn evict_caches(max_age: usize) {
    typst::comemo::evict(max_age);
}
