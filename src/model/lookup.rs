//! The look-up data of a report, as written: the actors it declares (`report/actors.toml`,
//! `[[actor]]`) and the terms of its glossary (`report/glossary.toml`, `[[term]]`). Both files
//! are optional; each entry is read on its own, as sources are, so one bad entry does not
//! hide the next.

use schemars::JsonSchema;
use serde::Deserialize;

use super::Text;

/// `report/actors.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorsFile {
    /// One entry per person or organisation named in events' `actors`.
    #[serde(default)]
    pub actor: Vec<Actor>,
}

/// One `[[actor]]`: a person or organisation, declared once so that every name it goes by
/// in events' `actors` leads to one entry of the index of actors.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The full name, as the index prints it (`東日本電信電話株式会社`).
    pub name: Text,
    /// The short name events use (`NTT東日本`), printed after the full name.
    pub short: Option<Text>,
    /// Other names the actor goes by in events' `actors`.
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// How the name is read, in kana for Japanese (`ひがしにほんでんしんでんわ`): the index
    /// sorts by it. English reports may give a sort form (`Smith, John`).
    pub reading: Option<Text>,
    /// What the actor is in the case (`通信事業者`, `regulator`).
    pub role: Option<Text>,
}

/// `report/glossary.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    /// One entry per term.
    #[serde(default)]
    pub term: Vec<Term>,
}

/// One `[[term]]` of the glossary.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term as it appears in the text (`主装置`, `IP-PBX`).
    pub term: Text,
    /// Its reading in kana (`しゅそうち`), shown as ruby in the glossary; the glossary sorts
    /// by it.
    pub reading: Option<Text>,
    /// What an acronym stands for (`Internet Protocol Private Branch Exchange`).
    pub expansion: Option<Text>,
    /// The definition (inline Markdown subset: emphasis, links).
    pub definition: Text,
    /// Other spellings of the term in the text that link to its entry as well.
    #[serde(default)]
    pub forms: Vec<Text>,
}

/// Every printed text of the look-up files, with the index of the file it is in (see
/// [`super::printed_texts`]).
pub fn lookup_printed_texts<'a>(actors: &'a [(usize, Actor)], terms: &'a [(usize, Term)]) -> Vec<(usize, &'a Text)> {
    let mut texts: Vec<(usize, &Text)> = Vec::new();
    for (f, a) in actors {
        texts.push((*f, &a.name));
        texts.extend(a.short.iter().chain(&a.aliases).chain(&a.reading).chain(&a.role).map(|t| (*f, t)));
    }
    for (f, t) in terms {
        texts.extend([&t.term, &t.definition].into_iter().map(|x| (*f, x)));
        texts.extend(t.reading.iter().chain(&t.expansion).chain(&t.forms).map(|x| (*f, x)));
    }
    texts
}
