//! Hostile input and failures: limits give clear errors (never a hang or an out-of-memory
//! kill), concurrent builds do not corrupt each other, and a build killed at any moment leaves
//! either the old or the new output, never a truncated one.

mod common;
use common::*;

use std::time::Duration;

#[test]
fn an_oversized_file_is_refused_with_a_clear_error() {
    let project = project_with(None);
    let path = project.path().join("report/chapters/02-second.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n# {}\n", "x".repeat(17 * 1024 * 1024)));
    std::fs::write(&path, text).unwrap();
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("error[file-too-large]: report/chapters/02-second.toml is larger than 16 MiB"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn long_strings_deep_nesting_and_many_events_build_correctly() {
    let project = project_with(None);
    let path = project.path().join("report/chapters/02-second.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    // A 160 000-character paragraph with a 10 000-character word, emphasis nested 5 000 deep,
    // and 400 more events.
    let long = format!("{}{}", "長い段落。".repeat(30_000), "a".repeat(10_000));
    let nested = format!("{}深い{}", "*_".repeat(5_000), "_*".repeat(5_000));
    text = text.replace(
        "body = [\"テスト省が注意喚起を出した[^agency-b, 1ページ]。\"]",
        &format!("body = [\"{long}\", \"{nested}\", \"テスト省[^agency-b]\"]"),
    );
    for i in 0..400 {
        text.push_str(&format!("\n[[event]]\nid = \"bulk-{i}\"\ndate = \"2015-07-{:02}\"\ntitle = \"追加の出来事{i}\"\nsources = [\"agency-b\"]\nbody = [\"段落{i}\"]\n", i % 28 + 1));
    }
    std::fs::write(&path, text).unwrap();
    let out = bin().args(["build", "-q"]).arg(project.path()).output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let pdf =
        pdf_extract::extract_text_from_mem(&std::fs::read(project.path().join("out/sample.pdf")).unwrap()).unwrap();
    let pdf: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(pdf.contains("追加の出来事399"));
    assert!(pdf.contains("深い"));
}

#[test]
fn two_builds_at_once_into_the_same_folder_both_write_whole_files() {
    let project = project_with(None);
    let reference = {
        let out = bin().args(["build", "-q"]).arg(project.path()).output().unwrap();
        assert!(out.status.success());
        std::fs::read(project.path().join("out/sample.pdf")).unwrap()
    };
    for _ in 0..3 {
        let a = bin().args(["build", "-q"]).arg(project.path()).spawn().unwrap();
        let b = bin().args(["build", "-q"]).arg(project.path()).spawn().unwrap();
        for mut child in [a, b] {
            assert!(child.wait().unwrap().success());
        }
        assert!(std::fs::read(project.path().join("out/sample.pdf")).unwrap() == reference);
    }
    let leftovers: Vec<_> =
        std::fs::read_dir(project.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let project = project_with(None);
    assert!(bin().args(["build", "-q"]).arg(project.path()).status().unwrap().success());
    let old = std::fs::read(project.path().join("out/sample.pdf")).unwrap();
    let path = project.path().join("report/chapters/02-second.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace("行政の注意喚起", "新しい題名");
    std::fs::write(&path, text).unwrap();
    let new = {
        let dir = tempfile::tempdir().unwrap();
        assert!(bin().args(["build", "-q", "--out"]).arg(dir.path()).arg(project.path()).status().unwrap().success());
        std::fs::read(dir.path().join("sample.pdf")).unwrap()
    };
    assert!(old != new);
    for delay_ms in [0u64, 5, 10, 20, 30, 40, 60, 80, 120] {
        let mut child = bin().args(["build", "-q"]).arg(project.path()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read(project.path().join("out/sample.pdf")).unwrap();
        assert!(now == old || now == new, "a killed build left a damaged PDF (after {delay_ms} ms)");
    }
}

#[test]
fn a_word_too_long_for_a_pdf_string_is_named_at_its_place() {
    let project = project_with(None);
    let path = project.path().join("report/chapters/02-second.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace("テスト省が注意喚起を出した", &"a".repeat(40_000));
    std::fs::write(&path, text).unwrap();
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out)
            .starts_with("report/chapters/02-second.toml:11:10: error[word-too-long]: a word of 40011 characters"),
        "{}",
        stdout(&out)
    );
}
