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
    let pdf = squash(&pdf_text(&project.path().join("out/sample.pdf")));
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

// ---- The sandbox: symlinks out of the project, special files (issue 19) ----

#[cfg(unix)]
#[test]
fn a_fifo_as_a_chapter_or_sources_file_is_refused_without_hanging() {
    for (file, listed) in [
        ("report/chapters/02-second.toml", true),
        ("report/chapters/03-unlisted.toml", false),
        ("report/sources.toml", true),
    ] {
        let project = project_with(None);
        let path = project.path().join(file);
        let _ = std::fs::remove_file(&path);
        assert!(std::process::Command::new("mkfifo").arg(&path).status().unwrap().success());
        for command in ["check", "build"] {
            let out = output_within(bin().args([command, "--diagnostic-format", "short"]).arg(project.path()), 20);
            assert_eq!(out.status.code(), Some(1), "{command} {file}: {}", stderr(&out));
            let expected = format!("error[special-file]: {file} is a FIFO (named pipe), not a regular file");
            assert!(stdout(&out).contains(&expected), "{command} {file} (listed: {listed}): {}", stdout(&out));
        }
    }
}

#[cfg(unix)]
#[test]
fn chapter_and_sources_files_that_are_symlinks_out_of_the_project_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    for file in ["report/chapters/02-second.toml", "report/sources.toml"] {
        let project = project_with(None);
        let path = project.path().join(file);
        // The linked file is a perfectly valid copy: only where it lives is wrong.
        let copy = outside.path().join("copy.toml");
        std::fs::copy(&path, &copy).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&copy, &path).unwrap();
        let out = output_within(bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()), 20);
        assert_eq!(out.status.code(), Some(1), "{file}: {}", stdout(&out));
        let expected = format!(
            "error[sandbox]: {file}: resolves to {} outside the project folder",
            copy.canonicalize().unwrap().display()
        );
        assert!(stdout(&out).contains(&expected), "{file}: {}", stdout(&out));
    }
}

#[cfg(unix)]
#[test]
fn a_template_symlinked_out_of_the_project_is_not_copied_by_typst_dir() {
    let project = project_with(None);
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.typ");
    std::fs::write(&secret, "// SECRET-MARKER-41\n").unwrap();
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::os::unix::fs::symlink(&secret, project.path().join("templates/report.typ")).unwrap();
    let export = tempfile::tempdir().unwrap();
    let out = output_within(
        bin().args(["build", "-q", "--typst-dir"]).arg(export.path().join("typst")).arg(project.path()),
        60,
    );
    assert_ne!(out.status.code(), Some(0));
    let mut leaked = Vec::new();
    for entry in walk(export.path()) {
        if std::fs::read(&entry).unwrap_or_default().windows(18).any(|w| w == b"SECRET-MARKER-41\n") {
            leaked.push(entry);
        }
    }
    assert!(leaked.is_empty(), "the template outside the project was copied to {leaked:?}");
    assert!(stderr(&out).contains("outside the project folder"), "{}", stderr(&out));
    assert!(!project.path().join("out/sample.pdf").exists());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

#[cfg(unix)]
#[test]
fn symlinks_planted_in_the_export_and_output_folders_are_replaced_not_followed() {
    let project = project_with(None);
    let outside = tempfile::tempdir().unwrap();
    let victims: Vec<_> = (0..3).map(|i| outside.path().join(format!("victim-{i}"))).collect();
    for v in &victims {
        std::fs::write(v, b"precious").unwrap();
    }
    let export = project.path().join("typst-export");
    std::fs::create_dir_all(export.join("data")).unwrap();
    std::fs::create_dir_all(project.path().join("out")).unwrap();
    std::os::unix::fs::symlink(&victims[0], export.join("data/report.json")).unwrap();
    std::os::unix::fs::symlink(&victims[1], project.path().join("out/sample.pdf")).unwrap();
    std::os::unix::fs::symlink(&victims[2], project.path().join("out/sample.epub")).unwrap();
    let out = output_within(bin().args(["build", "-q", "--typst-dir"]).arg(&export).arg(project.path()), 60);
    assert!(out.status.success(), "{}", stderr(&out));
    for v in &victims {
        assert_eq!(std::fs::read(v).unwrap(), b"precious", "{} was overwritten through a symlink", v.display());
    }
    for f in ["out/sample.pdf", "out/sample.epub", "typst-export/data/report.json"] {
        let meta = std::fs::symlink_metadata(project.path().join(f)).unwrap();
        assert!(meta.is_file(), "{f} is not a regular file now");
    }
    assert!(std::fs::read(project.path().join("out/sample.pdf")).unwrap().starts_with(b"%PDF-"));
}

#[cfg(unix)]
#[test]
fn an_out_folder_that_is_a_symlink_out_of_the_project_is_refused() {
    let project = project_with(None);
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), project.path().join("out")).unwrap();
    let out = output_within(bin().args(["build", "-q"]).arg(project.path()), 60);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "error: the output folder out resolves to {} outside the project folder; no output was written",
            outside.path().canonicalize().unwrap().display()
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "something was written outside");
}

// ---- Characters and URLs that check must catch (issue 19) ----

#[test]
fn control_characters_are_caught_by_check_at_their_place_and_escaped_on_the_terminal() {
    let project = project_with(None);
    edit(
        project.path(),
        "report/chapters/02-second.toml",
        "title = \"行政の注意喚起\"",
        "title = \"行政の\\u0001注意喚起\"",
    );
    edit(
        project.path(),
        "report/chapters/02-second.toml",
        "テスト省が注意喚起を出した",
        "テスト省が\\u001b[31m注意喚起",
    );
    let out = output_within(bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()), 20);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "report/chapters/02-second.toml:8:13: error[control-character]: U+0001 is a control character, which the outputs cannot carry\n\
         report/chapters/02-second.toml:11:15: error[control-character]: U+001B is a control character, which the outputs cannot carry\n"
    );
    // Human output (NO_COLOR is set by bin()) never writes a raw control character.
    let out = output_within(bin().arg("check").arg(project.path()), 20);
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{1}'), "{err:?}");
    assert!(err.contains("┌─ report/chapters/02-second.toml:8:13"), "{err}");
}

#[test]
fn a_raw_escape_sequence_in_a_message_is_escaped_for_the_terminal() {
    // An unknown source id holding ESC (a C1 CSI too) comes back in the message and the line.
    let project = project_with(None);
    edit(project.path(), "report/chapters/02-second.toml", "[^agency-b, 1ページ]", "[^agency\u{9b}31m]");
    let out = output_within(bin().arg("check").arg(project.path()), 20);
    let err = stderr(&out);
    assert!(!err.contains('\u{9b}'), "{err:?}");
    assert!(err.contains("agency\\u{9b}31m"), "{err}");
}

#[test]
fn bidi_isolates_and_joiners_are_accepted_and_built() {
    let project = project_with(None);
    edit(
        project.path(),
        "report/chapters/02-second.toml",
        "テスト省が注意喚起を出した",
        "テスト省が\u{2067}注意\u{2069}喚起\u{200d}を出した",
    );
    let out = output_within(bin().args(["build", "--diagnostic-format", "short"]).arg(project.path()), 60);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn urls_the_outputs_cannot_carry_are_caught_by_check() {
    let project = project_with(None);
    let long = format!("https://example.com/{}", "a".repeat(8000));
    edit(project.path(), "report/sources.toml", "url = \"https://example.com/a\"", &format!("url = \"{long}\""));
    edit(
        project.path(),
        "report/sources.toml",
        "url = \"https://example.go.jp/b.pdf\"",
        "url = \"https://example.go.jp/b\\\".pdf\"",
    );
    let out = output_within(bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()), 20);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "report/sources.toml:7:7: error[bad-url]: `{long}` is 8020 bytes long; links may be at most 8000\n\
             report/sources.toml:17:7: error[bad-url]: `https://example.go.jp/b\".pdf` contains `\"`, which must be written percent-encoded as %22\n"
        )
    );
}

#[test]
fn an_iri_is_percent_encoded_in_the_pdf_link() {
    let project = project_with(None);
    edit(
        project.path(),
        "report/sources.toml",
        "url = \"https://example.com/a\"",
        "url = \"https://example.com/記事?q=ü\"",
    );
    let out = output_within(bin().args(["build", "-q"]).arg(project.path()), 60);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = lopdf::Document::load(project.path().join("out/sample.pdf")).unwrap();
    // Every /URI string anywhere (link actions are dictionaries inside the annotations).
    fn collect(object: &lopdf::Object, uris: &mut Vec<Vec<u8>>) {
        match object {
            lopdf::Object::Dictionary(dict) => {
                for (key, value) in dict.iter() {
                    match value.as_str() {
                        Ok(uri) if key == b"URI" => uris.push(uri.to_vec()),
                        _ => collect(value, uris),
                    }
                }
            }
            lopdf::Object::Array(items) => items.iter().for_each(|i| collect(i, uris)),
            _ => {}
        }
    }
    let mut uris = Vec::new();
    for (_, object) in pdf.objects.iter() {
        collect(object, &mut uris);
    }
    let expected = b"https://example.com/%E8%A8%98%E4%BA%8B?q=%C3%BC".to_vec();
    assert!(uris.contains(&expected), "{:?}", uris.iter().map(|u| String::from_utf8_lossy(u)).collect::<Vec<_>>());
    assert!(uris.iter().all(|u| u.is_ascii()));
}

// ---- Resource limits for templates (issue 19) ----

/// A template is code: ten billion loop iterations would run for hours. The binary's watchdog
/// stops it after its budget with a clear error, and nothing is written.
#[test]
fn a_runaway_template_is_stopped_by_the_time_budget() {
    let project = project_with(None);
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::write(
        project.path().join("templates/report.typ"),
        "#let n = 0\n#for i in range(100000) { for j in range(100000) { n += 1 } }\n#n\n",
    )
    .unwrap();
    let start = std::time::Instant::now();
    let out = output_within(bin().args(["build", "-q"]).arg(project.path()).env("CASEBOOK_TEMPLATE_TIMEOUT", "2"), 60);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(start.elapsed() < Duration::from_secs(30), "stopped only after {:?}", start.elapsed());
    assert!(
        stderr(&out)
            .starts_with("error[template-timeout]: the Typst template ran for more than 2.0 s and was stopped\n"),
        "{}",
        stderr(&out)
    );
    assert!(!project.path().join("out").exists(), "something was written");
}

#[cfg(unix)]
#[test]
fn a_template_reading_a_fifo_fails_at_its_line_without_hanging() {
    let project = project_with(None);
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    std::fs::create_dir_all(project.path().join("assets")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(project.path().join("assets/pipe")).status().unwrap().success());
    std::fs::write(project.path().join("templates/report.typ"), "#read(\"/assets/pipe\")\n").unwrap();
    let out = output_within(bin().args(["build", "--diagnostic-format", "short"]).arg(project.path()), 30);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(
            "templates/report.typ:1:7: error[template]: failed to load file (assets/pipe is a FIFO (named pipe), not a regular file)"
        ),
        "{}",
        stdout(&out)
    );
}

/// The built-in template, exported by `--typst-dir`, with `padding` bytes of comment appended.
fn padded_template(project: &std::path::Path, padding: usize) -> Vec<u8> {
    let export = tempfile::tempdir().unwrap();
    let out = output_within(bin().args(["build", "-q", "--typst-dir"]).arg(export.path()).arg(project), 60);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut template = std::fs::read(export.path().join("templates/report.typ")).unwrap();
    template.extend_from_slice(b"\n// ");
    template.resize(template.len() + padding, b'x');
    template.push(b'\n');
    template
}

#[test]
fn templates_are_read_up_to_64_mib_and_a_larger_one_is_named_in_the_error() {
    // SECURITY.md: "template files or assets over 64 MiB are refused" — and nothing smaller.
    let project = project_with(None);
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    let template = project.path().join("templates/report.typ");
    std::fs::write(&template, padded_template(project.path(), 3 << 20)).unwrap();
    let out = output_within(bin().args(["build", "-q"]).arg(project.path()), 60);
    assert_eq!(out.status.code(), Some(0), "a 3 MiB template must build: {}", stdout(&out));
    assert!(pdf_text(&project.path().join("out/sample.pdf")).contains("サンプル"));

    let mut too_large = padded_template(project.path(), 0);
    too_large.resize((64 << 20) + 1, b'\n');
    std::fs::write(&template, too_large).unwrap();
    let out = output_within(bin().args(["build", "--diagnostic-format", "short"]).arg(project.path()), 60);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("error[template]: failed to load file (templates/report.typ is larger than 64 MiB)\n"),
        "{}",
        stdout(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_as_the_sources_file_is_reported_as_missing() {
    let project = project_with(None);
    let sources = project.path().join("report/sources.toml");
    std::fs::rename(&sources, project.path().join("report/moved.toml")).unwrap();
    std::os::unix::fs::symlink(project.path().join("report/gone.toml"), &sources).unwrap();
    let out = output_within(bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()), 20);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "error[read]: report/sources.toml does not exist\n");
}

#[cfg(unix)]
#[test]
fn typst_dir_writes_only_into_real_folders() {
    let project = project_with(None);
    let export = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let typst_dir =
        || output_within(bin().args(["build", "-q", "--typst-dir"]).arg(export.path()).arg(project.path()), 60);
    // The export is refused (exit 2) with these words about its `data` folder.
    let refused_because = |why: &str| {
        let out = typst_dir();
        assert_eq!(out.status.code(), Some(2));
        let expected = format!(
            "error: cannot write the Typst project to {0}: {0}/data {why}; no output was written\n",
            export.path().display()
        );
        assert_eq!(stderr(&out), expected);
    };
    assert_eq!(typst_dir().status.code(), Some(0));
    let data = export.path().join("data");
    std::fs::remove_dir_all(&data).unwrap();

    // A symlink planted for a folder of the export is refused, not followed.
    std::os::unix::fs::symlink(elsewhere.path(), &data).unwrap();
    refused_because("is a symlink; casebook writes only into real folders");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0, "written through the symlink");

    // A file where a folder belongs is named as such and left alone.
    std::fs::remove_file(&data).unwrap();
    std::fs::write(&data, "precious").unwrap();
    refused_because("is not a folder");
    assert_eq!(std::fs::read_to_string(&data).unwrap(), "precious");
}

#[test]
fn a_template_that_never_converges_stops_after_typsts_five_passes_with_its_warning() {
    let project = project_with(None);
    std::fs::create_dir_all(project.path().join("templates")).unwrap();
    let mut template = padded_template(project.path(), 0);
    let lines_before = template.iter().filter(|&&b| b == b'\n').count();
    template.extend_from_slice(b"#let never = state(\"never\", 0)\n#context never.update(never.final() + 1)\n");
    std::fs::write(project.path().join("templates/report.typ"), template).unwrap();
    let out = output_within(bin().arg("build").arg(project.path()), 60);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("warning[template]: document did not converge within five attempts"), "{err}");
    assert!(err.contains(&format!("templates/report.typ:{}:23", lines_before + 2)), "{err}");
    assert!(err.contains("- run 5: `4`\n      - final: `5`"), "{err}");
    assert!(err.contains(" ms, 5 layout passes)\n"), "{err}");
}
