//! `casebook build` on small projects: failures keep the previous outputs, template errors
//! point into the template, the sandbox holds, missing glyphs are named at their place, and
//! the output settings (paper, writing mode) reach the files.

mod common;
use common::*;

use std::path::Path;

fn build(project: &Path, extra: &[&str]) -> std::process::Output {
    bin().arg("build").arg(project).args(["--diagnostic-format", "short"]).args(extra).output().unwrap()
}

fn outputs(project: &Path) -> (Vec<u8>, Vec<u8>) {
    (std::fs::read(project.join("out/sample.pdf")).unwrap(), std::fs::read(project.join("out/sample.epub")).unwrap())
}

#[test]
fn a_failed_build_leaves_the_previous_outputs_untouched() {
    let project = project_with(None);
    let out = build(project.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = outputs(project.path());
    // A content error in a chapter.
    std::fs::write(project.path().join("report/chapters/02-second.toml"), "id = \"second\"\ntitle = \"x\n").unwrap();
    let out = build(project.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("report/chapters/02-second.toml:2:"), "{}", stdout(&out));
    assert!(stderr(&out).contains("build failed; the previous outputs were left as they were"));
    assert!(outputs(project.path()) == before, "outputs changed after a failed build");
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(project.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// Files in `out/` (names starting with `.` included), sorted.
fn out_listing(project: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(project.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// A project built once (the "old" outputs), then edited so that the next build differs.
fn built_then_edited() -> (tempfile::TempDir, (Vec<u8>, Vec<u8>)) {
    let project = project_with(None);
    let out = build(project.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let old = outputs(project.path());
    edit(project.path(), "report/chapters/02-second.toml", "行政の注意喚起", "改題された注意喚起");
    (project, old)
}

/// Holds as root too: a folder in the way of the EPUB's final name makes the second rename
/// fail after the PDF's succeeded; the PDF must be put back.
#[test]
fn the_second_output_failing_after_the_first_was_renamed_restores_the_first() {
    let (project, (old_pdf, _)) = built_then_edited();
    let epub = project.path().join("out/sample.epub");
    std::fs::remove_file(&epub).unwrap();
    std::fs::create_dir(&epub).unwrap();
    std::fs::write(epub.join("keep"), b"x").unwrap();
    let out = build(project.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "error: cannot write {}: ",
            project.path().canonicalize().unwrap().join("out/sample.epub").display()
        )),
        "{err}"
    );
    assert!(err.trim_end().ends_with("; the previous outputs were restored"), "{err}");
    assert!(std::fs::read(project.path().join("out/sample.pdf")).unwrap() == old_pdf, "the PDF was not restored");
    assert_eq!(out_listing(project.path()), ["sample.epub", "sample.pdf"]);
}

/// The fault seam of the output layer (debug builds: CASEBOOK_FAULT) fails the write at each
/// step; what the folder holds afterwards is exactly what the message says.
#[test]
fn a_write_failing_at_each_step_leaves_both_old_or_both_new() {
    for (step, both_new, says) in [
        ("before-first-rename", false, "; no output was changed"),
        ("between-renames", false, "; the previous outputs were restored"),
        ("after-last-rename", true, "; all outputs are new"),
    ] {
        let (project, old) = built_then_edited();
        let out =
            bin().arg("build").arg(project.path()).env("CASEBOOK_FAULT", format!("{step}:fail")).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{step}: {}", stderr(&out));
        assert!(stderr(&out).contains(&format!("fault injected at {step}{says}")), "{step}: {}", stderr(&out));
        let now = outputs(project.path());
        if both_new {
            assert!(now.0 != old.0 && now.1 != old.1, "{step}: not both new");
        } else {
            assert!(now == old, "{step}: not both old");
        }
        assert_eq!(out_listing(project.path()), ["sample.epub", "sample.pdf"], "{step}: leftovers");
    }
}

/// A build killed (SIGKILL) while paused at each step: before the renames both outputs are
/// old; between them the PDF is new and the EPUB old, with the old PDF kept as a `.bak` (the
/// window SECURITY.md states); the next build removes what the killed one left.
#[cfg(unix)]
#[test]
fn a_build_killed_at_each_step_leaves_whole_files_and_the_next_build_cleans_up() {
    for (step, pdf_new, epub_new, leftover) in
        [("before-first-rename", false, false, ".tmp"), ("between-renames", true, false, ".bak")]
    {
        let (project, old) = built_then_edited();
        let mut child = bin()
            .arg("build")
            .arg("-q")
            .arg(project.path())
            .env("CASEBOOK_FAULT", format!("{step}:pause-30000"))
            .spawn()
            .unwrap();
        // Wait until the build is inside the pause (its temporary or backup files exist).
        let start = std::time::Instant::now();
        loop {
            let names = out_listing(project.path());
            let temps = names.iter().filter(|n| n.ends_with(".tmp")).count();
            let ready = match step {
                "before-first-rename" => temps == 2,
                _ => temps == 1 && names.iter().any(|n| n.ends_with(".bak")),
            };
            if ready {
                break;
            }
            assert!(start.elapsed().as_secs() < 60, "{step}: the build never reached the pause: {names:?}");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        child.kill().unwrap();
        child.wait().unwrap();
        let now = outputs(project.path());
        assert_eq!(now.0 != old.0, pdf_new, "{step}: PDF");
        assert_eq!(now.1 != old.1, epub_new, "{step}: EPUB");
        assert!(
            now.0.starts_with(b"%PDF-") && now.0.ends_with(b"%%EOF\n") || now.0.ends_with(b"%%EOF"),
            "{step}: PDF not whole"
        );
        let names = out_listing(project.path());
        assert!(names.iter().any(|n| n.ends_with(leftover)), "{step}: {names:?}");
        if step == "between-renames" {
            // The backup is the old PDF, whole.
            let bak = names.iter().find(|n| n.ends_with(".bak")).unwrap();
            assert!(std::fs::read(project.path().join("out").join(bak)).unwrap() == old.0);
        }
        let out = build(project.path(), &[]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(out_listing(project.path()), ["sample.epub", "sample.pdf"], "{step}: not cleaned up");
    }
}

#[cfg(unix)]
#[test]
fn an_output_path_that_is_a_file_is_an_io_error() {
    let project = project_with(None);
    assert!(build(project.path(), &[]).status.success());
    let before = outputs(project.path());
    let blocker = project.path().join("blocker");
    std::fs::write(&blocker, b"").unwrap();
    let out = build(project.path(), &["--out", blocker.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot create the output folder"), "{}", stderr(&out));
    assert!(outputs(project.path()) == before);
}

#[test]
fn template_errors_point_into_the_overriding_template() {
    let project = project_with(None);
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::write(
        project.path().join("templates/report.typ"),
        "#let doc = json(\"/data/report.json\")\n= Title\n#let x = (1, 2\n",
    )
    .unwrap();
    let out = build(project.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("templates/report.typ:3:10: error[template]: unclosed delimiter"),
        "{}",
        stdout(&out)
    );
    assert!(!project.path().join("out/sample.pdf").exists());
}

#[test]
fn templates_cannot_leave_the_project_or_import_packages() {
    let project = project_with(None);
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::create_dir_all(project.path().join("assets")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", project.path().join("assets/outside")).unwrap();
    let cases = [
        ("#read(\"/etc/passwd\")", "file not found"),
        ("#read(\"../../etc/passwd\")", "escape the project root"),
        ("#import \"@preview/cetz:0.3.0\": *", "package imports"),
        #[cfg(unix)]
        ("#read(\"/assets/outside\")", "outside the project folder"),
    ];
    for (line, expected) in cases {
        let template = format!("#let doc = json(\"/data/report.json\")\n#set document(title: \"t\")\n{line}\n");
        std::fs::write(project.path().join("templates/report.typ"), template).unwrap();
        let out = build(project.path(), &[]);
        assert_eq!(out.status.code(), Some(1), "{line}");
        let text = stdout(&out);
        assert!(text.contains("templates/report.typ:3:") && text.contains(expected), "{line}: {text}");
    }
}

#[test]
fn a_character_without_a_glyph_is_reported_where_it_is_written() {
    let project = project_with(None);
    let path = project.path().join("report/chapters/02-second.toml");
    let text =
        std::fs::read_to_string(&path).unwrap().replace("title = \"行政の注意喚起\"", "title = \"行政の注意喚起😀\"");
    std::fs::write(&path, text).unwrap();
    // `check` does not load fonts; `build` checks every character against them.
    assert!(bin().arg("check").arg(project.path()).output().unwrap().status.success());
    let out = build(project.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out).lines().next().unwrap(),
        "report/chapters/02-second.toml:8:17: error[missing-glyph]: the character `😀` (U+1F600) has no glyph in the bundled fonts"
    );
}

#[test]
fn the_near_equal_sign_noto_lacks_is_covered_by_the_gap_font() {
    let project = project_with(None);
    let path = project.path().join("report/chapters/02-second.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace("行政の対応。", "被害額≒100万円。");
    std::fs::write(&path, text).unwrap();
    let out = build(project.path(), &[]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = pdf_text(&project.path().join("out/sample.pdf"));
    assert!(text.contains('≒'), "≒ not in the PDF text");
}

#[test]
fn jis_b5_paper_and_vertical_epub_are_selectable() {
    let project = project_with(None);
    let path = project.path().join("report/report.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace("paper = \"a4\"", "paper = \"jis-b5\"")
        + "\n[epub]\nwriting_mode = \"vertical\"\n";
    std::fs::write(&path, text).unwrap();
    let out = build(project.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = lopdf::Document::load(project.path().join("out/sample.pdf")).unwrap();
    let (_, page) = pdf.get_pages().into_iter().next().unwrap();
    let media_box = pdf.get_dictionary(page).unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
    let w = media_box[2].as_float().unwrap();
    let h = media_box[3].as_float().unwrap();
    // JIS B5 is 182 × 257 mm.
    assert!((w - 182.0 / 25.4 * 72.0).abs() < 0.5 && (h - 257.0 / 25.4 * 72.0).abs() < 0.5, "{w}×{h}");
    let epub = project.path().join("out/sample.epub");
    assert!(epub_text(&epub, "EPUB/package.opf").contains("page-progression-direction=\"rtl\""));
    assert!(epub_text(&epub, "EPUB/ch01.xhtml").contains("class=\"vrtl\""));
}

#[test]
fn format_selects_the_outputs() {
    let project = project_with(None);
    let out = build(project.path(), &["--format", "epub"]);
    assert!(out.status.success());
    assert!(project.path().join("out/sample.epub").exists() && !project.path().join("out/sample.pdf").exists());
    let out = build(project.path(), &["--format", "pdf", "--out", project.path().join("pdf-only").to_str().unwrap()]);
    assert!(out.status.success());
    assert!(
        project.path().join("pdf-only/sample.pdf").exists() && !project.path().join("pdf-only/sample.epub").exists()
    );
}

#[test]
fn typst_dir_holds_the_exact_typst_project() {
    let project = project_with(None);
    let typst_dir = project.path().join("typst-export");
    let out = build(project.path(), &["--typst-dir", typst_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let template = std::fs::read_to_string(typst_dir.join("templates/report.typ")).unwrap();
    assert_eq!(template, std::fs::read_to_string(repo().join("templates/report.typ")).unwrap());
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(typst_dir.join("data/report.json")).unwrap()).unwrap();
    assert_eq!(data["meta"]["title"], "サンプル事象について");
    // The fixture's citations: 01-first lists paper-a (1), cites it again in its text without a
    // locator (the same note), quotes it (2); 02-second lists agency-b (3) and cites it with a
    // locator (4).
    assert_eq!(data["notes"].as_array().unwrap().len(), 4);
    for font in ["NotoSerifJP-Regular.ttf", "NotoSansJP-Regular.ttf", "NotoSansJP-Bold.ttf", "BIZUDMincho-Gap.ttf"] {
        assert!(typst_dir.join("fonts").join(font).metadata().unwrap().len() > 1000, "{font}");
    }
}

/// A project with its own template exports that template, byte for byte, not the built-in one.
#[test]
fn typst_dir_exports_the_projects_own_template() {
    let project = project_with(None);
    let mut own = std::fs::read_to_string(repo().join("templates/report.typ")).unwrap();
    own.push_str("\n// This project's own template.\n");
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::write(project.path().join("templates/report.typ"), &own).unwrap();
    let typst_dir = project.path().join("typst-export");
    let out = build(project.path(), &["--typst-dir", typst_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(typst_dir.join("templates/report.typ")).unwrap(), own);
}

/// `templates/epub/book.css` replaces the built-in EPUB stylesheet, byte for byte; one that is
/// not UTF-8 is an error naming it, and nothing is written.
#[test]
fn a_projects_own_epub_stylesheet_replaces_the_built_in_one() {
    let project = project_with(None);
    let css = project.path().join("templates/epub/book.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    let own = "/* this project's stylesheet */\nbody { font-family: serif; }\n";
    std::fs::write(&css, own).unwrap();
    let out = build(project.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(epub_text(&project.path().join("out/sample.epub"), "EPUB/book.css"), own);

    std::fs::write(&css, b"body { content: \"\xff\" }\n").unwrap();
    std::fs::remove_dir_all(project.path().join("out")).unwrap();
    let out = bin().args(["build", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "error[read]: cannot read templates/epub/book.css: not valid UTF-8\n");
    assert!(!project.path().join("out/sample.epub").exists() && !project.path().join("out/sample.pdf").exists());
}

/// A font put into `assets/fonts/` during a session (as in `watch`) is used by the session's
/// next build: the character it adds is no longer missing, and the colophon credits it.
#[test]
fn a_font_added_during_a_session_is_used_by_its_next_build() {
    use casebook::build::Session;
    use casebook::project::Project;
    let dir = project_with(None);
    let chapter = dir.path().join("report/chapters/02-second.toml");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replace("行政の対応。", "行政の対応（ⵜⵉⴼⵉⵏⴰⵖ）。")).unwrap();
    let project = Project::open(dir.path()).unwrap();
    let mut session = Session::new();
    let before = session.build(&project, &both_outputs(dir.path(), "out"));
    assert!(!before.succeeded());
    assert!(before.diagnostics.iter().any(|d| d.code == "missing-glyph"), "{:?}", before.diagnostics);

    copy_dir(&fixtures().join("project-font"), dir.path());
    let after = session.build(&project, &both_outputs(dir.path(), "out"));
    assert!(after.succeeded(), "{:?}", after.diagnostics);
    let colophon = epub_text(&dir.path().join("out/sample.epub"), "EPUB/colophon.xhtml");
    assert!(colophon.contains("Casebook Test Tifinagh"), "{colophon}");
}

/// Build options writing both outputs to `dir/out`, as `build` and `watch` do.
fn both_outputs(dir: &Path, out: &str) -> casebook::build::BuildOptions {
    casebook::build::BuildOptions {
        out_dir: dir.join(out),
        formats: casebook::build::Formats { pdf: true, epub: true },
        typst_dir: None,
        resolve: Default::default(),
    }
}

/// Asserts that `dir/watch` (a long-lived session) and `dir/once` (a fresh one) hold the same bytes.
fn assert_session_wrote_what_a_fresh_build_writes(dir: &Path, names: &[&str], when: &str) {
    for name in names {
        let watch = std::fs::read(dir.join("watch").join(name)).unwrap();
        let once = std::fs::read(dir.join("once").join(name)).unwrap();
        assert!(watch == once, "{name} differs between a long-lived and a fresh session {when}");
    }
}

/// A long-lived session (what `watch` keeps) remembers which characters the fonts cover; a
/// character without a glyph must still be reported on every build, and fixing it must build.
/// A rebuild in a long-lived session (incremental layout) writes the same bytes as a fresh one.
#[test]
fn a_session_reports_a_missing_glyph_on_every_build_and_matches_a_fresh_build() {
    use casebook::build::Session;
    use casebook::project::Project;
    let project_dir = project_with(None);
    let path = project_dir.path().join("report/chapters/02-second.toml");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, good.replace("行政の対応。", "行政の対応😀。")).unwrap();
    let project = Project::open(project_dir.path()).unwrap();
    let options = |out: &str| both_outputs(project_dir.path(), out);
    let mut session = Session::new();
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find('😀').unwrap();
    for build in 0..3 {
        let result = session.build(&project, &options("watch"));
        assert!(!result.succeeded());
        // Exactly our diagnostic, at the character, on every build of the session (not only
        // the code: Typst's own PDF/A error carries it too).
        let ours: Vec<_> = result
            .diagnostics
            .iter()
            .filter(|d| {
                d.code == "missing-glyph"
                    && d.message == "the character `😀` (U+1F600) has no glyph in the bundled fonts"
                    && d.location.as_ref().is_some_and(|(f, span)| {
                        result.files.name(*f) == "report/chapters/02-second.toml" && *span == (at..at + 4)
                    })
            })
            .collect();
        assert_eq!(ours.len(), 1, "build {build}: {:?}", result.diagnostics);
    }
    std::fs::write(&path, &good).unwrap();
    assert!(session.build(&project, &options("watch")).succeeded());
    assert!(Session::new().build(&project, &options("once")).succeeded());
    assert_session_wrote_what_a_fresh_build_writes(project_dir.path(), &["sample.pdf", "sample.epub"], "");
}

/// `watch` starts each Typst compile from the previous layout's introspection (page numbers,
/// counters, the outline) instead of an empty one. Whatever the edit (one word, a paragraph that
/// pushes every later page, a heading that changes the table of contents, the paragraph taken
/// out again), the session must write the bytes a fresh build writes.
///
/// It also counts layout passes. A fresh build needs two, Typst's least for a document with
/// page numbers: the template draws a stand-in table of contents on the first pass so that no
/// page moves on the second. An edit that moves no page needs one in a session.
#[test]
fn edits_in_a_session_write_what_a_fresh_build_writes() {
    use casebook::build::Session;
    use casebook::project::Project;
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("report"), &dir.path().join("report"));
    let path = dir.path().join("report/chapters/01-discovery.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let long = "同社が調査したところ、".repeat(200);
    let edits = [
        original.replacen("同社が調査したところ", "同社がさらに調査したところ", 1),
        original.replacen("同社が調査したところ", &long, 1),
        original.replacen("title = \"レカム社が事象を認識\"", "title = \"レカム株式会社が事象を認識\"", 1),
        original.clone(),
    ];
    let project = Project::open(dir.path()).unwrap();
    let options = |out: &str| both_outputs(dir.path(), out);
    let mut session = Session::new();
    let first = session.build(&project, &options("watch"));
    assert!(first.succeeded());
    assert_eq!(first.layout_passes, Some(2), "a cold build of AI-900");
    let mut pages = Vec::new();
    let mut passes = Vec::new();
    for edit in &edits {
        assert_ne!(edit, &std::fs::read_to_string(&path).unwrap(), "each edit changes the chapter");
        std::fs::write(&path, edit).unwrap();
        let watched = session.build(&project, &options("watch"));
        assert!(watched.succeeded(), "{:?}", watched.diagnostics);
        pages.push(watched.page_map.as_ref().unwrap().pages);
        passes.push(watched.layout_passes.unwrap());
        let fresh = Session::new().build(&project, &options("once"));
        assert!(fresh.succeeded());
        assert_eq!(fresh.layout_passes, Some(2), "a fresh build after edit {}", pages.len());
        let when = format!("after edit {}", pages.len());
        assert_session_wrote_what_a_fresh_build_writes(dir.path(), &["ai-900.pdf", "ai-900.epub"], &when);
    }
    // The long paragraph really moved the pages after it.
    assert!(pages[1] > pages[0], "pages per edit: {pages:?}");
    assert_eq!(pages[3], pages[0]);
    assert_eq!(passes[0], 1, "a one-word edit moves no page: passes per edit {passes:?}");
    assert!(passes[1] >= 2, "the long paragraph moves pages: passes per edit {passes:?}");
}
