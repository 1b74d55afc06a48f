//! Citations through the CSL engine: the full reference at a source's first note, the short
//! form (or 同上 / 前掲注) afterwards, the URL printed once in the notes and again in the
//! bibliography, the same note texts in the PDF and the EPUB, `citation_style` with archived
//! styles and a project `.csl` file, and located diagnostics for a bad name or a broken file.
//!
//! Every expected note is written by hand from the fixture's TOML and the style's rules.

mod common;

use std::path::Path;

use casebook::build::check;
use casebook::document::{Document, Inline};
use casebook::project::Project;
use casebook::resolve::ResolveOptions;
use common::*;

/// A copy of the English fixture (en-GB), with `citation_style = <style>` when given.
fn english(style: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("english/en-gb"), dir.path());
    if let Some(style) = style {
        set_style(dir.path(), style);
    }
    dir
}

/// Sets `citation_style = "<style>"` as line 5 of report.toml (after `language`).
fn set_style(dir: &Path, style: &str) {
    let path = dir.join("report/report.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let toml: Vec<&str> = toml.lines().filter(|l| !l.starts_with("citation_style")).collect();
    let toml = toml.join("\n").replacen(
        "language = \"en-GB\"\n",
        &format!("language = \"en-GB\"\ncitation_style = \"{style}\"\n"),
        1,
    );
    std::fs::write(&path, toml).unwrap();
}

fn document(dir: &Path) -> Document {
    let checked = check(&Project::open(dir).unwrap(), &ResolveOptions::default());
    let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    checked.document.unwrap()
}

fn notes(doc: &Document) -> Vec<String> {
    doc.notes.iter().map(|n| Inline::plain(&n.content)).collect()
}

fn bibliography(doc: &Document) -> Vec<String> {
    doc.bibliography.iter().flat_map(|g| &g.entries).map(|e| Inline::plain(&e.content)).collect()
}

// The fixture's notes, in reading order: 1 trust-statement and 2 ncsc-advisory (the `alert`
// event's sources line); 3 trust-statement (the `statement` event's sources line, cited again
// in its body: the same note), 4 ncsc-advisory, p. 2 (its body), 5 trust-statement (its
// quotation); 6 gazette and 7 trust-statement (the `outage` event); 8 review.

#[test]
fn english_second_citation_is_short_and_the_url_is_printed_once() {
    let dir = english(None);
    let doc = document(dir.path());
    let n = notes(&doc);
    // Chicago notes (18th ed.): an institution's report is Author, *Title* (title case),
    // genre (year), archive, URL; the short form is Author, *Title*.
    assert_eq!(
        n[0],
        "Harbour Health Trust, Statement on the Cyber Incident, press release (2024), archived copy exists, https://example.org/harbour/statement."
    );
    assert_eq!(n[2], "Harbour Health Trust, Statement on the Cyber Incident.");
    assert_eq!(n[3], "National Cyber Security Centre, Advisory on Ransomware against Health Providers, 2.");
    assert_eq!(n[4], "Harbour Health Trust, Statement on the Cyber Incident.");
    // A newspaper article: ‘Headline’ (en-GB quotes), *Paper*, date, archive.
    assert_eq!(
        n[5],
        "‘Hospital Systems down for a Second Week’, The Harbour Gazette, 16 March 2024, archived copy exists."
    );
    assert_eq!(n[6], "Harbour Health Trust, Statement on the Cyber Incident.");
    // The title is in italics, the URL a link.
    assert!(
        doc.notes[0].content.contains(&Inline::Emph {
            children: vec![Inline::Text { text: "Statement on the Cyber Incident".into() }]
        })
    );
    let url = "https://example.org/harbour/statement";
    assert!(
        doc.notes[0]
            .content
            .contains(&Inline::Link { url: url.into(), children: vec![Inline::Text { text: url.into() }] })
    );
    assert_eq!(n.iter().filter(|t| t.contains(url)).count(), 1, "{n:#?}");
    assert_eq!(n.iter().filter(|t| t.contains("https://example.org/ncsc/advisory.pdf")).count(), 1, "{n:#?}");
    // … and in the bibliography, in Chicago's bibliography form.
    assert!(
        bibliography(&doc).contains(
            &"Harbour Health Trust. Statement on the Cyber Incident. Press release. 2024. archived copy exists. https://example.org/harbour/statement."
                .to_string()
        ),
        "{:#?}",
        bibliography(&doc)
    );
}

#[test]
fn japanese_notes_use_the_house_style_with_ibid_and_earlier_note() {
    let doc = document(&repo());
    let n = notes(&doc);
    let recomm = "http://www.recomm.co.jp/IR/tabid/60/Detail.html?itemid=2555";
    // report/sources.toml: recomm-2015-06-25, a press release of レカム株式会社, 2015-06-25.
    assert_eq!(
        n[0],
        format!("レカム株式会社「当社に関する一部報道について」（プレスリリース）2015年6月25日、{recomm}。")
    );
    // The same source again: 同上; with the quotation's locator: 同上、<locator>.
    assert_eq!(n[1], "同上。");
    assert_eq!(n[2], "同上、3月11日の経緯（原文注記「6月25日公開資料より」）。");
    // Cited again after other sources (chapter 04): the publisher and the first note's number.
    let later = doc
        .notes
        .iter()
        .position(|note| note.number > 3 && note.source_anchor == "src-recomm-2015-06-25")
        .expect("recomm-2015-06-25 is cited again in the findings");
    assert_eq!(n[later], "レカム株式会社・前掲注（1）。");
    // A news article: 「見出し」『紙名』date+section, URL; then 同上 with its locator.
    let yomiuri = "http://www.yomiuri.co.jp/national/20150621-OYT1T50125.html";
    let first = n.iter().position(|t| t.contains(yomiuri)).unwrap();
    assert_eq!(
        n[first],
        format!("「IP電話乗っ取り「国際」停止依頼後も料金請求」『読売新聞社』2015年6月22日朝刊、{yomiuri}。")
    );
    assert_eq!(n[first + 1], "同上、見出し。");
    assert_eq!(n.iter().filter(|t| t.contains(recomm)).count(), 1, "URL printed more than once in the notes");
    // The bibliography (oldest first) has every URL again.
    let bib = bibliography(&doc);
    assert!(bib.contains(&format!(
        "レカム株式会社「当社に関する一部報道について」（プレスリリース）2015年6月25日、{recomm}。"
    )));
    assert!(
        bib.iter().any(|e| e == "「本件を報じた朝刊一面の記事（表題不明）」『読売新聞社』2015年6月12日朝刊一面。"),
        "{bib:#?}"
    );
}

#[test]
fn english_notes_read_the_same_in_pdf_and_epub() {
    let dir = english(None);
    let out = bin().args(["build", "-q", "--typst-dir"]).arg(dir.path().join("typ")).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("typ/data/report.json")).unwrap()).unwrap();
    let texts: Vec<String> =
        data["notes"].as_array().unwrap().iter().map(|n| plain_json(n["content"].as_array().unwrap())).collect();
    assert_eq!(texts[2], "Harbour Health Trust, Statement on the Cyber Incident.");
    // PDF text with words hyphenated at line ends joined again.
    let pdf = squash(&pdf_text(&dir.path().join("out/harbour-ransomware.pdf")).replace("-\n", ""));
    // Each footnote's text, one per line.
    let mut epub = String::new();
    for (_, xhtml) in
        epub_texts(&dir.path().join("out/harbour-ransomware.epub")).iter().filter(|(n, _)| n.ends_with(".xhtml"))
    {
        for aside in xhtml.split("<aside").skip(1) {
            epub.push_str(&squash(&xml_text(&format!("<aside{}", &aside[..aside.find("</aside>").unwrap()]))));
            epub.push('\n');
        }
    }
    for (i, text) in texts.iter().enumerate() {
        let number = i + 1;
        // The footnote number, then the note's text, in both outputs.
        let needle = squash(&format!("{number}{text}"));
        assert!(pdf.contains(&needle), "PDF lacks note {number}: {text}");
        assert!(epub.lines().any(|l| l == needle), "EPUB lacks note {number}: {text}\n{epub}");
    }
}

fn plain_json(nodes: &[serde_json::Value]) -> String {
    nodes
        .iter()
        .map(|n| match n["kind"].as_str().unwrap() {
            "text" => n["text"].as_str().unwrap().to_string(),
            _ => plain_json(n["children"].as_array().unwrap()),
        })
        .collect()
}

#[test]
fn citation_style_takes_archived_styles() {
    // chicago-shortened-notes: the short form from the first note on.
    let dir = english(Some("chicago-shortened-notes"));
    let n = notes(&document(dir.path()));
    assert_eq!(n[0], "Harbour Health Trust, Statement on the Cyber Incident.");
    // MHRA: single quotes for articles, the page as `p.`, the access date in brackets.
    let dir = english(Some("modern-humanities-research-association-notes"));
    let n = notes(&document(dir.path()));
    assert_eq!(n[3], "National Cyber Security Centre, Advisory on Ransomware against Health Providers, p. 2.");
    assert!(n[0].ends_with("<https://example.org/harbour/statement> [accessed 2 July 2024]."), "{}", n[0]);
}

/// A minimal note style: the title in brackets, and `id.` for the same source again.
const OWN_STYLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Test</title><id>test</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <macro name="title"><text variable="title"/></macro>
  <citation>
    <layout prefix="[" suffix="]">
      <choose>
        <if position="ibid"><group><text value="id."/></group></if>
        <else><group><text macro="title"/></group></else>
      </choose>
    </layout>
  </citation>
</style>
"#;

#[test]
fn citation_style_takes_a_project_csl_file() {
    let dir = english(Some("report/own.csl"));
    std::fs::write(dir.path().join("report/own.csl"), OWN_STYLE).unwrap();
    let n = notes(&document(dir.path()));
    assert_eq!(n[0], "[Statement on the cyber incident]");
    assert_eq!(n[1], "[Advisory on ransomware against health providers]");
    assert_eq!(n[2], "[Statement on the cyber incident]");
    // ncsc-advisory again, after another source: not ibid.
    assert_eq!(n[3], "[Advisory on ransomware against health providers]");
    assert_eq!(n[5], "[Hospital systems down for a second week]");
}

fn check_short(dir: &Path) -> (String, i32) {
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(dir).output().unwrap();
    (stdout(&out), out.status.code().unwrap())
}

#[test]
fn a_bad_style_name_is_a_located_diagnostic() {
    let dir = english(Some("chicago-note"));
    let (out, code) = check_short(dir.path());
    assert_eq!(out, "report/report.toml:5:18: error[citation-style]: `chicago-note`: no citation style of this name\n");
    assert_eq!(code, 1);
    let out = bin().args(["check", "--diagnostic-format", "json"]).arg(dir.path()).output().unwrap();
    assert!(stdout(&out).contains("did you mean `chicago-notes`?"), "{}", stdout(&out));
}

#[test]
fn a_broken_csl_file_is_a_located_diagnostic() {
    let dir = english(Some("report/own.csl"));
    // A closing tag misspelt (the parser's path names the last element it had started
    // reading a value for, here the macro before the citation: it is no line number).
    std::fs::write(dir.path().join("report/own.csl"), OWN_STYLE.replace("</layout>", "</layot>")).unwrap();
    let (out, code) = check_short(dir.path());
    assert_eq!(
        out,
        "report/report.toml:5:18: error[citation-style]: `report/own.csl`: not a CSL style: ill-formed document: expected `</layout>`, but `</layot>` was found (at `macro`)\n"
    );
    assert_eq!(code, 1);
    // A macro that is not defined (hayagriva would print nothing for it).
    std::fs::write(dir.path().join("report/own.csl"), OWN_STYLE.replace("macro=\"title\"/>", "macro=\"titel\"/>"))
        .unwrap();
    let (out, _) = check_short(dir.path());
    assert_eq!(
        out,
        "report/report.toml:5:18: error[citation-style]: `report/own.csl`: the style uses undefined macro `titel`\n"
    );
    let human = bin().args(["check"]).arg(dir.path()).output().unwrap();
    assert!(stderr(&human).contains("report/own.csl:9:35"), "{}", stderr(&human));
    // A file outside the project, and one that does not exist.
    set_style(dir.path(), "../own.csl");
    let (out, _) = check_short(dir.path());
    assert_eq!(
        out,
        "report/report.toml:5:18: error[sandbox]: citation style `../own.csl`: `../own.csl` climbs out with `..`\n"
    );
    set_style(dir.path(), "report/none.csl");
    let (out, _) = check_short(dir.path());
    assert_eq!(out, "report/report.toml:5:18: error[read]: the citation style file `report/none.csl` does not exist\n");
}

#[test]
fn an_in_text_style_builds_with_a_warning() {
    let dir = english(Some("apa"));
    let checked = check(&Project::open(dir.path()).unwrap(), &ResolveOptions::default());
    let warnings: Vec<String> =
        checked.diagnostics.iter().filter(|d| d.code == "citation-style").map(|d| d.message.clone()).collect();
    assert_eq!(warnings, ["`apa` is not a notes style"]);
    // APA's in-text citation, author and year, is the note's text.
    let doc = checked.document.unwrap();
    assert_eq!(Inline::plain(&doc.notes[0].content), "(Harbour Health Trust, 2024)");
}
