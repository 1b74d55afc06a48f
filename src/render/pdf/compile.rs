//! Compiling: Typst's layout run to a fixed point (seeded by the previous layout in a
//! session), and the page map read back from the layout's introspection.

use std::sync::Arc;

use typst::World;
use typst::comemo::Track;
use typst::diag::{SourceDiagnostic, SourceResult};
use typst::ecow::eco_vec;
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Label, Output, Selector, StyleChain, Target, TargetElem, Value};
use typst::introspection::{EmptyIntrospector, Introspector, MAX_ITERS, MetadataElem, analyze};
use typst::syntax::Span;
use typst::utils::{PicoStr, Protected};
use typst_layout::{PagedDocument, PagedIntrospector};

use super::diagnostics::convert;
use super::world::ReportWorld;
use crate::diagnostics::{Diagnostic, SourceFiles};
use crate::project::Project;
use crate::render::PageMap;

/// A compiled report: the laid-out pages and where each anchor starts.
pub struct Compiled {
    pub document: PagedDocument,
    /// How many times Typst laid the document out before it stopped changing.
    pub layout_passes: usize,
    /// Anchor → 1-based page number, for every `pagemark` in the template.
    pub page_map: PageMap,
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
