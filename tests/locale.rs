//! English reports read as English: every word and separator around the user's text comes
//! from the report's locale, in both outputs. The expected strings are written out here from
//! the fixtures' TOML (dates, actors, intervals counted by hand), never taken from casebook.
//!
//! Also: the renderers themselves (the Typst template and `src/render/`) hold no word of any
//! language and no language-specific separator.

mod common;
use common::*;

use std::collections::BTreeMap;
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
    Built { pdf_text: pdf_text(&file("pdf")), epub_files: epub_texts(&file("epub")) }
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
        // The authors on the title page, with their affiliations.
        "Ada Lovelace, Charles Babbage (Analytical Engines Ltd) and Grace Hopper",
        // In the colophon, with their roles (other than author) too.
        "Ada Lovelace, Charles Babbage (editor, Analytical Engines Ltd) and Grace Hopper (translator)",
        // report.toml's description, on the title page.
        "A fictional incident report used to test English typesetting.",
        // Attribution of the quotation.
        "— The chief executive, “Statement on the cyber incident”",
        // Bibliography (Chicago notes style): the archived copy in English words.
        "Press release. 2024. archived copy exists.",
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
    let opf = &b.epub_files["EPUB/package.opf"];
    assert!(opf.contains("<dc:language>en-GB</dc:language>"));
    // Each credit with its MARC relator (Library of Congress codes): author aut, editor edt —
    // both creators —, translator trl, a contributor.
    for (element, name, code) in [
        ("dc:creator", "Ada Lovelace", "aut"),
        ("dc:creator", "Charles Babbage", "edt"),
        ("dc:contributor", "Grace Hopper", "trl"),
    ] {
        let start =
            opf.find(&format!(">{name}</{element}>")).unwrap_or_else(|| panic!("{name} not a {element}: {opf}"));
        let id = opf[..start].rsplit("id=\"").next().unwrap().split('"').next().unwrap();
        let refinement = format!("<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{code}</meta>");
        assert!(opf.contains(&refinement), "{refinement} missing: {opf}");
    }
    assert!(b.epub_files["EPUB/cover.xhtml"].contains("<p class=\"cover-description\">"));
    // HTML has no intervals: a range's `datetime` is its first day (EPUBCheck refuses `A/B`).
    let ch02 = &b.epub_files["EPUB/ch02.xhtml"];
    assert!(ch02.contains("<time datetime=\"2024-03-09\" class=\"date\">9–23 March 2024</time>"), "{ch02}");
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
    let opf = epub_text(&dir.path().join("out/harbour-ransomware.epub"), "EPUB/package.opf");
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

// ------------------------------------------------------------ English typography and fonts

/// Every font name embedded in a PDF (BaseFont of its font dictionaries, subset tag removed).
fn pdf_fonts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|t| t == b"Font"))
        .filter_map(|d| d.get(b"BaseFont").and_then(|n| n.as_name()).ok())
        .map(|n| {
            let n = String::from_utf8_lossy(n).into_owned();
            n.split_once('+').map(|(_, rest)| rest.to_string()).unwrap_or(n)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn english_text_has_typographic_quotes_dashes_and_european_names() {
    let b = en_gb();
    let pdf = fold(&b.pdf_text);
    let epub = fold(&epub_all(b));
    for expected in [
        "Michał Łukasz",
        "Ödön Şahin",
        "Αθήνα",
        "Москва",
        // Typed "in the wild" and Trust's.
        "“in the wild”",
        "Trust’s",
        // Typed -- and ---.
        "server – the first sign",
        "— a pattern seen “in the wild” before",
        // A title is plain text, smart punctuation too.
        "Monitoring raises an alert at night: “unusual encryption”",
    ] {
        assert!(pdf.contains(expected), "PDF lacks {expected:?}");
        assert!(epub.contains(expected), "EPUB lacks {expected:?}");
    }
    for typed in ["--", "\"in the wild\"", "Trust's"] {
        assert!(!pdf.contains(typed), "PDF prints {typed:?} as typed");
    }
    let chapter = &b.epub_files["EPUB/ch01.xhtml"];
    assert!(chapter.contains("<em>Trust’s</em>") && chapter.contains("<code>.locked</code>"), "{chapter}");
}

#[test]
fn english_emphasis_is_italic_and_code_is_monospace() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("english/en-gb"), dir.path());
    let out = bin().args(["build", "-q"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let fonts = pdf_fonts(&std::fs::read(dir.path().join("out/harbour-ransomware.pdf")).unwrap());
    for face in ["LibertinusSerif-Regular", "LibertinusSerif-Italic", "LibertinusSerif-Bold", "DejaVuSansMono"] {
        assert!(fonts.iter().any(|f| f == face), "{face} not embedded: {fonts:?}");
    }
    // The Japanese report keeps its Japanese faces for text and headings.
    let out = bin().args(["build", "-q", "--out"]).arg(dir.path().join("ja")).arg(repo()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ja_pdf = std::fs::read(dir.path().join("ja/ai-900.pdf")).unwrap();
    // This repository's project folder keeps the bundled fonts in assets/fonts/: copies of
    // bundled fonts are not the project's own (no "added typefaces" row in the colophon).
    assert!(!pdf_text(&dir.path().join("ja/ai-900.pdf")).contains("追加書体"));
    let fonts = pdf_fonts(&ja_pdf);
    for face in ["NotoSerifJP-Regular", "NotoSansJP-Regular", "NotoSansJP-Bold"] {
        assert!(fonts.iter().any(|f| f == face), "{face} not embedded: {fonts:?}");
    }
}

#[test]
fn paper_follows_the_region_unless_the_report_names_one() {
    // Page size in PDF points, read from the first page's MediaBox.
    let media_box = |pdf: &[u8]| -> (i64, i64) {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let dict = doc.get_object(page).unwrap().as_dict().unwrap();
        let b = dict.get(b"MediaBox").unwrap().as_array().unwrap();
        let n = |o: &lopdf::Object| o.as_float().map(|f| f.round() as i64).or_else(|_| o.as_i64()).unwrap();
        (n(&b[2]) - n(&b[0]), n(&b[3]) - n(&b[1]))
    };
    let build_paper = |fixture: &str, paper: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("english").join(fixture), dir.path());
        if let Some(paper) = paper {
            let report = dir.path().join("report/report.toml");
            let text = std::fs::read_to_string(&report).unwrap();
            std::fs::write(&report, format!("{text}\n[output]\npaper = \"{paper}\"\n")).unwrap();
        }
        let out = bin().args(["build", "-q", "--format", "pdf"]).arg(dir.path()).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let pdf = std::fs::read_dir(dir.path().join("out")).unwrap().next().unwrap().unwrap().path();
        media_box(&std::fs::read(pdf).unwrap())
    };
    // US Letter is 8.5 × 11 in = 612 × 792 pt; A4 is 210 × 297 mm = 595 × 842 pt.
    assert_eq!(build_paper("en-us", None), (612, 792));
    assert_eq!(build_paper("en-gb", None), (595, 842));
    assert_eq!(build_paper("en-gb", Some("us-letter")), (612, 792));
}

// ------------------------------------------------------------ notes

#[test]
fn adjacent_note_marks_are_separated_and_a_listed_source_cited_again_is_one_note() {
    // The fixture's citations, in reading order (counted by hand from its TOML):
    // alert: sources line trust-statement (1), ncsc-advisory (2);
    // statement: sources line trust-statement (3); text ncsc-advisory, p. 2 (4); text
    //   trust-statement without a locator: note 3 again; quotation of trust-statement (5);
    // outage: sources line gazette (6), trust-statement (7); review-published: review (8).
    let b = en_gb();
    let chapters: String =
        b.epub_files.iter().filter(|(n, _)| n.starts_with("EPUB/ch")).map(|(_, s)| s.as_str()).collect();
    assert_eq!(chapters.matches("epub:type=\"footnote\"").count(), 8, "one footnote per note");
    let first_refs = chapters.matches("epub:type=\"noteref\" role=\"doc-noteref\" id=\"noteref-").count();
    let all_refs = chapters.matches("epub:type=\"noteref\"").count();
    assert_eq!((first_refs, all_refs), (8, 9), "note 3 is referred to twice, and has one footnote");
    let ch01 = &b.epub_files["EPUB/ch01.xhtml"];
    assert!(
        ch01.contains("class=\"noteref\">1</a><span class=\"note-separator\">,</span><a epub:type=\"noteref\""),
        "{ch01}"
    );
    let pdf: String = b.pdf_text.split_whitespace().collect();
    assert!(pdf.contains("Sources:1,2"), "adjacent marks run together in the PDF: {pdf}");
    // Eight footnotes in the PDF, the ninth number nowhere.
    for n in 1..=8 {
        assert!(b.pdf_text.lines().any(|l| l.trim_start().starts_with(&n.to_string())), "no footnote {n}");
    }
}

// ------------------------------------------------------------ `casebook new --lang`

/// Hiragana, katakana, CJK ideographs and fullwidth forms: what marks text as Japanese.
fn japanese_chars(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| matches!(*c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF))
        .collect()
}

/// Builds `casebook new` with `args` and returns (every report file, the PDF text, every EPUB file).
fn new_project(args: &[&str], env: &[(&str, &str)]) -> (String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let mut cmd = bin();
    cmd.env_remove("LC_ALL").env_remove("LANG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.arg("new").args(args).arg(&project).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = bin().args(["build", "-q"]).arg(&project).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut files = String::new();
    for name in ["report.toml", "sources.toml"] {
        files += &std::fs::read_to_string(project.join("report").join(name)).unwrap();
    }
    for entry in std::fs::read_dir(project.join("report/chapters")).unwrap() {
        files += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
    }
    let pdf = pdf_text(&project.join("out/incident-report.pdf"));
    let epub = epub_texts(&project.join("out/incident-report.epub")).into_values().collect();
    (files, pdf, epub)
}

#[test]
fn new_writes_an_english_or_a_japanese_example() {
    let (files, pdf, epub) = new_project(&["--lang", "en"], &[]);
    assert_eq!(japanese_chars(&files), Vec::<char>::new(), "Japanese in the English example's files");
    assert_eq!(japanese_chars(&pdf), Vec::<char>::new(), "Japanese in the English example's PDF");
    assert_eq!(japanese_chars(&epub), Vec::<char>::new(), "Japanese in the English example's EPUB");
    assert!(files.contains("language = \"en\"") && pdf.contains("Chapter 1: Discovery"));

    let (files, pdf, _) = new_project(&["--lang", "ja"], &[]);
    assert!(files.contains("language = \"ja\"") && squash(&pdf).contains("第1章"));

    // Without --lang: the environment decides.
    let (files, _, _) = new_project(&[], &[("LANG", "ja_JP.UTF-8")]);
    assert!(files.contains("language = \"ja\""));
    let (files, _, _) = new_project(&[], &[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "en_GB.UTF-8")]);
    assert!(files.contains("language = \"en\""));
}

// ------------------------------------------------------------ a project's own fonts

#[test]
fn a_project_adds_a_font_for_characters_the_bundled_ones_lack() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("english/en-gb"), dir.path());
    let chapter = dir.path().join("report/chapters/02-response.toml");
    let text = std::fs::read_to_string(&chapter)
        .unwrap()
        .replace("Clinics worked on paper for two weeks.", "Clinics worked on paper (sign: ⵜⵉⴼⵉⵏⴰⵖ).");
    std::fs::write(&chapter, text).unwrap();
    // Without the font: the glyph check names the character and says where a font goes.
    let out = bin().args(["build", "--diagnostic-format", "short"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("error[missing-glyph]: the character `ⵜ` (U+2D5C) has no glyph in the bundled fonts"),
        "{}",
        stdout(&out)
    );
    let out = bin().args(["build"]).arg(dir.path()).output().unwrap();
    assert!(stderr(&out).contains("add a font that has it to the project's assets/fonts/"), "{}", stderr(&out));

    // With the font (a DejaVu Sans subset with the Tifinagh block) in assets/fonts/.
    copy_dir(&fixtures().join("project-font"), dir.path());
    let out = bin().args(["build", "-q"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("out/harbour-ransomware.pdf")).unwrap();
    assert!(pdf_fonts(&pdf).iter().any(|f| f == "CasebookTestTifinagh"), "{:?}", pdf_fonts(&pdf));
    let text = fold(&pdf_text(&dir.path().join("out/harbour-ransomware.pdf")));
    // The colophon credits it with the licence the font states (its name ID 13 begins
    // "Fonts are (c) Bitstream (see below).").
    let credit = "Casebook Test Tifinagh (Fonts are (c) Bitstream (see below).)";
    assert!(text.contains("ⵜⵉⴼⵉⵏⴰⵖ") && text.contains(credit), "{text}");
    let colophon = epub_text(&dir.path().join("out/harbour-ransomware.epub"), "EPUB/colophon.xhtml");
    assert!(colophon.contains("<dt>Added typefaces</dt><dd>Casebook Test Tifinagh"), "{colophon}");

    // A file that is not a font is a diagnostic, not a silent skip.
    std::fs::write(dir.path().join("assets/fonts/notes.ttf"), "not a font").unwrap();
    let out = bin().args(["build", "--diagnostic-format", "short"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("error[font]: assets/fonts/notes.ttf holds no font Typst can read"),
        "{}",
        stdout(&out)
    );
}
