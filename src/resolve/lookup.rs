//! The look-up parts: the index of actors (declarations of `report/actors.toml` merged with
//! the names events' `actors` use) and the glossary (`report/glossary.toml`), whose terms are
//! linked at their first use in each chapter.
//!
//! Rules: a name used in an event but not declared is a warning (with the nearest declared
//! name) once any actor is declared, and still gets an entry of its own so the index stays
//! complete; a declared actor no event names, a glossary term never used and a name declared
//! twice are warnings too. The first use of a term in a chapter — in its summary, event texts,
//! analysis and open questions, never inside a quotation (the source's words) or a link — is
//! split out of its text node into a [`Inline::Ref`] to the term's entry.

use std::collections::{HashMap, HashSet};

use super::checks::strsim_distance;
use super::{Place, Resolver};
use crate::diagnostics::{Diagnostic, FileId};
use crate::document::*;
use crate::inline::{RawInline, parse_inline_with};
use crate::load::Loaded;
use crate::model::{self, Text};

/// The anchor of the glossary section, in both outputs.
pub const GLOSSARY: &str = "glossary";
/// The anchor of the index of actors.
pub const ACTOR_INDEX: &str = "actor-index";

impl Resolver<'_> {
    /// The index of actors, or none when no event names an actor.
    pub(super) fn actor_index(&mut self, loaded: &Loaded, chapters: &[Chapter]) -> Option<ActorIndex> {
        struct Entry {
            title: String,
            sort: String,
            reading: Option<String>,
            role: Option<String>,
            events: Vec<ActorEvent>,
            declared: Option<(FileId, std::ops::Range<usize>)>,
        }
        let mut entries: Vec<Entry> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for (file, actor) in &loaded.actors {
            let file = *file;
            self.non_empty(file, &actor.name, "name");
            let name = self.plain(&actor.name);
            let short = actor.short.as_ref().map(|s| self.plain(s));
            let title = match &short {
                Some(s) if *s != name => format!("{name}{}", self.locale.parenthetical(s)),
                _ => name.clone(),
            };
            let reading = actor.reading.as_ref().map(|r| self.plain(r));
            let i = entries.len();
            entries.push(Entry {
                sort: reading.clone().unwrap_or_else(|| name.clone()),
                title,
                reading,
                role: actor.role.as_ref().map(|r| self.plain(r)),
                events: Vec::new(),
                declared: Some((file, actor.name.span())),
            });
            for text in std::iter::once(&actor.name).chain(&actor.short).chain(&actor.aliases) {
                let key = self.plain(text);
                if key.is_empty() {
                    continue;
                }
                if let Some(&first) = by_name.get(&key) {
                    let related = entries[first].declared.clone().expect("declared");
                    if first != i {
                        self.diags.push(
                            Diagnostic::warning("duplicate-actor", format!("`{key}` names two declared actors"))
                                .at(file, text.span())
                                .with_label("declared again here")
                                .with_related(related.0, related.1, "first declared here")
                                .with_help("give each name to one actor; events naming it go to the first"),
                        );
                    }
                    continue;
                }
                by_name.insert(key, i);
            }
        }
        let declared_names: Vec<String> = by_name.keys().cloned().collect();
        let any_declared = !loaded.actors.is_empty();
        let heads = loaded.chapters.iter().filter(|c| c.head.is_some());
        for (loaded_ch, chapter) in heads.zip(chapters) {
            for (raw, event) in loaded_ch.events.iter().zip(&chapter.events) {
                for text in &raw.actors {
                    let name = self.plain(text);
                    if name.is_empty() {
                        continue;
                    }
                    let i = match by_name.get(&name) {
                        Some(&i) => i,
                        None => {
                            if any_declared {
                                self.undeclared_actor(loaded_ch.file, text, &name, &declared_names);
                            }
                            entries.push(Entry {
                                title: name.clone(),
                                sort: name.clone(),
                                reading: None,
                                role: None,
                                events: Vec::new(),
                                declared: None,
                            });
                            by_name.insert(name, entries.len() - 1);
                            entries.len() - 1
                        }
                    };
                    if !entries[i].events.iter().any(|e| e.anchor == event.anchor) {
                        entries[i]
                            .events
                            .push(ActorEvent { anchor: event.anchor.clone(), label: event.heading.clone() });
                    }
                }
            }
        }
        if self.chapters_complete {
            for e in entries.iter().filter(|e| e.events.is_empty()) {
                let (file, span) = e.declared.clone().expect("only declared actors can have no event");
                self.diags.push(
                    Diagnostic::warning("unused-actor", format!("no event names the actor `{}`", e.title))
                        .at(file, span)
                        .with_label("declared but never named in an event's `actors`")
                        .with_help(
                            "add the name to the `actors` of the events it took part in, or remove the declaration",
                        ),
                );
            }
        }
        entries.retain(|e| !e.events.is_empty());
        if entries.is_empty() {
            return None;
        }
        entries.sort_by_cached_key(|e| (self.locale.sort_key(&e.sort), e.title.clone()));
        let entries = entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| ActorEntry {
                anchor: format!("actor-{}", i + 1),
                title: e.title,
                reading: e.reading,
                role: e.role,
                events: e.events,
            })
            .collect();
        Some(ActorIndex { heading: self.locale.actor_index_heading(), anchor: ACTOR_INDEX.into(), entries })
    }

    fn undeclared_actor(&mut self, file: FileId, text: &Text, name: &str, declared: &[String]) {
        let closeness = |k: &String| {
            let contains = k.contains(name) || name.contains(k.as_str());
            (!contains, strsim_distance(k, name), k.clone())
        };
        let hint = declared
            .iter()
            .min_by_key(|k| closeness(k))
            .filter(|k| {
                let (far, d, _) = closeness(k);
                !far || d <= name.chars().count().max(k.chars().count()) / 2
            })
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        self.diags.push(
            Diagnostic::warning("undeclared-actor", format!("actor `{name}` is not declared{hint}"))
                .at(file, text.span())
                .with_label("not in report/actors.toml")
                .with_help(
                    "declare it with [[actor]] name = \"…\" in report/actors.toml, or add this spelling to an actor's `short` or `aliases`",
                ),
        );
    }

    /// The glossary, with each term's first use in every chapter linked to its entry.
    pub(super) fn glossary(&mut self, loaded: &Loaded, chapters: &mut [Chapter]) -> Option<Glossary> {
        if loaded.terms.is_empty() {
            return None;
        }
        let mut entries = Vec::new();
        let mut forms: Vec<(String, usize)> = Vec::new();
        let mut seen: HashMap<String, (FileId, std::ops::Range<usize>)> = HashMap::new();
        for (n, (file, term)) in loaded.terms.iter().enumerate() {
            let file = *file;
            self.non_empty(file, &term.term, "term");
            self.non_empty(file, &term.definition, "definition");
            for text in std::iter::once(&term.term).chain(&term.forms) {
                let form = self.plain(text);
                if form.is_empty() {
                    continue;
                }
                if let Some((ff, fs)) = seen.get(&form) {
                    self.diags.push(
                        Diagnostic::warning("duplicate-term", format!("the glossary has `{form}` twice"))
                            .at(file, text.span())
                            .with_label("again here")
                            .with_related(*ff, fs.clone(), "first here")
                            .with_help("keep one entry per term; other spellings go into its `forms`"),
                    );
                    continue;
                }
                seen.insert(form.clone(), (file, text.span()));
                forms.push((form, n));
            }
            entries.push((n, self.glossary_entry(file, term, n)));
        }
        // Longest forms first, so that `IP-PBX` wins over `PBX` at the same place.
        forms.sort_by_key(|(f, n)| (std::cmp::Reverse(f.len()), *n));
        let anchors: Vec<String> = (0..loaded.terms.len()).map(term_anchor).collect();
        let mut used = vec![false; loaded.terms.len()];
        for chapter in chapters.iter_mut() {
            let mut linker = Linker { forms: &forms, anchors: &anchors, linked: HashSet::new(), used: &mut used };
            let mut paras: Vec<&mut Paragraph> = Vec::new();
            paras.extend(chapter.summary.as_mut());
            for ev in &mut chapter.events {
                paras.extend(ev.body.iter_mut().flat_map(block_paragraphs));
                paras.extend(ev.analysis.iter_mut().flat_map(block_paragraphs));
            }
            for an in &mut chapter.analysis {
                paras.extend(an.body.iter_mut().flat_map(block_paragraphs));
            }
            if let Some(dg) = &mut chapter.digest {
                paras.extend(dg.open_questions.iter_mut());
            }
            for p in paras {
                p.content = linker.nodes(std::mem::take(&mut p.content));
            }
        }
        if self.chapters_complete {
            for (n, (file, term)) in loaded.terms.iter().enumerate() {
                if !used[n] {
                    self.diags.push(
                        Diagnostic::warning("unused-term", format!("the term `{}` is never used", term.term.get_ref()))
                            .at(*file, term.term.span())
                            .with_label("no chapter text contains this term")
                            .with_help("remove the entry, or add the spelling the text uses to its `forms`"),
                    );
                }
            }
        }
        let mut sorted: Vec<(crate::locale::SortKey, GlossaryEntry)> = entries
            .into_iter()
            .map(|(n, e)| {
                let term = &loaded.terms[n].1;
                let by = term.reading.as_ref().map(|r| self.plain(r)).unwrap_or_else(|| e.term.clone());
                (self.locale.sort_key(&by), e)
            })
            .collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.term.cmp(&b.1.term)));
        Some(Glossary {
            heading: self.locale.glossary_heading(),
            anchor: GLOSSARY.into(),
            entries: sorted.into_iter().map(|(_, e)| e).collect(),
        })
    }

    fn glossary_entry(&mut self, file: FileId, term: &model::Term, n: usize) -> GlossaryEntry {
        let cites = has_cite(&parse_inline_with(term.definition.get_ref(), false));
        let definition = if cites {
            self.diags.push(
                Diagnostic::error("glossary-citation", "a glossary definition cannot cite a source")
                    .at(file, term.definition.span())
                    .with_label("contains a citation")
                    .with_help("define the term in plain words; facts and their sources belong in the chapters"),
            );
            Vec::new()
        } else {
            // The chapter index only matters for citations, which a definition has none of.
            self.inline(Place { file, chapter: 0, listed: &[] }, &term.definition)
        };
        GlossaryEntry {
            anchor: term_anchor(n),
            term: self.plain(&term.term),
            reading: term.reading.as_ref().map(|r| self.plain(r)).filter(|r| !r.is_empty()),
            expansion_text: term.expansion.as_ref().map(|x| self.locale.parenthetical(&self.plain(x))),
            definition,
        }
    }
}

/// Adds the glossary after the chronology and the index of actors before the colophon, as
/// both outputs place them.
pub(super) fn add_to_contents(
    contents: &mut Vec<ContentsEntry>,
    glossary: Option<&Glossary>,
    index: Option<&ActorIndex>,
) {
    let entry =
        |title: &str, anchor: &str| ContentsEntry { level: 1, title: title.to_string(), anchor: anchor.to_string() };
    if let Some(g) = glossary {
        let at = contents.iter().position(|e| e.anchor == "chronology").map_or(contents.len(), |i| i + 1);
        contents.insert(at, entry(&g.heading, &g.anchor));
    }
    if let Some(ix) = index {
        let at = contents.iter().position(|e| e.anchor == "colophon").unwrap_or(contents.len());
        contents.insert(at, entry(&ix.heading, &ix.anchor));
    }
}

/// The paragraphs and list items of a block, where terms are linked (not captions or cells).
fn block_paragraphs(block: &mut Block) -> Vec<&mut Paragraph> {
    match block {
        Block::Paragraph(p) => vec![p],
        Block::List(l) => l.items.iter_mut().collect(),
        Block::Figure(_) | Block::Table(_) => Vec::new(),
    }
}

/// The anchor of the `n`th term of glossary.toml (0-based), in both outputs.
fn term_anchor(n: usize) -> String {
    format!("term-{}", n + 1)
}

fn has_cite(nodes: &[RawInline]) -> bool {
    nodes.iter().any(|n| match n {
        RawInline::Cite { .. } => true,
        RawInline::Emph(c) | RawInline::Strong(c) | RawInline::Link { children: c, .. } => has_cite(c),
        _ => false,
    })
}

/// Links the first use of each term within one chapter.
struct Linker<'a> {
    /// (form, term index), longest first.
    forms: &'a [(String, usize)],
    anchors: &'a [String],
    /// Terms already linked in this chapter.
    linked: HashSet<usize>,
    /// Terms used anywhere.
    used: &'a mut Vec<bool>,
}

impl Linker<'_> {
    fn nodes(&mut self, nodes: Vec<Inline>) -> Vec<Inline> {
        let mut out = Vec::with_capacity(nodes.len());
        for node in nodes {
            match node {
                Inline::Text { text } => self.text(text, &mut out),
                Inline::Emph { children } => out.push(Inline::Emph { children: self.nodes(children) }),
                Inline::Strong { children } => out.push(Inline::Strong { children: self.nodes(children) }),
                // A term written with its reading (`{魚拓|ぎょたく}`) links as a whole.
                Inline::Ruby { base, reading } => {
                    let ruby = Inline::Ruby { base, reading };
                    let Inline::Ruby { base, .. } = &ruby else { unreachable!() };
                    match self.forms.iter().find(|(f, n)| f == base && !self.linked.contains(n)) {
                        Some(&(_, n)) => {
                            self.linked.insert(n);
                            self.used[n] = true;
                            out.push(Inline::Ref { anchor: self.anchors[n].clone(), children: vec![ruby] });
                        }
                        None => out.push(ruby),
                    }
                }
                other => out.push(other),
            }
        }
        out
    }

    /// Splits a text at the first use of every term not yet linked in the chapter.
    fn text(&mut self, text: String, out: &mut Vec<Inline>) {
        let mut rest = text.as_str();
        loop {
            let found = self
                .forms
                .iter()
                .filter(|(_, n)| !self.linked.contains(n))
                .filter_map(|(form, n)| find_word(rest, form).map(|at| (at, std::cmp::Reverse(form.len()), *n)))
                .min();
            let Some((at, std::cmp::Reverse(len), n)) = found else { break };
            if at > 0 {
                out.push(Inline::Text { text: rest[..at].to_string() });
            }
            out.push(Inline::Ref {
                anchor: self.anchors[n].clone(),
                children: vec![Inline::Text { text: rest[at..at + len].to_string() }],
            });
            self.linked.insert(n);
            self.used[n] = true;
            rest = &rest[at + len..];
        }
        if !rest.is_empty() {
            out.push(Inline::Text { text: rest.to_string() });
        }
    }
}

/// The first place `form` occurs in `text` (ASCII letters compared without case) where a form
/// starting or ending with a Latin letter or digit is not part of a longer word.
fn find_word(text: &str, form: &str) -> Option<usize> {
    let (hay, needle) = (text.as_bytes(), form.as_bytes());
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let word = |b: u8| b.is_ascii_alphanumeric();
    (0..=hay.len() - needle.len()).find(|&at| {
        text.is_char_boundary(at)
            && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
            && !(word(needle[0]) && at > 0 && word(hay[at - 1]))
            && !(word(needle[needle.len() - 1]) && hay.get(at + needle.len()).is_some_and(|b| word(*b)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_and_without_ascii_case() {
        assert_eq!(find_word("the PBX and", "pbx"), Some(4));
        assert_eq!(find_word("IP-PBXes", "PBX"), None);
        assert_eq!(find_word("国際電話の010番号", "010"), Some("国際電話の".len()));
        assert_eq!(find_word("主装置に", "主装置"), Some(0));
    }

    #[test]
    fn first_use_per_chapter_becomes_a_link() {
        let forms = vec![("IP-PBX".to_string(), 0), ("PBX".to_string(), 1)];
        let anchors = vec!["term-1".to_string(), "term-2".to_string()];
        let mut used = vec![false, false];
        let mut l = Linker { forms: &forms, anchors: &anchors, linked: HashSet::new(), used: &mut used };
        let out = l.nodes(vec![Inline::Text { text: "An IP-PBX is a PBX; another PBX.".into() }]);
        let refs: Vec<(&str, String)> = out
            .iter()
            .filter_map(|n| match n {
                Inline::Ref { anchor, children } => Some((anchor.as_str(), Inline::plain(children))),
                _ => None,
            })
            .collect();
        assert_eq!(refs, [("term-1", "IP-PBX".to_string()), ("term-2", "PBX".to_string())]);
        assert_eq!(Inline::plain(&out), "An IP-PBX is a PBX; another PBX.");
        assert_eq!(used, [true, true]);
    }
}
