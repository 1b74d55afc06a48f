//! The look-up documents of the EPUB: the glossary (`glossary.xhtml`, EPUB `glossary` /
//! `doc-glossary` as a definition list) and the index of actors (`actors.xhtml`, EPUB `index` /
//! `doc-index`), whose entries link to the events instead of printing page numbers.

use std::collections::HashMap;

use super::content::Ctx;
use crate::document::*;

pub(super) const GLOSSARY_FILE: &str = "glossary.xhtml";
pub(super) const ACTORS_FILE: &str = "actors.xhtml";

/// Registers the anchors of the look-up documents with the [`super::Locator`].
pub(super) fn locate(doc: &Document, files: &mut HashMap<String, String>) {
    if let Some(g) = &doc.glossary {
        files.insert(g.anchor.clone(), GLOSSARY_FILE.into());
        for e in &g.entries {
            files.insert(e.anchor.clone(), GLOSSARY_FILE.into());
        }
    }
    if let Some(ix) = &doc.actor_index {
        files.insert(ix.anchor.clone(), ACTORS_FILE.into());
        for e in &ix.entries {
            files.insert(e.anchor.clone(), ACTORS_FILE.into());
        }
    }
}

impl Ctx<'_> {
    pub(super) fn glossary(&mut self, g: &Glossary) -> Vec<u8> {
        let punctuation = &self.doc.punctuation;
        let mut x = self.backmatter(&g.anchor, &g.heading, Some(("glossary", "doc-glossary")));
        x.open("dl", &[("class", "glossary")]);
        x.newline();
        for e in &g.entries {
            self.page_break(&mut x, &e.anchor);
            x.open("dt", &[("id", &e.anchor)]);
            x.open("dfn", &[]);
            match &e.reading {
                Some(reading) => {
                    x.open("ruby", &[]);
                    x.text(&e.term);
                    x.leaf("rp", &[], &punctuation.ruby_open);
                    x.leaf("rt", &[], reading);
                    x.leaf("rp", &[], &punctuation.ruby_close);
                    x.close("ruby");
                }
                None => x.text(&e.term),
            }
            x.close("dfn");
            if let Some(expansion) = &e.expansion_text {
                x.leaf("span", &[("class", "expansion")], expansion);
            }
            x.close("dt");
            x.open("dd", &[]);
            self.inline(&mut x, &e.definition);
            x.close("dd");
            x.newline();
        }
        x.close("dl");
        x.close("section");
        Self::end_document(x)
    }

    pub(super) fn actor_index(&mut self, ix: &ActorIndex) -> Vec<u8> {
        let mut x = self.backmatter(&ix.anchor, &ix.heading, Some(("index", "doc-index")));
        x.open("ul", &[("class", "actor-index")]);
        x.newline();
        for e in &ix.entries {
            self.page_break(&mut x, &e.anchor);
            x.open("li", &[("id", &e.anchor), ("class", "actor")]);
            x.leaf("span", &[("class", "actor-name")], &e.title);
            if let Some(role) = &e.role {
                x.leaf("span", &[("class", "actor-role")], role);
            }
            x.open("ul", &[]);
            for ev in &e.events {
                x.open("li", &[]);
                x.leaf("a", &[("href", &self.locate.href(&ev.anchor, &self.file))], &ev.label);
                x.close("li");
            }
            x.close("ul");
            x.close("li");
            x.newline();
        }
        x.close("ul");
        x.close("section");
        Self::end_document(x)
    }
}
