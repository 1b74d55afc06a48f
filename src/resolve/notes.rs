//! Citations become numbered notes: one sequence 1, 2, 3 … through the whole report in
//! reading order, each note with its printed reference (composed by the locale) and the URL.

use std::collections::HashSet;
use std::ops::Range;

use super::Resolver;
use super::checks::strsim_distance;
use crate::date::DateSpec;
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::Note;
use crate::model;

/// The notes made so far and the sources they cite.
#[derive(Default)]
pub(super) struct Notes {
    notes: Vec<Note>,
    used_sources: HashSet<String>,
}

impl Notes {
    pub fn all(&self) -> &[Note] {
        &self.notes
    }

    pub fn into_vec(self) -> Vec<Note> {
        self.notes
    }

    pub fn is_cited(&self, source_id: &str) -> bool {
        self.used_sources.contains(source_id)
    }
}

impl Resolver<'_> {
    /// Creates the next note, cited in chapter `chapter` (an index into the document's
    /// chapters), for a citation of `source_id`, or reports an unknown source.
    pub(super) fn cite(
        &mut self,
        chapter: usize,
        file: FileId,
        source_id: &str,
        locator: Option<String>,
        span: Range<usize>,
    ) -> Option<u32> {
        let Some(info) = self.index.sources.get(source_id) else {
            if self.sources_complete {
                self.unknown_source(file, source_id, span);
            }
            return None;
        };
        let number = self.notes.notes.len() as u32 + 1;
        let note = Note {
            number,
            anchor: format!("note-{number}"),
            ref_anchor: format!("noteref-{number}"),
            chapter,
            citation: self.citation_text(info.source, locator.as_deref()),
            url: info.source.url.as_ref().map(|u| crate::url::encode_iri(u.get_ref().trim())),
            source_anchor: info.anchor.clone(),
        };
        self.notes.used_sources.insert(source_id.to_string());
        self.notes.notes.push(note);
        Some(number)
    }

    fn unknown_source(&mut self, file: FileId, source_id: &str, span: Range<usize>) {
        let mut known: Vec<&String> = self.index.sources.keys().collect();
        known.sort_by_key(|k| (strsim_distance(k, source_id), k.as_str()));
        let hint = known.first().map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
        self.diags.push(
            Diagnostic::error("unknown-source", format!("unknown source `{source_id}`"))
                .at(file, span)
                .with_label("no [[source]] with this id in report/sources.toml")
                .with_help(
                    crate::suggest::citation_with_comma(source_id, known.iter().map(|k| k.as_str()))
                        .map(|c| format!("a comma separates the source id from the page or section: write {c}"))
                        .unwrap_or(format!(
                            "add a [[source]] with id = \"{source_id}\" to report/sources.toml, or correct the id{hint}"
                        )),
                ),
        );
    }

    /// The printed form of a reference, e.g. `読売新聞「見出し」2015年6月22日、朝刊1面。`
    pub(super) fn citation_text(&self, source: &model::Source, locator: Option<&str>) -> String {
        let date = source.date.as_ref().and_then(|d| DateSpec::parse(d.get_ref()).ok()).map(|d| self.plain_date(&d));
        let mut extra: Vec<String> = Vec::new();
        if let Some(section) = &source.section {
            extra.push(self.plain(section));
        }
        if let Some(l) = locator {
            extra.push(l.to_string());
        }
        self.locale.citation(&self.plain(&source.publisher), &self.plain(&source.title), date, &extra)
    }

    /// A date in a reference: without era years, which only the report's own dates carry.
    pub(super) fn plain_date(&self, date: &DateSpec) -> String {
        self.locale.without_era().date(date)
    }

    pub(super) fn warn_unused_sources(&mut self) {
        let mut unused: Vec<(&String, &FileId, Range<usize>)> = self
            .index
            .sources
            .iter()
            .filter(|(id, _)| !self.notes.is_cited(id))
            .map(|(id, s)| (id, &s.file, s.source.id.span()))
            .collect();
        unused.sort_by_key(|(_, file, span)| (**file, span.start));
        let diags: Vec<Diagnostic> = unused
            .into_iter()
            .map(|(id, file, span)| {
                Diagnostic::warning("unused-source", format!("source `{id}` is never cited"))
                    .at(*file, span)
                    .with_label("not cited by any event, quotation or text")
                    .with_help(format!("cite it with [^{id}] or sources = [\"{id}\"], or remove it"))
            })
            .collect();
        self.diags.extend(diags);
    }
}
