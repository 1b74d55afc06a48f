//! Editing a report: `new`, `schema` (validating the project's own files with a JSON Schema
//! validator) and `watch` (edit → rebuilt PDF; broken file → diagnostics, last good PDF kept).

mod common;
use common::*;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[test]
fn new_then_build_succeeds_and_new_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("report-a");
    let out = bin().arg("new").arg(&project).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = bin().arg("check").arg(&project).output().unwrap();
    assert!(out.status.success() && stderr(&out).contains("no problems found"), "{}", stderr(&out));
    let out = bin().args(["build", "-q"]).arg(&project).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(project.join("out/incident-report.pdf").exists() && project.join("out/incident-report.epub").exists());
    // Every field of the scaffold is explained by a comment, and the files name their schema.
    let chapter = std::fs::read_to_string(project.join("report/chapters/01-discovery.toml")).unwrap();
    assert!(chapter.starts_with("#:schema ../../schema/chapter.schema.json\n"));
    for key in
        ["id =", "date =", "title =", "actors =", "sources =", "body =", "analysis =", "see =", "source =", "locator ="]
    {
        let line = chapter.lines().position(|l| l.starts_with(key)).unwrap_or_else(|| panic!("{key} missing"));
        assert!(chapter.lines().nth(line - 1).unwrap().starts_with('#'), "{key} has no comment above it");
    }
    let out = bin().arg("new").arg(&project).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not empty"));
    let out = bin().args(["new", "--force"]).arg(&project).output().unwrap();
    assert!(out.status.success());
}

fn validator(name: &str) -> jsonschema::Validator {
    let dir = tempfile::tempdir().unwrap();
    let out = bin().args(["schema", "--out"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(name)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn toml_as_json(path: &Path) -> serde_json::Value {
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn schemas_accept_the_projects_own_files_and_reject_unknown_keys() {
    let report = repo().join("report");
    let v = validator("report.schema.json");
    assert!(v.is_valid(&toml_as_json(&report.join("report.toml"))));
    let v = validator("sources.schema.json");
    assert!(v.is_valid(&toml_as_json(&report.join("sources.toml"))));
    let v = validator("chapter.schema.json");
    let mut chapters = 0;
    for entry in std::fs::read_dir(report.join("chapters")).unwrap() {
        let path = entry.unwrap().path();
        let errors: Vec<String> = v.iter_errors(&toml_as_json(&path)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        chapters += 1;
    }
    assert_eq!(chapters, 4);
    // A misspelt key is refused by the schema, as by `casebook check`.
    let mut bad = toml_as_json(&report.join("chapters/01-discovery.toml"));
    bad["event"][0]["actor"] = serde_json::json!(["x"]);
    assert!(!v.is_valid(&bad));
    let mut bad = toml_as_json(&report.join("sources.toml"));
    bad["source"][0]["kind"] = serde_json::json!("blog");
    assert!(!validator("sources.schema.json").is_valid(&bad));
}

#[test]
fn committed_schemas_match_the_types() {
    for (name, json) in casebook::schema::schemas() {
        let committed = std::fs::read_to_string(repo().join("schema").join(name)).unwrap();
        assert_eq!(committed, json, "schema/{name} is stale: run `cargo run -- schema`");
    }
}

/// Lines of the watch process's stderr, read on a thread.
struct Watch {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
}

impl Watch {
    fn start(project: &Path) -> Self {
        let mut child = bin()
            .args(["watch", "--diagnostic-format", "short"])
            .arg(project)
            .stderr(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx2.send(line);
            }
        });
        Self { child, lines }
    }

    /// Waits for a line containing `needle`; returns every line seen up to it.
    fn wait_for(&self, needle: &str) -> Vec<String> {
        self.wait_for_all(&[needle])
    }

    /// Waits until each needle has been seen in some line, in any order (stdout and stderr
    /// are two pipes, so their lines may interleave either way).
    fn wait_for_all(&self, needles: &[&str]) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen: Vec<String> = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                seen.push(line);
                if needles.iter().all(|n| seen.iter().any(|l| l.contains(n))) {
                    return seen;
                }
            }
        }
        panic!("not all of {needles:?} seen; saw {seen:#?}");
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_on_edit_and_keeps_the_last_good_pdf_on_error() {
    let project = project_with(None);
    let pdf = project.path().join("out/sample.pdf");
    let watch = Watch::start(project.path());
    watch.wait_for("[watch] watching");
    assert!(pdf.exists());

    // An editor saving by writing a temporary file and renaming it over the chapter.
    let chapter = project.path().join("report/chapters/02-second.toml");
    let text = std::fs::read_to_string(&chapter).unwrap().replace("行政の注意喚起", "監視中に書き換えた題名");
    let tmp = project.path().join("report/chapters/.02-second.toml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &chapter).unwrap();
    watch.wait_for("sample.pdf");
    assert!(squash(&pdf_text(&pdf)).contains("監視中に書き換えた題名"));
    let good = std::fs::read(&pdf).unwrap();

    // A file written in two steps, the first of which is broken.
    std::fs::write(&chapter, "id = \"second\"\ntitle = \"壊れた").unwrap();
    // Diagnostics (stdout) and the summary (stderr) arrive on two pipes: wait for both.
    watch.wait_for_all(&["report/chapters/02-second.toml:2:13: error[toml-syntax]", "build failed"]);
    assert_eq!(std::fs::read(&pdf).unwrap(), good, "the last good PDF changed");
    // The watcher keeps running after a content error.
    let fixed = std::fs::read_to_string(fixtures().join("valid/report/chapters/02-second.toml")).unwrap();
    std::fs::write(&chapter, fixed).unwrap();
    watch.wait_for("sample.pdf");
    assert!(squash(&pdf_text(&pdf)).contains("行政の注意喚起"));
}

#[test]
fn watch_rebuilds_when_an_image_changes() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("figures/en"), dir.path());
    let watch = Watch::start(dir.path());
    watch.wait_for("[watch] watching");
    let epub_image = || epub_entry(&dir.path().join("out/figures.epub"), "EPUB/images/fig-photo.jpg");
    // The photo saved again with different bytes (still a JPEG): the next build embeds them.
    let photo = dir.path().join("report/figures/photo.jpg");
    let mut bytes = std::fs::read(&photo).unwrap();
    bytes.extend_from_slice(b"saved again");
    std::fs::write(&photo, &bytes).unwrap();
    watch.wait_for("figures.epub");
    assert_eq!(epub_image(), bytes);
    // A photo replaced by something that is not a JPEG: a diagnostic at the figure's file line.
    std::fs::write(&photo, "not a picture").unwrap();
    watch.wait_for_all(&["report/chapters/01-intrusion.toml:32:8: error[image-format]", "build failed"]);
    assert_eq!(epub_image(), bytes, "the last good EPUB changed");
}

/// `git checkout` and sync tools remove the report folder and create it again: the kernel
/// drops the watch on the removed folder, and `watch` must arm it again (issue 19).
#[test]
fn watch_keeps_rebuilding_after_the_report_folder_is_removed_and_recreated() {
    let project = project_with(None);
    let pdf = project.path().join("out/sample.pdf");
    let watch = Watch::start(project.path());
    watch.wait_for("[watch] watching");
    let report = project.path().join("report");
    let saved = tempfile::tempdir().unwrap();
    copy_dir(&report, saved.path());
    std::fs::remove_dir_all(&report).unwrap();
    watch.wait_for("report/report.toml does not exist");
    copy_dir(saved.path(), &report);
    watch.wait_for("sample.pdf");
    // Now an ordinary edit inside the new folder must still be seen.
    let chapter = report.join("chapters/02-second.toml");
    let text = std::fs::read_to_string(&chapter).unwrap().replace("行政の注意喚起", "再作成後の編集");
    std::fs::write(&chapter, text).unwrap();
    watch.wait_for("sample.pdf");
    assert!(squash(&pdf_text(&pdf)).contains("再作成後の編集"));
}
