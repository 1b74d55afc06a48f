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
    /// One `[[actor]]` per person or organisation named in events' `actors`; each becomes an
    /// entry of the index of actors in both outputs.
    #[serde(default)]
    pub actor: Vec<Actor>,
}

/// One `[[actor]]`: a person or organisation, declared once so that every name it goes by
/// in events' `actors` leads to one entry of the index of actors.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The full name, as the index of actors prints it, e.g. `"東日本電信電話株式会社"`.
    pub name: Text,
    /// The short name events use, printed after the full name in the index, e.g. `"NTT東日本"`.
    pub short: Option<Text>,
    /// Other names the actor goes by in events' `actors`, e.g. `["NTT東"]`; not printed.
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// How the name is read, in kana for Japanese, e.g. `"ひがしにほんでんしんでんわ"`: the
    /// index sorts by it (gojūon order). English reports may give a sort form (`"Smith, John"`).
    pub reading: Option<Text>,
    /// What the actor is in the case, printed beside its name in the index, e.g. `"通信事業者"`.
    pub role: Option<Text>,
}

/// `report/glossary.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    /// One `[[term]]` per term; the glossary of both outputs lists them in the locale's order.
    #[serde(default)]
    pub term: Vec<Term>,
}

/// One `[[term]]` of the glossary.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term as it appears in the chapters' text, e.g. `"主装置"`; its first use in each
    /// chapter links to its glossary entry.
    pub term: Text,
    /// Its reading in kana, e.g. `"しゅそうち"`: ruby over the term in the glossary, and the
    /// key the glossary sorts by.
    pub reading: Option<Text>,
    /// What an acronym stands for, printed after the term in the glossary, e.g.
    /// `"virtual private network"`.
    pub expansion: Option<Text>,
    /// The definition in plain words (inline Markdown subset, no citations), e.g.
    /// `"An encrypted connection into a private network over the internet."`.
    pub definition: Text,
    /// Other spellings of the term in the text that link to its entry as well, e.g.
    /// `["VPNs"]`; not printed.
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
