//! Body blocks: paragraphs, lists, figures and tables.
//!
//! Figures and tables are numbered once, before any text is resolved (so that `[](#id)` can
//! point forward), in reading order: chapter by chapter, each event's blocks, then the
//! chapter's analysis sections. A figure or table goes where its container's body names it
//! (`{ figure = "id" }`), or, when no entry names it, after the body in the order written
//! (figures, then tables); [`placement`] decides it for both the numbering and the layout.
//! Image files are found inside the project and checked by [`crate::images`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path};

use super::{Place, Resolver};
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::{self, Asset, Block, FigureList, FigureListEntry, Inline, List, Paragraph};
use crate::load::Loaded;
use crate::model::{self, Text};
use crate::project::Project;

/// A figure or a table as cross references see it.
pub(super) struct Numbered {
    pub anchor: String,
    pub label: String,
    pub file: FileId,
    pub span: Range<usize>,
}

/// What the resolve step knows about figures and tables.
#[derive(Default)]
pub(super) struct BlockIndex {
    pub project: Option<Project>,
    /// Figures and tables by id.
    pub numbered: HashMap<String, Numbered>,
    pub figures: usize,
    pub tables: usize,
    /// The image files, in figure order.
    pub assets: Vec<Asset>,
    /// (label, caption, anchor) of every figure and every table, in number order.
    pub figure_lines: Vec<(String, Vec<Inline>, String)>,
    pub table_lines: Vec<(String, Vec<Inline>, String)>,
}

/// A container of figures and tables: its bodies (in reading order), figures and tables.
type Container<'m> = (Vec<&'m [model::Block]>, &'m [model::Figure], &'m [model::Table]);

/// One figure or table of a container, by its index among the container's definitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Slot {
    Figure(usize),
    Table(usize),
}

/// Where each figure and table of a container goes: `placed[i]` is the slot the body's `i`-th
/// entry (counting across `bodies`) places, if any; `after` are those no entry names.
pub(super) fn placement(
    bodies: &[&[model::Block]],
    figures: &[model::Figure],
    tables: &[model::Table],
) -> (Vec<Option<Slot>>, Vec<Slot>) {
    let mut used = HashSet::new();
    let mut placed = Vec::new();
    for block in bodies.iter().flat_map(|b| b.iter()) {
        let slot = match block {
            model::Block::Figure(id) => figures.iter().position(|f| f.id.get_ref() == id.get_ref()).map(Slot::Figure),
            model::Block::Table(id) => tables.iter().position(|t| t.id.get_ref() == id.get_ref()).map(Slot::Table),
            _ => None,
        };
        placed.push(slot.filter(|s| used.insert(*s)));
    }
    let after = (0..figures.len())
        .map(Slot::Figure)
        .chain((0..tables.len()).map(Slot::Table))
        .filter(|s| !used.contains(s))
        .collect();
    (placed, after)
}

/// Slots in reading order.
fn reading_order(bodies: &[&[model::Block]], figures: &[model::Figure], tables: &[model::Table]) -> Vec<Slot> {
    let (placed, after) = placement(bodies, figures, tables);
    // Unplaced ones follow the first body (the event's facts), before a second (its analysis).
    let first_len = bodies.first().map(|b| b.len()).unwrap_or(0);
    let mut order: Vec<Slot> = placed[..first_len.min(placed.len())].iter().flatten().copied().collect();
    order.extend(after);
    order.extend(placed[first_len.min(placed.len())..].iter().flatten().copied());
    order
}

pub(super) fn figure_anchor(id: &str) -> String {
    format!("fig-{id}")
}

pub(super) fn table_anchor(id: &str) -> String {
    format!("tab-{id}")
}

impl Resolver<'_> {
    /// Numbers every figure and table and checks their ids (before any text refers to them).
    pub(super) fn collect_blocks(&mut self, loaded: &Loaded) {
        self.blocks.project = loaded.project.clone();
        for chapter in &loaded.chapters {
            let file = chapter.file;
            let mut containers: Vec<Container> = chapter
                .events
                .iter()
                .map(|e| (vec![e.body.as_slice()], e.figure.as_slice(), e.table.as_slice()))
                .collect();
            if let Some(head) = &chapter.head {
                containers.extend(
                    head.analysis.iter().map(|a| (vec![a.body.as_slice()], a.figure.as_slice(), a.table.as_slice())),
                );
            }
            for (bodies, figures, tables) in containers {
                for slot in reading_order(&bodies, figures, tables) {
                    let (id, anchor, label) = match slot {
                        Slot::Figure(i) => {
                            self.blocks.figures += 1;
                            let id = &figures[i].id;
                            (id, figure_anchor(id.get_ref()), self.locale.figure_label(self.blocks.figures))
                        }
                        Slot::Table(i) => {
                            self.blocks.tables += 1;
                            let id = &tables[i].id;
                            (id, table_anchor(id.get_ref()), self.locale.table_label(self.blocks.tables))
                        }
                    };
                    let what = if matches!(slot, Slot::Figure(_)) { "figure" } else { "table" };
                    self.check_id(file, id, what);
                    let key = id.get_ref().clone();
                    let clash = self
                        .blocks
                        .numbered
                        .get(&key)
                        .map(|n| (n.file, n.span.clone()))
                        .or_else(|| self.index.events.get(&key).map(|e| (e.file, e.span.clone())));
                    if let Some((ff, fs)) = clash {
                        self.diags.push(
                            Diagnostic::error("duplicate-id", format!("id `{key}` is used twice"))
                                .at(file, id.span())
                                .with_label("used again here")
                                .with_related(ff, fs, "first used here")
                                .with_help("figures, tables and events are referred to as #id: give each its own id"),
                        );
                        continue;
                    }
                    self.blocks.numbered.insert(key, Numbered { anchor, label, file, span: id.span() });
                }
            }
        }
    }

    /// A cross reference to a figure or table: `[](#id)` reads `Figure 3`, linked.
    pub(super) fn block_ref(&self, target: &str, children: &[Inline]) -> Option<Inline> {
        let n = self.blocks.numbered.get(target)?;
        let children = if Inline::plain(children).trim().is_empty() {
            vec![Inline::Text { text: n.label.clone() }]
        } else {
            children.to_vec()
        };
        Some(Inline::Ref { anchor: n.anchor.clone(), children })
    }

    /// The blocks of one body (paragraphs and lists only: digests and an event's analysis
    /// hold no figures of their own).
    pub(super) fn blocks(&mut self, at: Place, body: &[model::Block], prefix: &str) -> Vec<Block> {
        self.blocks_with(at, body, prefix, &[], &[], None, false)
    }

    /// The blocks of a body that may place figures and tables: `placed` is what [`placement`]
    /// decided for each entry; `after` (when `with_rest`) are added at the end.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn blocks_with(
        &mut self,
        at: Place,
        body: &[model::Block],
        prefix: &str,
        figures: &[model::Figure],
        tables: &[model::Table],
        placed: Option<(&[Option<Slot>], &[Slot])>,
        with_rest: bool,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        for (i, block) in body.iter().enumerate() {
            let mark = format!("{prefix}{}", i + 1);
            match block {
                model::Block::Paragraph(text) => out.push(Block::Paragraph(self.paragraph(at, text, mark))),
                model::Block::List(items) | model::Block::Numbered(items) => {
                    if items.get_ref().is_empty() {
                        self.diags.push(
                            Diagnostic::error("empty-text", "the list is empty")
                                .at(at.file, items.span())
                                .with_label("empty list")
                                .with_help("write one string per item, or remove the entry"),
                        );
                    }
                    let items = items
                        .get_ref()
                        .iter()
                        .enumerate()
                        .map(|(j, t)| {
                            self.non_empty(at.file, t, "list item");
                            self.paragraph(at, t, format!("{mark}-{}", j + 1))
                        })
                        .collect();
                    out.push(Block::List(List { mark, numbered: matches!(block, model::Block::Numbered(_)), items }));
                }
                model::Block::Figure(id) | model::Block::Table(id) => {
                    let slot = placed.and_then(|(p, _)| p.get(i).copied().flatten());
                    match slot {
                        Some(slot) => out.extend(self.slot(at, slot, figures, tables)),
                        None if placed.is_none() => self.not_here(at.file, block, id),
                        None => self.unplaceable(at.file, block, id, figures, tables),
                    }
                }
            }
        }
        if with_rest && let Some((_, after)) = placed {
            for slot in after {
                out.extend(self.slot(at, *slot, figures, tables));
            }
        }
        out
    }

    /// A figure or table named in a body of paragraphs and lists only (an event's analysis, a
    /// digest).
    fn not_here(&mut self, file: FileId, block: &model::Block, id: &Text) {
        let (what, code) = if matches!(block, model::Block::Figure(_)) {
            ("figure", "unknown-figure")
        } else {
            ("table", "unknown-table")
        };
        self.diags.push(
            Diagnostic::error(code, format!("a {what} cannot be placed here"))
                .at(file, id.span())
                .with_label("this body holds paragraphs and lists only")
                .with_help(format!(
                    "place {what}s in an event's `body` or an analysis section's `body`, where [[event.{what}]] or [[analysis.{what}]] defines them"
                )),
        );
    }

    fn unplaceable(
        &mut self,
        file: FileId,
        block: &model::Block,
        id: &Text,
        figures: &[model::Figure],
        tables: &[model::Table],
    ) {
        let (what, code, defined) = match block {
            model::Block::Figure(_) => {
                ("figure", "unknown-figure", figures.iter().any(|f| f.id.get_ref() == id.get_ref()))
            }
            _ => ("table", "unknown-table", tables.iter().any(|t| t.id.get_ref() == id.get_ref())),
        };
        let (message, label) = if defined {
            (format!("{what} `{}` is placed twice", id.get_ref()), "placed again here")
        } else {
            (format!("no {what} `{}` here", id.get_ref()), "not defined in this event or section")
        };
        self.diags.push(Diagnostic::error(code, message).at(file, id.span()).with_label(label).with_help(format!(
            "define it with [[event.{what}]] (or [[analysis.{what}]]) in the same event or section, and place it once"
        )));
    }

    fn slot(&mut self, at: Place, slot: Slot, figures: &[model::Figure], tables: &[model::Table]) -> Option<Block> {
        match slot {
            Slot::Figure(i) => self.figure(at, &figures[i]).map(Block::Figure),
            Slot::Table(i) => self.table(at, &tables[i]).map(Block::Table),
        }
    }

    fn figure(&mut self, at: Place, f: &model::Figure) -> Option<document::Figure> {
        let file = at.file;
        self.non_empty(file, &f.alt, "alt text");
        if let Some(c) = &f.caption {
            self.non_empty(file, c, "caption");
        }
        let caption = f.caption.as_ref().map(|c| self.inline(at, c)).unwrap_or_default();
        let locator = f.locator.as_ref().map(|l| l.get_ref().trim().to_string());
        let note = f.source.as_ref().and_then(|s| self.cite(at.chapter, file, s.get_ref(), locator, s.span()));
        let width_percent = f.width.as_ref().and_then(|w| self.width(file, w));
        let image = self.image(file, &f.file);
        let n = self.blocks.numbered.get(f.id.get_ref())?;
        let (anchor, label) = (n.anchor.clone(), n.label.clone());
        let (real_rel, checked) = image?;
        let href = format!("images/{anchor}.{}", checked.format.extension());
        let path = format!("/{real_rel}");
        self.blocks.assets.push(Asset {
            path: path.clone(),
            href: href.clone(),
            media_type: checked.format.media_type().into(),
            bytes: checked.bytes.clone(),
        });
        self.blocks.figure_lines.push((label.clone(), caption.clone(), anchor.clone()));
        Some(document::Figure {
            id: f.id.get_ref().clone(),
            anchor,
            number: self.blocks.figure_lines.len(),
            label,
            path,
            href,
            media_type: checked.format.media_type().into(),
            alt: self.plain(&f.alt),
            caption,
            note,
            width_percent,
            pixels: checked.pixels,
        })
    }

    /// `"60%"` → 60.
    fn width(&mut self, file: FileId, w: &Text) -> Option<u32> {
        let value = w.get_ref().trim();
        let n = value.strip_suffix('%').and_then(|n| n.trim().parse::<u32>().ok()).filter(|n| (1..=100).contains(n));
        if n.is_none() {
            self.diags.push(
                Diagnostic::error("bad-width", format!("`{value}` is not a width"))
                    .at(file, w.span())
                    .with_label("expected a percentage of the text width")
                    .with_help("write the width as a percentage from 1% to 100%, e.g. width = \"60%\""),
            );
        }
        n
    }

    /// Finds an image inside the project and checks it: (path from the project folder, image).
    fn image(&mut self, file: FileId, rel: &Text) -> Option<(String, crate::images::CheckedImage)> {
        let shown = rel.get_ref().trim();
        let project = self.blocks.project.clone()?;
        let error = |code: &'static str, message: String, label: &str, help: &str| {
            Diagnostic::error(code, message)
                .at(file, rel.span())
                .with_label(label.to_string())
                .with_help(help.to_string())
        };
        let escapes = Path::new(shown).components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        let on_disk = project.root.join(shown);
        if !escapes && !on_disk.exists() && !on_disk.is_symlink() {
            self.diags.push(error(
                "image-not-found",
                format!("image `{shown}` does not exist"),
                "no such file in the project",
                "write the path from the project folder, e.g. file = \"report/figures/network.png\"",
            ));
            return None;
        }
        let real = match project.resolve_relative(shown) {
            Ok(real) => real,
            Err(e) => {
                self.diags.push(error(
                    "sandbox",
                    format!("image `{shown}`: {e}"),
                    "outside the project folder",
                    "copy the image into the project (e.g. report/figures/) and write its path from the project folder",
                ));
                return None;
            }
        };
        match crate::images::check(&project.root, &real, shown) {
            Ok(image) => Some((project.display_path(&real), image)),
            Err(p) => {
                let label = match p.code {
                    "image-too-large" => "too large",
                    "image-corrupt" => "damaged image",
                    "svg-unsafe" => "unsafe SVG",
                    _ => "not a usable image",
                };
                self.diags.push(error(p.code, p.message, label, &p.help));
                None
            }
        }
    }

    fn table(&mut self, at: Place, t: &model::Table) -> Option<document::Table> {
        let file = at.file;
        self.non_empty(file, &t.caption, "caption");
        let caption = self.inline(at, &t.caption);
        let locator = t.locator.as_ref().map(|l| l.get_ref().trim().to_string());
        let note = t.source.as_ref().and_then(|s| self.cite(at.chapter, file, s.get_ref(), locator, s.span()));
        let columns = t.header.get_ref().len();
        if columns == 0 {
            self.diags.push(
                Diagnostic::error("table-shape", "the table has no columns")
                    .at(file, t.header.span())
                    .with_label("empty header")
                    .with_help("name each column in header = [\"…\", \"…\"]"),
            );
        }
        let header: Vec<Vec<Inline>> = t
            .header
            .get_ref()
            .iter()
            .map(|h| {
                self.non_empty(file, h, "column head");
                self.inline(at, h)
            })
            .collect();
        let mut rows = Vec::new();
        for row in &t.rows {
            if row.get_ref().len() != columns {
                self.diags.push(
                    Diagnostic::error(
                        "table-shape",
                        format!("this row has {} of the header's {columns} cells", row.get_ref().len()),
                    )
                    .at(file, row.span())
                    .with_label(format!("expected {columns} cells"))
                    .with_help("give every row one cell per column (an empty cell is \"\")"),
                );
            }
            rows.push(row.get_ref().iter().map(|c| self.inline(at, c)).collect::<Vec<_>>());
        }
        let align = match &t.align {
            Some(a) if a.get_ref().len() != columns => {
                self.diags.push(
                    Diagnostic::error("table-shape", format!("{} alignments for {columns} columns", a.get_ref().len()))
                        .at(file, a.span())
                        .with_label(format!("expected {columns}"))
                        .with_help("give one alignment (left, center, right) per column"),
                );
                vec![model::Align::Left; columns]
            }
            Some(a) => a.get_ref().clone(),
            None => vec![model::Align::Left; columns],
        };
        let n = self.blocks.numbered.get(t.id.get_ref())?;
        let (anchor, label) = (n.anchor.clone(), n.label.clone());
        let notes = t
            .notes
            .iter()
            .enumerate()
            .map(|(i, text)| self.paragraph(at, text, format!("{anchor}-n{}", i + 1)))
            .collect::<Vec<Paragraph>>();
        self.blocks.table_lines.push((label.clone(), caption.clone(), anchor.clone()));
        Some(document::Table {
            id: t.id.get_ref().clone(),
            anchor,
            number: self.blocks.table_lines.len(),
            label,
            caption,
            note,
            align,
            header,
            rows,
            notes,
        })
    }

    /// The list of figures and tables, when the report asks for it.
    pub(super) fn figure_list(&self, wanted: bool) -> Option<FigureList> {
        if !wanted || (self.blocks.figure_lines.is_empty() && self.blocks.table_lines.is_empty()) {
            return None;
        }
        let words = self.locale.words();
        let line = |(label, caption, anchor): &(String, Vec<Inline>, String)| {
            let caption = Inline::plain(caption);
            FigureListEntry {
                anchor: anchor.clone(),
                title: if caption.trim().is_empty() {
                    label.clone()
                } else {
                    self.locale.heading(label, caption.trim())
                },
            }
        };
        Some(FigureList {
            anchor: "list-of-figures".into(),
            figures_heading: words.list_of_figures,
            tables_heading: words.list_of_tables,
            figures: self.blocks.figure_lines.iter().map(line).collect(),
            tables: self.blocks.table_lines.iter().map(line).collect(),
        })
    }
}
