//! The build pipeline: load → resolve → glyph check → Typst compile (page map) → PDF export
//! and EPUB rendering → atomic writes. Both outputs are produced in memory first and written
//! only when both succeeded, so a failed build never replaces a good output.
//!
//! A [`Session`] keeps what can be kept between builds (the parsed fonts; Typst's memoized
//! work lives in comemo's process-wide cache), which `watch` relies on.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, SourceFiles};
use crate::document::Document;
use crate::fonts::{self, FontSet};
use crate::load::{Loaded, load_project};
use crate::project::Project;
use crate::render::{epub, pdf};
use crate::resolve::{ResolveOptions, resolve};

/// The result of `casebook check`.
pub struct Checked {
    pub loaded: Loaded,
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// `SOURCE_DATE_EPOCH` from the environment, if set and valid.
pub fn resolve_options_from_env() -> ResolveOptions {
    ResolveOptions {
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse().ok()),
        ..Default::default()
    }
}

/// Loads and resolves a project; no fonts, no Typst.
pub fn check(project: &Project, options: &ResolveOptions) -> Checked {
    let (loaded, mut diagnostics) = load_project(project);
    let (document, resolve_diags) = resolve(&loaded, options);
    diagnostics.extend(resolve_diags);
    sort_diagnostics(&mut diagnostics);
    let document = if diagnostics.iter().any(|d| d.is_error()) { None } else { document };
    Checked { loaded, document, diagnostics }
}

/// Errors and warnings in file order, then position; problems without a place first.
fn sort_diagnostics(diags: &mut [Diagnostic]) {
    // `None` orders before every `Some`.
    diags.sort_by_key(|d| d.location.as_ref().map(|(f, s)| (*f, s.start)));
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formats {
    pub pdf: bool,
    pub epub: bool,
}

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub out_dir: PathBuf,
    pub formats: Formats,
    pub typst_dir: Option<PathBuf>,
    pub resolve: ResolveOptions,
}

/// The stages of a build, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Loading and resolving the report files.
    Load,
    /// Checking that the bundled fonts have every character.
    Glyphs,
    /// Typst's layout (for the PDF, and for the EPUB's page-list).
    Typst,
    /// The PDF export.
    Pdf,
    /// The EPUB, rendered beside the PDF export.
    Epub,
    /// Writing the outputs.
    Write,
    /// The build is over (successful or not).
    Done,
}

impl Stage {
    /// The stage's name, as progress lines and the timings line show it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Load => "load+resolve",
            Stage::Glyphs => "glyphs",
            Stage::Typst => "typst",
            Stage::Pdf => "pdf",
            Stage::Epub => "epub",
            Stage::Write => "write",
            Stage::Done => "done",
        }
    }
}

/// One file written by a build.
#[derive(Clone, Debug)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: usize,
    pub pages: Option<usize>,
}

/// What a build did.
pub struct BuildResult {
    pub files: SourceFiles,
    pub diagnostics: Vec<Diagnostic>,
    pub written: Vec<Written>,
    pub timings: Vec<(Stage, Duration)>,
    /// An I/O failure writing outputs (exit code 2).
    pub io_error: Option<String>,
    /// Files the build read (report files, template files), for `watch`.
    pub inputs: Vec<PathBuf>,
    pub page_map: Option<crate::render::PageMap>,
    /// How many layout passes Typst needed (the template decides: see ARCHITECTURE.md).
    pub layout_passes: Option<usize>,
}

impl BuildResult {
    pub fn succeeded(&self) -> bool {
        self.io_error.is_none() && !self.diagnostics.iter().any(|d| d.is_error())
    }
}

/// The fonts a session builds with, and what they were read from.
struct SessionFonts {
    signature: Vec<(String, u64, Option<std::time::SystemTime>)>,
    set: std::sync::Arc<FontSet>,
    project: fonts::ProjectFonts,
}

/// State kept between builds.
#[derive(Default)]
pub struct Session {
    /// The fonts of the last build: the bundled ones and the project's `assets/fonts/`, kept
    /// while that folder does not change.
    fonts: Option<SessionFonts>,
    /// Typst's world and last layout, kept for the next build of the same project.
    typesetter: pdf::Typesetter,
    /// Which characters the fonts cover, kept between builds with the same fonts.
    glyph_coverage: std::collections::HashMap<char, bool>,
    /// Called with each stage as it starts, and with [`Stage::Done`] at the end.
    pub on_stage: Option<Box<dyn FnMut(Stage)>>,
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    fn stage(&mut self, stage: Stage) {
        if let Some(f) = self.on_stage.as_mut() {
            f(stage);
        }
    }

    /// The fonts for a build of `project`: read again only when `assets/fonts/` changed.
    fn fonts_for(&mut self, project: &Project) -> &SessionFonts {
        let signature = fonts::project_fonts_signature(project);
        if self.fonts.as_ref().is_none_or(|f| f.signature != signature) {
            let project = fonts::ProjectFonts::load(project);
            self.glyph_coverage.clear();
            self.fonts = Some(SessionFonts { signature, set: project.font_set(), project });
        }
        self.fonts.as_ref().expect("just set")
    }

    /// Builds the outputs of a project.
    pub fn build(&mut self, project: &Project, options: &BuildOptions) -> BuildResult {
        self.stage(Stage::Load);
        let t = Instant::now();
        let fonts = self.fonts_for(project);
        let (font_set, font_problems) = (fonts.set.clone(), fonts.project.diagnostics.clone());
        let resolve_options =
            ResolveOptions { project_fonts: fonts.project.credits.clone(), ..options.resolve.clone() };
        let checked = check(project, &resolve_options);
        let Checked { loaded, document, mut diagnostics } = checked;
        diagnostics.extend(font_problems);
        let document = document.filter(|_| !diagnostics.iter().any(|d| d.is_error()));
        let mut timings = vec![(Stage::Load, t.elapsed())];
        let document = document.filter(|_| {
            self.stage(Stage::Glyphs);
            let t = Instant::now();
            let missing = check_glyph_coverage(&loaded, &font_set, &mut self.glyph_coverage);
            timings.push((Stage::Glyphs, t.elapsed()));
            let covered = missing.is_empty();
            diagnostics.extend(missing);
            sort_diagnostics(&mut diagnostics);
            covered
        });
        let inputs: Vec<PathBuf> = (0..loaded.files.len()).map(|i| loaded.files.path(i).to_path_buf()).collect();
        let mut result = BuildResult {
            files: loaded.files,
            diagnostics,
            written: Vec::new(),
            timings,
            io_error: None,
            inputs,
            page_map: None,
            layout_passes: None,
        };
        if let Some(document) = document {
            // Every stage that fails returns `None`; what it found is in `result` either way.
            let _: Option<()> = self.build_stages(project, options, document, &mut result);
        }
        self.stage(Stage::Done);
        result
    }

    /// The stages after the glyph check. A stage that fails records its diagnostics in
    /// `result` and returns `None`, which ends the build there: the one exit for failures.
    fn build_stages(
        &mut self,
        project: &Project,
        options: &BuildOptions,
        document: Document,
        result: &mut BuildResult,
    ) -> Option<()> {
        // Typst runs under the template's time budget (src/watchdog.rs), writing does not.
        let budget = crate::watchdog::template_budget();
        let compiled = self.typeset(project, options, &document, result)?;
        let outputs = self.render_outputs(project, options, &document, &compiled, result);
        result.page_map = Some(compiled.page_map);
        result.layout_passes = Some(compiled.layout_passes);
        if result.diagnostics.iter().any(|d| d.is_error()) || result.io_error.is_some() {
            return None;
        }
        drop(budget);
        self.stage(Stage::Write);
        let t = Instant::now();
        write_outputs(project, &options.out_dir, outputs, result);
        result.timings.push((Stage::Write, t.elapsed()));
        Some(())
    }

    /// Typst's layout (for the EPUB too: its page-list comes from the PDF's pages), in the
    /// session's world, starting from the last layout of the same project.
    fn typeset(
        &mut self,
        project: &Project,
        options: &BuildOptions,
        document: &Document,
        result: &mut BuildResult,
    ) -> Option<pdf::Compiled> {
        self.stage(Stage::Typst);
        let t = Instant::now();
        let session_fonts = self.fonts.as_ref()?;
        let fonts = session_fonts.set.clone();
        let data = serde_json::to_vec(document).expect("the document serializes");
        let mut font_files: Vec<(&str, &[u8])> = fonts::BUNDLED.to_vec();
        font_files.extend(session_fonts.project.files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())));
        if let Some(dir) = &options.typst_dir
            && let Err(e) = pdf::export_typst_project(dir, project, &data, &font_files)
                .and_then(|()| pdf::export_images(dir, &document.assets))
        {
            result.io_error =
                Some(format!("cannot write the Typst project to {}: {e}; no output was written", dir.display()));
        }
        let (compiled, read) = self.typesetter.typeset(project, fonts, document, data, &mut result.files);
        result.inputs.extend(read);
        result.timings.push((Stage::Typst, t.elapsed()));
        match compiled {
            Ok((compiled, warnings)) => {
                result.diagnostics.extend(warnings);
                Some(compiled)
            }
            Err(errors) => {
                result.diagnostics.extend(errors);
                None
            }
        }
    }

    /// The PDF export and the EPUB (on a second thread, beside the export), in memory.
    fn render_outputs(
        &mut self,
        project: &Project,
        options: &BuildOptions,
        document: &Document,
        compiled: &pdf::Compiled,
        result: &mut BuildResult,
    ) -> Vec<Output> {
        let mut outputs = Vec::new();
        let page_map = &compiled.page_map;
        let typesetter = &self.typesetter;
        let on_stage = &mut self.on_stage;
        let mut stage = |s: Stage| {
            if let Some(f) = on_stage.as_mut() {
                f(s)
            }
        };
        std::thread::scope(|scope| {
            let epub_job = options.formats.epub.then(|| {
                scope.spawn(move || {
                    let t = Instant::now();
                    let bytes = epub_stylesheet(project).map(|css| epub::render(document, page_map, &css));
                    (bytes, t.elapsed())
                })
            });
            if options.formats.pdf {
                stage(Stage::Pdf);
                let t = Instant::now();
                match typesetter.export(compiled, document, &mut result.files, project) {
                    Ok(bytes) => outputs.push(Output {
                        path: options.out_dir.join(&document.meta.pdf_file),
                        bytes,
                        pages: Some(page_map.pages),
                    }),
                    Err(errors) => result.diagnostics.extend(errors),
                }
                result.timings.push((Stage::Pdf, t.elapsed()));
            }
            if let Some(job) = epub_job {
                stage(Stage::Epub);
                let (bytes, elapsed) = job.join().expect("the EPUB renderer does not panic");
                match bytes {
                    Ok(bytes) => outputs.push(Output {
                        path: options.out_dir.join(format!("{}.epub", document.meta.id)),
                        bytes,
                        pages: None,
                    }),
                    Err(e) => result.diagnostics.push(*e),
                }
                result.timings.push((Stage::Epub, elapsed));
            }
        });
        outputs
    }
}

/// The stylesheet: the project's own if it has one, else the built-in one.
fn epub_stylesheet(project: &Project) -> Result<String, Box<Diagnostic>> {
    let own = project.templates_dir().join("epub").join("book.css");
    if !own.exists() && !own.is_symlink() {
        return Ok(epub::DEFAULT_CSS.to_string());
    }
    let real = project.sandboxed(&own).map_err(|e| {
        Box::new(
            Diagnostic::error("sandbox", format!("templates/epub/book.css: {e}"))
                .with_help("the stylesheet must be a file inside the project folder"),
        )
    })?;
    project.read_text(&real).map_err(|e| {
        Box::new(
            Diagnostic::error("read", format!("cannot read templates/epub/book.css: {e}"))
                .with_help("check the file's permissions and that it is UTF-8"),
        )
    })
}

/// An output produced in memory, not yet written.
struct Output {
    path: PathBuf,
    bytes: Vec<u8>,
    pages: Option<usize>,
}

/// Writes the outputs as one set: both new or both old (src/output.rs, SECURITY.md).
fn write_outputs(project: &Project, out_dir: &std::path::Path, outputs: Vec<Output>, result: &mut BuildResult) {
    let set: Vec<(PathBuf, Vec<u8>, Option<usize>)> = outputs.into_iter().map(|o| (o.path, o.bytes, o.pages)).collect();
    match crate::output::write_build_outputs(project, out_dir, &set) {
        Ok(()) => result.written.extend(set.into_iter().map(|(path, bytes, pages)| Written {
            path,
            bytes: bytes.len(),
            pages,
        })),
        Err(message) => result.io_error = Some(message),
    }
}

/// Every character of the report's text must have a glyph in the bundled fonts: Typst would
/// draw an empty box without a word. One diagnostic per missing character, at its first use.
pub fn check_glyph_coverage(
    loaded: &Loaded,
    fonts: &FontSet,
    covered: &mut std::collections::HashMap<char, bool>,
) -> Vec<Diagnostic> {
    let files = &loaded.files;
    let chapters = loaded.chapters.iter().map(|ch| (ch.file, ch.head.as_ref(), ch.events.as_slice()));
    let mut texts =
        crate::model::printed_texts(loaded.report.as_ref().map(|(f, r)| (*f, r)), &loaded.sources, chapters);
    texts.extend(crate::model::lookup_printed_texts(&loaded.actors, &loaded.terms));
    // Each distinct character is looked up in the fonts once per session (`covered`).
    let mut missing: Vec<(char, usize, std::ops::Range<usize>, usize)> = Vec::new();
    for (file, text) in texts {
        for c in text.get_ref().chars() {
            if *covered.entry(c).or_insert_with(|| !fonts::needs_glyph(c) || fonts.covers(c)) {
                continue;
            }
            if let Some(entry) = missing.iter_mut().find(|m| m.0 == c) {
                entry.3 += 1;
                continue;
            }
            let span = text.span();
            let raw = files.text(file).get(span.clone()).unwrap_or("");
            let at = match raw.find(c) {
                Some(offset) => span.start + offset..span.start + offset + c.len_utf8(),
                None => span,
            };
            missing.push((c, file, at, 1));
        }
    }
    missing
        .into_iter()
        .map(|(c, file, span, uses)| {
            let times = if uses > 1 { format!(" (used {uses} times)") } else { String::new() };
            Diagnostic::error(
                "missing-glyph",
                format!("the character `{c}` (U+{:04X}) has no glyph in the bundled fonts{times}", c as u32),
            )
            .at(file, span)
            .with_label("would print as an empty box")
            .with_help(
                "replace it (e.g. an emoji or a rare symbol) with text the fonts cover, or add a font that has it to the project's assets/fonts/",
            )
        })
        .collect()
}
