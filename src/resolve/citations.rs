//! The report's citation style, and the text of every note and bibliography entry formatted
//! by it through the CSL engine ([`crate::citations`]): the style is chosen once from
//! `citation_style` (or the language's default), every problem with it is a diagnostic at
//! that value, and the notes made while resolving are formatted together at the end, in
//! number order, since a note's form depends on the notes before it.

use std::collections::HashMap;
use std::ops::Range;

use super::Resolver;
use crate::citations::{CitationStyle, Cite, CiteSource, StyleError, macro_reference_span};
use crate::date::DateSpec;
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::Inline;
use crate::load::{Loaded, is_style_path};
use crate::model;

/// The style in force and where it was named (for diagnostics the engine raises later).
pub(super) struct ChosenStyle {
    pub style: CitationStyle,
    pub at: Option<(FileId, Range<usize>)>,
}

impl Resolver<'_> {
    /// The citation style named in report.toml, or the language's default. A style that
    /// cannot be used is an error at the value (and the default is used to go on checking).
    pub(super) fn choose_style(&mut self, file: FileId, report: &model::ReportFile, loaded: &Loaded) -> ChosenStyle {
        let default = || CitationStyle::default_for(self.locale.is_japanese());
        let Some(value) = &report.citation_style else {
            return ChosenStyle { style: default(), at: None };
        };
        let name = value.get_ref().trim();
        let at = Some((file, value.span()));
        let result = if is_style_path(name) {
            // Read by the loader (which reported a missing or outside file already).
            let Some(csl_file) = loaded.citation_style_file else {
                return ChosenStyle { style: default(), at };
            };
            CitationStyle::from_csl(self.files.text(csl_file)).map_err(|e| (e, Some(csl_file)))
        } else {
            CitationStyle::archived(name).map_err(|e| (e, None))
        };
        match result {
            Ok(style) => {
                if !style.is_note_style() {
                    self.diags.push(
                        Diagnostic::warning("citation-style", format!("`{name}` is not a notes style"))
                            .at(file, value.span())
                            .with_label("an in-text style")
                            .with_help("its citations (such as `(1)` or `(Author 2015)`) are printed as the notes' text; a notes style such as \"chicago-notes\" writes references"),
                    );
                }
                ChosenStyle { style, at }
            }
            Err((error, csl_file)) => {
                self.diags.push(style_diagnostic(file, value.span(), name, &error, csl_file, self.files));
                ChosenStyle { style: default(), at }
            }
        }
    }

    /// The sources as the engine reads them, in the order of sources.toml.
    fn cite_sources(&self) -> Vec<CiteSource> {
        let mut infos: Vec<_> = self.index.sources.values().collect();
        infos.sort_by_key(|info| (info.file, info.source.id.span().start));
        let words = self.locale.words();
        let date =
            |t: &Option<model::Text>| t.as_ref().and_then(|d| DateSpec::parse(d.get_ref()).ok()).map(|d| d.start);
        // As printed elsewhere: trimmed, with the locale's smart punctuation.
        let trimmed = |t: &model::Text| self.plain(t);
        infos
            .into_iter()
            .map(|info| {
                let s = info.source;
                let kind = *s.kind.get_ref();
                CiteSource {
                    id: s.id.get_ref().clone(),
                    kind,
                    title: trimmed(&s.title),
                    publisher: trimmed(&s.publisher),
                    date: date(&s.date),
                    section: s.section.as_ref().map(trimmed),
                    url: s.url.as_ref().map(|u| u.get_ref().trim().to_string()),
                    accessed: date(&s.accessed),
                    genre: self.locale.source_genre(kind).map(str::to_string),
                    archive: s.archived.then(|| words.archived.clone()),
                    language: self.locale.tag.clone(),
                }
            })
            .collect()
    }

    /// Formats every note (its `content`) and returns the bibliography entries in the style's
    /// order, by source id.
    pub(super) fn format_citations(&mut self) -> Vec<(String, Vec<Inline>)> {
        let sources = self.cite_sources();
        let position: HashMap<&str, usize> = sources.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let notes: Vec<Vec<Cite>> = self
            .notes
            .requests()
            .iter()
            .map(|cites| {
                cites
                    .iter()
                    .filter_map(|(id, locator)| {
                        Some(Cite { source: *position.get(id.as_str())?, locator: locator.clone() })
                    })
                    .collect()
            })
            .collect();
        match crate::citations::format(&self.style.style, &self.locale.tag, &sources, &notes) {
            Ok(formatted) => {
                self.notes.set_contents(&formatted.notes);
                formatted.bibliography.iter().map(|(i, content)| (sources[*i].id.clone(), content.clone())).collect()
            }
            Err(why) => {
                let mut d = Diagnostic::error("citation-style", why)
                    .with_label("this style")
                    .with_help("report the problem with the style, or choose another `citation_style`");
                if let Some((file, span)) = &self.style.at {
                    d = d.at(*file, span.clone());
                }
                self.diags.push(d);
                Vec::new()
            }
        }
    }
}

/// A style that cannot be used, at the `citation_style` value.
fn style_diagnostic(
    file: FileId,
    span: Range<usize>,
    name: &str,
    error: &StyleError,
    csl_file: Option<FileId>,
    files: &crate::diagnostics::SourceFiles,
) -> Diagnostic {
    let d = Diagnostic::error("citation-style", format!("`{name}`: {error}")).at(file, span);
    match error {
        StyleError::UnknownName { suggestions } => {
            let hint = suggestions.first().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            d.with_label("not a style of casebook's archive").with_help(format!(
                "write the name of an archived CSL style (\"chicago-notes\", \"chicago-shortened-notes\", \"modern-humanities-research-association-notes\", …) or the path of a .csl file in the project{hint}"
            ))
        }
        StyleError::Parse { path, .. } => d.with_label("this style file").with_help(format!(
            "fix the XML of the style (the parser stopped at `{path}`, a path through its elements); casebook's own style, assets/csl/casebook-ja.csl in casebook's repository, is a working example"
        )),
        StyleError::UnknownParent(_) => d
            .with_label("a dependent style")
            .with_help("a dependent style can only name a parent from casebook's archive; use the parent's own .csl file instead"),
        StyleError::MissingMacros(names) => {
            let mut d = d
                .with_label("this style file")
                .with_help("define the macro with <macro name=\"…\"> or correct the name: an undefined macro would print nothing");
            if let Some(csl) = csl_file {
                for name in names {
                    if let Some(at) = macro_reference_span(files.text(csl), name) {
                        d = d.with_related(csl, at, format!("macro `{name}` used here"));
                    }
                }
            }
            d
        }
    }
}
