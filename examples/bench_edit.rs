//! Benchmark: a one-event edit rebuilt inside a long-lived session (what `watch` does) against
//! a cold build in a fresh process (what `casebook build` does). Prints both medians and the
//! ratio (target ≤ 0.25). Run with `cargo run --example bench_edit -- PROJECT_DIR`
//! (bench/run.sh does).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use casebook::build::{BuildOptions, Formats, Session};
use casebook::project::Project;

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

    // Warm: one session, one event title changed before each rebuild.
    let mut session = Session::new();
    assert!(session.build(&project, &options).succeeded());
    let chapter = std::fs::read_dir(work.join("report/chapters")).unwrap().map(|e| e.unwrap().path()).min().unwrap();
    let original = std::fs::read_to_string(&chapter).unwrap();
    let first_title = original
        .lines()
        .find(|l| l.starts_with("title = ") && original.find(l) > original.find("[[event]]"))
        .unwrap()
        .to_string();
    let mut stages: std::collections::BTreeMap<&'static str, Vec<Duration>> = Default::default();
    let warm: Vec<Duration> = (0..10)
        .map(|i| {
            let edited = original.replacen(&first_title, &format!("{}{i}\"", first_title.trim_end_matches('"')), 1);
            std::fs::write(&chapter, edited).unwrap();
            let t = Instant::now();
            let result = session.build(&project, &options);
            let elapsed = t.elapsed();
            assert!(result.succeeded());
            for (stage, d) in &result.timings {
                stages.entry(stage).or_default().push(*d);
            }
            typst::comemo::evict(10);
            elapsed
        })
        .collect();
    let (c, w) = (median(cold), median(warm));
    println!("cold build (fresh process), median of 5: {:.1} ms", c.as_secs_f64() * 1e3);
    println!("one-event edit in a watch session, median of 10: {:.1} ms", w.as_secs_f64() * 1e3);
    println!("ratio edit/cold: {:.3} (target <= 0.25)", w.as_secs_f64() / c.as_secs_f64());
    let parts: Vec<String> =
        stages.into_iter().map(|(s, v)| format!("{s} {:.1} ms", median(v).as_secs_f64() * 1e3)).collect();
    println!("edit stages (medians): {}", parts.join(", "));
    let _ = std::fs::remove_dir_all(&work);
}
