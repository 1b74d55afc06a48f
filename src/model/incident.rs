//! The incident-report elements as written in `report.toml` (issue 17): impact figures,
//! recommendations, the classification marking and the revision history, and the milestone an
//! event may mark. Checked in `resolve::incident`.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Spanned, Text};

/// `[[impact]]`: one figure of the incident's impact, with the source that reports it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactFigure {
    /// What is counted (`Patients whose appointments were cancelled`).
    pub label: Text,
    /// The figure (the lower bound when `max` is given).
    pub value: Spanned<f64>,
    /// The upper bound of a range (`value`–`max`).
    pub max: Option<Spanned<f64>>,
    /// The figure is a lower bound ("at least").
    #[serde(default)]
    pub at_least: bool,
    /// The unit, printed after the number (`patients`, `GB`, `%`).
    pub unit: Option<Text>,
    /// The date the figure describes (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub as_of: Text,
    /// The id of the source reporting the figure (required: a figure without one is an error).
    pub source: Option<Text>,
    /// Where in the source (`p. 4`).
    pub locator: Option<Text>,
}

/// `[[recommendation]]`: an action item, numbered in the order written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub id: Text,
    /// What should be done (inline Markdown subset).
    pub text: Text,
    /// Who is responsible.
    pub owner: Option<Text>,
    pub status: Spanned<RecommendationStatus>,
    /// When it is due (`YYYY-MM-DD`); an open item past due at the report date is a warning.
    pub due: Option<Text>,
    /// Ids of the events it addresses; each event names the recommendation in turn.
    #[serde(default)]
    pub addresses: Vec<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RecommendationStatus {
    /// Not started (`open` / `未着手`).
    Open,
    /// Under way (`in progress` / `対応中`).
    InProgress,
    /// Carried out (`done` / `完了`).
    Done,
    /// Decided against (`declined` / `見送り`).
    Declined,
}

impl RecommendationStatus {
    /// All statuses, in the order the counts list them.
    pub const ALL: [RecommendationStatus; 4] = [
        RecommendationStatus::Open,
        RecommendationStatus::InProgress,
        RecommendationStatus::Done,
        RecommendationStatus::Declined,
    ];

    /// The status as written in report.toml (`in-progress`), for diagnostics and classes.
    pub fn slug(self) -> &'static str {
        match self {
            RecommendationStatus::Open => "open",
            RecommendationStatus::InProgress => "in-progress",
            RecommendationStatus::Done => "done",
            RecommendationStatus::Declined => "declined",
        }
    }
}

/// `[[revision]]`: one entry of the revision history printed in the colophon.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub version: Text,
    /// `YYYY-MM-DD`.
    pub date: Text,
    /// What changed.
    pub changes: Text,
}

/// What an event marks in the incident's course, for the summary page's key facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EventMilestone {
    /// The incident was detected (recognised by those affected).
    Detected,
    /// The incident was made public.
    Disclosed,
}
