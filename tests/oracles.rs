//! Independent oracles (issue 21): every expected value here comes from the report's TOML
//! files as written, read with the `toml` crate, or from first principles (calendar arithmetic
//! with chrono) — never from casebook's resolver or renderers. The AI-900 report is built once
//! with the binary; the PDF is read back with pdf-extract and lopdf, the EPUB with zip.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::sync::OnceLock;

struct Built {
    pdf_pages: Vec<String>,
    pdf_page_count: usize,
    epub: BTreeMap<String, String>,
    _dir: tempfile::TempDir,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = bin().args(["build", "-q", "--out"]).arg(dir.path()).arg(repo()).output().unwrap();
        assert!(out.status.success(), "build failed: {}", stderr(&out));
        let pdf = dir.path().join("ai-900.pdf");
        let pdf_page_count = lopdf::Document::load(&pdf).unwrap().get_pages().len();
        Built {
            pdf_pages: pdf_pages(&pdf),
            pdf_page_count,
            epub: epub_texts(&dir.path().join("ai-900.epub")),
            _dir: dir,
        }
    })
}

/// The chapter files of the report in the order report.toml lists them, parsed as TOML.
fn chapters_as_written() -> Vec<(String, String, toml::Table)> {
    let report: toml::Table = std::fs::read_to_string(repo().join("report/report.toml")).unwrap().parse().unwrap();
    report["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| {
            let name = name.as_str().unwrap().to_string();
            let text = std::fs::read_to_string(repo().join(format!("report/chapters/{name}.toml"))).unwrap();
            let table: toml::Table = text.parse().unwrap();
            (name, text, table)
        })
        .collect()
}

/// (date as written, title) of every event, in reading order.
fn events_as_written() -> Vec<(String, String)> {
    let mut events = Vec::new();
    for (_, _, table) in chapters_as_written() {
        for event in table.get("event").and_then(|e| e.as_array()).into_iter().flatten() {
            let date = event["date"].as_str().unwrap().to_string();
            let title = event["title"].as_str().unwrap().to_string();
            events.push((date, title));
        }
    }
    events
}

/// The rows of the EPUB's chronology table: (datetime attribute, title, days column).
fn epub_chronology() -> Vec<(String, String, String)> {
    let xml = &built().epub["EPUB/chronology.xhtml"];
    let body = &xml[xml.find("<tbody>").expect("chronology table")..xml.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let datetime = row.split("datetime=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let cells: Vec<String> = row.split("<td").skip(1).map(|c| xml_text(&format!("<td{c}"))).collect();
            (datetime, cells[1].trim().to_string(), cells[3].trim().to_string())
        })
        .collect()
}

#[test]
fn the_chronology_runs_in_date_order_with_intervals_computed_from_the_dates_as_written() {
    let mut expected = events_as_written();
    assert!(expected.len() >= 10);
    for (date, _) in &expected {
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "this oracle handles full dates; {date} is partial (extend the oracle)"
        );
    }
    // ISO dates written in full sort as text; ties keep reading order (a stable sort).
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    let rows = epub_chronology();
    assert_eq!(rows.len(), expected.len(), "one chronology row per event");
    let mut previous: Option<chrono::NaiveDate> = None;
    for ((date, title), (datetime, row_title, days)) in expected.iter().zip(&rows) {
        assert_eq!((datetime, row_title), (date, title), "chronology order");
        let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        match previous {
            None => assert_eq!(days, "—", "the first row has no interval"),
            Some(p) => {
                let n: i64 = days
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .parse()
                    .unwrap_or_else(|_| panic!("row {title}: interval {days:?} is not a number of days"));
                assert_eq!(n, (day - p).num_days(), "interval before {title}");
            }
        }
        previous = Some(day);
    }
    // The PDF's chronology (after its column headings, taken from the EPUB's table) lists the
    // same rows in the same order: title, chapter number (the chapter's place in report.toml),
    // interval.
    let xml = &built().epub["EPUB/chronology.xhtml"];
    let thead = &xml[xml.find("<thead>").unwrap()..xml.find("</thead>").unwrap()];
    let headings = squash(&xml_text(thead));
    let pdf = squash(&built().pdf_pages.concat());
    let mut at = pdf.find(&headings).expect("the PDF has the chronology's column headings");
    let chapter_of = |title: &str| {
        chapters_as_written()
            .iter()
            .position(|(_, _, t)| {
                t.get("event")
                    .and_then(|e| e.as_array())
                    .into_iter()
                    .flatten()
                    .any(|e| e["title"].as_str() == Some(title))
            })
            .unwrap()
            + 1
    };
    for ((_, title), (_, _, days)) in expected.iter().zip(&rows) {
        let row = squash(&format!("{title}{}{days}", chapter_of(title)));
        let found = pdf[at..]
            .find(&row)
            .unwrap_or_else(|| panic!("the PDF's chronology has no row {row} after the previous one"));
        at += found + row.len();
    }
}

/// The citations `[^id]` / `[^id, locator]` of a text as written: (id, has a locator).
fn citations_in(text: &str) -> Vec<(String, bool)> {
    text.split("[^")
        .skip(1)
        .filter_map(|rest| rest.split_once(']'))
        .map(|(inside, _)| match inside.split_once(',') {
            Some((id, _)) => (id.trim().to_string(), true),
            None => (inside.trim().to_string(), false),
        })
        .collect()
}

/// The numbers the EPUB's note references show, in reading order, and the source each note
/// cites, worked out from the chapter
/// files as written (README, "Notes"): each entry of an event's `sources`, each citation `[^…]`
/// and each quotation makes the next note, except a citation without a locator of a source on
/// the event's own `sources` line, which refers to that line's note again. Reading order: the
/// chapter's summary; per event its sources line, body, quotations (their text, then their
/// source), analysis; then the chapter's analysis sections and digest.
fn noterefs_as_written() -> (Vec<u32>, Vec<String>) {
    struct Notes {
        next: u32,
        refs: Vec<u32>,
        /// The source each note cites: note n at index n − 1.
        cites: Vec<String>,
    }
    impl Notes {
        fn new_note(&mut self, source: &str) -> u32 {
            self.next += 1;
            self.refs.push(self.next);
            self.cites.push(source.to_string());
            self.next
        }
        fn text(&mut self, text: &str, listed: &[(String, u32)]) {
            for (id, locator) in citations_in(text) {
                match listed.iter().find(|(l, _)| *l == id).filter(|_| !locator) {
                    Some((_, n)) => self.refs.push(*n),
                    None => {
                        self.new_note(&id);
                    }
                }
            }
        }
    }
    let strs = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let mut notes = Notes { next: 0, refs: Vec::new(), cites: Vec::new() };
    for (_, _, table) in chapters_as_written() {
        if let Some(summary) = table.get("summary").and_then(|s| s.as_str()) {
            notes.text(summary, &[]);
        }
        for event in table.get("event").and_then(|e| e.as_array()).into_iter().flatten() {
            let listed: Vec<(String, u32)> = strs(event.get("sources"))
                .into_iter()
                .map(|id| {
                    let n = notes.new_note(&id);
                    (id, n)
                })
                .collect();
            for p in strs(event.get("body")) {
                notes.text(&p, &listed);
            }
            for q in event.get("quote").and_then(|q| q.as_array()).into_iter().flatten() {
                notes.text(q.get("text").and_then(|t| t.as_str()).unwrap_or(""), &listed);
                notes.new_note(q["source"].as_str().unwrap());
            }
            for p in strs(event.get("analysis")) {
                notes.text(&p, &listed);
            }
        }
        for section in table.get("analysis").and_then(|a| a.as_array()).into_iter().flatten() {
            for p in strs(section.get("body")) {
                notes.text(&p, &[]);
            }
        }
        if let Some(digest) = table.get("digest") {
            for p in strs(digest.get("open_questions")) {
                notes.text(&p, &[]);
            }
        }
    }
    (notes.refs, notes.cites)
}

#[test]
fn note_numbers_agree_in_pdf_footnotes_epub_noterefs_and_epub_asides_with_the_chapter_files() {
    let (expected_refs, _) = noterefs_as_written();
    let n = expected_refs.iter().copied().max().unwrap_or(0) as usize;
    assert!(n > 10 && expected_refs.len() > n, "{n} notes, {} references", expected_refs.len());
    let b = built();
    let mut noterefs = Vec::new();
    let mut asides: Vec<(u32, String)> = Vec::new();
    // Spine order: ch01, ch02, … (file names sort in reading order).
    for (name, xml) in b.epub.iter().filter(|(name, _)| name.starts_with("EPUB/ch")) {
        for part in xml.split("epub:type=\"noteref\"").skip(1) {
            let shown = xml_text(&format!("<a {}", &part[..part.find("</a>").unwrap()]));
            noterefs.push(shown.trim().parse::<u32>().unwrap_or_else(|_| panic!("{name}: noteref {shown:?}")));
        }
        for part in xml.split("epub:type=\"footnote\"").skip(1) {
            let aside = &part[..part.find("</aside>").unwrap()];
            let number = aside.split("class=\"note-number\"").nth(1).unwrap();
            let number = number[number.find('>').unwrap() + 1..number.find('<').unwrap()].trim().parse().unwrap();
            let text = xml_text(&format!("<x {aside}"));
            asides.push((number, squash(&text)));
        }
    }
    let expected: Vec<u32> = (1..=n as u32).collect();
    assert_eq!(noterefs, expected_refs, "EPUB noterefs");
    assert_eq!(asides.iter().map(|a| a.0).collect::<Vec<_>>(), expected, "numbers printed on the EPUB's footnotes");
    // The PDF prints footnote n as "n" followed by the same citation the EPUB's aside n has.
    let pdf = squash(&b.pdf_pages.concat());
    for (number, text) in &asides {
        let citation: String = text.trim_start_matches(|c: char| c.is_ascii_digit()).chars().take(12).collect();
        assert!(pdf.contains(&format!("{number}{citation}")), "the PDF has no footnote {number} reading {citation}");
    }
}

#[test]
fn nav_page_list_ncx_page_list_and_pdf_pages_agree_entry_by_entry() {
    let b = built();
    let nav = &b.epub["EPUB/nav.xhtml"];
    let nav_list = &nav[nav.find("epub:type=\"page-list\"").expect("page-list nav")..];
    let nav_entries: Vec<(String, String)> = nav_list
        .split("<a href=\"")
        .skip(1)
        .map(|item| {
            let href = item.split('"').next().unwrap().to_string();
            let label = item.split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
            (label, href)
        })
        .collect();
    let ncx = &b.epub["EPUB/toc.ncx"];
    let ncx_entries: Vec<(String, String, String)> = ncx
        .split("<pageTarget ")
        .skip(1)
        .map(|t| {
            let value = t.split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let label = t.split("<text>").nth(1).unwrap().split('<').next().unwrap().to_string();
            let src = t.split("src=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            (value, label, src)
        })
        .collect();
    assert!(nav_entries.len() >= 8, "{}", nav_entries.len());
    assert_eq!(nav_entries.len(), ncx_entries.len(), "nav page-list and NCX pageList differ in length");
    let mut last = 0;
    for ((label, href), (value, ncx_label, src)) in nav_entries.iter().zip(&ncx_entries) {
        assert_eq!((label, href), (value, src), "nav and NCX disagree");
        assert_eq!(ncx_label, value, "NCX label and value disagree");
        let page: usize = label.parse().unwrap();
        assert!(page > last && page <= b.pdf_page_count, "page {page} out of order or beyond the PDF");
        last = page;
    }
    // Every PDF page on which an event's title is printed in its chapter is in the page-list:
    // event headings carry page marks. Titles are found on the PDF pages themselves.
    let pages: Vec<usize> = nav_entries.iter().map(|(l, _)| l.parse().unwrap()).collect();
    let first_chapter_page = pages[0];
    for (_, title) in events_as_written() {
        let t = squash(&title);
        let page = (first_chapter_page..=b.pdf_page_count)
            .find(|p| squash(&b.pdf_pages[p - 1]).contains(&t))
            .unwrap_or_else(|| panic!("{title} is on no PDF page"));
        assert!(pages.contains(&page), "page {page} ({title}) is missing from the page-list");
    }
    // The last body paragraph of the last event starts on a page the page-list lists.
    let chapters = chapters_as_written();
    let last_event = chapters.last().unwrap().2["event"].as_array().unwrap().last().unwrap().clone();
    let last_para = last_event["body"].as_array().unwrap().last().unwrap().as_str().unwrap();
    let start: String = squash(last_para).chars().take_while(|c| !"[*_{".contains(*c)).take(10).collect();
    assert!(start.chars().count() >= 6, "{start}");
    let page = (1..=b.pdf_page_count).rev().find(|p| squash(&b.pdf_pages[p - 1]).contains(&start)).unwrap();
    assert!(pages.contains(&page), "the page of the last paragraph ({page}) is missing from the page-list");
}

/// (year, month, day, hour, minute, second).
type ZipTime = (u16, u8, u8, u8, u8, u8);

/// The timestamp of every entry of an EPUB zip.
fn zip_times(epub: &[u8]) -> Vec<(String, ZipTime)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    (0..zip.len())
        .map(|i| {
            let f = zip.by_index(i).unwrap();
            let t = f.last_modified().expect("a timestamp");
            (f.name().to_string(), (t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()))
        })
        .collect()
}

/// Zip entry timestamps come from the report, never from the clock: the report's `date` as
/// written in report.toml (midnight), or `SOURCE_DATE_EPOCH` when it is set (converted here
/// with chrono, in UTC). Fails on every run if any entry takes the wall clock.
#[test]
fn zip_timestamps_are_the_report_date_or_source_date_epoch() {
    let project = project_with(None);
    let report: toml::Table =
        std::fs::read_to_string(project.path().join("report/report.toml")).unwrap().parse().unwrap();
    let date = chrono::NaiveDate::parse_from_str(report["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    use chrono::{Datelike, Timelike};
    let expected = (date.year() as u16, date.month() as u8, date.day() as u8, 0, 0, 0);
    let out = bin().args(["build", "-q", "--format", "epub"]).arg(project.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let times = zip_times(&std::fs::read(project.path().join("out/sample.epub")).unwrap());
    assert!(times.len() > 5);
    for (name, time) in &times {
        assert_eq!(*time, expected, "{name}: not the report's date");
    }
    // SOURCE_DATE_EPOCH (an even number of seconds: zip times have 2-second steps).
    let epoch = 1_700_000_000i64;
    let t = chrono::DateTime::from_timestamp(epoch, 0).unwrap();
    let expected =
        (t.year() as u16, t.month() as u8, t.day() as u8, t.hour() as u8, t.minute() as u8, t.second() as u8);
    let out = bin()
        .args(["build", "-q", "--format", "epub"])
        .arg(project.path())
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for (name, time) in zip_times(&std::fs::read(project.path().join("out/sample.epub")).unwrap()) {
        assert_eq!(time, expected, "{name}: not SOURCE_DATE_EPOCH");
    }
}

/// One entry of a table of contents: its label, where it goes, the entries nested under it.
#[derive(Debug, PartialEq)]
struct TocEntry {
    label: String,
    href: String,
    subs: Vec<TocEntry>,
}

const OPS: &str = "http://www.idpf.org/2007/ops";

fn text_of(node: roxmltree::Node) -> String {
    node.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect()
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The `<ol>` of the nav document's `<nav epub:type="…">`.
fn nav_list<'a, 'i>(nav: &'a roxmltree::Document<'i>, ty: &str) -> roxmltree::Node<'a, 'i> {
    let nav = nav.descendants().find(|n| n.has_tag_name("nav") && n.attribute((OPS, "type")) == Some(ty));
    child(nav.unwrap_or_else(|| panic!("no {ty} nav")), "ol").unwrap()
}

/// The entries of a nav `<ol>`, nested `<ol>`s as sub-entries.
fn nav_entries(ol: roxmltree::Node) -> Vec<TocEntry> {
    ol.children()
        .filter(|n| n.has_tag_name("li"))
        .map(|li| {
            let a = child(li, "a").unwrap();
            TocEntry {
                label: text_of(a),
                href: a.attribute("href").unwrap().to_string(),
                subs: child(li, "ol").map(nav_entries).unwrap_or_default(),
            }
        })
        .collect()
}

/// The navPoints under an NCX element, nested navPoints as sub-entries.
fn ncx_entries(parent: roxmltree::Node) -> Vec<TocEntry> {
    parent
        .children()
        .filter(|n| n.has_tag_name("navPoint"))
        .map(|point| TocEntry {
            label: text_of(child(point, "navLabel").unwrap()),
            href: child(point, "content").unwrap().attribute("src").unwrap().to_string(),
            subs: ncx_entries(point),
        })
        .collect()
}

/// Each chapter as written is an entry of the EPUB's table of contents with its events nested
/// under it in order; the NCX (for EPUB 2 readers) holds the same tree, numbers every point 1,
/// 2, 3, … in reading order, and states the page count of the page-list; the landmarks lead
/// to the cover, the contents, the first chapter and the bibliography.
#[test]
fn nav_and_ncx_nest_each_chapters_events_under_it_and_number_every_point_in_order() {
    let b = built();
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let nav = roxmltree::Document::parse_with_options(&b.epub["EPUB/nav.xhtml"], options).unwrap();
    let ncx = roxmltree::Document::parse(&b.epub["EPUB/toc.ncx"]).unwrap();
    let toc = nav_entries(nav_list(&nav, "toc"));

    let chapters = chapters_as_written();
    for (name, _, table) in &chapters {
        let title = table["title"].as_str().unwrap();
        let entry =
            toc.iter().find(|e| e.label.ends_with(title)).unwrap_or_else(|| panic!("{name}: {title} not in {toc:#?}"));
        let mut nested = entry.subs.iter();
        for event in table["event"].as_array().unwrap() {
            let event_title = event["title"].as_str().unwrap();
            assert!(
                nested.any(|s| s.label.ends_with(event_title)),
                "{event_title} is not nested under {title}, in order"
            );
            assert!(!toc.iter().any(|e| e.label.ends_with(event_title)), "{event_title} is a top-level entry");
        }
    }
    assert!(toc.len() > chapters.len(), "front and back matter are listed too");

    let nav_map = ncx.descendants().find(|n| n.has_tag_name("navMap")).unwrap();
    assert_eq!(ncx_entries(nav_map), toc, "the NCX navMap and the nav toc differ");

    let play_orders: Vec<usize> =
        ncx.descendants().filter_map(|n| n.attribute("playOrder")).map(|v| v.parse().unwrap()).collect();
    let points = ncx.descendants().filter(|n| n.has_tag_name("navPoint") || n.has_tag_name("pageTarget")).count();
    assert_eq!(play_orders, (1..=points).collect::<Vec<_>>(), "NCX playOrder");

    let meta = |name: &str| {
        let meta = ncx.descendants().find(|n| n.has_tag_name("meta") && n.attribute("name") == Some(name));
        meta.and_then(|m| m.attribute("content")).unwrap_or_else(|| panic!("no {name}")).to_string()
    };
    let page_list = nav_entries(nav_list(&nav, "page-list"));
    assert_eq!(meta("dtb:depth"), "2");
    assert_eq!(meta("dtb:totalPageCount"), page_list.len().to_string());
    assert_eq!(meta("dtb:maxPageNumber"), page_list.last().unwrap().label);

    let landmarks: Vec<(String, String, String)> = nav_list(&nav, "landmarks")
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| (a.attribute((OPS, "type")).unwrap().into(), a.attribute("href").unwrap().into(), text_of(a)))
        .collect();
    let types: Vec<&str> = landmarks.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(types, ["cover", "toc", "bodymatter", "bibliography"]);
    assert_eq!(landmarks[2].2, chapters[0].2["title"].as_str().unwrap(), "the body starts at the first chapter");

    // Every link of the toc, the page-list and the landmarks reaches an element of the EPUB.
    let mut hrefs: Vec<&str> = landmarks.iter().map(|l| l.1.as_str()).collect();
    let mut stack: Vec<&TocEntry> = toc.iter().chain(&page_list).collect();
    while let Some(entry) = stack.pop() {
        hrefs.push(&entry.href);
        stack.extend(&entry.subs);
    }
    for href in hrefs {
        let (file, id) = href.split_once('#').unwrap_or((href, ""));
        let xml = b.epub.get(&format!("EPUB/{file}")).unwrap_or_else(|| panic!("{href}: no such file"));
        assert!(id.is_empty() || xml.contains(&format!(" id=\"{id}\"")), "{href}: no element with that id");
    }
}

/// The sources as written in sources.toml: id → title.
fn source_titles_as_written() -> BTreeMap<String, String> {
    let sources: toml::Table = std::fs::read_to_string(repo().join("report/sources.toml")).unwrap().parse().unwrap();
    sources["source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["title"].as_str().unwrap().to_string()))
        .collect()
}

/// Every note has a text, and the first note citing a source names it (later ones may refer
/// back: "同上", "前掲注（1）"); each bibliography entry lists exactly the notes that cite it —
/// both worked out from the chapter files and sources.toml as written.
#[test]
fn each_note_names_its_source_and_each_bibliography_entry_lists_the_notes_citing_it() {
    let (_, cites) = noterefs_as_written();
    let titles = source_titles_as_written();
    let b = built();
    let mut asides: BTreeMap<usize, String> = BTreeMap::new();
    for xml in b.epub.iter().filter(|(name, _)| name.starts_with("EPUB/ch")).map(|(_, xml)| xml) {
        for part in xml.split("epub:type=\"footnote\"").skip(1) {
            let id = part.split("id=\"note-").nth(1).unwrap().split('"').next().unwrap();
            let aside = &part[..part.find("</aside>").unwrap()];
            asides.insert(id.parse().unwrap(), squash(&xml_text(&format!("<x {aside}"))));
        }
    }
    assert_eq!(asides.len(), cites.len(), "one footnote per note");
    for (n, source) in cites.iter().enumerate() {
        let (number, text) = ((n + 1).to_string(), &asides[&(n + 1)]);
        assert!(text.starts_with(&number) && text.len() > number.len() + 3, "note {number} is empty: {text}");
        // The first note citing a source names it; later ones may refer back to it.
        if !cites[..n].contains(source) {
            let title = squash(&titles[source]);
            assert!(text.contains(&title), "note {number} first cites {source} ({title}) but reads {text}");
        }
    }

    let bibliography = &b.epub["EPUB/bibliography.xhtml"];
    for (id, _) in titles {
        let entry =
            bibliography.split(&format!("<li id=\"src-{id}\"")).nth(1).unwrap_or_else(|| panic!("{id} not listed"));
        let entry = &entry[..entry.find("</li>").unwrap()];
        let listed: Vec<usize> = match entry.split("class=\"cited-by\"").nth(1) {
            Some(cited) => {
                cited.split("#noteref-").skip(1).map(|r| r.split('"').next().unwrap().parse().unwrap()).collect()
            }
            None => Vec::new(),
        };
        let expected: Vec<usize> = (1..=cites.len()).filter(|n| cites[n - 1] == id).collect();
        assert_eq!(listed, expected, "the notes the bibliography lists for {id}");
    }
}
