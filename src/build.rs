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
use crate::model::Text;
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
    ResolveOptions { source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse().ok()) }
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
    diags.sort_by_key(|d| d.location.as_ref().map(|(f, s)| (*f + 1, s.start)).unwrap_or((0, 0)));
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
    pub timings: Vec<(&'static str, Duration)>,
    /// An I/O failure writing outputs (exit code 2).
    pub io_error: Option<String>,
    /// Files the build read (report files, template files), for `watch`.
    pub inputs: Vec<PathBuf>,
    pub page_map: Option<pdf::PageMap>,
    /// How many layout passes Typst needed (the template decides: see ARCHITECTURE.md).
    pub layout_passes: Option<usize>,
}

impl BuildResult {
    pub fn succeeded(&self) -> bool {
        self.io_error.is_none() && !self.diagnostics.iter().any(|d| d.is_error())
    }
}

/// State kept between builds.
#[derive(Default)]
pub struct Session {
    fonts: Option<std::sync::Arc<FontSet>>,
    /// The Typst world of the last build of `world_root`, kept for the next one.
    world: Option<pdf::ReportWorld>,
    world_root: Option<PathBuf>,
    /// The last document laid out for `world_root`: the next compile starts from its
    /// introspector (see [`pdf::compile`]).
    laid_out: Option<typst_layout::PagedDocument>,
    /// Which characters the bundled fonts cover, kept between builds.
    glyph_coverage: std::collections::HashMap<char, bool>,
    /// Called with the name of each stage as it starts, and with "done" at the end.
    pub on_stage: Option<Box<dyn FnMut(&'static str)>>,
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    fn stage(&mut self, stage: &'static str) {
        if let Some(f) = self.on_stage.as_mut() {
            f(stage);
        }
    }

    /// Builds the outputs of a project.
    pub fn build(&mut self, project: &Project, options: &BuildOptions) -> BuildResult {
        let result = self.build_stages(project, options);
        self.stage("done");
        result
    }

    fn build_stages(&mut self, project: &Project, options: &BuildOptions) -> BuildResult {
        self.stage("load");
        let mut timings = Vec::new();
        let t = Instant::now();
        let checked = check(project, &options.resolve);
        timings.push(("load+resolve", t.elapsed()));
        let Checked { loaded, document, mut diagnostics } = checked;
        let inputs: Vec<PathBuf> = (0..loaded.files.len()).map(|i| loaded.files.path(i).to_path_buf()).collect();
        let mut result = BuildResult {
            files: loaded.files,
            diagnostics: Vec::new(),
            written: Vec::new(),
            timings: Vec::new(),
            io_error: None,
            inputs,
            page_map: None,
            layout_passes: None,
        };
        let Some(document) = document else {
            result.diagnostics = diagnostics;
            result.timings = timings;
            return result;
        };

        self.stage("glyphs");
        let t = Instant::now();
        let fonts = self.fonts.get_or_insert_with(fonts::bundled).clone();
        diagnostics.extend(check_glyph_coverage(
            &loaded.report,
            &loaded.sources,
            &loaded.chapters,
            &result.files,
            &fonts,
            &mut self.glyph_coverage,
        ));
        timings.push(("glyphs", t.elapsed()));
        if diagnostics.iter().any(|d| d.is_error()) {
            result.diagnostics = diagnostics;
            result.timings = timings;
            return result;
        }

        // Typst runs for the EPUB too: the page-list comes from the PDF's layout.
        self.stage("typst");
        let t = Instant::now();
        let data = serde_json::to_vec(&document).expect("the document serializes");
        let today = pdf::modified_datetime(&document.meta.modified);
        let today = typst::foundations::Datetime::from_ymd(
            today.year().unwrap_or(2000),
            today.month().unwrap_or(1),
            today.day().unwrap_or(1),
        )
        .unwrap_or(today);
        if let Some(dir) = &options.typst_dir
            && let Err(e) = pdf::export_typst_project(dir, project, &data, &fonts::BUNDLED)
        {
            result.io_error =
                Some(format!("cannot write the Typst project to {}: {e}; no output was written", dir.display()));
        }
        let world = match (self.world.take(), &self.world_root) {
            (Some(mut world), Some(root)) if *root == project.root => {
                world.reset(data, today);
                world
            }
            _ => {
                self.laid_out = None;
                pdf::ReportWorld::new(project, fonts.clone(), data, today)
            }
        };
        self.world_root = Some(project.root.clone());
        let budget = crate::watchdog::template_budget();
        let compiled = match pdf::compile(&world, &mut result.files, project, self.laid_out.as_ref()) {
            Ok((compiled, warnings)) => {
                diagnostics.extend(warnings);
                self.laid_out = Some(compiled.document.clone());
                compiled
            }
            Err(errors) => {
                diagnostics.extend(errors);
                result.diagnostics = diagnostics;
                timings.push(("typst", t.elapsed()));
                result.timings = timings;
                result.inputs.extend(world.files_read());
                self.world = Some(world);
                return result;
            }
        };
        result.inputs.extend(world.files_read());
        timings.push(("typst", t.elapsed()));

        let mut outputs: Vec<(PathBuf, Vec<u8>, Option<usize>)> = Vec::new();
        // The EPUB is rendered on a second thread while Typst exports the PDF.
        let (page_map, document_ref) = (&compiled.page_map, &document);
        std::thread::scope(|scope| {
            let epub_job = options.formats.epub.then(|| {
                scope.spawn(move || {
                    let t = Instant::now();
                    let bytes = epub::stylesheet(project).map(|css| epub::render(document_ref, page_map, &css));
                    (bytes, t.elapsed())
                })
            });
            if options.formats.pdf {
                self.stage("pdf");
                let t = Instant::now();
                match pdf::export(&compiled, document_ref, &world, &mut result.files, project) {
                    Ok(bytes) => outputs.push((
                        options.out_dir.join(format!("{}.pdf", document_ref.meta.id)),
                        bytes,
                        Some(page_map.pages),
                    )),
                    Err(errors) => diagnostics.extend(errors),
                }
                timings.push(("pdf", t.elapsed()));
            }
            if let Some(job) = epub_job {
                self.stage("epub");
                let (bytes, elapsed) = job.join().expect("the EPUB renderer does not panic");
                match bytes {
                    Ok(bytes) => {
                        outputs.push((options.out_dir.join(format!("{}.epub", document_ref.meta.id)), bytes, None))
                    }
                    Err(e) => diagnostics.push(*e),
                }
                timings.push(("epub", elapsed));
            }
        });
        result.page_map = Some(compiled.page_map);
        result.layout_passes = Some(compiled.layout_passes);
        self.world = Some(world);
        if diagnostics.iter().any(|d| d.is_error()) || result.io_error.is_some() {
            result.diagnostics = diagnostics;
            result.timings = timings;
            return result;
        }

        drop(budget);
        let t = Instant::now();
        match crate::output::write_build_outputs(project, &options.out_dir, &outputs) {
            Ok(()) => result.written.extend(outputs.into_iter().map(|(path, bytes, pages)| Written {
                path,
                bytes: bytes.len(),
                pages,
            })),
            Err(message) => result.io_error = Some(message),
        }
        timings.push(("write", t.elapsed()));
        result.diagnostics = diagnostics;
        result.timings = timings;
        result
    }
}

/// Every character of the report's text must have a glyph in the bundled fonts: Typst would
/// draw an empty box without a word. One diagnostic per missing character, at its first use.
pub fn check_glyph_coverage(
    report: &Option<(usize, crate::model::ReportFile)>,
    sources: &[(usize, crate::model::Source)],
    chapters: &[crate::load::LoadedChapter],
    files: &SourceFiles,
    fonts: &FontSet,
    covered: &mut std::collections::HashMap<char, bool>,
) -> Vec<Diagnostic> {
    let mut texts: Vec<(usize, &Text)> = Vec::new();
    if let Some((file, r)) = report {
        texts.extend([&r.title, &r.publisher, &r.version, &r.identifier].into_iter().map(|t| (*file, t)));
        texts.extend(r.subtitle.iter().chain(&r.rights).chain(&r.description).chain(&r.authors).map(|t| (*file, t)));
    }
    for (file, s) in sources {
        texts.extend(
            [&s.title, &s.publisher].into_iter().chain(&s.section).chain(&s.note).chain(&s.url).map(|t| (*file, t)),
        );
    }
    for ch in chapters {
        let f = ch.file;
        if let Some(h) = &ch.head {
            texts.push((f, &h.title));
            texts.extend(h.summary.iter().map(|t| (f, t)));
            for a in &h.analysis {
                texts.push((f, &a.title));
                texts.extend(a.body.iter().map(|t| (f, t)));
            }
            if let Some(d) = &h.digest {
                texts.push((f, &d.title));
                texts.extend(d.milestones.iter().map(|m| (f, &m.label)));
                texts.extend(d.open_questions.iter().map(|t| (f, t)));
            }
        }
        for e in &ch.events {
            texts.push((f, &e.title));
            texts.extend(e.actors.iter().chain(&e.body).chain(&e.analysis).map(|t| (f, t)));
            for q in &e.quote {
                texts.push((f, &q.text));
                texts.extend(q.locator.iter().chain(&q.speaker).map(|t| (f, t)));
            }
        }
    }
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
                "replace it (e.g. an emoji or a rare symbol) with text the fonts cover, or add a font that has it",
            )
        })
        .collect()
}
