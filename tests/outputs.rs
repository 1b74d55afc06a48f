//! The outputs as a reader sees them: the AI-900 report is built once with the binary, then
//! the PDF is read back with Rust crates (pdf-extract for text, lopdf for structure) and the
//! EPUB with zip + quick-xml. The expected content comes from the resolved document.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use casebook::document::{Document, Inline};
use casebook::project::Project;

struct Built {
    pdf: Vec<u8>,
    epub: Vec<u8>,
    pdf_pages: Vec<String>,
    epub_files: BTreeMap<String, String>,
    doc: Document,
    _dir: tempfile::TempDir,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = bin().args(["build", "-q", "--out"]).arg(dir.path()).arg(repo()).output().unwrap();
        assert!(out.status.success(), "build failed: {}", stderr(&out));
        let (pdf, epub) = (dir.path().join("ai-900.pdf"), dir.path().join("ai-900.epub"));
        let project = Project::open(&repo()).unwrap();
        let doc = casebook::build::check(&project, &Default::default()).document.expect("the report resolves");
        Built {
            pdf: std::fs::read(&pdf).unwrap(),
            epub: std::fs::read(&epub).unwrap(),
            pdf_pages: pdf_pages(&pdf),
            epub_files: epub_texts(&epub),
            doc,
            _dir: dir,
        }
    })
}

fn pdf_text() -> String {
    squash(&built().pdf_pages.concat())
}

fn epub_text() -> String {
    let files = &built().epub_files;
    squash(&files.iter().filter(|(n, _)| n.ends_with(".xhtml")).map(|(_, s)| xhtml_text(s)).collect::<String>())
}

fn quotations(doc: &Document) -> Vec<String> {
    doc.chapters
        .iter()
        .flat_map(|c| c.events.iter())
        .flat_map(|e| e.quotes.iter())
        .map(|q| Inline::plain(&q.content))
        .collect()
}

fn urls(doc: &Document) -> Vec<String> {
    doc.bibliography.iter().flat_map(|g| g.entries.iter()).filter_map(|e| e.url.clone()).collect()
}

#[test]
fn pdf_contains_every_event_title_quotation_and_url() {
    let doc = &built().doc;
    let text = pdf_text();
    let mut checked = 0;
    for ev in doc.chapters.iter().flat_map(|c| c.events.iter()) {
        assert!(text.contains(&squash(&ev.title)), "event title missing from PDF: {}", ev.title);
        assert!(text.contains(&squash(&ev.date_text)), "date missing: {}", ev.date_text);
        checked += 1;
    }
    for q in quotations(doc) {
        assert!(text.contains(&squash(&q)), "quotation missing from PDF: {q}");
        checked += 1;
    }
    for url in urls(doc) {
        assert!(text.contains(&squash(&url)), "URL missing from PDF: {url}");
        checked += 1;
    }
    assert!(checked > 25, "only {checked} items checked");
}

/// Both tables of contents list the resolved `contents`, which holds every chapter and event.
/// The PDF's is Typst's outline (on the first layout pass the template draws a stand-in from
/// `contents`); whatever the passes did, the final page must list each entry, in order, with
/// the page its heading is on, and link to that page. The EPUB's nav lists the same entries in
/// the same order, each linking to an element that exists.
#[test]
fn both_tables_of_contents_list_every_heading_in_order() {
    let b = built();
    let doc = &b.doc;
    let anchors: Vec<&str> = doc.contents.iter().map(|e| e.anchor.as_str()).collect();
    for ch in &doc.chapters {
        assert!(anchors.contains(&ch.anchor.as_str()), "contents lacks chapter {}", ch.title);
        for ev in &ch.events {
            assert!(anchors.contains(&ev.anchor.as_str()), "contents lacks event {}", ev.title);
        }
    }
    assert!(doc.contents.len() > 15, "only {} entries", doc.contents.len());

    let pages: Vec<String> = b.pdf_pages.iter().map(|p| squash(p)).collect();
    let contents =
        1 + pages.iter().position(|p| p.starts_with(&squash(&doc.labels.contents))).expect("a contents page");
    let links = PdfLinks::new(&b.pdf);
    let targets = links.targets_from(contents);
    let text = &pages[contents - 1];
    let mut cursor = 0;
    for entry in &doc.contents {
        let page = links.named_page(&entry.anchor);
        // Every heading but the summary's (right after the title page) follows the contents.
        assert!(page > contents || entry.anchor == "summary", "{}: heading on page {page}", entry.title);
        let line = format!("{}{page}", squash(&entry.title));
        let at =
            text[cursor..].find(&line).unwrap_or_else(|| panic!("contents page lacks {line:?} after {cursor}: {text}"));
        cursor += at + line.len();
        assert!(targets.contains(&page), "no contents link goes to page {page} ({})", entry.title);
    }
    assert!(targets.len() >= doc.contents.len(), "{} links for {} entries", targets.len(), doc.contents.len());

    let nav = &b.epub_files["EPUB/nav.xhtml"];
    let toc = &nav[nav.find("epub:type=\"toc\"").unwrap()..nav.find("epub:type=\"landmarks\"").unwrap()];
    let listed: Vec<(String, String)> = toc
        .split("<a href=\"")
        .skip(1)
        .map(|a| {
            let href = a.split('"').next().unwrap().to_string();
            let title = xml_text(&format!("<a x=\"{}</a>", a.split("</a>").next().unwrap()));
            (href, title)
        })
        .collect();
    let expected: Vec<&str> = doc.contents.iter().map(|e| e.title.as_str()).collect();
    let titles: Vec<&str> = listed.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(titles, expected, "EPUB nav entries");
    for ((href, _), entry) in listed.iter().zip(&doc.contents) {
        let (file, id) = href.split_once('#').unwrap_or_else(|| panic!("{href}"));
        assert_eq!(id, entry.anchor);
        assert!(b.epub_files[&format!("EPUB/{file}")].contains(&format!("id=\"{id}\"")), "{href} has no target");
    }
}

#[test]
fn epub_xhtml_contains_every_event_title_quotation_and_url() {
    let doc = &built().doc;
    let text = epub_text();
    for ev in doc.chapters.iter().flat_map(|c| c.events.iter()) {
        assert!(text.contains(&squash(&ev.title)), "event title missing from EPUB: {}", ev.title);
    }
    for q in quotations(doc) {
        assert!(text.contains(&squash(&q)), "quotation missing from EPUB: {q}");
    }
    for url in urls(doc) {
        assert!(text.contains(&squash(&url)), "URL missing from EPUB: {url}");
    }
    // Every document carries the language.
    for (name, xml) in &built().epub_files {
        if name.ends_with(".xhtml") {
            assert!(xml.contains(r#"lang="ja" xml:lang="ja""#), "{name} lacks lang");
        }
    }
}

#[test]
fn every_pdf_font_is_embedded() {
    let pdf = lopdf::Document::load_mem(&built().pdf).unwrap();
    let mut descriptors = 0;
    for (_, object) in pdf.objects.iter() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()) {
            descriptors += 1;
            let embedded = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"].iter().any(|k| dict.has(k));
            assert!(embedded, "font descriptor without embedded font: {dict:?}");
        }
    }
    assert!(descriptors >= 3, "expected the serif, sans and sans-bold faces, found {descriptors}");
}

#[test]
fn pdf_claims_pdfa_and_pdfua_and_is_tagged() {
    let pdf = lopdf::Document::load_mem(&built().pdf).unwrap();
    let catalog = pdf.catalog().unwrap();
    assert!(catalog.has(b"StructTreeRoot"), "not tagged");
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"ja-JP");
    let raw = String::from_utf8_lossy(&built().pdf);
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"), "no PDF/A-2 claim in XMP");
    assert!(raw.contains("<pdfuaid:part>1</pdfuaid:part>"), "no PDF/UA-1 claim in XMP");
}

#[test]
fn note_numbers_are_the_same_in_pdf_and_epub() {
    let b = built();
    let doc = &b.doc;
    assert!(doc.notes.len() > 10);
    // EPUB: each chapter's first references to notes (those with an id, which the backlink
    // targets) run in order; a second reference to a note (a source of the sources line cited
    // again in the text) points back at an earlier number. Each footnote carries its citation.
    let mut refs = Vec::new();
    let mut again = 0;
    for (name, xml) in &b.epub_files {
        if !name.starts_with("EPUB/ch") {
            continue;
        }
        for part in xml.split("epub:type=\"noteref\"").skip(1) {
            let n: u32 = part.split("class=\"noteref\">").nth(1).unwrap().split('<').next().unwrap().parse().unwrap();
            let tag = &part[..part.find('>').unwrap()];
            if tag.contains(" id=\"noteref-") {
                refs.push(n);
            } else {
                assert!(refs.contains(&n), "a second reference to note {n} comes before its first");
                again += 1;
            }
        }
        for note in doc.notes.iter().filter(|n| format!("EPUB/ch{:02}.xhtml", n.chapter + 1) == *name) {
            let start = xml.find(&format!("id=\"{}\"", note.anchor)).expect("footnote present");
            let aside = &xml[start..start + xml[start..].find("</aside>").unwrap()];
            assert!(
                squash(&xhtml_text(&format!("<a {aside}</a>"))).contains(&squash(&Inline::plain(&note.content))),
                "note {}",
                note.number
            );
        }
    }
    let expected: Vec<u32> = (1..=doc.notes.len() as u32).collect();
    assert_eq!(refs, expected, "EPUB note references are not numbered 1..N in reading order");
    assert!(again > 0, "AI-900 cites sources of its events' sources lines again in the text");
    // PDF: the footnote of number n, with n's citation, is on the page where the text cites n.
    for note in &doc.notes {
        let citation = Inline::plain(&note.content);
        let needle = squash(&format!("{}{}", note.number, citation));
        let found = b.pdf_pages.iter().any(|p| squash(p).contains(&needle));
        assert!(found, "PDF has no footnote {} reading {citation}", note.number);
    }
}

#[test]
fn page_list_points_at_the_pdf_pages() {
    let b = built();
    let nav = &b.epub_files["EPUB/nav.xhtml"];
    let page_list = &nav[nav.find("epub:type=\"page-list\"").expect("page-list nav")..];
    let mut checked = 0;
    for item in page_list.split("<a href=\"").skip(1) {
        let href = item.split('"').next().unwrap();
        let page: usize = item.split('>').nth(1).unwrap().split('<').next().unwrap().parse().unwrap();
        let (file, id) = href.split_once('#').unwrap();
        let xml = &b.epub_files[&format!("EPUB/{file}")];
        let marker = xml.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("{href} has no target"));
        // The text right after the page-break marker must be on that PDF page.
        let after = xml_text(&format!("<x {}", &xml[marker..]));
        // Digits aside: the PDF's contents page sets page numbers between the titles the nav
        // lists one after another.
        let digitless = |s: String| s.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
        let snippet: String = digitless(squash(&after)).chars().take(6).collect();
        if snippet.is_empty() {
            continue;
        }
        let pdf_page = digitless(squash(&b.pdf_pages[page - 1]));
        assert!(pdf_page.contains(&snippet), "page-list says page {page} for {snippet:?}, not on that PDF page");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} page-list entries checked");
    let opf = &b.epub_files["EPUB/package.opf"];
    assert!(opf.contains("<meta property=\"pageBreakSource\">urn:casebook:report:ai-900:pdf</meta>"), "{opf}");
}

#[test]
fn two_builds_are_byte_identical_under_different_clocks_and_zones() {
    let b = built();
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["build", "-q", "--out"])
        .arg(dir.path())
        .arg(repo())
        .env("TZ", "America/Los_Angeles")
        .env("LANG", "C")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(std::fs::read(dir.path().join("ai-900.pdf")).unwrap() == b.pdf, "PDF bytes differ between builds");
    assert!(std::fs::read(dir.path().join("ai-900.epub")).unwrap() == b.epub, "EPUB bytes differ between builds");
}

#[test]
fn epub_package_is_ocf_with_mimetype_first_and_stored() {
    let b = built();
    assert_eq!(&b.epub[30..38], b"mimetype");
    assert_eq!(&b.epub[38..58], b"application/epub+zip");
    let zip = zip::ZipArchive::new(std::io::Cursor::new(b.epub.clone())).unwrap();
    let names: Vec<&str> = zip.file_names().collect();
    assert!(names.contains(&"META-INF/container.xml") && names.contains(&"EPUB/nav.xhtml"));
    let opf = &b.epub_files["EPUB/package.opf"];
    for feature in ["tableOfContents", "structuralNavigation", "printPageNumbers", "readingOrder"] {
        assert!(opf.contains(&format!("<meta property=\"schema:accessibilityFeature\">{feature}</meta>")));
    }
    assert!(opf.contains("<dc:identifier id=\"pub-id\">urn:casebook:report:ai-900</dc:identifier>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2026-11-25T00:00:00Z</meta>"));
}

#[test]
fn editorial_analysis_is_marked_in_both_outputs() {
    let b = built();
    let analysis_paragraphs: Vec<String> = b
        .doc
        .chapters
        .iter()
        .flat_map(|c| {
            c.events.iter().flat_map(|e| e.analysis.iter()).chain(c.analysis.iter().flat_map(|a| a.body.iter()))
        })
        .map(|b| b.mark().to_string())
        .collect();
    assert!(analysis_paragraphs.len() >= 4);
    for mark in &analysis_paragraphs {
        let (_, xml) = b.epub_files.iter().find(|(_, x)| x.contains(&format!("id=\"{mark}\""))).unwrap();
        let at = xml.find(&format!("id=\"{mark}\"")).unwrap();
        let open = xml[..at].rfind("<div class=\"analysis\"").expect("analysis paragraph outside an analysis block");
        assert!(xml[open..at].matches("</div>").count() == 0, "{mark} not inside the analysis block");
    }
    let label = squash(&b.doc.labels.analysis);
    let count = b.pdf_pages.iter().map(|p| squash(p).matches(&label).count()).sum::<usize>();
    assert!(count >= 4, "PDF marks analysis {count} times");
}

/// Each chronology row's date links to its event: in the EPUB to the event's id, in the PDF to
/// the page of the event's heading, from the chronology's pages.
#[test]
fn chronology_dates_link_to_their_events() {
    let b = built();
    let doc = &b.doc;
    let xml = &b.epub_files["EPUB/chronology.xhtml"];
    let mut cursor = 0;
    for row in &doc.chronology {
        let time = format!("<time datetime=\"{}\">{}</time></a>", row.datetime, row.date_text);
        let at = cursor + xml[cursor..].find(&time).unwrap_or_else(|| panic!("no linked date for {}", row.title));
        cursor = at + time.len();
        let href = xml[..at].rsplit("<a href=\"").next().unwrap().split('"').next().unwrap();
        let (file, id) = href.split_once('#').unwrap_or_else(|| panic!("{href}"));
        assert!(b.epub_files[&format!("EPUB/{file}")].contains(&format!("id=\"{id}\"")), "{href} has no target");
        assert_eq!(id, row.anchor);
    }
    let links = PdfLinks::new(&b.pdf);
    let first = links.named_page("chronology");
    let last = links.named_page("bibliography");
    let targets: Vec<usize> = (first..=last).flat_map(|page| links.targets_from(page)).collect();
    for row in &doc.chronology {
        let page = links.named_page(&row.anchor);
        assert!(targets.contains(&page), "no chronology link goes to page {page} ({})", row.title);
    }
    assert!(doc.chronology.len() > 10);
}
