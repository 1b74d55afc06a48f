//! The content documents: cover, one per chapter (with its notes as EPUB footnotes),
//! chronology, bibliography and colophon, each with page-break markers where the PDF's pages
//! start.

use std::collections::HashMap;

use super::{Locator, open_xhtml};
use crate::document::*;
use crate::model::WritingMode;
use crate::render::xhtml::Xml;

pub(super) struct Ctx<'a> {
    pub doc: &'a Document,
    pub locate: &'a Locator,
    pub breaks: &'a HashMap<String, usize>,
    pub file: String,
    /// (page, file, id) of every page-break marker written.
    pub page_list: Vec<(usize, String, String)>,
}

impl Ctx<'_> {
    pub(super) fn start_document(&self, title: &str, body_type: &str) -> Xml {
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

    pub(super) fn end_document(mut x: Xml) -> Vec<u8> {
        x.close("body");
        x.newline();
        x.close("html");
        x.finish()
    }

    /// A page-break marker before the element with this anchor, when a PDF page starts there.
    pub(super) fn page_break(&mut self, x: &mut Xml, anchor: &str) {
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

    pub(super) fn inline(&self, x: &mut Xml, nodes: &[Inline]) {
        for (i, node) in nodes.iter().enumerate() {
            if let (Inline::Note { .. }, Some(Inline::Note { .. })) = (node, i.checked_sub(1).map(|p| &nodes[p])) {
                self.note_separator(x);
            }
            match node {
                Inline::Text { text } => x.text(text),
                Inline::Emph { children } => {
                    x.open("em", &[]);
                    self.inline(x, children);
                    x.close("em");
                }
                Inline::Strong { children } => {
                    x.open("strong", &[]);
                    self.inline(x, children);
                    x.close("strong");
                }
                Inline::Code { text } => x.leaf("code", &[], text),
                Inline::Link { url, children } => {
                    x.open("a", &[("href", url)]);
                    self.inline(x, children);
                    x.close("a");
                }
                Inline::Ref { anchor, children } => {
                    x.open("a", &[("href", &self.locate.href(anchor, &self.file))]);
                    self.inline(x, children);
                    x.close("a");
                }
                Inline::Ruby { base, reading } => {
                    let punctuation = &self.doc.punctuation;
                    x.open("ruby", &[]);
                    x.text(base);
                    x.leaf("rp", &[], &punctuation.ruby_open);
                    x.leaf("rt", &[], reading);
                    x.leaf("rp", &[], &punctuation.ruby_close);
                    x.close("ruby");
                }
                Inline::Note { number, again } => self.noteref(x, *number, *again),
            }
        }
    }

    /// A note reference; the first reference to a note carries the id its backlink targets.
    pub(super) fn noteref(&self, x: &mut Xml, n: u32, again: bool) {
        let Some(note) = self.doc.note(n) else { return };
        let href = format!("#{}", note.anchor);
        let mut attrs = vec![("epub:type", "noteref"), ("role", "doc-noteref")];
        if !again {
            attrs.push(("id", &note.ref_anchor));
        }
        attrs.extend([("href", href.as_str()), ("class", "noteref")]);
        x.leaf("a", &attrs, &n.to_string());
    }

    /// Between two adjacent note references, so that `5` `6` does not read as 56.
    fn note_separator(&self, x: &mut Xml) {
        x.leaf("span", &[("class", "note-separator")], &self.doc.punctuation.note_separator);
    }

    /// Note references in a row (a sources line), separated.
    fn noterefs(&self, x: &mut Xml, numbers: &[u32]) {
        for (i, n) in numbers.iter().enumerate() {
            if i > 0 {
                self.note_separator(x);
            }
            self.noteref(x, *n, false);
        }
    }

    pub(super) fn paragraph(&mut self, x: &mut Xml, p: &Paragraph, class: Option<&str>) {
        self.page_break(x, &p.mark);
        match class {
            Some(c) => x.open("p", &[("id", &p.mark), ("class", c)]),
            None => x.open("p", &[("id", &p.mark)]),
        }
        self.inline(x, &p.content);
        x.close("p");
        x.newline();
    }

    pub(super) fn cover(&mut self) -> Vec<u8> {
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
        x.leaf("p", &[("class", "cover-authors")], &doc.meta.authors_text);
        if let Some(description) = &doc.meta.description {
            x.leaf("p", &[("class", "cover-description")], description);
        }
        x.leaf("p", &[("class", "cover-date")], &doc.meta.version_line);
        x.leaf("p", &[("class", "cover-publisher")], &doc.meta.publisher);
        self.cover_marking(&mut x);
        x.close("section");
        Self::end_document(x)
    }

    pub(super) fn chapter(&mut self, index: usize, ch: &Chapter) -> Vec<u8> {
        let title = &ch.heading;
        let mut x = self.start_document(title, "bodymatter");
        let heading_id = format!("{}-h", ch.anchor);
        x.open(
            "section",
            &[("epub:type", "chapter"), ("role", "doc-chapter"), ("id", &ch.anchor), ("aria-labelledby", &heading_id)],
        );
        x.newline();
        self.page_break(&mut x, &ch.anchor);
        x.leaf("h1", &[("id", &heading_id)], title);
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
        self.notes_section(&mut x, index);
        Self::end_document(x)
    }

    /// The notes cited in one part (a chapter, the summary, the recommendations), as EPUB 3
    /// footnotes: readers show them as pop-ups, others as a list at the end with a link back.
    pub(super) fn notes_section(&self, x: &mut Xml, index: usize) {
        let doc = self.doc;
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
                self.inline(x, &note.content);
                x.close("p");
                x.close("aside");
                x.newline();
            }
            x.close("section");
            x.newline();
        }
    }

    fn event(&mut self, x: &mut Xml, ev: &Event) {
        let (labels, punctuation) = (&self.doc.labels, &self.doc.punctuation);
        self.page_break(x, &ev.anchor);
        let h = format!("{}-h", ev.anchor);
        x.open("section", &[("class", "event"), ("id", &ev.anchor), ("aria-labelledby", &h)]);
        x.newline();
        x.open("h2", &[("id", &h)]);
        x.leaf("time", &[("datetime", &ev.datetime), ("class", "date")], &ev.date_text);
        x.text(&punctuation.heading_gap);
        x.text(&ev.title);
        x.close("h2");
        x.newline();
        if !ev.actors.is_empty() || !ev.source_notes.is_empty() {
            x.open("p", &[("class", "event-meta")]);
            if !ev.actors.is_empty() {
                x.open("span", &[("class", "meta-item")]);
                x.leaf("span", &[("class", "meta-label")], &format!("{}{}", labels.actors, punctuation.label_end));
                x.text(&ev.actors_text);
                x.close("span");
            }
            if !ev.source_notes.is_empty() {
                x.open("span", &[("class", "meta-item")]);
                x.leaf("span", &[("class", "meta-label")], &format!("{}{}", labels.sources, punctuation.label_end));
                self.noterefs(x, &ev.source_notes);
                x.close("span");
            }
            x.close("p");
            x.newline();
        }
        self.blocks(x, &ev.body);
        for q in &ev.quotes {
            self.page_break(x, &q.mark);
            x.open("figure", &[("class", "quotation"), ("id", &q.mark)]);
            x.open("blockquote", &[]);
            x.open("p", &[]);
            self.inline(x, &q.content);
            x.close("p");
            x.close("blockquote");
            x.open("figcaption", &[]);
            x.text(&q.attribution);
            self.noteref(x, q.note, false);
            x.close("figcaption");
            x.close("figure");
            x.newline();
        }
        if !ev.analysis.is_empty() {
            self.analysis_block(x, &ev.analysis);
        }
        if !ev.see.is_empty() {
            self.cross_refs(x, &labels.see_also, &ev.see);
        }
        if !ev.addressed_by.is_empty() {
            self.cross_refs(x, &self.doc.incident.labels.addressed_by, &ev.addressed_by);
        }
        x.close("section");
        x.newline();
    }

    /// Editorial analysis, visibly apart from the reported facts.
    fn analysis_block(&mut self, x: &mut Xml, body: &[Block]) {
        let labels = &self.doc.labels;
        x.open("div", &[("class", "analysis"), ("role", "note"), ("aria-label", &labels.analysis)]);
        x.open("p", &[("class", "analysis-label")]);
        x.leaf("strong", &[], &labels.analysis);
        x.leaf("span", &[("class", "analysis-note")], &labels.analysis_note);
        x.close("p");
        self.blocks(x, body);
        x.close("div");
        x.newline();
    }

    fn digest(&mut self, x: &mut Xml, dg: &Digest) {
        let labels = &self.doc.labels;
        self.page_break(x, &dg.anchor);
        let h = format!("{}-h", dg.anchor);
        x.open("section", &[("class", "digest"), ("id", &dg.anchor), ("aria-labelledby", &h)]);
        x.leaf("h2", &[("id", &h)], &dg.title);
        table_start(x, "intervals", [&labels.from, &labels.date, &labels.to, &labels.date, &labels.interval]);
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
            x.leaf("td", &[("class", "num")], &iv.days_text);
            x.close("tr");
        }
        if let Some(total) = &dg.total_text {
            x.open("tr", &[]);
            x.leaf("th", &[("scope", "row"), ("colspan", "4")], &labels.total);
            x.leaf("td", &[("class", "num")], total);
            x.close("tr");
        }
        x.close("tbody");
        x.close("table");
        x.newline();
        self.blocks(x, &dg.body);
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
    pub(super) fn backmatter(&mut self, id: &str, title: &str, semantics: Option<(&str, &str)>) -> Xml {
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

    pub(super) fn chronology(&mut self) -> Vec<u8> {
        let doc = self.doc;
        let labels = &doc.labels;
        let mut x = self.backmatter("chronology", &labels.chronology, None);
        if let Some(t) = &doc.timeline {
            self.timeline(&mut x, t);
        }
        x.open("div", &[("id", crate::render::anchors::CHRONOLOGY_TABLE)]);
        table_start(&mut x, "chronology", [&labels.date, &labels.event, &labels.chapter, &labels.days_since]);
        for row in &doc.chronology {
            x.open("tr", &[]);
            // The date links to the event, as in the PDF (where a linked title would be missing
            // from Typst's first layout pass and move the pages after it).
            x.open("td", &[]);
            x.open("a", &[("href", &self.locate.href(&row.anchor, &self.file))]);
            x.leaf("time", &[("datetime", &row.datetime)], &row.date_text);
            x.close("a");
            x.close("td");
            x.leaf("td", &[], &row.title);
            x.leaf("td", &[("class", "num")], &row.chapter_mark);
            x.leaf("td", &[("class", "num")], &row.days_text);
            x.close("tr");
            x.newline();
        }
        x.close("tbody");
        x.close("table");
        x.close("div");
        x.close("section");
        Self::end_document(x)
    }

    pub(super) fn bibliography(&mut self) -> Vec<u8> {
        let doc = self.doc;
        let labels = &doc.labels;
        let mut x = self.backmatter("bibliography", &labels.bibliography, Some(("bibliography", "doc-bibliography")));
        for group in &doc.bibliography {
            x.leaf("h2", &[("id", &group.anchor)], &group.label);
            x.open("ul", &[("class", "bibliography")]);
            for e in &group.entries {
                x.open("li", &[("id", &e.anchor)]);
                self.page_break(&mut x, &e.anchor);
                self.inline(&mut x, &e.content);
                if let Some(note) = &e.note {
                    x.empty("br", &[]);
                    x.leaf("span", &[("class", "bib-note")], note);
                }
                if !e.cited_by.is_empty() {
                    x.empty("br", &[]);
                    x.open("span", &[("class", "cited-by")]);
                    x.text(&format!("{}{}", labels.cited_in_notes, doc.punctuation.label_end));
                    for (i, n) in e.cited_by.iter().enumerate() {
                        if i > 0 {
                            x.text(&doc.punctuation.list);
                        }
                        let note = doc.note(*n);
                        let href = note
                            .map(|note| format!("{}#{}", self.note_file(note.chapter), note.ref_anchor))
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

    pub(super) fn colophon(&mut self) -> Vec<u8> {
        let doc = self.doc;
        let labels = &doc.labels;
        let meta = &doc.meta;
        let mut x = self.backmatter("colophon", &labels.colophon, Some(("colophon", "doc-colophon")));
        x.leaf("p", &[("class", "colophon-title")], &meta.title);
        if let Some(s) = &meta.subtitle {
            x.leaf("p", &[("class", "colophon-subtitle")], s);
        }
        x.open("dl", &[("class", "colophon")]);
        // The colophon's rows, then the print edition this e-book's page numbers refer to.
        let print_edition = (&labels.pdf_edition, &meta.pdf_file);
        for (label, value) in doc.colophon.iter().map(|row| (&row.label, &row.value)).chain([print_edition]) {
            x.leaf("dt", &[], label);
            x.leaf("dd", &[], value);
        }
        x.close("dl");
        self.revision_history(&mut x);
        x.close("section");
        Self::end_document(x)
    }
}

/// A table's start: the table with its class, a header row of column heads, and the body.
pub(super) fn table_start<const N: usize>(x: &mut Xml, class: &str, heads: [&String; N]) {
    x.open("table", &[("class", class)]);
    x.open("thead", &[]);
    x.open("tr", &[]);
    for head in heads {
        x.leaf("th", &[("scope", "col")], head);
    }
    x.close("tr");
    x.close("thead");
    x.open("tbody", &[]);
}
