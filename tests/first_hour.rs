//! The first hour of a new user (issue 20): authors with roles, a draft chapter kept aside,
//! limits stated, help texts with examples, and `licenses` telling the truth about the fonts.

mod common;
use common::*;

use casebook::model::{Author, AuthorRole};

/// A temporary copy of the valid fixture with its report.toml replaced.
fn project_with_report(report_toml: &str) -> tempfile::TempDir {
    let project = project_with(None);
    std::fs::write(project.path().join("report/report.toml"), report_toml).unwrap();
    project
}

const REPORT_HEAD: &str = "id = \"sample\"\ntitle = \"サンプル\"\nlanguage = \"ja\"\n";
const REPORT_TAIL: &str = "publisher = \"casebook\"\ndate = \"2026-01-15\"\nversion = \"0.1.0\"\n\
     identifier = \"urn:casebook:test:sample\"\nchapters = [\"01-first\", \"02-second\"]\n";

fn load_authors(authors_line: &str) -> (String, Vec<Author>) {
    let text = format!("{REPORT_HEAD}{authors_line}\n{REPORT_TAIL}");
    let project = project_with_report(&text);
    let project = casebook::project::Project::open(project.path()).unwrap();
    let (loaded, diags) = casebook::load::load_project(&project);
    assert!(diags.is_empty(), "{diags:?}");
    (text, loaded.report.unwrap().1.authors)
}

#[test]
fn authors_are_names_or_tables_with_a_role_and_an_affiliation() {
    let (text, authors) = load_authors(
        "authors = [\"編集部\", { name = \"Jane Doe\", role = \"translator\", affiliation = \"Example University\" }, { name = \"山田花子\", role = \"editor\" }]",
    );
    assert_eq!(authors.len(), 3);
    // A plain string: the name, role author (the default), no affiliation; the name keeps
    // the span of the string, so diagnostics can point at it.
    assert_eq!(authors[0].name.get_ref(), "編集部");
    assert_eq!(&text[authors[0].name.span()], "\"編集部\"");
    assert_eq!(authors[0].role(), AuthorRole::Author);
    assert!(authors[0].role.is_none() && authors[0].affiliation.is_none());
    // A table.
    assert_eq!(authors[1].name.get_ref(), "Jane Doe");
    assert_eq!(&text[authors[1].name.span()], "\"Jane Doe\"");
    assert_eq!(authors[1].role(), AuthorRole::Translator);
    assert_eq!(&text[authors[1].role.as_ref().unwrap().span()], "\"translator\"");
    assert_eq!(authors[1].affiliation.as_ref().unwrap().get_ref(), "Example University");
    assert_eq!(authors[2].role(), AuthorRole::Editor);
    assert!(authors[2].affiliation.is_none());
    // A table without a role is an author too.
    let (_, authors) = load_authors("authors = [{ name = \"Jane Doe\" }]");
    assert_eq!(authors[0].role(), AuthorRole::Author);
    // Compatibility: the old form still loads.
    let (_, authors) = load_authors("authors = [\"テスト編集部\"]");
    assert_eq!(authors[0].name.get_ref(), "テスト編集部");
}

#[test]
fn authors_may_be_written_as_an_array_of_tables() {
    let text = format!(
        "{REPORT_HEAD}{REPORT_TAIL}\n[[authors]]\nname = \"山田花子\"\nrole = \"translator\"\n\n[[authors]]\nname = \"編集部\"\n"
    );
    let project = project_with_report(&text);
    let project = casebook::project::Project::open(project.path()).unwrap();
    let (loaded, diags) = casebook::load::load_project(&project);
    assert!(diags.is_empty(), "{diags:?}");
    let authors = loaded.report.unwrap().1.authors;
    let got: Vec<(&str, AuthorRole)> = authors.iter().map(|a| (a.name.get_ref().as_str(), a.role())).collect();
    assert_eq!(got, [("山田花子", AuthorRole::Translator), ("編集部", AuthorRole::Author)]);
    assert_eq!(&text[authors[0].name.span()], "\"山田花子\"");
}

#[test]
fn each_role_has_its_marc_relator_code() {
    // From the Library of Congress "MARC Code List for Relators".
    let expected = [
        ("author", "aut"),
        ("editor", "edt"),
        ("translator", "trl"),
        ("contributor", "ctb"),
        ("compiler", "com"),
        ("analyst", "anl"),
        ("researcher", "res"),
        ("reviewer", "rev"),
        ("illustrator", "ill"),
        ("photographer", "pht"),
    ];
    assert_eq!(AuthorRole::ALL.len(), expected.len());
    for (role, (slug, code)) in AuthorRole::ALL.iter().zip(expected) {
        assert_eq!((role.slug(), role.marc_relator()), (slug, code));
        // Each role loads from the name the schema and the README give it.
        let (_, authors) = load_authors(&format!("authors = [{{ name = \"A\", role = \"{slug}\" }}]"));
        assert_eq!(authors[0].role(), *role);
    }
    assert_eq!(AuthorRole::default(), AuthorRole::Author);
    assert!(AuthorRole::Editor.is_creator() && !AuthorRole::Translator.is_creator());
}

#[test]
fn a_wrong_author_entry_is_reported_where_it_is() {
    let text = format!(
        "{REPORT_HEAD}authors = [\n  \"編集部\",\n  {{ name = \"Jane Doe\", role = \"boss\" }},\n]\n{REPORT_TAIL}"
    );
    let project = project_with_report(&text);
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Line 6 (after the three head lines and `authors = [`, `"編集部",`); `"boss"` starts at
    // column 31 of `  { name = "Jane Doe", role = "boss" },`.
    let line = stdout(&out);
    assert!(
        line.starts_with("report/report.toml:6:31: error[unknown-value]: `boss` is not an allowed value here"),
        "{line}"
    );
    assert!(line.contains("`editor`") && line.contains("`translator`"), "{line}");

    let text = format!("{REPORT_HEAD}authors = [{{ name = \"Jane Doe\", title = \"編集長\" }}]\n{REPORT_TAIL}");
    let project = project_with_report(&text);
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // `title` is at line 4, column 33.
    assert!(
        stdout(&out).starts_with("report/report.toml:4:33: error[unknown-field]: `title` is not a field here"),
        "{}",
        stdout(&out)
    );

    let text = format!("{REPORT_HEAD}authors = [\"  \"]\n{REPORT_TAIL}");
    let project = project_with_report(&text);
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap();
    assert_eq!(stdout(&out), "report/report.toml:4:12: error[empty-text]: the author is empty\n");
}

#[test]
fn an_unlisted_chapter_is_a_warning_naming_the_file_and_how_to_include_it() {
    let project = project_with(None);
    std::fs::write(project.path().join("report/chapters/03-draft.toml"), "id = \"draft\"\ntitle = \"下書き\"\n")
        .unwrap();
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings do not fail check: {}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "report/chapters/03-draft.toml:1:1: warning[unlisted-chapter]: `report/chapters/03-draft.toml` is not listed in report.toml, so it is left out\n"
    );
    // The human form shows the file, the chapter list it is missing from, and what to do.
    let out = bin().arg("check").arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let expected = "\
warning[unlisted-chapter]: `report/chapters/03-draft.toml` is not listed in report.toml, so it is left out
   ┌─ report/chapters/03-draft.toml:1:1
   │
 1 │ id = \"draft\"
   │ ^ this chapter is not in the outputs
   │
   ┌─ report/report.toml:12:12
   │
12 │ chapters = [\"01-first\", \"02-second\"]
   │            ------------------------- the chapter list
   │
   = help: add \"03-draft\" to `chapters` in report/report.toml, or move the file out of report/chapters/

0 errors, 1 warning
";
    assert_eq!(stderr(&out), expected);
    // The build goes ahead without the draft.
    let out = bin().args(["build", "-q", "--format", "epub"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(project.path().join("out/sample.epub").exists());
}

#[test]
fn an_id_over_the_limit_is_refused_with_a_label_that_states_the_limit() {
    let id = "a".repeat(101);
    let text = format!("id = \"{id}\"\ntitle = \"サンプル\"\nlanguage = \"ja\"\nauthors = [\"A\"]\n{REPORT_TAIL}");
    let project = project_with_report(&text);
    let out = bin().args(["check", "--diagnostic-format", "json"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diag: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(diag["code"], "bad-id");
    assert_eq!((diag["line"].as_u64(), diag["column"].as_u64()), (Some(1), Some(6)));
    assert!(diag["label"].as_str().unwrap().contains("at most 100 characters"), "{diag}");
    // 100 is allowed.
    let text = text.replace(&id, &"a".repeat(100));
    let project = project_with_report(&text);
    let out = bin().args(["check"]).arg(project.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn help(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// The lines of a help section (`Options:`, `Arguments:`), up to the next blank line.
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    let mut lines = text.lines().skip_while(|l| *l != title);
    lines.next();
    lines.take_while(|l| !l.trim().is_empty()).collect()
}

#[test]
fn the_main_help_lists_the_common_flows_in_order() {
    let text = help(&["--help"]);
    let flows = section(&text, "Common flows:");
    let commands: Vec<&str> = flows.iter().filter_map(|l| l.trim().strip_prefix("casebook ")).collect();
    let names: Vec<&str> = commands.iter().map(|c| c.split(' ').next().unwrap()).collect();
    assert_eq!(names, ["new", "watch", "check", "build"], "{text}");
    assert!(text.contains("Exit codes: 0"), "{text}");
    // The commands themselves, in the same order, each with its one-line summary.
    let listed: Vec<&str> = section(&text, "Commands:").iter().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(listed, ["new", "watch", "check", "build", "schema", "licenses", "help"]);
}

#[test]
fn every_subcommand_help_has_one_line_per_option_and_examples() {
    for sub in ["new", "watch", "check", "build", "schema", "licenses"] {
        for flag in ["--help", "-h"] {
            let text = help(&[sub, flag]);
            // One or two examples, each a command line of this subcommand.
            let examples = section(&text, "Examples:");
            assert!(!examples.is_empty() && examples.len() <= 3, "{sub}: {text}");
            for e in &examples {
                assert!(e.trim_start().starts_with(&format!("casebook {sub}")), "{sub}: example {e:?}");
            }
            // Every option and argument: its name and a description on one line.
            let mut entries = section(&text, "Options:");
            entries.extend(section(&text, "Arguments:"));
            assert!(entries.iter().any(|l| l.contains("--help")), "{sub}: {text}");
            for line in entries {
                let spec_and_help: Vec<&str> =
                    line.trim().splitn(2, "  ").map(str::trim).filter(|s| !s.is_empty()).collect();
                assert_eq!(spec_and_help.len(), 2, "{sub} {flag}: option without a one-line description: {line:?}");
                assert!(line.chars().count() <= 100, "{sub} {flag}: line too long to stay one line: {line:?}");
            }
        }
    }
    // One default, said once.
    let text = help(&["schema", "--help"]);
    assert_eq!(text.matches("default").count(), 1, "{text}");
    assert!(text.contains("--out <DIR>") && text.contains("[default: schema]"), "{text}");
    // --diagnostic-format says what it does.
    for sub in ["check", "build", "watch"] {
        let text = help(&[sub, "--help"]);
        let line = text.lines().find(|l| l.contains("--diagnostic-format")).unwrap();
        assert!(line.contains("human") && line.contains("short") && line.contains("json"), "{line}");
    }
}

#[test]
fn licenses_lists_the_fonts_compiled_in_and_their_licence() {
    let text = help(&["licenses"]);
    // The font files shipped in assets/fonts/ (all of them are compiled in).
    let mut fonts: Vec<String> = std::fs::read_dir(repo().join("assets/fonts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ttf") || n.ends_with(".otf"))
        .collect();
    fonts.sort();
    assert!(fonts.len() >= 4, "{fonts:?}");
    assert!(text.contains(&format!("bundles {} fonts", fonts.len())), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    for font in &fonts {
        let at = lines.iter().position(|l| l.starts_with(&format!("{font}: "))).unwrap_or_else(|| {
            panic!("{font} not listed:\n{text}");
        });
        // Its licence, as the font files declare it: the DejaVu fonts under the Bitstream Vera
        // licence, every other bundled font under the OFL (assets/fonts/README.md).
        let licence = lines[at + 1..].iter().find(|l| l.trim_start().starts_with("Licence: ")).unwrap();
        let expected = if font.starts_with("DejaVu") { "Bitstream Vera" } else { "SIL Open Font License 1.1" };
        assert!(licence.contains(expected), "{font}: {licence}");
    }
    // Families, weights and copyright holders as assets/fonts/README.md and OFL.txt record them.
    for entry in [
        "NotoSerifJP-Regular.ttf: Noto Serif JP 400,",
        "NotoSansJP-Bold.ttf: Noto Sans JP 700,",
        "BIZUDMincho-Gap.ttf: BIZ UDMincho Gap 400,",
        "LibertinusSerif-BoldItalic.otf: Libertinus Serif 700 italic,",
        "DejaVuSansMono.ttf: DejaVu Sans Mono 400,",
    ] {
        assert!(text.contains(entry), "{entry}:\n{text}");
    }
    assert!(text.contains("Adobe") && text.contains("The BIZ UDMincho Project Authors"), "{text}");
    // No font that is not bundled (there is no Noto Serif JP Bold).
    assert!(!text.contains("NotoSerifJP-Bold"), "{text}");
    assert!(!text.contains("in this directory"), "{text}");
    // Both licence texts, in full.
    assert!(text.contains("SIL OPEN FONT LICENSE Version 1.1"), "{text}");
    assert!(text.contains("Bitstream Vera Fonts Copyright"), "{text}");
    // This repository's assets/fonts/ holds the bundled files themselves: no project section.
    assert!(!text.contains("The project adds"), "{text}");
}

#[test]
fn licenses_lists_a_projects_own_fonts_with_the_licence_they_state() {
    let project = project_with(None);
    let fonts = project.path().join("assets/fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    // A font of the project's own (a DejaVu Sans subset with the Tifinagh block, renamed), and a
    // copy of a bundled font under another name, which adds nothing and is left out.
    std::fs::copy(repo().join("tests/fixtures/project-font/assets/fonts/TestTifinagh.ttf"), fonts.join("Tif.ttf"))
        .unwrap();
    std::fs::copy(repo().join("assets/fonts/BIZUDMincho-Gap.ttf"), fonts.join("MyGap.ttf")).unwrap();
    let text = help(&["licenses", project.path().to_str().unwrap()]);
    let own = &text[text.find("The project adds 1 font file (assets/fonts/)").expect(&text)..];
    assert!(own.starts_with("The project adds 1 font file (assets/fonts/)"), "{own}");
    assert!(own.contains("Tif.ttf: Casebook Test Tifinagh"), "{own}");
    assert!(!own.contains("MyGap.ttf"), "{own}");
    // Outside a project, the bundled fonts alone.
    let empty = tempfile::tempdir().unwrap();
    let text = help(&["licenses", empty.path().to_str().unwrap()]);
    assert!(text.contains("bundles") && !text.contains("The project adds"), "{text}");
}

#[test]
fn the_readme_command_lines_name_exactly_the_options_of_each_command() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("## Command line").unwrap();
    let block = &readme[start..];
    let block = &block[block.find("```\n").unwrap() + 4..];
    let block = &block[..block.find("```").unwrap()];
    // A line that starts with spaces continues the one before.
    let lines = block.lines().fold(Vec::<String>::new(), |mut lines, l| {
        match lines.last_mut() {
            Some(last) if l.starts_with(' ') => last.push_str(l),
            _ => lines.push(l.to_string()),
        }
        lines
    });
    let mut commands = Vec::new();
    for line in &lines {
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some("casebook"), "{line}");
        let sub = words.next().unwrap();
        commands.push(sub);
        let in_readme: std::collections::BTreeSet<&str> =
            line.split(|c: char| c.is_whitespace() || c == '[' || c == ']').filter(|w| w.starts_with('-')).collect();
        let text = help(&[sub, "--help"]);
        let in_help: std::collections::BTreeSet<&str> = section(&text, "Options:")
            .into_iter()
            // The first spelling of each option (`-q` of `-q, --quiet`).
            .filter_map(|l| l.trim().split([',', ' ']).next())
            .filter(|w| w.starts_with('-') && *w != "-h")
            .collect();
        assert_eq!(in_readme, in_help, "README's `casebook {sub}` line and its --help differ");
    }
    assert_eq!(commands, ["new", "watch", "check", "build", "schema", "licenses"]);
}
