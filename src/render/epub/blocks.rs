//! Body blocks in XHTML: paragraphs, `<ul>`/`<ol>` lists, `<figure>` with `<img alt>` and
//! `<figcaption>`, `<table>` with `<caption>` and `<th scope="col">`; and the list of figures
//! and tables (front matter). Every label, number and separator comes from the document.

use super::content::Ctx;
use crate::document::*;
use crate::render::xhtml::Xml;

/// The file of the list of figures and tables.
pub(super) const FIGURE_LIST_FILE: &str = "figures.xhtml";

/// Every figure and table anchor with the index of the chapter holding it.
pub(super) fn block_anchors(doc: &Document) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, ch) in doc.chapters.iter().enumerate() {
        let bodies = ch
            .events
            .iter()
            .flat_map(|ev| [&ev.body, &ev.analysis])
            .chain(ch.analysis.iter().map(|an| &an.body))
            .chain(ch.digest.iter().map(|dg| &dg.body));
        for block in bodies.flatten() {
            if matches!(block, Block::Figure(_) | Block::Table(_)) {
                out.push((block.mark().to_string(), i));
            }
        }
    }
    out
}

fn align_class(align: Align) -> &'static str {
    match align {
        Align::Left => "align-left",
        Align::Center => "align-center",
        Align::Right => "align-right",
    }
}

impl Ctx<'_> {
    pub(super) fn blocks(&mut self, x: &mut Xml, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(p) => self.paragraph(x, p, None),
                Block::List(list) => self.list(x, list),
                Block::Figure(figure) => self.figure(x, figure),
                Block::Table(table) => self.table(x, table),
            }
        }
    }

    fn list(&mut self, x: &mut Xml, list: &List) {
        self.page_break(x, &list.mark);
        let tag = if list.numbered { "ol" } else { "ul" };
        x.open(tag, &[("id", &list.mark), ("class", "list")]);
        for item in &list.items {
            x.open("li", &[("id", &item.mark)]);
            self.page_break(x, &item.mark);
            self.inline(x, &item.content);
            x.close("li");
        }
        x.close(tag);
        x.newline();
    }

    /// The label, the caption and the note mark, as figure and table captions show them.
    fn caption(&self, x: &mut Xml, label: &str, class: &str, caption: &[Inline], note: Option<u32>) {
        x.leaf("span", &[("class", class)], label);
        if !caption.is_empty() {
            x.text(&self.doc.punctuation.heading_gap);
            self.inline(x, caption);
        }
        if let Some(n) = note {
            self.noteref(x, n, false);
        }
    }

    fn figure(&mut self, x: &mut Xml, f: &Figure) {
        self.page_break(x, &f.anchor);
        x.open("figure", &[("id", &f.anchor), ("class", "figure")]);
        let style = f.width_percent.map(|w| format!("width: {w}%"));
        let mut attrs = vec![("src", f.href.as_str()), ("alt", f.alt.as_str())];
        if let Some(style) = &style {
            attrs.push(("style", style));
        }
        x.empty("img", &attrs);
        x.open("figcaption", &[]);
        self.caption(x, &f.label, "figure-label", &f.caption, f.note);
        x.close("figcaption");
        x.close("figure");
        x.newline();
    }

    fn table(&mut self, x: &mut Xml, t: &Table) {
        self.page_break(x, &t.anchor);
        x.open("table", &[("id", &t.anchor), ("class", "data")]);
        x.open("caption", &[]);
        self.caption(x, &t.label, "table-label", &t.caption, t.note);
        x.close("caption");
        x.open("thead", &[]);
        x.open("tr", &[]);
        for (i, head) in t.header.iter().enumerate() {
            let class = align_class(t.align.get(i).copied().unwrap_or(Align::Left));
            x.open("th", &[("scope", "col"), ("class", class)]);
            self.inline(x, head);
            x.close("th");
        }
        x.close("tr");
        x.close("thead");
        x.open("tbody", &[]);
        for row in &t.rows {
            x.open("tr", &[]);
            for (i, cell) in row.iter().enumerate() {
                let class = align_class(t.align.get(i).copied().unwrap_or(Align::Left));
                x.open("td", &[("class", class)]);
                self.inline(x, cell);
                x.close("td");
            }
            x.close("tr");
            x.newline();
        }
        x.close("tbody");
        x.close("table");
        x.newline();
        if !t.notes.is_empty() {
            x.open("div", &[("class", "table-notes")]);
            for p in &t.notes {
                self.paragraph(x, p, None);
            }
            x.close("div");
            x.newline();
        }
    }

    /// The list of figures and tables (front matter, after the navigation document).
    pub(super) fn figure_list(&mut self, list: &FigureList) -> Vec<u8> {
        let mut x = self.start_document(&list.figures_heading, "frontmatter");
        let heading = format!("{}-h", list.anchor);
        x.open("section", &[("id", &list.anchor), ("epub:type", "loi"), ("aria-labelledby", &heading)]);
        self.page_break(&mut x, &list.anchor);
        x.leaf("h1", &[("id", &heading)], &list.figures_heading);
        self.figure_list_entries(&mut x, &list.figures);
        x.close("section");
        if !list.tables.is_empty() {
            let id = format!("{}-tables", list.anchor);
            let heading = format!("{id}-h");
            x.open("section", &[("id", &id), ("epub:type", "lot"), ("aria-labelledby", &heading)]);
            x.leaf("h2", &[("id", &heading)], &list.tables_heading);
            self.figure_list_entries(&mut x, &list.tables);
            x.close("section");
        }
        Self::end_document(x)
    }

    fn figure_list_entries(&self, x: &mut Xml, entries: &[FigureListEntry]) {
        if entries.is_empty() {
            return;
        }
        x.open("ol", &[("class", "figure-list")]);
        for e in entries {
            x.open("li", &[]);
            x.leaf("a", &[("href", &self.locate.href(&e.anchor, &self.file))], &e.title);
            x.close("li");
        }
        x.close("ol");
        x.newline();
    }
}
