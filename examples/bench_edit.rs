//! Benchmark: a one-event edit rebuilt inside a long-lived session (what `watch` does) against
//! a cold build in a fresh process (what `casebook build` does). Prints both medians and the
//! ratio (target ≤ 0.25). Run with `cargo run --example bench_edit -- PROJECT_DIR`
//! (bench/run.sh does).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use casebook::build::{BuildOptions, Formats, Session};
use casebook::project::Project;

const BODY: &str = "a sentence of an event's body";
const TITLE: &str = "an event's title (also in the table of contents)";

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t)
        } else {
            std::fs::copy(e.path(), &t).map(|_| ()).unwrap()
        }
    }
}

// The casebook binary's allocator (src/main.rs), so that this in-process session is timed as
// `casebook watch` runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let source = arg.map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let work = std::env::temp_dir().join(format!("casebook-bench-edit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    copy_dir(&source.join("report"), &work.join("report"));
    let project = Project::open(&work).unwrap();
    let options = BuildOptions {
        out_dir: work.join("out"),
        formats: Formats { pdf: true, epub: true },
        typst_dir: None,
        resolve: Default::default(),
    };

    // Cold: a fresh process each time (fonts parsed, Typst caches empty).
    let exe = std::env::var_os("CASEBOOK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/debug/casebook"));
    let cold: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let status = Command::new(&exe).args(["build", "-q"]).arg(&work).status().unwrap();
            assert!(status.success());
            t.elapsed()
        })
        .collect();

    // Warm: one session, one event changed before each rebuild. Two kinds of edit: a sentence
    // of the event's body, and the event's title, which is also in the table of contents, so
    // Typst needs a second layout pass to bring the outline up to date.
    let mut session = Session::new();
    assert!(session.build(&project, &options).succeeded());
    let chapter = std::fs::read_dir(work.join("report/chapters")).unwrap().map(|e| e.unwrap().path()).min().unwrap();
    let original = std::fs::read_to_string(&chapter).unwrap();
    let event = original.find("[[event]]").expect("the first chapter has an event");
    let title_line = original[event..].lines().find(|l| l.starts_with("title = ")).unwrap().to_string();
    // The end of the first sentence of the event's body.
    let body = event + original[event..].find("body = [").unwrap();
    let sentence_end = body + original[body..].find('。').unwrap();
    let edit = |what: &str, i: usize| match what {
        BODY => format!("{}{i}{}", &original[..sentence_end], &original[sentence_end..]),
        _ => original.replacen(&title_line, &format!("{}{i}\"", title_line.trim_end_matches('"')), 1),
    };
    let c = median(cold);
    println!("cold build (fresh process), median of 5: {:.1} ms", c.as_secs_f64() * 1e3);
    for what in [BODY, TITLE] {
        let mut stages: std::collections::BTreeMap<&'static str, Vec<Duration>> = Default::default();
        let warm: Vec<Duration> = (0..10)
            .map(|i| {
                std::fs::write(&chapter, edit(what, i)).unwrap();
                let t = Instant::now();
                let result = session.build(&project, &options);
                let elapsed = t.elapsed();
                assert!(result.succeeded());
                for (stage, d) in &result.timings {
                    stages.entry(stage.name()).or_default().push(*d);
                }
                // What `watch` does after each rebuild.
                casebook::render::pdf::evict_caches(10);
                elapsed
            })
            .collect();
        let w = median(warm);
        let parts: Vec<String> =
            stages.into_iter().map(|(s, v)| format!("{s} {:.1} ms", median(v).as_secs_f64() * 1e3)).collect();
        println!(
            "edit of {what}, median of 10: {:.1} ms; ratio edit/cold **{:.3}** (target <= 0.25); stages: {}",
            w.as_secs_f64() * 1e3,
            w.as_secs_f64() / c.as_secs_f64(),
            parts.join(", ")
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}
