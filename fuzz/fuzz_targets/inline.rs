//! Inline parser: arbitrary bytes (lossily decoded as UTF-8) are parsed as one paragraph.
//! Besides "never panics", three properties that follow from src/inline.rs and
//! pulldown-cmark are checked:
//!
//! 1. Nesting of emphasis/strong/link nodes is at most `MAX_DEPTH` (a node is only built
//!    while fewer than `MAX_DEPTH` frames are open; deeper ones are flattened).
//! 2. `Link` and `Cite` ranges are byte ranges into the parsed string (the documented
//!    contract of `RawInline`; they come from pulldown-cmark's offset iterator).
//! 3. Text without any markup is kept character for character: the input with every
//!    character that pulldown-cmark or the ruby splitter can treat specially removed
//!    (see `is_plain`), and trimmed, parses to nodes whose `plain_text` is that string.
#![no_main]

use casebook::inline::{MAX_DEPTH, RawInline, parse_inline, plain_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let nodes = parse_inline(&text);
    let _ = plain_text(&nodes);
    check_tree(&text, &nodes, 1);

    let plain: String = text.chars().filter(|&c| is_plain(c)).collect();
    let plain = plain.trim();
    let parsed = plain_text(&parse_inline(plain));
    assert_eq!(parsed, plain, "markup-free text was not kept as written");
});

fn check_tree(text: &str, nodes: &[RawInline], depth: usize) {
    for node in nodes {
        match node {
            RawInline::Emph(children) | RawInline::Strong(children) => {
                assert!(depth <= MAX_DEPTH, "nesting depth {depth} > MAX_DEPTH");
                check_tree(text, children, depth + 1);
            }
            RawInline::Link { children, range, .. } => {
                assert!(depth <= MAX_DEPTH, "nesting depth {depth} > MAX_DEPTH");
                assert!(text.get(range.clone()).is_some(), "link range {range:?} is not a range of the input");
                check_tree(text, children, depth + 1);
            }
            RawInline::Cite { range, .. } => {
                assert!(text.get(range.clone()).is_some(), "citation range {range:?} is not a range of the input");
            }
            RawInline::Text(_) | RawInline::Code(_) | RawInline::Ruby { .. } => {}
        }
    }
}

/// Characters that cannot start or take part in any construct parse_inline recognises:
/// not pulldown-cmark's inline specials (`* _ & \ [ ] < ! ` and line ends), no block
/// markers (`# > - + = ~ |` and ASCII digits for lists, headings, quotes, rules, fences,
/// setext underlines), no ruby braces, no control characters (tabs, NUL which is replaced,
/// line breaks which are joined). Leading/trailing whitespace is trimmed by the caller
/// (indented code, paragraph trimming).
fn is_plain(c: char) -> bool {
    !c.is_control() && !c.is_ascii_digit() && !"*_`[]{}|\\<>!#-+=~&".contains(c)
}
