//! Report dates: full (`2015-03-11`), month (`2015-03`) and year (`2015`) precision, ranges
//! (`2015-03-11/2015-03-20`), and a time of day with its zone on a full date
//! (`2024-03-09T03:14Z`, `2024-03-09T12:14+09:00`), with their ordering, day counts, elapsed
//! time and Japanese era years.
//!
//! A date with a time sorts by its instant in UTC (`2024-03-09T08:00+09:00` is 23:00 UTC on
//! 8 March); a date without a time sorts before the times of its day (the less precise
//! statement is the earlier bound). Elapsed time between two timed dates is counted in
//! minutes, otherwise in days.
//! How a date is written for a reader is the locale's (`crate::locale`).
//!
//! Calendar arithmetic is chrono's; this module only adds precision.

use std::cmp::Ordering;
use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

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
    /// The time of day of a single full date.
    pub time: Option<TimeOfDay>,
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
    /// A malformed time of day or zone (what is wrong).
    Time(String),
}

/// A time of day with its zone, as an offset from UTC: `03:14Z`, `12:14+09:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    pub hour: u32,
    pub minute: u32,
    /// Minutes east of UTC (`+09:00` is 540).
    pub offset_minutes: i32,
}

/// Time elapsed between two dates: minutes when both carry a time of day, days otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elapsed {
    Days(i64),
    Minutes(i64),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Syntax => f.write_str("not a date"),
            DateError::Impossible(what) => write!(f, "impossible date: {what}"),
            DateError::Backwards => f.write_str("the range ends before it starts"),
            DateError::Time(what) => f.write_str(what),
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
        if let Some((date, time)) = text.split_once('T') {
            if date.contains('/') || time.contains('/') {
                return Err(DateError::Time("a range cannot carry a time of day".into()));
            }
            let start = PartialDate::parse(date)?;
            if start.day.is_none() {
                return Err(DateError::Time("a time of day needs a full date (YYYY-MM-DD)".into()));
            }
            return Ok(Self { start, end: None, time: Some(TimeOfDay::parse(time)?) });
        }
        match text.split_once('/') {
            Some((a, b)) => {
                let start = PartialDate::parse(a.trim())?;
                let end = PartialDate::parse(b.trim())?;
                if end < start {
                    return Err(DateError::Backwards);
                }
                Ok(Self { start, end: Some(end), time: None })
            }
            None => Ok(Self { start: PartialDate::parse(text)?, end: None, time: None }),
        }
    }

    /// ISO 8601 form (`2015-03-11`, `2015-03/2015-06`, `2024-03-09T03:14+00:00`), as the
    /// EPUB's `<time datetime>` takes it.
    pub fn iso(&self) -> String {
        match (&self.end, &self.time) {
            (Some(end), _) => format!("{}/{}", self.start.iso(), end.iso()),
            (None, Some(t)) => format!("{}T{}", self.start.iso(), t.iso()),
            (None, None) => self.start.iso(),
        }
    }

    /// Whole days from `self` to `later`, when both are known to the day: from the end of
    /// `self` when it is a range (what happened after it), to the start of `later`.
    /// (For dates with a time of day, the days as written, in each date's own zone.)
    pub fn days_until(&self, later: &DateSpec) -> Option<i64> {
        let from = self.end.unwrap_or(self.start);
        Some((later.start.naive()? - from.naive()?).num_days())
    }

    /// An HTML `datetime` value: a timed date in full (`2024-03-09T14:05+01:00`, a global date
    /// and time), otherwise the date or a range's first day (HTML has no intervals).
    pub fn html_datetime(&self) -> String {
        if self.time.is_some() { self.iso() } else { self.start.iso() }
    }

    /// The moment in UTC, when the date carries a time of day.
    pub fn utc(&self) -> Option<NaiveDateTime> {
        let t = self.time?;
        let local = self.start.naive()?.and_hms_opt(t.hour, t.minute, 0)?;
        Some(local - Duration::minutes(t.offset_minutes.into()))
    }

    /// Time from `self` to `later`: in minutes when both carry a time of day, else in days.
    pub fn elapsed_until(&self, later: &DateSpec) -> Option<Elapsed> {
        match (self.utc(), later.utc()) {
            (Some(a), Some(b)) => Some(Elapsed::Minutes((b - a).num_minutes())),
            _ => self.days_until(later).map(Elapsed::Days),
        }
    }

    /// Sort key of the start: the UTC date and minute for a timed date (0 without a time).
    fn key(&self) -> ((i32, u32, u32), u32) {
        match self.utc() {
            Some(t) => ((t.year(), t.month(), t.day()), t.hour() * 60 + t.minute() + 1),
            None => (self.start.key(), 0),
        }
    }
}

impl TimeOfDay {
    /// Parses `hh:mm` followed by its zone: `Z`, `+hh:mm` or `-hh:mm`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let bad = |what: &str| Err(DateError::Time(what.to_string()));
        let split = text.find(['Z', 'z', '+', '-']);
        let Some(split) = split else {
            return bad("the time of day has no zone: add Z (UTC) or an offset such as +09:00");
        };
        let (clock, zone) = text.split_at(split);
        let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        let Some((h, m)) = clock.split_once(':').filter(|(h, m)| two(h) && two(m)) else {
            return bad("not a time of day: write hh:mm (24-hour clock)");
        };
        let (hour, minute): (u32, u32) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
        if hour > 23 {
            return Err(DateError::Time(format!("there is no hour {hour}")));
        }
        if minute > 59 {
            return Err(DateError::Time(format!("there is no minute {minute}")));
        }
        let offset_minutes = if zone.eq_ignore_ascii_case("z") {
            0
        } else {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let Some((oh, om)) = zone[1..].split_once(':').filter(|(h, m)| two(h) && two(m)) else {
                return Err(DateError::Time(format!("`{zone}` is not a zone: write Z or an offset such as +09:00")));
            };
            let (oh, om): (i32, i32) = (oh.parse().unwrap_or(99), om.parse().unwrap_or(99));
            if om > 59 || oh > 14 || (oh == 14 && om > 0) || (sign < 0 && oh * 60 + om > 720) {
                return Err(DateError::Time(format!("`{zone}` is not a UTC offset (from -12:00 to +14:00)")));
            }
            sign * (oh * 60 + om)
        };
        Ok(Self { hour, minute, offset_minutes })
    }

    /// `03:14+00:00`.
    pub fn iso(&self) -> String {
        format!("{:02}:{:02}{}", self.hour, self.minute, self.offset())
    }

    /// `+09:00`, `-05:00`, `+00:00`.
    pub fn offset(&self) -> String {
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let m = self.offset_minutes.abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

impl Ord for DateSpec {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key()
            .cmp(&other.key())
            .then_with(|| self.start.cmp(&other.start))
            .then_with(|| self.end.cmp(&other.end))
            .then_with(|| {
                let off = |d: &DateSpec| d.time.map(|t| t.offset_minutes);
                off(self).cmp(&off(other))
            })
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

    #[test]
    fn times_of_day_order_by_their_instant_in_utc() {
        let d = |s| DateSpec::parse(s).unwrap();
        // 08:00 in Tokyo is 23:00 UTC the day before.
        let mut v = [d("2024-03-09T03:14Z"), d("2024-03-09T08:00+09:00"), d("2024-03-09"), d("2024-03-08")];
        v.sort();
        let iso: Vec<String> = v.iter().map(|x| x.iso()).collect();
        assert_eq!(iso, ["2024-03-08", "2024-03-09T08:00+09:00", "2024-03-09", "2024-03-09T03:14+00:00"]);
        // 03:14 UTC to 12:30 at +09:00 (03:30 UTC): 16 minutes.
        assert_eq!(d("2024-03-09T03:14Z").elapsed_until(&d("2024-03-09T12:30+09:00")), Some(Elapsed::Minutes(16)));
        assert_eq!(d("2024-03-09T03:14Z").elapsed_until(&d("2024-03-11")), Some(Elapsed::Days(2)));
    }

    #[test]
    fn malformed_times_and_zones_are_refused() {
        let err = |s| match DateSpec::parse(s) {
            Err(DateError::Time(m)) => m,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(err("2024-03-09T03:14"), "the time of day has no zone: add Z (UTC) or an offset such as +09:00");
        assert_eq!(err("2024-03-09T25:00Z"), "there is no hour 25");
        assert_eq!(err("2024-03-09T3:14Z"), "not a time of day: write hh:mm (24-hour clock)");
        assert_eq!(err("2024-03-09T03:14+25:00"), "`+25:00` is not a UTC offset (from -12:00 to +14:00)");
        assert_eq!(err("2024-03-09T03:14+0900"), "`+0900` is not a zone: write Z or an offset such as +09:00");
        assert_eq!(err("2024-03T03:14Z"), "a time of day needs a full date (YYYY-MM-DD)");
    }
}
