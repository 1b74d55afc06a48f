//! Resolved body blocks: paragraphs, lists, figures and tables, numbered and labelled by the
//! resolve step (`Figure 3` / `図3`, `Table 2` / `表2`), and the image files the outputs embed.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Inline, Paragraph};
pub use crate::model::Align;

/// One block of a body. `kind` names the block in the JSON the template reads.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Paragraph(Paragraph),
    List(List),
    Figure(Figure),
    Table(Table),
}

impl Block {
    /// The block's anchor (where the page map marks it).
    pub fn mark(&self) -> &str {
        match self {
            Block::Paragraph(p) => &p.mark,
            Block::List(l) => &l.mark,
            Block::Figure(f) => &f.anchor,
            Block::Table(t) => &t.anchor,
        }
    }

    /// The paragraphs and list items of the block (not captions or cells).
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        match self {
            Block::Paragraph(p) => vec![p],
            Block::List(l) => l.items.iter().collect(),
            Block::Figure(_) | Block::Table(_) => Vec::new(),
        }
    }

    /// Every inline run the block prints (paragraph, items, caption, cells, notes).
    pub fn inlines(&self) -> Vec<&[Inline]> {
        match self {
            Block::Paragraph(p) => vec![&p.content],
            Block::List(l) => l.items.iter().map(|p| p.content.as_slice()).collect(),
            Block::Figure(f) => vec![&f.caption],
            Block::Table(t) => std::iter::once(t.caption.as_slice())
                .chain(t.header.iter().map(Vec::as_slice))
                .chain(t.rows.iter().flatten().map(Vec::as_slice))
                .chain(t.notes.iter().map(|p| p.content.as_slice()))
                .collect(),
        }
    }

    /// Plain text of the block's paragraphs and items, joined by spaces (for tests and search).
    pub fn plain(&self) -> String {
        self.paragraphs().iter().map(|p| Inline::plain(&p.content)).collect::<Vec<_>>().join(" ")
    }
}

/// A bulleted or numbered list; each item is marked for the page map.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct List {
    pub mark: String,
    pub numbered: bool,
    pub items: Vec<Paragraph>,
}

/// A figure: an image with its alternative text, number and caption.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Figure {
    pub id: String,
    pub anchor: String,
    pub number: usize,
    /// `Figure 3` / `図3`: printed before the caption and used by cross references.
    pub label: String,
    /// The image as the template reads it: a path from the project folder (`/report/figures/a.png`).
    pub path: String,
    /// The image inside the EPUB (`images/fig-network.png`).
    pub href: String,
    pub media_type: String,
    /// The alternative text (required, never empty).
    pub alt: String,
    /// The caption (may be empty: the label is printed alone).
    pub caption: Vec<Inline>,
    /// The note citing the image's source (its credit).
    pub note: Option<u32>,
    /// Width as a percentage of the text width.
    pub width_percent: Option<u32>,
    /// The image's size in pixels (raster images).
    pub pixels: Option<(u32, u32)>,
}

/// A table: caption, column heads, rows of cells, alignment, source note and notes.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Table {
    pub id: String,
    pub anchor: String,
    pub number: usize,
    /// `Table 2` / `表2`.
    pub label: String,
    pub caption: Vec<Inline>,
    /// The note citing the table's source.
    pub note: Option<u32>,
    /// One alignment per column.
    pub align: Vec<Align>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    pub notes: Vec<Paragraph>,
}

/// The list of figures and tables (`[output] list_of_figures = true`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FigureList {
    /// `list-of-figures`: the anchor of the section (and its page mark).
    pub anchor: String,
    pub figures_heading: String,
    pub tables_heading: String,
    pub figures: Vec<FigureListEntry>,
    pub tables: Vec<FigureListEntry>,
}

/// One line of the list of figures or tables: the label and caption as one string.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FigureListEntry {
    pub anchor: String,
    /// `Figure 1: The admin page` / `図1　管理画面`.
    pub title: String,
}

/// An image file an output embeds: read and checked once by the resolve step, so both
/// outputs embed exactly the bytes that were checked.
#[derive(Clone)]
pub struct Asset {
    /// The path the template names (`/report/figures/a.png`).
    pub path: String,
    /// The path inside the EPUB (`images/fig-a.png`).
    pub href: String,
    pub media_type: String,
    pub bytes: Arc<[u8]>,
}

impl std::fmt::Debug for Asset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Asset")
            .field("path", &self.path)
            .field("href", &self.href)
            .field("media_type", &self.media_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}
