//! The words and conventions of the look-up parts: the headings of the glossary and the index
//! of actors, the timeline's caption, alternative text and axis labels, and the sort order of
//! entries (Japanese by reading in gojūon order, English alphabetically ignoring case).

use super::{Locale, Style, month_name};
use crate::date::PartialDate;

/// A key that sorts entries as the locale does; compare keys with `Ord`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    /// Latin letters and digits first, then kana, then anything else (a name without reading).
    class: u8,
    /// Letters folded: kana to plain hiragana (no voicing marks, no small kana), Latin to
    /// lower case.
    primary: String,
    /// The text as given, to order what folds alike (は before ば before ぱ).
    secondary: String,
}

impl Locale {
    /// `Glossary` / `用語集`.
    pub fn glossary_heading(&self) -> String {
        pick(self.style, "用語集", "Glossary")
    }

    /// `Index of actors` / `関係者索引`.
    pub fn actor_index_heading(&self) -> String {
        pick(self.style, "関係者索引", "Index of actors")
    }

    /// The timeline figure's caption.
    pub fn timeline_caption(&self) -> String {
        pick(self.style, "出来事の時系列図", "The events on a timeline")
    }

    /// The words of the link from the timeline to the chronology table.
    pub fn timeline_long_description(&self) -> String {
        pick(self.style, "図の内容を表にした年表", "The chronology table: this figure as text")
    }

    /// The timeline's alternative text: its span, how many events, its phases.
    pub fn timeline_alt(&self, first: &str, last: &str, events: usize, phases: &[String]) -> String {
        if first == last {
            return match self.style {
                Style::Japanese => format!(
                    "{first}の{events}件の出来事を、{}つの段階（{}）に分けて時間軸上に示した図。",
                    phases.len(),
                    phases.join("、")
                ),
                Style::English | Style::AmericanEnglish => format!(
                    "A timeline of {events} {} on {first}, in {} {}: {}.",
                    if events == 1 { "event" } else { "events" },
                    phases.len(),
                    if phases.len() == 1 { "phase" } else { "phases" },
                    phases.join("; ")
                ),
            };
        }
        match self.style {
            Style::Japanese => format!(
                "{first}から{last}までの{events}件の出来事を、{}つの段階（{}）に分けて時間軸上に示した図。",
                phases.len(),
                phases.join("、")
            ),
            Style::English | Style::AmericanEnglish => format!(
                "A timeline of {events} {} from {first} to {last}, in {} {}: {}.",
                if events == 1 { "event" } else { "events" },
                phases.len(),
                if phases.len() == 1 { "phase" } else { "phases" },
                phases.join("; ")
            ),
        }
    }

    /// A tick of the time axis: a month (`Mar 2015`, `Apr` / `2015年3月`, `4月`), with the year
    /// when asked, or a year alone (month `None`).
    pub fn axis_tick(&self, year: i32, month: Option<u32>, with_year: bool) -> String {
        match (self.style, month) {
            (Style::Japanese, Some(m)) if with_year => format!("{year}年{m}月"),
            (Style::Japanese, Some(m)) => format!("{m}月"),
            (Style::Japanese, None) => format!("{year}年"),
            (_, Some(m)) if with_year => format!("{} {year}", &month_name(m)[..3]),
            (_, Some(m)) => month_name(m)[..3].to_string(),
            (_, None) => year.to_string(),
        }
    }

    /// A date as the timeline's alternative text gives it.
    pub fn timeline_date(&self, date: &PartialDate) -> String {
        self.without_era().partial_date(date)
    }

    /// The key the glossary and the index sort by: the reading when there is one, else the text.
    pub fn sort_key(&self, text: &str) -> SortKey {
        let primary: String = text.chars().filter_map(fold).collect();
        let class = match primary.chars().next() {
            Some(c) if c.is_ascii_alphanumeric() => 0,
            Some(c) if ('\u{3041}'..='\u{309F}').contains(&c) => 1,
            _ => 2,
        };
        SortKey { class, primary, secondary: text.to_string() }
    }
}

fn pick(style: Style, ja: &str, en: &str) -> String {
    if style == Style::Japanese { ja.to_string() } else { en.to_string() }
}

/// One character folded for sorting: katakana to hiragana, small kana to their full size,
/// voiced and semi-voiced kana to the plain ones (the hiragana block is in gojūon order once
/// folded), Latin to lower case, full-width ASCII to ASCII; spaces, the long vowel mark and
/// punctuation dropped.
fn fold(c: char) -> Option<char> {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60)?,
        _ => c,
    };
    if c.is_ascii_alphanumeric() {
        return Some(c.to_ascii_lowercase());
    }
    if c.is_alphabetic() && !c.is_ascii() && !('\u{3041}'..='\u{3096}').contains(&c) {
        return Some(c.to_lowercase().next().unwrap_or(c));
    }
    if !('\u{3041}'..='\u{3096}').contains(&c) {
        return None;
    }
    const SMALL: &str = "ぁあぃいぅうぇえぉおっつゃやゅゆょよゎわゕかゖけ";
    const VOICED: &str =
        "がかぎきぐくげけごこざさじしずすぜせぞそだたぢちづつでてどとばはぱはびひぴひぶふぷふべへぺへぼほぽほゔう";
    for pairs in [SMALL, VOICED] {
        let chars: Vec<char> = pairs.chars().collect();
        if let Some(pair) = chars.chunks(2).find(|p| p[0] == c) {
            return Some(pair[1]);
        }
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        Locale::new(tag, false).unwrap().0
    }

    #[test]
    fn japanese_sorts_by_reading_in_gojuon_order() {
        let ja = locale("ja");
        // Gojūon: あ か さ た な は ま や ら わ; voicing and small kana fold to the plain kana.
        let mut words =
            vec!["わに", "らっぱ", "やま", "まど", "ばす", "なし", "ダム", "さくら", "がっこう", "あめ", "IP"];
        words.sort_by_key(|w| ja.sort_key(w));
        assert_eq!(
            words,
            ["IP", "あめ", "がっこう", "さくら", "ダム", "なし", "ばす", "まど", "やま", "らっぱ", "わに"]
        );
        assert!(ja.sort_key("はし") < ja.sort_key("ばし"));
        assert!(ja.sort_key("ばし") < ja.sort_key("ぱし"));
        assert!(ja.sort_key("シュ") == ja.sort_key("しゅ") || ja.sort_key("シュ") > ja.sort_key("しゅ"));
    }

    #[test]
    fn timeline_alt_names_its_span_or_its_one_day() {
        let en = locale("en");
        let phases = ["Chapter 1: A".to_string()];
        assert_eq!(
            en.timeline_alt("1 May 2020", "1 May 2020", 1, &phases),
            "A timeline of 1 event on 1 May 2020, in 1 phase: Chapter 1: A."
        );
        assert_eq!(
            en.timeline_alt("1 May 2020", "2 May 2020", 2, &phases),
            "A timeline of 2 events from 1 May 2020 to 2 May 2020, in 1 phase: Chapter 1: A."
        );
    }

    #[test]
    fn english_sorts_alphabetically_ignoring_case() {
        let en = locale("en");
        let mut words = vec!["zebra", "Apple", "banana", "apricot", "PBX"];
        words.sort_by_key(|w| en.sort_key(w));
        assert_eq!(words, ["Apple", "apricot", "banana", "PBX", "zebra"]);
    }
}
