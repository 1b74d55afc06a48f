//! Body blocks as written: a `body` (and an event's `analysis`, an analysis section's `body`, a
//! digest's `body`) is a list whose entries are paragraphs (strings) or one-key tables — a
//! bulleted `{ list = […] }`, a `{ numbered = […] }` list, or the place of a figure or table
//! (`{ figure = "id" }`, `{ table = "id" }`) defined in `[[event.figure]]` /
//! `[[event.table]]` (or `[[analysis.figure]]`, `[[analysis.table]]`). Strings keep working as
//! they always did, and the blocks that have many fields (figures, tables) get tables of their
//! own, like `[[event.quote]]`.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use super::{Spanned, Text};

/// One entry of a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (a string, inline Markdown subset).
    Paragraph(Text),
    /// `{ list = ["…", "…"] }`: a bulleted list, one string per item.
    List(Spanned<Vec<Text>>),
    /// `{ numbered = ["…", "…"] }`: a numbered list.
    Numbered(Spanned<Vec<Text>>),
    /// `{ figure = "id" }`: where the figure with this id goes.
    Figure(Text),
    /// `{ table = "id" }`: where the table with this id goes.
    Table(Text),
}

/// The keys a block table may have.
pub const BLOCK_KEYS: &[&str] = &["list", "numbered", "figure", "table"];

/// A block without its outer span (that comes from `toml::Spanned`).
enum RawBlock {
    Paragraph(String),
    List(Spanned<Vec<Text>>),
    Numbered(Spanned<Vec<Text>>),
    Figure(Text),
    Table(Text),
}

impl<'de> Deserialize<'de> for RawBlock {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawBlock;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a paragraph (a string) or a table such as { list = [\"…\"] }")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBlock, E> {
                Ok(RawBlock::Paragraph(v.to_string()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<RawBlock, E> {
                Ok(RawBlock::Paragraph(v))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawBlock, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::invalid_length(0, &"one of the keys list, numbered, figure, table"));
                };
                let block = match key.as_str() {
                    "list" => RawBlock::List(map.next_value()?),
                    "numbered" => RawBlock::Numbered(map.next_value()?),
                    "figure" => RawBlock::Figure(map.next_value()?),
                    "table" => RawBlock::Table(map.next_value()?),
                    other => return Err(de::Error::unknown_field(other, BLOCK_KEYS)),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "unknown field `{extra}`, expected one key only: a body entry is one block"
                    )));
                }
                Ok(block)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<RawBlock>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(match spanned.into_inner() {
            RawBlock::Paragraph(s) => Block::Paragraph(Spanned::new(span, s)),
            RawBlock::List(items) => Block::List(items),
            RawBlock::Numbered(items) => Block::Numbered(items),
            RawBlock::Figure(id) => Block::Figure(id),
            RawBlock::Table(id) => Block::Table(id),
        })
    }
}

// The schema of a block, for the JSON Schema only (the loader uses `Block`).
/// One entry of a body: a paragraph (a string), a list (`{ list = […] }`, `{ numbered = […] }`),
/// or the place of a figure or table (`{ figure = "id" }`, `{ table = "id" }`).
#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum BlockSchema {
    /// A paragraph (inline Markdown subset).
    Paragraph(String),
    /// A bulleted list: one string per item (inline Markdown subset).
    List { list: Vec<String> },
    /// A numbered list: one string per item.
    Numbered { numbered: Vec<String> },
    /// The place of the figure with this id (defined in `[[event.figure]]`).
    Figure { figure: String },
    /// The place of the table with this id (defined in `[[event.table]]`).
    Table { table: String },
}

impl JsonSchema for Block {
    fn schema_name() -> Cow<'static, str> {
        "Block".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = BlockSchema::json_schema(generator);
        // Each table form takes its one key and nothing else.
        if let Some(any) = schema.get_mut("anyOf").and_then(|a| a.as_array_mut()) {
            for s in any {
                if s.get("type").and_then(|t| t.as_str()) == Some("object")
                    && let Some(obj) = s.as_object_mut()
                {
                    obj.insert("additionalProperties".into(), false.into());
                }
            }
        }
        schema
    }
}

impl Block {
    /// Every printed text of the block (paragraph, list items; ids are not printed).
    pub fn texts(&self) -> Vec<&Text> {
        match self {
            Block::Paragraph(t) => vec![t],
            Block::List(items) | Block::Numbered(items) => items.get_ref().iter().collect(),
            Block::Figure(_) | Block::Table(_) => Vec::new(),
        }
    }
}

/// `[[event.figure]]`: an image file of the project with its alternative text.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Id for cross references (`[](#id)`) and placement (`{ figure = "id" }` in a body).
    pub id: Text,
    /// The image, relative to the project folder: PNG, JPEG, GIF, WebP or SVG
    /// (`report/figures/network.png`).
    pub file: Text,
    /// Alternative text: what the image shows, for readers who cannot see it (required).
    pub alt: Text,
    /// Caption under the figure (inline Markdown subset).
    pub caption: Option<Text>,
    /// Id of the source the image comes from: a note, as for quotations (the credit).
    pub source: Option<Text>,
    /// Where in the source (`p. 2`, `朝刊1面`).
    pub locator: Option<Text>,
    /// Width as a share of the text width: `"60%"` (default: the image's own width, at most
    /// the text width).
    pub width: Option<Text>,
}

/// Horizontal alignment of a table column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
}

/// `[[event.table]]`: a table written in TOML.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Id for cross references (`[](#id)`) and placement (`{ table = "id" }` in a body).
    pub id: Text,
    /// Caption above the table (inline Markdown subset).
    pub caption: Text,
    /// The column heads.
    pub header: Spanned<Vec<Text>>,
    /// The rows, each with one cell per column (inline Markdown subset).
    pub rows: Vec<Spanned<Vec<Text>>>,
    /// Alignment of each column: `left` (default), `center`, `right`.
    pub align: Option<Spanned<Vec<Align>>>,
    /// Id of the source of the table's data: a note after the caption.
    pub source: Option<Text>,
    /// Where in the source.
    pub locator: Option<Text>,
    /// Notes printed under the table.
    #[serde(default)]
    pub notes: Vec<Text>,
}

impl Figure {
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        [&self.alt].into_iter().chain(&self.caption).chain(&self.locator)
    }
}

impl Table {
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        [&self.caption]
            .into_iter()
            .chain(self.header.get_ref())
            .chain(self.rows.iter().flat_map(|r| r.get_ref()))
            .chain(&self.locator)
            .chain(&self.notes)
    }
}
