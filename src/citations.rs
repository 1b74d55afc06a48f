//! Citations through a CSL processor (hayagriva, Typst's own): every note and every
//! bibliography entry is formatted by one citation style, which decides the full form of a
//! first citation, the short form of a later one and `ibid`.
//!
//! - [`CiteSource`] is casebook's typed source as the engine reads it; [`CiteSource::entry`]
//!   maps it onto a hayagriva `Entry` (the mapping is documented in README, "Citations").
//! - [`CitationStyle`] is a style: one of hayagriva's archived styles by name, or the XML of a
//!   `.csl` file (casebook's own Japanese house style, `assets/csl/casebook-ja.csl`, is one).
//! - [`format`] formats the notes in order (one `CitationRequest` per note, every citation of
//!   a source pointing at the same `Entry`, since hayagriva tells a first citation from a later
//!   one by address) and the bibliography, and returns structured runs ([`Inline`]), never
//!   hayagriva's HTML (which does not escape).
//!
//! Cost: decoding the archive's locales once per process (about 0.2 s in a debug build) and
//! formatting (chicago-notes: 500 notes in 0.25–0.45 s release). Both are paid once per
//! process and input: the last results are kept, keyed by everything that decides them (the
//! style, the locale, the sources and the sequence of citations), so a `watch` edit that does
//! not change a citation reuses them.

use std::collections::{HashMap, VecDeque};
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, LocaleCode, Style};
use hayagriva::types::{Date, EntryType, FormatString, Person, Publisher, QualifiedUrl};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, Entry, LocatorPayload,
    SpecificLocator,
};

use crate::date::PartialDate;
use crate::document::Inline;
use crate::model::SourceKind;

/// The house style for Japanese reports, compiled in.
pub const HOUSE_JA_CSL: &str = include_str!("../assets/csl/casebook-ja.csl");

/// The style name reports in English (and every language but Japanese) use by default.
pub const DEFAULT_STYLE: &str = "chicago-notes";

/// A source as the citation engine reads it: the fields of a `[[source]]`, trimmed, plus the
/// words the locale adds (the genre of a press release, the archived-copy remark).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CiteSource {
    pub id: String,
    pub kind: SourceKind,
    pub title: String,
    pub publisher: String,
    pub date: Option<PartialDate>,
    pub section: Option<String>,
    pub url: Option<String>,
    pub accessed: Option<PartialDate>,
    /// `press release`, `プレスリリース`: CSL `genre`.
    pub genre: Option<String>,
    /// `archived copy exists`, `魚拓あり` when an archived copy exists: CSL `archive`.
    pub archive: Option<String>,
    /// The report's language, which decides whether English title case applies.
    pub language: String,
}

/// One citation inside a note: which source (an index into the sources) and where in it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cite {
    pub source: usize,
    pub locator: Option<String>,
}

/// A citation style, parsed once.
#[derive(Clone)]
pub struct CitationStyle {
    /// What identifies it in the cache: `name:<archived name>` or `csl:<the XML>`.
    key: Arc<str>,
    style: Arc<IndependentStyle>,
}

impl std::fmt::Debug for CitationStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key: String = self.key.chars().take(40).collect();
        f.debug_struct("CitationStyle").field("key", &key).finish()
    }
}

/// Why a style could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StyleError {
    /// No archived style has this name; the closest names, best first.
    UnknownName { suggestions: Vec<String> },
    /// The XML is not a CSL style: where (a path into the XML, as the parser reports it) and why.
    Parse { path: String, cause: String },
    /// A dependent style whose parent is not in the archive.
    UnknownParent(String),
    /// `<text macro="…"/>` names macros the style does not define (each would print nothing).
    MissingMacros(Vec<String>),
}

impl std::fmt::Display for StyleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StyleError::UnknownName { .. } => write!(f, "no citation style of this name"),
            StyleError::Parse { path, cause } => write!(f, "not a CSL style: {cause} (at `{path}`)"),
            StyleError::UnknownParent(href) => write!(f, "the parent style `{href}` is not in casebook's archive"),
            StyleError::MissingMacros(names) => {
                let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                write!(
                    f,
                    "the style uses undefined macro{} {}",
                    if names.len() > 1 { "s" } else { "" },
                    list.join(", ")
                )
            }
        }
    }
}

/// Every name hayagriva's archive accepts, sorted.
pub fn archived_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ArchivedStyle::all().iter().flat_map(|s| s.names().iter().copied()).collect();
    names.sort_unstable();
    names
}

fn styles() -> &'static Mutex<HashMap<Arc<str>, Arc<IndependentStyle>>> {
    static STYLES: OnceLock<Mutex<HashMap<Arc<str>, Arc<IndependentStyle>>>> = OnceLock::new();
    STYLES.get_or_init(Default::default)
}

fn cached_style(
    key: &str,
    make: impl FnOnce() -> Result<IndependentStyle, StyleError>,
) -> Result<CitationStyle, StyleError> {
    if let Some((k, style)) = styles().lock().unwrap_or_else(|e| e.into_inner()).get_key_value(key) {
        return Ok(CitationStyle { key: k.clone(), style: style.clone() });
    }
    let style = Arc::new(make()?);
    let key: Arc<str> = key.into();
    styles().lock().unwrap_or_else(|e| e.into_inner()).insert(key.clone(), style.clone());
    Ok(CitationStyle { key, style })
}

impl CitationStyle {
    /// An archived style by name (`chicago-notes`, `modern-humanities-research-association-notes`).
    pub fn archived(name: &str) -> Result<CitationStyle, StyleError> {
        let Some(archived) = ArchivedStyle::by_name(name) else {
            let mut names = archived_names();
            names.sort_by_key(|n| (strsim::levenshtein(n, name), *n));
            let suggestions = names.into_iter().take(3).filter(|n| strsim::levenshtein(n, name) <= name.len() / 2 + 2);
            return Err(StyleError::UnknownName { suggestions: suggestions.map(str::to_string).collect() });
        };
        cached_style(&format!("name:{name}"), || independent(archived.get()))
    }

    /// A style from the XML of a `.csl` file (independent, or dependent on an archived style).
    pub fn from_csl(xml: &str) -> Result<CitationStyle, StyleError> {
        cached_style(&format!("csl:{xml}"), || {
            let style = Style::from_xml(xml).map_err(|e| StyleError::Parse {
                path: e.path.as_ref().map(|p| p.to_string()).unwrap_or_else(|| ".".into()),
                cause: e.source.to_string(),
            })?;
            let style = independent(style)?;
            let missing = undefined_macros(xml, &style);
            if !missing.is_empty() {
                return Err(StyleError::MissingMacros(missing));
            }
            Ok(style)
        })
    }

    /// The default for a language: casebook's house style for Japanese, Chicago's notes
    /// style (full note first, short after) for every other language.
    pub fn default_for(japanese: bool) -> CitationStyle {
        let style = if japanese { Self::from_csl(HOUSE_JA_CSL) } else { Self::archived(DEFAULT_STYLE) };
        style.expect("the built-in citation styles are valid")
    }

    /// Whether the style numbers notes (class `note`) rather than citing in the text.
    pub fn is_note_style(&self) -> bool {
        self.style.settings.class == hayagriva::citationberg::StyleClass::Note
    }
}

fn independent(style: Style) -> Result<IndependentStyle, StyleError> {
    match style {
        Style::Independent(style) => Ok(style),
        Style::Dependent(dependent) => {
            let href = dependent.parent_link.href;
            match ArchivedStyle::by_id(&href).map(ArchivedStyle::get) {
                Some(Style::Independent(style)) => Ok(style),
                _ => Err(StyleError::UnknownParent(href)),
            }
        }
    }
}

/// Macro names referenced with `macro="…"` that the style does not define: hayagriva prints
/// nothing for them, silently.
fn undefined_macros(xml: &str, style: &IndependentStyle) -> Vec<String> {
    let defined: std::collections::HashSet<&str> = style.macros.iter().map(|m| m.name.as_str()).collect();
    let mut missing: Vec<String> = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!("macro={quote}");
        let mut rest = xml;
        while let Some(at) = rest.find(&needle) {
            let after = &rest[at + needle.len()..];
            let name = after.split(quote).next().unwrap_or("");
            // `<macro name=…>` is a definition, `macro=` an attribute of <text>, <key>…
            let attribute = rest[..at].ends_with(char::is_whitespace);
            if attribute && !defined.contains(name) && !missing.iter().any(|m| m == name) {
                missing.push(name.to_string());
            }
            rest = after;
        }
    }
    missing
}

/// Where `macro="name"` is written in the XML (byte range of the name), for diagnostics.
pub fn macro_reference_span(xml: &str, name: &str) -> Option<std::ops::Range<usize>> {
    for quote in ['"', '\''] {
        let needle = format!("macro={quote}{name}{quote}");
        if let Some(at) = xml.find(&needle) {
            let start = at + "macro=".len() + 1;
            return Some(start..start + name.len());
        }
    }
    None
}

/// The CSL locales a report in `tag` needs from the archive, decoded once per process and
/// tag: those of its language (`ja` → `ja-JP`; `en-GB` → `en-GB`, `en-US`), of the style's
/// default locale, and `en-US`, where every lookup ends. hayagriva's `archive::locales()`
/// decodes all 63 (measured: 45–75 ms release, 140–220 ms in a debug build); a report needs
/// two or three.
fn locales(tag: &str, style: &IndependentStyle) -> Arc<Vec<hayagriva::citationberg::Locale>> {
    type Decoded = Mutex<HashMap<String, Arc<Vec<hayagriva::citationberg::Locale>>>>;
    static DECODED: OnceLock<Decoded> = OnceLock::new();
    let default = style.default_locale.as_ref().map(|l| l.0.as_str()).unwrap_or("en-US");
    let key = format!("{tag}|{default}");
    let decoded = DECODED.get_or_init(Default::default);
    if let Some(found) = decoded.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return found.clone();
    }
    let language = |code: &str| code.split('-').next().unwrap_or("").to_ascii_lowercase();
    let wanted = [language(tag), language(default), "en".to_string()];
    let chosen: Vec<hayagriva::citationberg::Locale> = locale_codes()
        .iter()
        .zip(hayagriva::archive::LOCALES)
        .filter(|(code, _)| wanted.contains(&language(code)))
        .filter_map(|(_, bytes)| ciborium::de::from_reader(*bytes).ok())
        .collect();
    let chosen = Arc::new(chosen);
    decoded.lock().unwrap_or_else(|e| e.into_inner()).insert(key, chosen.clone());
    chosen
}

/// The language code of every locale of the archive, in the archive's order. Each locale is
/// a CBOR map whose first entry is `@xml:lang`: the code is read from the first bytes, and
/// only a locale where it is not found is decoded to learn it (decoding all 63 to read their
/// codes cost as much as decoding them for use).
fn locale_codes() -> &'static [String] {
    #[derive(serde::Deserialize)]
    struct LangOnly {
        #[serde(rename = "@xml:lang")]
        lang: Option<String>,
    }
    static CODES: OnceLock<Vec<String>> = OnceLock::new();
    CODES.get_or_init(|| {
        hayagriva::archive::LOCALES
            .iter()
            .map(|bytes| {
                lang_in_header(bytes)
                    .or_else(|| ciborium::de::from_reader::<LangOnly, _>(*bytes).ok().and_then(|l| l.lang))
                    .unwrap_or_default()
            })
            .collect()
    })
}

/// The text value after the key `@xml:lang` near the start of a CBOR map, if it is there.
fn lang_in_header(bytes: &[u8]) -> Option<String> {
    const KEY: &[u8] = b"@xml:lang";
    let head = &bytes[..bytes.len().min(64)];
    let at = head.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let header = *bytes.get(at)?;
    // A CBOR text string (major type 3) of up to 255 bytes.
    let (len, start) = match (header >> 5, header & 0x1f) {
        (3, n @ 0..=23) => (n as usize, at + 1),
        (3, 24) => (*bytes.get(at + 1)? as usize, at + 2),
        _ => return None,
    };
    std::str::from_utf8(bytes.get(start..start + len)?).ok().map(str::to_string)
}

/// A hayagriva date: 0-based month and day, with the source's precision.
fn hayagriva_date(date: &PartialDate) -> Date {
    Date {
        year: date.year,
        month: date.month.and_then(|m| u8::try_from(m.checked_sub(1)?).ok()),
        day: date.day.and_then(|d| u8::try_from(d.checked_sub(1)?).ok()),
        approximate: false,
        season: None,
    }
}

/// An institution as a CSL name: the whole string is the (family) name, never split.
fn institution(name: &str) -> Person {
    Person { name: name.to_string(), given_name: None, prefix: None, suffix: None, comma_suffix: false, alias: None }
}

impl CiteSource {
    /// The hayagriva entry: see README, "Citations", for the mapping.
    pub fn entry(&self) -> Entry {
        let text = |s: &str| FormatString::with_value(s);
        let (entry_type, parent) = match self.kind {
            // An article in a paper: CSL `article-newspaper`, the paper as `container-title`.
            SourceKind::News => (EntryType::Article, Some(EntryType::Newspaper)),
            // A programme on a channel: CSL `broadcast` (a video with a parent), the channel
            // as `publisher`.
            SourceKind::Broadcast => (EntryType::Video, Some(EntryType::Video)),
            SourceKind::Government | SourceKind::PressRelease | SourceKind::InvestigationReport => {
                (EntryType::Report, None)
            }
            SourceKind::Other => (EntryType::Misc, None),
        };
        let mut entry = Entry::new(&self.id, entry_type);
        entry.set_title(text(&self.title));
        match parent {
            Some(parent_type) => {
                let mut parent = Entry::new(&format!("{}-container", self.id), parent_type);
                parent.set_title(text(&self.publisher));
                entry.set_parents(vec![parent]);
                if self.kind == SourceKind::Broadcast {
                    // A video's parent is no CSL container: the channel is the publisher.
                    entry.set_publisher(Publisher::new(Some(text(&self.publisher)), None));
                }
            }
            None => entry.set_authors(vec![institution(&self.publisher)]),
        }
        if let Some(date) = &self.date {
            entry.set_date(hayagriva_date(date));
        }
        if let Some(genre) = &self.genre {
            entry.set_genre(text(genre));
        }
        if let Some(section) = &self.section {
            // CSL `section` is not supported by hayagriva; `note` prints after the date.
            entry.set_note(text(section));
        }
        if let Some(url) = self.url.as_deref().and_then(|u| u.parse::<QualifiedUrl>().ok()) {
            entry.set_url(QualifiedUrl { visit_date: self.accessed.as_ref().map(hayagriva_date), ..url });
        }
        if let Some(archive) = &self.archive {
            entry.set_archive(text(archive));
        }
        if let Ok(language) = self.language.parse() {
            entry.set_language(language);
        }
        entry
    }
}

/// A locator as the CSL processor takes it: a page number (`2`, `18-20`, `p. 2`, `pp. 3–4`,
/// `2ページ`, `2頁`) bare with the label `page`, which the style then prints in its own way;
/// anything else (`第2段落`, `見出し`, `§ 4`) as written, without a label.
fn locator(text: &str) -> SpecificLocator<'_> {
    let t = text.trim();
    let bare = t
        .strip_prefix("pp.")
        .or_else(|| t.strip_prefix("p."))
        .or_else(|| t.strip_prefix("page"))
        .or_else(|| t.strip_suffix("ページ"))
        .or_else(|| t.strip_suffix("頁"))
        .unwrap_or(t)
        .trim();
    let numeric = bare.chars().next().is_some_and(|c| c.is_ascii_digit())
        && bare.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ',' | ' '));
    if numeric {
        SpecificLocator(Locator::Page, LocatorPayload::Str(bare))
    } else {
        SpecificLocator(Locator::Custom, LocatorPayload::Str(t))
    }
}

/// What the engine produced for one report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formatted {
    /// The text of every note, in note order.
    pub notes: Vec<Vec<Inline>>,
    /// The bibliography in the style's order: the source (an index into the sources) and
    /// its entry.
    pub bibliography: Vec<(usize, Vec<Inline>)>,
}

/// Everything that decides a [`Formatted`]: the cache key.
#[derive(Clone, PartialEq, Eq)]
struct Input {
    style: Arc<str>,
    locale: String,
    sources: Vec<CiteSource>,
    notes: Vec<Vec<Cite>>,
}

/// How many results are kept per process (a `watch` session needs one; tests build several
/// reports side by side).
const CACHE_SIZE: usize = 4;

/// The last results, oldest first.
type Cache = Mutex<VecDeque<(Input, Arc<Formatted>)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Counts of formatting runs and cache hits in this process (for tests and benchmarks).
pub fn cache_stats() -> (usize, usize) {
    (RUNS.load(std::sync::atomic::Ordering::Relaxed), HITS.load(std::sync::atomic::Ordering::Relaxed))
}

static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static HITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Formats every note (each a list of citations, in note order) and the bibliography of all
/// `sources` with `style`; `locale` is the report's BCP 47 tag (the style's terms, quotes and
/// dates follow it unless the style fixes its own). An error is a failure inside the engine
/// (a panic on some style), reported as text.
pub fn format(
    style: &CitationStyle,
    locale: &str,
    sources: &[CiteSource],
    notes: &[Vec<Cite>],
) -> Result<Arc<Formatted>, String> {
    let input = Input {
        style: style.key.clone(),
        locale: locale.to_string(),
        sources: sources.to_vec(),
        notes: notes.to_vec(),
    };
    {
        let cache = cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, found)) = cache.iter().find(|(key, _)| *key == input) {
            HITS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(found.clone());
        }
    }
    RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let formatted = Arc::new(run(&style.style, locale, sources, notes)?);
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= CACHE_SIZE {
        cache.pop_front();
    }
    cache.push_back((input, formatted.clone()));
    Ok(formatted)
}

/// The bibliography key of the placeholder cited by notes without a citation.
const NOTHING: &str = "\u{0}casebook-no-citation";

fn run(
    style: &IndependentStyle,
    locale: &str,
    sources: &[CiteSource],
    notes: &[Vec<Cite>],
) -> Result<Formatted, String> {
    let locales = locales(locale, style);
    let locales = locales.as_slice();
    // One entry per source, cited by reference every time: hayagriva tells a first citation
    // from a later one by the entry's address.
    let entries: Vec<Entry> = sources.iter().map(CiteSource::entry).collect();
    let nothing = Entry::new(NOTHING, EntryType::Misc);
    let term_locale = Some(LocaleCode(locale.to_string()));
    let note_style = style.settings.class == hayagriva::citationberg::StyleClass::Note;
    let mut driver: BibliographyDriver<'_, Entry> = BibliographyDriver::new();
    for (i, cites) in notes.iter().enumerate() {
        let items: Vec<CitationItem<'_, Entry>> = if cites.is_empty() {
            // A note that cites nothing still breaks an `ibid` chain (hayagriva ignores note
            // numbers when it decides ibid).
            vec![CitationItem::new(&nothing, None, None, true, None)]
        } else {
            cites
                .iter()
                .map(|c| CitationItem::with_locator(&entries[c.source], c.locator.as_deref().map(locator)))
                .collect()
        };
        let number = note_style.then_some(i + 1);
        driver.citation(CitationRequest::new(items, style, term_locale.clone(), locales, number));
    }
    // Sources never cited still belong in the bibliography: one hidden citation after the
    // last note, which no note can see.
    let cited: std::collections::HashSet<usize> = notes.iter().flatten().map(|c| c.source).collect();
    let uncited: Vec<CitationItem<'_, Entry>> = (0..entries.len())
        .filter(|i| !cited.contains(i))
        .map(|i| CitationItem::new(&entries[i], None, None, true, None))
        .collect();
    if !uncited.is_empty() {
        driver.citation(CitationRequest::new(uncited, style, term_locale.clone(), locales, None));
    }
    let rendered = std::panic::catch_unwind(AssertUnwindSafe(|| {
        driver.finish(BibliographyRequest::new(style, term_locale.clone(), locales))
    }))
    .map_err(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        format!("the citation engine failed with this style: {why}")
    })?;
    let notes_out: Vec<Vec<Inline>> =
        rendered.citations.iter().take(notes.len()).map(|c| runs(&c.citation.0)).collect();
    let index: HashMap<&str, usize> = sources.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let bibliography = rendered
        .bibliography
        .map(|b| {
            b.items
                .into_iter()
                .filter_map(|item| {
                    let source = *index.get(item.key.as_str())?;
                    let mut content = Vec::new();
                    if let Some(first) = &item.first_field {
                        push_child(&mut content, first, Style2::default());
                        push_text(&mut content, " ", Style2::default());
                    }
                    for child in &item.content.0 {
                        push_child(&mut content, child, Style2::default());
                    }
                    Some((source, content))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Formatted { notes: notes_out, bibliography })
}

/// The formatting in force while converting runs.
#[derive(Clone, Copy, Default)]
struct Style2 {
    italic: bool,
    bold: bool,
}

/// hayagriva's runs as casebook's inline nodes: italic → `Emph`, bold → `Strong`, links →
/// `Link`; small caps, underline and super/subscript are kept as plain text.
pub fn runs(children: &[ElemChild]) -> Vec<Inline> {
    let mut out = Vec::new();
    for child in children {
        push_child(&mut out, child, Style2::default());
    }
    out
}

fn style_of(formatting: &hayagriva::Formatting, outer: Style2) -> Style2 {
    use hayagriva::citationberg::{FontStyle, FontWeight};
    Style2 {
        italic: outer.italic || formatting.font_style == FontStyle::Italic,
        bold: outer.bold || formatting.font_weight == FontWeight::Bold,
    }
}

fn push_child(out: &mut Vec<Inline>, child: &ElemChild, outer: Style2) {
    match child {
        ElemChild::Text(t) => push_text(out, &t.text, style_of(&t.formatting, outer)),
        ElemChild::Elem(e) => {
            for c in &e.children.0 {
                push_child(out, c, outer);
            }
        }
        ElemChild::Markup(m) => push_text(out, m, outer),
        ElemChild::Link { text, url } => {
            let mut children = Vec::new();
            push_text(&mut children, &text.text, style_of(&text.formatting, outer));
            // The target in 7-bit ASCII (the PDF's link annotations); the text as written.
            out.push(Inline::Link { url: crate::url::encode_iri(url), children });
        }
        ElemChild::Transparent { .. } => {}
    }
}

/// Appends text, merged into the previous node when it has the same formatting.
fn push_text(out: &mut Vec<Inline>, text: &str, style: Style2) {
    if text.is_empty() {
        return;
    }
    if style.italic {
        let inner = Style2 { italic: false, ..style };
        match out.last_mut() {
            Some(Inline::Emph { children }) => push_text(children, text, inner),
            _ => {
                let mut children = Vec::new();
                push_text(&mut children, text, inner);
                out.push(Inline::Emph { children });
            }
        }
    } else if style.bold {
        let inner = Style2::default();
        match out.last_mut() {
            Some(Inline::Strong { children }) => push_text(children, text, inner),
            _ => out.push(Inline::Strong { children: vec![Inline::Text { text: text.to_string() }] }),
        }
    } else {
        match out.last_mut() {
            Some(Inline::Text { text: last }) => last.push_str(text),
            _ => out.push(Inline::Text { text: text.to_string() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, kind: SourceKind, title: &str, publisher: &str, date: &str) -> CiteSource {
        let d = crate::date::DateSpec::parse(date).unwrap().start;
        CiteSource {
            id: id.into(),
            kind,
            title: title.into(),
            publisher: publisher.into(),
            date: Some(d),
            section: None,
            url: None,
            accessed: None,
            genre: None,
            archive: None,
            language: "ja".into(),
        }
    }

    #[test]
    fn months_and_days_are_zero_based_in_hayagriva() {
        let d = hayagriva_date(&PartialDate { year: 2018, month: Some(8), day: None });
        assert_eq!((d.year, d.month, d.day), (2018, Some(7), None));
        let d = hayagriva_date(&PartialDate { year: 2015, month: Some(6), day: Some(25) });
        assert_eq!((d.month, d.day), (Some(5), Some(24)));
    }

    #[test]
    fn locators_page_numbers_lose_their_unit() {
        assert!(matches!(locator("2ページ"), SpecificLocator(Locator::Page, LocatorPayload::Str("2"))));
        assert!(matches!(locator("p. 18"), SpecificLocator(Locator::Page, LocatorPayload::Str("18"))));
        assert!(matches!(locator("18-20"), SpecificLocator(Locator::Page, LocatorPayload::Str("18-20"))));
        assert!(matches!(locator("第2段落"), SpecificLocator(Locator::Custom, LocatorPayload::Str("第2段落"))));
        assert!(matches!(locator("page one"), SpecificLocator(Locator::Custom, _)));
    }

    #[test]
    fn house_style_first_ibid_and_subsequent() {
        let style = CitationStyle::default_for(true);
        let sources = vec![
            source("a", SourceKind::PressRelease, "発表", "甲社", "2015-06-25"),
            source("b", SourceKind::News, "記事", "乙新聞", "2015-06"),
        ];
        let cite = |s: usize, l: Option<&str>| vec![Cite { source: s, locator: l.map(str::to_string) }];
        let notes = vec![
            cite(0, None),
            cite(0, None),
            cite(0, Some("2ページ")),
            cite(1, None),
            vec![],
            cite(1, None),
            cite(0, None),
        ];
        let out = format(&style, "ja", &sources, &notes).unwrap();
        let plain: Vec<String> = out.notes.iter().map(|n| Inline::plain(n)).collect();
        assert_eq!(
            plain,
            [
                "甲社「発表」2015年6月25日。",
                "同上。",
                "同上、2頁。",
                "「記事」『乙新聞』2015年6月。",
                "",
                "乙新聞・前掲注（4）。",
                "甲社・前掲注（1）。",
            ]
        );
        let bib: Vec<String> = out.bibliography.iter().map(|(i, c)| format!("{i} {}", Inline::plain(c))).collect();
        assert_eq!(bib, ["1 「記事」『乙新聞』2015年6月。", "0 甲社「発表」2015年6月25日。"]);
    }

    #[test]
    fn only_the_needed_locales_are_decoded() {
        let codes = locale_codes();
        assert_eq!(codes.len(), hayagriva::archive::LOCALES.len());
        // The codes read from the bytes are the decoded locales' own.
        for (code, bytes) in codes.iter().zip(hayagriva::archive::LOCALES) {
            let locale: hayagriva::citationberg::Locale = ciborium::de::from_reader(*bytes).unwrap();
            assert_eq!(Some(code.as_str()), locale.lang.as_ref().map(|l| l.0.as_str()));
        }
        assert!(codes.iter().any(|c| c == "ja-JP") && codes.iter().any(|c| c == "en-GB"));
        let style = CitationStyle::archived("chicago-notes").unwrap();
        let mut got: Vec<String> =
            locales("en-GB", &style.style).iter().filter_map(|l| l.lang.as_ref().map(|c| c.0.clone())).collect();
        got.sort();
        assert_eq!(got, ["en-GB", "en-US"]);
        let house = CitationStyle::default_for(true);
        let got: Vec<String> =
            locales("ja", &house.style).iter().filter_map(|l| l.lang.as_ref().map(|c| c.0.clone())).collect();
        assert!(got.contains(&"ja-JP".to_string()) && got.contains(&"en-US".to_string()), "{got:?}");
    }

    #[test]
    fn the_same_input_is_formatted_once() {
        let style = CitationStyle::default_for(true);
        let sources = vec![source("cache-test", SourceKind::Government, "通知", "丙省", "2016")];
        let notes = vec![vec![Cite { source: 0, locator: None }]];
        let first = format(&style, "ja", &sources, &notes).unwrap();
        let again = format(&style, "ja", &sources, &notes).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "formatted twice");
        let other = format(&style, "ja", &sources, &[notes[0].clone(), notes[0].clone()]).unwrap();
        assert_eq!(Inline::plain(&other.notes[1]), "同上。");
    }

    #[test]
    fn bad_names_and_broken_styles_are_errors() {
        match CitationStyle::archived("chicago-note") {
            Err(StyleError::UnknownName { suggestions }) => assert_eq!(suggestions[0], "chicago-notes"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(CitationStyle::from_csl("<style>"), Err(StyleError::Parse { .. })));
        let missing = HOUSE_JA_CSL.replacen("<text macro=\"locator\"/>", "<text macro=\"no-such\"/>", 1);
        assert_eq!(CitationStyle::from_csl(&missing).unwrap_err(), StyleError::MissingMacros(vec!["no-such".into()]));
    }
}
