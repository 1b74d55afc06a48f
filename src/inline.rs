//! The inline text syntax: a small Markdown subset parsed by pulldown-cmark.
//!
//! Allowed: `*emphasis*`, `**strong**`, `` `code` ``, `[text](https://…)` links,
//! `[text](#event-id)` cross references, citations `[^source-id]` or
//! `[^source-id, locator]` (they become numbered notes), and ruby `{漢字|かんじ}`.
//! Everything else — block syntax (headings, lists, quotes), raw HTML, images, Typst or TeX
//! syntax — is kept as literal text: the source of such a construct is passed through as
//! plain characters. Nothing here produces markup; renderers decide how each node looks.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Deeper emphasis/link nesting than this is flattened (keeps renderers off deep recursion).
pub const MAX_DEPTH: usize = 16;

/// One inline node, with byte ranges into the parsed string where a later check needs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawInline {
    Text(String),
    Emph(Vec<RawInline>),
    Strong(Vec<RawInline>),
    Code(String),
    Link { url: String, children: Vec<RawInline>, range: Range<usize> },
    Ruby { base: String, reading: String },
    Cite { source: String, locator: Option<String>, range: Range<usize> },
}

enum Frame {
    Emph,
    Strong,
    Link {
        url: String,
        start: usize,
    },
    /// A construct kept as literal text; children are dropped, its source is used.
    Literal,
}

/// Parses one paragraph of inline text, with typed quotes and dashes left as typed.
pub fn parse_inline(text: &str) -> Vec<RawInline> {
    parse_inline_with(text, false)
}

/// Parses one paragraph of inline text; with `smart_punctuation`, typed `"…"` and `'…'` become
/// typographic quotes (`“…”`, `‘…’`, the apostrophe `’`), `--` an en dash and `---` an em dash,
/// by pulldown-cmark's rules (CommonMark's smart punctuation). A backslash keeps a character
/// as typed: `\"`, `\'`, `\-\-`.
pub fn parse_inline_with(text: &str, smart_punctuation: bool) -> Vec<RawInline> {
    let mut stack: Vec<(Frame, Vec<RawInline>)> = Vec::new();
    let mut out: Vec<RawInline> = Vec::new();
    let mut block_depth = 0usize;
    let mut literal_block: Option<usize> = None;
    let mut first_block = true;
    let mut options = Options::ENABLE_OLD_FOOTNOTES;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let parser = Parser::new_ext(text, options).into_offset_iter();
    for (event, range) in parser {
        // Block structure: a paragraph is transparent, any other block is literal source.
        match &event {
            Event::Start(tag) if is_block(tag) => {
                if block_depth == 0 {
                    if !first_block {
                        push_text(current(&mut stack, &mut out), " ");
                    }
                    first_block = false;
                    if !matches!(tag, Tag::Paragraph) {
                        literal_block = Some(range.start);
                        push_text(current(&mut stack, &mut out), text[range.clone()].trim_end());
                    }
                }
                block_depth += 1;
                continue;
            }
            Event::End(tag) if is_block_end(tag) => {
                block_depth = block_depth.saturating_sub(1);
                if block_depth == 0 {
                    literal_block = None;
                    // Close anything left open (cannot happen for well-nested input).
                    while let Some((_, children)) = stack.pop() {
                        current(&mut stack, &mut out).extend(children);
                    }
                }
                continue;
            }
            Event::Rule | Event::Html(_) => {
                if literal_block.is_none() {
                    push_text(current(&mut stack, &mut out), text[range.clone()].trim_end());
                }
                continue;
            }
            _ => {}
        }
        if literal_block.is_some() {
            continue;
        }
        let in_literal = stack.iter().any(|(f, _)| matches!(f, Frame::Literal));
        match event {
            Event::Start(tag) => {
                let frame = match tag {
                    _ if in_literal => Frame::Literal,
                    Tag::Emphasis => Frame::Emph,
                    Tag::Strong => Frame::Strong,
                    Tag::Link { dest_url, .. } => Frame::Link { url: dest_url.to_string(), start: range.start },
                    _ => {
                        push_text(current(&mut stack, &mut out), &text[range.clone()]);
                        Frame::Literal
                    }
                };
                stack.push((frame, Vec::new()));
            }
            Event::End(_) => {
                let Some((frame, children)) = stack.pop() else { continue };
                let depth = stack.len();
                let parent = current(&mut stack, &mut out);
                let node = match frame {
                    Frame::Literal => continue,
                    _ if depth >= MAX_DEPTH => {
                        parent.extend(children);
                        continue;
                    }
                    Frame::Emph => RawInline::Emph(children),
                    Frame::Strong => RawInline::Strong(children),
                    Frame::Link { url, start } => RawInline::Link { url, children, range: start..range.end },
                };
                parent.push(node);
            }
            _ if in_literal => {}
            Event::Text(t) => push_text(current(&mut stack, &mut out), &t),
            Event::Code(c) => current(&mut stack, &mut out).push(RawInline::Code(c.to_string())),
            Event::FootnoteReference(label) => {
                let (source, locator) = match label.split_once(',') {
                    Some((id, loc)) => (id.trim().to_string(), Some(loc.trim().to_string()).filter(|l| !l.is_empty())),
                    None => (label.trim().to_string(), None),
                };
                current(&mut stack, &mut out).push(RawInline::Cite { source, locator, range });
            }
            Event::SoftBreak | Event::HardBreak => push_text(current(&mut stack, &mut out), "\n"),
            // Inline HTML, math, task markers and anything else: the characters as written.
            _ => push_text(current(&mut stack, &mut out), &text[range]),
        }
    }
    while let Some((_, children)) = stack.pop() {
        current(&mut stack, &mut out).extend(children);
    }
    let out = merge_text(out);
    let out = join_lines(out);
    split_ruby(out)
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn current<'a>(stack: &'a mut [(Frame, Vec<RawInline>)], out: &'a mut Vec<RawInline>) -> &'a mut Vec<RawInline> {
    match stack.last_mut() {
        Some((_, children)) => children,
        None => out,
    }
}

fn push_text(nodes: &mut Vec<RawInline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(RawInline::Text(last)) = nodes.last_mut() {
        last.push_str(text);
    } else {
        nodes.push(RawInline::Text(text.to_string()));
    }
}

fn merge_text(nodes: Vec<RawInline>) -> Vec<RawInline> {
    let mut merged = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            RawInline::Text(t) => push_text(&mut merged, &t),
            other => merged.push(map_children(other, merge_text)),
        }
    }
    merged
}

fn map_children(node: RawInline, f: fn(Vec<RawInline>) -> Vec<RawInline>) -> RawInline {
    match node {
        RawInline::Emph(c) => RawInline::Emph(f(c)),
        RawInline::Strong(c) => RawInline::Strong(f(c)),
        RawInline::Link { url, children, range } => RawInline::Link { url, children: f(children), range },
        other => other,
    }
}

/// A line break inside a paragraph string joins the lines: without a space between two
/// Japanese characters, with one space otherwise.
fn join_lines(nodes: Vec<RawInline>) -> Vec<RawInline> {
    nodes
        .into_iter()
        .map(|node| match node {
            RawInline::Text(t) if t.contains('\n') => {
                let mut s = String::with_capacity(t.len());
                let lines: Vec<&str> = t.split('\n').collect();
                for (i, line) in lines.iter().enumerate() {
                    let line = if i > 0 { line.trim_start() } else { line };
                    if i > 0 {
                        let prev = s.chars().last();
                        let next = line.chars().next();
                        let wide = |c: Option<char>| c.is_some_and(is_wide);
                        if !(s.is_empty() || line.is_empty() || wide(prev) && wide(next)) {
                            s.push(' ');
                        }
                    }
                    s.push_str(if i + 1 < lines.len() { line.trim_end() } else { line });
                }
                RawInline::Text(s)
            }
            other => map_children(other, join_lines),
        })
        .collect()
}

/// A plain text (a title, a name: no inline syntax) with smart punctuation applied by the same
/// rules as [`parse_inline_with`]: every other ASCII punctuation character is escaped first, so
/// nothing but quotes and dashes can change.
pub fn smart_plain(text: &str) -> String {
    if !text.contains(['"', '\'', '-']) {
        return text.to_string();
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '"' | '\'' | '-') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    // Line starts that open a block (`- item`, `1. x`) are escaped above (`-` excepted: a
    // leading `- ` or `---` would be a list or a rule, so keep the text as typed then).
    let first = escaped.trim_start();
    if first.starts_with("- ") || first.starts_with("---") || first.starts_with("--") && first.trim_end() == "--" {
        return text.to_string();
    }
    plain_text(&parse_inline_with(&escaped, true))
}

/// East Asian wide characters (kana, kanji, full-width punctuation).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Splits `{base|reading}` out of text nodes into ruby nodes.
fn split_ruby(nodes: Vec<RawInline>) -> Vec<RawInline> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            RawInline::Text(t) => {
                let mut rest = t.as_str();
                while let Some(open) = rest.find('{') {
                    let after = &rest[open + 1..];
                    let Some(close) = after.find(['}', '{']) else { break };
                    let inner = &after[..close];
                    let closed = after[close..].starts_with('}');
                    match inner.split_once('|') {
                        Some((base, reading))
                            if closed && !base.is_empty() && !reading.is_empty() && !reading.contains('|') =>
                        {
                            push_text(&mut out, &rest[..open]);
                            out.push(RawInline::Ruby { base: base.to_string(), reading: reading.to_string() });
                            rest = &after[close + 1..];
                        }
                        _ => {
                            push_text(&mut out, &rest[..open + 1]);
                            rest = after;
                        }
                    }
                }
                push_text(&mut out, rest);
            }
            other => out.push(map_children(other, split_ruby)),
        }
    }
    out
}

/// The plain characters of inline nodes (ruby base only), for checks and plain-text uses.
pub fn plain_text(nodes: &[RawInline]) -> String {
    let mut s = String::new();
    for node in nodes {
        match node {
            RawInline::Text(t) | RawInline::Code(t) => s.push_str(t),
            RawInline::Emph(c) | RawInline::Strong(c) | RawInline::Link { children: c, .. } => {
                s.push_str(&plain_text(c))
            }
            RawInline::Ruby { base, .. } => s.push_str(base),
            RawInline::Cite { .. } => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::RawInline::*;
    use super::*;

    fn t(s: &str) -> RawInline {
        Text(s.to_string())
    }

    #[test]
    fn emphasis_strong_code_links() {
        let nodes = parse_inline("a *b* **c** `d` [e](https://x.jp/)");
        assert_eq!(nodes[0], t("a "));
        assert_eq!(nodes[1], Emph(vec![t("b")]));
        assert_eq!(nodes[3], Strong(vec![t("c")]));
        assert_eq!(nodes[5], Code("d".into()));
        assert!(matches!(&nodes[7], Link { url, .. } if url == "https://x.jp/"));
    }

    #[test]
    fn citations_with_and_without_locator() {
        let nodes = parse_inline("発表した[^recomm-0625]。報道[^yomiuri, 朝刊1面]");
        assert!(
            matches!(&nodes[1], Cite { source, locator: None, range } if source == "recomm-0625" && *range == (12..26))
        );
        assert!(matches!(&nodes[3], Cite { source, locator: Some(l), .. } if source == "yomiuri" && l == "朝刊1面"));
    }

    #[test]
    fn ruby_is_split_and_broken_braces_stay_text() {
        assert_eq!(
            parse_inline("人口に{膾炙|かいしゃ}せず"),
            vec![t("人口に"), Ruby { base: "膾炙".into(), reading: "かいしゃ".into() }, t("せず")]
        );
        assert_eq!(parse_inline("{a|} {|b} {x"), vec![t("{a|} {|b} {x")]);
    }

    #[test]
    fn markup_of_other_languages_is_literal() {
        for s in [
            "#read(\"/etc/passwd\")",
            "</p><script>alert(1)</script>",
            "# 見出し",
            "- item",
            "1986. 年",
            "> quoted",
            "$x^2$ \\LaTeX{} <label> @ref = h",
            "![alt](img.png)",
            "---",
        ] {
            assert_eq!(plain_text(&parse_inline(s)), s, "{s}");
        }
    }

    #[test]
    fn lines_join_without_space_between_japanese() {
        assert_eq!(parse_inline("日本\n語 and\nEnglish"), vec![t("日本語 and English")]);
    }

    #[test]
    fn deep_nesting_is_flattened_not_recursive() {
        let s = format!("{}x{}", "*_".repeat(200), "_*".repeat(200));
        let nodes = parse_inline(&s);
        fn depth(n: &[RawInline]) -> usize {
            n.iter()
                .map(|x| match x {
                    Emph(c) | Strong(c) => 1 + depth(c),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&nodes) <= MAX_DEPTH);
        assert!(plain_text(&nodes).contains('x'));
    }
}
