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
mod blocks;
use blocks::TextBlock;
pub use blocks::{Align, BLOCK_KEYS, Block, Figure, Table};
mod incident;
pub use incident::*;

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

// Patterns the schemas carry, so that a TOML language server refuses in the editor what
// `casebook check` refuses. Each mirrors one rule of `resolve` (or `date`); the tests in
// `tests/schema.rs` hold both sides to the same examples.

/// An id (`check_id` in resolve): lowercase ASCII letters, digits and hyphens, starting with a
/// letter or digit, at most [`MAX_ID_LEN`] characters.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,99}$";
/// The longest id `check` accepts (ids become anchors and file names).
pub const MAX_ID_LEN: usize = 100;
/// A date as `DateSpec::parse` reads it: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a range `A/B`,
/// with a day the month has (31 for January, 30 for April, 29 for February). Whether February
/// 29 falls in a leap year, and whether a range runs forwards, only `check` says.
pub const DATE_PATTERN: &str = r"^\s*[0-9]{4}(-(0[1-9]|1[0-2])|-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9])))?(\s*/\s*[0-9]{4}(-(0[1-9]|1[0-2])|-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9])))?)?\s*$";
/// An event's date: [`DATE_PATTERN`], or a full day with its time of day and zone
/// (`2024-03-09T03:14Z`, `2024-03-09T12:14+09:00`, as `date::TimeOfDay` reads it; whether an
/// offset west of UTC goes beyond -12:00 only `check` says).
pub const EVENT_DATE_PATTERN: &str = r"^\s*([0-9]{4}(-(0[1-9]|1[0-2])|-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9])))?(\s*/\s*[0-9]{4}(-(0[1-9]|1[0-2])|-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9])))?)?|[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9]))T([01][0-9]|2[0-3]):[0-5][0-9]([Zz]|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00))\s*$";
/// A full day, `YYYY-MM-DD` (the report's own date), with a day the month has.
pub const FULL_DATE_PATTERN: &str = r"^\s*[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9]))\s*$";
/// An `http://` or `https://` URL with a host, no spaces and no control characters
/// (`resolve::is_http_url`).
pub const URL_PATTERN: &str = r"^\s*https?://[^\s/?#\x00-\x1f\x7f-\x9f][^\s\x00-\x1f\x7f-\x9f]*\s*$";
/// A well-formed BCP 47 language tag: language (`ja`, `en`), optional script (`Hant`), region
/// (`JP`, `GB`, `419`), variants, extensions and private use (`x-…`).
pub const LANGUAGE_PATTERN: &str = "^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-[0-9A-WYZa-wyz](-[A-Za-z0-9]{2,8})+)*(-[Xx](-[A-Za-z0-9]{1,8})+)?$";
/// Text that is not empty or only spaces (`empty-text`).
pub const NON_BLANK_PATTERN: &str = r"\S";
/// A chapter file name without folder or extension (`chapter-name` in load).
pub const CHAPTER_NAME_PATTERN: &str = r"^[\p{L}\p{N}_-][\p{L}\p{N}_.-]*$";

/// `report/report.toml`: the report's metadata, its chapter order and output settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// Short id of the report: lowercase letters, digits and hyphens, at most 100 characters,
    /// e.g. `"ai-900"`. It names the outputs: `out/ai-900.pdf` and `out/ai-900.epub`.
    #[schemars(pattern(ID_PATTERN), length(max = 100))]
    pub id: Text,
    /// Title of the report, e.g. `"「AI-900事象」について"`. Printed on the title page, in the
    /// running heads and the colophon; the PDF's document title and the EPUB's `dc:title`.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub title: Text,
    /// Optional subtitle, e.g. `"業務用IP電話の主装置への不正アクセス（2015年）"`. Printed under
    /// the title on the title page and in the colophon.
    pub subtitle: Option<Text>,
    /// Language of the text, a BCP 47 tag, e.g. `"ja"`, `"ja-JP"`, `"en"`, `"en-GB"`, `"en-US"`.
    /// Decides line breaking, the layout words (`目次` / `Contents`) and how dates are written
    /// (`ja`: `2015年3月11日`, `en`/`en-GB`: `11 March 2015`, `en-US`: `March 11, 2015`); the
    /// PDF's and the EPUB's language.
    #[schemars(pattern(LANGUAGE_PATTERN))]
    pub language: Text,
    /// Who made the report, in the order to credit them: each a name, e.g. `"Jane Doe"` (role
    /// author), or a table, e.g. `{ name = "Jane Doe", role = "editor", affiliation = "Example
    /// University" }`.
    /// Printed on the title page and in the colophon; the PDF's authors and the EPUB's
    /// `dc:creator` entries with their MARC relator role. At least one.
    #[schemars(length(min = 1))]
    pub authors: Vec<Author>,
    /// Who publishes the report, e.g. `"casebook 編集部"`. Printed on the title page and in the
    /// colophon; the EPUB's `dc:publisher`.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub publisher: Text,
    /// Publication date of this version, a full day `YYYY-MM-DD`, e.g. `"2026-11-25"` (a quoted
    /// string). Printed on the title page and in the colophon; the PDF's date and the EPUB's
    /// `dc:date` and `dcterms:modified` (unless `SOURCE_DATE_EPOCH` is set).
    #[schemars(pattern(FULL_DATE_PATTERN), extend("format" = "date"))]
    pub date: Text,
    /// Version of this edition, e.g. `"1.0.0"` or `"第2版"`. Printed on the title page and in
    /// the colophon.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub version: Text,
    /// Optional rights statement, e.g. `"本書の編集部分は CC BY 4.0。"`. Printed in the
    /// colophon; the EPUB's `dc:rights`.
    pub rights: Option<Text>,
    /// Stable, globally unique identifier of the report (a URN or URL), e.g.
    /// `"urn:casebook:report:ai-900"`. Printed in the colophon; the EPUB's `dc:identifier`.
    /// Keep it the same from one version to the next.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub identifier: Text,
    /// Optional paragraph saying what the report is about, e.g. `"…の事象を出典とともに時系列で
    /// たどる。"`. Shown on the title page of both outputs and written as the EPUB's
    /// `dc:description` and the PDF's document description.
    pub description: Option<Text>,
    /// Chapter files in reading order, as file names under `report/chapters/` without `.toml`,
    /// e.g. `["01-discovery", "02-media"]`. Each becomes a chapter of both outputs, in this
    /// order; a file in `report/chapters/` that is not listed is left out (with a warning).
    #[schemars(length(min = 1), inner(pattern(CHAPTER_NAME_PATTERN)), extend("uniqueItems" = true))]
    pub chapters: Spanned<Vec<Text>>,
    /// Optional chapter files printed as appendices, e.g. `["glossary"]` for
    /// `report/chapters/glossary.toml`: lettered `Appendix A` / `付録A`, after the chapters and
    /// the recommendations, before the chronology.
    #[serde(default)]
    #[schemars(inner(pattern(CHAPTER_NAME_PATTERN)), extend("uniqueItems" = true))]
    pub appendices: Vec<Text>,
    /// Optional abstract of the summary page, one string per paragraph (inline Markdown
    /// subset), e.g. `["Ransomware encrypted the booking server overnight[^statement]."]`.
    #[serde(default)]
    #[schemars(inner(pattern(NON_BLANK_PATTERN)))]
    pub summary: Vec<Text>,
    /// Optional classification marking, e.g. `"TLP:AMBER"`: a TLP 2.0 label (`TLP:CLEAR`,
    /// `TLP:GREEN`, `TLP:AMBER`, `TLP:AMBER+STRICT`, `TLP:RED`) or free text (`"Internal"`).
    /// Printed on every PDF page, the EPUB's cover, metadata and the colophon.
    pub marking: Option<Text>,
    /// `[[impact]]`: impact figures, shown in the summary page's key facts and impact table.
    #[serde(default)]
    pub impact: Vec<ImpactFigure>,
    /// `[[recommendation]]`: action items, numbered in a section after the chapters.
    #[serde(default)]
    pub recommendation: Vec<Recommendation>,
    /// `[[revision]]`: the revision history, printed in the colophon.
    #[serde(default)]
    pub revision: Vec<Revision>,
    /// How notes and the bibliography are written: a style from casebook's archive of CSL
    /// styles (`chicago-notes`, `chicago-shortened-notes`,
    /// `modern-humanities-research-association-notes`, …) or the path of a `.csl` file inside
    /// the project, e.g. `"chicago-shortened-notes"` or `"report/house.csl"`. Default:
    /// `chicago-notes`; for Japanese, casebook's house style (full reference first, 同上 and
    /// 前掲注 after). Decides every note and the bibliography in both outputs.
    pub citation_style: Option<Text>,
    /// `[output]`: settings of the PDF (paper size, era years in dates).
    #[serde(default)]
    pub output: OutputSettings,
    /// `[epub]`: settings of the EPUB (writing mode).
    #[serde(default)]
    pub epub: EpubSettings,
}

/// One entry of `authors` in report.toml: a person or body credited for the report.
///
/// Written either as a plain name (`"Jane Doe"`, whose role is then [`AuthorRole::Author`]) or
/// as a table `{ name = "…", role = "editor", affiliation = "…" }`; both keep their spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    /// The name as it is to be printed.
    pub name: Text,
    /// What they did; `None` when not written (then [`Author::role`] is `author`).
    pub role: Option<Spanned<AuthorRole>>,
    /// Their organisation, when given.
    pub affiliation: Option<Text>,
}

impl Author {
    /// The role, `author` when none was written.
    pub fn role(&self) -> AuthorRole {
        self.role.as_ref().map(|r| *r.get_ref()).unwrap_or_default()
    }
}

/// An author written as a table, e.g. `{ name = "Jane Doe", role = "editor", affiliation =
/// "Example University" }`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Person")]
struct AuthorTable {
    /// The name as it is to be printed, e.g. `"Jane Doe"` or `"casebook 編集部"`. Printed on the
    /// title page and in the colophon; the EPUB's `dc:creator`.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    name: Text,
    /// What this person did: `author` (default), `editor`, `translator`, `contributor`,
    /// `compiler`, `analyst`, `researcher`, `reviewer`, `illustrator` or `photographer`, e.g.
    /// `"editor"`. Printed with the name in the colophon; in the EPUB the MARC relator code of
    /// the `role` refinement (`aut`, `edt`, `trl`, …).
    role: Option<Spanned<AuthorRole>>,
    /// Optional organisation the person belongs to, e.g. `"Example University"`. Printed after
    /// the name on the title page and in the colophon.
    affiliation: Option<Text>,
}

/// How an entry of `authors` may be written; the loader reads it through [`Author`].
enum AuthorForm {
    Name(String),
    Table(AuthorTable),
}

impl<'de> Deserialize<'de> for AuthorForm {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = AuthorForm;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name (\"Jane Doe\") or a table { name = \"Jane Doe\", role = \"editor\" }")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AuthorForm, E> {
                Ok(AuthorForm::Name(v.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<AuthorForm, A::Error> {
                AuthorTable::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(AuthorForm::Table)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The whole entry's span is the name's span when the entry is a plain string.
        let spanned = toml::Spanned::<AuthorForm>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(match spanned.into_inner() {
            AuthorForm::Name(name) => Author { name: Spanned::new(span, name), role: None, affiliation: None },
            AuthorForm::Table(t) => Author { name: t.name, role: t.role, affiliation: t.affiliation },
        })
    }
}

impl JsonSchema for Author {
    fn schema_name() -> Cow<'static, str> {
        "Author".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let table = generator.subschema_for::<AuthorTable>();
        schemars::json_schema!({
            "description": "A person or body credited for the report: a name, e.g. `\"Jane Doe\"` (role: author), or a table `{ name = \"Jane Doe\", role = \"editor\", affiliation = \"Example University\" }`.",
            "anyOf": [
                {
                    "type": "string",
                    "description": "The name alone, e.g. `\"Jane Doe\"`; the role is `author`.",
                    "pattern": NON_BLANK_PATTERN
                },
                table
            ]
        })
    }
}

/// What an author did. Each role has its MARC relator code (the EPUB's `role` refinement with
/// `scheme="marc:relators"`): author `aut`, editor `edt`, translator `trl`, contributor `ctb`,
/// compiler `com`, analyst `anl`, researcher `res`, reviewer `rev`, illustrator `ill`,
/// photographer `pht`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuthorRole {
    /// Wrote the report (MARC `aut`); the role of a name given without one.
    #[default]
    Author,
    /// Edited it (MARC `edt`).
    Editor,
    /// Translated it (MARC `trl`).
    Translator,
    /// Contributed to it (MARC `ctb`).
    Contributor,
    /// Compiled it from other works (MARC `com`).
    Compiler,
    /// Analysed data or information for it (MARC `anl`).
    Analyst,
    /// Researched it (MARC `res`).
    Researcher,
    /// Reviewed it (MARC `rev`).
    Reviewer,
    /// Drew its illustrations (MARC `ill`).
    Illustrator,
    /// Took its photographs (MARC `pht`).
    Photographer,
}

impl AuthorRole {
    /// Every role, in the order the schema lists them.
    pub const ALL: [AuthorRole; 10] = [
        AuthorRole::Author,
        AuthorRole::Editor,
        AuthorRole::Translator,
        AuthorRole::Contributor,
        AuthorRole::Compiler,
        AuthorRole::Analyst,
        AuthorRole::Researcher,
        AuthorRole::Reviewer,
        AuthorRole::Illustrator,
        AuthorRole::Photographer,
    ];

    /// The role as written in report.toml (`editor`).
    pub fn slug(self) -> &'static str {
        match self {
            AuthorRole::Author => "author",
            AuthorRole::Editor => "editor",
            AuthorRole::Translator => "translator",
            AuthorRole::Contributor => "contributor",
            AuthorRole::Compiler => "compiler",
            AuthorRole::Analyst => "analyst",
            AuthorRole::Researcher => "researcher",
            AuthorRole::Reviewer => "reviewer",
            AuthorRole::Illustrator => "illustrator",
            AuthorRole::Photographer => "photographer",
        }
    }

    /// The MARC relator code (Library of Congress, "MARC Code List for Relators"), for the
    /// EPUB's `<meta refines="#creator-1" property="role" scheme="marc:relators">`.
    pub fn marc_relator(self) -> &'static str {
        match self {
            AuthorRole::Author => "aut",
            AuthorRole::Editor => "edt",
            AuthorRole::Translator => "trl",
            AuthorRole::Contributor => "ctb",
            AuthorRole::Compiler => "com",
            AuthorRole::Analyst => "anl",
            AuthorRole::Researcher => "res",
            AuthorRole::Reviewer => "rev",
            AuthorRole::Illustrator => "ill",
            AuthorRole::Photographer => "pht",
        }
    }

    /// Whether the role makes a primary creator of the work (EPUB `dc:creator`) rather than a
    /// secondary contributor (`dc:contributor`): authors, editors and compilers.
    pub fn is_creator(self) -> bool {
        matches!(self, AuthorRole::Author | AuthorRole::Editor | AuthorRole::Compiler)
    }
}

/// `[output]` in report.toml: settings of the PDF.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputSettings {
    /// Paper size of the PDF: `"a4"` (210 × 297 mm), `"us-letter"` (8.5 × 11 in) or `"jis-b5"`
    /// (182 × 257 mm). Default: US Letter for the regions that use it (`en-US`, `*-CA`, `*-MX`),
    /// A4 elsewhere. The EPUB reflows and has no paper size.
    pub paper: Option<Spanned<Paper>>,
    /// Also write the Japanese era year with dates, e.g. `true` gives `2015年（平成27年）3月11日`
    /// in both outputs (Japanese reports only; default `false`).
    #[serde(default)]
    pub era: bool,
    /// Draw the timeline figure (every dated event on a time axis, chapters as lanes) at the
    /// start of the chronology of both outputs, e.g. `false` leaves it out (default `true`).
    pub timeline: Option<bool>,
    /// Print a list of figures and tables after the table of contents, in both outputs,
    /// e.g. `list_of_figures = true` (default `false`).
    #[serde(default)]
    pub list_of_figures: bool,
}

/// Paper size of the PDF: `a4` or `jis-b5`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in (216 × 279 mm).
    UsLetter,
    /// JIS B5, 182 × 257 mm, common for Japanese reports.
    JisB5,
}

/// `[epub]` in report.toml: settings of the EPUB.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EpubSettings {
    /// Direction of the EPUB's text: `"horizontal"` (default) or `"vertical"` (vertical-rl
    /// lines and right-to-left page progression, in readers that support it). The PDF stays
    /// horizontal.
    pub writing_mode: Option<Spanned<WritingMode>>,
}

/// Direction of the EPUB's text: `horizontal` or `vertical`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WritingMode {
    /// Horizontal lines, left to right (default).
    #[default]
    Horizontal,
    /// Vertical lines, right to left (vertical-rl), pages turned right to left.
    Vertical,
}

/// One `[[source]]` of `report/sources.toml`: a public document the report cites.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Id the text cites the source by: lowercase letters, digits and hyphens, at most 100
    /// characters, e.g. `"nhk-2015-06-12"`, cited as `[^nhk-2015-06-12]` or in
    /// `sources = ["nhk-2015-06-12"]`. Becomes the bibliography entry's anchor.
    #[schemars(pattern(ID_PATTERN), length(max = 100))]
    pub id: Text,
    /// Title of the source as published, e.g. `"当社に関する一部報道について"`. Printed in each
    /// note citing it and in the bibliography.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub title: Text,
    /// Who published it, e.g. `"総務省"` or `"読売新聞"`. Printed in each note citing it and in
    /// the bibliography, and names the speaker of a quotation that names none.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub publisher: Text,
    /// What kind of source it is: `news`, `broadcast`, `government`, `press-release`,
    /// `investigation-report` or `other`, e.g. `"press-release"`. The bibliography groups the
    /// sources by kind.
    pub kind: Spanned<SourceKind>,
    /// Optional publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (or a range `A/B`), e.g.
    /// `"2015-06-25"`. Printed in the notes and the bibliography, which it orders.
    #[schemars(pattern(DATE_PATTERN))]
    pub date: Option<Text>,
    /// Optional place in the publication: edition, page, e.g. `"朝刊1面"` or `"p. 3"`. Printed
    /// after the date in the notes and the bibliography.
    pub section: Option<Text>,
    /// Optional public address, `http://` or `https://` only, e.g.
    /// `"https://www.soumu.go.jp/menu_news/s-news/01kiban05_02000073.html"`. Printed in full in
    /// the PDF's notes and bibliography (paper cannot be clicked) and linked in the EPUB.
    #[schemars(pattern(URL_PATTERN), extend("format" = "iri"))]
    pub url: Option<Text>,
    /// Optional form of the source: `html`, `pdf`, `print` or `video`, e.g. `"pdf"`. Printed in
    /// brackets after the bibliography entry (`[PDF]`).
    pub format: Option<Spanned<SourceFormat>>,
    /// Whether an archived copy exists (web archive, 魚拓), e.g. `true`. The bibliography entry
    /// says so. Default `false`.
    #[serde(default)]
    pub archived: bool,
    /// Optional date the URL was last checked, e.g. `"2015-09-30"` (same forms as `date`).
    /// Printed in the bibliography entry (`2015年9月30日閲覧`).
    #[schemars(pattern(DATE_PATTERN))]
    pub accessed: Option<Text>,
    /// Optional remark on the source, e.g. `"年の記載なし。URLから2015年と判断"`. Printed under
    /// the bibliography entry.
    pub note: Option<Text>,
}

/// What kind of source it is; the bibliography groups sources by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A newspaper, magazine or news site article.
    News,
    /// A television or radio programme, or its online text.
    Broadcast,
    /// A ministry's, regulator's or other public body's publication or statement.
    Government,
    /// A company's or organisation's own announcement.
    PressRelease,
    /// The report of an investigation (internal, third-party or official).
    InvestigationReport,
    /// Anything else (a blog post, a forum, a court record).
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

/// The form a source was published in: `html`, `pdf`, `print` or `video`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A web page.
    Html,
    /// A PDF document.
    Pdf,
    /// Printed on paper only.
    Print,
    /// A video or broadcast recording.
    Video,
}

/// `report/sources.toml`: every public source the report cites.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    /// One `[[source]]` table per cited source; each becomes an entry of the bibliography and
    /// the notes that cite it.
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
    /// Id of the chapter: lowercase letters, digits and hyphens, at most 100 characters, e.g.
    /// `"discovery"`. Becomes the chapter's anchor in both outputs.
    #[schemars(pattern(ID_PATTERN), length(max = 100))]
    pub id: Text,
    /// Title of the chapter, e.g. `"発覚"`. The chapter heading, its running head in the PDF and
    /// its entry in both tables of contents.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub title: Text,
    /// Optional paragraph introducing the chapter (inline Markdown subset), e.g.
    /// `"販売会社が事象を認識するまで。"`. Printed under the chapter heading.
    pub summary: Option<Text>,
    /// `[[analysis]]`: editorial sections closing the chapter, kept apart from the events and
    /// set as analysis (opinion, not reported fact) in both outputs.
    #[serde(default)]
    pub analysis: Vec<AnalysisSection>,
    /// `[digest]`: a summary computed from the events (the days between milestones and in
    /// total) and open questions; printed at the end of the chapter.
    pub digest: Option<Digest>,
    /// `[[event]]`: the chapter's dated events, in reading order; each is a section of the
    /// chapter and a row of the chronology.
    #[serde(default)]
    pub event: Vec<Event>,
}

/// `[[analysis]]`: an editorial section (opinion, not reported fact).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSection {
    /// Heading of the section, e.g. `"所見"`. A heading of the chapter and an entry of both
    /// tables of contents.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub title: Text,
    /// Paragraphs of editorial analysis (inline Markdown subset, citations `[^source-id]`
    /// allowed), e.g. `["初報から…日を要した。"]`, and blocks: `{ list = […] }`,
    /// `{ numbered = […] }`, `{ figure = "id" }`, `{ table = "id" }`. Set apart from the facts
    /// in both outputs.
    pub body: Vec<Block>,
    /// `[[analysis.figure]]`: figures of this section (placed where the body names them,
    /// else after the body).
    #[serde(default)]
    pub figure: Vec<Figure>,
    /// `[[analysis.table]]`: tables of this section (placed where the body names them, else
    /// after the body).
    #[serde(default)]
    pub table: Vec<Table>,
}

/// `[digest]`: the milestones whose intervals the resolve step computes, and open questions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Digest {
    /// Heading of the digest, e.g. `"経過のまとめ"`. A heading of the chapter and an entry of both
    /// tables of contents.
    pub title: Text,
    /// The events that mark the course of the case, in order, e.g.
    /// `[{ event = "recomm-recognizes-incident", label = "認識" }]`. Both outputs print a table
    /// of the days between consecutive milestones and in total, computed from the events'
    /// dates.
    pub milestones: Vec<Milestone>,
    /// Paragraphs and lists printed after the table of intervals, e.g.
    /// `["…", { list = ["…", "…"] }]`.
    #[serde(default)]
    #[schemars(with = "Vec<TextBlock>")]
    pub body: Vec<Block>,
    /// Questions the sources leave open, one string each (inline Markdown subset), e.g.
    /// `["侵入経路は公表されていない。"]`. Printed as a list after the table.
    #[serde(default)]
    pub open_questions: Vec<Text>,
}

/// One milestone of a `[digest]`: an event and a short name for it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Id of the event that marks the milestone, e.g. `"recomm-recognizes-incident"`; its date
    /// is the milestone's date, and the table links to it.
    #[schemars(pattern(ID_PATTERN), length(max = 100))]
    pub event: Text,
    /// Short name of the milestone, e.g. `"認識"` or `"初報"`. A row of the digest's table.
    pub label: Text,
}

/// One `[[event]]` of a chapter file: something that happened, on a date, told from sources.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Id of the event: lowercase letters, digits and hyphens, at most 100 characters, e.g.
    /// `"recomm-recognizes-incident"`. Becomes its anchor; other events point at it with `see`
    /// or `[text](#recomm-recognizes-incident)`.
    #[schemars(pattern(ID_PATTERN), length(max = 100))]
    pub id: Text,
    /// When it happened: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (a quoted string), a range
    /// `START/END`, or a full date with its time of day and zone, e.g. `"2015-03-11"`,
    /// `"2015-03"`, `"2015-03-11/2015-03-20"`, `"2024-03-09T03:14Z"` or
    /// `"2024-03-09T12:14+09:00"`. Printed above the event in the report's language
    /// (`2015年3月11日`, `9 March 2024, 03:14 UTC`); orders the chronology (timed events by
    /// their instant in UTC) and computes its intervals.
    #[schemars(pattern(EVENT_DATE_PATTERN))]
    pub date: Text,
    /// Title of the event, e.g. `"レカム社が事象を認識"`. Its heading, its entry in both tables of
    /// contents and its row of the chronology.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub title: Text,
    /// Who took part, e.g. `["レカム株式会社", "総務省"]`. Printed on the event's line of
    /// actors.
    #[serde(default)]
    pub actors: Vec<Text>,
    /// Reported facts: one string per paragraph (inline Markdown subset), e.g.
    /// `["本年3月11日、…を認識した[^recomm-2015-06-25]。"]`, and blocks: `{ list = […] }`,
    /// `{ numbered = […] }`, `{ figure = "id" }`, `{ table = "id" }`.
    #[serde(default)]
    pub body: Vec<Block>,
    /// `[[event.quote]]`: words quoted verbatim from a source, printed as block quotes naming
    /// their source.
    #[serde(default)]
    pub quote: Vec<Quote>,
    /// Editorial analysis of this event: paragraphs (inline Markdown subset) and lists, e.g.
    /// `["公表まで3か月を要した。"]`; kept apart from the facts: a shaded box labelled as
    /// analysis in both outputs.
    #[serde(default)]
    #[schemars(with = "Vec<TextBlock>")]
    pub analysis: Vec<Block>,
    /// `[[event.figure]]`: figures of this event (placed where the body names them, else after
    /// the body).
    #[serde(default)]
    pub figure: Vec<Figure>,
    /// `[[event.table]]`: tables of this event (placed where the body names them, else after
    /// the body).
    #[serde(default)]
    pub table: Vec<Table>,
    /// Ids of sources supporting the event as a whole, e.g. `["recomm-2015-06-25"]`. Each
    /// becomes a numbered note on the event's sources line.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)))]
    pub sources: Vec<Text>,
    /// Ids of related events, e.g. `["recomm-statement-2015-06-25"]`. Printed after the event
    /// as cross references (the other event's date and title, linked) in both outputs.
    #[serde(default)]
    #[schemars(inner(pattern(ID_PATTERN)))]
    pub see: Vec<Text>,
    /// What the event marks for the summary page: `detected` or `disclosed`.
    pub milestone: Option<Spanned<EventMilestone>>,
}

/// `[[event.quote]]`: words quoted verbatim from a source.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The words quoted, exactly as the source has them (inline Markdown subset), e.g.
    /// `"本年3月11日、AI900をご利用の…"`. A block quote in both outputs.
    #[schemars(pattern(NON_BLANK_PATTERN))]
    pub text: Text,
    /// Id of the source quoted, e.g. `"recomm-2015-06-25"`. The quotation's attribution names it
    /// and a numbered note cites it.
    #[schemars(pattern(ID_PATTERN), length(max = 100))]
    pub source: Text,
    /// Optional place in the source, e.g. `"2ページ"` or `"p. 2"`. Printed in the note.
    pub locator: Option<Text>,
    /// Optional speaker, when not the source's publisher, e.g. `"総務大臣"`. Printed in the
    /// attribution under the quotation.
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
        texts.extend(r.subtitle.iter().chain(&r.rights).chain(&r.description).map(|t| (file, t)));
        for a in &r.authors {
            texts.push((file, &a.name));
            texts.extend(a.affiliation.iter().map(|t| (file, t)));
        }
        texts.extend(r.summary.iter().chain(&r.marking).map(|t| (file, t)));
        texts.extend(
            r.impact.iter().flat_map(|i| [&i.label].into_iter().chain(&i.unit).chain(&i.locator)).map(|t| (file, t)),
        );
        texts.extend(r.recommendation.iter().flat_map(|x| [&x.text].into_iter().chain(&x.owner)).map(|t| (file, t)));
        texts.extend(r.revision.iter().flat_map(|v| [&v.version, &v.changes]).map(|t| (file, t)));
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
                texts.extend(a.body.iter().flat_map(Block::texts).map(|t| (f, t)));
                texts.extend(a.figure.iter().flat_map(Figure::texts).map(|t| (f, t)));
                texts.extend(a.table.iter().flat_map(Table::texts).map(|t| (f, t)));
            }
            if let Some(d) = &h.digest {
                texts.push((f, &d.title));
                texts.extend(d.body.iter().flat_map(Block::texts).map(|t| (f, t)));
                texts.extend(d.milestones.iter().map(|m| (f, &m.label)));
                texts.extend(d.open_questions.iter().map(|t| (f, t)));
            }
        }
        for e in events {
            texts.push((f, &e.title));
            texts.extend(e.actors.iter().map(|t| (f, t)));
            texts.extend(e.body.iter().chain(&e.analysis).flat_map(Block::texts).map(|t| (f, t)));
            texts.extend(e.figure.iter().flat_map(Figure::texts).map(|t| (f, t)));
            texts.extend(e.table.iter().flat_map(Table::texts).map(|t| (f, t)));
            for q in &e.quote {
                texts.push((f, &q.text));
                texts.extend(q.locator.iter().chain(&q.speaker).map(|t| (f, t)));
            }
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_pattern_allows_exactly_max_id_len_characters() {
        // `^[a-z0-9]` then at most MAX_ID_LEN - 1 more.
        assert!(ID_PATTERN.ends_with(&format!("{{0,{}}}$", MAX_ID_LEN - 1)), "{ID_PATTERN}");
    }
}
