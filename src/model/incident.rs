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
    /// What is counted, e.g. `"Appointments cancelled"`. Printed in the key facts and the
    /// impact table of the summary page.
    #[schemars(pattern(super::NON_BLANK_PATTERN))]
    pub label: Text,
    /// The figure, a number, e.g. `1200` (printed `1,200`); the lower bound when `max` is
    /// given.
    pub value: Spanned<f64>,
    /// Optional upper bound of a range, e.g. `1500` with `value = 1200`: printed
    /// `1,200–1,500` / `1,200〜1,500`.
    pub max: Option<Spanned<f64>>,
    /// The figure is a lower bound, e.g. `true`: printed `at least 1,200 appointments` /
    /// `1,200件以上`.
    #[serde(default)]
    pub at_least: bool,
    /// Optional unit printed after the number, e.g. `"appointments"`, `"GB"`, `"%"`, `"件"`.
    pub unit: Option<Text>,
    /// The date the figure describes, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, e.g. `"2024-03-20"`:
    /// printed `as of 20 March 2024` / `2024年3月20日時点`.
    #[schemars(pattern(super::DATE_PATTERN))]
    pub as_of: Text,
    /// Id of the source in sources.toml that reports the figure, e.g. `"clinic-statement"`;
    /// becomes a note. Required: a figure without a source is an error (`missing-source`).
    #[schemars(pattern(super::ID_PATTERN))]
    pub source: Option<Text>,
    /// Optional place in the source, e.g. `"p. 4"`; printed in the note after the reference.
    pub locator: Option<Text>,
}

/// `[[recommendation]]`: an action item, numbered in the order written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// Id of the recommendation, lowercase letters, digits and hyphens, e.g.
    /// `"offline-backups"`; its anchor is `rec-offline-backups`.
    #[schemars(pattern(super::ID_PATTERN), length(max = 100))]
    pub id: Text,
    /// What should be done (inline Markdown subset), e.g. `"Keep offline backups and test a
    /// restore every quarter."`. Printed under its number and in the status table.
    #[schemars(pattern(super::NON_BLANK_PATTERN))]
    pub text: Text,
    /// Optional: who is responsible, e.g. `"IT operations"`. Printed in the status table.
    pub owner: Option<Text>,
    /// Where it stands: open, in progress, done or declined. Counted on the summary page.
    pub status: Spanned<RecommendationStatus>,
    /// Optional due date, e.g. `"2024-09-30"`. An open or in-progress item due before the
    /// report's date is a warning (`past-due`).
    #[schemars(pattern(super::DATE_PATTERN))]
    pub due: Option<Text>,
    /// Ids of the events it addresses, e.g. `["encryption", "detection"]`; each of those
    /// events prints `Addressed by: Recommendation 1` with a link back.
    #[serde(default)]
    #[schemars(inner(pattern(super::ID_PATTERN)))]
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
    /// The version this entry describes, e.g. `"1.1"`. Printed in the colophon's revision
    /// history.
    #[schemars(pattern(super::NON_BLANK_PATTERN))]
    pub version: Text,
    /// The date of that version, a full day, e.g. `"2024-05-01"`.
    #[schemars(pattern(super::FULL_DATE_PATTERN))]
    pub date: Text,
    /// What changed in that version, e.g. `"Added the recovery figures."`.
    #[schemars(pattern(super::NON_BLANK_PATTERN))]
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
