//! The incident-report elements (issue 17) in both outputs, on the English fixture
//! `tests/fixtures/incident` that uses every one of them: the summary page with its key facts,
//! impact figures, recommendations linked both ways with the events they address, times of day
//! in the chronology, an appendix, the TLP marking and the revision history.
//!
//! Every expected string is written out here from the fixture's TOML (intervals counted by
//! hand: 03:14 UTC → 06:30 UTC is 3 h 16 min; 06:30 UTC → 14:05 at +01:00, i.e. 13:05 UTC, is
//! 6 h 35 min; 9 → 23 March is 14 days), never taken from casebook.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::sync::OnceLock;

struct Built {
    pdf: Vec<u8>,
    pdf_pages: Vec<String>,
    epub_files: BTreeMap<String, String>,
}

fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("incident"), dir.path());
        let out = bin().args(["build", "--diagnostic-format", "short"]).arg(dir.path()).output().unwrap();
        assert!(out.status.success(), "build failed:\n{}{}", stdout(&out), stderr(&out));
        assert_eq!(stdout(&out), "", "the fixture builds without diagnostics");
        let pdf = dir.path().join("out/clinic-outage.pdf");
        let (pdf_pages, epub_files) = (pdf_pages(&pdf), epub_texts(&dir.path().join("out/clinic-outage.epub")));
        let pdf = std::fs::read(pdf).unwrap();
        Built { pdf, pdf_pages, epub_files }
    })
}

/// Whitespace folded to single spaces.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_text() -> String {
    fold(&built().pdf_pages.join("\n"))
}

/// The text of an XHTML file without its tags: block elements and table cells are separated by
/// a space, inline elements (links, `time`, `span`) are not.
fn xhtml_words(name: &str) -> String {
    let xml = &built().epub_files[&format!("EPUB/{name}")];
    const BLOCKS: [&str; 14] =
        ["p", "h1", "h2", "h3", "dt", "dd", "td", "th", "tr", "li", "section", "div", "table", "br"];
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = open + rest[open..].find('>').unwrap();
        let tag = rest[open + 1..close].trim_start_matches('/');
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if BLOCKS.contains(&name.as_str()) {
            text.push(' ');
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    let text = text.replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">");
    fold(&text.replace("&amp;", "&"))
}

/// [`in_order`] on PDF text: whitespace ignored on both sides.
fn in_pdf_order(what: &str, hay: &str, needles: &[&str]) {
    let squashed: Vec<String> = needles.iter().map(|n| squash(n)).collect();
    in_order(what, &squash(hay), &squashed.iter().map(String::as_str).collect::<Vec<_>>());
}

/// `needles` occur in `hay` in this order.
fn in_order(what: &str, hay: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match hay[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("{what}: `{n}` missing or out of order (after byte {at})"),
        }
    }
}

const KEY_FACTS: [(&str, &str); 10] = [
    ("First event", "9 March 2024, 03:14 UTC: Ransomware encrypts the booking server"),
    ("Detected", "9 March 2024, 06:30 UTC: The night shift reports the outage"),
    ("Disclosed", "9 March 2024, 14:05 UTC+01:00: The clinic announces the incident"),
    ("Last event", "23 March 2024: Online booking restored"),
    ("Total span", "14 days"),
    ("Appointments cancelled", "at least 1,200 appointments (as of 20 March 2024)"),
    ("Days without online booking", "12–14 days (as of 23 March 2024)"),
    ("Events", "4"),
    ("Sources", "2"),
    ("Recommendations", "1 open, 1 in progress and 1 done"),
];

#[test]
fn summary_page_follows_the_title_page_with_abstract_and_key_facts() {
    let b = built();
    // Page 1 is the title page, page 2 the summary.
    let page2 = fold(&b.pdf_pages[1]);
    assert!(page2.starts_with("Summary"), "page 2: {page2}");
    // The typed apostrophe is set typographically, as in every English text.
    let mut expected = vec!["Ransomware encrypted the clinic’s booking server overnight", "Key facts"];
    for (label, value) in KEY_FACTS {
        expected.extend([label, value]);
    }
    in_pdf_order("PDF summary page", &page2, &expected);
    let epub = xhtml_words("summary.xhtml");
    in_order("EPUB summary", &epub, &expected);
    // The EPUB reads the summary after the cover and before the table of contents.
    in_order(
        "spine",
        &b.epub_files["EPUB/package.opf"],
        &["<itemref idref=\"cover\"/>", "<itemref idref=\"summary\"/>", "<itemref idref=\"nav\"/>"],
    );
}

#[test]
fn impact_figures_form_a_table_citing_their_sources() {
    // Note 1 is the abstract's citation, notes 2 and 3 the two figures' sources.
    let expected = [
        "Impact",
        "Figure",
        "Value",
        "As of",
        "Appointments cancelled",
        "at least 1,200 appointments",
        "2",
        "20 March 2024",
        "Days without online booking",
        "12–14 days",
        "3",
        "23 March 2024",
    ];
    in_order("EPUB impact", &xhtml_words("summary.xhtml"), &expected);
    let page2 = fold(&built().pdf_pages[1]);
    in_pdf_order("PDF impact", &page2, &["Impact", "Appointments cancelled", "at least 1,200 appointments"]);
    // The notes name each figure's source (the citation style decides the rest of the line).
    in_pdf_order("PDF notes", &page2, &["Northfield Clinic", "Northfield Clinic", "Northfield Gazette"]);
    let summary = &built().epub_files["EPUB/summary.xhtml"];
    assert!(summary.contains("id=\"note-3\""), "the summary document keeps its notes");
}

#[test]
fn recommendations_are_numbered_with_a_status_table() {
    let rows = [
        "1",
        "Keep offline backups of the booking database and test a restore every quarter.",
        "IT operations",
        "in progress",
        "30 September 2024",
        "2",
        "Triage endpoint alerts around the clock.",
        "Security team",
        "done",
        "15 April 2024",
        "3",
        "Tell patients within a day when bookings are lost.",
        "Communications",
        "open",
        "30 June 2024",
    ];
    let mut expected = vec!["Recommendations", "No.", "Recommendation", "Owner", "Status", "Due"];
    expected.extend(rows);
    expected.extend([
        "Recommendation 1",
        "Owner: IT operations",
        "Status: in progress",
        "Due: 30 September 2024",
        "Addresses: 9 March 2024, 03:14 UTC: Ransomware encrypts the booking server",
    ]);
    in_order("EPUB recommendations", &xhtml_words("recommendations.xhtml"), &expected);
    in_pdf_order("PDF recommendations", &pdf_text(), &expected);
}

#[test]
fn recommendations_and_events_link_both_ways() {
    let b = built();
    let recs = &b.epub_files["EPUB/recommendations.xhtml"];
    let chapter = &b.epub_files["EPUB/ch01.xhtml"];
    for (rec, events) in [
        ("offline-backups", &["encryption"][..]),
        ("alert-triage", &["encryption", "detection"][..]),
        ("notify-patients", &["disclosure"][..]),
    ] {
        assert!(recs.contains(&format!("id=\"rec-{rec}\"")));
        for ev in events {
            assert!(recs.contains(&format!("href=\"ch01.xhtml#ev-{ev}\"")), "{rec} → {ev}");
        }
    }
    for (ev, label) in [
        ("encryption", "Addressed by: Recommendation 1, Recommendation 2"),
        ("detection", "Addressed by: Recommendation 2"),
        ("disclosure", "Addressed by: Recommendation 3"),
    ] {
        assert!(chapter.contains(&format!("id=\"ev-{ev}\"")));
        in_pdf_order("PDF event", &pdf_text(), &[label]);
        assert!(xhtml_words("ch01.xhtml").contains(label), "EPUB: {label}");
    }
    assert!(chapter.contains("<a href=\"recommendations.xhtml#rec-alert-triage\">Recommendation 2</a>"));
    // In the PDF: the event page links to the recommendations' page and back.
    let links = PdfLinks::new(&b.pdf);
    let event_page = links.named_page("ev-encryption");
    let rec_page = links.named_page("rec-offline-backups");
    assert!(links.targets_from(event_page).contains(&rec_page), "event → recommendation");
    assert!(links.targets_from(rec_page).contains(&event_page), "recommendation → event");
    // The summary's key facts link to the events they name.
    assert!(links.targets_from(2).contains(&event_page), "summary → first event");
}

#[test]
fn times_of_day_order_the_chronology_and_count_hours() {
    let expected = [
        "9 March 2024, 03:14 UTC",
        "Ransomware encrypts the booking server",
        "9 March 2024, 06:30 UTC",
        "The night shift reports the outage",
        "3 hours 16 minutes",
        "9 March 2024, 14:05 UTC+01:00",
        "The clinic announces the incident",
        "6 hours 35 minutes",
        "23 March 2024",
        "Online booking restored",
        "14 days",
    ];
    in_order("EPUB chronology", &xhtml_words("chronology.xhtml"), &expected);
    let pdf = pdf_text();
    let chronology = &pdf[pdf.rfind("Chronology").unwrap()..];
    in_pdf_order("PDF chronology", chronology, &expected);
    let xml = &built().epub_files["EPUB/chronology.xhtml"];
    assert!(xml.contains("<time datetime=\"2024-03-09T14:05+01:00\">9 March 2024, 14:05 UTC+01:00</time>"));
}

#[test]
fn the_appendix_is_lettered_after_the_recommendations_and_before_the_back_matter() {
    let b = built();
    let order = ["Chapter 1: Timeline", "Recommendations", "Appendix A: Glossary", "Chronology", "Bibliography"];
    let pdf = pdf_text();
    let body = &pdf[pdf.find("Ransomware encrypts the booking server Sources").unwrap_or(0)..];
    in_pdf_order("PDF body", body, &order[1..]);
    in_order("EPUB nav", &b.epub_files["EPUB/nav.xhtml"], &order);
    in_order(
        "spine",
        &b.epub_files["EPUB/package.opf"],
        &["idref=\"ch01\"", "idref=\"recommendations\"", "idref=\"ch02\"", "idref=\"chronology\""],
    );
    assert!(b.epub_files["EPUB/ch02.xhtml"].contains("<h1 id=\"ch-glossary-h\">Appendix A: Glossary</h1>"));
}

#[test]
fn the_marking_is_on_every_pdf_page_and_on_the_epub_cover_and_metadata() {
    let b = built();
    for (i, page) in b.pdf_pages.iter().enumerate() {
        assert!(page.contains("TLP:AMBER"), "page {} has no marking", i + 1);
    }
    assert!(b.epub_files["EPUB/cover.xhtml"].contains("<p class=\"marking tlp-amber\"><strong>TLP:AMBER</strong></p>"));
    assert!(b.epub_files["EPUB/package.opf"].contains("<meta property=\"dcterms:accessRights\">TLP:AMBER</meta>"));
    assert!(xhtml_words("colophon.xhtml").contains("Classification TLP:AMBER"));
}

#[test]
fn the_revision_history_is_in_the_colophon() {
    let expected = [
        "Revision history",
        "Version",
        "Date",
        "Changes",
        "1.0",
        "2 April 2024",
        "First publication.",
        "1.1",
        "1 May 2024",
        "Added the recovery figures.",
    ];
    in_order("EPUB colophon", &xhtml_words("colophon.xhtml"), &expected);
    let pdf = pdf_text();
    in_pdf_order("PDF colophon", &pdf[pdf.rfind("Colophon").unwrap()..], &expected);
}

/// User text in the new fields is data: markup in a free-text marking, an impact label and an
/// owner comes out literally in both outputs.
#[test]
fn text_of_the_new_fields_is_printed_literally() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("incident"), dir.path());
    let report = dir.path().join("report/report.toml");
    let toml = std::fs::read_to_string(&report)
        .unwrap()
        .replace("marking = \"TLP:AMBER\"", "marking = 'Internal </p><script>x</script>'")
        .replace("label = \"Appointments cancelled\"", "label = '#read(\"/etc/passwd\") $x$'")
        .replace("owner = \"IT operations\"", "owner = '</td><td>@ops'");
    std::fs::write(&report, toml).unwrap();
    let out = bin().args(["build", "-q"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = common::pdf_text(&dir.path().join("out/clinic-outage.pdf"));
    for literal in ["Internal </p><script>x</script>", "#read(\"/etc/passwd\") $x$", "</td><td>@ops"] {
        assert!(squash(&pdf).contains(&squash(literal)), "PDF lacks {literal}");
    }
    let read = |name: &str| epub_text(&dir.path().join("out/clinic-outage.epub"), name);
    assert!(read("EPUB/cover.xhtml").contains("<strong>Internal &lt;/p&gt;&lt;script&gt;x&lt;/script&gt;</strong>"));
    assert!(
        read("EPUB/package.opf").contains(
            "<meta property=\"dcterms:accessRights\">Internal &lt;/p&gt;&lt;script&gt;x&lt;/script&gt;</meta>"
        )
    );
    assert!(read("EPUB/summary.xhtml").contains("#read(&quot;/etc/passwd&quot;) $x$"));
    assert!(read("EPUB/recommendations.xhtml").contains("&lt;/td&gt;&lt;td&gt;@ops"));
}

/// The Japanese words of the elements, on the project `casebook new --lang ja` writes (one
/// open recommendation, a TLP:CLEAR marking, the appendix `用語`, the revision `初稿。`).
#[test]
fn japanese_words_of_the_elements() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert!(bin().args(["new", "--lang", "ja"]).arg(&project).output().unwrap().status.success());
    let out = bin().args(["build", "-q"]).arg(&project).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = squash(&common::pdf_text(&project.join("out/incident-report.pdf")));
    for expected in [
        "要旨",
        "主な事実",
        "未着手1件",
        "勧告1",
        "担当：販売会社",
        "状況：未着手",
        "付録A用語",
        "改訂履歴",
        "初稿。",
        "TLP:CLEAR",
    ] {
        assert!(pdf.contains(expected), "PDF lacks {expected}");
    }
}

/// An event in an appendix is in the chronology with the appendix's letter, not a number:
/// after one chapter, the first appendix is "A" and the second "B", in both outputs.
#[test]
fn an_appendix_event_is_in_the_chronology_with_its_letter() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("incident"), dir.path());
    let chapters = dir.path().join("report/chapters");
    let event = |id: &str, date: &str, title: &str| {
        format!("\n[[event]]\nid = \"{id}\"\ndate = \"{date}\"\ntitle = \"{title}\"\nbody = [\"Checked.\"]\n")
    };
    let mut glossary = std::fs::read_to_string(chapters.join("glossary.toml")).unwrap();
    glossary.push_str(&event("glossary-review", "2024-04-01", "The glossary is reviewed"));
    std::fs::write(chapters.join("glossary.toml"), glossary).unwrap();
    let notes = format!("id = \"notes\"\ntitle = \"Notes\"\n{}", event("notes-added", "2024-04-03", "Notes are added"));
    std::fs::write(chapters.join("notes.toml"), notes).unwrap();
    let report = dir.path().join("report/report.toml");
    let toml = std::fs::read_to_string(&report).unwrap();
    assert!(toml.contains("appendices = [\"glossary\"]"));
    std::fs::write(&report, toml.replace("appendices = [\"glossary\"]", "appendices = [\"glossary\", \"notes\"]"))
        .unwrap();

    let out = bin().args(["build", "-q"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = epub_text(&dir.path().join("out/clinic-outage.epub"), "EPUB/chronology.xhtml");
    let pdf = squash(&common::pdf_text(&dir.path().join("out/clinic-outage.pdf")));
    let pdf_chronology = &pdf[pdf.rfind("Chronology").unwrap()..];
    for (title, letter, interval) in [("The glossary is reviewed", "A", "9 days"), ("Notes are added", "B", "2 days")] {
        let row = format!("<td>{title}</td><td class=\"num\">{letter}</td><td class=\"num\">{interval}</td>");
        assert!(epub.contains(&row), "EPUB lacks {row}: {epub}");
        let row = squash(&format!("{title} {letter} {interval}"));
        assert!(pdf_chronology.contains(&row), "PDF lacks {row}: {pdf_chronology}");
    }
}
