//! Loading: reads `report/report.toml`, `report/sources.toml` and the chapter files of a
//! project folder into the raw model of [`crate::model`], with every TOML syntax error, unknown
//! or missing field and wrong type reported as a diagnostic — all of them, not the first.
//!
//! Each file is parsed once with error recovery (all syntax errors), then every `[[event]]`
//! and `[[source]]` is deserialized on its own, so one bad entry does not hide the next.

use std::path::{Path, PathBuf};

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, FileId, SourceFiles};
use crate::model::{ChapterFile, Event, ReportFile, Source, SourcesFile};
use crate::project::Project;

mod lookup;

/// Files larger than this are refused before parsing (no report needs 16 MiB of TOML).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Everything read from a project, as written.
pub struct Loaded {
    /// The project the files were read from (image files of figures are found in it).
    pub project: Option<Project>,
    pub files: SourceFiles,
    pub report: Option<(FileId, ReportFile)>,
    pub sources: Vec<(FileId, Source)>,
    /// Chapters in the order `report.toml` lists them (those that could be read).
    pub chapters: Vec<LoadedChapter>,
    /// Every source was read; when not, references to sources are not checked (they could
    /// point into the part that failed and would only repeat the first error).
    pub sources_complete: bool,
    /// Every chapter and event was read; when not, references to events, unused sources and
    /// empty chapters are not checked.
    pub chapters_complete: bool,
    /// `[[actor]]` declarations of `report/actors.toml` (optional file).
    pub actors: Vec<(FileId, crate::model::Actor)>,
    /// `[[term]]` entries of `report/glossary.toml` (optional file).
    pub terms: Vec<(FileId, crate::model::Term)>,
    /// The project's `.csl` file named by `citation_style`, when it names one and it was read.
    pub citation_style_file: Option<FileId>,
}

pub struct LoadedChapter {
    pub file: FileId,
    /// File name without `.toml`, as listed in `report.toml`.
    pub name: String,
    pub head: Option<ChapterFile>,
    pub events: Vec<Event>,
    /// Listed under `appendices` in report.toml (these follow every body chapter).
    pub appendix: bool,
}

/// report.toml's chapter list as written: its file, the names with their spans, the list's span.
type RawChapters = (FileId, Vec<(String, std::ops::Range<usize>)>, std::ops::Range<usize>);

/// Loads a project; the diagnostics cover every file.
pub fn load_project(project: &Project) -> (Loaded, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut loaded = Loaded {
        project: Some(project.clone()),
        files: SourceFiles::default(),
        report: None,
        sources: Vec::new(),
        chapters: Vec::new(),
        sources_complete: true,
        chapters_complete: true,
        actors: Vec::new(),
        terms: Vec::new(),
        citation_style_file: None,
    };
    // Refused characters do not make a file incomplete: its entries were all read.
    let errors = |d: &[Diagnostic]| d.iter().filter(|d| d.is_error() && d.code != "control-character").count();

    // report.toml
    // The chapter list as written, so that chapters are still read (and their errors shown)
    // when another field of report.toml is wrong.
    let mut raw_chapters: Option<RawChapters> = None;
    if let Some(file) = read_file(project, &project.report_dir().join("report.toml"), &mut loaded.files, &mut diags)
        && let Some((span, table)) = parse_table(&loaded.files, file, &mut diags)
    {
        if let Some((_, value)) = table.iter().find(|(k, _)| k.get_ref() == "chapters")
            && let DeValue::Array(items) = value.get_ref()
        {
            let names = items
                .iter()
                .filter_map(|i| match i.get_ref() {
                    DeValue::String(s) => Some((s.to_string(), i.span())),
                    _ => None,
                })
                .collect();
            raw_chapters = Some((file, names, value.span()));
        }
        loaded.report =
            deserialize::<ReportFile>(span, table, loaded.files.text(file), file, &mut diags).map(|r| (file, r));
    }

    // The project's own citation style, when report.toml names a .csl file.
    if let Some((report_file, report)) = &loaded.report
        && let Some(style) = &report.citation_style
        && is_style_path(style.get_ref())
    {
        let report_file = *report_file;
        let rel = style.get_ref().trim();
        match project.resolve_relative(rel) {
            Ok(path) => {
                let mut read_diags = Vec::new();
                loaded.citation_style_file = read_file(project, &path, &mut loaded.files, &mut read_diags);
                // Problems reading the file are shown at the value that names it.
                diags.extend(read_diags.into_iter().map(|d| match d.location {
                    Some(_) => d,
                    None => d.at(report_file, style.span()).with_label("the citation style named here"),
                }));
            }
            Err(e) if e == "file not found" => diags.push(
                Diagnostic::error("read", format!("the citation style file `{rel}` does not exist"))
                    .at(report_file, style.span())
                    .with_label("no such file in the project")
                    .with_help("give the path of a .csl file relative to the project folder, or the name of an archived style such as \"chicago-notes\""),
            ),
            Err(e) => diags.push(
                Diagnostic::error("sandbox", format!("citation style `{rel}`: {e}"))
                    .at(report_file, style.span())
                    .with_label("outside the project folder")
                    .with_help("put the .csl file inside the project folder (e.g. report/house.csl) and name it relative to the folder"),
            ),
        }
    }

    // sources.toml
    let before = errors(&diags);
    if let Some(file) = read_file(project, &project.report_dir().join("sources.toml"), &mut loaded.files, &mut diags)
        && let Some((span, mut table)) = parse_table(&loaded.files, file, &mut diags)
    {
        let items = take_array(&mut table, "source", file, &mut diags);
        deserialize::<SourcesFile>(span.clone(), table, loaded.files.text(file), file, &mut diags);
        for item in items {
            let item_span = item.span();
            let url = raw_string(&item, "url");
            match deserialize_value::<Source>(item, item_span, loaded.files.text(file), file, &mut diags) {
                Some(source) => loaded.sources.push((file, source)),
                // The resolver checks the URLs of the sources it receives; this one it will
                // not receive, so its URL is checked here, so a bad `kind` does not hide it.
                None => diags.extend(url.and_then(|(url, span)| {
                    crate::url::problem(url.trim()).map(|problem| {
                        Diagnostic::error("bad-url", format!("`{url}` {problem}"))
                            .at(file, span)
                            .with_label("not a URL both outputs can link")
                            .with_help("give the public address of the source, starting with http:// or https://; leave url out for sources without one")
                    })
                })),
            }
        }
    }

    loaded.sources_complete = errors(&diags) == before;
    lookup::load_lookup(project, &mut loaded, &mut diags);

    // Chapters: those listed, in order; then any file present but not listed.
    let before = errors(&diags);
    let chapter_dir = project.report_dir().join("chapters");
    let listed: Vec<(String, std::ops::Range<usize>, bool)> = match (&loaded.report, &raw_chapters) {
        (Some((_, r)), _) => {
            let body = r.chapters.get_ref().iter().map(|c| (c, false));
            body.chain(r.appendices.iter().map(|c| (c, true)))
                .map(|(c, appendix)| (c.get_ref().clone(), c.span(), appendix))
                .collect()
        }
        (None, Some((_, names, _))) => names.iter().map(|(n, s)| (n.clone(), s.clone(), false)).collect(),
        (None, None) => Vec::new(),
    };
    let report_file = loaded.report.as_ref().map(|(f, _)| *f).or(raw_chapters.as_ref().map(|(f, _, _)| *f));
    let mut seen = std::collections::HashSet::new();
    for (name, span, appendix) in &listed {
        let report_file = report_file.expect("chapters are listed only when report.toml loaded");
        if !is_plain_name(name) {
            diags.push(
                Diagnostic::error("chapter-name", format!("`{name}` is not a chapter file name"))
                    .at(report_file, span.clone())
                    .with_label("not a plain file name")
                    .with_help("list chapter files by name without folder or extension, e.g. \"01-discovery\" for report/chapters/01-discovery.toml"),
            );
            continue;
        }
        if !seen.insert(name.clone()) {
            diags.push(
                Diagnostic::error("duplicate-chapter", format!("chapter `{name}` is listed twice"))
                    .at(report_file, span.clone())
                    .with_label("listed again here")
                    .with_help("list each chapter file once"),
            );
            continue;
        }
        let path = chapter_dir.join(format!("{name}.toml"));
        if !path.exists() {
            diags.push(
                Diagnostic::error(
                    "missing-chapter",
                    format!("chapter file `report/chapters/{name}.toml` does not exist"),
                )
                .at(report_file, span.clone())
                .with_label("listed here")
                .with_help(format!("create report/chapters/{name}.toml, or remove \"{name}\" from `chapters`")),
            );
            continue;
        }
        if let Some(file) = read_file(project, &path, &mut loaded.files, &mut diags) {
            let chapter = load_chapter(&loaded.files, file, name.clone(), &mut diags);
            loaded.chapters.push(LoadedChapter { appendix: *appendix, ..chapter });
        }
    }
    loaded.chapters_complete = errors(&diags) == before && loaded.report.is_some();
    if let Some(report_file) = report_file {
        let mut unlisted: Vec<PathBuf> = std::fs::read_dir(&chapter_dir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        unlisted.sort();
        let chapters_span = loaded
            .report
            .as_ref()
            .map(|(_, r)| r.chapters.span())
            .or(raw_chapters.as_ref().map(|(_, _, span)| span.clone()))
            .unwrap_or(0..0);
        for path in unlisted {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
            if path.extension().and_then(|e| e.to_str()) != Some("toml") || seen.contains(stem) {
                continue;
            }
            if let Some(file) = read_file(project, &path, &mut loaded.files, &mut diags) {
                // A warning, not an error: an editor may keep a draft chapter aside.
                diags.push(
                    Diagnostic::warning(
                        "unlisted-chapter",
                        format!("`report/chapters/{stem}.toml` is not listed in report.toml, so it is left out"),
                    )
                    .at(file, 0..0)
                    .with_label("this chapter is not in the outputs")
                    .with_related(report_file, chapters_span.clone(), "the chapter list")
                    .with_help(format!(
                        "add \"{stem}\" to `chapters` in report/report.toml, or move the file out of report/chapters/"
                    )),
                );
            }
        }
    }
    (loaded, diags)
}

/// Loads one chapter from text, without a project on disk (fuzzing, editor integrations).
pub fn load_chapter_text(name: &str, text: String) -> (LoadedChapter, SourceFiles, Vec<Diagnostic>) {
    let mut files = SourceFiles::default();
    let file = files.add(format!("report/chapters/{name}.toml"), PathBuf::from(name), text);
    let mut diags = Vec::new();
    let chapter = load_chapter(&files, file, name.to_string(), &mut diags);
    (chapter, files, diags)
}

fn load_chapter(files: &SourceFiles, file: FileId, name: String, diags: &mut Vec<Diagnostic>) -> LoadedChapter {
    let mut chapter = LoadedChapter { file, name, head: None, events: Vec::new(), appendix: false };
    if let Some((span, mut table)) = parse_table(files, file, diags) {
        let items = take_array(&mut table, "event", file, diags);
        chapter.head = deserialize::<ChapterFile>(span, table, files.text(file), file, diags);
        for item in items {
            let item_span = item.span();
            if let Some(event) = deserialize_value::<Event>(item, item_span, files.text(file), file, diags) {
                chapter.events.push(event);
            }
        }
    }
    chapter
}

/// A string field of a table as written, with its span.
fn raw_string(item: &Spanned<DeValue<'_>>, key: &str) -> Option<(String, std::ops::Range<usize>)> {
    let DeValue::Table(table) = item.get_ref() else { return None };
    let (_, value) = table.iter().find(|(k, _)| k.get_ref() == key)?;
    match value.get_ref() {
        DeValue::String(s) => Some((s.to_string(), value.span())),
        _ => None,
    }
}

/// Whether a `citation_style` value names a file (`report/house.csl`) rather than a style of
/// the archive (`chicago-notes`).
pub fn is_style_path(value: &str) -> bool {
    let v = value.trim();
    v.ends_with(".csl") || v.contains('/') || v.contains('\\')
}

/// Chapter names are bare file stems: no folders, no `..`, nothing hidden.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// Reads a file of the project as UTF-8, inside the sandbox and under the size limit.
fn read_file(project: &Project, path: &Path, files: &mut SourceFiles, diags: &mut Vec<Diagnostic>) -> Option<FileId> {
    let display = project.display_path(path);
    if !path.exists() && !path.is_symlink() {
        diags.push(Diagnostic::error("read", format!("{display} does not exist")).with_help(
            "a casebook project needs report/report.toml, report/sources.toml and report/chapters/ (`casebook new DIR` makes one)",
        ));
        return None;
    }
    let (checked, bytes) = match crate::sandbox::read_limited(&project.root, path, MAX_FILE_BYTES) {
        Ok(read) => read,
        Err(e) => {
            diags.push(read_diagnostic(&display, &e));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(files.add(display, checked, text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = files.add(display.clone(), checked, text);
            diags.push(
                Diagnostic::error("encoding", format!("{display} is not valid UTF-8"))
                    .at(file, offset..offset + 1)
                    .with_label("invalid byte here")
                    .with_help("save the file as UTF-8"),
            );
            None
        }
    }
}

/// The diagnostic for a report file the sandbox refused or could not read.
fn read_diagnostic(display: &str, e: &crate::sandbox::ReadError) -> Diagnostic {
    use crate::sandbox::ReadError;
    match e {
        ReadError::Outside(_) => Diagnostic::error("sandbox", format!("{display}: {e}"))
            .with_help("report files must be inside the project folder: replace the symlink with the file itself"),
        ReadError::NotAFile(_) => Diagnostic::error("special-file", format!("{display} {e}"))
            .with_help("report files must be regular files: replace it with a TOML file, or remove it"),
        ReadError::TooLarge(_) => Diagnostic::error("file-too-large", format!("{display} {e}"))
            .with_help("split the chapter into several files"),
        ReadError::NotFound => Diagnostic::error("read", format!("{display} does not exist")).with_help(
            "is this a casebook project? It needs report/report.toml, report/sources.toml and report/chapters/ (`casebook new DIR` makes one)",
        ),
        ReadError::Io(e) => Diagnostic::error("read", format!("cannot read {display}: {e}"))
            .with_help("check the file's permissions"),
    }
}

/// Parses a whole file, reporting every syntax error. Returns the table only if there were none.
fn parse_table<'a>(
    files: &'a SourceFiles,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<(std::ops::Range<usize>, DeTable<'a>)> {
    let text = files.text(file);
    let (table, errors) = DeTable::parse_recoverable(text);
    for error in &errors {
        let span = error.span().unwrap_or(0..0);
        diags.push(
            Diagnostic::error("toml-syntax", format!("TOML syntax error: {}", error.message().trim()))
                .at(file, span)
                .with_label("here")
                .with_help(
                    "fix the TOML syntax (strings in double quotes, one key per line, [[event]] before each event)",
                ),
        );
    }
    if !errors.is_empty() {
        return None;
    }
    let span = table.span();
    let table = table.into_inner();
    crate::text_rules::check_table(&table, text, file, diags);
    Some((span, table))
}

/// Removes `key` (an array of tables) from the table and returns its items.
fn take_array<'a>(
    table: &mut DeTable<'a>,
    key: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Spanned<DeValue<'a>>> {
    let Some(k) = table.keys().find(|k| k.get_ref() == key).cloned() else { return Vec::new() };
    let Some(value) = table.remove(&k) else { return Vec::new() };
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items.iter().cloned().collect(),
        other => {
            diags.push(
                Diagnostic::error(
                    "wrong-type",
                    format!("`{key}` must be a list of tables, found {}", other.type_str()),
                )
                .at(file, span)
                .with_label("expected [[{key}]] tables")
                .with_help(format!("write each entry under its own [[{key}]] header")),
            );
            Vec::new()
        }
    }
}

fn deserialize<T: DeserializeOwned>(
    span: std::ops::Range<usize>,
    table: DeTable<'_>,
    text: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let value = Spanned::new(span.clone(), DeValue::Table(table));
    deserialize_value(value, span, text, file, diags)
}

fn deserialize_value<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    span: std::ops::Range<usize>,
    text: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let first = match T::deserialize(value.clone().into_deserializer()) {
        Ok(v) => return Some(v),
        Err(e) => e,
    };
    // One field at a time: the field an error names is taken out and the table deserialized
    // again, so an unknown field or a bad value does not hide the next field's error.
    let value_span = value.span();
    let DeValue::Table(mut table) = value.into_inner() else {
        push_serde_error(&first, span, text, file, diags);
        return None;
    };
    // Fields taken out, and fields an unknown (misspelt) field was suggested for: neither is
    // reported again as missing.
    let mut removed: Vec<String> = Vec::new();
    let mut error = first;
    for _ in 0..256 {
        let message = error.message().trim();
        let missing = message.strip_prefix("missing field `").and_then(|r| r.split('`').next());
        if !missing.is_some_and(|m| removed.iter().any(|r| r == m)) {
            push_serde_error(&error, span.clone(), text, file, diags);
        }
        if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some((field, expected)) = rest.split_once('`')
            && let Some(c) = crate::suggest::closest(field, expected.split('`').skip(1).step_by(2))
        {
            removed.push(c.to_string());
        }
        let at = error.span().unwrap_or(span.clone()).start;
        let key = table
            .iter()
            .find(|(k, v)| k.span().contains(&at) || v.span().contains(&at) || k.span().start == at)
            .map(|(k, _)| k.clone());
        let Some(key) = key else { break };
        removed.push(key.get_ref().to_string());
        table.remove(&key);
        match T::deserialize(Spanned::new(value_span.clone(), DeValue::Table(table.clone())).into_deserializer()) {
            Ok(_) => break,
            Err(e) => error = e,
        }
    }
    None
}

fn push_serde_error(
    e: &toml::de::Error,
    span: std::ops::Range<usize>,
    text: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    let span = e.span().unwrap_or(span);
    let raw = text.get(span.clone()).unwrap_or("");
    diags.push(serde_diagnostic(file, e.message(), span, raw));
}

/// serde's words for TOML values, in the format's words.
fn toml_words(serde: &str) -> String {
    let serde = serde.trim();
    let quoted = serde.strip_prefix("string ").map(|q| q.trim_matches('"'));
    match serde {
        s if s.starts_with("map") || s == "a map" => "a table".into(),
        s if s.starts_with("sequence") || s == "a sequence" => "an array [ … ]".into(),
        "a string" | "a borrowed string" => "text in double quotes".into(),
        s if s.starts_with("string") => match quoted {
            Some(q) => format!("the text \"{q}\""),
            None => "text".into(),
        },
        s if s.starts_with("integer") => {
            format!("the number {}", s.trim_start_matches("integer").trim().trim_matches('`'))
        }
        s if s.starts_with("floating point") => {
            format!("the number {}", s.trim_start_matches("floating point").trim().trim_matches('`'))
        }
        s if s.starts_with("boolean") => s.trim_start_matches("boolean").trim().trim_matches('`').to_string(),
        "a boolean" => "true or false".into(),
        s if s.contains("integer") => "a whole number".into(),
        other => other.to_string(),
    }
}

/// Turns a serde message into a diagnostic that says what to do.
fn serde_diagnostic(file: FileId, message: &str, span: std::ops::Range<usize>, raw: &str) -> Diagnostic {
    let message = message.trim();
    let (code, label, help) = if let Some(rest) = message.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest);
        let expected = rest.split_once("expected ").map(|(_, e)| e).unwrap_or("");
        let bare = field.trim_matches('`');
        let closest = crate::suggest::closest(bare, expected.split('`').skip(1).step_by(2));
        let (message, help) = match closest {
            Some(c) => (
                format!("{field} is not a field here; did you mean `{c}`?"),
                format!("rename {field} to `{c}`; allowed here: {expected}"),
            ),
            None => (
                format!("{field} is not a field here"),
                format!("remove {field} or correct its spelling; allowed here: {expected}"),
            ),
        };
        return Diagnostic::error("unknown-field", message)
            .at(file, span)
            .with_label(format!("{field} is not a field here"))
            .with_help(help);
    } else if let Some(rest) = message.strip_prefix("missing field ") {
        let help = if rest.contains("`source`") {
            "every quotation must name the source it quotes: add source = \"<source id>\"".to_string()
        } else {
            format!("add {rest} to this table")
        };
        ("missing-field", format!("{rest} is missing"), help)
    } else if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let allowed = allowed.strip_prefix("one of ").unwrap_or(allowed);
        let closest = crate::suggest::closest(value.trim_matches('`'), allowed.split('`').skip(1).step_by(2));
        let help = match closest {
            Some(c) => format!("did you mean `{c}`? Allowed values: {allowed}"),
            None => format!("use one of the allowed values: {allowed}"),
        };
        return Diagnostic::error("unknown-value", format!("{value} is not an allowed value here; allowed: {allowed}"))
            .at(file, span)
            .with_label("not an allowed value")
            .with_help(help);
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        let (found, expected) = (toml_words(found), toml_words(expected));
        let looks_like_date =
            raw.len() >= 7 && raw.as_bytes()[..4].iter().all(u8::is_ascii_digit) && raw.as_bytes()[4] == b'-';
        let help = if looks_like_date {
            "write dates as quoted strings, e.g. date = \"2015-03-11\"".to_string()
        } else if expected == "text in double quotes" {
            format!("write this value as text in double quotes, e.g. \"…\" (found {found})")
        } else {
            format!("write {expected} here instead of {found}")
        };
        return Diagnostic::error("wrong-type", format!("expected {expected}, found {found}"))
            .at(file, span)
            .with_label(format!("expected {expected}"))
            .with_help(help);
    } else {
        ("invalid", "here".to_string(), "see the format reference in README.md".to_string())
    };
    Diagnostic::error(code, message.to_string()).at(file, span).with_label(label).with_help(help)
}
