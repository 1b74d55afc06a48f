//! The ids of sources and events, collected (and checked for duplicates) before any chapter
//! refers to them, so that a reference can point forward.

use std::collections::HashMap;
use std::ops::Range;

use super::Resolver;
use crate::date::DateSpec;
use crate::diagnostics::{Diagnostic, FileId};
use crate::load::Loaded;
use crate::model;

/// An event as other places refer to it.
pub(super) struct EventInfo {
    pub file: FileId,
    pub span: Range<usize>,
    pub anchor: String,
    pub title: String,
    pub date: Option<DateSpec>,
    pub date_text: String,
}

/// A source as citations refer to it.
pub(super) struct SourceInfo<'a> {
    pub file: FileId,
    pub source: &'a model::Source,
    pub anchor: String,
}

#[derive(Default)]
pub(super) struct Index<'a> {
    pub sources: HashMap<String, SourceInfo<'a>>,
    pub events: HashMap<String, EventInfo>,
}

/// The anchor of an event, in both outputs.
pub(super) fn event_anchor(id: &str) -> String {
    format!("ev-{id}")
}

impl<'a> Resolver<'a> {
    pub(super) fn collect_sources(&mut self, sources: &'a [(FileId, model::Source)]) {
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
            if let Some(first) = self.index.sources.get(&id) {
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
            self.index.sources.insert(id.clone(), SourceInfo { file, source, anchor: format!("src-{id}") });
        }
    }

    pub(super) fn collect_events(&mut self, loaded: &Loaded) {
        for chapter in &loaded.chapters {
            for event in &chapter.events {
                let id = event.id.get_ref().clone();
                self.check_id(chapter.file, &event.id, "event");
                let date = self.date(chapter.file, &event.date);
                if let Some(first) = self.index.events.get(&id) {
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
                let date_text = date.map(|d| self.locale.date(&d)).unwrap_or_default();
                self.index.events.insert(
                    id.clone(),
                    EventInfo {
                        file: chapter.file,
                        span: event.id.span(),
                        anchor: event_anchor(&id),
                        title: self.plain(&event.title),
                        date,
                        date_text,
                    },
                );
            }
        }
    }
}
