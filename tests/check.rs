//! `casebook check`: one broken fixture per validation rule under tests/fixtures/broken/,
//! each an overlay on tests/fixtures/valid with the exact diagnostics it must produce
//! (`expected.txt`, short format) and the exit code (`expected-exit`).

mod common;
use common::*;

#[test]
fn valid_fixture_is_clean() {
    let out = bin().args(["check"]).arg(fixtures().join("valid")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("no problems found"));
}

/// A broken fixture: `report/` (and `templates/`) copied over the valid project, the paths in
/// `remove` deleted, then `check` (or the command in `command`) run with short diagnostics (or
/// the format in `format`: `json` shows the help, where did-you-mean hints are).
fn run_fixture(case: &std::path::Path) -> std::process::Output {
    let project = if case.join("report").is_dir() { project_with(Some(case)) } else { project_with(None) };
    if case.join("templates").is_dir() {
        copy_dir(&case.join("templates"), &project.path().join("templates"));
    }
    if let Ok(remove) = std::fs::read_to_string(case.join("remove")) {
        for path in remove.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(project.path().join(path.trim())).unwrap();
        }
    }
    let command = std::fs::read_to_string(case.join("command")).unwrap_or_else(|_| "check".into());
    let format = std::fs::read_to_string(case.join("format")).unwrap_or_else(|_| "short".into());
    output_within(bin().args([command.trim(), "--diagnostic-format", format.trim()]).arg(project.path()), 120)
}

fn broken_cases() -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> =
        std::fs::read_dir(fixtures().join("broken")).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

#[test]
fn every_broken_fixture_gives_its_expected_diagnostics() {
    let mut checked = 0;
    for case in broken_cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let out = run_fixture(&case);
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let exit: i32 = std::fs::read_to_string(case.join("expected-exit")).unwrap().trim().parse().unwrap();
        assert_eq!(stdout(&out), expected, "fixture {name}: diagnostics differ");
        assert_eq!(out.status.code(), Some(exit), "fixture {name}: exit code");
        assert!(!expected.trim().is_empty(), "fixture {name} expects nothing");
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} fixtures");
}

/// Codes whose exact output is asserted by a test elsewhere, because a fixture folder cannot
/// hold their cause (a symlink out of the project, a FIFO, a 16 MiB file, a 40 000-character
/// word).
const EXACT_ELSEWHERE: &[(&str, &str)] = &[
    ("sandbox", "tests/hostile.rs"),
    ("special-file", "tests/hostile.rs"),
    ("file-too-large", "tests/hostile.rs"),
    ("word-too-long", "tests/hostile.rs"),
];

/// The codes the README lists (its "Codes:" sentence).
fn readme_codes() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("Codes: ").expect("README lists the diagnostic codes");
    // The sentence ends at the first full stop.
    let list = &readme[start..start + readme[start..].find(". ").unwrap()];
    list.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn every_code_the_readme_lists_has_a_fixture_with_its_exact_output() {
    let codes = readme_codes();
    assert!(codes.len() >= 28, "{codes:?}");
    let mut expected_outputs = String::new();
    for case in broken_cases() {
        expected_outputs.push_str(&std::fs::read_to_string(case.join("expected.txt")).unwrap());
    }
    let mut missing = Vec::new();
    for code in &codes {
        let needle = format!("[{code}]: ");
        if expected_outputs.contains(&needle) || expected_outputs.contains(&format!("\"code\":\"{code}\"")) {
            continue;
        }
        match EXACT_ELSEWHERE.iter().find(|(c, _)| c == code) {
            Some((_, file)) => {
                let test = std::fs::read_to_string(repo().join(file)).unwrap();
                assert!(test.contains(&format!("[{code}]: ")), "{file} does not assert the exact output of `{code}`");
            }
            None => missing.push(code.clone()),
        }
    }
    assert!(missing.is_empty(), "codes listed in the README without a fixture: {missing:?}");
}

#[test]
fn syntax_error_and_unknown_source_in_two_chapters_are_both_reported() {
    let project = project_with(Some(&fixtures().join("broken/syntax-and-unknown-source")));
    let out = bin().args(["check", "--diagnostic-format", "json"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], "report/chapters/01-first.toml");
    assert_eq!(lines[0]["code"], "toml-syntax");
    assert_eq!((lines[0]["line"].as_u64(), lines[0]["column"].as_u64()), (Some(2), Some(12)));
    assert_eq!(lines[1]["file"], "report/chapters/02-second.toml");
    assert_eq!(lines[1]["code"], "unknown-source");
    assert_eq!(lines[1]["severity"], "error");
    for l in &lines {
        assert!(l["help"].as_str().is_some_and(|h| !h.is_empty()));
    }
}

#[test]
fn human_format_shows_the_line_underlined_and_what_to_do() {
    let project = project_with(Some(&fixtures().join("broken/syntax-and-unknown-source")));
    let out = bin().arg("check").arg(project.path()).output().unwrap();
    let err = stderr(&out);
    assert!(err.contains("┌─ report/chapters/02-second.toml:11:23"), "{err}");
    assert!(err.contains("body = [\"テスト省が注意喚起を出した[^agency-c, 1ページ]。\"]"), "{err}");
    assert!(err.contains("^^^^^^^^^^^^^^^^^^^^"), "{err}");
    assert!(err.contains("did you mean `agency-b`?"), "{err}");
    assert!(err.contains("2 errors, 0 warnings"));
    assert!(!err.contains("\u{1b}["), "no colour when not a terminal");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let out = bin().args(["check", "/nonexistent/casebook/project"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["check", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let out = bin().arg("check").arg(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a folder without report/ is not a project");
    assert!(stderr(&out).contains("casebook new"), "{}", stderr(&out));
}

#[test]
fn garbage_input_never_panics() {
    let inputs: [&[u8]; 8] = [
        b"",
        b"\xff\xfe\x00garbage",
        b"[[event]]\n[[event]]\nid = 5",
        b"event = 3",
        b"id = \"x\"\ntitle = \"t\"\n[[event]]\nid = \"a\"\ndate = \"9999-99-99\"\ntitle = \"\"\nbody = [[1]]",
        b"[digest]\ntitle = \"d\"\nmilestones = [{ event = \"nope\", label = \"l\" }]",
        b"id = \"x\"\ntitle = \"[^\"\nsummary = \"[^]]] {|} **_*_ <script>\"",
        b"a = { b = { c = { d = [[[[[[[[[[]]]]]]]]]] } } }",
    ];
    for input in inputs {
        let project = project_with(None);
        std::fs::write(project.path().join("report/chapters/01-first.toml"), input).unwrap();
        let out = bin().args(["check", "--diagnostic-format", "json"]).arg(project.path()).output().unwrap();
        let shown = String::from_utf8_lossy(input);
        // Every one of these inputs breaks the project (the last two leave the event the second
        // chapter refers to undefined): exit 1, with an error located in a report file.
        assert_eq!(out.status.code(), Some(1), "input {shown:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
        let located = stdout(&out).lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).any(|d| {
            d["severity"] == "error"
                && d["file"].as_str().is_some_and(|f| f.starts_with("report/"))
                && d["line"].as_u64().is_some()
        });
        assert!(located, "input {shown:?}: no located error: {}", stdout(&out));
    }
}
