//! The EPUB renderer: XHTML content documents, navigation (toc, landmarks, page-list), NCX,
//! the package document and the OCF zip, all from the resolved document and the PDF's page
//! map. Written on quick-xml and zip rather than epub-builder — see ARCHITECTURE.md for the
//! measured reasons (invalid ids, unescaped metadata, no page-list, no reproducible zip).
//!
//! Output is byte-reproducible: fixed entry order, fixed timestamps (the report's modified
//! date), an identifier derived from the report's.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::pdf::PageMap;
use super::xhtml::Xml;
use crate::diagnostics::Diagnostic;
use crate::document::*;
use crate::model::WritingMode;
use crate::project::Project;

/// The built-in stylesheet, overridable by the project's `templates/epub/book.css`.
pub const DEFAULT_CSS: &str = include_str!("../../templates/epub/book.css");

/// The stylesheet: the project's own if it has one, else the built-in one.
pub fn stylesheet(project: &Project) -> Result<String, Box<Diagnostic>> {
    let own = project.templates_dir().join("epub").join("book.css");
    if !own.exists() && !own.is_symlink() {
        return Ok(DEFAULT_CSS.to_string());
    }
    let real = project.sandboxed(&own).map_err(|e| {
        Box::new(
            Diagnostic::error("sandbox", format!("templates/epub/book.css: {e}"))
                .with_help("the stylesheet must be a file inside the project folder"),
        )
    })?;
    project.read_text(&real).map_err(|e| {
        Box::new(
            Diagnostic::error("read", format!("cannot read templates/epub/book.css: {e}"))
                .with_help("check the file's permissions and that it is UTF-8"),
        )
    })
}

/// One content document of the spine.
struct Part {
    file: String,
    body: Vec<u8>,
}

/// Renders the EPUB file.
pub fn render(doc: &Document, pages: &PageMap, css: &str) -> Vec<u8> {
    let locate = Locator::new(doc);
    let breaks: HashMap<String, usize> =
        pages.first_anchor_per_page().into_iter().map(|(page, anchor)| (anchor, page)).collect();
    let mut ctx = Ctx { doc, locate: &locate, breaks: &breaks, file: String::new(), page_list: Vec::new() };

    let mut parts = Vec::new();
    parts.push(Part { file: "cover.xhtml".into(), body: ctx.cover() });
    for (i, ch) in doc.chapters.iter().enumerate() {
        ctx.file = chapter_file(i);
        parts.push(Part { file: ctx.file.clone(), body: ctx.chapter(i, ch) });
    }
    ctx.file = "chronology.xhtml".into();
    parts.push(Part { file: ctx.file.clone(), body: ctx.chronology() });
    ctx.file = "bibliography.xhtml".into();
    parts.push(Part { file: ctx.file.clone(), body: ctx.bibliography() });
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

fn chapter_file(i: usize) -> String {
    format!("ch{:02}.xhtml", i + 1)
}

/// Which content document holds each anchor.
struct Locator {
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
        for back in ["chronology", "bibliography", "colophon"] {
            files.insert(back.into(), format!("{back}.xhtml"));
        }
        Self { files }
    }

    /// `href` to an anchor from the content document `from`.
    fn href(&self, anchor: &str, from: &str) -> String {
        match self.files.get(anchor) {
            Some(f) if f == from => format!("#{anchor}"),
            Some(f) => format!("{f}#{anchor}"),
            None => format!("#{anchor}"),
        }
    }
}

struct Ctx<'a> {
    doc: &'a Document,
    locate: &'a Locator,
    breaks: &'a HashMap<String, usize>,
    file: String,
    /// (page, file, id) of every page-break marker written.
    page_list: Vec<(usize, String, String)>,
}

impl Ctx<'_> {
    fn start_document(&self, title: &str, body_type: &str) -> Xml {
        let class = if self.doc.meta.writing_mode == WritingMode::Vertical { "vrtl" } else { "hltr" };
        let mut x = open_xhtml(&self.doc.meta.language, Some(class), title);
        if body_type.is_empty() {
            x.open("body", &[]);
        } else {
            x.open("body", &[("epub:type", body_type)]);
        }
        x.newline();
        x
    }

    fn end_document(mut x: Xml) -> Vec<u8> {
        x.close("body");
        x.newline();
        x.close("html");
        x.finish()
    }

    /// A page-break marker before the element with this anchor, when a PDF page starts there.
    fn page_break(&mut self, x: &mut Xml, anchor: &str) {
        if let Some(page) = self.breaks.get(anchor) {
            let id = format!("page-{page}");
            let label = page.to_string();
            x.empty(
                "span",
                &[("epub:type", "pagebreak"), ("role", "doc-pagebreak"), ("id", &id), ("aria-label", &label)],
            );
            self.page_list.push((*page, self.file.clone(), id));
        }
    }

    fn inline(&self, x: &mut Xml, nodes: &[Inline]) {
        for node in nodes {
            match node {
                Inline::Text { s } => x.text(s),
                Inline::Emph { c } => {
                    x.open("em", &[]);
                    self.inline(x, c);
                    x.close("em");
                }
                Inline::Strong { c } => {
                    x.open("strong", &[]);
                    self.inline(x, c);
                    x.close("strong");
                }
                Inline::Code { s } => x.leaf("code", &[], s),
                Inline::Link { url, c } => {
                    x.open("a", &[("href", url)]);
                    self.inline(x, c);
                    x.close("a");
                }
                Inline::Ref { anchor, c } => {
                    x.open("a", &[("href", &self.locate.href(anchor, &self.file))]);
                    self.inline(x, c);
                    x.close("a");
                }
                Inline::Ruby { base, reading } => {
                    x.open("ruby", &[]);
                    x.text(base);
                    x.leaf("rp", &[], "（");
                    x.leaf("rt", &[], reading);
                    x.leaf("rp", &[], "）");
                    x.close("ruby");
                }
                Inline::Note { n } => self.noteref(x, *n),
            }
        }
    }

    fn noteref(&self, x: &mut Xml, n: u32) {
        let Some(note) = self.doc.note(n) else { return };
        let href = format!("#{}", note.anchor);
        x.leaf(
            "a",
            &[
                ("epub:type", "noteref"),
                ("role", "doc-noteref"),
                ("id", &note.ref_anchor),
                ("href", &href),
                ("class", "noteref"),
            ],
            &n.to_string(),
        );
    }

    fn paragraph(&mut self, x: &mut Xml, p: &Paragraph, class: Option<&str>) {
        self.page_break(x, &p.mark);
        match class {
            Some(c) => x.open("p", &[("id", &p.mark), ("class", c)]),
            None => x.open("p", &[("id", &p.mark)]),
        }
        self.inline(x, &p.content);
        x.close("p");
        x.newline();
    }

    fn cover(&mut self) -> Vec<u8> {
        let doc = self.doc;
        self.file = "cover.xhtml".into();
        let mut x = self.start_document(&doc.meta.title, "cover");
        x.open("section", &[("class", "cover"), ("aria-label", &doc.labels.cover)]);
        // The PDF's title page (the template marks it `cover`).
        self.page_break(&mut x, "cover");
        x.leaf("h1", &[("class", "cover-title")], &doc.meta.title);
        if let Some(sub) = &doc.meta.subtitle {
            x.leaf("p", &[("class", "cover-subtitle")], sub);
        }
        x.leaf("p", &[("class", "cover-authors")], &doc.meta.authors.join("、"));
        x.leaf(
            "p",
            &[("class", "cover-date")],
            &format!("{}　{} {}", doc.meta.date_text, doc.labels.version, doc.meta.version),
        );
        x.leaf("p", &[("class", "cover-publisher")], &doc.meta.publisher);
        x.close("section");
        Self::end_document(x)
    }

    fn chapter(&mut self, index: usize, ch: &Chapter) -> Vec<u8> {
        let doc = self.doc;
        let title = format!("{}　{}", ch.number_text, ch.title);
        let mut x = self.start_document(&title, "bodymatter");
        let heading_id = format!("{}-h", ch.anchor);
        x.open(
            "section",
            &[("epub:type", "chapter"), ("role", "doc-chapter"), ("id", &ch.anchor), ("aria-labelledby", &heading_id)],
        );
        x.newline();
        self.page_break(&mut x, &ch.anchor);
        x.leaf("h1", &[("id", &heading_id)], &title);
        x.newline();
        if let Some(summary) = &ch.summary {
            self.paragraph(&mut x, summary, Some("summary"));
        }
        for ev in &ch.events {
            self.event(&mut x, ev);
        }
        for an in &ch.analysis {
            self.page_break(&mut x, &an.anchor);
            let h = format!("{}-h", an.anchor);
            x.open("section", &[("class", "analysis-section"), ("id", &an.anchor), ("aria-labelledby", &h)]);
            x.leaf("h2", &[("id", &h)], &an.title);
            self.analysis_block(&mut x, &an.body);
            x.close("section");
            x.newline();
        }
        if let Some(dg) = &ch.digest {
            self.digest(&mut x, dg);
        }
        x.close("section");
        x.newline();
        // The chapter's notes, as EPUB 3 footnotes: readers show them as pop-ups, others
        // as a list at the end of the chapter with a link back.
        let notes: Vec<&Note> = doc.notes.iter().filter(|n| n.chapter == index).collect();
        if !notes.is_empty() {
            x.open("section", &[("class", "notes"), ("aria-label", &doc.labels.notes)]);
            x.leaf("h2", &[("class", "notes-heading")], &doc.labels.notes);
            for note in notes {
                x.open("aside", &[("epub:type", "footnote"), ("role", "doc-footnote"), ("id", &note.anchor)]);
                x.open("p", &[]);
                let back = format!("#{}", note.ref_anchor);
                x.leaf(
                    "a",
                    &[
                        ("href", &back),
                        ("role", "doc-backlink"),
                        ("class", "note-number"),
                        ("title", &doc.labels.back_to_text),
                    ],
                    &note.number.to_string(),
                );
                x.text(" ");
                x.text(&note.citation);
                if let Some(url) = &note.url {
                    x.text(" ");
                    x.leaf("a", &[("href", url), ("class", "url")], url);
                }
                x.close("p");
                x.close("aside");
                x.newline();
            }
            x.close("section");
            x.newline();
        }
        Self::end_document(x)
    }

    fn event(&mut self, x: &mut Xml, ev: &Event) {
        let labels = &self.doc.labels;
        self.page_break(x, &ev.anchor);
        let h = format!("{}-h", ev.anchor);
        x.open("section", &[("class", "event"), ("id", &ev.anchor), ("aria-labelledby", &h)]);
        x.newline();
        x.open("h2", &[("id", &h)]);
        x.leaf("time", &[("datetime", &ev.date_iso), ("class", "date")], &ev.date_text);
        x.text("　");
        x.text(&ev.title);
        x.close("h2");
        x.newline();
        if !ev.actors.is_empty() || !ev.source_notes.is_empty() {
            x.open("p", &[("class", "event-meta")]);
            if !ev.actors.is_empty() {
                x.leaf("span", &[("class", "meta-label")], &format!("{}：", labels.actors));
                x.text(&ev.actors.join("、"));
            }
            if !ev.source_notes.is_empty() {
                if !ev.actors.is_empty() {
                    x.text("　");
                }
                x.leaf("span", &[("class", "meta-label")], &format!("{}：", labels.sources));
                for n in &ev.source_notes {
                    self.noteref(x, *n);
                }
            }
            x.close("p");
            x.newline();
        }
        for p in &ev.body {
            self.paragraph(x, p, None);
        }
        for q in &ev.quotes {
            self.page_break(x, &q.mark);
            x.open("figure", &[("class", "quotation"), ("id", &q.mark)]);
            x.open("blockquote", &[]);
            x.open("p", &[]);
            self.inline(x, &q.content);
            x.close("p");
            x.close("blockquote");
            x.open("figcaption", &[]);
            x.text(&format!("── {}", q.attribution));
            self.noteref(x, q.note);
            x.close("figcaption");
            x.close("figure");
            x.newline();
        }
        if !ev.analysis.is_empty() {
            self.analysis_block(x, &ev.analysis);
        }
        if !ev.see.is_empty() {
            x.open("p", &[("class", "see-also")]);
            x.leaf("span", &[("class", "meta-label")], &format!("{}：", labels.see_also));
            for (i, s) in ev.see.iter().enumerate() {
                if i > 0 {
                    x.text("、");
                }
                x.leaf("a", &[("href", &self.locate.href(&s.anchor, &self.file))], &s.label);
            }
            x.close("p");
            x.newline();
        }
        x.close("section");
        x.newline();
    }

    /// Editorial analysis, visibly apart from the reported facts.
    fn analysis_block(&mut self, x: &mut Xml, body: &[Paragraph]) {
        let labels = &self.doc.labels;
        x.open("div", &[("class", "analysis"), ("role", "note"), ("aria-label", &labels.analysis)]);
        x.open("p", &[("class", "analysis-label")]);
        x.leaf("strong", &[], &labels.analysis);
        x.text("　");
        x.text(&labels.analysis_note);
        x.close("p");
        for p in body {
            self.paragraph(x, p, None);
        }
        x.close("div");
        x.newline();
    }

    fn digest(&mut self, x: &mut Xml, dg: &Digest) {
        let labels = &self.doc.labels;
        self.page_break(x, &dg.anchor);
        let h = format!("{}-h", dg.anchor);
        x.open("section", &[("class", "digest"), ("id", &dg.anchor), ("aria-labelledby", &h)]);
        x.leaf("h2", &[("id", &h)], &dg.title);
        x.open("table", &[("class", "intervals")]);
        x.open("thead", &[]);
        x.open("tr", &[]);
        for head in [&labels.from, &labels.date, &labels.to, &labels.date, &labels.interval] {
            x.leaf("th", &[("scope", "col")], head);
        }
        x.close("tr");
        x.close("thead");
        x.open("tbody", &[]);
        for iv in &dg.intervals {
            x.open("tr", &[]);
            x.open("td", &[]);
            x.leaf("a", &[("href", &self.locate.href(&iv.from_anchor, &self.file))], &iv.from_label);
            x.close("td");
            x.leaf("td", &[], &iv.from_date);
            x.open("td", &[]);
            x.leaf("a", &[("href", &self.locate.href(&iv.to_anchor, &self.file))], &iv.to_label);
            x.close("td");
            x.leaf("td", &[], &iv.to_date);
            x.leaf("td", &[("class", "num")], &days(iv.days, &labels.days_unit));
            x.close("tr");
        }
        if let Some(total) = dg.total_days {
            x.open("tr", &[]);
            x.leaf("th", &[("scope", "row"), ("colspan", "4")], &labels.total);
            x.leaf("td", &[("class", "num")], &days(Some(total), &labels.days_unit));
            x.close("tr");
        }
        x.close("tbody");
        x.close("table");
        x.newline();
        if !dg.open_questions.is_empty() {
            x.leaf("h3", &[], &labels.open_questions);
            x.open("ol", &[("class", "open-questions")]);
            for q in &dg.open_questions {
                x.open("li", &[("id", &q.mark)]);
                self.page_break(x, &q.mark);
                self.inline(x, &q.content);
                x.close("li");
            }
            x.close("ol");
        }
        x.close("section");
        x.newline();
    }

    /// A back-matter document: its section (with EPUB and ARIA semantics when it has them),
    /// the page break where the PDF starts it, and its heading.
    fn backmatter(&mut self, id: &str, title: &str, semantics: Option<(&str, &str)>) -> Xml {
        let mut x = self.start_document(title, "backmatter");
        let heading = format!("{id}-h");
        let mut attrs = vec![("id", id), ("aria-labelledby", heading.as_str())];
        if let Some((epub_type, role)) = semantics {
            attrs.extend([("epub:type", epub_type), ("role", role)]);
        }
        x.open("section", &attrs);
        self.page_break(&mut x, id);
        x.leaf("h1", &[("id", &heading)], title);
        x
    }

    fn chronology(&mut self) -> Vec<u8> {
        let doc = self.doc;
        let labels = &doc.labels;
        let mut x = self.backmatter("chronology", &labels.chronology, None);
        x.open("table", &[("class", "chronology")]);
        x.open("thead", &[]);
        x.open("tr", &[]);
        for head in [&labels.date, &labels.event, &labels.chapter, &labels.days_since] {
            x.leaf("th", &[("scope", "col")], head);
        }
        x.close("tr");
        x.close("thead");
        x.open("tbody", &[]);
        for row in &doc.chronology {
            x.open("tr", &[]);
            // The date links to the event, as in the PDF (where a linked title would be missing
            // from Typst's first layout pass and move the pages after it).
            x.open("td", &[]);
            x.open("a", &[("href", &self.locate.href(&row.anchor, &self.file))]);
            x.leaf("time", &[("datetime", &row.date_iso)], &row.date_text);
            x.close("a");
            x.close("td");
            x.leaf("td", &[], &row.title);
            x.leaf("td", &[("class", "num")], &row.chapter_number.to_string());
            x.leaf("td", &[("class", "num")], &days(row.days_since_previous, &labels.days_unit));
            x.close("tr");
            x.newline();
        }
        x.close("tbody");
        x.close("table");
        x.close("section");
        Self::end_document(x)
    }

    fn bibliography(&mut self) -> Vec<u8> {
        let doc = self.doc;
        let labels = &doc.labels;
        let mut x = self.backmatter("bibliography", &labels.bibliography, Some(("bibliography", "doc-bibliography")));
        for group in &doc.bibliography {
            x.leaf("h2", &[("id", &group.anchor)], &group.label);
            x.open("ul", &[("class", "bibliography")]);
            for e in &group.entries {
                x.open("li", &[("id", &e.anchor)]);
                self.page_break(&mut x, &e.anchor);
                x.text(&e.display);
                if let Some(url) = &e.url {
                    x.empty("br", &[]);
                    x.leaf("a", &[("href", url), ("class", "url")], url);
                }
                if let Some(note) = &e.note {
                    x.empty("br", &[]);
                    x.leaf("span", &[("class", "bib-note")], note);
                }
                if !e.cited_by.is_empty() {
                    x.empty("br", &[]);
                    x.open("span", &[("class", "cited-by")]);
                    x.text(&format!("{} ", labels.cited_in_notes));
                    for (i, n) in e.cited_by.iter().enumerate() {
                        if i > 0 {
                            x.text(", ");
                        }
                        let note = doc.note(*n);
                        let href = note
                            .map(|note| format!("{}#{}", chapter_file(note.chapter), note.ref_anchor))
                            .unwrap_or_default();
                        x.leaf("a", &[("href", &href)], &n.to_string());
                    }
                    x.close("span");
                }
                x.close("li");
                x.newline();
            }
            x.close("ul");
        }
        x.close("section");
        Self::end_document(x)
    }

    fn colophon(&mut self) -> Vec<u8> {
        let doc = self.doc;
        let labels = &doc.labels;
        let meta = &doc.meta;
        let mut x = self.backmatter("colophon", &labels.colophon, Some(("colophon", "doc-colophon")));
        x.leaf("p", &[("class", "colophon-title")], &meta.title);
        if let Some(s) = &meta.subtitle {
            x.leaf("p", &[("class", "colophon-subtitle")], s);
        }
        x.open("dl", &[("class", "colophon")]);
        let mut rows = vec![
            (&labels.published, meta.date_text.clone()),
            (&labels.version, meta.version.clone()),
            (&labels.authors, meta.authors.join("、")),
            (&labels.publisher, meta.publisher.clone()),
            (&labels.identifier, meta.identifier.clone()),
        ];
        if let Some(r) = &meta.rights {
            rows.push((&labels.rights, r.clone()));
        }
        rows.push((&labels.fonts, meta.font_notice.clone()));
        rows.push((&labels.pdf_edition, format!("{}.pdf", meta.id)));
        for (k, v) in rows {
            x.leaf("dt", &[], k);
            x.leaf("dd", &[], &v);
        }
        x.close("dl");
        x.close("section");
        Self::end_document(x)
    }
}

/// An XHTML content document up to the end of its head: doctype, `html` with the language (and
/// the writing-mode class), title and stylesheet.
fn open_xhtml(lang: &str, class: Option<&str>, title: &str) -> Xml {
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

fn days(days: Option<i64>, unit: &str) -> String {
    match days {
        Some(d) => format!("{d}{unit}"),
        None => "—".into(),
    }
}

fn nav_document(
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
    x.open("nav", &[("epub:type", "toc"), ("role", "doc-toc"), ("id", "toc")]);
    x.leaf("h1", &[], &labels.contents);
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
    x.open("nav", &[("epub:type", "landmarks"), ("id", "landmarks"), ("hidden", "hidden")]);
    x.leaf("h2", &[], "Landmarks");
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
    x.open("nav", &[("epub:type", "page-list"), ("id", "page-list"), ("hidden", "hidden")]);
    x.leaf("h2", &[], &format!("{}（{}）", labels.page, labels.pdf_edition));
    x.open("ol", &[]);
    for (page, file, id) in page_list {
        x.open("li", &[]);
        x.leaf("a", &[("href", &format!("{file}#{id}"))], &page.to_string());
        x.close("li");
    }
    x.close("ol");
    x.close("nav");
    x.newline();
    x.close("body");
    x.close("html");
    x.finish()
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

fn ncx_document(doc: &Document, locate: &Locator, page_list: &[(usize, String, String)]) -> Vec<u8> {
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

fn package_document(doc: &Document, parts: &[Part]) -> Vec<u8> {
    let meta = &doc.meta;
    let mut x = Xml::new();
    let dir = "ltr";
    x.open(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", "pub-id"),
            ("xml:lang", &meta.language),
            ("dir", dir),
        ],
    );
    x.newline();
    x.open("metadata", &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")]);
    x.newline();
    x.leaf("dc:identifier", &[("id", "pub-id")], &meta.identifier);
    x.leaf("dc:title", &[("id", "title")], &meta.title);
    x.leaf("dc:language", &[], &meta.language);
    for (i, author) in meta.authors.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        x.leaf("dc:creator", &[("id", &id)], author);
        x.leaf("meta", &[("refines", &format!("#{id}")), ("property", "role"), ("scheme", "marc:relators")], "edt");
    }
    x.leaf("dc:publisher", &[], &meta.publisher);
    x.leaf("dc:date", &[], &meta.date_iso);
    if let Some(r) = &meta.rights {
        x.leaf("dc:rights", &[], r);
    }
    if let Some(d) = &meta.description {
        x.leaf("dc:description", &[], d);
    }
    x.leaf("meta", &[("property", "dcterms:modified")], &meta.modified);
    x.leaf("meta", &[("property", "pageBreakSource")], &format!("{}:pdf", meta.identifier));
    x.newline();
    // EPUB Accessibility 1.1, derived from what the book contains: text only, no images,
    // no media; navigation by toc, headings and print page numbers.
    for (property, value) in [
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "printPageNumbers"),
        ("schema:accessibilityFeature", "pageNavigation"),
        (
            "schema:accessibilityFeature",
            if meta.language == "ja" { "rubyAnnotations" } else { "displayTransformability" },
        ),
        ("schema:accessibilityHazard", "none"),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
    ] {
        x.leaf("meta", &[("property", property)], value);
    }
    let summary = if meta.language == "ja" {
        format!(
            "テキストのみで構成された報告書です。目次、見出しによる構造、注の相互リンク、年表と参考資料の表を備え、印刷版（{}.pdf）のページ番号に移動できます。画像・音声・動画は含みません。",
            meta.id
        )
    } else {
        format!(
            "A text-only report with a table of contents, structured headings, linked notes, a chronology and bibliography as tables, and page navigation matching the printed edition ({}.pdf). No images, audio or video.",
            meta.id
        )
    };
    x.leaf("meta", &[("property", "schema:accessibilitySummary")], &summary);
    x.newline();
    x.close("metadata");
    x.newline();
    x.open("manifest", &[]);
    x.newline();
    x.empty(
        "item",
        &[("id", "nav"), ("href", "nav.xhtml"), ("media-type", "application/xhtml+xml"), ("properties", "nav")],
    );
    x.empty("item", &[("id", "ncx"), ("href", "toc.ncx"), ("media-type", "application/x-dtbncx+xml")]);
    x.empty("item", &[("id", "css"), ("href", "book.css"), ("media-type", "text/css")]);
    for part in parts {
        let id = part.file.trim_end_matches(".xhtml");
        x.empty("item", &[("id", id), ("href", &part.file), ("media-type", "application/xhtml+xml")]);
        x.newline();
    }
    x.close("manifest");
    x.newline();
    let progression = if meta.writing_mode == WritingMode::Vertical { "rtl" } else { "ltr" };
    x.open("spine", &[("toc", "ncx"), ("page-progression-direction", progression)]);
    x.newline();
    x.empty("itemref", &[("idref", "cover")]);
    x.empty("itemref", &[("idref", "nav")]);
    for part in parts.iter().skip(1) {
        x.empty("itemref", &[("idref", part.file.trim_end_matches(".xhtml"))]);
        x.newline();
    }
    x.close("spine");
    x.newline();
    x.close("package");
    x.finish()
}

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

/// The OCF zip: `mimetype` first and stored, then a fixed order, fixed timestamps.
fn package(doc: &Document, opf: &[u8], nav: &[u8], ncx: &[u8], css: &str, parts: &[Part]) -> Vec<u8> {
    let m = &doc.meta.modified;
    let n = |r: std::ops::Range<usize>| m.get(r).and_then(|s| s.parse::<u16>().ok()).unwrap_or(0);
    // Zip timestamps cannot go below 1980.
    let time = DateTime::from_date_and_time(
        n(0..4).max(1980),
        n(5..7).max(1) as u8,
        n(8..10).max(1) as u8,
        n(11..13) as u8,
        n(14..16) as u8,
        n(17..19) as u8,
    )
    .unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let mut add = |name: &str, bytes: &[u8], options: SimpleFileOptions| {
        zip.start_file(name, options).expect("zip in memory");
        zip.write_all(bytes).expect("zip in memory");
    };
    add("mimetype", b"application/epub+zip", stored);
    add("META-INF/container.xml", CONTAINER.as_bytes(), deflated);
    add("EPUB/package.opf", opf, deflated);
    add("EPUB/nav.xhtml", nav, deflated);
    add("EPUB/toc.ncx", ncx, deflated);
    add("EPUB/book.css", css.as_bytes(), deflated);
    for part in parts {
        add(&format!("EPUB/{}", part.file), &part.body, deflated);
    }
    zip.finish().expect("zip in memory").into_inner()
}
