//! Citations become numbered notes: one sequence 1, 2, 3 … through the whole report in
//! reading order. Each note records what it cites; its text is formatted at the end of the
//! resolve step by the citation style (`resolve::citations`), which needs them all in order.

use std::collections::HashSet;
use std::ops::Range;

use super::Resolver;
use super::checks::strsim_distance;
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::{Inline, Note};

/// The notes made so far and the sources they cite.
#[derive(Default)]
pub(super) struct Notes {
    notes: Vec<Note>,
    /// What each note cites: (source id, locator), in note order.
    requests: Vec<Vec<(String, Option<String>)>>,
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

    /// What each note cites, in note order.
    pub fn requests(&self) -> &[Vec<(String, Option<String>)>] {
        &self.requests
    }

    /// The formatted text of every note, in note order.
    pub fn set_contents(&mut self, contents: &[Vec<Inline>]) {
        for (note, content) in self.notes.iter_mut().zip(contents) {
            note.content = content.clone();
        }
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
            content: Vec::new(),
            source_anchor: info.anchor.clone(),
        };
        self.notes.requests.push(vec![(source_id.to_string(), locator)]);
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
