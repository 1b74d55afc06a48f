//! The resolved incident-report elements (issue 17): the summary page with its key facts and
//! impact table, the recommendations, the classification marking and the revision history.
//! Every string is composed by `resolve::incident` with the report's locale.

use schemars::JsonSchema;
use serde::Serialize;

use super::{CrossRef, Paragraph};
use crate::locale::IncidentWords;
use crate::model::RecommendationStatus;

/// Everything the incident-report elements add to the [`Document`](super::Document).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Incident {
    /// The words of these elements, in the report's language.
    pub labels: IncidentWords,
    /// The summary page after the title page.
    pub summary: SummaryPage,
    /// The numbered recommendations (empty: no section).
    pub recommendations: Vec<Recommendation>,
    /// The recommendations section's anchor (`recommendations`).
    pub recommendations_anchor: String,
    /// The classification marking, when the report has one.
    pub marking: Option<Marking>,
    /// The revision history, oldest first, printed in the colophon.
    pub revisions: Vec<RevisionRow>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SummaryPage {
    /// `summary`.
    pub anchor: String,
    /// The abstract's paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// The key-facts panel, computed from the data.
    pub key_facts: Vec<KeyFact>,
    /// The impact table's anchor (`impact`).
    pub impact_anchor: String,
    /// The impact figures (empty: no table).
    pub impact: Vec<ImpactRow>,
}

/// One row of the key-facts panel: a label, its value, and where the value links to.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct KeyFact {
    pub label: String,
    pub value: String,
    pub anchor: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ImpactRow {
    pub mark: String,
    pub label: String,
    /// The value with its unit (`at least 1,200 patients`).
    pub value_text: String,
    /// The date the figure describes, as printed.
    pub as_of_text: String,
    /// The note citing the figure's source.
    pub note: u32,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Recommendation {
    pub id: String,
    pub anchor: String,
    pub number: usize,
    /// `Recommendation 1` / `勧告1`: the heading.
    pub number_text: String,
    pub text: Paragraph,
    /// The text without notes or markup, for the status table.
    pub plain: String,
    pub owner: Option<String>,
    pub status: RecommendationStatus,
    pub status_text: String,
    pub due_iso: Option<String>,
    pub due_text: Option<String>,
    /// The events it addresses (each of which lists it under `addressed_by`).
    pub addresses: Vec<CrossRef>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Marking {
    /// As written (`TLP:AMBER`, `Internal`).
    pub text: String,
    /// The TLP 2.0 label in lower case (`amber`, `amber-strict`), for the colour; none for
    /// free text.
    pub tlp: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct RevisionRow {
    pub version: String,
    pub date_iso: String,
    pub date_text: String,
    pub changes: String,
}
