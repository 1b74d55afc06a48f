//! The timeline figure: every dated event as a mark on a horizontal time axis, the chapters as
//! lanes, long quiet stretches compressed behind a visible break, and labels set in rows so
//! that no two intersect. The geometry is computed here once, in points, into
//! [`Timeline`]; the PDF template and the EPUB's SVG only draw it.
//!
//! How it is laid out:
//! - **Time → x.** Each event covers the days its date can mean (a month-precision date its
//!   whole month, a range from its first to its last day). Covered stretches closer than a
//!   fifth of the whole span (and at most 45 days apart) form one segment; longer gaps become
//!   breaks of fixed width. The segments share the rest of the axis in proportion to their days,
//!   each padded so that its first and last marks stand clear of a break.
//! - **Lanes.** One per chapter with dated events, named by its number; marks of a lane that
//!   would touch go to a second (third…) row of the lane.
//! - **Labels.** Each event's title, wrapped at a fixed width, is set under the axis beside its
//!   mark with a leader line up to the mark. Each label goes into the first row where its box
//!   meets no other box and, when it can, where no leader passes through or next to another
//!   label; three placements are tried (left half rightwards / right half leftwards, all
//!   rightwards from the right, all leftwards from the left) and the one with the fewest
//!   crossing leaders, then the fewest rows, is kept. All-rightwards never crosses, so a
//!   crossing is only ever kept where a label must turn at the edge. Text widths are estimated
//!   on the safe side
//!   (a wide character one em, Latin letters by class), so the boxes hold the set text.

use chrono::{Datelike, NaiveDate};

use super::Resolver;
use crate::date::{DateSpec, PartialDate};
use crate::document::*;
use crate::model::Paper;

/// The anchor of the figure and of the chronology table, its long description.
pub const TIMELINE: &str = "timeline";
pub const CHRONOLOGY_TABLE: &str = "chronology-table";

const FONT: f64 = 6.5;
const LINE: f64 = 8.0;
const LABEL_MAX: f64 = 80.0;
const BREAK: f64 = 16.0;
const LANE_ROW: f64 = 9.0;
const GAP: f64 = 3.0;
/// How far a leader stays from any label but its own.
const CLEAR: f64 = 5.0;
const PALETTE: [&str; 6] = ["#2f6690", "#b5523b", "#3a7d44", "#7b5ea7", "#a67c00", "#4a5a6a"];

/// An event as the timeline needs it.
#[derive(Clone, Debug)]
pub(crate) struct Dated {
    pub anchor: String,
    pub label: String,
    pub date: DateSpec,
    pub lane: usize,
}

impl Resolver<'_> {
    /// The figure, or none when the report turns it off or has no dated event.
    /// A figure taller than a page (too many events or chapters to label legibly) is left out
    /// with a warning at `at` (the report's chapter list).
    pub(super) fn timeline(
        &mut self,
        chapters: &[Chapter],
        paper: Paper,
        at: (crate::diagnostics::FileId, std::ops::Range<usize>),
    ) -> Option<Timeline> {
        let mut lanes: Vec<String> = Vec::new();
        let mut events = Vec::new();
        let mut phases = Vec::new();
        for ch in chapters {
            let dated: Vec<Dated> = ch
                .events
                .iter()
                .filter_map(|ev| {
                    let date = self.index.events.get(&ev.id).and_then(|e| e.date)?;
                    Some(Dated { anchor: ev.anchor.clone(), label: ev.title.clone(), date, lane: lanes.len() })
                })
                .collect();
            if !dated.is_empty() {
                lanes.push(ch.number_text.clone());
                phases.push(ch.heading.clone());
                events.extend(dated);
            }
        }
        if events.is_empty() {
            return None;
        }
        events.sort_by_key(|e| e.date);
        let first = events.first().map(|e| e.date.start)?;
        let last = events.iter().map(|e| e.date.end.unwrap_or(e.date.start)).max()?;
        let alt = self.locale.timeline_alt(
            &self.locale.timeline_date(&first),
            &self.locale.timeline_date(&last),
            events.len(),
            &phases,
        );
        let room = 0.8 * text_height(paper);
        let mut t =
            layout(&events, &lanes, text_width(paper), room, &|y, m, with_year| self.locale.axis_tick(y, m, with_year));
        t.caption = self.locale.timeline_caption();
        t.alt = alt;
        t.long_description = self.locale.timeline_long_description();
        if t.height > room {
            self.diags.push(
                crate::diagnostics::Diagnostic::warning(
                    "timeline-too-tall",
                    format!(
                        "the timeline figure is left out: {} events in {} chapters need at least {:.0} pt, more than a page holds ({:.0} pt)",
                        events.len(),
                        t.lanes.len(),
                        t.height,
                        room
                    ),
                )
                .at(at.0, at.1)
                .with_label("the events of these chapters")
                .with_help("set `timeline = false` under [output] in report.toml to leave it out without this warning"),
            );
            return None;
        }
        Some(t)
    }
}

/// The width of the text block of each paper (the template's margins: 22 mm inside, 20 mm
/// outside), in points.
fn text_width(paper: Paper) -> f64 {
    let mm = |v: f64| v * 72.0 / 25.4;
    match paper {
        Paper::A4 => mm(210.0 - 42.0),
        Paper::UsLetter => 612.0 - mm(42.0),
        Paper::JisB5 => mm(182.0 - 42.0),
    }
}

/// The height of the text block of each paper (the template's margins: 25 mm top and bottom).
fn text_height(paper: Paper) -> f64 {
    let mm = |v: f64| v * 72.0 / 25.4;
    match paper {
        Paper::A4 => mm(297.0 - 50.0),
        Paper::UsLetter => 792.0 - mm(50.0),
        Paper::JisB5 => mm(257.0 - 50.0),
    }
}

/// The estimated width of a text at the figure's size: on the safe side of both the serif
/// and the Gothic faces.
pub(crate) fn estimate(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if crate::inline::is_wide(c) {
                1.0
            } else if c == ' ' {
                0.33
            } else if c.is_ascii_uppercase() || c == 'm' || c == 'w' || c == '%' || c == '@' {
                0.8
            } else if c.is_ascii_punctuation() {
                0.45
            } else {
                0.6
            }
        })
        .sum::<f64>()
        * FONT
}

/// A label's text in lines no wider than [`LABEL_MAX`]: Latin text breaks at spaces, wide
/// characters anywhere but before closing and after opening punctuation.
pub(crate) fn wrap(text: &str) -> Vec<String> {
    // Units that may not be split: a run of non-wide, non-space characters, or one wide
    // character with any closing punctuation after it and opening punctuation before.
    let mut units: Vec<String> = Vec::new();
    let mut current = String::new();
    let opening = |c: char| "「『（(［〈《“‘".contains(c);
    let closing = |c: char| "、。，．」』）)］〉》”’・ー！？!?:;,.".contains(c);
    for c in text.chars() {
        let wide = crate::inline::is_wide(c);
        let glue_prev = closing(c) || current.chars().last().is_some_and(opening);
        let split = c == ' ' || (!glue_prev && (wide || current.chars().last().is_some_and(crate::inline::is_wide)));
        if split && !current.is_empty() {
            units.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        units.push(current);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for unit in units {
        let unit_width = estimate(&unit);
        if !line.trim().is_empty() && line_width + unit_width > LABEL_MAX {
            lines.push(line.trim().to_string());
            line = unit.trim_start().to_string();
            line_width = estimate(&line);
        } else {
            line.push_str(&unit);
            line_width += unit_width;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim().to_string());
    }
    lines
}

fn last_day(d: &PartialDate) -> NaiveDate {
    let first = d.first_day();
    match (d.month, d.day) {
        (Some(_), Some(_)) => first,
        (Some(_), None) => first.checked_add_months(chrono::Months::new(1)).and_then(|n| n.pred_opt()).unwrap_or(first),
        _ => NaiveDate::from_ymd_opt(d.year, 12, 31).unwrap_or(first),
    }
}

fn day(d: NaiveDate) -> i64 {
    d.num_days_from_ce() as i64
}

/// A stretch of time drawn to scale: days `from..=to` at `x0..x1`.
struct Segment {
    from: i64,
    to: i64,
    x0: f64,
    x1: f64,
}

impl Segment {
    fn x(&self, d: i64) -> f64 {
        let span = (self.to - self.from).max(1) as f64;
        self.x0 + (d - self.from) as f64 / span * (self.x1 - self.x0)
    }
}

/// The geometry of the figure for events in date order, in a block `width` points wide.
pub(crate) fn layout(
    events: &[Dated],
    lanes: &[String],
    width: f64,
    max_height: f64,
    tick: &dyn Fn(i32, Option<u32>, bool) -> String,
) -> Timeline {
    let spans: Vec<(i64, i64)> = events
        .iter()
        .map(|e| (day(e.date.start.first_day()), day(last_day(&e.date.end.unwrap_or(e.date.start)))))
        .collect();
    let (lo, hi) = (spans.iter().map(|s| s.0).min().unwrap_or(0), spans.iter().map(|s| s.1).max().unwrap_or(0));
    let total = (hi - lo).max(1);
    let quiet = ((total as f64 * 0.2) as i64).clamp(1, 45);

    // Covered stretches, merged over short gaps.
    let mut sorted = spans.clone();
    sorted.sort();
    let mut stretches: Vec<(i64, i64)> = Vec::new();
    for (s, e) in sorted {
        match stretches.last_mut() {
            Some(last) if s - last.1 <= quiet => last.1 = last.1.max(e),
            _ => stretches.push((s, e)),
        }
    }
    let pad = (total as f64 * 0.03).max(2.0) as i64;

    let lane_label_width = lanes.iter().map(|l| estimate(l)).fold(0.0, f64::max) + 6.0;
    let (axis_x0, axis_x1) = (lane_label_width + 4.0, width - 4.0);
    let breaks_width = BREAK * (stretches.len() as f64 - 1.0);
    let days: Vec<i64> = stretches.iter().map(|(s, e)| e - s + 2 * pad).collect();
    let all_days: i64 = days.iter().sum::<i64>().max(1);
    let mut segments = Vec::new();
    let mut x = axis_x0;
    let usable = axis_x1 - axis_x0 - breaks_width;
    let mut breaks = Vec::new();
    for (i, ((s, e), d)) in stretches.iter().zip(&days).enumerate() {
        if i > 0 {
            breaks.push(TimelineBreak { x: x + BREAK / 2.0 });
            x += BREAK;
        }
        let w = usable * *d as f64 / all_days as f64;
        segments.push(Segment { from: s - pad, to: e + pad, x0: x, x1: x + w });
        x += w;
    }
    let x_of = |d: i64| {
        let seg = segments.iter().find(|s| d <= s.to).unwrap_or_else(|| segments.last().expect("one segment"));
        seg.x(d)
    };

    // Marks and the rows of each lane.
    let mut marks: Vec<(f64, f64, usize, usize)> = Vec::new(); // x0, x1, lane, row in lane
    let mut lane_rows = vec![1usize; lanes.len()];
    for (e, (s, end)) in events.iter().zip(&spans) {
        let span = s != end;
        let (x0, x1) = (x_of(*s), if span { x_of(*end).max(x_of(*s) + 3.0) } else { x_of(*s) });
        let row = (0..)
            .find(|r| !marks.iter().any(|m| m.2 == e.lane && m.3 == *r && m.0 - 4.0 < x1 && x0 < m.1 + 4.0))
            .expect("a free row");
        lane_rows[e.lane] = lane_rows[e.lane].max(row + 1);
        marks.push((x0, x1, e.lane, row));
    }
    let mut y = 2.0;
    let mut lane_out = Vec::new();
    for (i, label) in lanes.iter().enumerate() {
        let height = lane_rows[i] as f64 * LANE_ROW + 4.0;
        let own: Vec<&(f64, f64, usize, usize)> = marks.iter().filter(|m| m.2 == i).collect();
        let band_x0 = own.iter().map(|m| m.0).fold(f64::MAX, f64::min) - 5.0;
        let band_x1 = own.iter().map(|m| m.1).fold(f64::MIN, f64::max) + 5.0;
        lane_out.push(TimelineLane {
            label: label.clone(),
            y,
            height,
            label_x: 0.0,
            label_y: y + height / 2.0 - FONT / 2.0,
            band_x0: band_x0.max(axis_x0 - 3.0),
            band_x1: band_x1.min(axis_x1 + 3.0),
            color: PALETTE[i % PALETTE.len()].to_string(),
        });
        y += height + 1.0;
    }
    let axis_y = y + 3.0;
    let mut figure = Timeline {
        anchor: TIMELINE.into(),
        caption: String::new(),
        alt: String::new(),
        long_description: String::new(),
        long_description_anchor: CHRONOLOGY_TABLE.into(),
        width,
        height: axis_y,
        font_size: FONT,
        line_height: LINE,
        axis_y,
        axis_x0,
        axis_x1,
        lanes: lane_out,
        ticks: Vec::new(),
        breaks,
        marks: Vec::new(),
    };
    if axis_y > max_height {
        // Too tall before any label: the caller leaves the figure out; placing hundreds of
        // labels would only cost time.
        return figure;
    }
    let lane_out = &figure.lanes;

    // Ticks: each segment starts with its month and year, then the first of each month
    // (or of each year, when months are too close), texts that would touch left out.
    let mut ticks: Vec<TimelineTick> = Vec::new();
    let mut text_end = f64::MIN;
    for seg in &segments {
        let start = NaiveDate::from_num_days_from_ce_opt(seg.from as i32).unwrap_or(NaiveDate::MIN);
        let per_month = (seg.x1 - seg.x0) / ((seg.to - seg.from).max(1) as f64 / 30.4);
        let yearly = per_month < estimate(&tick(2000, Some(12), false)) + 4.0;
        let mut candidates: Vec<(f64, String, bool)> = Vec::new();
        let text = if yearly { tick(start.year(), None, true) } else { tick(start.year(), Some(start.month()), true) };
        candidates.push((seg.x0, text, false));
        let mut d = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
        loop {
            d = d.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX);
            if day(d) > seg.to {
                break;
            }
            if yearly && d.month() != 1 {
                continue;
            }
            let text =
                if yearly { tick(d.year(), None, true) } else { tick(d.year(), Some(d.month()), d.month() == 1) };
            candidates.push((seg.x(day(d)), text, true));
        }
        for (x, text, line) in candidates {
            let w = estimate(&text);
            let text_x = x + 1.5;
            let keep = text_x > text_end + 4.0 && text_x + w <= width;
            if keep {
                text_end = text_x + w;
            }
            if keep || line {
                ticks.push(TimelineTick { x, line, text: if keep { text } else { String::new() }, text_x });
            }
        }
    }

    // Labels: placed by three strategies, the one with the fewest leaders crossing a label (then
    // the fewest rows) kept.
    let label_top = axis_y + 5.0 + FONT + 4.0;
    let lines: Vec<Vec<String>> = events.iter().map(|e| wrap(&e.label)).collect();
    let widths: Vec<f64> = lines.iter().map(|l| l.iter().map(|s| estimate(s)).fold(0.0, f64::max)).collect();
    let xs: Vec<f64> = marks.iter().map(|m| m.0).collect();
    let middle = (axis_x0 + axis_x1) / 2.0;
    let placed = [Strategy::Halves, Strategy::Rightwards, Strategy::Leftwards]
        .into_iter()
        .map(|s| place_labels(&xs, &widths, width, middle, s))
        .min_by_key(|(placed, crossings)| (*crossings, placed.iter().map(|p| p.row + 1).max().unwrap_or(0)))
        .map(|(placed, _)| placed)
        .unwrap_or_default();
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
    let mut row_height = vec![0.0f64; rows];
    for (p, l) in placed.iter().zip(&lines) {
        row_height[p.row] = row_height[p.row].max(l.len() as f64 * LINE);
    }
    let mut row_y = vec![label_top; rows];
    for r in 1..rows {
        row_y[r] = row_y[r - 1] + row_height[r - 1] + GAP;
    }
    let height = row_y.last().copied().unwrap_or(label_top) + row_height.last().copied().unwrap_or(0.0) + 2.0;

    let marks = events
        .iter()
        .zip(&marks)
        .zip(placed.iter().zip(lines))
        .map(|((e, m), (p, lines))| {
            let lane = &lane_out[e.lane];
            let y = lane.y + 2.0 + m.3 as f64 * LANE_ROW + LANE_ROW / 2.0;
            TimelineMark {
                anchor: e.anchor.clone(),
                color: lane.color.clone(),
                label: e.label.clone(),
                x0: m.0,
                x1: m.1,
                y,
                span: m.1 > m.0,
                label_x: p.a,
                label_y: row_y[p.row],
                label_width: p.b - p.a,
                label_height: lines.len() as f64 * LINE,
                leader_y0: y,
                leader_y1: row_y[p.row],
                lines,
            }
        })
        .collect();
    figure.height = height;
    figure.ticks = ticks;
    figure.marks = marks;
    figure
}

/// A label's box (`a..b` across) in a row, with its leader at `x`.
struct Placed {
    x: f64,
    a: f64,
    b: f64,
    row: usize,
}

/// How labels choose their side and the order they are placed in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strategy {
    /// Marks in the left half label to the right, those in the right half to the left; each side
    /// placed from its outer end inwards (a cluster makes two short stairs).
    Halves,
    /// Every label to the right of its mark, placed from the right: no leader ever crosses a
    /// label (a label only covers leaders to its right, which end higher), at the cost of rows.
    Rightwards,
    /// The mirror image.
    Leftwards,
}

/// Places every label in the first row where its box meets no other (and, if it can, where no
/// leader crosses a label other than its own); returns the boxes and how many leaders cross.
fn place_labels(xs: &[f64], widths: &[f64], width: f64, middle: f64, strategy: Strategy) -> (Vec<Placed>, usize) {
    let n = xs.len();
    let rightwards = |i: usize| {
        let (x, w) = (xs[i], widths[i]);
        let preferred = match strategy {
            Strategy::Halves => x <= middle,
            Strategy::Rightwards => true,
            Strategy::Leftwards => false,
        };
        (preferred && x + 2.0 + w <= width) || x - 2.0 - w < 0.0
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| if rightwards(i) { (0, -xs[i], -(i as f64)) } else { (1, xs[i], i as f64) };
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(ka.2.total_cmp(&kb.2))
    });
    let mut placed: Vec<Option<Placed>> = (0..n).map(|_| None).collect();
    let mut crossings = 0;
    for i in order {
        let (x, w) = (xs[i], widths[i]);
        let (a, b) = if rightwards(i) { (x + 2.0, x + 2.0 + w) } else { (x - 2.0 - w, x - 2.0) };
        // Only labels whose box or leader comes near this one's can be in its way.
        let (lo, hi) = (a.min(x) - GAP - CLEAR, b.max(x) + GAP + CLEAR);
        let others: Vec<&Placed> =
            placed.iter().flatten().filter(|p| p.a.min(p.x) <= hi && lo <= p.b.max(p.x)).collect();
        let fits = |r: usize, strict: bool| {
            others.iter().all(|p| {
                let apart = p.row != r || p.b + GAP <= a || b + GAP <= p.a;
                // A leader keeps clear of every label but its own, so that each label reads as
                // its own leader's; marks of one day share one leader line.
                let same_line = (p.x - x).abs() < 1.0;
                let clear_of_theirs = p.row < r || !(a - CLEAR <= p.x && p.x <= b + CLEAR);
                let clear_of_mine = p.row > r || !(p.a - CLEAR <= x && x <= p.b + CLEAR);
                apart && (!strict || same_line || (clear_of_theirs && clear_of_mine))
            })
        };
        // A row deeper than every label in the way is always free.
        let deepest = others.iter().map(|p| p.row + 1).max().unwrap_or(0);
        let row = match (0..=deepest).find(|r| fits(*r, true)) {
            Some(r) => r,
            None => {
                crossings += 1;
                (0..=deepest).find(|r| fits(*r, false)).unwrap_or(deepest)
            }
        };
        placed[i] = Some(Placed { x, a, b, row });
    }
    (placed.into_iter().map(|p| p.expect("every label placed")).collect(), crossings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(i: usize, date: &str, label: &str) -> Dated {
        Dated { anchor: format!("ev-{i}"), label: label.into(), date: DateSpec::parse(date).unwrap(), lane: i % 3 }
    }

    fn disjoint(t: &Timeline) {
        for (i, a) in t.marks.iter().enumerate() {
            for b in &t.marks[i + 1..] {
                assert!(
                    a.label_x + a.label_width <= b.label_x
                        || b.label_x + b.label_width <= a.label_x
                        || a.label_y + a.label_height <= b.label_y
                        || b.label_y + b.label_height <= a.label_y,
                    "{} and {} overlap",
                    a.label,
                    b.label
                );
            }
            assert!(a.label_x >= 0.0 && a.label_x + a.label_width <= t.width, "{} leaves the figure", a.label);
        }
    }

    #[test]
    fn crowded_days_keep_labels_apart() {
        // Thirty events on five days, long and short labels, in both scripts.
        let mut events: Vec<Dated> = (0..30)
            .map(|i| {
                let date = format!("2021-04-{:02}", 1 + (i % 5));
                let label = if i % 2 == 0 {
                    "Short".to_string()
                } else {
                    "総務省がIP電話等の不正利用への対策を要請した".repeat(1 + i % 3)
                };
                event(i, &date, &label)
            })
            .collect();
        events.sort_by_key(|e| e.date);
        let lanes = vec!["A".to_string(), "B".to_string(), "C".to_string()];
        let t = layout(&events, &lanes, 400.0, f64::MAX, &|y, m, _| format!("{y}-{m:?}"));
        assert_eq!(t.marks.len(), 30);
        disjoint(&t);
    }

    #[test]
    fn years_apart_are_broken_and_spans_cover_their_months() {
        let events = vec![event(0, "2010-01", "a"), event(1, "2010-02-10", "b"), event(2, "2019-05/2019-08", "c")];
        let lanes = vec!["A".to_string(), "B".to_string(), "C".to_string()];
        let t = layout(&events, &lanes, 400.0, f64::MAX, &|y, m, _| format!("{y}-{m:?}"));
        assert_eq!(t.breaks.len(), 1);
        assert!(t.marks[0].span && !t.marks[1].span && t.marks[2].span);
        // January's bar ends before 10 February's dot.
        assert!(t.marks[0].x1 < t.marks[1].x0);
        disjoint(&t);
    }

    #[test]
    fn labels_all_to_the_right_never_have_a_leader_crossing_a_label() {
        // Marks spread and clustered, labels of every width, none near the right edge.
        let xs: Vec<f64> = (0..40).map(|i| 10.0 + ((i * 37) % 23) as f64 * 9.0).collect();
        let widths: Vec<f64> = (0..40).map(|i| 20.0 + ((i * 13) % 7) as f64 * 12.0).collect();
        let (placed, crossings) = place_labels(&xs, &widths, 1000.0, 500.0, Strategy::Rightwards);
        assert_eq!(crossings, 0);
        for (i, p) in placed.iter().enumerate() {
            for q in &placed[i + 1..] {
                assert!(p.row != q.row || p.b + GAP <= q.a || q.b + GAP <= p.a);
            }
        }
    }

    #[test]
    fn labels_wrap_at_the_width_and_keep_every_character() {
        let title = "NTT東日本・NTT西日本がひかり電話の不正利用への今後の対策等を公表";
        let lines = wrap(title);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), title);
        assert!(lines.iter().all(|l| estimate(l) <= LABEL_MAX));
        let english = wrap("Customer records copied out over four months");
        assert_eq!(english.join(" "), "Customer records copied out over four months");
        assert!(!english.iter().any(|l| l.starts_with('、')));
    }
}
