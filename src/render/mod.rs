//! The two renderers. Each lays out a resolved [`crate::document::Document`]; neither reads
//! report files nor decides content or wording.
//!
//! This module holds their contract: the [`PageMap`] the PDF's layout produces and the EPUB
//! reads (its page-list points at the PDF's pages), and the fixed anchor names both use for
//! the parts of a report that have no id of their own.

pub mod epub;
pub mod pdf;
pub mod xhtml;

/// Anchors of the parts both outputs have once: the PDF template marks them (`mark("…")`)
/// and the EPUB names its documents and ids after them.
pub mod anchors {
    pub const COVER: &str = "cover";
    pub const CONTENTS: &str = "contents";
    pub const CHRONOLOGY: &str = "chronology";
    pub const BIBLIOGRAPHY: &str = "bibliography";
    pub const COLOPHON: &str = "colophon";
    /// The chronology's table, the timeline figure's long description.
    pub const CHRONOLOGY_TABLE: &str = "chronology-table";
    pub const TIMELINE: &str = "timeline";
}

/// On which page of the PDF each anchor (chapter, event, paragraph, quotation) starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMap {
    /// (anchor, page) in document order.
    pub marks: Vec<(String, usize)>,
    pub pages: usize,
}

impl PageMap {
    /// For each page, the first anchor that starts on it.
    pub fn first_anchor_per_page(&self) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        for (anchor, page) in &self.marks {
            if out.last().is_none_or(|(p, _)| p < page) {
                out.push((*page, anchor.clone()));
            }
        }
        out
    }
}
