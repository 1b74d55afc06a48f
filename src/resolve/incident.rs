//! The incident-report elements (issue 17), resolved and checked: the summary page (abstract,
//! key facts computed from the data, impact figures), the recommendations (numbered, linked
//! both ways with the events they address, status counts, past-due warnings relative to the
//! report date), event milestones (`detected`, `disclosed`), the classification marking and
//! the revision history.
//!
//! Notes cited on the summary page belong to the part `chapters.len()`, those cited by the
//! recommendations to `chapters.len() + 1` (see [`Note::chapter`]): the EPUB keeps each
//! part's notes with it.

use std::collections::HashMap;

use super::{Place, Resolver};
use crate::date::DateSpec;
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::*;
use crate::load::Loaded;
use crate::model::{self, EventMilestone, RecommendationStatus};

/// The five labels of FIRST's Traffic Light Protocol 2.0, with their colour names.
const TLP_LABELS: [(&str, &str); 5] = [
    ("TLP:CLEAR", "clear"),
    ("TLP:GREEN", "green"),
    ("TLP:AMBER", "amber"),
    ("TLP:AMBER+STRICT", "amber-strict"),
    ("TLP:RED", "red"),
];

/// The anchor of a recommendation, in both outputs.
pub(super) fn recommendation_anchor(id: &str) -> String {
    format!("rec-{id}")
}

impl Resolver<'_> {
    /// The marking: a TLP 2.0 label or free text; `TLP:` followed by anything else is an error.
    pub(super) fn marking(&mut self, file: FileId, report: &model::ReportFile) -> Option<Marking> {
        let text = report.marking.as_ref()?;
        self.non_empty(file, text, "marking");
        let value = text.get_ref().trim();
        let tlp = TLP_LABELS.iter().find(|(label, _)| *label == value).map(|(_, colour)| colour.to_string());
        if tlp.is_none() && value.to_ascii_uppercase().starts_with("TLP:") {
            self.diags.push(
                Diagnostic::error("bad-marking", format!("`{value}` is not a TLP 2.0 label"))
                    .at(file, text.span())
                    .with_label("not TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED")
                    .with_help(
                        "write one of the five TLP 2.0 labels exactly, or a marking that does not start with TLP:",
                    ),
            );
        }
        Some(Marking { text: value.to_string(), tlp })
    }

    /// The abstract and the impact figures (their citations numbered before the chapters').
    pub(super) fn summary_text(
        &mut self,
        file: FileId,
        report: &model::ReportFile,
        part: usize,
    ) -> (Vec<Paragraph>, Vec<ImpactRow>) {
        let at = Place { file, chapter: part, listed: &[] };
        let paragraphs = self.paragraphs(at, &report.summary, "summary-p");
        let mut rows = Vec::new();
        for (i, figure) in report.impact.iter().enumerate() {
            self.non_empty(file, &figure.label, "impact figure's label");
            let label = figure.label.get_ref().trim().to_string();
            let value = *figure.value.get_ref();
            let max = figure.max.as_ref().map(|m| *m.get_ref());
            if !value.is_finite() || max.is_some_and(|m| !m.is_finite()) {
                self.diags.push(
                    Diagnostic::error("bad-number", "an impact figure must be a finite number")
                        .at(file, figure.value.span())
                        .with_label("not a number")
                        .with_help("write the figure as a number, e.g. value = 1200"),
                );
            }
            if let Some(m) = &figure.max
                && *m.get_ref() < value
            {
                self.diags.push(
                    Diagnostic::error(
                        "bad-range",
                        format!("the range ends ({}) below its start ({value})", m.get_ref()),
                    )
                    .at(file, m.span())
                    .with_label("smaller than `value`")
                    .with_help("`max` is the upper bound of the range value–max"),
                );
            }
            let as_of = self.date(file, &figure.as_of);
            let locator = figure.locator.as_ref().map(|l| l.get_ref().trim().to_string());
            let note = match &figure.source {
                Some(source) => self.cite(part, file, source.get_ref(), locator, source.span()).unwrap_or(0),
                None => {
                    self.diags.push(
                        Diagnostic::error("missing-source", format!("the impact figure `{label}` names no source"))
                            .at(file, figure.label.span())
                            .with_label("impact figure without a source")
                            .with_help(
                                "add source = \"<source id>\": every impact figure cites the source that reports it",
                            ),
                    );
                    0
                }
            };
            let unit = figure.unit.as_ref().map(|u| u.get_ref().trim());
            rows.push(ImpactRow {
                mark: format!("impact-{}", i + 1),
                label,
                value_text: self.locale.impact_value(value, max, figure.at_least, unit),
                as_of_text: as_of.map(|d| self.locale.date(&d)).unwrap_or_default(),
                note,
            });
        }
        (paragraphs, rows)
    }

    /// For each event id, the recommendations that address it (before the chapters resolve).
    pub(super) fn collect_addressed_by(&mut self, report: &model::ReportFile) {
        for (i, rec) in report.recommendation.iter().enumerate() {
            for event in &rec.addresses {
                self.addressed_by.entry(event.get_ref().clone()).or_default().push(CrossRef {
                    anchor: recommendation_anchor(rec.id.get_ref()),
                    label: self.locale.recommendation_number(i + 1),
                });
            }
        }
    }

    /// The recommendations, numbered in the order written.
    pub(super) fn recommendations(
        &mut self,
        file: FileId,
        report: &model::ReportFile,
        part: usize,
        report_date: Option<DateSpec>,
    ) -> Vec<Recommendation> {
        let at = Place { file, chapter: part, listed: &[] };
        let mut seen: HashMap<String, std::ops::Range<usize>> = HashMap::new();
        let mut out = Vec::new();
        for (i, rec) in report.recommendation.iter().enumerate() {
            let id = rec.id.get_ref().clone();
            self.check_id(file, &rec.id, "recommendation");
            if let Some(first) = seen.get(&id) {
                self.diags.push(
                    Diagnostic::error("duplicate-id", format!("recommendation id `{id}` is used twice"))
                        .at(file, rec.id.span())
                        .with_label("used again here")
                        .with_related(file, first.clone(), "first used here")
                        .with_help("give each recommendation its own id"),
                );
            } else {
                seen.insert(id.clone(), rec.id.span());
            }
            self.non_empty(file, &rec.text, "recommendation");
            let anchor = recommendation_anchor(&id);
            let text = self.paragraph(at, &rec.text, format!("{anchor}-p"));
            let status = *rec.status.get_ref();
            let due = rec.due.as_ref().and_then(|d| self.date(file, d));
            if let (Some(due_text), Some(due), Some(today)) = (&rec.due, due, report_date)
                && matches!(status, RecommendationStatus::Open | RecommendationStatus::InProgress)
                && due < today
            {
                self.diags.push(
                    Diagnostic::warning(
                        "past-due",
                        format!(
                            "recommendation `{id}` is {} but was due on {}, before the report date",
                            status.slug(),
                            due.iso()
                        ),
                    )
                    .at(file, due_text.span())
                    .with_label("past due at the report date")
                    .with_help("update its status, or give it a new due date"),
                );
            }
            let addresses = rec
                .addresses
                .iter()
                .filter_map(|e| match self.index.events.get(e.get_ref()) {
                    Some(target) => Some(CrossRef {
                        anchor: target.anchor.clone(),
                        label: self.locale.heading(&target.date_text, &target.title),
                    }),
                    None => {
                        self.unknown_event(file, e.get_ref(), e.span());
                        None
                    }
                })
                .collect();
            out.push(Recommendation {
                id,
                anchor,
                number: i + 1,
                number_text: self.locale.recommendation_number(i + 1),
                plain: Inline::plain(&text.content),
                text,
                owner: rec.owner.as_ref().map(|o| o.get_ref().trim().to_string()),
                status,
                status_text: self.locale.status_name(status).to_string(),
                due_iso: due.map(|d| d.iso()),
                due_text: due.map(|d| self.locale.date(&d)),
                addresses,
            });
        }
        out
    }

    /// Checks the milestones events mark: each at most once. Returns (milestone, event id).
    pub(super) fn event_milestones(&mut self, loaded: &Loaded) -> Vec<(EventMilestone, String)> {
        let mut found: Vec<(EventMilestone, String, FileId, std::ops::Range<usize>)> = Vec::new();
        for chapter in &loaded.chapters {
            for event in &chapter.events {
                let Some(m) = &event.milestone else { continue };
                if let Some(first) = found.iter().find(|f| f.0 == *m.get_ref()) {
                    self.diags.push(
                        Diagnostic::error("duplicate-milestone", "two events mark the same milestone")
                            .at(chapter.file, m.span())
                            .with_label("marked again here")
                            .with_related(first.2, first.3.clone(), "first marked here")
                            .with_help("mark the one event where this happened"),
                    );
                    continue;
                }
                found.push((*m.get_ref(), event.id.get_ref().clone(), chapter.file, m.span()));
            }
        }
        found.into_iter().map(|(m, id, ..)| (m, id)).collect()
    }

    /// The key-facts panel: first and last event, detection and disclosure, total span, the
    /// digests' milestones, impact figures, counts of events and sources, recommendation
    /// status counts.
    pub(super) fn key_facts(
        &self,
        loaded: &Loaded,
        milestones: &[(EventMilestone, String)],
        impact: &[ImpactRow],
        recommendations: &[Recommendation],
    ) -> Vec<KeyFact> {
        let words = self.locale.incident_words();
        let fact =
            |label: &str, value: String, anchor: Option<String>| KeyFact { label: label.to_string(), value, anchor };
        let event_fact = |label: &str, id: &str| {
            self.index
                .events
                .get(id)
                .map(|e| fact(label, self.locale.heading(&e.date_text, &e.title), Some(e.anchor.clone())))
        };
        // Every dated event in reading order, then sorted stably by date (as the chronology).
        let mut dated: Vec<(DateSpec, &str)> = Vec::new();
        for chapter in &loaded.chapters {
            for event in &chapter.events {
                if let Some(date) = self.index.events.get(event.id.get_ref()).and_then(|e| e.date) {
                    dated.push((date, event.id.get_ref()));
                }
            }
        }
        dated.sort_by_key(|d| d.0);
        let mut facts = Vec::new();
        facts.extend(dated.first().and_then(|(_, id)| event_fact(&words.first_event, id)));
        for (milestone, label) in
            [(EventMilestone::Detected, &words.detected), (EventMilestone::Disclosed, &words.disclosed)]
        {
            if let Some((_, id)) = milestones.iter().find(|m| m.0 == milestone) {
                facts.extend(event_fact(label, id));
            }
        }
        if dated.len() > 1 {
            facts.extend(dated.last().and_then(|(_, id)| event_fact(&words.last_event, id)));
            let (first, last) = (dated[0].0, dated[dated.len() - 1].0);
            facts.push(fact(&words.total_span, self.locale.elapsed_or_unknown(first.elapsed_until(&last)), None));
        }
        for chapter in &loaded.chapters {
            let Some(digest) = chapter.head.as_ref().and_then(|h| h.digest.as_ref()) else { continue };
            for m in &digest.milestones {
                if let Some(e) = self.index.events.get(m.event.get_ref()) {
                    facts.push(fact(m.label.get_ref().trim(), e.date_text.clone(), Some(e.anchor.clone())));
                }
            }
        }
        for row in impact {
            let value = self.locale.with_remark(&row.value_text, &self.locale.as_of(&row.as_of_text));
            facts.push(fact(&row.label, value, Some("impact".into())));
        }
        facts.push(fact(&words.event_count, self.index.events.len().to_string(), Some("chronology".into())));
        facts.push(fact(&words.source_count, self.index.sources.len().to_string(), Some("bibliography".into())));
        if !recommendations.is_empty() {
            let counts: Vec<(RecommendationStatus, usize)> = RecommendationStatus::ALL
                .iter()
                .map(|s| (*s, recommendations.iter().filter(|r| r.status == *s).count()))
                .collect();
            facts.push(fact(
                &words.recommendations,
                self.locale.status_counts(&counts),
                Some("recommendations".into()),
            ));
        }
        facts
    }

    /// The summary page's lines of the table of contents.
    pub(super) fn summary_contents(&self, incident: &Incident) -> Vec<ContentsEntry> {
        let words = &incident.labels;
        let summary = &incident.summary;
        let mut out = vec![ContentsEntry { level: 1, title: words.summary.clone(), anchor: summary.anchor.clone() }];
        if !summary.impact.is_empty() {
            out.push(ContentsEntry { level: 2, title: words.impact.clone(), anchor: summary.impact_anchor.clone() });
        }
        out
    }

    /// The recommendations section's lines of the table of contents (none without any).
    pub(super) fn recommendations_contents(&self, incident: &Incident) -> Vec<ContentsEntry> {
        if incident.recommendations.is_empty() {
            return Vec::new();
        }
        let title = incident.labels.recommendations.clone();
        let mut out = vec![ContentsEntry { level: 1, title, anchor: incident.recommendations_anchor.clone() }];
        out.extend(incident.recommendations.iter().map(|r| ContentsEntry {
            level: 2,
            title: r.number_text.clone(),
            anchor: r.anchor.clone(),
        }));
        out
    }

    /// The revision history.
    pub(super) fn revisions(&mut self, file: FileId, report: &model::ReportFile) -> Vec<RevisionRow> {
        let mut rows = Vec::new();
        for rev in &report.revision {
            self.non_empty(file, &rev.version, "version");
            self.non_empty(file, &rev.changes, "summary of changes");
            let date = self.date(file, &rev.date);
            rows.push(RevisionRow {
                version: rev.version.get_ref().trim().to_string(),
                date_iso: date.map(|d| d.iso()).unwrap_or_default(),
                date_text: date.map(|d| self.locale.date(&d)).unwrap_or_default(),
                changes: rev.changes.get_ref().trim().to_string(),
            });
        }
        rows
    }
}
