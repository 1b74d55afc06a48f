//! The report's locale: every word and convention that depends on language or region, decided
//! once from the report's BCP 47 language tag.
//!
//! Owns the layout words (labels), the punctuation that joins them (list separator, label–value
//! separator, the gap between a number and a title, brackets, quotation marks around titles,
//! quotation attribution), plural rules (`1 day`, `2 days`, `1日`), dates and date ranges
//! (`9–23 March 2024`, `March 9–23, 2024`, `2024年3月9日〜23日`, with era years for Japanese),
//! chapter numbering (`Chapter 1`, `第1章`), source-kind and format names, and the
//! accessibility summary. `resolve` composes every string a reader sees with it; the renderers
//! receive finished text and hold no word of any language.
//!
//! Trade-off: casebook has two locales of its own, Japanese and English (British by default,
//! American for region `US`). Any other language builds with English words and one warning,
//! and its tag is still passed on (Typst's hyphenation and the EPUB's `xml:lang`), so a French
//! report is marked as French even while its layout words are English.

mod incident;

pub use incident::{IncidentWords, appendix_letters};
use serde::Serialize;
use unic_langid::LanguageIdentifier;

use crate::date::{DateSpec, PartialDate, japanese_era};
use crate::model::{SourceFormat, SourceKind};

mod lookup;
pub use lookup::SortKey;

/// How the report's language tag was understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagStatus {
    /// casebook has words for this language.
    Supported,
    /// A valid tag without words of its own: English words are used.
    Fallback,
}

/// Why a language tag was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadTag(pub String);

/// The conventions of one report.
#[derive(Clone, Debug)]
pub struct Locale {
    /// The tag as given, normalised (`en-GB`, `ja`): the EPUB's `xml:lang` and `dc:language`.
    pub tag: String,
    /// The language subtag (`en`, `ja`), for Typst's `text(lang:)`.
    pub language: String,
    /// The region subtag (`GB`, `US`, `JP`), for Typst's `text(region:)`.
    pub region: Option<String>,
    style: Style,
    era: bool,
}

/// The conventions casebook knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Japanese,
    /// Day–month–year dates (`9 March 2024`): British and international English.
    English,
    /// Month–day–year dates (`March 9, 2024`).
    AmericanEnglish,
}

impl Locale {
    /// The locale of a report written in `tag`; `era` adds Japanese era years to dates.
    pub fn new(tag: &str, era: bool) -> Result<(Locale, TagStatus), BadTag> {
        let id: LanguageIdentifier = tag.trim().parse().map_err(|_| BadTag(tag.trim().to_string()))?;
        let language = id.language.as_str().to_string();
        if language == "und" {
            return Err(BadTag(tag.trim().to_string()));
        }
        let region = id.region.map(|r| r.as_str().to_string());
        let (style, status) = match (language.as_str(), region.as_deref()) {
            ("ja", _) => (Style::Japanese, TagStatus::Supported),
            ("en", Some("US")) => (Style::AmericanEnglish, TagStatus::Supported),
            ("en", _) => (Style::English, TagStatus::Supported),
            _ => (Style::English, TagStatus::Fallback),
        };
        Ok((Locale { tag: id.to_string(), language, region, style, era }, status))
    }

    /// The same locale without era years (for the dates of cited sources).
    pub fn without_era(&self) -> Locale {
        Locale { era: false, ..self.clone() }
    }

    /// The layout words.
    pub fn words(&self) -> Words {
        match self.style {
            Style::Japanese => Words::japanese(),
            Style::English | Style::AmericanEnglish => Words::english(),
        }
    }

    /// The separators renderers place between items they lay out themselves (note marks,
    /// links), taken from the locale so that no renderer holds a separator of its own.
    pub fn punctuation(&self) -> Punctuation {
        let p = |list: &str, label_end: &str, ruby_open: &str, ruby_close: &str| Punctuation {
            list: list.into(),
            label_end: label_end.into(),
            heading_gap: self.heading_gap().into(),
            note_separator: ",".into(),
            ruby_open: ruby_open.into(),
            ruby_close: ruby_close.into(),
        };
        match self.style {
            Style::Japanese => p("、", "：", "（", "）"),
            Style::English | Style::AmericanEnglish => p(", ", ": ", "(", ")"),
        }
    }

    /// The language as Typst takes it (two or three letters; English words otherwise).
    pub fn typst_language(&self) -> String {
        if self.language.len() <= 3 { self.language.clone() } else { "en".into() }
    }

    /// The region as Typst takes it: the tag's, or Japan's for Japanese without one (Typst
    /// sets Japanese punctuation by region).
    pub fn typst_region(&self) -> Option<String> {
        match (&self.region, self.style) {
            (Some(r), _) if r.len() == 2 => Some(r.clone()),
            (None, Style::Japanese) => Some("JP".into()),
            _ => None,
        }
    }

    /// Whether this locale is Japanese (ruby, era years, vertical writing make sense).
    pub fn is_japanese(&self) -> bool {
        self.style == Style::Japanese
    }

    /// `Actors: ` / `関係者：`: a label followed by its value.
    pub fn labelled(&self, label: &str, value: &str) -> String {
        format!("{label}{}{value}", self.punctuation().label_end)
    }

    /// Items joined as a list: `A, B and C` / `A、B、C`.
    pub fn list(&self, items: &[String]) -> String {
        match self.style {
            Style::Japanese => items.join("、"),
            Style::English | Style::AmericanEnglish => match items {
                [] => String::new(),
                [one] => one.clone(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
            },
        }
    }

    /// A number or date followed by a title: `Chapter 1: Discovery` / `第1章　発覚`.
    pub fn heading(&self, lead: &str, title: &str) -> String {
        format!("{lead}{}{title}", self.heading_gap())
    }

    /// What [`Locale::heading`] puts between the lead and the title.
    pub fn heading_gap(&self) -> &'static str {
        match self.style {
            Style::Japanese => "\u{3000}",
            Style::English | Style::AmericanEnglish => ": ",
        }
    }

    /// `Chapter 1` / `第1章`.
    pub fn chapter_number(&self, number: usize) -> String {
        match self.style {
            Style::Japanese => format!("第{number}章"),
            Style::English | Style::AmericanEnglish => format!("Chapter {number}"),
        }
    }

    /// `Figure 3` / `図3`: a figure's number as printed and as cross references read it.
    pub fn figure_label(&self, number: usize) -> String {
        match self.style {
            Style::Japanese => format!("図{number}"),
            Style::English | Style::AmericanEnglish => format!("Figure {number}"),
        }
    }

    /// `Table 2` / `表2`.
    pub fn table_label(&self, number: usize) -> String {
        match self.style {
            Style::Japanese => format!("表{number}"),
            Style::English | Style::AmericanEnglish => format!("Table {number}"),
        }
    }

    /// A title as cited: `“Title”` / `「題名」`.
    pub fn quoted_title(&self, title: &str) -> String {
        match self.style {
            Style::Japanese => format!("「{title}」"),
            Style::English | Style::AmericanEnglish => format!("“{title}”"),
        }
    }

    /// Who is quoted and where: `— Speaker, “Title”` / `── 話者「題名」`.
    pub fn attribution(&self, speaker: &str, title: &str) -> String {
        match self.style {
            Style::Japanese => format!("── {speaker}{}", self.quoted_title(title)),
            Style::English | Style::AmericanEnglish => format!("— {speaker}, {}", self.quoted_title(title)),
        }
    }

    /// A remark after a text: ` (remark)` / `（remark）`.
    pub fn parenthetical(&self, remark: &str) -> String {
        match self.style {
            Style::Japanese => format!("（{remark}）"),
            Style::English | Style::AmericanEnglish => format!(" ({remark})"),
        }
    }

    /// `1 day`, `12 days` / `1日`, `12日`.
    pub fn days(&self, days: i64) -> String {
        match self.style {
            Style::Japanese => format!("{days}日"),
            Style::English | Style::AmericanEnglish => {
                if days.abs() == 1 {
                    format!("{days} day")
                } else {
                    format!("{days} days")
                }
            }
        }
    }

    /// [`Locale::days`], or the mark for "not known" (a date not known to the day).
    pub fn days_or_unknown(&self, days: Option<i64>) -> String {
        days.map(|d| self.days(d)).unwrap_or_else(|| "—".to_string())
    }

    /// A date or a range, in the locale's style: `9 March 2024`, `9–23 March 2024`,
    /// `March 9–23, 2024`, `2024年3月9日〜23日`.
    pub fn date(&self, date: &DateSpec) -> String {
        if let Some(time) = &date.time {
            return self.with_time(&self.partial_date(&date.start), time);
        }
        let Some(end) = date.end else { return self.partial_date(&date.start) };
        let start = date.start;
        match self.style {
            Style::Japanese => self.japanese_range(&start, &end),
            Style::English => british_range(&start, &end),
            Style::AmericanEnglish => american_range(&start, &end),
        }
    }

    /// One partial date (`2024`, `March 2024`, `9 March 2024` / `March 9, 2024` / `2024年3月9日`).
    pub fn partial_date(&self, date: &PartialDate) -> String {
        match self.style {
            Style::Japanese => format!("{}{}", self.japanese_year(date), japanese_month_day(date.month, date.day)),
            Style::English => british(date),
            Style::AmericanEnglish => american(date),
        }
    }

    fn japanese_year(&self, date: &PartialDate) -> String {
        match self.era.then(|| japanese_era(date)).flatten() {
            Some(era) => format!("{}年（{era}）", date.year),
            None => format!("{}年", date.year),
        }
    }

    /// `2024年3月9日〜23日`, `2024年3月9日〜4月2日`; the year again only when it changes.
    fn japanese_range(&self, start: &PartialDate, end: &PartialDate) -> String {
        let first = self.partial_date(start);
        let same_precision = start.month.is_some() == end.month.is_some() && start.day.is_some() == end.day.is_some();
        let second = if !same_precision || start.year != end.year || (self.era && start.month.is_none()) {
            self.partial_date(end)
        } else if start.month == end.month && start.day.is_some() {
            japanese_month_day(None, end.day)
        } else {
            japanese_month_day(end.month, end.day)
        };
        format!("{first}〜{second}")
    }

    /// The name of a kind of source, as a bibliography group heading.
    pub fn source_kind(&self, kind: SourceKind) -> &'static str {
        let ja = self.style == Style::Japanese;
        match kind {
            SourceKind::News => pick(ja, "新聞・ニュース", "News"),
            SourceKind::Broadcast => pick(ja, "放送", "Broadcasts"),
            SourceKind::Government => pick(ja, "行政機関の発表", "Government"),
            SourceKind::PressRelease => pick(ja, "企業の発表", "Press releases"),
            SourceKind::InvestigationReport => pick(ja, "調査報告", "Investigation reports"),
            SourceKind::Other => pick(ja, "その他", "Other"),
        }
    }

    /// What a credited person did, as printed with their name in the colophon.
    pub fn role(&self, role: crate::model::AuthorRole) -> &'static str {
        use crate::model::AuthorRole::*;
        let ja = self.style == Style::Japanese;
        match role {
            Author => pick(ja, "著", "author"),
            Editor => pick(ja, "編集", "editor"),
            Translator => pick(ja, "翻訳", "translator"),
            Contributor => pick(ja, "協力", "contributor"),
            Compiler => pick(ja, "編纂", "compiler"),
            Analyst => pick(ja, "分析", "analyst"),
            Researcher => pick(ja, "調査", "researcher"),
            Reviewer => pick(ja, "校閲", "reviewer"),
            Illustrator => pick(ja, "図版", "illustrator"),
            Photographer => pick(ja, "写真", "photographer"),
        }
    }

    /// A name with its remarks (role, affiliation): `Jane Doe (editor, Example University)` /
    /// `山田花子（編集、例示大学）`.
    pub fn name_with(&self, name: &str, remarks: &[String]) -> String {
        if remarks.is_empty() {
            return name.to_string();
        }
        let joined = match self.style {
            Style::Japanese => remarks.join("、"),
            Style::English | Style::AmericanEnglish => remarks.join(", "),
        };
        format!("{name}{}", self.parenthetical(&joined))
    }

    /// The name of a source's format, as printed after a bibliography entry.
    pub fn source_format(&self, format: SourceFormat) -> &'static str {
        let ja = self.style == Style::Japanese;
        match format {
            SourceFormat::Html => "HTML",
            SourceFormat::Pdf => "PDF",
            SourceFormat::Print => pick(ja, "印刷物", "print"),
            SourceFormat::Video => pick(ja, "動画", "video"),
        }
    }

    /// The genre a citation style prints for a kind of source (CSL `genre`), if any:
    /// `press release` / `プレスリリース`.
    pub fn source_genre(&self, kind: SourceKind) -> Option<&'static str> {
        let ja = self.style == Style::Japanese;
        match kind {
            SourceKind::PressRelease => Some(pick(ja, "プレスリリース", "press release")),
            SourceKind::InvestigationReport => Some(pick(ja, "調査報告書", "investigation report")),
            _ => None,
        }
    }

    /// The title page's line: `25 November 2026 · Version 1.0.0` / `2026年11月25日　版 1.0.0`.
    pub fn version_line(&self, date: &str, version: &str) -> String {
        let words = self.words();
        match self.style {
            Style::Japanese => format!("{date}\u{3000}{} {version}", words.version),
            Style::English | Style::AmericanEnglish => format!("{date} · {} {version}", words.version),
        }
    }

    /// The font chains of each kind of text: the first face that has a character sets it.
    /// English text is set in Libertinus Serif (italic emphasis) with the Japanese faces as
    /// fallback; Japanese text in Noto (Gothic emphasis, as JLReq recommends) with Libertinus
    /// for the Latin, Greek and Cyrillic Noto lacks. Code is monospace everywhere.
    pub fn fonts(&self) -> Fonts {
        let chain = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let (libertinus, serif_jp, sans_jp, gap, mono) =
            ("Libertinus Serif", "Noto Serif JP", "Noto Sans JP", "BIZ UDMincho Gap", "DejaVu Sans Mono");
        match self.style {
            Style::Japanese => Fonts {
                body: chain(&[serif_jp, libertinus, gap]),
                heading: chain(&[sans_jp, libertinus, gap]),
                emphasis: chain(&[sans_jp, libertinus, gap]),
                emphasis_style: "normal".into(),
                code: chain(&[mono, sans_jp, gap]),
            },
            Style::English | Style::AmericanEnglish => Fonts {
                body: chain(&[libertinus, serif_jp, gap]),
                heading: chain(&[libertinus, sans_jp, gap]),
                emphasis: chain(&[libertinus, serif_jp, gap]),
                emphasis_style: "italic".into(),
                code: chain(&[mono, sans_jp, gap]),
            },
        }
    }

    /// The colophon's line on the bundled fonts and their licences.
    pub fn font_notice(&self) -> String {
        match self.style {
            Style::Japanese => "本文 Noto Serif JP、見出し Noto Sans JP、欧文 Libertinus Serif、補助 BIZ UDMincho（以上 SIL Open Font License 1.1）、コード DejaVu Sans Mono（Bitstream Vera License）".into(),
            Style::English | Style::AmericanEnglish => "Set in Libertinus Serif, with Noto Serif JP, Noto Sans JP and BIZ UDMincho for Japanese (SIL Open Font License 1.1) and DejaVu Sans Mono for code (Bitstream Vera License)".into(),
        }
    }

    /// Typographic conventions of the text: hyphenation, paragraph indents, smart quotes and
    /// dashes (applied to the text in resolve, see `crate::inline`).
    pub fn typography(&self) -> Typography {
        match self.style {
            // JLReq: 1em indent on every paragraph, no hyphenation, 「」 as typed.
            Style::Japanese => Typography { hyphenate: false, indent_all: true, smart_punctuation: false },
            Style::English | Style::AmericanEnglish => {
                Typography { hyphenate: true, indent_all: false, smart_punctuation: true }
            }
        }
    }

    /// The paper when the report names none: US Letter in the regions that use it (the United
    /// States, Canada, Mexico), A4 elsewhere.
    pub fn default_paper(&self) -> crate::model::Paper {
        match self.region.as_deref() {
            Some("US" | "CA" | "MX") => crate::model::Paper::UsLetter,
            _ => crate::model::Paper::A4,
        }
    }

    /// The EPUB's `schema:accessibilitySummary`; `images`: the report has figures (each with
    /// alternative text).
    pub fn accessibility_summary(&self, pdf_file: &str, images: bool) -> String {
        if images {
            return match self.style {
                Style::Japanese => format!(
                    "図を含む報告書です。すべての図に代替テキストがあり、表には見出しセルがあります。目次、見出しによる構造、注の相互リンク、年表と参考資料の表を備え、印刷版（{pdf_file}）のページ番号に移動できます。音声・動画は含みません。"
                ),
                Style::English | Style::AmericanEnglish => format!(
                    "A report with figures, each with alternative text, and tables with header cells; a table of contents, structured headings, linked notes, a chronology and bibliography, and page navigation matching the printed edition ({pdf_file}). No audio or video."
                ),
            };
        }
        match self.style {
            Style::Japanese => format!(
                "テキストのみで構成された報告書です。目次、見出しによる構造、注の相互リンク、年表と参考資料の表を備え、印刷版（{pdf_file}）のページ番号に移動できます。画像・音声・動画は含みません。"
            ),
            Style::English | Style::AmericanEnglish => format!(
                "A text-only report with a table of contents, structured headings, linked notes, a chronology and bibliography as tables, and page navigation matching the printed edition ({pdf_file}). No images, audio or video."
            ),
        }
    }

    /// The heading of the EPUB's page-list: `Pages (PDF edition)` / `ページ（PDF版）`.
    pub fn page_list_heading(&self) -> String {
        let words = self.words();
        format!("{}{}", words.pages, self.parenthetical(&words.pdf_edition))
    }
}

fn pick(japanese: bool, ja: &'static str, en: &'static str) -> &'static str {
    if japanese { ja } else { en }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

fn japanese_month_day(month: Option<u32>, day: Option<u32>) -> String {
    match (month, day) {
        (Some(m), Some(d)) => format!("{m}月{d}日"),
        (Some(m), None) => format!("{m}月"),
        (None, Some(d)) => format!("{d}日"),
        (None, None) => String::new(),
    }
}

/// `9 March 2024`, `March 2024`, `2024`.
fn british(date: &PartialDate) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{d} {} {}", month_name(m), date.year),
        (Some(m), None) => format!("{} {}", month_name(m), date.year),
        _ => date.year.to_string(),
    }
}

/// `March 9, 2024`, `March 2024`, `2024`.
fn american(date: &PartialDate) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{} {d}, {}", month_name(m), date.year),
        (Some(m), None) => format!("{} {}", month_name(m), date.year),
        _ => date.year.to_string(),
    }
}

/// `9–23 March 2024`, `9 March – 2 April 2024`, `March–May 2024`, `2017–2020`.
fn british_range(start: &PartialDate, end: &PartialDate) -> String {
    english_range(start, end, british, |(m1, d1), (m2, d2), year| {
        if m1 == m2 {
            format!("{d1}–{d2} {} {year}", month_name(m1))
        } else {
            format!("{d1} {} – {d2} {} {year}", month_name(m1), month_name(m2))
        }
    })
}

/// `March 9–23, 2024`, `March 9 – April 2, 2024`, `March–May 2024`, `2017–2020`.
fn american_range(start: &PartialDate, end: &PartialDate) -> String {
    english_range(start, end, american, |(m1, d1), (m2, d2), year| {
        if m1 == m2 {
            format!("{} {d1}–{d2}, {year}", month_name(m1))
        } else {
            format!("{} {d1} – {} {d2}, {year}", month_name(m1), month_name(m2))
        }
    })
}

/// An English range: days of one year through `days_in_year` ((month, day) of each end and the
/// year); months of one year and years with a plain en dash; dates of different precision, or
/// days years apart, in full (`single`) on both sides of a spaced en dash.
fn english_range(
    start: &PartialDate,
    end: &PartialDate,
    single: fn(&PartialDate) -> String,
    days_in_year: fn((u32, u32), (u32, u32), i32) -> String,
) -> String {
    match ((start.month, start.day), (end.month, end.day)) {
        ((Some(m1), Some(d1)), (Some(m2), Some(d2))) if start.year == end.year => {
            days_in_year((m1, d1), (m2, d2), start.year)
        }
        ((Some(m1), None), (Some(m2), None)) if start.year == end.year => {
            format!("{}–{} {}", month_name(m1), month_name(m2), start.year)
        }
        ((None, None), (None, None)) => format!("{}–{}", start.year, end.year),
        _ => format!("{} – {}", single(start), single(end)),
    }
}

/// The typographic conventions of a locale.
#[derive(Clone, Copy, Debug, Serialize, schemars::JsonSchema)]
pub struct Typography {
    /// Hyphenate justified text (English: yes; Japanese: no, JLReq breaks between characters).
    pub hyphenate: bool,
    /// Indent every paragraph (Japanese), or only those following another paragraph (English).
    pub indent_all: bool,
    /// Typed `"`, `'`, `--` and `---` become typographic quotes, apostrophes and dashes.
    pub smart_punctuation: bool,
}

/// Font chains (family names, first choice first) for each kind of text.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Fonts {
    pub body: Vec<String>,
    pub heading: Vec<String>,
    pub emphasis: Vec<String>,
    /// `italic` or `normal` (Japanese emphasis is set in Gothic, not slanted).
    pub emphasis_style: String,
    pub code: Vec<String>,
}

/// Separators for the places where a renderer joins items it lays out itself.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Punctuation {
    /// Between items of a list the renderer links one by one (`, ` / `、`).
    pub list: String,
    /// After a label that precedes its value (`: ` / `：`).
    pub label_end: String,
    /// Between a number or date and the title it leads (`: ` / U+3000).
    pub heading_gap: String,
    /// Between two adjacent note marks (`¹,²`), set as superscript.
    pub note_separator: String,
    /// Around a ruby reading where ruby is not supported (`(` `)` / `（` `）`).
    pub ruby_open: String,
    pub ruby_close: String,
}

/// The fixed words of the layout, in the report's language.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Words {
    pub contents: String,
    pub actors: String,
    pub sources: String,
    pub analysis: String,
    pub analysis_note: String,
    pub see_also: String,
    pub chronology: String,
    pub date: String,
    pub event: String,
    pub chapter: String,
    pub days_since: String,
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
    pub project_fonts: String,
    pub pdf_edition: String,
    pub cover: String,
    pub pages: String,
    pub landmarks: String,
    pub list_of_figures: String,
    pub list_of_tables: String,
}

impl Words {
    fn japanese() -> Self {
        let s = |x: &str| x.to_string();
        Words {
            contents: s("目次"),
            actors: s("関係者"),
            sources: s("典拠"),
            analysis: s("編者による分析"),
            analysis_note: s("以下は報じられた事実ではなく、編者の見解である。"),
            see_also: s("関連"),
            chronology: s("年表"),
            date: s("日付"),
            event: s("出来事"),
            chapter: s("章"),
            days_since: s("前項からの日数"),
            interval: s("経過日数"),
            from: s("起点"),
            to: s("終点"),
            total: s("全体"),
            open_questions: s("記録に残る未解明の点"),
            bibliography: s("参考資料"),
            archived: s("魚拓あり"),
            accessed: s("閲覧"),
            cited_in_notes: s("注"),
            notes: s("注"),
            back_to_text: s("本文へ戻る"),
            colophon: s("奥付"),
            version: s("版"),
            published: s("発行日"),
            publisher: s("発行"),
            authors: s("編著者"),
            identifier: s("識別子"),
            rights: s("権利"),
            fonts: s("使用書体"),
            project_fonts: s("追加書体"),
            pdf_edition: s("PDF版"),
            cover: s("表紙"),
            pages: s("ページ"),
            landmarks: s("ランドマーク"),
            list_of_figures: s("図目次"),
            list_of_tables: s("表目次"),
        }
    }

    fn english() -> Self {
        let s = |x: &str| x.to_string();
        Words {
            contents: s("Contents"),
            actors: s("Actors"),
            sources: s("Sources"),
            analysis: s("Editorial analysis"),
            analysis_note: s("What follows is the editors’ view, not reported fact."),
            see_also: s("See also"),
            chronology: s("Chronology"),
            date: s("Date"),
            event: s("Event"),
            chapter: s("Ch."),
            days_since: s("Interval"),
            interval: s("Days"),
            from: s("From"),
            to: s("To"),
            total: s("Total"),
            open_questions: s("Open questions"),
            bibliography: s("Bibliography"),
            archived: s("archived copy exists"),
            accessed: s("accessed"),
            cited_in_notes: s("Cited in notes"),
            notes: s("Notes"),
            back_to_text: s("Back to text"),
            colophon: s("Colophon"),
            version: s("Version"),
            published: s("Published"),
            publisher: s("Publisher"),
            authors: s("Credits"),
            identifier: s("Identifier"),
            rights: s("Rights"),
            fonts: s("Typefaces"),
            project_fonts: s("Added typefaces"),
            pdf_edition: s("PDF edition"),
            cover: s("Cover"),
            pages: s("Pages"),
            landmarks: s("Landmarks"),
            list_of_figures: s("List of figures"),
            list_of_tables: s("List of tables"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        Locale::new(tag, false).unwrap().0
    }

    fn date(s: &str) -> DateSpec {
        DateSpec::parse(s).unwrap()
    }

    #[test]
    fn tags_parse_once_into_language_and_region() {
        let l = locale("en-gb");
        assert_eq!((l.tag.as_str(), l.language.as_str(), l.region.as_deref()), ("en-GB", "en", Some("GB")));
        assert_eq!(Locale::new("fr-CA", false).unwrap().1, TagStatus::Fallback);
        assert_eq!(Locale::new("ja-JP", false).unwrap().1, TagStatus::Supported);
        assert!(Locale::new("not a tag", false).is_err());
        assert!(Locale::new("", false).is_err());
    }

    #[test]
    fn dates_and_ranges_follow_the_region() {
        assert_eq!(locale("en-GB").date(&date("2024-03-09")), "9 March 2024");
        assert_eq!(locale("en-US").date(&date("2024-03-09")), "March 9, 2024");
        assert_eq!(locale("en-GB").date(&date("2024-03-09/2024-03-23")), "9–23 March 2024");
        assert_eq!(locale("en-US").date(&date("2024-03-09/2024-03-23")), "March 9–23, 2024");
        assert_eq!(locale("en").date(&date("2024-03-09/2024-04-02")), "9 March – 2 April 2024");
        assert_eq!(locale("en-US").date(&date("2023-12-30/2024-01-02")), "December 30, 2023 – January 2, 2024");
        assert_eq!(locale("en").date(&date("2017/2020")), "2017–2020");
        assert_eq!(locale("ja").date(&date("2024-03-09/2024-03-23")), "2024年3月9日〜23日");
        assert_eq!(locale("ja").date(&date("2024-03-09/2024-04-02")), "2024年3月9日〜4月2日");
        assert_eq!(locale("ja").date(&date("2015-03/2015-09")), "2015年3月〜9月");
        assert_eq!(locale("ja").date(&date("2015/2016-02")), "2015年〜2016年2月");
        let era = Locale::new("ja", true).unwrap().0;
        assert_eq!(era.date(&date("2015-03-11")), "2015年（平成27年）3月11日");
        assert_eq!(era.date(&date("2015-03-11/2015-03-20")), "2015年（平成27年）3月11日〜20日");
    }

    #[test]
    fn plurals_lists_and_separators() {
        let en = locale("en");
        assert_eq!((en.days(1), en.days(2), en.days(0)), ("1 day".into(), "2 days".into(), "0 days".into()));
        assert_eq!(locale("ja").days(1), "1日");
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(en.list(&names), "A, B and C");
        assert_eq!(en.list(&names[..2]), "A and B");
        assert_eq!(locale("ja").list(&names), "A、B、C");
        assert_eq!(en.heading("Chapter 1", "Discovery"), "Chapter 1: Discovery");
        assert_eq!(locale("ja").heading("第1章", "発覚"), "第1章\u{3000}発覚");
        assert_eq!(en.labelled("Actors", "A"), "Actors: A");
        assert_eq!(locale("ja").labelled("関係者", "A"), "関係者：A");
    }
}
