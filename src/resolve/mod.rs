//! Resolving: turns the raw model into the one [`Document`] both renderers consume, and
//! checks every rule the format has on the way — all problems are collected, none stops the
//! walk early.
//!
//! Decided here, once: chapter order, anchors, note numbers (one sequence 1, 2, 3 … through
//! the whole report in reading order: per event its sources line, body, quotations, analysis;
//! then the chapter's analysis and digest), citation texts, dates as displayed, headings, the
//! chronology and its intervals, the digest's key intervals, the bibliography's grouping, the
//! table of contents and the colophon — every string composed with the report's [`Locale`].
//!
//! One file per part of the work:
//! - `index`: the ids of sources and events, collected before anything refers to them;
//! - `checks`: the rules on single values (ids, dates, URLs, empty texts, word length);
//! - `notes`: citations → numbered notes;
//! - `citations`: the citation style, and the text of notes and bibliography entries;
//! - `text`: inline text → [`Inline`] nodes (links, cross references, citations);
//! - `chapters`: chapters, events, quotations, analysis, digests;
//! - `front_back`: metadata, chronology, bibliography, contents and colophon;
//! - `incident`: summary page, key facts, impact figures, recommendations, marking, revisions.

mod blocks;
mod chapters;
mod checks;
mod citations;
mod front_back;
mod incident;
mod index;
mod lookup;
mod notes;
mod text;
mod timeline;

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{Diagnostic, FileId, SourceFiles};
use crate::document::*;
use crate::load::Loaded;
use crate::locale::Locale;

pub use checks::{MAX_WORD_CHARS, is_http_url};

/// Inputs of the resolve step that do not come from the report files.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions {
    /// `SOURCE_DATE_EPOCH`, when set: the modification time written into the outputs.
    pub source_date_epoch: Option<i64>,
    /// Fonts the project adds in `assets/fonts/`, credited in the colophon.
    pub project_fonts: Vec<FontCredit>,
}

/// A font family a project adds, and the licence it states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FontCredit {
    pub family: String,
    pub licence: String,
}

/// What every part of the resolve step reads and adds to: the files (for spans), the
/// locale, the index of ids, the notes made so far and the diagnostics.
struct Resolver<'a> {
    files: &'a SourceFiles,
    locale: Locale,
    index: index::Index<'a>,
    notes: notes::Notes,
    diags: Vec<Diagnostic>,
    /// See [`Loaded::sources_complete`].
    sources_complete: bool,
    /// See [`Loaded::chapters_complete`].
    chapters_complete: bool,
    /// For each event id, the recommendations addressing it.
    addressed_by: HashMap<String, Vec<CrossRef>>,
    /// Figures and tables: numbers, anchors, image files.
    blocks: blocks::BlockIndex,
    /// The citation style that writes notes and bibliography entries.
    style: citations::ChosenStyle,
}

/// Resolves a loaded project. The document is returned only when there is no error.
pub fn resolve(loaded: &Loaded, options: &ResolveOptions) -> (Option<Document>, Vec<Diagnostic>) {
    let Some((report_file, report)) = &loaded.report else {
        return (None, Vec::new());
    };
    let mut diags = Vec::new();
    let locale = front_back::locale(*report_file, report, &mut diags);
    let style =
        citations::ChosenStyle { style: crate::citations::CitationStyle::default_for(locale.is_japanese()), at: None };
    let mut r = Resolver {
        files: &loaded.files,
        locale,
        index: index::Index::default(),
        notes: notes::Notes::default(),
        diags,
        sources_complete: loaded.sources_complete,
        chapters_complete: loaded.chapters_complete,
        addressed_by: HashMap::new(),
        blocks: blocks::BlockIndex::default(),
        style,
    };
    r.style = r.choose_style(*report_file, report, loaded);
    let meta = r.resolve_meta(*report_file, report, options);
    r.collect_sources(&loaded.sources);
    r.collect_events(loaded);
    r.collect_blocks(loaded);
    let marking = r.marking(*report_file, report);
    // Parts after the chapters, for the notes they cite (see `Note::chapter`).
    let (summary_part, recommendations_part) = (loaded.chapters.len(), loaded.chapters.len() + 1);
    let (summary_paragraphs, impact) = r.summary_text(*report_file, report, summary_part);
    let milestones = r.event_milestones(loaded);
    r.collect_addressed_by(report);
    let report_date = crate::date::DateSpec::parse(report.date.get_ref()).ok();
    let mut recommendations = None;

    let mut chapters = Vec::new();
    let mut chapter_ids: HashMap<String, (FileId, Range<usize>)> = HashMap::new();
    for chapter in &loaded.chapters {
        let Some(head) = &chapter.head else { continue };
        r.check_id(chapter.file, &head.id, "chapter");
        if let Some((file, span)) = chapter_ids.get(head.id.get_ref()) {
            r.diags.push(
                Diagnostic::error("duplicate-id", format!("chapter id `{}` is used twice", head.id.get_ref()))
                    .at(chapter.file, head.id.span())
                    .with_label("used again here")
                    .with_related(*file, span.clone(), "first used here")
                    .with_help("give each chapter its own id"),
            );
        } else {
            chapter_ids.insert(head.id.get_ref().clone(), (chapter.file, head.id.span()));
        }
        if chapter.appendix && recommendations.is_none() {
            recommendations = Some(r.recommendations(*report_file, report, recommendations_part, report_date));
        }
        let number = chapters.len() + 1;
        let number_text = if chapter.appendix {
            r.locale.appendix_number(chapters.iter().filter(|c: &&Chapter| c.appendix).count() + 1)
        } else {
            r.locale.chapter_number(number)
        };
        chapters.push(r.resolve_chapter(chapter.file, head, &chapter.events, number, number_text, chapter.appendix));
    }
    let recommendations = match recommendations {
        Some(recs) => recs,
        None => r.recommendations(*report_file, report, recommendations_part, report_date),
    };
    let revisions = r.revisions(*report_file, report);
    if loaded.chapters.is_empty() {
        r.diags.push(
            Diagnostic::error("no-chapters", "the report has no chapters")
                .at(*report_file, report.chapters.span())
                .with_label("empty list")
                .with_help("add chapter files to report/chapters/ and list them here"),
        );
    }
    if r.chapters_complete {
        r.warn_unused_sources();
    }
    let glossary = r.glossary(loaded, &mut chapters);
    let actor_index = r.actor_index(loaded, &chapters);
    if r.diags.iter().any(|d| d.is_error()) {
        return (None, r.diags);
    }
    let entries = r.format_citations();
    if r.diags.iter().any(|d| d.is_error()) {
        return (None, r.diags);
    }
    let chronology = r.chronology(&chapters);
    let bibliography = r.bibliography(entries);
    let figure_list = r.figure_list(report.output.list_of_figures);
    let key_facts = r.key_facts(loaded, &milestones, &impact, &recommendations);
    let incident = Incident {
        labels: r.locale.incident_words(),
        summary: SummaryPage {
            anchor: "summary".into(),
            paragraphs: summary_paragraphs,
            key_facts,
            impact_anchor: "impact".into(),
            impact,
        },
        recommendations,
        recommendations_anchor: "recommendations".into(),
        marking,
        revisions,
    };
    let mut contents = r.table_of_contents(&chapters, &bibliography, &incident);
    lookup::add_to_contents(&mut contents, glossary.as_ref(), actor_index.as_ref());
    if let Some(list) = &figure_list {
        // The list of figures opens the book after the table of contents (which follows the
        // summary page).
        let after_summary = r.summary_contents(&incident).len();
        contents.insert(
            after_summary,
            ContentsEntry { level: 1, title: list.figures_heading.clone(), anchor: list.anchor.clone() },
        );
    }
    let colophon = r.colophon(&meta, &options.project_fonts, &incident);
    let timeline = if report.output.timeline.unwrap_or(true) {
        r.timeline(&chapters, meta.paper, (*report_file, report.chapters.span()))
    } else {
        None
    };
    let has_ruby =
        front_back::has_ruby(&chapters) || glossary.iter().flat_map(|g| &g.entries).any(|e| e.reading.is_some());
    // The timeline is a figure too (with alternative text).
    let has_images = !r.blocks.assets.is_empty() || timeline.is_some();
    let meta = Meta {
        has_ruby,
        has_images,
        accessibility_summary: r.locale.accessibility_summary(&meta.pdf_file, has_images),
        ..meta
    };
    let document = Document {
        meta,
        labels: r.locale.words(),
        punctuation: r.locale.punctuation(),
        chapters,
        chronology,
        bibliography,
        notes: r.notes.into_vec(),
        contents,
        colophon,
        incident,
        glossary,
        actor_index,
        timeline,
        figure_list,
        assets: r.blocks.assets,
    };
    (Some(document), r.diags)
}

/// Where a text is resolved: its file (for diagnostics), the index of the chapter that
/// cites through it (for the EPUB, which keeps each chapter's notes with the chapter), and
/// the notes of the event's sources line, which a citation of the same source in the event's
/// text refers to again instead of repeating.
#[derive(Clone, Copy, Debug)]
struct Place<'p> {
    file: FileId,
    chapter: usize,
    listed: &'p [(String, u32)],
}
