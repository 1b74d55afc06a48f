//! The resolved document: the one model both renderers consume.
//!
//! Everything that is content — numbering, order, citation text, dates as displayed,
//! intervals, anchors, headings, the words of the layout and the separators between them — is
//! decided by `resolve` with the report's [`Locale`](crate::locale::Locale), so the PDF and the
//! EPUB cannot disagree and neither holds a word of any language. The PDF template receives
//! this struct serialized as JSON (`/data/report.json`; its JSON Schema is
//! `schema/document.schema.json`, see `docs/templates.md`); the EPUB writer walks it directly.
//! All strings are plain text (never markup).

use schemars::JsonSchema;
use serde::Serialize;

mod incident;

pub use crate::locale::{Fonts, Punctuation, Typography, Words};
use crate::model::{Paper, SourceKind, WritingMode};
pub use incident::*;

mod lookup;
pub use lookup::*;
mod blocks;
pub use blocks::{Align, Asset, Block, Figure, FigureList, FigureListEntry, List, Table};

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Document {
    pub meta: Meta,
    /// The fixed words of the layout (headings of the back matter, column heads, labels).
    pub labels: Words,
    /// Separators for the places where a renderer joins items it lays out one by one.
    pub punctuation: Punctuation,
    pub chapters: Vec<Chapter>,
    pub chronology: Vec<ChronologyRow>,
    pub bibliography: Vec<BibGroup>,
    /// Every note in number order (numbers run 1.. through the whole report).
    pub notes: Vec<Note>,
    /// The table of contents both outputs list, in reading order: chapters and back matter at
    /// level 1; events, analyses, digests and bibliography groups at level 2.
    pub contents: Vec<ContentsEntry>,
    /// The colophon's rows (label, value), in order.
    pub colophon: Vec<ColophonRow>,
    /// Summary page, recommendations, marking and revision history.
    pub incident: Incident,
    /// The glossary (`report/glossary.toml`), when the report has terms.
    pub glossary: Option<Glossary>,
    /// The index of actors, when any event names actors.
    pub actor_index: Option<ActorIndex>,
    /// The timeline figure at the start of the chronology (`[output] timeline = false`: none).
    pub timeline: Option<Timeline>,
    /// The list of figures and tables, when `[output] list_of_figures = true`.
    pub figure_list: Option<FigureList>,
    /// The image files of the figures, checked (not part of the template's data: the
    /// template reads them by `path`).
    #[serde(skip)]
    #[schemars(skip)]
    pub assets: Vec<Asset>,
}

/// A person or body credited for the report.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Credit {
    pub name: String,
    /// The role as written in report.toml (`author`, `editor`, …).
    pub role: String,
    /// The role's MARC relator code (`aut`, `edt`, `trl`, …).
    pub marc_relator: String,
    /// Whether the role makes a creator (author, editor, compiler) or a contributor.
    pub creator: bool,
    pub affiliation: Option<String>,
}

/// One row of the colophon.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ColophonRow {
    pub label: String,
    pub value: String,
}

/// One heading of the table of contents.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ContentsEntry {
    pub level: u8,
    pub title: String,
    pub anchor: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The BCP 47 tag (`en-GB`, `ja`): the EPUB's `xml:lang`.
    pub language: String,
    /// The language subtag (`en`), for Typst's `text(lang:)`.
    pub lang: String,
    /// The region subtag (`GB`), for Typst's `text(region:)`, when the tag has one.
    pub region: Option<String>,
    /// The names of everyone credited, in order (the PDF's document authors).
    pub authors: Vec<String>,
    /// The title page's line: names with their affiliations (`A, B (Example University) and C`).
    pub authors_text: String,
    /// The colophon's line: names with their role (when not `author`) and affiliation.
    pub credits_text: String,
    /// Everyone credited, for the EPUB's metadata.
    pub credits: Vec<Credit>,
    pub publisher: String,
    pub date_iso: String,
    pub date_text: String,
    pub version: String,
    /// The title page's date and version line.
    pub version_line: String,
    pub rights: Option<String>,
    pub identifier: String,
    pub description: Option<String>,
    pub paper: Paper,
    /// The font chains of body text, headings, emphasis and code.
    pub fonts: Fonts,
    /// Hyphenation, paragraph indents, smart punctuation.
    pub typography: Typography,
    pub writing_mode: WritingMode,
    /// `YYYY-MM-DDThh:mm:ssZ`: the report date, or `SOURCE_DATE_EPOCH` when set.
    pub modified: String,
    pub generator: String,
    /// The PDF's file name (`<id>.pdf`), which the EPUB names as its print edition.
    pub pdf_file: String,
    /// The EPUB's accessibility summary.
    pub accessibility_summary: String,
    /// The heading of the EPUB's page-list.
    pub page_list_heading: String,
    /// Whether any text carries a ruby reading.
    pub has_ruby: bool,
    /// Whether the report has figures (the EPUB's access modes).
    pub has_images: bool,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Chapter {
    pub number: usize,
    pub id: String,
    pub anchor: String,
    /// `第1章` / `Chapter 1`.
    pub number_text: String,
    pub title: String,
    /// Number and title, as the heading, the running head and the contents show it.
    pub heading: String,
    pub summary: Option<Paragraph>,
    pub events: Vec<Event>,
    pub analysis: Vec<Analysis>,
    pub digest: Option<Digest>,
    /// An appendix (`number_text` is `Appendix A` / `付録A`), set after the recommendations.
    pub appendix: bool,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Event {
    pub id: String,
    pub anchor: String,
    pub date_iso: String,
    /// An HTML `datetime` value: the date, or a range's first day (HTML has no intervals).
    pub datetime: String,
    pub date_text: String,
    pub title: String,
    /// Date and title, as the heading and the contents show it.
    pub heading: String,
    pub actors: Vec<String>,
    /// The actors as one line (`A, B and C` / `A、B、C`).
    pub actors_text: String,
    pub source_notes: Vec<u32>,
    /// Paragraphs, lists, figures and tables.
    pub body: Vec<Block>,
    pub quotes: Vec<Quotation>,
    /// Paragraphs and lists.
    pub analysis: Vec<Block>,
    pub see: Vec<CrossRef>,
    /// The recommendations that address this event.
    pub addressed_by: Vec<CrossRef>,
}

/// A paragraph; `mark` is its anchor for page mapping and links.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Paragraph {
    pub mark: String,
    pub content: Vec<Inline>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Quotation {
    pub mark: String,
    pub content: Vec<Inline>,
    /// Who is quoted and where, as printed under the quotation:
    /// `── レカム株式会社「当社に関する一部報道について」`, `— NCSC, “Advisory”`.
    pub attribution: String,
    pub note: u32,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CrossRef {
    pub anchor: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Analysis {
    pub anchor: String,
    pub title: String,
    pub body: Vec<Block>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Digest {
    pub anchor: String,
    pub title: String,
    pub intervals: Vec<Interval>,
    /// Days from the first milestone to the last, when both are known to the day.
    pub total_days: Option<i64>,
    /// `total_days` as printed (`93 days`, `93日`).
    pub total_text: Option<String>,
    /// Paragraphs and lists after the intervals.
    pub body: Vec<Block>,
    pub open_questions: Vec<Paragraph>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Interval {
    pub from_label: String,
    pub from_date: String,
    pub from_anchor: String,
    pub to_label: String,
    pub to_date: String,
    pub to_anchor: String,
    pub days: Option<i64>,
    /// `days` as printed (`1 day`, `93日`, `—` when a date is not known to the day).
    pub days_text: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ChronologyRow {
    pub date_iso: String,
    /// An HTML `datetime` value: the date, or a range's first day.
    pub datetime: String,
    pub date_text: String,
    pub title: String,
    pub anchor: String,
    pub chapter_number: usize,
    /// The chapter's number as the chronology prints it (`3`, or `A` for an appendix).
    pub chapter_mark: String,
    pub chapter_title: String,
    pub days_since_previous: Option<i64>,
    /// `days_since_previous` as printed (`1 day`, `13日`, `—`).
    pub days_text: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BibGroup {
    pub kind: SourceKind,
    /// `bib-<kind>`, the group heading's anchor.
    pub anchor: String,
    pub label: String,
    pub entries: Vec<BibEntry>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BibEntry {
    pub id: String,
    pub anchor: String,
    /// The entry as the citation style writes it (with the URL, access date and archived
    /// copy when the style prints them): inline nodes `text`, `emph`, `strong`, `link`.
    pub content: Vec<Inline>,
    /// The source's URL (already inside `content` when the style prints URLs).
    pub url: Option<String>,
    pub note: Option<String>,
    pub cited_by: Vec<u32>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Note {
    pub number: u32,
    pub anchor: String,
    /// Anchor of the note reference in the text (for backlinks).
    pub ref_anchor: String,
    /// Index into `Document::chapters` of the chapter citing it; `chapters.len()` is the
    /// summary page, `chapters.len() + 1` the recommendations.
    pub chapter: usize,
    /// The note's text as the citation style writes it (the full reference at a source's
    /// first citation, a short form or `ibid` later): inline nodes `text`, `emph`, `strong`,
    /// `link`.
    pub content: Vec<Inline>,
    /// The bibliography entry of the source it cites.
    pub source_anchor: String,
}

/// Inline content. `kind` names the node kind in the JSON the template reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Inline {
    Text {
        text: String,
    },
    Emph {
        children: Vec<Inline>,
    },
    Strong {
        children: Vec<Inline>,
    },
    Code {
        text: String,
    },
    Link {
        url: String,
        children: Vec<Inline>,
    },
    /// A link to another place of the report.
    Ref {
        anchor: String,
        children: Vec<Inline>,
    },
    Ruby {
        base: String,
        reading: String,
    },
    /// A note reference: the note's number. `again` marks a second reference to a note made
    /// earlier (a source of the event's sources line cited again in its text): it points at
    /// the same note instead of repeating it.
    Note {
        number: u32,
        again: bool,
    },
}

impl Inline {
    /// Plain characters of inline content (ruby as base only), e.g. for tests and titles.
    pub fn plain(nodes: &[Inline]) -> String {
        let mut s = String::new();
        for node in nodes {
            match node {
                Inline::Text { text } | Inline::Code { text } => s.push_str(text),
                Inline::Emph { children }
                | Inline::Strong { children }
                | Inline::Link { children, .. }
                | Inline::Ref { children, .. } => s.push_str(&Inline::plain(children)),
                Inline::Ruby { base, .. } => s.push_str(base),
                Inline::Note { .. } => {}
            }
        }
        s
    }
}

impl Document {
    /// The note with this number.
    pub fn note(&self, number: u32) -> Option<&Note> {
        self.notes.get(number.checked_sub(1)? as usize)
    }
}
