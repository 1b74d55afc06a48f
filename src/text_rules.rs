//! Which characters a report's text may contain, checked on every string value of every report
//! file as parsed (so every field is covered, whatever the model calls it).
//!
//! Refused, each at its `file:line:col`: C0 controls other than tab and newline (and CR before
//! LF, a line end in a file saved with CRLF), DEL, C1
//! controls, noncharacters and unassigned code points. They cannot be drawn, XML 1.0 cannot
//! carry most of them, and before this check they passed `check` and failed later inside the
//! Typst template. Invisible format characters (general category Cf: bidi isolates and marks,
//! ZWJ, ZWNJ, soft hyphen, …) are accepted: the PDF and the EPUB carry them.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::diagnostics::{Diagnostic, FileId};

/// Why a character is refused, or `None` when it may appear in report text.
pub fn refused(c: char) -> Option<&'static str> {
    let n = c as u32;
    if c == '\t' || c == '\n' {
        return None;
    }
    if n < 0x20 || n == 0x7F {
        return Some("a control character");
    }
    if (0x80..=0x9F).contains(&n) {
        return Some("a C1 control character");
    }
    if (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE {
        return Some("a noncharacter");
    }
    if c.general_category() == GeneralCategory::Unassigned {
        return Some("an unassigned code point");
    }
    None
}

/// How a character is named in messages: `U+0001`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Checks every string (values and keys) of a parsed file.
pub fn check_table(table: &DeTable<'_>, text: &str, file: FileId, diags: &mut Vec<Diagnostic>) {
    for (key, value) in table.iter() {
        check_string(key.get_ref(), key.span(), text, file, diags);
        check_value(value, text, file, diags);
    }
}

fn check_value(value: &Spanned<DeValue<'_>>, text: &str, file: FileId, diags: &mut Vec<Diagnostic>) {
    match value.get_ref() {
        DeValue::String(s) => check_string(s, value.span(), text, file, diags),
        DeValue::Array(items) => items.iter().for_each(|item| check_value(item, text, file, diags)),
        DeValue::Table(table) => check_table(table, text, file, diags),
        _ => {}
    }
}

fn check_string(s: &str, span: Range<usize>, text: &str, file: FileId, diags: &mut Vec<Diagnostic>) {
    let mut seen = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        // A multi-line string in a file saved with CRLF line ends holds CR LF: a line break.
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        let Some(why) = refused(c) else { continue };
        if seen.contains(&c) {
            continue;
        }
        seen.push(c);
        let at = locate(c, span.clone(), text);
        diags.push(
            Diagnostic::error("control-character", format!("{} is {why}, which the outputs cannot carry", code_point(c)))
                .at(file, at)
                .with_label(format!("{} here", code_point(c)))
                .with_help("remove it (it is invisible or cannot be printed); write a line break as a new paragraph, a tab as a space"),
        );
    }
}

/// Where `c` is written inside the raw string at `span`: the character itself, or its escape
/// (`\u0001`, `\U00000001`, `\x01`, `\e`, `\b`, `\f`, `\r`). The whole string when not found.
fn locate(c: char, span: Range<usize>, text: &str) -> Range<usize> {
    let Some(raw) = text.get(span.clone()) else { return span };
    if let Some(i) = raw.find(c) {
        return span.start + i..span.start + i + c.len_utf8();
    }
    let n = c as u32;
    let mut escapes = vec![format!("\\u{n:04x}"), format!("\\U{n:08x}"), format!("\\x{n:02x}")];
    match c {
        '\u{1B}' => escapes.push("\\e".into()),
        '\u{8}' => escapes.push("\\b".into()),
        '\u{C}' => escapes.push("\\f".into()),
        '\r' => escapes.push("\\r".into()),
        _ => {}
    }
    let lower = raw.to_ascii_lowercase();
    for escape in escapes {
        let escape_lower = escape.to_ascii_lowercase();
        // `\U` and `\u` differ only in case: compare the escape letter exactly.
        let mut from = 0;
        while let Some(i) = lower[from..].find(&escape_lower) {
            let i = from + i;
            let escaped_backslash = raw[..i].chars().rev().take_while(|&b| b == '\\').count() % 2 == 1;
            if raw.as_bytes()[i + 1] == escape.as_bytes()[1] && !escaped_backslash {
                return span.start + i..span.start + i + escape.len();
            }
            from = i + 1;
        }
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for c in [
            '\u{0}',
            '\u{1}',
            '\u{1B}',
            '\r',
            '\u{7F}',
            '\u{85}',
            '\u{9F}',
            '\u{FDD0}',
            '\u{FFFE}',
            '\u{10FFFF}',
            '\u{378}',
        ] {
            assert!(refused(c).is_some(), "{:04X}", c as u32);
        }
        for c in ['\t', '\n', 'a', 'あ', '\u{2066}', '\u{2069}', '\u{200D}', '\u{200C}', '\u{AD}', '\u{FEFF}', '\u{A0}']
        {
            assert_eq!(refused(c), None, "{:04X}", c as u32);
        }
    }

    #[test]
    fn each_refused_character_is_named_by_its_class() {
        // Noncharacters are also unassigned (category Cn): the message names the narrower class.
        let expected = [
            ('\u{0}', "a control character"),
            ('\u{1F}', "a control character"),
            ('\u{7F}', "a control character"),
            ('\u{80}', "a C1 control character"),
            ('\u{9F}', "a C1 control character"),
            ('\u{FDD0}', "a noncharacter"),
            ('\u{FDEF}', "a noncharacter"),
            ('\u{FFFE}', "a noncharacter"),
            ('\u{FFFF}', "a noncharacter"),
            ('\u{1FFFE}', "a noncharacter"),
            ('\u{10FFFF}', "a noncharacter"),
            ('\u{378}', "an unassigned code point"),
            ('\u{E0080}', "an unassigned code point"),
        ];
        for (c, why) in expected {
            assert_eq!(refused(c), Some(why), "U+{:04X}", c as u32);
        }
        // The neighbours of each range are ordinary characters.
        for c in [' ', '~', '\u{A0}', '\u{FDCF}', '\u{FDF0}', '\u{FFFD}', '\u{1F600}'] {
            assert_eq!(refused(c), None, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn crlf_in_a_multiline_string_is_a_line_break_but_a_lone_cr_is_refused() {
        let mut diags = Vec::new();
        check_string("a\r\nb", 0..4, "a\r\nb", 0, &mut diags);
        assert!(diags.is_empty());
        check_string("a\rb", 0..3, "a\rb", 0, &mut diags);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn finds_the_escape() {
        let text = r#"title = "ab\u0001c""#;
        assert_eq!(locate('\u{1}', 8..text.len(), text), 11..17);
        let text = r#"title = "a\\u0001 \U00000001""#;
        assert_eq!(&text[locate('\u{1}', 8..text.len(), text)], r"\U00000001");
    }
}
