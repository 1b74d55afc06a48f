//! Navigation: the EPUB 3 nav document (toc, landmarks, page-list) and the EPUB 2 NCX for
//! older reading systems, both from the document's table of contents and the page list.

use super::{Locator, chapter_file, open_xhtml};
use crate::document::*;
use crate::render::xhtml::Xml;

pub(super) fn nav_document(
    doc: &Document,
    locate: &Locator,
    page_list: &[(usize, String, String)],
    contents_page: Option<usize>,
) -> Vec<u8> {
    let labels = &doc.labels;
    let mut x = open_xhtml(&doc.meta.language, None, &labels.contents);
    x.newline();
    x.open("body", &[]);
    if let Some(page) = contents_page {
        let (id, label) = (format!("page-{page}"), page.to_string());
        x.empty("span", &[("epub:type", "pagebreak"), ("role", "doc-pagebreak"), ("id", &id), ("aria-label", &label)]);
    }
    toc_nav(&mut x, doc, locate);
    landmarks_nav(&mut x, doc);
    page_list_nav(&mut x, doc, page_list);
    x.close("body");
    x.close("html");
    x.finish()
}

/// The table of contents: chapters and back matter, each with its sections.
fn toc_nav(x: &mut Xml, doc: &Document, locate: &Locator) {
    x.open("nav", &[("epub:type", "toc"), ("role", "doc-toc"), ("id", "toc")]);
    x.leaf("h1", &[], &doc.labels.contents);
    x.open("ol", &[]);
    for (head, subs) in contents_tree(&doc.contents) {
        x.open("li", &[]);
        x.leaf("a", &[("href", &locate.href(&head.anchor, "nav.xhtml"))], &head.title);
        if !subs.is_empty() {
            x.open("ol", &[]);
            for sub in subs {
                x.open("li", &[]);
                x.leaf("a", &[("href", &locate.href(&sub.anchor, "nav.xhtml"))], &sub.title);
                x.close("li");
            }
            x.close("ol");
        }
        x.close("li");
        x.newline();
    }
    x.close("ol");
    x.close("nav");
    x.newline();
}

/// Landmarks: cover, contents, the start of the body, the bibliography.
fn landmarks_nav(x: &mut Xml, doc: &Document) {
    let labels = &doc.labels;
    x.open("nav", &[("epub:type", "landmarks"), ("id", "landmarks"), ("hidden", "hidden")]);
    x.leaf("h2", &[], &labels.landmarks);
    x.open("ol", &[]);
    let first = if doc.chapters.is_empty() { "chronology.xhtml".to_string() } else { chapter_file(0) };
    for (ty, href, title) in [
        ("cover", "cover.xhtml".to_string(), labels.cover.clone()),
        ("toc", "nav.xhtml#toc".to_string(), labels.contents.clone()),
        (
            "bodymatter",
            first,
            doc.chapters.first().map(|c| c.title.clone()).unwrap_or_else(|| labels.chronology.clone()),
        ),
        ("bibliography", "bibliography.xhtml".to_string(), labels.bibliography.clone()),
    ] {
        x.open("li", &[]);
        x.leaf("a", &[("epub:type", ty), ("href", &href)], &title);
        x.close("li");
    }
    x.close("ol");
    x.close("nav");
    x.newline();
}

/// The page-list: where each page of the PDF edition starts.
fn page_list_nav(x: &mut Xml, doc: &Document, page_list: &[(usize, String, String)]) {
    x.open("nav", &[("epub:type", "page-list"), ("id", "page-list"), ("hidden", "hidden")]);
    x.leaf("h2", &[], &doc.meta.page_list_heading);
    x.open("ol", &[]);
    for (page, file, id) in page_list {
        x.open("li", &[]);
        x.leaf("a", &[("href", &format!("{file}#{id}"))], &page.to_string());
        x.close("li");
    }
    x.close("ol");
    x.close("nav");
    x.newline();
}

/// The table of contents as level-1 entries with their level-2 entries.
fn contents_tree(contents: &[ContentsEntry]) -> Vec<(&ContentsEntry, Vec<&ContentsEntry>)> {
    let mut tree: Vec<(&ContentsEntry, Vec<&ContentsEntry>)> = Vec::new();
    for entry in contents {
        match tree.last_mut() {
            Some((_, subs)) if entry.level > 1 => subs.push(entry),
            _ => tree.push((entry, Vec::new())),
        }
    }
    tree
}

pub(super) fn ncx_document(doc: &Document, locate: &Locator, page_list: &[(usize, String, String)]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "ncx",
        &[("xmlns", "http://www.daisy.org/z3986/2005/ncx/"), ("version", "2005-1"), ("xml:lang", &doc.meta.language)],
    );
    x.open("head", &[]);
    x.empty("meta", &[("name", "dtb:uid"), ("content", &doc.meta.identifier)]);
    x.empty("meta", &[("name", "dtb:depth"), ("content", "2")]);
    x.empty("meta", &[("name", "dtb:totalPageCount"), ("content", &page_list.len().to_string())]);
    x.empty(
        "meta",
        &[("name", "dtb:maxPageNumber"), ("content", &page_list.iter().map(|p| p.0).max().unwrap_or(0).to_string())],
    );
    x.close("head");
    x.open("docTitle", &[]);
    x.leaf("text", &[], &doc.meta.title);
    x.close("docTitle");
    x.open("navMap", &[]);
    let mut order = 0;
    let mut point = |x: &mut Xml, id: String, label: &str, src: &str, close: bool| {
        order += 1;
        x.open("navPoint", &[("id", &id), ("playOrder", &order.to_string())]);
        x.open("navLabel", &[]);
        x.leaf("text", &[], label);
        x.close("navLabel");
        x.empty("content", &[("src", src)]);
        if close {
            x.close("navPoint");
        }
    };
    for (head, subs) in contents_tree(&doc.contents) {
        point(&mut x, format!("nav-{}", head.anchor), &head.title, &locate.href(&head.anchor, ""), false);
        for sub in subs {
            point(&mut x, format!("nav-{}", sub.anchor), &sub.title, &locate.href(&sub.anchor, ""), true);
        }
        x.close("navPoint");
    }
    x.close("navMap");
    if !page_list.is_empty() {
        x.open("pageList", &[]);
        x.open("navLabel", &[]);
        x.leaf("text", &[], &doc.labels.pdf_edition);
        x.close("navLabel");
        for (page, file, id) in page_list {
            order += 1;
            x.open(
                "pageTarget",
                &[
                    ("id", &format!("pt-{page}")),
                    ("type", "normal"),
                    ("value", &page.to_string()),
                    ("playOrder", &order.to_string()),
                ],
            );
            x.open("navLabel", &[]);
            x.leaf("text", &[], &page.to_string());
            x.close("navLabel");
            x.empty("content", &[("src", &format!("{file}#{id}"))]);
            x.close("pageTarget");
        }
        x.close("pageList");
    }
    x.close("ncx");
    x.finish()
}
