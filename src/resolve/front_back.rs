//! The report's front and back matter: its locale and metadata, the chronology, the
//! bibliography, the table of contents and the colophon.

use super::Resolver;
use crate::date::DateSpec;
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::*;
use crate::locale::{BadTag, Locale, TagStatus};
use crate::model::{self, SourceKind};

use super::ResolveOptions;

/// The report's locale, from its `language` tag. A tag casebook has no words for builds with
/// English words and a warning; a tag that is not BCP 47 is an error (and English is used to
/// go on checking).
pub(super) fn locale(file: FileId, report: &model::ReportFile, diags: &mut Vec<Diagnostic>) -> Locale {
    let tag = report.language.get_ref();
    let era = report.output.era;
    match Locale::new(tag, era) {
        Ok((locale, TagStatus::Supported)) => locale,
        Ok((locale, TagStatus::Fallback)) => {
            diags.push(
                Diagnostic::warning(
                    "language",
                    format!("no layout words for language `{}`; English ones are used", locale.tag),
                )
                .at(file, report.language.span())
                .with_label("no locale of its own")
                .with_help(
                    "casebook has layout words for Japanese (\"ja\") and English (\"en\", \"en-GB\", \"en-US\", …)",
                ),
            );
            locale
        }
        Err(BadTag(tag)) => {
            diags.push(
                Diagnostic::error("language", format!("`{tag}` is not a BCP 47 language tag"))
                    .at(file, report.language.span())
                    .with_label("not a language tag")
                    .with_help("write a tag such as \"ja\", \"en\", \"en-GB\" or \"en-US\""),
            );
            Locale::new("en", false).expect("\"en\" is a valid tag").0
        }
    }
}

/// Whether any paragraph or quotation of the report carries ruby.
pub(super) fn has_ruby(chapters: &[Chapter]) -> bool {
    fn any(nodes: &[Inline]) -> bool {
        nodes.iter().any(|n| match n {
            Inline::Ruby { .. } => true,
            Inline::Emph { children }
            | Inline::Strong { children }
            | Inline::Link { children, .. }
            | Inline::Ref { children, .. } => any(children),
            _ => false,
        })
    }
    let para = |p: &Paragraph| any(&p.content);
    let block = |b: &Block| b.inlines().into_iter().any(any);
    chapters.iter().any(|ch| {
        ch.summary.iter().any(para)
            || ch.events.iter().any(|ev| {
                ev.body.iter().any(block) || ev.analysis.iter().any(block) || ev.quotes.iter().any(|q| any(&q.content))
            })
            || ch.analysis.iter().any(|an| an.body.iter().any(block))
            || ch.digest.iter().any(|dg| dg.body.iter().any(block) || dg.open_questions.iter().any(para))
    })
}

impl Resolver<'_> {
    pub(super) fn resolve_meta(&mut self, file: FileId, report: &model::ReportFile, options: &ResolveOptions) -> Meta {
        self.check_id(file, &report.id, "report");
        self.non_empty(file, &report.title, "title");
        self.non_empty(file, &report.publisher, "publisher");
        self.non_empty(file, &report.version, "version");
        self.non_empty(file, &report.identifier, "identifier");
        if report.authors.is_empty() {
            self.diags.push(
                Diagnostic::error("missing-field", "the report names no author")
                    .at(file, report.title.span())
                    .with_label("report without authors")
                    .with_help("add authors = [\"…\"] to report.toml"),
            );
        }
        for a in &report.authors {
            self.non_empty(file, &a.name, "author");
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
        let id = report.id.get_ref().clone();
        let credits: Vec<Credit> = report
            .authors
            .iter()
            .map(|a| Credit {
                name: self.plain(&a.name),
                role: a.role().slug().to_string(),
                marc_relator: a.role().marc_relator().to_string(),
                creator: a.role().is_creator(),
                affiliation: a.affiliation.as_ref().map(|t| self.plain(t)),
            })
            .collect();
        let authors: Vec<String> = credits.iter().map(|c| c.name.clone()).collect();
        let on_title_page: Vec<String> = credits
            .iter()
            .map(|c| self.locale.name_with(&c.name, &c.affiliation.iter().cloned().collect::<Vec<_>>()))
            .collect();
        let in_colophon: Vec<String> = report
            .authors
            .iter()
            .zip(&credits)
            .map(|(a, c)| {
                let role = (a.role() != model::AuthorRole::Author).then(|| self.locale.role(a.role()).to_string());
                self.locale.name_with(&c.name, &role.into_iter().chain(c.affiliation.clone()).collect::<Vec<_>>())
            })
            .collect();
        let date_text = date.map(|d| self.locale.date(&d)).unwrap_or_default();
        let version = report.version.get_ref().trim().to_string();
        let pdf_file = format!("{id}.pdf");
        Meta {
            title: self.plain(&report.title),
            subtitle: report.subtitle.as_ref().map(|s| self.plain(s)),
            language: self.locale.tag.clone(),
            lang: self.locale.typst_language(),
            region: self.locale.typst_region(),
            authors_text: self.locale.list(&on_title_page),
            credits_text: self.locale.list(&in_colophon),
            authors,
            credits,
            publisher: self.plain(&report.publisher),
            date_iso: date.map(|d| d.iso()).unwrap_or_default(),
            version_line: self.locale.version_line(&date_text, &version),
            date_text,
            version,
            rights: report.rights.as_ref().map(|s| self.plain(s)),
            identifier: report.identifier.get_ref().trim().to_string(),
            description: report.description.as_ref().map(|s| self.plain(s)),
            paper: report.output.paper.as_ref().map(|p| *p.get_ref()).unwrap_or_else(|| self.locale.default_paper()),
            fonts: self.locale.fonts(),
            typography: self.locale.typography(),
            writing_mode: report.epub.writing_mode.as_ref().map(|w| *w.get_ref()).unwrap_or_default(),
            modified,
            generator: format!("casebook {}", env!("CARGO_PKG_VERSION")),
            accessibility_summary: self.locale.accessibility_summary(&pdf_file, false),
            page_list_heading: self.locale.page_list_heading(),
            pdf_file,
            has_ruby: false,
            has_images: false,
            id,
        }
    }

    /// Every dated event in date order (events of the same date keep reading order), each
    /// with the days since the one before.
    pub(super) fn chronology(&self, chapters: &[Chapter]) -> Vec<ChronologyRow> {
        let mut rows: Vec<(DateSpec, &Chapter, &Event)> = Vec::new();
        for chapter in chapters {
            for event in &chapter.events {
                let Some(date) = self.index.events.get(&event.id).and_then(|e| e.date) else { continue };
                rows.push((date, chapter, event));
            }
        }
        // Stable: events of the same date keep chapter order.
        rows.sort_by_key(|row| row.0);
        let mut previous: Option<DateSpec> = None;
        rows.into_iter()
            .map(|(date, chapter, event)| {
                let days = previous.and_then(|p| p.days_until(&date));
                previous = Some(date);
                ChronologyRow {
                    date_iso: event.date_iso.clone(),
                    datetime: event.datetime.clone(),
                    date_text: event.date_text.clone(),
                    title: event.title.clone(),
                    anchor: event.anchor.clone(),
                    chapter_number: chapter.number,
                    chapter_title: chapter.title.clone(),
                    days_since_previous: days,
                    days_text: self.locale.days_or_unknown(days),
                }
            })
            .collect()
    }

    /// The sources grouped by kind; within a group in the citation style's order (for
    /// most styles alphabetical, for casebook's Japanese style by date), each entry written
    /// by the style (`entries`, by source id).
    pub(super) fn bibliography(&self, entries: Vec<(String, Vec<Inline>)>) -> Vec<BibGroup> {
        let mut groups = Vec::new();
        for kind in SourceKind::ALL {
            let entries: Vec<BibEntry> = entries
                .iter()
                .filter_map(|(id, content)| {
                    let s = self.index.sources.get(id)?;
                    (*s.source.kind.get_ref() == kind)
                        .then(|| self.bibliography_entry(id, s.source, &s.anchor, content))
                })
                .collect();
            if entries.is_empty() {
                continue;
            }
            groups.push(BibGroup {
                kind,
                anchor: format!("bib-{}", kind.slug()),
                label: self.locale.source_kind(kind).to_string(),
                entries,
            });
        }
        groups
    }

    fn bibliography_entry(&self, id: &str, source: &model::Source, anchor: &str, content: &[Inline]) -> BibEntry {
        let cited_by = self.notes.all().iter().filter(|n| n.source_anchor == anchor).map(|n| n.number).collect();
        BibEntry {
            id: id.to_string(),
            anchor: anchor.to_string(),
            content: content.to_vec(),
            url: source.url.as_ref().map(|u| crate::url::encode_iri(u.get_ref().trim())),
            note: source.note.as_ref().map(|n| self.plain(n)),
            cited_by,
        }
    }

    /// The headings both outputs list in their table of contents, in reading order: the
    /// same strings the headings themselves show.
    pub(super) fn table_of_contents(&self, chapters: &[Chapter], bibliography: &[BibGroup]) -> Vec<ContentsEntry> {
        let words = self.locale.words();
        let entry = |level, title: &str, anchor: &str| ContentsEntry {
            level,
            title: title.to_string(),
            anchor: anchor.to_string(),
        };
        let mut contents = Vec::new();
        for ch in chapters {
            contents.push(entry(1, &ch.heading, &ch.anchor));
            contents.extend(ch.events.iter().map(|ev| entry(2, &ev.heading, &ev.anchor)));
            contents.extend(ch.analysis.iter().map(|an| entry(2, &an.title, &an.anchor)));
            contents.extend(ch.digest.iter().map(|dg| entry(2, &dg.title, &dg.anchor)));
        }
        contents.push(entry(1, &words.chronology, "chronology"));
        contents.push(entry(1, &words.bibliography, "bibliography"));
        contents.extend(bibliography.iter().map(|g| entry(2, &g.label, &g.anchor)));
        contents.push(entry(1, &words.colophon, "colophon"));
        contents
    }

    /// The colophon's rows, the same in both outputs.
    pub(super) fn colophon(&self, meta: &Meta, project_fonts: &[super::FontCredit]) -> Vec<ColophonRow> {
        let words = self.locale.words();
        let row = |label: &str, value: &str| ColophonRow { label: label.to_string(), value: value.to_string() };
        let mut rows = vec![
            row(&words.published, &meta.date_text),
            row(&words.version, &meta.version),
            row(&words.authors, &meta.credits_text),
            row(&words.publisher, &meta.publisher),
            row(&words.identifier, &meta.identifier),
        ];
        rows.extend(meta.rights.as_deref().map(|r| row(&words.rights, r)));
        rows.push(row(&words.fonts, &self.locale.font_notice()));
        if !project_fonts.is_empty() {
            let credits: Vec<String> = project_fonts
                .iter()
                .map(|f| format!("{}{}", f.family, self.locale.parenthetical(&f.licence)))
                .collect();
            rows.push(row(&words.project_fonts, &self.locale.list(&credits)));
        }
        rows
    }
}
