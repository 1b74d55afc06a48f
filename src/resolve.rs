//! Resolving: turns the raw model into the one [`Document`] both renderers consume, and
//! checks every rule the format has on the way — all problems are collected, none stops the
//! walk early.
//!
//! Decided here, once: chapter order, anchors, note numbers (one sequence 1, 2, 3 … through
//! the whole report in reading order: per event its sources line, body, quotations, analysis;
//! then the chapter's analysis and digest), citation texts, dates as displayed, the
//! chronology and its intervals, the digest's key intervals, the bibliography's grouping.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::date::DateSpec;
use crate::diagnostics::{Diagnostic, FileId, SourceFiles};
use crate::document::*;
use crate::inline::{RawInline, parse_inline};
use crate::load::Loaded;
use crate::model::{self, SourceKind, Text};

/// Longest run of characters without a line-break opportunity (see `check_word_length`).
pub const MAX_WORD_CHARS: usize = 20_000;

/// Inputs of the resolve step that do not come from the report files.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions {
    /// `SOURCE_DATE_EPOCH`, when set: the modification time written into the outputs.
    pub source_date_epoch: Option<i64>,
}

struct EventInfo {
    file: FileId,
    span: Range<usize>,
    anchor: String,
    title: String,
    date: Option<DateSpec>,
    date_text: String,
}

struct SourceInfo<'a> {
    file: FileId,
    source: &'a model::Source,
    anchor: String,
}

struct Resolver<'a> {
    files: &'a SourceFiles,
    diags: Vec<Diagnostic>,
    lang: String,
    era: bool,
    sources: HashMap<String, SourceInfo<'a>>,
    events: HashMap<String, EventInfo>,
    used_sources: HashSet<String>,
    notes: Vec<Note>,
    chapter_index: usize,
    /// See [`Loaded::sources_complete`].
    sources_complete: bool,
    /// See [`Loaded::chapters_complete`].
    chapters_complete: bool,
}

/// Resolves a loaded project. The document is returned only when there is no error.
pub fn resolve(loaded: &Loaded, options: &ResolveOptions) -> (Option<Document>, Vec<Diagnostic>) {
    let Some((report_file, report)) = &loaded.report else {
        return (None, Vec::new());
    };
    let lang = report.language.get_ref().trim().to_string();
    let mut r = Resolver {
        files: &loaded.files,
        diags: Vec::new(),
        era: report.output.era,
        lang: lang.clone(),
        sources: HashMap::new(),
        events: HashMap::new(),
        used_sources: HashSet::new(),
        notes: Vec::new(),
        chapter_index: 0,
        sources_complete: loaded.sources_complete,
        chapters_complete: loaded.chapters_complete,
    };
    let meta = r.resolve_meta(*report_file, report, options);
    r.collect_sources(&loaded.sources);
    r.collect_events(loaded);

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
        r.chapter_index = chapters.len();
        chapters.push(r.resolve_chapter(chapter.file, head, &chapter.events, chapters.len() + 1));
    }
    if loaded.chapters.is_empty() && loaded.report.is_some() {
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
    let chronology = r.chronology(&chapters);
    let bibliography = r.bibliography();
    let notes = std::mem::take(&mut r.notes);
    let diags = r.diags;
    if diags.iter().any(|d| d.is_error()) {
        return (None, diags);
    }
    let labels = labels_for(&lang);
    let contents = table_of_contents(&chapters, &bibliography, &labels);
    (Some(Document { meta, labels, chapters, chronology, bibliography, notes, contents }), diags)
}

/// The headings both outputs list in their table of contents, in reading order.
fn table_of_contents(chapters: &[Chapter], bibliography: &[BibGroup], labels: &Labels) -> Vec<ContentsEntry> {
    let entry = |level, title: String, anchor: &str| ContentsEntry { level, title, anchor: anchor.to_string() };
    let mut contents = Vec::new();
    for ch in chapters {
        contents.push(entry(1, format!("{}　{}", ch.number_text, ch.title), &ch.anchor));
        contents.extend(ch.events.iter().map(|ev| entry(2, format!("{}　{}", ev.date_text, ev.title), &ev.anchor)));
        contents.extend(ch.analysis.iter().map(|an| entry(2, an.title.clone(), &an.anchor)));
        contents.extend(ch.digest.iter().map(|dg| entry(2, dg.title.clone(), &dg.anchor)));
    }
    contents.push(entry(1, labels.chronology.clone(), "chronology"));
    contents.push(entry(1, labels.bibliography.clone(), "bibliography"));
    contents.extend(bibliography.iter().map(|g| entry(2, g.label.clone(), &g.anchor)));
    contents.push(entry(1, labels.colophon.clone(), "colophon"));
    contents
}

impl<'a> Resolver<'a> {
    fn resolve_meta(&mut self, file: FileId, report: &model::ReportFile, options: &ResolveOptions) -> Meta {
        self.check_id(file, &report.id, "report");
        self.non_empty(file, &report.title, "title");
        self.non_empty(file, &report.publisher, "publisher");
        self.non_empty(file, &report.version, "version");
        self.non_empty(file, &report.identifier, "identifier");
        if !matches!(self.lang.as_str(), "ja" | "en") {
            self.diags.push(
                Diagnostic::warning(
                    "language",
                    format!("no layout words for language `{}`; English ones are used", self.lang),
                )
                .at(file, report.language.span())
                .with_label("unsupported language")
                .with_help("casebook has layout words for \"ja\" and \"en\""),
            );
        }
        if report.authors.is_empty() {
            self.diags.push(
                Diagnostic::error("missing-field", "the report names no author")
                    .at(file, report.title.span())
                    .with_label("report without authors")
                    .with_help("add authors = [\"…\"] to report.toml"),
            );
        }
        for a in &report.authors {
            self.non_empty(file, a, "author");
        }
        let date = self.date(file, &report.date);
        let full = date.and_then(|d| if d.end.is_none() { d.start.naive() } else { None });
        if date.is_some() && full.is_none() {
            self.diags.push(
                Diagnostic::error("date-precision", "the report date must be a full day")
                    .at(file, report.date.span())
                    .with_label("not a full date")
                    .with_help("write the publication date as YYYY-MM-DD"),
            );
        }
        let modified = match options.source_date_epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
            Some(t) => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            None => full
                .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
                .unwrap_or_else(|| "2000-01-01T00:00:00Z".into()),
        };
        let font_notice = if self.lang == "ja" {
            "本文 Noto Serif JP、見出し Noto Sans JP、補助 BIZ UDMincho（いずれも SIL Open Font License 1.1）"
                .to_string()
        } else {
            "Set in Noto Serif JP and Noto Sans JP, with BIZ UDMincho (SIL Open Font License 1.1)".to_string()
        };
        Meta {
            id: report.id.get_ref().clone(),
            title: report.title.get_ref().trim().to_string(),
            subtitle: report.subtitle.as_ref().map(|s| s.get_ref().trim().to_string()),
            language: self.lang.clone(),
            authors: report.authors.iter().map(|a| a.get_ref().trim().to_string()).collect(),
            publisher: report.publisher.get_ref().trim().to_string(),
            date_iso: date.map(|d| d.iso()).unwrap_or_default(),
            date_text: date.map(|d| d.display(&self.lang, self.era)).unwrap_or_default(),
            version: report.version.get_ref().trim().to_string(),
            rights: report.rights.as_ref().map(|s| s.get_ref().trim().to_string()),
            identifier: report.identifier.get_ref().trim().to_string(),
            description: report.description.as_ref().map(|s| s.get_ref().trim().to_string()),
            paper: report.output.paper.as_ref().map(|p| *p.get_ref()).unwrap_or_default(),
            writing_mode: report.epub.writing_mode.as_ref().map(|w| *w.get_ref()).unwrap_or_default(),
            modified,
            font_notice,
            generator: format!("casebook {}", env!("CARGO_PKG_VERSION")),
        }
    }

    fn collect_sources(&mut self, sources: &'a [(FileId, model::Source)]) {
        for (file, source) in sources {
            let file = *file;
            self.check_id(file, &source.id, "source");
            self.non_empty(file, &source.title, "title");
            self.non_empty(file, &source.publisher, "publisher");
            if let Some(date) = &source.date {
                self.date(file, date);
            }
            if let Some(date) = &source.accessed {
                self.date(file, date);
            }
            if let Some(url) = &source.url {
                self.check_url(file, url);
            }
            let id = source.id.get_ref().clone();
            if let Some(first) = self.sources.get(&id) {
                let (ff, fs) = (first.file, first.source.id.span());
                self.diags.push(
                    Diagnostic::error("duplicate-id", format!("source id `{id}` is used twice"))
                        .at(file, source.id.span())
                        .with_label("used again here")
                        .with_related(ff, fs, "first used here")
                        .with_help("give each source its own id"),
                );
                continue;
            }
            self.sources.insert(id.clone(), SourceInfo { file, source, anchor: format!("src-{id}") });
        }
    }

    fn collect_events(&mut self, loaded: &Loaded) {
        for chapter in &loaded.chapters {
            for event in &chapter.events {
                let id = event.id.get_ref().clone();
                self.check_id(chapter.file, &event.id, "event");
                let date = self.date(chapter.file, &event.date);
                if let Some(first) = self.events.get(&id) {
                    let (ff, fs) = (first.file, first.span.clone());
                    self.diags.push(
                        Diagnostic::error("duplicate-id", format!("event id `{id}` is used twice"))
                            .at(chapter.file, event.id.span())
                            .with_label("used again here")
                            .with_related(ff, fs, "first used here")
                            .with_help("event ids must be unique across all chapter files"),
                    );
                    continue;
                }
                self.events.insert(
                    id.clone(),
                    EventInfo {
                        file: chapter.file,
                        span: event.id.span(),
                        anchor: format!("ev-{id}"),
                        title: event.title.get_ref().trim().to_string(),
                        date,
                        date_text: date.map(|d| d.display(&self.lang, self.era)).unwrap_or_default(),
                    },
                );
            }
        }
    }

    fn resolve_chapter(
        &mut self,
        file: FileId,
        head: &model::ChapterFile,
        events: &[model::Event],
        number: usize,
    ) -> Chapter {
        self.non_empty(file, &head.title, "title");
        let anchor = format!("ch-{}", head.id.get_ref());
        let summary = head.summary.as_ref().map(|s| self.paragraph(file, s, format!("{anchor}-summary")));
        if events.is_empty() && head.analysis.is_empty() && self.chapters_complete {
            self.diags.push(
                Diagnostic::warning("empty-chapter", format!("chapter `{}` has no events", head.id.get_ref()))
                    .at(file, head.id.span())
                    .with_label("empty chapter")
                    .with_help("add [[event]] entries, or remove the chapter from report.toml"),
            );
        }
        let events: Vec<Event> = events.iter().map(|e| self.resolve_event(file, e)).collect();
        let analysis = head
            .analysis
            .iter()
            .enumerate()
            .map(|(i, a)| {
                self.non_empty(file, &a.title, "title");
                let an = format!("{anchor}-an{}", i + 1);
                Analysis {
                    title: a.title.get_ref().trim().to_string(),
                    body: self.paragraphs(file, &a.body, &format!("{an}-p")),
                    anchor: an,
                }
            })
            .collect();
        let digest = head.digest.as_ref().map(|d| self.resolve_digest(file, d, &anchor));
        let number_text = if self.lang == "ja" { format!("第{number}章") } else { format!("Chapter {number}") };
        Chapter {
            number,
            id: head.id.get_ref().clone(),
            anchor,
            number_text,
            title: head.title.get_ref().trim().to_string(),
            summary,
            events,
            analysis,
            digest,
        }
    }

    fn resolve_event(&mut self, file: FileId, event: &model::Event) -> Event {
        self.non_empty(file, &event.title, "title");
        let id = event.id.get_ref().clone();
        let anchor = format!("ev-{id}");
        let info = self.events.get(&id);
        let (date_iso, date_text) =
            info.and_then(|i| i.date.map(|d| (d.iso(), i.date_text.clone()))).unwrap_or_default();
        let mut source_notes = Vec::new();
        for s in &event.sources {
            if let Some(n) = self.cite(file, s.get_ref(), None, s.span()) {
                source_notes.push(n);
            }
        }
        let body = self.paragraphs(file, &event.body, &format!("{anchor}-p"));
        let quotes = event
            .quote
            .iter()
            .enumerate()
            .map(|(i, q)| {
                self.non_empty(file, &q.text, "quotation");
                let mark = format!("{anchor}-q{}", i + 1);
                let content = self.inline(file, &q.text);
                let locator = q.locator.as_ref().map(|l| l.get_ref().trim().to_string());
                let note = self.cite(file, q.source.get_ref(), locator, q.source.span()).unwrap_or(0);
                let attribution = match self.sources.get(q.source.get_ref()) {
                    Some(s) => {
                        let speaker = q
                            .speaker
                            .as_ref()
                            .map(|s| s.get_ref().trim().to_string())
                            .unwrap_or_else(|| s.source.publisher.get_ref().trim().to_string());
                        if self.lang == "ja" {
                            format!("{speaker}「{}」", s.source.title.get_ref().trim())
                        } else {
                            format!("{speaker}, “{}”", s.source.title.get_ref().trim())
                        }
                    }
                    None => String::new(),
                };
                Quotation { mark, content, attribution, note }
            })
            .collect();
        let analysis = self.paragraphs(file, &event.analysis, &format!("{anchor}-a"));
        let see = event
            .see
            .iter()
            .filter_map(|s| match self.events.get(s.get_ref()) {
                Some(target) => Some(CrossRef {
                    anchor: target.anchor.clone(),
                    label: format!("{} {}", target.date_text, target.title),
                }),
                None => {
                    self.unknown_event(file, s.get_ref(), s.span());
                    None
                }
            })
            .collect();
        Event {
            id,
            anchor,
            date_iso,
            date_text,
            title: event.title.get_ref().trim().to_string(),
            actors: event.actors.iter().map(|a| a.get_ref().trim().to_string()).collect(),
            source_notes,
            body,
            quotes,
            analysis,
            see,
        }
    }

    fn resolve_digest(&mut self, file: FileId, digest: &model::Digest, chapter_anchor: &str) -> Digest {
        let anchor = format!("{chapter_anchor}-digest");
        let mut points = Vec::new();
        for m in &digest.milestones {
            match self.events.get(m.event.get_ref()) {
                Some(e) => {
                    points.push((m.label.get_ref().trim().to_string(), e.date, e.date_text.clone(), e.anchor.clone()))
                }
                None => self.unknown_event(file, m.event.get_ref(), m.event.span()),
            }
        }
        let intervals: Vec<Interval> = points
            .windows(2)
            .map(|w| Interval {
                from_label: w[0].0.clone(),
                from_date: w[0].2.clone(),
                from_anchor: w[0].3.clone(),
                to_label: w[1].0.clone(),
                to_date: w[1].2.clone(),
                to_anchor: w[1].3.clone(),
                days: match (w[0].1, w[1].1) {
                    (Some(a), Some(b)) => a.days_until(&b),
                    _ => None,
                },
            })
            .collect();
        let total_days = match (points.first().and_then(|p| p.1), points.last().and_then(|p| p.1)) {
            (Some(a), Some(b)) if points.len() > 1 => a.days_until(&b),
            _ => None,
        };
        let open_questions = self.paragraphs(file, &digest.open_questions, &format!("{anchor}-q"));
        Digest { anchor, title: digest.title.get_ref().trim().to_string(), intervals, total_days, open_questions }
    }

    fn chronology(&self, chapters: &[Chapter]) -> Vec<ChronologyRow> {
        let mut rows: Vec<(DateSpec, ChronologyRow)> = Vec::new();
        for chapter in chapters {
            for event in &chapter.events {
                let Some(date) = self.events.get(&event.id).and_then(|e| e.date) else { continue };
                rows.push((
                    date,
                    ChronologyRow {
                        date_iso: event.date_iso.clone(),
                        date_text: event.date_text.clone(),
                        title: event.title.clone(),
                        anchor: event.anchor.clone(),
                        chapter_number: chapter.number,
                        chapter_title: chapter.title.clone(),
                        days_since_previous: None,
                    },
                ));
            }
        }
        // Stable: events of the same date keep chapter order.
        rows.sort_by_key(|row| row.0);
        let mut out: Vec<ChronologyRow> = Vec::with_capacity(rows.len());
        let mut previous: Option<DateSpec> = None;
        for (date, mut row) in rows {
            row.days_since_previous = previous.and_then(|p| p.days_until(&date));
            previous = Some(date);
            out.push(row);
        }
        out
    }

    fn bibliography(&self) -> Vec<BibGroup> {
        let mut groups = Vec::new();
        for kind in SourceKind::ALL {
            let mut entries: Vec<(Option<DateSpec>, BibEntry)> = self
                .sources
                .iter()
                .filter(|(_, s)| *s.source.kind.get_ref() == kind)
                .map(|(id, s)| {
                    let date = s.source.date.as_ref().and_then(|d| DateSpec::parse(d.get_ref()).ok());
                    let cited_by =
                        self.notes.iter().filter(|n| n.source_anchor == s.anchor).map(|n| n.number).collect();
                    let citation = self.citation_text(s.source, None);
                    let format = s.source.format.as_ref().map(|f| format_label(*f.get_ref()).to_string());
                    let accessed = s
                        .source
                        .accessed
                        .as_ref()
                        .and_then(|d| DateSpec::parse(d.get_ref()).ok())
                        .map(|d| d.display(&self.lang, false));
                    let words = labels_for(&self.lang);
                    let mut display = citation.clone();
                    if let Some(f) = &format {
                        display.push_str(&format!(" [{f}]"));
                    }
                    if s.source.archived {
                        display.push_str(&format!("（{}）", words.archived));
                    }
                    if let Some(a) = &accessed {
                        display.push_str(&format!("（{a}{}）", words.accessed));
                    }
                    (
                        date,
                        BibEntry {
                            id: id.clone(),
                            anchor: s.anchor.clone(),
                            display,
                            citation,
                            url: s.source.url.as_ref().map(|u| crate::url::encode_iri(u.get_ref().trim())),
                            note: s.source.note.as_ref().map(|n| n.get_ref().trim().to_string()),
                            cited_by,
                        },
                    )
                })
                .collect();
            if entries.is_empty() {
                continue;
            }
            entries.sort_by(|a, b| {
                a.0.cmp(&b.0).then_with(|| a.1.citation.cmp(&b.1.citation)).then_with(|| a.1.id.cmp(&b.1.id))
            });
            groups.push(BibGroup {
                kind,
                anchor: format!("bib-{}", kind.slug()),
                label: kind_label(kind, &self.lang).to_string(),
                entries: entries.into_iter().map(|e| e.1).collect(),
            });
        }
        groups
    }

    fn warn_unused_sources(&mut self) {
        let mut unused: Vec<(&String, &SourceInfo)> =
            self.sources.iter().filter(|(id, _)| !self.used_sources.contains(*id)).collect();
        unused.sort_by_key(|(_, s)| (s.file, s.source.id.span().start));
        let diags: Vec<Diagnostic> = unused
            .into_iter()
            .map(|(id, s)| {
                Diagnostic::warning("unused-source", format!("source `{id}` is never cited"))
                    .at(s.file, s.source.id.span())
                    .with_label("not cited by any event, quotation or text")
                    .with_help(format!("cite it with [^{id}] or sources = [\"{id}\"], or remove it"))
            })
            .collect();
        self.diags.extend(diags);
    }

    /// Creates the next note for a citation of `source_id`, or reports an unknown source.
    fn cite(&mut self, file: FileId, source_id: &str, locator: Option<String>, span: Range<usize>) -> Option<u32> {
        let Some(info) = self.sources.get(source_id) else {
            if !self.sources_complete {
                return None;
            }
            let mut known: Vec<&String> = self.sources.keys().collect();
            known.sort_by_key(|k| strsim_distance(k, source_id));
            let hint = known.first().map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
            let help = crate::suggest::citation_with_comma(source_id, known.iter().map(|k| k.as_str()))
                .map(|c| format!("a comma separates the source id from the page or section: write {c}"))
                .unwrap_or(format!(
                    "add a [[source]] with id = \"{source_id}\" to report/sources.toml, or correct the id{hint}"
                ));
            self.diags.push(
                Diagnostic::error("unknown-source", format!("unknown source `{source_id}`"))
                    .at(file, span)
                    .with_label("no [[source]] with this id in report/sources.toml")
                    .with_help(help),
            );
            return None;
        };
        let number = self.notes.len() as u32 + 1;
        let citation = self.citation_text(info.source, locator.as_deref());
        let note = Note {
            number,
            anchor: format!("note-{number}"),
            ref_anchor: format!("noteref-{number}"),
            chapter: self.chapter_index,
            citation,
            url: info.source.url.as_ref().map(|u| crate::url::encode_iri(u.get_ref().trim())),
            source_anchor: info.anchor.clone(),
        };
        self.used_sources.insert(source_id.to_string());
        self.notes.push(note);
        Some(number)
    }

    /// The printed form of a reference: `読売新聞「見出し」2015年6月22日、朝刊1面。`
    fn citation_text(&self, source: &model::Source, locator: Option<&str>) -> String {
        let date =
            source.date.as_ref().and_then(|d| DateSpec::parse(d.get_ref()).ok()).map(|d| d.display(&self.lang, false));
        let mut extra: Vec<String> = Vec::new();
        if let Some(section) = &source.section {
            extra.push(section.get_ref().trim().to_string());
        }
        if let Some(l) = locator {
            extra.push(l.to_string());
        }
        let publisher = source.publisher.get_ref().trim();
        let title = source.title.get_ref().trim();
        if self.lang == "ja" {
            let mut s = format!("{publisher}「{title}」");
            if let Some(d) = date {
                s.push_str(&d);
            }
            for e in extra {
                s.push('、');
                s.push_str(&e);
            }
            s.push('。');
            s
        } else {
            let mut parts = vec![publisher.to_string(), format!("“{title}”")];
            parts.extend(date);
            parts.extend(extra);
            format!("{}.", parts.join(", "))
        }
    }

    /// Paragraphs marked `{prefix}1`, `{prefix}2`, … (anchors for links and the page map).
    fn paragraphs(&mut self, file: FileId, texts: &[Text], prefix: &str) -> Vec<Paragraph> {
        texts.iter().enumerate().map(|(i, t)| self.paragraph(file, t, format!("{prefix}{}", i + 1))).collect()
    }

    fn paragraph(&mut self, file: FileId, text: &Text, mark: String) -> Paragraph {
        let content = self.inline(file, text);
        Paragraph { mark, content }
    }

    fn inline(&mut self, file: FileId, text: &Text) -> Vec<Inline> {
        self.check_word_length(file, text);
        let raw = parse_inline(text.get_ref());
        self.convert_inline(file, text, raw)
    }

    fn convert_inline(&mut self, file: FileId, text: &Text, raw: Vec<RawInline>) -> Vec<Inline> {
        let mut out = Vec::with_capacity(raw.len());
        for node in raw {
            match node {
                RawInline::Text(s) => out.push(Inline::Text { s }),
                RawInline::Code(s) => out.push(Inline::Code { s }),
                RawInline::Ruby { base, reading } => out.push(Inline::Ruby { base, reading }),
                RawInline::Emph(c) => {
                    let c = self.convert_inline(file, text, c);
                    out.push(Inline::Emph { c });
                }
                RawInline::Strong(c) => {
                    let c = self.convert_inline(file, text, c);
                    out.push(Inline::Strong { c });
                }
                RawInline::Link { url, children, range } => {
                    let c = self.convert_inline(file, text, children);
                    let span = self.inner_span(file, text, range);
                    if let Some(target) = url.strip_prefix('#') {
                        match self.events.get(target) {
                            Some(e) => out.push(Inline::Ref { anchor: e.anchor.clone(), c }),
                            None => {
                                self.unknown_event(file, target, span);
                                out.extend(c);
                            }
                        }
                    } else if crate::url::is_link_target(&url) {
                        out.push(Inline::Link { url: crate::url::encode_iri(&url), c });
                    } else {
                        self.diags.push(
                            Diagnostic::error(
                                "bad-url",
                                format!("link target `{url}` is not an http(s) URL or #event-id"),
                            )
                            .at(file, span)
                            .with_label("unsupported link")
                            .with_help("link to https://… addresses, or to another event with [text](#event-id)"),
                        );
                        out.extend(c);
                    }
                }
                RawInline::Cite { source, locator, range } => {
                    let span = self.inner_span(file, text, range);
                    if let Some(n) = self.cite(file, &source, locator, span) {
                        out.push(Inline::Note { n });
                    }
                }
            }
        }
        out
    }

    /// Maps a byte range inside a string's value to the TOML file: exact for strings written
    /// without escapes, the whole string otherwise.
    fn inner_span(&self, file: FileId, text: &Text, range: Range<usize>) -> Range<usize> {
        let span = text.span();
        let raw = self.files.text(file).get(span.clone()).unwrap_or("");
        let value = text.get_ref();
        for quote in ["\"", "'", "\"\"\"", "'''"] {
            if raw.len() == value.len() + 2 * quote.len()
                && raw.starts_with(quote)
                && &raw[quote.len()..raw.len() - quote.len()] == value
            {
                let start = span.start + quote.len();
                return start + range.start..start + range.end;
            }
        }
        span
    }

    /// A run of characters without a break opportunity becomes one string in the PDF, and
    /// PDF/A allows at most 32 767 characters in a string: refuse such runs here, where the
    /// place can be named, instead of failing in the PDF export.
    fn check_word_length(&mut self, file: FileId, text: &Text) {
        let (mut run, mut start) = (0usize, 0usize);
        let mut longest = (0usize, 0usize); // (length, byte offset of its start)
        for (offset, c) in text.get_ref().char_indices() {
            if c.is_whitespace() || crate::inline::is_wide(c) {
                run = 0;
            } else {
                if run == 0 {
                    start = offset;
                }
                run += 1;
                if run > longest.0 {
                    longest = (run, start);
                }
            }
        }
        if longest.0 > MAX_WORD_CHARS {
            let span = self.inner_span(file, text, longest.1..longest.1);
            self.diags.push(
                Diagnostic::error("word-too-long", format!("a word of {} characters cannot be set", longest.0))
                    .at(file, span)
                    .with_label("this word has no place to break a line")
                    .with_help(format!("break it with spaces; a word may have at most {MAX_WORD_CHARS} characters")),
            );
        }
    }

    fn unknown_event(&mut self, file: FileId, id: &str, span: Range<usize>) {
        if !self.chapters_complete {
            return;
        }
        self.diags.push(
            Diagnostic::error("unknown-event", format!("unknown event `{id}`"))
                .at(file, span)
                .with_label("no [[event]] with this id in any chapter")
                .with_help(format!(
                    "use the id of an event defined in report/chapters/*.toml{}",
                    crate::suggest::hint(id, self.events.keys().map(|k| k.as_str()))
                )),
        );
    }

    fn check_id(&mut self, file: FileId, id: &Text, what: &str) {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.len() <= 100
            && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            self.diags.push(
                Diagnostic::error("bad-id", format!("`{s}` is not a valid {what} id"))
                    .at(file, id.span())
                    .with_label("ids use a-z, 0-9 and -")
                    .with_help("ids become anchors and file names: use lowercase ASCII letters, digits and hyphens, e.g. \"nhk-2015-06-12\""),
            );
        }
    }

    fn non_empty(&mut self, file: FileId, text: &Text, what: &str) {
        if text.get_ref().trim().is_empty() {
            self.diags.push(
                Diagnostic::error("empty-text", format!("the {what} is empty"))
                    .at(file, text.span())
                    .with_label(format!("empty {what}"))
                    .with_help(format!("write the {what}, or remove the entry")),
            );
        }
    }

    fn date(&mut self, file: FileId, text: &Text) -> Option<DateSpec> {
        match DateSpec::parse(text.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error("bad-date", format!("`{}`: {e}", text.get_ref()))
                        .at(file, text.span())
                        .with_label(e.to_string())
                        .with_help("write YYYY-MM-DD, YYYY-MM or YYYY (a range as START/END), with a day that exists"),
                );
                None
            }
        }
    }

    fn check_url(&mut self, file: FileId, url: &Text) {
        if let Some(problem) = crate::url::problem(url.get_ref().trim()) {
            self.diags.push(
                Diagnostic::error("bad-url", format!("`{}` {problem}", url.get_ref()))
                    .at(file, url.span())
                    .with_label("not a URL both outputs can link")
                    .with_help("give the public address of the source, starting with http:// or https://; leave url out for sources without one"),
            );
        }
    }
}

pub use crate::url::is_http_url;

/// Edit distance, for "did you mean" hints.
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn format_label(f: model::SourceFormat) -> &'static str {
    match f {
        model::SourceFormat::Html => "HTML",
        model::SourceFormat::Pdf => "PDF",
        model::SourceFormat::Print => "print",
        model::SourceFormat::Video => "video",
    }
}

fn kind_label(kind: SourceKind, lang: &str) -> &'static str {
    let ja = lang == "ja";
    match kind {
        SourceKind::News => {
            if ja {
                "新聞・ニュース"
            } else {
                "News"
            }
        }
        SourceKind::Broadcast => {
            if ja {
                "放送"
            } else {
                "Broadcast"
            }
        }
        SourceKind::Government => {
            if ja {
                "行政機関の発表"
            } else {
                "Government"
            }
        }
        SourceKind::PressRelease => {
            if ja {
                "企業の発表"
            } else {
                "Press releases"
            }
        }
        SourceKind::InvestigationReport => {
            if ja {
                "調査報告"
            } else {
                "Investigation reports"
            }
        }
        SourceKind::Other => {
            if ja {
                "その他"
            } else {
                "Other"
            }
        }
    }
}

fn labels_for(lang: &str) -> Labels {
    let s = |x: &str| x.to_string();
    if lang == "ja" {
        Labels {
            contents: s("目次"),
            chapter_prefix: s("第"),
            chapter_suffix: s("章"),
            summary: s("概要"),
            actors: s("関係者"),
            sources: s("典拠"),
            analysis: s("編者による分析"),
            analysis_note: s("以下は報じられた事実ではなく、編者の見解である。"),
            see_also: s("関連"),
            quote_source: s("出典"),
            chronology: s("年表"),
            date: s("日付"),
            event: s("出来事"),
            chapter: s("章"),
            days_since: s("前項からの日数"),
            days_unit: s("日"),
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
            authors: s("編者"),
            identifier: s("識別子"),
            rights: s("権利"),
            fonts: s("使用書体"),
            pdf_edition: s("PDF版"),
            cover: s("表紙"),
            page: s("ページ"),
        }
    } else {
        Labels {
            contents: s("Contents"),
            chapter_prefix: s("Chapter "),
            chapter_suffix: s(""),
            summary: s("Summary"),
            actors: s("Actors"),
            sources: s("Sources"),
            analysis: s("Editorial analysis"),
            analysis_note: s("What follows is the editors' view, not reported fact."),
            see_also: s("See also"),
            quote_source: s("Source"),
            chronology: s("Chronology"),
            date: s("Date"),
            event: s("Event"),
            chapter: s("Chapter"),
            days_since: s("Days since previous"),
            days_unit: s(" days"),
            interval: s("Days"),
            from: s("From"),
            to: s("To"),
            total: s("Total"),
            open_questions: s("Open questions"),
            bibliography: s("Bibliography"),
            archived: s("archived copy exists"),
            accessed: s("accessed"),
            cited_in_notes: s("notes"),
            notes: s("Notes"),
            back_to_text: s("Back to text"),
            colophon: s("Colophon"),
            version: s("Version"),
            published: s("Published"),
            publisher: s("Publisher"),
            authors: s("Editors"),
            identifier: s("Identifier"),
            rights: s("Rights"),
            fonts: s("Typefaces"),
            pdf_edition: s("PDF edition"),
            cover: s("Cover"),
            page: s("page"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_http_url("https://www.soumu.go.jp/a.html"));
        assert!(is_http_url("http://www9.nhk.or.jp/kabun-blog/220644.html"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://a b"));
    }

    #[test]
    fn distance() {
        assert_eq!(strsim_distance("nhk", "nhx"), 1);
    }
}
