//! The EPUB renderer: XHTML content documents, navigation (toc, landmarks, page-list), NCX,
//! the package document and the OCF zip, all from the resolved document and the PDF's page
//! map. Written on quick-xml and zip rather than epub-builder — see ARCHITECTURE.md for the
//! measured reasons (invalid ids, unescaped metadata, no page-list, no reproducible zip).
//!
//! One file per artifact: `content` (the content documents), `navigation` (nav document and
//! NCX), `package` (the package document), `container` (the OCF zip). Output is
//! byte-reproducible: fixed entry order, fixed timestamps (the report's modified date), an
//! identifier derived from the report's.

mod blocks;
mod container;
mod content;
mod incident;
mod lookup;
mod navigation;
mod package;

use std::collections::HashMap;

use container::package;
use content::Ctx;
use navigation::{nav_document, ncx_document};
use package::package_document;

use super::PageMap;
use super::xhtml::Xml;
use crate::document::*;

/// The built-in stylesheet, overridable by the project's `templates/epub/book.css`.
pub const DEFAULT_CSS: &str = include_str!("../../../templates/epub/book.css");

/// One content document of the spine.
pub(super) struct Part {
    pub file: String,
    pub body: Vec<u8>,
}

/// Renders the EPUB file.
pub fn render(doc: &Document, pages: &PageMap, css: &str) -> Vec<u8> {
    let locate = Locator::new(doc);
    let breaks: HashMap<String, usize> =
        pages.first_anchor_per_page().into_iter().map(|(page, anchor)| (anchor, page)).collect();
    let mut ctx = Ctx { doc, locate: &locate, breaks: &breaks, file: String::new(), page_list: Vec::new() };

    let mut parts = Vec::new();
    parts.push(Part { file: "cover.xhtml".into(), body: ctx.cover() });
    ctx.file = incident::SUMMARY_FILE.into();
    parts.push(Part { file: ctx.file.clone(), body: ctx.summary() });
    if let Some(list) = &doc.figure_list {
        ctx.file = blocks::FIGURE_LIST_FILE.into();
        parts.push(Part { file: ctx.file.clone(), body: ctx.figure_list(list) });
    }
    // The body, the recommendations, then the appendices (as in the PDF).
    let body = doc.chapters.iter().enumerate().filter(|(_, ch)| !ch.appendix);
    for (i, ch) in body {
        ctx.file = chapter_file(i);
        parts.push(Part { file: ctx.file.clone(), body: ctx.chapter(i, ch) });
    }
    if !doc.incident.recommendations.is_empty() {
        ctx.file = incident::RECOMMENDATIONS_FILE.into();
        parts.push(Part { file: ctx.file.clone(), body: ctx.recommendations() });
    }
    for (i, ch) in doc.chapters.iter().enumerate().filter(|(_, ch)| ch.appendix) {
        ctx.file = chapter_file(i);
        parts.push(Part { file: ctx.file.clone(), body: ctx.chapter(i, ch) });
    }
    ctx.file = "chronology.xhtml".into();
    parts.push(Part { file: ctx.file.clone(), body: ctx.chronology() });
    if let Some(glossary) = &doc.glossary {
        ctx.file = lookup::GLOSSARY_FILE.into();
        parts.push(Part { file: ctx.file.clone(), body: ctx.glossary(glossary) });
    }
    ctx.file = "bibliography.xhtml".into();
    parts.push(Part { file: ctx.file.clone(), body: ctx.bibliography() });
    if let Some(index) = &doc.actor_index {
        ctx.file = lookup::ACTORS_FILE.into();
        parts.push(Part { file: ctx.file.clone(), body: ctx.actor_index(index) });
    }
    ctx.file = "colophon.xhtml".into();
    parts.push(Part { file: ctx.file.clone(), body: ctx.colophon() });
    let mut page_list = std::mem::take(&mut ctx.page_list);
    // The PDF's table of contents corresponds to the nav document.
    let contents_page = breaks.get("contents").copied();
    if let Some(page) = contents_page {
        page_list.push((page, "nav.xhtml".into(), format!("page-{page}")));
        page_list.sort();
    }
    let nav = nav_document(doc, &locate, &page_list, contents_page);
    let ncx = ncx_document(doc, &locate, &page_list);
    let opf = package_document(doc, &parts);
    package(doc, &opf, &nav, &ncx, css, &parts)
}

pub(super) fn chapter_file(i: usize) -> String {
    format!("ch{:02}.xhtml", i + 1)
}

impl Ctx<'_> {
    /// The content document holding the notes of a part (see `Note::chapter`).
    pub(super) fn note_file(&self, part: usize) -> String {
        let chapters = self.doc.chapters.len();
        if part == chapters {
            incident::SUMMARY_FILE.into()
        } else if part == chapters + 1 {
            incident::RECOMMENDATIONS_FILE.into()
        } else {
            chapter_file(part)
        }
    }
}

/// Which content document holds each anchor.
pub(super) struct Locator {
    files: HashMap<String, String>,
}

impl Locator {
    fn new(doc: &Document) -> Self {
        let mut files = HashMap::new();
        for (i, ch) in doc.chapters.iter().enumerate() {
            let f = chapter_file(i);
            files.insert(ch.anchor.clone(), f.clone());
            for ev in &ch.events {
                files.insert(ev.anchor.clone(), f.clone());
            }
            for an in &ch.analysis {
                files.insert(an.anchor.clone(), f.clone());
            }
            if let Some(d) = &ch.digest {
                files.insert(d.anchor.clone(), f.clone());
            }
        }
        for group in &doc.bibliography {
            files.insert(group.anchor.clone(), "bibliography.xhtml".into());
            for e in &group.entries {
                files.insert(e.anchor.clone(), "bibliography.xhtml".into());
            }
        }
        for (anchor, chapter) in blocks::block_anchors(doc) {
            files.insert(anchor, chapter_file(chapter));
        }
        if let Some(list) = &doc.figure_list {
            files.insert(list.anchor.clone(), blocks::FIGURE_LIST_FILE.into());
        }
        for back in ["chronology", "bibliography", "colophon"] {
            files.insert(back.into(), format!("{back}.xhtml"));
        }
        let incident = &doc.incident;
        for anchor in [&incident.summary.anchor, &incident.summary.impact_anchor] {
            files.insert(anchor.clone(), incident::SUMMARY_FILE.into());
        }
        files.insert(incident.recommendations_anchor.clone(), incident::RECOMMENDATIONS_FILE.into());
        for r in &incident.recommendations {
            files.insert(r.anchor.clone(), incident::RECOMMENDATIONS_FILE.into());
        }
        lookup::locate(doc, &mut files);
        Self { files }
    }

    /// `href` to an anchor from the content document `from`.
    pub(super) fn href(&self, anchor: &str, from: &str) -> String {
        match self.files.get(anchor) {
            Some(f) if f == from => format!("#{anchor}"),
            Some(f) => format!("{f}#{anchor}"),
            None => format!("#{anchor}"),
        }
    }
}

/// An XHTML content document up to the end of its head: doctype, `html` with the language (and
/// the writing-mode class), title and stylesheet.
pub(super) fn open_xhtml(lang: &str, class: Option<&str>, title: &str) -> Xml {
    let mut x = Xml::new();
    x.raw_line("<!DOCTYPE html>");
    let mut attrs = vec![
        ("xmlns", "http://www.w3.org/1999/xhtml"),
        ("xmlns:epub", "http://www.idpf.org/2007/ops"),
        ("lang", lang),
        ("xml:lang", lang),
    ];
    if let Some(class) = class {
        attrs.push(("class", class));
    }
    x.open("html", &attrs);
    x.newline();
    x.open("head", &[]);
    x.empty("meta", &[("charset", "UTF-8")]);
    x.leaf("title", &[], title);
    x.empty("link", &[("rel", "stylesheet"), ("type", "text/css"), ("href", "book.css")]);
    x.close("head");
    x.newline();
    x
}
