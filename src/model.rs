//! The report format as written: serde types for `report.toml`, `sources.toml` and
//! `chapters/*.toml`, with the TOML span of every value kept (`Spanned`) so that any later
//! step can point a diagnostic at the exact place. Nothing here is validated beyond what
//! serde checks (field names, types); the rules live in `resolve`.

use std::borrow::Cow;
use std::ops::Range;

use schemars::JsonSchema;
use serde::Deserialize;

mod lookup;
pub use lookup::*;

/// A value with the byte range it was read from. A thin wrapper over `toml::Spanned` (which
/// the TOML deserializer fills in) so that the format's JSON Schema can be generated from
/// these same types: the schema of `Spanned<T>` is the schema of `T`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T>(toml::Spanned<T>);

impl<T> Spanned<T> {
    pub fn new(span: Range<usize>, value: T) -> Self {
        Self(toml::Spanned::new(span, value))
    }

    pub fn get_ref(&self) -> &T {
        self.0.get_ref()
    }

    pub fn span(&self) -> Range<usize> {
        self.0.span()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        toml::Spanned::<T>::deserialize(deserializer).map(Spanned)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A spanned string, the unit of all user text.
pub type Text = Spanned<String>;

/// `report/report.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
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
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputSettings {
    /// Paper size of the PDF: `a4`, `us-letter` or `jis-b5`. Default: US Letter for the regions
    /// that use it (`en-US`, `*-CA`, `*-MX`), A4 elsewhere.
    pub paper: Option<Spanned<Paper>>,
    /// Also write the Japanese era year with dates (`2015年（平成27年）3月11日`).
    #[serde(default)]
    pub era: bool,
    /// Draw the timeline figure at the start of the chronology (default: true).
    pub timeline: Option<bool>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    #[default]
    A4,
    UsLetter,
    JisB5,
}

/// `[epub]` in report.toml.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EpubSettings {
    /// `horizontal` (default) or `vertical` (vertical-rl, right-to-left page progression).
    pub writing_mode: Option<Spanned<WritingMode>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WritingMode {
    #[default]
    Horizontal,
    Vertical,
}

/// One `[[source]]` of `report/sources.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize, JsonSchema)]
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

    /// The kind as written in sources.toml (`press-release`), for anchors.
    pub fn slug(self) -> &'static str {
        match self {
            SourceKind::News => "news",
            SourceKind::Broadcast => "broadcast",
            SourceKind::Government => "government",
            SourceKind::PressRelease => "press-release",
            SourceKind::InvestigationReport => "investigation-report",
            SourceKind::Other => "other",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Html,
    Pdf,
    Print,
    Video,
}

/// `report/sources.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    /// One entry per cited source.
    #[serde(default)]
    pub source: Vec<Source>,
}

/// A chapter file (`report/chapters/*.toml`): id, title and summary, then its `[[event]]`s,
/// `[[analysis]]` sections and an optional `[digest]`.
// The loader reads each `[[event]]` on its own (one bad event does not hide the next) and the
// rest of the file into this type.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChapterFile {
    pub id: Text,
    pub title: Text,
    pub summary: Option<Text>,
    /// Editorial analysis sections closing the chapter, kept apart from the events.
    #[serde(default)]
    pub analysis: Vec<AnalysisSection>,
    /// A summary computed from the events: key intervals and open questions.
    pub digest: Option<Digest>,
    /// The chapter's dated events, in reading order.
    #[serde(default)]
    pub event: Vec<Event>,
}

/// `[[analysis]]`: an editorial section (opinion, not reported fact).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSection {
    pub title: Text,
    pub body: Vec<Text>,
}

/// `[digest]`: the milestones whose intervals the resolve step computes, and open questions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Digest {
    pub title: Text,
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub open_questions: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Id of the event that marks the milestone.
    pub event: Text,
    /// Short name of the milestone (`認識`, `初報`).
    pub label: Text,
}

/// One `[[event]]` of a chapter file.
#[derive(Debug, Deserialize, JsonSchema)]
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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: Text,
    pub source: Text,
    /// Where in the source (`p. 2`, `第3段落`).
    pub locator: Option<Text>,
    /// Who is speaking, when not the source's publisher.
    pub speaker: Option<Text>,
}

/// Every text of a project that the outputs print, with the index of the file it is in: the
/// one list the glyph check walks. A new printed field belongs here, next to its type, so
/// that no check can skip it.
pub fn printed_texts<'a>(
    report: Option<(usize, &'a ReportFile)>,
    sources: &'a [(usize, Source)],
    chapters: impl IntoIterator<Item = (usize, Option<&'a ChapterFile>, &'a [Event])>,
) -> Vec<(usize, &'a Text)> {
    let mut texts: Vec<(usize, &Text)> = Vec::new();
    if let Some((file, r)) = report {
        texts.extend([&r.title, &r.publisher, &r.version, &r.identifier].into_iter().map(|t| (file, t)));
        texts.extend(r.subtitle.iter().chain(&r.rights).chain(&r.description).chain(&r.authors).map(|t| (file, t)));
    }
    for (file, s) in sources {
        texts.extend(
            [&s.title, &s.publisher].into_iter().chain(&s.section).chain(&s.note).chain(&s.url).map(|t| (*file, t)),
        );
    }
    for (f, head, events) in chapters {
        if let Some(h) = head {
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
        for e in events {
            texts.push((f, &e.title));
            texts.extend(e.actors.iter().chain(&e.body).chain(&e.analysis).map(|t| (f, t)));
            for q in &e.quote {
                texts.push((f, &q.text));
                texts.extend(q.locator.iter().chain(&q.speaker).map(|t| (f, t)));
            }
        }
    }
    texts
}
