//! The incident-report documents of the EPUB (issue 17): the summary page (abstract, key
//! facts, impact table) after the cover, the recommendations section after the body, and the
//! pieces other documents carry (the marking on the cover, the "addressed by" line of an
//! event, the revision history in the colophon). Words come from `Document.incident.labels`.

use super::content::{Ctx, table_start};
use crate::document::*;
use crate::render::xhtml::Xml;

/// The file of the summary page.
pub(super) const SUMMARY_FILE: &str = "summary.xhtml";
/// The file of the recommendations section.
pub(super) const RECOMMENDATIONS_FILE: &str = "recommendations.xhtml";

impl Ctx<'_> {
    /// The summary page: abstract, key-facts panel, impact figures, and its notes.
    pub(super) fn summary(&mut self) -> Vec<u8> {
        let doc = self.doc;
        let (words, summary) = (&doc.incident.labels, &doc.incident.summary);
        let mut x = self.start_document(&words.summary, "frontmatter");
        let heading = format!("{}-h", summary.anchor);
        x.open("section", &[("epub:type", "preamble"), ("id", &summary.anchor), ("aria-labelledby", &heading)]);
        x.newline();
        self.page_break(&mut x, &summary.anchor);
        x.leaf("h1", &[("id", &heading)], &words.summary);
        for p in &summary.paragraphs {
            self.paragraph(&mut x, p, None);
        }
        x.open("section", &[("class", "key-facts"), ("aria-labelledby", "key-facts-h")]);
        x.leaf("h2", &[("id", "key-facts-h")], &words.key_facts);
        x.open("dl", &[("class", "key-facts")]);
        for fact in &summary.key_facts {
            match &fact.anchor {
                Some(anchor) => {
                    x.open("dt", &[]);
                    x.leaf("a", &[("href", &self.locate.href(anchor, &self.file))], &fact.label);
                    x.close("dt");
                }
                None => x.leaf("dt", &[], &fact.label),
            }
            x.leaf("dd", &[], &fact.value);
        }
        x.close("dl");
        x.close("section");
        x.newline();
        if !summary.impact.is_empty() {
            self.page_break(&mut x, &summary.impact_anchor);
            let h = format!("{}-h", summary.impact_anchor);
            x.open("section", &[("id", &summary.impact_anchor), ("aria-labelledby", &h)]);
            x.leaf("h2", &[("id", &h)], &words.impact);
            table_start(&mut x, "impact", [&words.figure, &words.value, &words.as_of]);
            for row in &summary.impact {
                x.open("tr", &[("id", &row.mark)]);
                x.leaf("td", &[], &row.label);
                x.open("td", &[]);
                x.text(&row.value_text);
                self.noteref(&mut x, row.note, false);
                x.close("td");
                x.leaf("td", &[], &row.as_of_text);
                x.close("tr");
            }
            x.close("tbody");
            x.close("table");
            x.close("section");
            x.newline();
        }
        x.close("section");
        x.newline();
        self.notes_section(&mut x, doc.chapters.len());
        Ctx::end_document(x)
    }

    /// The recommendations: a status table, then each one with its owner, status, due date
    /// and the events it addresses.
    pub(super) fn recommendations(&mut self) -> Vec<u8> {
        let doc = self.doc;
        let (words, punctuation) = (&doc.incident.labels, &doc.punctuation);
        let anchor = &doc.incident.recommendations_anchor;
        let mut x = self.start_document(&words.recommendations, "bodymatter");
        let heading = format!("{anchor}-h");
        x.open("section", &[("id", anchor), ("aria-labelledby", &heading)]);
        x.newline();
        self.page_break(&mut x, anchor);
        x.leaf("h1", &[("id", &heading)], &words.recommendations);
        table_start(
            &mut x,
            "recommendations",
            [&words.number, &words.recommendation, &words.owner, &words.status, &words.due],
        );
        for r in &doc.incident.recommendations {
            x.open("tr", &[]);
            x.open("td", &[("class", "num")]);
            x.leaf("a", &[("href", &format!("#{}", r.anchor))], &r.number.to_string());
            x.close("td");
            x.leaf("td", &[], &r.plain);
            x.leaf("td", &[], r.owner.as_deref().unwrap_or_default());
            x.leaf("td", &[("class", &format!("status-{}", r.status.slug()))], &r.status_text);
            match (&r.due_iso, &r.due_text) {
                (Some(iso), Some(text)) => {
                    x.open("td", &[]);
                    x.leaf("time", &[("datetime", iso)], text);
                    x.close("td");
                }
                _ => x.leaf("td", &[], ""),
            }
            x.close("tr");
            x.newline();
        }
        x.close("tbody");
        x.close("table");
        x.newline();
        for r in &doc.incident.recommendations {
            self.page_break(&mut x, &r.anchor);
            let h = format!("{}-h", r.anchor);
            x.open("section", &[("class", "recommendation"), ("id", &r.anchor), ("aria-labelledby", &h)]);
            x.leaf("h2", &[("id", &h)], &r.number_text);
            self.paragraph(&mut x, &r.text, None);
            x.open("p", &[("class", "event-meta")]);
            let mut items: Vec<(&String, &str)> = Vec::new();
            if let Some(owner) = &r.owner {
                items.push((&words.owner, owner));
            }
            items.push((&words.status, &r.status_text));
            if let Some(due) = &r.due_text {
                items.push((&words.due, due));
            }
            for (label, value) in items {
                x.open("span", &[("class", "meta-item")]);
                x.leaf("span", &[("class", "meta-label")], &format!("{label}{}", punctuation.label_end));
                x.text(value);
                x.close("span");
            }
            x.close("p");
            if !r.addresses.is_empty() {
                self.cross_refs(&mut x, &words.addresses, &r.addresses);
            }
            x.close("section");
            x.newline();
        }
        x.close("section");
        x.newline();
        self.notes_section(&mut x, doc.chapters.len() + 1);
        Ctx::end_document(x)
    }

    /// A line of links after a label (`Addressed by: Recommendation 1`).
    pub(super) fn cross_refs(&self, x: &mut Xml, label: &str, refs: &[CrossRef]) {
        let punctuation = &self.doc.punctuation;
        x.open("p", &[("class", "see-also")]);
        x.leaf("span", &[("class", "meta-label")], &format!("{label}{}", punctuation.label_end));
        for (i, s) in refs.iter().enumerate() {
            if i > 0 {
                x.text(&punctuation.list);
            }
            x.leaf("a", &[("href", &self.locate.href(&s.anchor, &self.file))], &s.label);
        }
        x.close("p");
        x.newline();
    }

    /// The marking on the cover.
    pub(super) fn cover_marking(&self, x: &mut Xml) {
        if let Some(m) = &self.doc.incident.marking {
            let class = match &m.tlp {
                Some(tlp) => format!("marking tlp-{tlp}"),
                None => "marking".to_string(),
            };
            x.open("p", &[("class", &class)]);
            x.leaf("strong", &[], &m.text);
            x.close("p");
        }
    }

    /// The revision history in the colophon.
    pub(super) fn revision_history(&self, x: &mut Xml) {
        let words = &self.doc.incident.labels;
        if self.doc.incident.revisions.is_empty() {
            return;
        }
        x.leaf("h2", &[("id", "revision-history")], &words.revision_history);
        table_start(x, "revisions", [&words.version, &words.date, &words.changes]);
        for r in &self.doc.incident.revisions {
            x.open("tr", &[]);
            x.leaf("td", &[], &r.version);
            x.open("td", &[]);
            x.leaf("time", &[("datetime", &r.date_iso)], &r.date_text);
            x.close("td");
            x.leaf("td", &[], &r.changes);
            x.close("tr");
        }
        x.close("tbody");
        x.close("table");
    }
}
