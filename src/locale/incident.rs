//! The words and conventions of the incident-report elements (issue 17): the summary page and
//! its key facts, impact figures, recommendations and their status, appendix letters, times of
//! day and elapsed time, the classification marking and the revision history. Part of the
//! [`Locale`]: the renderers receive these strings finished.

use serde::Serialize;

use super::{Locale, Style};
use crate::date::{Elapsed, TimeOfDay};
use crate::model::RecommendationStatus;

/// The fixed words of the incident-report elements, in the report's language.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct IncidentWords {
    pub summary: String,
    pub key_facts: String,
    pub first_event: String,
    pub last_event: String,
    pub detected: String,
    pub disclosed: String,
    pub total_span: String,
    pub event_count: String,
    pub source_count: String,
    pub impact: String,
    pub figure: String,
    pub value: String,
    pub as_of: String,
    pub recommendations: String,
    pub number: String,
    pub recommendation: String,
    pub owner: String,
    pub status: String,
    pub due: String,
    pub addresses: String,
    pub addressed_by: String,
    pub classification: String,
    pub revision_history: String,
    pub changes: String,
    pub date: String,
    pub version: String,
}

impl Locale {
    /// The words of the incident-report elements.
    pub fn incident_words(&self) -> IncidentWords {
        let ja = self.style == Style::Japanese;
        let s = |j: &str, e: &str| if ja { j.to_string() } else { e.to_string() };
        IncidentWords {
            summary: s("要旨", "Summary"),
            key_facts: s("主な事実", "Key facts"),
            first_event: s("最初の出来事", "First event"),
            last_event: s("最後の出来事", "Last event"),
            detected: s("発覚", "Detected"),
            disclosed: s("公表・報道", "Disclosed"),
            total_span: s("全期間", "Total span"),
            event_count: s("出来事の数", "Events"),
            source_count: s("出典の数", "Sources"),
            impact: s("影響", "Impact"),
            figure: s("項目", "Figure"),
            value: s("数値", "Value"),
            as_of: s("時点", "As of"),
            recommendations: s("勧告", "Recommendations"),
            number: s("番号", "No."),
            recommendation: s("勧告", "Recommendation"),
            owner: s("担当", "Owner"),
            status: s("状況", "Status"),
            due: s("期限", "Due"),
            addresses: s("対象", "Addresses"),
            addressed_by: s("関連する勧告", "Addressed by"),
            classification: s("取扱区分", "Classification"),
            revision_history: s("改訂履歴", "Revision history"),
            changes: s("改訂内容", "Changes"),
            date: s("日付", "Date"),
            version: s("版", "Version"),
        }
    }

    /// `Appendix A` / `付録A` (the 27th appendix is `AA`).
    pub fn appendix_number(&self, number: usize) -> String {
        let letters = appendix_letters(number);
        match self.style {
            Style::Japanese => format!("付録{letters}"),
            Style::English | Style::AmericanEnglish => format!("Appendix {letters}"),
        }
    }

    /// `Recommendation 1` / `勧告1`.
    pub fn recommendation_number(&self, number: usize) -> String {
        match self.style {
            Style::Japanese => format!("勧告{number}"),
            Style::English | Style::AmericanEnglish => format!("Recommendation {number}"),
        }
    }

    /// The name of a recommendation's status.
    pub fn status_name(&self, status: RecommendationStatus) -> &'static str {
        let ja = self.style == Style::Japanese;
        match status {
            RecommendationStatus::Open => super::pick(ja, "未着手", "open"),
            RecommendationStatus::InProgress => super::pick(ja, "対応中", "in progress"),
            RecommendationStatus::Done => super::pick(ja, "完了", "done"),
            RecommendationStatus::Declined => super::pick(ja, "見送り", "declined"),
        }
    }

    /// Status counts as one line: `2 open, 1 in progress and 1 done` / `未着手2件、対応中1件`.
    pub fn status_counts(&self, counts: &[(RecommendationStatus, usize)]) -> String {
        let items: Vec<String> = counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(status, n)| match self.style {
                Style::Japanese => format!("{}{n}件", self.status_name(*status)),
                Style::English | Style::AmericanEnglish => format!("{n} {}", self.status_name(*status)),
            })
            .collect();
        self.list(&items)
    }

    /// A number with thousands separators: `1,200`, `3.5`, `12,000.25`.
    pub fn number(&self, value: f64) -> String {
        let text =
            if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { value.to_string() };
        let (sign, digits) = text.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", text.as_str()));
        let (int, frac) = digits.split_once('.').map(|(i, f)| (i, Some(f))).unwrap_or((digits, None));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        match frac {
            Some(f) => format!("{sign}{grouped}.{f}"),
            None => format!("{sign}{grouped}"),
        }
    }

    /// An impact figure's value with its unit: `1,200 patients`, `at least 1,200 patients`,
    /// `1,200–1,500 patients` / `1,200人`, `1,200人以上`, `1,200〜1,500人`.
    pub fn impact_value(&self, value: f64, max: Option<f64>, at_least: bool, unit: Option<&str>) -> String {
        let unit = unit.unwrap_or("");
        let amount = match max {
            Some(max) => match self.style {
                Style::Japanese => format!("{}〜{}", self.number(value), self.number(max)),
                Style::English | Style::AmericanEnglish => format!("{}–{}", self.number(value), self.number(max)),
            },
            None => self.number(value),
        };
        match self.style {
            Style::Japanese => {
                let more = if at_least { "以上" } else { "" };
                format!("{amount}{unit}{more}")
            }
            Style::English | Style::AmericanEnglish => {
                let spaced =
                    if unit.is_empty() || unit.starts_with('%') { unit.to_string() } else { format!(" {unit}") };
                let lead = if at_least { "at least " } else { "" };
                format!("{lead}{amount}{spaced}")
            }
        }
    }

    /// `as of 20 March 2024` / `2024年3月20日時点`.
    pub fn as_of(&self, date: &str) -> String {
        match self.style {
            Style::Japanese => format!("{date}時点"),
            Style::English | Style::AmericanEnglish => format!("as of {date}"),
        }
    }

    /// A value with a remark: `1,200 patients (as of 20 March 2024)`.
    pub fn with_remark(&self, value: &str, remark: &str) -> String {
        format!("{value}{}", self.parenthetical(remark))
    }

    /// A date followed by its time of day and zone: `9 March 2024, 03:14 UTC`,
    /// `2024年3月9日 12:14（UTC+09:00）`.
    pub fn with_time(&self, date: &str, time: &TimeOfDay) -> String {
        let zone = if time.offset_minutes == 0 { "UTC".to_string() } else { format!("UTC{}", time.offset()) };
        let clock = format!("{:02}:{:02}", time.hour, time.minute);
        match self.style {
            Style::Japanese => format!("{date} {clock}（{zone}）"),
            Style::English | Style::AmericanEnglish => format!("{date}, {clock} {zone}"),
        }
    }

    /// Elapsed time: days (`1 day`, `13日`), or for two times of day hours and minutes
    /// (`3 hours 14 minutes`, `3時間14分`; `2 days 3 hours`, `2日3時間`).
    pub fn elapsed(&self, elapsed: Elapsed) -> String {
        let minutes = match elapsed {
            Elapsed::Days(d) => return self.days(d),
            Elapsed::Minutes(m) => m,
        };
        let sign = if minutes < 0 { "-" } else { "" };
        let m = minutes.abs();
        let (days, hours, mins) = (m / 1440, (m % 1440) / 60, m % 60);
        let ja = self.style == Style::Japanese;
        let unit = |n: i64, one: &str, many: &str, jp: &str| {
            if ja {
                format!("{n}{jp}")
            } else if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let parts: Vec<String> = if days > 0 {
            [(days, "day", "days", "日"), (hours, "hour", "hours", "時間")]
                .into_iter()
                .filter(|(n, ..)| *n > 0)
                .map(|(n, o, p, j)| unit(n, o, p, j))
                .collect()
        } else if hours > 0 {
            [(hours, "hour", "hours", "時間"), (mins, "minute", "minutes", "分")]
                .into_iter()
                .filter(|(n, ..)| *n > 0)
                .map(|(n, o, p, j)| unit(n, o, p, j))
                .collect()
        } else {
            vec![unit(mins, "minute", "minutes", "分")]
        };
        format!("{sign}{}", parts.join(if ja { "" } else { " " }))
    }

    /// [`Locale::elapsed`], or the mark for "not known".
    pub fn elapsed_or_unknown(&self, elapsed: Option<Elapsed>) -> String {
        elapsed.map(|e| self.elapsed(e)).unwrap_or_else(|| self.days_or_unknown(None))
    }
}

/// `A` … `Z`, `AA`, `AB` … (bijective base 26).
pub fn appendix_letters(mut number: usize) -> String {
    let mut letters = Vec::new();
    while number > 0 {
        number -= 1;
        letters.push((b'A' + (number % 26) as u8) as char);
        number /= 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        Locale::new(tag, false).unwrap().0
    }

    #[test]
    fn appendices_are_lettered() {
        assert_eq!(locale("en").appendix_number(1), "Appendix A");
        assert_eq!(locale("ja").appendix_number(2), "付録B");
        assert_eq!(appendix_letters(27), "AA");
    }

    #[test]
    fn numbers_values_and_elapsed_time() {
        let en = locale("en");
        assert_eq!(en.number(1200.0), "1,200");
        assert_eq!(en.number(1234567.5), "1,234,567.5");
        assert_eq!(en.impact_value(1200.0, None, true, Some("patients")), "at least 1,200 patients");
        assert_eq!(en.impact_value(3.0, Some(5.0), false, Some("days")), "3–5 days");
        assert_eq!(locale("ja").impact_value(1200.0, None, true, Some("人")), "1,200人以上");
        assert_eq!(en.elapsed(Elapsed::Minutes(194)), "3 hours 14 minutes");
        assert_eq!(en.elapsed(Elapsed::Minutes(1)), "1 minute");
        assert_eq!(en.elapsed(Elapsed::Minutes(1440 + 60)), "1 day 1 hour");
        assert_eq!(locale("ja").elapsed(Elapsed::Minutes(194)), "3時間14分");
        let t = TimeOfDay { hour: 3, minute: 14, offset_minutes: 0 };
        assert_eq!(en.with_time("9 March 2024", &t), "9 March 2024, 03:14 UTC");
        let jst = TimeOfDay { hour: 12, minute: 14, offset_minutes: 540 };
        assert_eq!(locale("ja").with_time("2024年3月9日", &jst), "2024年3月9日 12:14（UTC+09:00）");
    }
}
