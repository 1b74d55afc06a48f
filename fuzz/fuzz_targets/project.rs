//! Whole projects: the input is split at lines reading `%%` into report.toml, sources.toml and
//! up to eight chapter files (`01-first.toml`, `02-second.toml`, `03-third.toml`, …), written
//! into a scratch project folder, then loaded and resolved together as `casebook check` does,
//! and every diagnostic rendered in all three formats. Nothing may panic, and rendering may
//! not fail. This covers what the per-file targets cannot: references across files (sources,
//! events, chapter lists), per-field recovery, the character and URL checks, and the sandbox's
//! reading of real files.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use casebook::diagnostics::{DiagnosticFormat, emit};
use casebook::project::Project;
use codespan_reporting::term::termcolor::NoColor;
use libfuzzer_sys::fuzz_target;

const CHAPTERS: [&str; 8] =
    ["01-first", "02-second", "03-third", "04-fourth", "05-fifth", "06-sixth", "07-seventh", "08-eighth"];

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
        let dir = base.join(format!("casebook-fuzz-project-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("report/chapters")).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split("\n%%\n");
    let dir = scratch();
    let chapters = dir.join("report/chapters");
    let _ = std::fs::remove_dir_all(&chapters);
    std::fs::create_dir_all(&chapters).unwrap();
    std::fs::write(dir.join("report/report.toml"), parts.next().unwrap_or("")).unwrap();
    match parts.next() {
        Some(sources) => std::fs::write(dir.join("report/sources.toml"), sources).unwrap(),
        None => {
            let _ = std::fs::remove_file(dir.join("report/sources.toml"));
        }
    }
    for (name, chapter) in CHAPTERS.iter().zip(parts) {
        std::fs::write(chapters.join(format!("{name}.toml")), chapter).unwrap();
    }
    let project = Project::open(dir).unwrap();
    let (loaded, mut diags) = casebook::load::load_project(&project);
    let (_document, more) = casebook::resolve::resolve(&loaded, &Default::default());
    diags.extend(more);
    for format in [DiagnosticFormat::Human, DiagnosticFormat::Short, DiagnosticFormat::Json] {
        let mut out = NoColor::new(Vec::new());
        if let Err(e) = emit(&mut out, &loaded.files, &diags, format) {
            panic!("emit({format:?}) failed: {e}");
        }
    }
});
