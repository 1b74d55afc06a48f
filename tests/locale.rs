//! English reports read as English: every word and separator around the user's text comes
//! from the report's locale, in both outputs. The expected strings are written out here from
//! the fixtures' TOML (dates, actors, intervals counted by hand), never taken from casebook.
//!
//! Also: the renderers themselves (the Typst template and `src/render/`) hold no word of any
//! language and no language-specific separator.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// One built fixture: the PDF's text and every text file of the EPUB.
struct Built {
    pdf_text: String,
    epub_files: BTreeMap<String, String>,
}

fn build(fixture: &str) -> Built {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("english").join(fixture), dir.path());
    let out = bin().args(["build", "-q"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "build of {fixture} failed:\n{}", stderr(&out));
    let out_dir = dir.path().join("out");
    let file = |ext: &str| {
        std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap_or_else(|| panic!("no .{ext} written"))
    };
    let pdf_text = pdf_extract::extract_text_from_mem(&std::fs::read(file("pdf")).unwrap()).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file("epub")).unwrap()).unwrap();
    let mut epub_files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            epub_files.insert(f.name().to_string(), s);
        }
    }
    Built { pdf_text, epub_files }
}

fn en_gb() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build("en-gb"))
}

fn en_us() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build("en-us"))
}

/// Whitespace folded to single spaces (PDF extraction breaks lines where the layout does).
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of every EPUB file that readers or reading systems show: XHTML, nav, NCX, OPF.
fn epub_all(b: &Built) -> String {
    b.epub_files
        .iter()
        .filter(|(name, _)| name.ends_with(".xhtml") || name.ends_with(".ncx") || name.ends_with(".opf"))
        .map(|(_, s)| s.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

const JAPANESE_SEPARATORS: [(char, &str); 6] = [
    ('\u{3000}', "ideographic space"),
    ('\u{3001}', "ideographic comma"),
    ('\u{FF1A}', "fullwidth colon"),
    ('\u{FF08}', "fullwidth left parenthesis"),
    ('\u{FF09}', "fullwidth right parenthesis"),
    ('\u{2500}', "box drawing horizontal"),
];

fn assert_no_japanese_separators(what: &str, text: &str) {
    for (c, name) in JAPANESE_SEPARATORS {
        if let Some(at) = text.find(c) {
            let start = text[..at].char_indices().rev().nth(40).map(|(i, _)| i).unwrap_or(0);
            let end = text[at..].char_indices().nth(40).map(|(i, _)| at + i).unwrap_or(text.len());
            panic!("{what} contains U+{:04X} ({name}): …{}…", c as u32, &text[start..end]);
        }
    }
}

#[test]
fn english_outputs_carry_no_japanese_separators() {
    for (tag, b) in [("en-GB", en_gb()), ("en-US", en_us())] {
        assert_no_japanese_separators(&format!("{tag} PDF"), &b.pdf_text);
        for (name, text) in &b.epub_files {
            assert_no_japanese_separators(&format!("{tag} EPUB {name}"), text);
        }
        assert!(b.epub_files.contains_key("EPUB/toc.ncx") && b.epub_files.contains_key("EPUB/package.opf"));
    }
}

#[test]
fn english_words_and_separators_in_both_outputs() {
    let b = en_gb();
    let pdf = fold(&b.pdf_text);
    let epub = fold(&epub_all(b));
    for expected in [
        // Three actors of the `statement` event, as an English list.
        "Harbour Health Trust, National Cyber Security Centre and Police Scotland",
        // Headings: number or date, colon, title.
        "Chapter 1: Detection",
        "9 March 2024: The Trust confirms a cyber incident",
        // The range of the `outage` event.
        "9–23 March 2024",
        // alert (8 March) → statement (9 March): one day, singular.
        "1 day",
        // The authors on the title page.
        "Ada Lovelace, Charles Babbage and Grace Hopper",
        // Attribution of the quotation.
        "— The chief executive, “Statement on the cyber incident”",
        // Bibliography: archived copy and access date in English brackets.
        "(archived copy exists) (accessed 2 July 2024)",
    ] {
        assert!(pdf.contains(expected), "PDF lacks {expected:?}");
        assert!(epub.contains(expected), "EPUB lacks {expected:?}");
    }
    for label in ["Actors: ", "Sources: ", "See also: "] {
        assert!(pdf.contains(label), "PDF lacks {label:?}");
        assert!(epub.contains(label), "EPUB lacks {label:?}");
    }
    assert!(!pdf.contains("1 days") && !epub.contains("1 days"), "plural used for one day");
    // The nav's page-list heading and the language tag as given.
    let nav = &b.epub_files["EPUB/nav.xhtml"];
    assert!(nav.contains("<h2>Pages (PDF edition)</h2>"), "{nav}");
    assert!(nav.contains("xml:lang=\"en-GB\""));
    assert!(b.epub_files["EPUB/package.opf"].contains("<dc:language>en-GB</dc:language>"));
}

#[test]
fn american_english_dates() {
    let b = en_us();
    let pdf = fold(&b.pdf_text);
    let epub = fold(&epub_all(b));
    for expected in ["March 9, 2024: The Trust confirms a cyber incident", "March 9–23, 2024", "July 15, 2024"] {
        assert!(pdf.contains(expected), "PDF lacks {expected:?}");
        assert!(epub.contains(expected), "EPUB lacks {expected:?}");
    }
    assert!(!pdf.contains("9 March 2024") && !epub.contains("9 March 2024"), "British date in an en-US report");
}

#[test]
fn unknown_language_builds_with_english_words_and_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("english/en-gb"), dir.path());
    let report = dir.path().join("report/report.toml");
    let text = std::fs::read_to_string(&report).unwrap().replace("language = \"en-GB\"", "language = \"fr-CA\"");
    std::fs::write(&report, text).unwrap();
    let out = bin().args(["build", "--diagnostic-format", "short"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    let warnings: Vec<&str> = printed.lines().filter(|l| l.contains("warning[language]")).collect();
    assert_eq!(
        warnings,
        ["report/report.toml:4:12: warning[language]: no layout words for language `fr-CA`; English ones are used"]
    );
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("out/harbour-ransomware.epub")).unwrap()).unwrap();
    let mut opf = String::new();
    zip.by_name("EPUB/package.opf").unwrap().read_to_string(&mut opf).unwrap();
    assert!(opf.contains("<dc:language>fr-CA</dc:language>"));

    let text = std::fs::read_to_string(&report).unwrap().replace("language = \"fr-CA\"", "language = \"English (UK)\"");
    std::fs::write(&report, text).unwrap();
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("report/report.toml:4:12: error[language]: `English (UK)` is not a BCP 47 language tag"),
        "{}",
        stdout(&out)
    );
}

// ------------------------------------------------------------ the renderers hold no words

/// Calls whose strings are casebook's own messages to the person running it (diagnostics,
/// panics), which are English by design, not words of the report.
const MESSAGE_CALLS: [&str; 6] =
    ["expect(", ".with_help(", ".with_label(", "Diagnostic::error(", "Diagnostic::warning(", "FileError::Other("];

/// Code without the arguments of [`MESSAGE_CALLS`] (up to the matching parenthesis).
fn without_messages(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some((at, call)) =
        MESSAGE_CALLS.iter().filter_map(|c| rest.find(c).map(|i| (i, c))).min_by_key(|(i, _)| *i)
    {
        out.push_str(&rest[..at + call.len()]);
        let mut depth = 1;
        let mut in_string = false;
        let mut prev = ' ';
        let mut end = rest.len();
        for (i, c) in rest[at + call.len()..].char_indices() {
            match c {
                '"' if prev != '\\' => in_string = !in_string,
                '(' if !in_string => depth += 1,
                ')' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + call.len() + i;
                        break;
                    }
                }
                _ => {}
            }
            prev = c;
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Code of a file without its comments (`//` to the end of the line; the template and the
/// Rust renderers use no block comments), without Rust `#[cfg(test)]` modules and without
/// casebook's own messages.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    let code = text
        .lines()
        .map(|line| {
            // A `//` inside a string literal (URLs, namespaces) is not a comment.
            let mut in_string = false;
            let mut prev = ' ';
            for (i, c) in line.char_indices() {
                if c == '"' && prev != '\\' {
                    in_string = !in_string;
                }
                if !in_string && c == '/' && line[i + 1..].starts_with('/') {
                    return &line[..i];
                }
                prev = c;
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n");
    without_messages(&code)
}

/// Every `"…"` literal of a piece of code.
fn string_literals(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            // A Rust char literal such as '"' is not the start of a string.
            let rest: String = chars.clone().take(3).collect();
            if rest.len() >= 2 && rest.chars().nth(1) == Some('\'') {
                chars.next();
                chars.next();
            }
            continue;
        }
        if c != '"' {
            continue;
        }
        let mut lit = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    lit.push(c);
                    lit.extend(chars.next());
                }
                '"' => break,
                _ => lit.push(c),
            }
        }
        out.push(lit);
    }
    out
}

/// Whether a literal reads as words for a reader: two letters-only words separated by a
/// space, or one capitalised word (`Contents`, `Sources`), outside of the allowed names.
fn reads_as_words(lit: &str) -> bool {
    let words: Vec<&str> = lit.split(' ').filter(|w| !w.is_empty()).collect();
    let wordy = |w: &&str| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic());
    let capitalised = |w: &&str| {
        let mut cs = w.chars();
        cs.next().is_some_and(|c| c.is_ascii_uppercase())
            && cs.clone().count() > 1
            && cs.all(|c| c.is_ascii_lowercase())
    };
    words.windows(2).any(|p| wordy(&p[0]) && wordy(&p[1])) || words.iter().any(capitalised)
}

#[test]
fn renderers_hold_no_words_and_no_language_specific_separators() {
    // Names that are not words for a reader: fonts (the template names its faces) and the
    // EPUB Accessibility conformance statement (a fixed identifier string of the spec).
    const ALLOWED: [&str; 5] = [
        "Noto Serif JP",
        "Noto Sans JP",
        "BIZ UDMincho Gap",
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
        "<!DOCTYPE html>",
    ];
    let mut files = vec![repo().join("templates/report.typ")];
    let mut dirs = vec![repo().join("src/render")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.ends_with("pdf/diagnostics.rs") {
                // Typst's problems turned into casebook's diagnostics: messages to the person
                // running casebook, not words of the report.
                continue;
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 5, "the renderers were not found: {files:?}");
    let mut problems = Vec::new();
    for path in &files {
        let code = code_of(path);
        let name = path.strip_prefix(repo()).unwrap().display().to_string();
        for (n, line) in code.lines().enumerate() {
            if let Some(c) = line.chars().find(|c| !c.is_ascii()) {
                problems.push(format!("{name}:{}: non-ASCII character {c:?} in code: {}", n + 1, line.trim()));
            }
        }
        for lit in string_literals(&code) {
            if reads_as_words(&lit) && !ALLOWED.contains(&lit.as_str()) {
                problems.push(format!("{name}: the literal {lit:?} reads as words; take it from the Document"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_word_check_catches_words() {
    // The check above must be able to fail: these are what it looks for.
    assert!(reads_as_words("Contents"));
    assert!(reads_as_words("archived copy exists"));
    assert!(!reads_as_words("epub:type"));
    assert!(!reads_as_words("application/xhtml+xml"));
    assert!(!reads_as_words("page-{page}"));
    let lits = string_literals("x.leaf(\"h2\", &[], \"Landmarks\"); // \"comment\"\nlet c = '\"';");
    assert_eq!(lits, ["h2", "Landmarks", "comment"]);
    assert_eq!(code_of_str("a(\"https://x\") // note"), "a(\"https://x\") ");
    assert_eq!(without_messages("f(); x.expect(\"a (b) c\"); g(\"Word\")"), "f(); x.expect(); g(\"Word\")");
}

fn code_of_str(s: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.rs");
    std::fs::write(&p, s).unwrap();
    code_of(&p)
}
