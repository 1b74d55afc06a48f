//! The report format as written: serde types for `report.toml`, `sources.toml` and
//! `chapters/*.toml`, with the TOML span of every value kept (`Spanned`) so that any later
//! step can point a diagnostic at the exact place. Nothing here is validated beyond what
//! serde checks (field names, types); the rules live in `resolve`.

use serde::Deserialize;
use toml::Spanned;

/// A spanned string, the unit of all user text.
pub type Text = Spanned<String>;

/// `report/report.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// Short id; the outputs are `out/<id>.pdf` and `out/<id>.epub`.
    pub id: Text,
    pub title: Text,
    pub subtitle: Option<Text>,
    /// BCP 47 language tag of the text (`ja`, `en`).
    pub language: Text,
    pub authors: Vec<Text>,
    pub publisher: Text,
    /// Publication date of this version, `YYYY-MM-DD`.
    pub date: Text,
    pub version: Text,
    pub rights: Option<Text>,
    /// Stable, globally unique identifier (a URN or URL); the EPUB's `dc:identifier`.
    pub identifier: Text,
    /// One paragraph saying what the report is about (cover, EPUB description).
    pub description: Option<Text>,
    /// Chapter files in reading order, as file names without `.toml` under `report/chapters/`.
    pub chapters: Spanned<Vec<Text>>,
    #[serde(default)]
    pub output: OutputSettings,
    #[serde(default)]
    pub epub: EpubSettings,
}

/// `[output]` in report.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSettings {
    /// Paper size of the PDF: `a4` (default) or `jis-b5`.
    pub paper: Option<Spanned<Paper>>,
    /// Also write the Japanese era year with dates (`2015年（平成27年）3月11日`).
    #[serde(default)]
    pub era: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    #[default]
    A4,
    JisB5,
}

/// `[epub]` in report.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpubSettings {
    /// `horizontal` (default) or `vertical` (vertical-rl, right-to-left page progression).
    pub writing_mode: Option<Spanned<WritingMode>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WritingMode {
    #[default]
    Horizontal,
    Vertical,
}

/// One `[[source]]` of `report/sources.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Text,
    pub title: Text,
    pub publisher: Text,
    pub kind: Spanned<SourceKind>,
    /// Publication date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<Text>,
    /// Where the edition or page appeared (`朝刊1面`, `p. 3`).
    pub section: Option<Text>,
    pub url: Option<Text>,
    pub format: Option<Spanned<SourceFormat>>,
    /// An archived copy (web archive, 魚拓) exists.
    #[serde(default)]
    pub archived: bool,
    /// When the URL was last checked (`YYYY-MM-DD`).
    pub accessed: Option<Text>,
    pub note: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    News,
    Broadcast,
    Government,
    PressRelease,
    InvestigationReport,
    Other,
}

impl SourceKind {
    /// All kinds, in the order the bibliography lists them.
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Government,
        SourceKind::PressRelease,
        SourceKind::InvestigationReport,
        SourceKind::News,
        SourceKind::Broadcast,
        SourceKind::Other,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Html,
    Pdf,
    Print,
    Video,
}

/// The head of a chapter file: everything but its events.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterHead {
    pub id: Text,
    pub title: Text,
    pub summary: Option<Text>,
    /// Editorial analysis sections closing the chapter, kept apart from the events.
    #[serde(default)]
    pub analysis: Vec<AnalysisSection>,
    /// A summary computed from the events: key intervals and open questions.
    pub digest: Option<Digest>,
}

/// `[[analysis]]`: an editorial section (opinion, not reported fact).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSection {
    pub title: Text,
    pub body: Vec<Text>,
}

/// `[digest]`: the milestones whose intervals the resolve step computes, and open questions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Digest {
    pub title: Text,
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub open_questions: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Id of the event that marks the milestone.
    pub event: Text,
    /// Short name of the milestone (`認識`, `初報`).
    pub label: Text,
}

/// One `[[event]]` of a chapter file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: Text,
    pub date: Text,
    pub title: Text,
    #[serde(default)]
    pub actors: Vec<Text>,
    /// Reported facts, one string per paragraph (inline Markdown subset).
    #[serde(default)]
    pub body: Vec<Text>,
    #[serde(default)]
    pub quote: Vec<Quote>,
    /// Editorial analysis of this event, kept apart from the facts.
    #[serde(default)]
    pub analysis: Vec<Text>,
    /// Sources supporting the event as a whole.
    #[serde(default)]
    pub sources: Vec<Text>,
    /// Related events (ids), shown as cross references.
    #[serde(default)]
    pub see: Vec<Text>,
}

/// `[[event.quote]]`: words quoted verbatim from a source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: Text,
    pub source: Text,
    /// Where in the source (`p. 2`, `第3段落`).
    pub locator: Option<Text>,
    /// Who is speaking, when not the source's publisher.
    pub speaker: Option<Text>,
}
