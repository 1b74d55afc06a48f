//! The resolved document: the one model both renderers consume.
//!
//! Everything that is content — numbering, order, citation text, dates as displayed,
//! intervals, anchors, localized labels — is decided here by `resolve`, so the PDF and the
//! EPUB cannot disagree. The PDF template receives this struct serialized as JSON; the EPUB
//! writer walks it directly. All strings are plain text (never markup).

use serde::Serialize;

use crate::model::{Paper, SourceKind, WritingMode};

#[derive(Clone, Debug, Serialize)]
pub struct Document {
    pub meta: Meta,
    pub labels: Labels,
    pub chapters: Vec<Chapter>,
    pub chronology: Vec<ChronologyRow>,
    pub bibliography: Vec<BibGroup>,
    /// Every note in number order (numbers run 1.. through the whole report).
    pub notes: Vec<Note>,
    /// The table of contents both outputs list, in reading order: chapters and back matter at
    /// level 1; events, analyses, digests and bibliography groups at level 2.
    pub contents: Vec<ContentsEntry>,
}

/// One heading of the table of contents.
#[derive(Clone, Debug, Serialize)]
pub struct ContentsEntry {
    pub level: u8,
    pub title: String,
    pub anchor: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub language: String,
    pub authors: Vec<String>,
    pub publisher: String,
    pub date_iso: String,
    pub date_text: String,
    pub version: String,
    pub rights: Option<String>,
    pub identifier: String,
    pub description: Option<String>,
    pub paper: Paper,
    pub writing_mode: WritingMode,
    /// `YYYY-MM-DDThh:mm:ssZ`: the report date, or `SOURCE_DATE_EPOCH` when set.
    pub modified: String,
    /// Colophon line naming the bundled fonts and their licence.
    pub font_notice: String,
    pub generator: String,
}

/// Fixed words of the layout, in the report's language.
#[derive(Clone, Debug, Serialize)]
pub struct Labels {
    pub contents: String,
    pub chapter_prefix: String,
    pub chapter_suffix: String,
    pub summary: String,
    pub actors: String,
    pub sources: String,
    pub analysis: String,
    pub analysis_note: String,
    pub see_also: String,
    pub quote_source: String,
    pub chronology: String,
    pub date: String,
    pub event: String,
    pub chapter: String,
    pub days_since: String,
    pub days_unit: String,
    pub interval: String,
    pub from: String,
    pub to: String,
    pub total: String,
    pub open_questions: String,
    pub bibliography: String,
    pub archived: String,
    pub accessed: String,
    pub cited_in_notes: String,
    pub notes: String,
    pub back_to_text: String,
    pub colophon: String,
    pub version: String,
    pub published: String,
    pub publisher: String,
    pub authors: String,
    pub identifier: String,
    pub rights: String,
    pub fonts: String,
    pub pdf_edition: String,
    pub cover: String,
    pub page: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Chapter {
    pub number: usize,
    pub id: String,
    pub anchor: String,
    /// `第1章` / `Chapter 1`.
    pub number_text: String,
    pub title: String,
    pub summary: Option<Paragraph>,
    pub events: Vec<Event>,
    pub analysis: Vec<Analysis>,
    pub digest: Option<Digest>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub id: String,
    pub anchor: String,
    pub date_iso: String,
    pub date_text: String,
    pub title: String,
    pub actors: Vec<String>,
    pub source_notes: Vec<u32>,
    pub body: Vec<Paragraph>,
    pub quotes: Vec<Quotation>,
    pub analysis: Vec<Paragraph>,
    pub see: Vec<CrossRef>,
}

/// A paragraph; `mark` is its anchor for page mapping and links.
#[derive(Clone, Debug, Serialize)]
pub struct Paragraph {
    pub mark: String,
    pub content: Vec<Inline>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Quotation {
    pub mark: String,
    pub content: Vec<Inline>,
    /// Who is quoted and where: `レカム株式会社「当社に関する一部報道について」`.
    pub attribution: String,
    pub note: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct CrossRef {
    pub anchor: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub anchor: String,
    pub title: String,
    pub body: Vec<Paragraph>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Digest {
    pub anchor: String,
    pub title: String,
    pub intervals: Vec<Interval>,
    /// Days from the first milestone to the last, when both are known to the day.
    pub total_days: Option<i64>,
    pub open_questions: Vec<Paragraph>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Interval {
    pub from_label: String,
    pub from_date: String,
    pub from_anchor: String,
    pub to_label: String,
    pub to_date: String,
    pub to_anchor: String,
    pub days: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChronologyRow {
    pub date_iso: String,
    pub date_text: String,
    pub title: String,
    pub anchor: String,
    pub chapter_number: usize,
    pub chapter_title: String,
    pub days_since_previous: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BibGroup {
    pub kind: SourceKind,
    /// `bib-<kind>`, the group heading's anchor.
    pub anchor: String,
    pub label: String,
    pub entries: Vec<BibEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BibEntry {
    pub id: String,
    pub anchor: String,
    /// The reference as printed (publisher, title, date, section).
    pub citation: String,
    /// The bibliography line: the citation with format, archived copy and access date.
    pub display: String,
    pub url: Option<String>,
    pub note: Option<String>,
    pub cited_by: Vec<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Note {
    pub number: u32,
    pub anchor: String,
    /// Anchor of the note reference in the text (for backlinks).
    pub ref_anchor: String,
    /// Index into `Document::chapters` of the chapter citing it.
    pub chapter: usize,
    /// The citation as printed, without the URL.
    pub citation: String,
    pub url: Option<String>,
    pub source_anchor: String,
}

/// Inline content. `t` names the node kind in the JSON the template reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    Text {
        s: String,
    },
    Emph {
        c: Vec<Inline>,
    },
    Strong {
        c: Vec<Inline>,
    },
    Code {
        s: String,
    },
    Link {
        url: String,
        c: Vec<Inline>,
    },
    /// A link to another place of the report.
    Ref {
        anchor: String,
        c: Vec<Inline>,
    },
    Ruby {
        base: String,
        reading: String,
    },
    Note {
        n: u32,
    },
}

impl Inline {
    /// Plain characters of inline content (ruby as base only), e.g. for tests and titles.
    pub fn plain(nodes: &[Inline]) -> String {
        let mut s = String::new();
        for node in nodes {
            match node {
                Inline::Text { s: t } | Inline::Code { s: t } => s.push_str(t),
                Inline::Emph { c } | Inline::Strong { c } | Inline::Link { c, .. } | Inline::Ref { c, .. } => {
                    s.push_str(&Inline::plain(c))
                }
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
