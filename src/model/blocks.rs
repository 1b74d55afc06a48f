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
    List {
        /// The items of a bulleted list, one string each (inline Markdown subset), e.g.
        /// `["the admin page", "the call routing table"]`.
        list: Vec<String>,
    },
    /// A numbered list: one string per item.
    Numbered {
        /// The items of a numbered list, one string each (inline Markdown subset), e.g.
        /// `["Closed the admin port.", "Changed every password."]`.
        numbered: Vec<String>,
    },
    /// The place of the figure with this id (defined in `[[event.figure]]`).
    Figure {
        /// Id of a figure defined in this event's `[[event.figure]]` (or this section's
        /// `[[analysis.figure]]`), placed here, e.g. `"admin-page"`.
        figure: String,
    },
    /// The place of the table with this id (defined in `[[event.table]]`).
    Table {
        /// Id of a table defined in this event's `[[event.table]]` (or this section's
        /// `[[analysis.table]]`), placed here, e.g. `"bills"`.
        table: String,
    },
}

// The schema of the bodies that hold paragraphs and lists only (an event's `analysis`, a
// digest's `body`); the loader reads them as `Block` and refuses a figure placed there.
/// One entry of a body of paragraphs and lists: a paragraph (a string), `{ list = […] }` or
/// `{ numbered = […] }`.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub(crate) enum TextBlock {
    /// A paragraph (inline Markdown subset).
    Paragraph(String),
    /// A bulleted list: one string per item (inline Markdown subset).
    List {
        /// The items of a bulleted list, one string each (inline Markdown subset), e.g.
        /// `["who read the routing table", "when the page was first opened"]`.
        list: Vec<String>,
    },
    /// A numbered list: one string per item.
    Numbered {
        /// The items of a numbered list, one string each (inline Markdown subset), e.g.
        /// `["The carrier reported the calls.", "The vendor blocked 010."]`.
        numbered: Vec<String>,
    },
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
    /// Unique id (shared with events and tables) for cross references, `[](#id)` printing
    /// `Figure 3` / `図3`, and for placement, `{ figure = "id" }` in a body; e.g. `"admin-page"`.
    pub id: Text,
    /// The image file, from the project folder: PNG, JPEG, GIF, WebP or SVG, at most 50 MB and
    /// 100 megapixels, e.g. `"report/figures/admin.png"`.
    pub file: Text,
    /// Required alternative text: what the image shows, for readers who cannot see it, e.g.
    /// `"The exchange's login form, reachable from the internet."`.
    pub alt: Text,
    /// Optional caption under the figure (inline Markdown subset), after its number, e.g.
    /// `"The admin page as found"`.
    pub caption: Option<Text>,
    /// Optional id of the source the image comes from (its credit, printed as a note, as for
    /// a quotation), e.g. `"recomm-2015-06-25"`.
    pub source: Option<Text>,
    /// Optional place in the source the credit names, e.g. `"p. 2"` or `"朝刊1面"`.
    pub locator: Option<Text>,
    /// Optional width as a share of the text width, e.g. `"60%"` (default: the image's own
    /// width, at most the text width).
    pub width: Option<Text>,
}

/// Horizontal alignment of a table column: `left`, `center` or `right`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Flush to the start of the cell (the default).
    Left,
    /// Centred in the cell.
    Center,
    /// Flush to the end of the cell: numbers and amounts.
    Right,
}

/// `[[event.table]]`: a table written in TOML.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Unique id (shared with events and figures) for cross references, `[](#id)` printing
    /// `Table 2` / `表2`, and for placement, `{ table = "id" }` in a body; e.g. `"bills"`.
    pub id: Text,
    /// Caption above the table (inline Markdown subset), after its number, e.g.
    /// `"Bills customers received"`.
    pub caption: Text,
    /// The column heads, one string per column (inline Markdown subset), e.g.
    /// `["Customer", "Period", "Amount"]`.
    pub header: Spanned<Vec<Text>>,
    /// The rows, each a list with one cell per column (inline Markdown subset; `""` for an
    /// empty cell), e.g. `[["A", "March", "£1,200"]]`.
    pub rows: Vec<Spanned<Vec<Text>>>,
    /// Optional alignment of each column, one per column (default `left`), e.g.
    /// `["left", "center", "right"]`.
    pub align: Option<Spanned<Vec<Align>>>,
    /// Optional id of the source of the table's data, printed as a note after the caption,
    /// e.g. `"soumu-2015-07-07"`.
    pub source: Option<Text>,
    /// Optional place in that source, e.g. `"p. 3"` or `"別紙1"`.
    pub locator: Option<Text>,
    /// Optional notes printed under the table, one string per paragraph (inline Markdown
    /// subset), e.g. `["Counts from the carrier's records."]`.
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
