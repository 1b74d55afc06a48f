//! Report dates: full (`2015-03-11`), month (`2015-03`) and year (`2015`) precision, and
//! ranges (`2015-03-11/2015-03-20`), with their ordering, day counts and Japanese era years.
//! How a date is written for a reader is the locale's (`crate::locale`).
//!
//! Calendar arithmetic is chrono's; this module only adds precision.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A calendar date known to the day, the month or only the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// A date as written in a report: one partial date or an inclusive range of two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateSpec {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
}

/// Why a date string was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `A/B`.
    Syntax,
    /// Well formed, but not a day of the calendar (`2015-02-30`, month 13).
    Impossible(String),
    /// A range whose end comes before its start.
    Backwards,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Syntax => f.write_str("not a date"),
            DateError::Impossible(what) => write!(f, "impossible date: {what}"),
            DateError::Backwards => f.write_str("the range ends before it starts"),
        }
    }
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four-digit year, two-digit month and day).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let parts: Vec<&str> = text.split('-').collect();
        let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        let digits = parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !digits || !matches!(lens.as_slice(), [4] | [4, 2] | [4, 2, 2]) {
            return Err(DateError::Syntax);
        }
        let year: i32 = parts[0].parse().map_err(|_| DateError::Syntax)?;
        let month: Option<u32> = parts.get(1).map(|m| m.parse().unwrap_or(0));
        let day: Option<u32> = parts.get(2).map(|d| d.parse().unwrap_or(0));
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError::Impossible(format!("there is no month {m}")));
        }
        if let (Some(m), Some(d)) = (month, day)
            && NaiveDate::from_ymd_opt(year, m, d).is_none()
        {
            return Err(DateError::Impossible(format!("{year}-{m:02} has no day {d}")));
        }
        Ok(Self { year, month, day })
    }

    /// The day, when the date is known to the day.
    pub fn naive(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// The first day the date can mean.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)).unwrap_or(NaiveDate::MIN)
    }

    /// ISO 8601 form, as written (`2015`, `2015-03`, `2015-03-11`).
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Sort key: a month-precision date sorts before the days of that month, a year before
    /// its months (the less precise statement is the earlier bound).
    fn key(&self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl DateSpec {
    /// Parses a date or a range `A/B` (ISO 8601 interval notation).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        match text.split_once('/') {
            Some((a, b)) => {
                let start = PartialDate::parse(a.trim())?;
                let end = PartialDate::parse(b.trim())?;
                if end < start {
                    return Err(DateError::Backwards);
                }
                Ok(Self { start, end: Some(end) })
            }
            None => Ok(Self { start: PartialDate::parse(text)?, end: None }),
        }
    }

    pub fn iso(&self) -> String {
        match &self.end {
            Some(end) => format!("{}/{}", self.start.iso(), end.iso()),
            None => self.start.iso(),
        }
    }

    /// Whole days from `self` to `later`, when both are known to the day: from the end of
    /// `self` when it is a range (what happened after it), to the start of `later`.
    pub fn days_until(&self, later: &DateSpec) -> Option<i64> {
        let from = self.end.unwrap_or(self.start);
        Some((later.start.naive()? - from.naive()?).num_days())
    }
}

impl Ord for DateSpec {
    fn cmp(&self, other: &Self) -> Ordering {
        self.start.cmp(&other.start).then_with(|| self.end.cmp(&other.end))
    }
}

impl PartialOrd for DateSpec {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Japanese era year (`平成27年`) of a date, when the date decides it. A year or month that
/// straddles an era change (e.g. 2019-04 / 2019-05) is written with both eras.
pub fn japanese_era(date: &PartialDate) -> Option<String> {
    // (first day, name) from the 元号法 era list, newest first.
    const ERAS: [((i32, u32, u32), &str); 4] =
        [((2019, 5, 1), "令和"), ((1989, 1, 8), "平成"), ((1926, 12, 25), "昭和"), ((1912, 7, 30), "大正")];
    let name_of = |d: NaiveDate| -> Option<String> {
        for ((y, m, dd), name) in ERAS {
            let first = NaiveDate::from_ymd_opt(y, m, dd)?;
            if d >= first {
                let n = d.year() - first.year() + 1;
                return Some(if n == 1 { format!("{name}元年") } else { format!("{name}{n}年") });
            }
        }
        None
    };
    let first = date.first_day();
    let last = match (date.month, date.day) {
        (Some(_), Some(_)) => first,
        (Some(m), None) => {
            let (ny, nm) = if m == 12 { (date.year + 1, 1) } else { (date.year, m + 1) };
            NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?
        }
        _ => NaiveDate::from_ymd_opt(date.year, 12, 31)?,
    };
    let (a, b) = (name_of(first)?, name_of(last)?);
    Some(if a == b { a } else { format!("{a}／{b}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_precisions_and_refuses_impossible_days() {
        assert_eq!(PartialDate::parse("2015").unwrap().month, None);
        assert_eq!(PartialDate::parse("2015-03").unwrap().month, Some(3));
        assert_eq!(PartialDate::parse("2015-03-11").unwrap().day, Some(11));
        assert!(matches!(PartialDate::parse("2015-02-29"), Err(DateError::Impossible(_))));
        assert!(PartialDate::parse("2016-02-29").is_ok());
        assert!(matches!(PartialDate::parse("2015-13"), Err(DateError::Impossible(_))));
        assert_eq!(PartialDate::parse("2015-3-11"), Err(DateError::Syntax));
        assert_eq!(PartialDate::parse("March"), Err(DateError::Syntax));
        assert_eq!(DateSpec::parse("2015-03-20/2015-03-11"), Err(DateError::Backwards));
    }

    #[test]
    fn orders_less_precise_first() {
        let d = |s| DateSpec::parse(s).unwrap();
        let mut v = [d("2015-03-11"), d("2015-03"), d("2015"), d("2015-02-28")];
        v.sort();
        let iso: Vec<String> = v.iter().map(|x| x.iso()).collect();
        assert_eq!(iso, ["2015", "2015-02-28", "2015-03", "2015-03-11"]);
    }

    #[test]
    fn era_years_change_with_the_era() {
        let reiwa1 = PartialDate::parse("2019-05-01").unwrap();
        assert_eq!(japanese_era(&reiwa1).unwrap(), "令和元年");
        let heisei27 = PartialDate::parse("2015-03-11").unwrap();
        assert_eq!(japanese_era(&heisei27).unwrap(), "平成27年");
        let straddle = PartialDate::parse("2019").unwrap();
        assert_eq!(japanese_era(&straddle).unwrap(), "平成31年／令和元年");
    }

    #[test]
    fn counts_days_only_between_known_days() {
        let a = DateSpec::parse("2015-03-11").unwrap();
        let b = DateSpec::parse("2015-06-12").unwrap();
        assert_eq!(a.days_until(&b), Some(93));
        assert_eq!(a.days_until(&DateSpec::parse("2015-06").unwrap()), None);
        // After a range, from its end: 20 March → 12 June.
        let range = DateSpec::parse("2015-03-11/2015-03-20").unwrap();
        assert_eq!(range.days_until(&b), Some(84));
    }
}
