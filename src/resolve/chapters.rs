//! Chapters and what they hold: events (with their sources line, body, quotations, analysis
//! and cross references), the chapter's analysis sections and its digest of key intervals.

use super::index::event_anchor;
use super::{Place, Resolver};
use crate::date::DateSpec;
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::*;
use crate::model;

impl Resolver<'_> {
    pub(super) fn resolve_chapter(
        &mut self,
        file: FileId,
        head: &model::ChapterFile,
        events: &[model::Event],
        number: usize,
    ) -> Chapter {
        let at = Place { file, chapter: number - 1, listed: &[] };
        self.non_empty(file, &head.title, "title");
        let anchor = format!("ch-{}", head.id.get_ref());
        let summary = head.summary.as_ref().map(|s| self.paragraph(at, s, format!("{anchor}-summary")));
        if events.is_empty() && head.analysis.is_empty() && self.chapters_complete {
            self.diags.push(
                Diagnostic::warning("empty-chapter", format!("chapter `{}` has no events", head.id.get_ref()))
                    .at(file, head.id.span())
                    .with_label("empty chapter")
                    .with_help("add [[event]] entries, or remove the chapter from report.toml"),
            );
        }
        let events: Vec<Event> = events.iter().map(|e| self.resolve_event(at, e)).collect();
        let analysis = head
            .analysis
            .iter()
            .enumerate()
            .map(|(i, a)| {
                self.non_empty(file, &a.title, "title");
                let an = format!("{anchor}-an{}", i + 1);
                let (placed, after) = super::blocks::placement(&[&a.body], &a.figure, &a.table);
                let body = self.blocks_with(
                    at,
                    &a.body,
                    &format!("{an}-p"),
                    &a.figure,
                    &a.table,
                    Some((&placed, &after)),
                    true,
                );
                Analysis { title: self.plain(&a.title), body, anchor: an }
            })
            .collect();
        let digest = head.digest.as_ref().map(|d| self.resolve_digest(at, d, &anchor));
        let number_text = self.locale.chapter_number(number);
        let title = self.plain(&head.title);
        Chapter {
            number,
            id: head.id.get_ref().clone(),
            anchor,
            heading: self.locale.heading(&number_text, &title),
            number_text,
            title,
            summary,
            events,
            analysis,
            digest,
        }
    }

    fn resolve_event(&mut self, at: Place<'_>, event: &model::Event) -> Event {
        let file = at.file;
        self.non_empty(file, &event.title, "title");
        let id = event.id.get_ref().clone();
        let anchor = event_anchor(&id);
        let (date_iso, datetime, date_text) = self
            .index
            .events
            .get(&id)
            .and_then(|i| i.date.map(|d| (d.iso(), d.start.iso(), i.date_text.clone())))
            .unwrap_or_default();
        let mut listed: Vec<(String, u32)> = Vec::new();
        for s in &event.sources {
            if let Some(n) = self.cite(at.chapter, file, s.get_ref(), None, s.span()) {
                listed.push((s.get_ref().clone(), n));
            }
        }
        let source_notes = listed.iter().map(|(_, n)| *n).collect();
        let at = Place { listed: &listed, ..at };
        let (body_placed, after) = super::blocks::placement(&[&event.body], &event.figure, &event.table);
        let (figures, tables) = (&event.figure, &event.table);
        let body = self.blocks_with(
            at,
            &event.body,
            &format!("{anchor}-p"),
            figures,
            tables,
            Some((&body_placed, &after)),
            true,
        );
        let quotes = event
            .quote
            .iter()
            .enumerate()
            .map(|(i, q)| self.quotation(at, q, format!("{anchor}-q{}", i + 1)))
            .collect();
        let analysis = self.blocks(at, &event.analysis, &format!("{anchor}-a"));
        let see = event
            .see
            .iter()
            .filter_map(|s| match self.index.events.get(s.get_ref()) {
                Some(target) => Some(CrossRef {
                    anchor: target.anchor.clone(),
                    label: self.locale.heading(&target.date_text, &target.title),
                }),
                None => {
                    self.unknown_event(file, s.get_ref(), s.span());
                    None
                }
            })
            .collect();
        let title = self.plain(&event.title);
        let actors: Vec<String> = event.actors.iter().map(|a| self.plain(a)).collect();
        Event {
            id,
            anchor,
            heading: self.locale.heading(&date_text, &title),
            date_iso,
            datetime,
            date_text,
            title,
            actors_text: self.locale.list(&actors),
            actors,
            source_notes,
            body,
            quotes,
            analysis,
            see,
        }
    }

    fn quotation(&mut self, at: Place<'_>, q: &model::Quote, mark: String) -> Quotation {
        self.non_empty(at.file, &q.text, "quotation");
        let content = self.inline(at, &q.text);
        let locator = q.locator.as_ref().map(|l| self.plain(l));
        let note = self.cite(at.chapter, at.file, q.source.get_ref(), locator, q.source.span()).unwrap_or(0);
        let attribution = match self.index.sources.get(q.source.get_ref()) {
            Some(s) => {
                let speaker =
                    q.speaker.as_ref().map(|s| self.plain(s)).unwrap_or_else(|| self.plain(&s.source.publisher));
                self.locale.attribution(&speaker, &self.plain(&s.source.title))
            }
            None => String::new(),
        };
        Quotation { mark, content, attribution, note }
    }

    fn resolve_digest(&mut self, at: Place<'_>, digest: &model::Digest, chapter_anchor: &str) -> Digest {
        let anchor = format!("{chapter_anchor}-digest");
        let mut points: Vec<(String, Option<DateSpec>, String, String)> = Vec::new();
        for m in &digest.milestones {
            match self.index.events.get(m.event.get_ref()) {
                Some(e) => points.push((self.plain(&m.label), e.date, e.date_text.clone(), e.anchor.clone())),
                None => self.unknown_event(at.file, m.event.get_ref(), m.event.span()),
            }
        }
        let intervals: Vec<Interval> = points
            .windows(2)
            .map(|w| {
                let days = match (w[0].1, w[1].1) {
                    (Some(a), Some(b)) => a.days_until(&b),
                    _ => None,
                };
                Interval {
                    from_label: w[0].0.clone(),
                    from_date: w[0].2.clone(),
                    from_anchor: w[0].3.clone(),
                    to_label: w[1].0.clone(),
                    to_date: w[1].2.clone(),
                    to_anchor: w[1].3.clone(),
                    days,
                    days_text: self.locale.days_or_unknown(days),
                }
            })
            .collect();
        let total_days = match (points.first().and_then(|p| p.1), points.last().and_then(|p| p.1)) {
            (Some(a), Some(b)) if points.len() > 1 => a.days_until(&b),
            _ => None,
        };
        let body = self.blocks(at, &digest.body, &format!("{anchor}-p"));
        let open_questions = self.paragraphs(at, &digest.open_questions, &format!("{anchor}-q"));
        Digest {
            anchor,
            title: self.plain(&digest.title),
            intervals,
            total_days,
            total_text: total_days.map(|d| self.locale.days(d)),
            body,
            open_questions,
        }
    }
}
