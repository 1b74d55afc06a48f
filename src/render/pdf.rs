//! The PDF renderer: Typst 0.15 used as a library.
//!
//! Owns the Typst [`World`] casebook compiles in (template, the document as a virtual JSON
//! file, sandboxed project files, bundled fonts, a fixed `today`), compiling, reading the
//! page map back from Typst's introspection (on which page each chapter, event and
//! paragraph starts, for the EPUB page-list) and the PDF/A-2b + PDF/UA-1 export.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::comemo::Track;
use typst::diag::{FileError, FileResult, Severity as TypstSeverity, SourceDiagnostic, SourceResult};
use typst::ecow::eco_vec;
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Bytes, Datetime, Label, Output, Selector, Smart, StyleChain, Target, TargetElem, Value};
use typst::introspection::{EmptyIntrospector, Introspector, MAX_ITERS, MetadataElem, analyze};
use typst::syntax::Span;
use typst::syntax::{FileId as TypstFileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, PicoStr, Protected};
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::{PagedDocument, PagedIntrospector};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostics::{Diagnostic, SourceFiles};
use crate::document::Document;
use crate::fonts::FontSet;
use crate::project::Project;

/// The built-in template, used when the project has no `templates/report.typ`.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/report.typ");
const TEMPLATE_PATH: &str = "/templates/report.typ";
const DATA_PATH: &str = "/data/report.json";

/// The world a report is compiled in.
pub struct ReportWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontSet>,
    main: TypstFileId,
    root: PathBuf,
    data: Bytes,
    today: Datetime,
    /// Files read from the project (for `watch` and `--typst-dir`).
    read: Mutex<Vec<PathBuf>>,
    sources: Mutex<HashMap<TypstFileId, Source>>,
    /// Sources of the previous compilation: reused when unchanged, edited in place otherwise,
    /// so that Typst's memoization recognises what did not change.
    previous: Mutex<HashMap<TypstFileId, Source>>,
}

fn file_id(path: &str) -> TypstFileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("static virtual path")).intern()
}

impl ReportWorld {
    pub fn new(project: &Project, fonts: Arc<FontSet>, data: Vec<u8>, today: Datetime) -> Self {
        Self {
            library: LazyHash::new(Library::default()),
            fonts,
            main: file_id(TEMPLATE_PATH),
            root: project.root.clone(),
            data: Bytes::new(data),
            today,
            read: Mutex::new(Vec::new()),
            sources: Mutex::new(HashMap::new()),
            previous: Mutex::new(HashMap::new()),
        }
    }

    /// Prepares the world for the next compilation of the same project: new data and date;
    /// template files are read again, and reused when their text did not change.
    pub fn reset(&mut self, data: Vec<u8>, today: Datetime) {
        self.data = Bytes::new(data);
        self.today = today;
        let sources = std::mem::take(self.sources.get_mut().expect("not poisoned"));
        *self.previous.get_mut().expect("not poisoned") = sources;
        self.read.get_mut().expect("not poisoned").clear();
    }

    /// Project files the last compilation read.
    pub fn files_read(&self) -> Vec<PathBuf> {
        self.read.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The bytes behind a virtual path: the data file, a project file inside the sandbox, or
    /// the built-in template.
    fn load(&self, id: TypstFileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(_) = id.root() {
            // No package imports: they would need the network and run code we did not ship.
            return Err(FileError::Other(Some(
                "package imports (@preview/…) are not allowed in casebook templates".into(),
            )));
        }
        let vpath = id.vpath();
        let path = vpath.get_with_slash();
        if path == DATA_PATH {
            return Ok(self.data.clone());
        }
        let rel = vpath.get_without_slash();
        let on_disk = self.root.join(rel);
        if path == TEMPLATE_PATH && !on_disk.exists() {
            return Ok(Bytes::from_string(DEFAULT_TEMPLATE.to_string()));
        }
        let project = Project { root: self.root.clone() };
        let real = project.resolve_relative(rel).map_err(|e| {
            if on_disk.exists() || on_disk.is_symlink() {
                FileError::Other(Some(format!("{e}; templates may only read files inside the project folder").into()))
            } else {
                FileError::NotFound(on_disk.clone())
            }
        })?;
        if let Ok(mut read) = self.read.lock() {
            read.push(real.clone());
        }
        project.read(&real).map(Bytes::new).map_err(|e| FileError::from_io(e, &real))
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> TypstFileId {
        self.main
    }

    fn source(&self, id: TypstFileId) -> FileResult<Source> {
        if let Some(source) = self.sources.lock().ok().and_then(|s| s.get(&id).cloned()) {
            return Ok(source);
        }
        let bytes = self.load(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?.trim_start_matches('\u{feff}');
        let previous = self.previous.lock().ok().and_then(|mut p| p.remove(&id));
        let source = match previous {
            Some(source) if source.text() == text => source,
            Some(mut source) => {
                source.replace(text);
                source
            }
            None => Source::new(id, text.to_string()),
        };
        if let Ok(mut sources) = self.sources.lock() {
            sources.insert(id, source.clone());
        }
        Ok(source)
    }

    fn file(&self, id: TypstFileId) -> FileResult<Bytes> {
        self.load(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// A compiled report: the laid-out pages and where each anchor starts.
pub struct Compiled {
    pub document: PagedDocument,
    /// How many times Typst laid the document out before it stopped changing.
    pub layout_passes: usize,
    /// Anchor → 1-based page number, for every `pagemark` in the template.
    pub page_map: PageMap,
}

/// On which page each anchor (chapter, event, paragraph, quotation) starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMap {
    /// (anchor, page) in document order.
    pub marks: Vec<(String, usize)>,
    pub pages: usize,
}

impl PageMap {
    /// For each page, the first anchor that starts on it.
    pub fn first_anchor_per_page(&self) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        for (anchor, page) in &self.marks {
            if out.last().is_none_or(|(p, _)| p < page) {
                out.push((*page, anchor.clone()));
            }
        }
        out
    }
}

/// Compiles the document with the given world; problems come back as diagnostics against
/// the template (with its file:line:col) or, for export problems, without a location.
///
/// `previous` is the last document this session compiled. Typst lays a document out again
/// until every introspection (page numbers, counters, the outline) agrees with the result; it
/// starts from an empty introspector, so even a one-word edit costs at least two passes. Starting
/// from the previous document's introspector instead, an edit that moves no page converges
/// in one pass. The stopping test is Typst's own (the pass's recorded queries validate
/// against its result), so the output is a fixed point either way; tests compare a session's
/// bytes with a fresh build's.
pub fn compile(
    world: &ReportWorld,
    files: &mut SourceFiles,
    project: &Project,
    previous: Option<&PagedDocument>,
) -> Result<(Compiled, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut sink = Sink::new();
    let output = compile_to_fixed_point(world, &mut sink, previous);
    let warnings: Vec<Diagnostic> = sink.warnings().iter().map(|d| convert(world, files, project, d)).collect();
    match output {
        Ok((document, layout_passes)) => {
            let page_map = read_page_map(&document);
            Ok((Compiled { document, layout_passes, page_map }, warnings))
        }
        Err(errors) => {
            let mut seen = std::collections::HashSet::new();
            let mut diags: Vec<Diagnostic> = errors
                .iter()
                .filter(|d| seen.insert((d.span, d.message.clone())))
                .map(|d| convert(world, files, project, d))
                .collect();
            diags.extend(warnings);
            Err(diags)
        }
    }
}

/// `typst::compile` for paged output (typst 0.15.1 `compile_impl`), with the first pass's
/// introspector taken from `previous` when there is one.
fn compile_to_fixed_point(
    world: &ReportWorld,
    sink: &mut Sink,
    previous: Option<&PagedDocument>,
) -> SourceResult<(PagedDocument, usize)> {
    let world: &dyn World = world;
    let world = world.track();
    let traced = Traced::default();
    let traced = traced.track();
    let library = world.library();
    let styles = StyleChain::new(&library.styles);
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = styles.chain(&target);
    let main =
        world.source(world.main()).map_err(|e| eco_vec![SourceDiagnostic::error(Span::detached(), e.to_string())])?;
    let content =
        typst_eval::eval(world, library, traced, sink.track_mut(), Route::default().track(), &main)?.content();

    let empty = EmptyIntrospector;
    let start: &dyn Introspector = match previous {
        Some(document) => introspector_of(document),
        None => &empty,
    };
    // Only the introspectors of earlier passes are kept, not their pages.
    let mut history: Vec<Arc<PagedIntrospector>> = Vec::new();
    let document = loop {
        let introspector: &dyn Introspector = match history.last() {
            Some(introspector) => introspector.as_ref(),
            None => start,
        };
        let constraint = typst::comemo::Constraint::new();
        let mut subsink = Sink::new();
        let mut engine = Engine {
            library,
            world,
            introspector: Protected::new(introspector.track_with(&constraint)),
            traced,
            sink: subsink.track_mut(),
            route: Route::default(),
        };
        let document = <PagedDocument as Output>::create(&mut engine, &content, styles)?;
        if constraint.validate(introspector_of(&document)) {
            sink.extend_from_sink(subsink);
            break document;
        }
        if history.len() + 1 == MAX_ITERS {
            // Typst's own report of what did not converge.
            let mut introspectors = [&empty as &dyn Introspector; MAX_ITERS + 1];
            introspectors[0] = start;
            for (slot, i) in introspectors[1..].iter_mut().zip(&history) {
                *slot = i.as_ref();
            }
            introspectors[MAX_ITERS] = introspector_of(&document);
            let warnings = analyze(world, introspectors, subsink.introspections());
            sink.extend_from_sink(subsink);
            for warning in warnings {
                sink.warn(warning);
            }
            break document;
        }
        history.push(document.introspector().clone());
    };
    let delayed = sink.delayed();
    if !delayed.is_empty() {
        return Err(delayed);
    }
    Ok((document, history.len() + 1))
}

fn introspector_of(document: &PagedDocument) -> &dyn Introspector {
    <PagedDocument as Output>::introspector(document)
}

fn read_page_map(document: &PagedDocument) -> PageMap {
    let introspector = document.introspector();
    let mut marks = Vec::new();
    if let Some(label) = Label::new(PicoStr::intern("pagemark")) {
        for content in introspector.query(&Selector::Label(label)).iter() {
            let Some(meta) = content.to_packed::<MetadataElem>() else { continue };
            let Value::Dict(dict) = &meta.value else { continue };
            let Ok(Value::Str(id)) = dict.get("id") else { continue };
            let Some(location) = content.location() else { continue };
            if let Some(position) = introspector.position(location) {
                marks.push((id.to_string(), position.page.get()));
            }
        }
    }
    PageMap { marks, pages: document.pages().len() }
}

/// Exports the PDF: tagged, PDF/A-2b and PDF/UA-1, with fixed identifiers and timestamp.
pub fn export(
    compiled: &Compiled,
    doc: &Document,
    world: &ReportWorld,
    files: &mut SourceFiles,
    project: &Project,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let standards = PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1])
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

/// Converts a Typst diagnostic. Template problems point into the template file.
fn convert(world: &ReportWorld, files: &mut SourceFiles, project: &Project, diag: &SourceDiagnostic) -> Diagnostic {
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
