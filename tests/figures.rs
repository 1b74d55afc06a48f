//! Figures, tables and lists in both outputs, accessible by construction.
//!
//! The fixture `tests/fixtures/figures/en` has three figures (PNG, JPEG, SVG), two tables (one
//! of 60 rows, long enough to break across a page) and both kinds of list;
//! `tests/fixtures/figures/ja` is a small Japanese one. Every expected value below is written
//! out from the fixtures' TOML and image files, not taken from casebook: the alt texts, the
//! captions, the numbers a reader counts in reading order, the column heads.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

struct Built {
    pdf: Vec<u8>,
    pdf_pages: Vec<String>,
    epub: BTreeMap<String, Vec<u8>>,
}

impl Built {
    fn xhtml(&self, name: &str) -> String {
        String::from_utf8(self.epub[&format!("EPUB/{name}")].clone()).unwrap()
    }
}

fn build(fixture: &str) -> Built {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("figures").join(fixture), dir.path());
    let out = bin().args(["build", "-q"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "build of {fixture} failed:\n{}", stderr(&out));
    let find = |ext: &str| {
        std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap()
    };
    Built {
        pdf: std::fs::read(find("pdf")).unwrap(),
        pdf_pages: pdf_pages(&find("pdf")),
        epub: epub_entries(&find("epub")),
    }
}

fn en() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build("en"))
}

fn ja() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build("ja"))
}

// ------------------------------------------------------------------ the PDF's structure tree

/// A structure element: its type, its /Alt and the names in its attribute dictionaries.
#[derive(Debug)]
struct Elem {
    kind: String,
    alt: Option<String>,
    attributes: Vec<(String, String)>,
}

fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            String::from_utf16(&utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>()).unwrap()
        }
        None => bytes.iter().map(|&b| b as char).collect(),
    }
}

fn structure(pdf: &[u8]) -> Vec<Elem> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").expect("tagged PDF");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(obj) = stack.pop() {
        let obj = match obj {
            lopdf::Object::Reference(id) => doc.get_object(id).unwrap().clone(),
            o => o,
        };
        match obj {
            lopdf::Object::Array(items) => stack.extend(items.into_iter().rev()),
            lopdf::Object::Dictionary(dict) => {
                if let Ok(kind) = dict.get(b"S").and_then(|s| s.as_name()) {
                    let alt = dict.get(b"Alt").ok().and_then(|a| a.as_str().ok()).map(text_string);
                    let mut attributes = Vec::new();
                    if let Ok(a) = dict.get(b"A") {
                        let a = match a {
                            lopdf::Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
                            o => o.clone(),
                        };
                        let dicts = match a {
                            lopdf::Object::Array(items) => items,
                            other => vec![other],
                        };
                        for d in dicts {
                            let Ok(d) = d.as_dict() else { continue };
                            for (k, v) in d.iter() {
                                if let Ok(name) = v.as_name() {
                                    attributes.push((text_string(k), text_string(name)));
                                }
                            }
                        }
                    }
                    out.push(Elem { kind: text_string(kind), alt, attributes });
                }
                if let Ok(k) = dict.get(b"K") {
                    stack.push(k.clone());
                }
            }
            _ => {}
        }
    }
    out
}

/// The fixture's alt texts; in English the typed apostrophe is set as ’ (README, "Typography
/// follows the locale": plain fields alike).
const ALTS: [&str; 3] = [
    "A blue bar above a red dot: the admin page’s login form and its status light.",
    "A blue-to-green gradient standing in for a photo of the server room.",
    "Two boxes joined by a line: the exchange on the left, the carrier on the right.",
];

#[test]
fn pdf_tags_figures_with_alt_tables_with_header_cells_and_lists() {
    let elems = structure(&en().pdf);
    let alts: Vec<&str> = elems.iter().filter(|e| e.kind == "Figure").filter_map(|e| e.alt.as_deref()).collect();
    assert_eq!(alts, ALTS, "Figure elements and their /Alt, in reading order");
    assert!(elems.iter().filter(|e| e.kind == "Figure").all(|e| e.alt.is_some()), "a Figure without /Alt");
    // Table heads: 3 + 3 columns in the fixture's tables, 5 in the digest, 4 in the chronology.
    let th: Vec<&Elem> = elems.iter().filter(|e| e.kind == "TH").collect();
    assert!(th.len() >= 10, "only {} TH cells", th.len());
    assert!(
        th.iter().all(|e| e.attributes.contains(&("Scope".into(), "Column".into()))),
        "a TH without /Scope /Column"
    );
    assert_eq!(
        elems.iter().filter(|e| e.kind == "Table").count(),
        4,
        "two tables, the digest's intervals, the chronology"
    );
    assert!(elems.iter().filter(|e| e.kind == "Caption").count() >= 5, "3 figure and 2 table captions");
    // Lists: one numbered (decimal) and one bulleted with 3 items each, and the digest's
    // bulleted list of 2.
    let lists: Vec<&Elem> = elems.iter().filter(|e| e.kind == "L").collect();
    assert_eq!(lists.len(), 3);
    let decimal = |l: &&&Elem| l.attributes.contains(&("ListNumbering".into(), "Decimal".into()));
    assert_eq!(lists.iter().filter(decimal).count(), 1);
    assert_eq!(elems.iter().filter(|e| e.kind == "LI").count(), 8);
}

#[test]
fn pdf_claims_pdfa_2a_and_pdfua_1() {
    let raw = String::from_utf8_lossy(&en().pdf);
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"), "no PDF/A-2 claim");
    assert!(raw.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "not conformance level A");
    assert!(raw.contains("<pdfuaid:part>1</pdfuaid:part>"), "no PDF/UA-1 claim");
}

#[test]
fn long_table_breaks_across_pages_with_its_header_repeated() {
    let pages = &en().pdf_pages;
    // Rows of the fixture's 60-row table: "Line 1" is its first, "Line 60" its last.
    let first = pages.iter().position(|p| squash(p).contains("2024-01Line1")).expect("first row");
    let last = pages.iter().position(|p| squash(p).contains("Line60")).expect("last row");
    assert!(last > first, "the long table fits one page: first row p. {}, last p. {}", first + 1, last + 1);
    for (i, page) in pages.iter().enumerate().take(last + 1).skip(first) {
        assert!(squash(page).contains("MonthLineCalls"), "page {} lacks the table's header", i + 1);
    }
}

#[test]
fn captions_and_cells_print_with_their_numbers() {
    let text = squash(&en().pdf_pages.concat());
    for expected in [
        "Figure1:Theadminpageasfound",
        "Figure2",
        "Figure3:Theexchangeandthecarrierlink",
        "Table1:Billscustomersreceived",
        "Table2:Callsplacedbyeachline",
        "£1,200",
        "Countsfromthecarrier’srecords.",
    ] {
        assert!(text.contains(expected), "PDF lacks {expected}");
    }
}

// ------------------------------------------------------------------ the EPUB

fn parse(xml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(xml, options).unwrap()
}

fn elements<'a>(doc: &'a roxmltree::Document, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants().filter(|n| n.is_element() && n.tag_name().name() == name).collect()
}

fn text_of(node: roxmltree::Node) -> String {
    node.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect()
}

#[test]
fn epub_has_figures_with_alt_and_figcaption() {
    let b = en();
    let (ch1, ch2) = (b.xhtml("ch01.xhtml"), b.xhtml("ch02.xhtml"));
    let (d1, d2) = (parse(&ch1), parse(&ch2));
    let mut imgs: Vec<(String, String)> = Vec::new();
    let mut captions = Vec::new();
    for doc in [&d1, &d2] {
        for fig in elements(doc, "figure").into_iter().filter(|f| f.attribute("class") == Some("figure")) {
            let img = fig.children().find(|c| c.has_tag_name("img")).expect("img in figure");
            imgs.push((img.attribute("src").unwrap().into(), img.attribute("alt").unwrap().into()));
            let caption = fig.children().find(|c| c.has_tag_name("figcaption")).expect("figcaption");
            captions.push(text_of(caption));
        }
    }
    let alts: Vec<&str> = imgs.iter().map(|i| i.1.as_str()).collect();
    assert_eq!(alts, ALTS);
    assert_eq!(
        captions,
        ["Figure 1: The admin page as found2", "Figure 2", "Figure 3: The exchange and the carrier link"]
    );
    // The images are the fixture's files, byte for byte, under the names the pages use.
    let files = fixtures().join("figures/en/report/figures");
    for ((src, _), file) in imgs.iter().zip(["diagram.png", "photo.jpg", "network.svg"]) {
        assert_eq!(b.epub[&format!("EPUB/{src}")], std::fs::read(files.join(file)).unwrap(), "{src}");
    }
}

#[test]
fn epub_manifest_names_each_image_with_its_media_type_and_access_modes() {
    let opf = String::from_utf8(en().epub["EPUB/package.opf"].clone()).unwrap();
    let doc = parse(&opf);
    let items: BTreeMap<&str, &str> = elements(&doc, "item")
        .into_iter()
        .map(|i| (i.attribute("href").unwrap(), i.attribute("media-type").unwrap()))
        .collect();
    assert_eq!(items.get("images/fig-admin.png"), Some(&"image/png"));
    assert_eq!(items.get("images/fig-photo.jpg"), Some(&"image/jpeg"));
    assert_eq!(items.get("images/fig-network.svg"), Some(&"image/svg+xml"));
    let metas: Vec<(String, String)> = elements(&doc, "meta")
        .into_iter()
        .filter_map(|m| Some((m.attribute("property")?.to_string(), text_of(m))))
        .collect();
    let has = |p: &str, v: &str| metas.contains(&(p.to_string(), v.to_string()));
    assert!(has("schema:accessMode", "textual") && has("schema:accessMode", "visual"));
    assert!(has("schema:accessModeSufficient", "textual"));
    assert!(has("schema:accessibilityFeature", "alternativeText"));
    // A report without figures stays text only.
    let ja_opf = String::from_utf8(ja().epub["EPUB/package.opf"].clone()).unwrap();
    assert!(ja_opf.contains(">visual<"), "the Japanese fixture has a figure");
}

#[test]
fn epub_tables_have_captions_and_column_heads_with_scope() {
    let b = en();
    let (ch1, ch2) = (b.xhtml("ch01.xhtml"), b.xhtml("ch02.xhtml"));
    let (d1, d2) = (parse(&ch1), parse(&ch2));
    let tables: Vec<roxmltree::Node> = [&d1, &d2]
        .into_iter()
        .flat_map(|d| elements(d, "table"))
        .filter(|t| t.attribute("class") == Some("data"))
        .collect();
    assert_eq!(tables.len(), 2);
    let caption = |t: &roxmltree::Node| text_of(t.children().find(|c| c.has_tag_name("caption")).unwrap());
    assert_eq!(caption(&tables[0]), "Table 1: Bills customers received");
    assert!(caption(&tables[1]).starts_with("Table 2: Calls placed by each line"), "{}", caption(&tables[1]));
    let heads = |t: &roxmltree::Node| -> Vec<(String, Option<String>)> {
        t.descendants()
            .filter(|n| n.has_tag_name("th"))
            .map(|th| (text_of(th), th.attribute("scope").map(String::from)))
            .collect()
    };
    let col = |s: &str| (s.to_string(), Some("col".to_string()));
    assert_eq!(heads(&tables[0]), [col("Customer"), col("Period"), col("Amount")]);
    assert_eq!(heads(&tables[1]), [col("Month"), col("Line"), col("Calls")]);
    let rows = tables[1].descendants().filter(|n| n.has_tag_name("tr")).count();
    assert_eq!(rows, 61, "header and 60 rows");
    // Alignment: the amounts are right-aligned.
    let amount = tables[0].descendants().filter(|n| n.has_tag_name("td")).nth(2).unwrap();
    assert_eq!((text_of(amount), amount.attribute("class")), ("£1,200".into(), Some("align-right")));
}

#[test]
fn epub_lists_are_ol_and_ul() {
    let ch1 = en().xhtml("ch01.xhtml");
    let doc = parse(&ch1);
    let items = |name: &str| -> Vec<Vec<String>> {
        elements(&doc, name)
            .into_iter()
            .filter(|l| l.attribute("class") == Some("list"))
            .map(|l| l.children().filter(|c| c.has_tag_name("li")).map(text_of).collect())
            .collect()
    };
    assert_eq!(items("ol"), [vec!["Closed the admin port.", "Changed every password.", "Told the customers1."]]);
    assert_eq!(items("ul"), [vec!["the admin page", "the call routing table", "AI900 firmware settings"]]);
    // A digest's body holds lists too.
    let ch2 = en().xhtml("ch02.xhtml");
    let doc = parse(&ch2);
    let digest = elements(&doc, "section").into_iter().find(|s| s.attribute("class") == Some("digest")).unwrap();
    let items: Vec<String> = digest.descendants().filter(|n| n.has_tag_name("li")).map(text_of).collect();
    assert_eq!(items, ["who read the routing table", "when the admin page was first opened"]);
}

// ------------------------------------------------------------------ cross references

/// `[](#id)` reads the locale's `Figure 1` / `図1`, and links to the figure in both outputs.
fn check_references(b: &Built, refs: &[(&str, &str, &str)]) {
    let ch1 = b.xhtml("ch01.xhtml");
    let doc = parse(&ch1);
    let pdf = lopdf::Document::load_mem(&b.pdf).unwrap();
    let pages = pdf.get_pages();
    let page_of: BTreeMap<lopdf::ObjectId, usize> = pages.iter().map(|(n, id)| (*id, *n as usize)).collect();
    let deref = |o: &lopdf::Object| match o {
        lopdf::Object::Reference(id) => pdf.get_object(*id).unwrap().clone(),
        other => other.clone(),
    };
    // Named destinations (Typst writes one per linked label).
    let mut named: BTreeMap<Vec<u8>, lopdf::Object> = BTreeMap::new();
    if let Ok(names) = pdf.catalog().unwrap().get(b"Names") {
        let dests = deref(deref(names).as_dict().unwrap().get(b"Dests").unwrap());
        let list = deref(dests.as_dict().unwrap().get(b"Names").unwrap());
        for pair in list.as_array().unwrap().chunks(2) {
            named.insert(pair[0].as_str().unwrap().to_vec(), deref(&pair[1]));
        }
    }
    for (text, anchor, caption_start) in refs {
        // EPUB: a link with the label as its text, to the figure's id, which exists.
        let link = elements(&doc, "a")
            .into_iter()
            .find(|a| a.attribute("href") == Some(&format!("#{anchor}")))
            .unwrap_or_else(|| panic!("no EPUB link to {anchor}"));
        assert_eq!(text_of(link), *text);
        assert!(doc.descendants().any(|n| n.attribute("id") == Some(anchor)), "no element {anchor}");
        // PDF: the text reads the label; a link annotation named after it goes to the page
        // that shows the caption.
        assert!(squash(&b.pdf_pages.concat()).contains(&squash(text)));
        let mut found = false;
        for id in pages.values() {
            let Ok(annots) = pdf.get_dictionary(*id).unwrap().get(b"Annots") else { continue };
            let annots = match annots {
                lopdf::Object::Reference(r) => pdf.get_object(*r).unwrap().as_array().unwrap().clone(),
                o => o.as_array().unwrap().clone(),
            };
            for a in annots {
                let a = pdf.get_dictionary(a.as_reference().unwrap()).unwrap();
                let contents = a.get(b"Contents").ok().and_then(|c| c.as_str().ok()).map(text_string);
                if !contents.is_some_and(|c| c.starts_with(&format!("{text},"))) {
                    continue;
                }
                let Ok(dest) = a.get(b"Dest") else { continue };
                let dest = match deref(dest) {
                    lopdf::Object::String(name, _) => named[&name].clone(),
                    d => d,
                };
                let target = page_of[&dest.as_array().unwrap()[0].as_reference().unwrap()];
                assert!(
                    squash(&b.pdf_pages[target - 1]).contains(&squash(caption_start)),
                    "link to {text} goes to page {target}, which lacks {caption_start}"
                );
                found = true;
            }
        }
        assert!(found, "no PDF link annotation for {text}");
    }
}

#[test]
fn cross_references_read_figure_1_and_table_1_and_link() {
    let b = en();
    check_references(
        b,
        &[("Figure 1", "fig-admin", "Figure 1: The admin page"), ("Table 1", "tab-bills", "Table 1: Bills")],
    );
    // A reference with its own text keeps it.
    assert!(b.xhtml("ch01.xhtml").contains(r##"<a href="#fig-photo">the photo</a>"##));
    // Forward reference across chapters: chapter 2's paragraph points at its own table.
    assert!(b.xhtml("ch02.xhtml").contains(r##"<a href="#tab-calls">Table 2</a>"##));
}

#[test]
fn japanese_cross_references_read_zu_1_and_hyo_1() {
    check_references(
        ja(),
        &[("図1", "fig-kanri", "図1\u{3000}発見時の管理画面"), ("表1", "tab-seikyu", "表1\u{3000}利用者への請求額")],
    );
}

#[test]
fn list_of_figures_and_tables_opens_both_outputs() {
    let b = en();
    let lof = b.xhtml("figures.xhtml");
    for line in [
        "Figure 1: The admin page as found",
        "Figure 2",
        "Figure 3: The exchange and the carrier link",
        "Table 1: Bills customers received",
        "Table 2: Calls placed by each line",
    ] {
        assert!(lof.contains(line), "EPUB list lacks {line}");
    }
    let opf = String::from_utf8(b.epub["EPUB/package.opf"].clone()).unwrap();
    assert!(opf.contains(r#"<itemref idref="nav"/><itemref idref="figures"/>"#), "list of figures not after nav");
    // PDF: the page after the contents lists them with their pages.
    let page = b.pdf_pages.iter().position(|p| p.contains("List of figures") && p.contains("List of tables")).unwrap();
    assert_eq!(page, 3, "the list is on page 4, after the title page, the summary page and the contents");
    assert!(squash(&b.pdf_pages[page]).contains("Figure1:Theadminpageasfound"));
    assert!(!ja().epub.contains_key("EPUB/figures.xhtml"), "the list is optional");
}

/// Named destinations (Typst writes one per linked label) and the pages they point at.
fn named_dest_pages(bytes: &[u8]) -> BTreeMap<String, usize> {
    let pdf = lopdf::Document::load_mem(bytes).unwrap();
    let page_of: BTreeMap<lopdf::ObjectId, usize> = pdf.get_pages().iter().map(|(n, id)| (*id, *n as usize)).collect();
    let deref = |o: &lopdf::Object| match o {
        lopdf::Object::Reference(id) => pdf.get_object(*id).unwrap().clone(),
        other => other.clone(),
    };
    let names = deref(pdf.catalog().unwrap().get(b"Names").unwrap());
    let dests = deref(names.as_dict().unwrap().get(b"Dests").unwrap());
    let list = deref(dests.as_dict().unwrap().get(b"Names").unwrap());
    list.as_array()
        .unwrap()
        .chunks(2)
        .map(|pair| {
            let dest = deref(&pair[1]);
            let page = page_of[&dest.as_array().unwrap()[0].as_reference().unwrap()];
            (String::from_utf8(pair[0].as_str().unwrap().to_vec()).unwrap(), page)
        })
        .collect()
}

/// The EPUB's page-break markers still sit where the PDF's pages start, with the figures and
/// tables moving the pages: the element after each marker starts on that page of the PDF.
#[test]
fn page_breaks_still_name_the_pdf_pages() {
    let b = en();
    let nav = b.xhtml("nav.xhtml");
    let named = named_dest_pages(&b.pdf);
    let mut checked = 0;
    for ch in ["ch01.xhtml", "ch02.xhtml"] {
        let xml = b.xhtml(ch);
        for part in xml.split(r#"role="doc-pagebreak" id="page-"#).skip(1) {
            let page: usize = part.split('"').next().unwrap().parse().unwrap();
            assert!(nav.contains(&format!("{ch}#page-{page}\"")), "page {page} not in the page-list");
            let next_id = part.split(" id=\"").nth(1).unwrap().split('"').next().unwrap();
            // A heading's id is its section's anchor with `-h`.
            if let Some(target) = named.get(next_id.strip_suffix("-h").unwrap_or(next_id)) {
                assert_eq!(*target, page, "{next_id} starts on PDF page {target}, the EPUB says {page}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 2, "only {checked} page breaks checked");
    // Chapter 1 (two figures, a table and two lists) fills page 5 (after the title, summary,
    // contents and list of figures); chapter 2 opens page 6.
    assert_eq!((named["ch-intrusion"], named["ch-findings"]), (5, 6));
}

// ------------------------------------------------------------------ refused files

fn check_with_figure(file_line: &str, setup: impl FnOnce(&Path)) -> String {
    let project = project_with(None);
    let chapter = project.path().join("report/chapters/02-second.toml");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let (head, digest) = text.split_once("[digest]").unwrap();
    std::fs::write(
        &chapter,
        format!("{head}[[event.figure]]\nid = \"picture\"\n{file_line}\nalt = \"説明\"\n\n[digest]{digest}"),
    )
    .unwrap();
    setup(project.path());
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    stdout(&out)
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_project_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("figures/en/report/figures/diagram.png"), outside.path().join("x.png")).unwrap();
    let out = check_with_figure("file = \"report/link.png\"", |root| {
        std::os::unix::fs::symlink(outside.path().join("x.png"), root.join("report/link.png")).unwrap();
    });
    assert!(
        out.starts_with("report/chapters/02-second.toml:16:8: error[sandbox]: image `report/link.png`: resolves to "),
        "{out}"
    );
    assert!(out.contains("outside the project folder"), "{out}");
}

#[test]
fn an_image_over_50_mb_is_refused_before_it_is_read() {
    let out = check_with_figure("file = \"report/big.png\"", |root| {
        // A sparse file: its size counts, its bytes are never read.
        std::fs::File::create(root.join("report/big.png")).unwrap().set_len(50_000_001).unwrap();
    });
    assert_eq!(
        out,
        "report/chapters/02-second.toml:16:8: error[image-too-large]: `report/big.png` has 50000001 bytes, more than the 50 MB an image may have\n"
    );
}

#[test]
fn builds_with_images_are_reproducible() {
    let again = build("en");
    assert!(again.pdf == en().pdf, "two builds of the figures fixture gave different PDFs");
    assert!(again.epub == en().epub, "two builds of the figures fixture gave different EPUBs");
}

/// Alt text, captions, cells and list items are data: markup in them comes out as typed.
#[test]
fn alt_captions_cells_and_items_are_text_not_markup() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("figures/en"), dir.path());
    let chapter = dir.path().join("report/chapters/01-intrusion.toml");
    let text = std::fs::read_to_string(&chapter).unwrap();
    // No quotes or entities: English text sets quotes typographically (README).
    let hostile = "#read(/etc/passwd) </p><script>x</script> $x$ <b> @ref <label>";
    let text = text
        .replace(
            "alt = \"A blue-to-green gradient standing in for a photo of the server room.\"",
            &format!("alt = \"alt {hostile}\""),
        )
        .replace("caption = \"The admin page as found\"", &format!("caption = \"caption {hostile}\""))
        .replace("[\"A\", \"March\", \"£1,200\"]", &format!("[\"cell {hostile}\", \"March\", \"£1,200\"]"))
        .replace("\"the admin page\",", &format!("\"item {hostile}\","));
    std::fs::write(&chapter, text).unwrap();
    let out = bin().args(["build", "-q"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = hostile;
    let pdf = std::fs::read(dir.path().join("out/figures.pdf")).unwrap();
    let pdf_text = squash(&pdf_text(&dir.path().join("out/figures.pdf")));
    for what in ["caption", "cell", "item"] {
        assert!(pdf_text.contains(&squash(&format!("{what} {expected}"))), "PDF: {what} not literal");
    }
    let alts: Vec<String> = structure(&pdf).into_iter().filter(|e| e.kind == "Figure").filter_map(|e| e.alt).collect();
    assert_eq!(alts[1], format!("alt {expected}"));
    let ch1 = epub_text(&dir.path().join("out/figures.epub"), "EPUB/ch01.xhtml");
    let doc = parse(&ch1);
    let img = elements(&doc, "img").into_iter().nth(1).unwrap();
    assert_eq!(img.attribute("alt"), Some(format!("alt {expected}").as_str()));
    let all = text_of(doc.root_element());
    for what in ["caption", "cell", "item"] {
        assert!(all.contains(&format!("{what} {expected}")), "EPUB: {what} not literal");
    }
    assert!(elements(&doc, "script").is_empty(), "a script element in the EPUB");
}

/// GIF and WebP, which Typst also lays out, go through the same checks and into both outputs.
#[test]
fn gif_and_webp_figures_build() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("figures/ja"), dir.path());
    let pixels = image::RgbaImage::from_fn(24, 16, |x, y| image::Rgba([(x * 10) as u8, (y * 15) as u8, 90, 255]));
    let mut gif = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut gif).encode_frame(image::Frame::new(pixels.clone())).unwrap();
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(pixels.as_raw(), 24, 16, image::ExtendedColorType::Rgba8)
        .unwrap();
    std::fs::write(dir.path().join("report/figures/anim.gif"), &gif).unwrap();
    std::fs::write(dir.path().join("report/figures/still.webp"), &webp).unwrap();
    let chapter = dir.path().join("report/chapters/01-jiken.toml");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    for (id, file) in [("gif", "anim.gif"), ("webp", "still.webp")] {
        text.push_str(&format!(
            "\n[[event.figure]]\nid = \"{id}\"\nfile = \"report/figures/{file}\"\nalt = \"色の階調（{id}）。\"\n"
        ));
    }
    std::fs::write(&chapter, text).unwrap();
    let out = bin().args(["build", "-q"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("out/zuhyo.pdf")).unwrap();
    let alts: Vec<String> = structure(&pdf).into_iter().filter(|e| e.kind == "Figure").filter_map(|e| e.alt).collect();
    assert_eq!(alts.len(), 3, "{alts:?}");
    let epub = dir.path().join("out/zuhyo.epub");
    let opf = epub_text(&epub, "EPUB/package.opf");
    assert!(opf.contains(r#"href="images/fig-gif.gif" media-type="image/gif""#), "{opf}");
    assert!(opf.contains(r#"href="images/fig-webp.webp" media-type="image/webp""#), "{opf}");
    assert_eq!(epub_entry(&epub, "EPUB/images/fig-webp.webp"), webp);
}

/// Alt texts, captions and cells are printed, so the glyph check reads them.
#[test]
fn glyph_check_reads_alt_text_captions_and_cells() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("figures/ja"), dir.path());
    let chapter = dir.path().join("report/chapters/01-jiken.toml");
    let text = std::fs::read_to_string(&chapter)
        .unwrap()
        .replace("alt = \"青い帯", "alt = \"\u{1F980}青い帯")
        .replace("caption = \"利用者への請求額\"", "caption = \"利用者への請求額\u{1F4B4}\"")
        .replace("[\"B社\", \"34万円\"]", "[\"B社\", \"34万円\u{1F4B0}\"]");
    std::fs::write(&chapter, text).unwrap();
    let out = bin().args(["build", "--diagnostic-format", "short"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // Lines and columns counted in the fixture's chapter file.
    let diags = stdout(&out);
    for (at, c, code) in
        [("17:8", '\u{1F980}', "1F980"), ("22:20", '\u{1F4B4}', "1F4B4"), ("25:38", '\u{1F4B0}', "1F4B0")]
    {
        let expected = format!(
            "report/chapters/01-jiken.toml:{at}: error[missing-glyph]: the character `{c}` (U+{code}) has no glyph in the bundled fonts"
        );
        assert!(diags.lines().any(|l| l == expected), "expected {expected}\n{diags}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_image_is_refused_without_blocking() {
    let out = check_with_figure("file = \"report/pipe.png\"", |root| {
        let status = std::process::Command::new("mkfifo").arg(root.join("report/pipe.png")).status().unwrap();
        assert!(status.success());
    });
    assert_eq!(
        out,
        "report/chapters/02-second.toml:16:8: error[read]: `report/pipe.png` is a FIFO (named pipe), not a file\n"
    );
}
