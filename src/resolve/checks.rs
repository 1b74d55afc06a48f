//! Rules on single values: ids, empty texts, dates, URLs, and runs of characters too long to
//! set. Each rule adds a located diagnostic and lets the walk go on.

use std::ops::Range;

use super::Resolver;
use crate::date::DateSpec;
use crate::diagnostics::{Diagnostic, FileId};
use crate::model::Text;

/// Longest run of characters without a line-break opportunity (see `check_word_length`).
pub const MAX_WORD_CHARS: usize = 20_000;

/// Longest id (ids become anchors and file names); one constant with the schemas' pattern.
pub use crate::model::MAX_ID_LEN;

impl Resolver<'_> {
    /// A run of characters without a break opportunity becomes one string in the PDF, and
    /// PDF/A allows at most 32 767 characters in a string: refuse such runs here, where the
    /// place can be named, instead of failing in the PDF export.
    pub(super) fn check_word_length(&mut self, file: FileId, text: &Text) {
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

    pub(super) fn unknown_event(&mut self, file: FileId, id: &str, span: Range<usize>) {
        if !self.chapters_complete {
            return;
        }
        let mut known: Vec<&String> = self.index.events.keys().collect();
        known.sort_by_key(|k| (strsim_distance(k, id), k.as_str()));
        let hint = known
            .first()
            .filter(|k| strsim_distance(k, id) <= id.chars().count().max(3) / 3 + 1)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        self.diags.push(
            Diagnostic::error("unknown-event", format!("unknown event `{id}`"))
                .at(file, span)
                .with_label("no [[event]] with this id in any chapter")
                .with_help(format!("use the id of an event defined in report/chapters/*.toml{hint}")),
        );
    }

    pub(super) fn check_id(&mut self, file: FileId, id: &Text, what: &str) {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.len() <= MAX_ID_LEN
            && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            self.diags.push(
                Diagnostic::error("bad-id", format!("`{s}` is not a valid {what} id"))
                    .at(file, id.span())
                    .with_label(format!("ids use a-z, 0-9 and -, at most {MAX_ID_LEN} characters"))
                    .with_help("ids become anchors and file names: use lowercase ASCII letters, digits and hyphens, e.g. \"nhk-2015-06-12\""),
            );
        }
    }

    pub(super) fn non_empty(&mut self, file: FileId, text: &Text, what: &str) {
        if text.get_ref().trim().is_empty() {
            self.diags.push(
                Diagnostic::error("empty-text", format!("the {what} is empty"))
                    .at(file, text.span())
                    .with_label(format!("empty {what}"))
                    .with_help(format!("write the {what}, or remove the entry")),
            );
        }
    }

    pub(super) fn date(&mut self, file: FileId, text: &Text) -> Option<DateSpec> {
        match DateSpec::parse(text.get_ref()) {
            Ok(d) => Some(d),
            Err(e @ crate::date::DateError::Time(_)) => {
                self.diags.push(
                    Diagnostic::error("bad-time", format!("`{}`: {e}", text.get_ref()))
                        .at(file, text.span())
                        .with_label("not a time of day with its zone")
                        .with_help(
                            "write a full date, T, the time and its zone: 2024-03-09T03:14Z or 2024-03-09T12:14+09:00",
                        ),
                );
                None
            }
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

    pub(super) fn check_url(&mut self, file: FileId, url: &Text) {
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
pub(super) fn strsim_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(strsim_distance("nhk", "nhx"), 1);
    }
}
