//! The look-up documents of the EPUB: the glossary (`glossary.xhtml`, EPUB `glossary` /
//! `doc-glossary` as a definition list) and the index of actors (`actors.xhtml`, EPUB `index` /
//! `doc-index`), whose entries link to the events instead of printing page numbers.

use std::collections::HashMap;

use super::content::Ctx;
use crate::document::*;
use crate::render::xhtml::Xml;

pub(super) const GLOSSARY_FILE: &str = "glossary.xhtml";
pub(super) const ACTORS_FILE: &str = "actors.xhtml";

/// Registers the anchors of the look-up documents with the [`super::Locator`].
pub(super) fn locate(doc: &Document, files: &mut HashMap<String, String>) {
    if let Some(g) = &doc.glossary {
        files.insert(g.anchor.clone(), GLOSSARY_FILE.into());
        for e in &g.entries {
            files.insert(e.anchor.clone(), GLOSSARY_FILE.into());
        }
    }
    if let Some(t) = &doc.timeline {
        files.insert(t.anchor.clone(), "chronology.xhtml".into());
        files.insert(t.long_description_anchor.clone(), "chronology.xhtml".into());
    }
    if let Some(ix) = &doc.actor_index {
        files.insert(ix.anchor.clone(), ACTORS_FILE.into());
        for e in &ix.entries {
            files.insert(e.anchor.clone(), ACTORS_FILE.into());
        }
    }
}

impl Ctx<'_> {
    pub(super) fn glossary(&mut self, g: &Glossary) -> Vec<u8> {
        let punctuation = &self.doc.punctuation;
        let mut x = self.backmatter(&g.anchor, &g.heading, Some(("glossary", "doc-glossary")));
        x.open("dl", &[("class", "glossary")]);
        x.newline();
        for e in &g.entries {
            self.page_break(&mut x, &e.anchor);
            x.open("dt", &[("id", &e.anchor)]);
            x.open("dfn", &[]);
            match &e.reading {
                Some(reading) => {
                    x.open("ruby", &[]);
                    x.text(&e.term);
                    x.leaf("rp", &[], &punctuation.ruby_open);
                    x.leaf("rt", &[], reading);
                    x.leaf("rp", &[], &punctuation.ruby_close);
                    x.close("ruby");
                }
                None => x.text(&e.term),
            }
            x.close("dfn");
            if let Some(expansion) = &e.expansion_text {
                x.leaf("span", &[("class", "expansion")], expansion);
            }
            x.close("dt");
            x.open("dd", &[]);
            self.inline(&mut x, &e.definition);
            x.close("dd");
            x.newline();
        }
        x.close("dl");
        x.close("section");
        Self::end_document(x)
    }

    pub(super) fn actor_index(&mut self, ix: &ActorIndex) -> Vec<u8> {
        let mut x = self.backmatter(&ix.anchor, &ix.heading, Some(("index", "doc-index")));
        x.open("ul", &[("class", "actor-index")]);
        x.newline();
        for e in &ix.entries {
            self.page_break(&mut x, &e.anchor);
            x.open("li", &[("id", &e.anchor), ("class", "actor")]);
            x.leaf("span", &[("class", "actor-name")], &e.title);
            if let Some(role) = &e.role {
                x.leaf("span", &[("class", "actor-role")], role);
            }
            x.open("ul", &[]);
            for ev in &e.events {
                x.open("li", &[]);
                x.leaf("a", &[("href", &self.locate.href(&ev.anchor, &self.file))], &ev.label);
                x.close("li");
            }
            x.close("ul");
            x.close("li");
            x.newline();
        }
        x.close("ul");
        x.close("section");
        Self::end_document(x)
    }
}

/// A length of the timeline's geometry as an SVG attribute.
fn n(v: f64) -> String {
    format!("{:.1}", v)
}

impl Ctx<'_> {
    /// The timeline as an inline SVG figure: the same shapes and texts the PDF template draws
    /// from [`Timeline`], each mark and label a link to its event, the alternative text as the
    /// SVG's `aria-label` (a `title` element would put it in the text, before the lanes), the caption linking to the chronology table.
    pub(super) fn timeline(&mut self, x: &mut Xml, t: &Timeline) {
        self.page_break(x, &t.anchor);
        x.open("figure", &[("id", &t.anchor), ("class", "timeline")]);
        x.newline();
        let view_box = format!("0 0 {} {}", n(t.width), n(t.height));
        x.open(
            "svg",
            &[
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
                ("viewBox", &view_box),
                ("width", "100%"),
                ("role", "group"),
                ("aria-label", &t.alt),
                ("font-size", &n(t.font_size)),
            ],
        );
        x.newline();
        let baseline = |top: f64| n(top + 0.88 * t.font_size);
        for lane in &t.lanes {
            x.empty(
                "rect",
                &[
                    ("x", &n(lane.band_x0)),
                    ("y", &n(lane.y)),
                    ("width", &n(lane.band_x1 - lane.band_x0)),
                    ("height", &n(lane.height)),
                    ("rx", "1.5"),
                    ("fill", &lane.color),
                    ("fill-opacity", "0.14"),
                ],
            );
            x.leaf(
                "text",
                &[("x", &n(lane.label_x)), ("y", &baseline(lane.label_y)), ("fill", &lane.color), ("class", "lane")],
                &lane.label,
            );
            x.newline();
        }
        let line = |x: &mut Xml, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: &str| {
            x.empty(
                "line",
                &[
                    ("x1", &n(x1)),
                    ("y1", &n(y1)),
                    ("x2", &n(x2)),
                    ("y2", &n(y2)),
                    ("stroke", stroke),
                    ("stroke-width", width),
                ],
            );
        };
        line(x, t.axis_x0, t.axis_y, t.axis_x1, t.axis_y, "#3c3c3c", "0.7");
        for tick in &t.ticks {
            if tick.line {
                line(x, tick.x, t.axis_y, tick.x, t.axis_y + 3.0, "#3c3c3c", "0.5");
            }
            if !tick.text.is_empty() {
                x.leaf(
                    "text",
                    &[("x", &n(tick.text_x)), ("y", &baseline(t.axis_y + 4.0)), ("fill", "#323232")],
                    &tick.text,
                );
            }
        }
        for br in &t.breaks {
            x.empty(
                "rect",
                &[
                    ("x", &n(br.x - 4.0)),
                    ("y", &n(t.axis_y - 3.0)),
                    ("width", "8"),
                    ("height", "6"),
                    ("fill", "#ffffff"),
                ],
            );
            for off in [-2.0, 2.0] {
                line(x, br.x + off - 1.5, t.axis_y - 3.5, br.x + off + 1.5, t.axis_y + 3.5, "#3c3c3c", "0.6");
            }
        }
        x.newline();
        for m in &t.marks {
            let href = self.locate.href(&m.anchor, &self.file);
            x.open("a", &[("xlink:href", &href), ("class", "timeline-mark")]);
            line(x, m.x0, m.leader_y0, m.x0, m.leader_y1, "#969696", "0.35");
            if m.span {
                x.empty(
                    "rect",
                    &[
                        ("x", &n(m.x0)),
                        ("y", &n(m.y - 2.0)),
                        ("width", &n(m.x1 - m.x0)),
                        ("height", "4"),
                        ("rx", "2"),
                        ("fill", &m.color),
                    ],
                );
            } else {
                x.empty(
                    "circle",
                    &[
                        ("cx", &n(m.x0)),
                        ("cy", &n(m.y)),
                        ("r", "2.4"),
                        ("fill", &m.color),
                        ("stroke", "#ffffff"),
                        ("stroke-width", "0.5"),
                    ],
                );
            }
            x.open("text", &[("x", &n(m.label_x)), ("y", &baseline(m.label_y)), ("fill", "#000000")]);
            for (i, l) in m.lines.iter().enumerate() {
                let dy = if i == 0 { "0".to_string() } else { n(t.line_height) };
                x.leaf("tspan", &[("x", &n(m.label_x)), ("dy", &dy)], l);
            }
            x.close("text");
            x.close("a");
            x.newline();
        }
        x.close("svg");
        x.newline();
        x.open("figcaption", &[]);
        x.text(&t.caption);
        x.empty("br", &[]);
        x.leaf("a", &[("href", &format!("#{}", t.long_description_anchor))], &t.long_description);
        x.close("figcaption");
        x.close("figure");
        x.newline();
    }
}
