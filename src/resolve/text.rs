//! Inline text: the parsed Markdown subset becomes [`Inline`] nodes; links are checked,
//! cross references resolved to anchors, citations numbered as notes.

use std::ops::Range;

use super::{Place, Resolver};
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::{Inline, Paragraph};
use crate::inline::{RawInline, parse_inline_with, smart_plain};
use crate::model::Text;

impl Resolver<'_> {
    /// Paragraphs marked `{prefix}1`, `{prefix}2`, … (anchors for links and the page map).
    pub(super) fn paragraphs(&mut self, at: Place<'_>, texts: &[Text], prefix: &str) -> Vec<Paragraph> {
        texts.iter().enumerate().map(|(i, t)| self.paragraph(at, t, format!("{prefix}{}", i + 1))).collect()
    }

    pub(super) fn paragraph(&mut self, at: Place<'_>, text: &Text, mark: String) -> Paragraph {
        let content = self.inline(at, text);
        Paragraph { mark, content }
    }

    pub(super) fn inline(&mut self, at: Place<'_>, text: &Text) -> Vec<Inline> {
        self.check_word_length(at.file, text);
        let raw = parse_inline_with(text.get_ref(), self.locale.typography().smart_punctuation);
        self.convert_inline(at, text, raw)
    }

    fn convert_inline(&mut self, at: Place<'_>, text: &Text, raw: Vec<RawInline>) -> Vec<Inline> {
        let mut out = Vec::with_capacity(raw.len());
        for node in raw {
            match node {
                RawInline::Text(text) => out.push(Inline::Text { text }),
                RawInline::Code(text) => out.push(Inline::Code { text }),
                RawInline::Ruby { base, reading } => out.push(Inline::Ruby { base, reading }),
                RawInline::Emph(c) => {
                    let children = self.convert_inline(at, text, c);
                    out.push(Inline::Emph { children });
                }
                RawInline::Strong(c) => {
                    let children = self.convert_inline(at, text, c);
                    out.push(Inline::Strong { children });
                }
                RawInline::Link { url, children, range } => {
                    let children = self.convert_inline(at, text, children);
                    let span = self.inner_span(at.file, text, range);
                    out.extend(self.link(at.file, url, children, span));
                }
                RawInline::Cite { source, locator, range } => {
                    // The event's sources line already has a note for this source: the same
                    // citation without a locator refers to that note again.
                    let again = at.listed.iter().find(|(id, _)| *id == source && locator.is_none());
                    if let Some((_, number)) = again {
                        out.push(Inline::Note { number: *number, again: true });
                        continue;
                    }
                    let span = self.inner_span(at.file, text, range);
                    if let Some(number) = self.cite(at.chapter, at.file, &source, locator, span) {
                        out.push(Inline::Note { number, again: false });
                    }
                }
            }
        }
        out
    }

    /// A link to the web or to another event; an unusable target keeps the link's text.
    fn link(&mut self, file: FileId, url: String, children: Vec<Inline>, span: Range<usize>) -> Vec<Inline> {
        if let Some(target) = url.strip_prefix('#') {
            if let Some(reference) = self.block_ref(target, &children) {
                return vec![reference];
            }
            match self.index.events.get(target) {
                Some(e) => return vec![Inline::Ref { anchor: e.anchor.clone(), children }],
                None => self.unknown_event(file, target, span),
            }
        } else if crate::url::is_link_target(&url) {
            return vec![Inline::Link { url: crate::url::encode_iri(&url), children }];
        } else {
            self.diags.push(
                Diagnostic::error("bad-url", format!("link target `{url}` is not an http(s) URL or #event-id"))
                    .at(file, span)
                    .with_label("unsupported link")
                    .with_help("link to https://… addresses, or to another event with [text](#event-id)"),
            );
        }
        children
    }

    /// A plain text as printed: trimmed, with the locale's smart punctuation (see
    /// [`crate::inline::smart_plain`]).
    pub(super) fn plain(&self, text: &Text) -> String {
        let trimmed = text.get_ref().trim();
        if self.locale.typography().smart_punctuation { smart_plain(trimmed) } else { trimmed.to_string() }
    }

    /// Maps a byte range inside a string's value to the TOML file: exact for strings written
    /// without escapes, the whole string otherwise.
    pub(super) fn inner_span(&self, file: FileId, text: &Text, range: Range<usize>) -> Range<usize> {
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
}
