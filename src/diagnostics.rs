//! Diagnostics: what went wrong, where (file, line, column) and what to do about it.
//!
//! Every step of the flow reports problems as [`Diagnostic`]s against files held in one
//! [`SourceFiles`] table, so that they can all be printed together at the end, in one of
//! three formats: `human` (rustc-style, the line shown with the span underlined, rendered by
//! codespan-reporting), `short` (`file:line:col: severity[code]: message`, one per line) and
//! `json` (one object per line, for editors and CI).

use std::ops::Range;
use std::path::PathBuf;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

/// Index of a file in [`SourceFiles`].
pub type FileId = usize;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name of the rule (`unknown-source`, `toml-syntax`, ...).
    pub code: &'static str,
    pub message: String,
    /// Where the problem is. `None` for problems that are not about one file.
    pub location: Option<(FileId, Range<usize>)>,
    /// Text written under the underlined span.
    pub label: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places that explain the problem ("first defined here").
    pub related: Vec<(FileId, Range<usize>, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            label: String::new(),
            help: None,
            related: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(code, message) }
    }

    pub fn at(mut self, file: FileId, span: Range<usize>) -> Self {
        self.location = Some((file, span));
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, file: FileId, span: Range<usize>, note: impl Into<String>) -> Self {
        self.related.push((file, span, note.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text of every file a diagnostic may point into, with the name it is shown under.
#[derive(Default)]
pub struct SourceFiles {
    files: SimpleFiles<String, String>,
    paths: Vec<PathBuf>,
}

impl SourceFiles {
    /// Adds a file; `name` is what the user sees (a path relative to the project folder).
    pub fn add(&mut self, name: String, path: PathBuf, text: String) -> FileId {
        self.paths.push(path);
        self.files.add(name, text)
    }

    pub fn name(&self, id: FileId) -> &str {
        self.files.get(id).map(|f| f.name().as_str()).unwrap_or("<unknown>")
    }

    pub fn text(&self, id: FileId) -> &str {
        self.files.get(id).map(|f| f.source().as_str()).unwrap_or("")
    }

    /// Absolute path of a file, as read from disk.
    pub fn path(&self, id: FileId) -> &std::path::Path {
        &self.paths[id]
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        // codespan counts the characters that start before `offset`, so an offset inside a
        // character (which no span should give) is that character's column, never a panic.
        let offset = offset.min(self.text(id).len());
        match self.files.location(id, offset) {
            Ok(loc) => (loc.line_number, loc.column_number),
            Err(_) => (1, 1),
        }
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosticFormat {
    /// rustc-style, with the offending line shown and underlined.
    Human,
    /// One line each: `file:line:col: severity[code]: message`.
    Short,
    /// One JSON object per line.
    Json,
}

/// The JSON form of a diagnostic (stable: fields are only ever added).
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    label: &'a str,
    help: Option<&'a str>,
}

/// Prints diagnostics, errors and warnings in the order given.
pub fn emit(
    out: &mut dyn WriteColor,
    files: &SourceFiles,
    diagnostics: &[Diagnostic],
    format: DiagnosticFormat,
) -> std::io::Result<()> {
    for diag in diagnostics {
        match format {
            DiagnosticFormat::Human => emit_human(out, files, diag)?,
            DiagnosticFormat::Short => {
                let severity = match diag.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                match &diag.location {
                    Some((file, span)) => {
                        let (line, col) = files.line_col(*file, span.start);
                        writeln!(
                            out,
                            "{}:{line}:{col}: {severity}[{}]: {}",
                            escape_terminal(files.name(*file)),
                            diag.code,
                            escape_terminal(&diag.message)
                        )?;
                    }
                    None => writeln!(out, "{severity}[{}]: {}", diag.code, escape_terminal(&diag.message))?,
                }
            }
            DiagnosticFormat::Json => {
                let (file, start, end) = match &diag.location {
                    Some((file, span)) => (
                        Some(files.name(*file)),
                        Some(files.line_col(*file, span.start)),
                        Some(files.line_col(*file, span.end)),
                    ),
                    None => (None, None, None),
                };
                let json = JsonDiagnostic {
                    severity: diag.severity,
                    code: diag.code,
                    message: &diag.message,
                    file,
                    line: start.map(|s| s.0),
                    column: start.map(|s| s.1),
                    end_line: end.map(|e| e.0),
                    end_column: end.map(|e| e.1),
                    label: &diag.label,
                    help: diag.help.as_deref(),
                };
                let line = serde_json::to_string(&json).map_err(std::io::Error::other)?;
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

fn emit_human(out: &mut dyn WriteColor, files: &SourceFiles, diag: &Diagnostic) -> std::io::Result<()> {
    // Text from report files reaches the terminal escaped: a raw ESC or CSI in a title must
    // not drive the terminal (with or without colour). Spans are moved to the escaped text.
    let mut used: Vec<FileId> = diag.location.iter().map(|(f, _)| *f).chain(diag.related.iter().map(|r| r.0)).collect();
    used.sort_unstable();
    used.dedup();
    let mut shown = SimpleFiles::new();
    let mut escaped: std::collections::HashMap<FileId, (usize, Escaped)> = std::collections::HashMap::new();
    for file in used {
        let e = Escaped::new(files.text(file));
        let id = shown.add(escape_terminal(files.name(file)).into_owned(), e.text.clone());
        escaped.insert(file, (id, e));
    }
    let place = |file: FileId, span: &Range<usize>| -> (usize, Range<usize>) {
        let text = files.text(file);
        let start = text.floor_char_boundary(span.start.min(text.len()));
        let end = text.floor_char_boundary(span.end.min(text.len())).max(start);
        let (id, e) = &escaped[&file];
        (*id, e.map(start)..e.map(end))
    };
    let mut cs = match diag.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    }
    .with_code(diag.code)
    .with_message(escape_terminal(&diag.message));
    let mut labels = Vec::new();
    if let Some((file, span)) = &diag.location {
        let (id, range) = place(*file, span);
        labels.push(Label::primary(id, range).with_message(escape_terminal(&diag.label)));
    }
    for (file, span, note) in &diag.related {
        let (id, range) = place(*file, span);
        labels.push(Label::secondary(id, range).with_message(escape_terminal(note)));
    }
    cs = cs.with_labels(labels);
    if let Some(help) = &diag.help {
        cs = cs.with_notes(vec![format!("help: {}", escape_terminal(help))]);
    }
    let config = term::Config::default();
    term::emit_to_write_style(out, &config, &shown, &cs).map_err(std::io::Error::other)
}

/// Characters never written raw to a terminal: C0 controls but tab and newline, DEL, C1.
fn terminal_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every terminal-unsafe character written as `\u{1b}`.
pub fn escape_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(terminal_unsafe) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if terminal_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A file's text escaped for the terminal, with the offsets of the original mapped onto it.
struct Escaped {
    text: String,
    /// (offset just after an escaped character in the original, bytes added so far).
    shifts: Vec<(usize, usize)>,
}

impl Escaped {
    fn new(text: &str) -> Self {
        let mut shifts = Vec::new();
        let mut out = String::with_capacity(text.len());
        let mut added = 0;
        for (i, c) in text.char_indices() {
            let line_end = c == '\r' && text[i + 1..].starts_with('\n');
            if terminal_unsafe(c) && !line_end {
                let escape = format!("\\u{{{:x}}}", c as u32);
                added += escape.len() - c.len_utf8();
                out.push_str(&escape);
                shifts.push((i + c.len_utf8(), added));
            } else {
                out.push(c);
            }
        }
        Self { text: out, shifts }
    }

    fn map(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|(end, _)| *end <= offset);
        offset + if i == 0 { 0 } else { self.shifts[i - 1].1 }
    }
}

/// Counts (errors, warnings).
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line and column count characters, not bytes; an offset inside a character (which no
    /// span should give, but a bad one must not panic) counts as that character's start.
    #[test]
    fn line_col_counts_characters_and_floors_an_offset_inside_one() {
        let mut files = SourceFiles::default();
        assert!(files.is_empty());
        let id = files.add("a.toml".into(), PathBuf::from("a.toml"), "x = 1\nあい = 2\n".into());
        assert_eq!((files.len(), files.is_empty()), (1, false));
        // "あ" is bytes 6..9 and "い" bytes 9..12 of the text; line 2 starts at byte 6.
        assert_eq!(files.line_col(id, 0), (1, 1));
        assert_eq!(files.line_col(id, 6), (2, 1));
        assert_eq!(files.line_col(id, 7), (2, 1));
        assert_eq!(files.line_col(id, 8), (2, 1));
        assert_eq!(files.line_col(id, 9), (2, 2));
        assert_eq!(files.line_col(id, 10), (2, 2));
        assert_eq!(files.line_col(id, 12), (2, 3));
        assert_eq!(files.line_col(id, 99), (3, 1), "past the end: the end");
        let second = files.add("b.toml".into(), PathBuf::from("b.toml"), "b".into());
        assert_eq!((second, files.len()), (1, 2));
    }

    /// Escaping for the terminal writes each unsafe character as `\u{…}` and keeps the rest;
    /// the offsets of the original text are moved past each escape, so the underline of a
    /// diagnostic still falls under its character.
    #[test]
    fn terminal_escapes_and_the_offsets_mapped_onto_them() {
        assert_eq!(escape_terminal("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(escape_terminal("a\u{1b}[31m\u{7f}\u{85}\u{202e}z"), "a\\u{1b}[31m\\u{7f}\\u{85}\\u{202e}z");
        let escaped = Escaped::new("a\u{1b}b\u{1b}c\r\nd");
        assert_eq!(escaped.text, "a\\u{1b}b\\u{1b}c\r\nd");
        // Original offsets of a, ESC, b, ESC, c, CR, LF, d; each escape adds 5 bytes.
        let mapped: Vec<usize> = [0, 1, 2, 3, 4, 5, 6, 7].iter().map(|&o| escaped.map(o)).collect();
        assert_eq!(mapped, [0, 1, 7, 8, 14, 15, 16, 17]);
    }
}
