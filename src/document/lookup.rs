//! The look-up parts of the document: the glossary, the index of actors and the timeline
//! figure. Like the rest of the document, every string is composed by `resolve` in the
//! report's language and every position of the timeline is computed there, once, so that the
//! PDF template and the EPUB's SVG draw the same picture.

use schemars::JsonSchema;
use serde::Serialize;

use super::Inline;

/// The glossary, a back-matter section: its entries in the locale's order.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Glossary {
    /// `Glossary` / `用語集`.
    pub heading: String,
    pub anchor: String,
    pub entries: Vec<GlossaryEntry>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct GlossaryEntry {
    /// `term-N`: the first use of the term in each chapter links here.
    pub anchor: String,
    pub term: String,
    /// The reading, set as ruby over the term.
    pub reading: Option<String>,
    /// What an acronym stands for, as printed after the term (` (…)` / `（…）`).
    pub expansion_text: Option<String>,
    pub definition: Vec<Inline>,
}

/// The index of actors: every actor named in events' `actors`, with the events where it
/// appears.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ActorIndex {
    /// `Index of actors` / `関係者索引`.
    pub heading: String,
    pub anchor: String,
    pub entries: Vec<ActorEntry>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ActorEntry {
    /// `actor-N`, in index order.
    pub anchor: String,
    /// The full name with the short name (`東日本電信電話株式会社（NTT東日本）`).
    pub title: String,
    /// The reading, as declared.
    pub reading: Option<String>,
    pub role: Option<String>,
    /// The events naming the actor, in reading order.
    pub events: Vec<ActorEvent>,
}

/// One event of an actor's entry: the PDF prints the page where `anchor` starts, the EPUB
/// links to it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ActorEvent {
    pub anchor: String,
    /// The event's heading (date and title).
    pub label: String,
}

/// The timeline figure, as geometry: lengths in points, origin at the top left, `x` to the
/// right and `y` down. Both renderers draw exactly these shapes and texts.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Timeline {
    pub anchor: String,
    /// The caption under the figure.
    pub caption: String,
    /// The alternative text: span, number of events, phases.
    pub alt: String,
    /// The words of the link to the chronology table, the figure's long description.
    pub long_description: String,
    /// The anchor of that table.
    pub long_description_anchor: String,
    pub width: f64,
    pub height: f64,
    /// Font size of every text of the figure.
    pub font_size: f64,
    /// Distance between the baselines of a label's lines.
    pub line_height: f64,
    /// The horizontal time axis.
    pub axis_y: f64,
    pub axis_x0: f64,
    pub axis_x1: f64,
    pub lanes: Vec<TimelineLane>,
    pub ticks: Vec<TimelineTick>,
    /// Where a long quiet stretch was compressed: a visible break on the axis.
    pub breaks: Vec<TimelineBreak>,
    /// One mark per dated event, in date order.
    pub marks: Vec<TimelineMark>,
}

/// A chapter (phase) as a lane: its name at the left, a band over the time it covers.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TimelineLane {
    pub label: String,
    /// Top of the lane and its height.
    pub y: f64,
    pub height: f64,
    /// Where its name is written (left edge, top of the text).
    pub label_x: f64,
    pub label_y: f64,
    /// The band: from the lane's first event to its last.
    pub band_x0: f64,
    pub band_x1: f64,
    /// The colour of its band and marks (`#rrggbb`).
    pub color: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TimelineTick {
    pub x: f64,
    /// Whether a tick line is drawn (a segment's first text has none).
    pub line: bool,
    /// `Mar 2015` / `2015年3月`, under the axis; empty for a tick without text.
    pub text: String,
    /// Where the text's left edge goes.
    pub text_x: f64,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TimelineBreak {
    /// The middle of the compressed stretch.
    pub x: f64,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TimelineMark {
    /// The event's anchor: the mark and its label link there.
    pub anchor: String,
    /// The colour of its lane (`#rrggbb`).
    pub color: String,
    /// The label (the event's title), as one string and as the lines it is set in.
    pub label: String,
    pub lines: Vec<String>,
    /// The mark: a dot at `x0` (`x0 == x1`), or a span from `x0` to `x1` for a month, a year
    /// or a range; `y` is its centre line.
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub span: bool,
    /// The label's box (top left, width, height): no two boxes of a figure intersect.
    pub label_x: f64,
    pub label_y: f64,
    pub label_width: f64,
    pub label_height: f64,
    /// The leader from the mark down to its label, at `x0`.
    pub leader_y0: f64,
    pub leader_y1: f64,
}
