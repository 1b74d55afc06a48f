//! What citations cost inside `casebook check` (load + resolve, no Typst): the first check
//! of a process (the CSL locales and the style decoded, every note and the bibliography
//! formatted), a second check of the same files (the formatted notes reused), and one with
//! each style given on the command line.
//!
//! `cargo run --release --example bench_citations -- [PROJECT_DIR] [STYLE…]`

use std::time::Instant;

use casebook::build::check;
use casebook::project::Project;
use casebook::resolve::ResolveOptions;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let project = Project::open(std::path::Path::new(&dir)).expect("a project folder");
    let options = ResolveOptions::default();
    let time = |label: &str| {
        let t = Instant::now();
        let checked = check(&project, &options);
        let elapsed = t.elapsed();
        let notes = checked.document.as_ref().map(|d| d.notes.len()).unwrap_or(0);
        let (runs, hits) = casebook::citations::cache_stats();
        println!(
            "{label:<34} {:>8.1} ms  ({notes} notes; engine runs {runs}, cache hits {hits})",
            elapsed.as_secs_f64() * 1e3
        );
    };
    time("first check (cold)");
    time("second check (same citations)");
    time("third check (same citations)");
    for style in args {
        let t = Instant::now();
        let parsed = casebook::citations::CitationStyle::archived(&style);
        println!(
            "{:<34} {:>8.1} ms  ({})",
            format!("decode style {style}"),
            t.elapsed().as_secs_f64() * 1e3,
            parsed.is_ok()
        );
    }
}
