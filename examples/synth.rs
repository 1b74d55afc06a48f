//! Synthetic reports for benchmarks: writes a project N times the size of the AI-900 report by
//! repeating its chapters, events, quotations, sources and Japanese text with renamed ids, so
//! the proportions stay those of the real report. Optionally also writes the resolved content as
//! Pandoc Markdown (same text, same notes) for the comparison with Pandoc.
//!
//! cargo run --example synth -- --scale 10 --out /tmp/synth-10 [--markdown /tmp/synth-10.md]

use std::path::{Path, PathBuf};

fn main() {
    let mut scale = 1usize;
    let mut out: Option<PathBuf> = None;
    let mut markdown: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--scale" => scale = args.next().and_then(|s| s.parse().ok()).expect("--scale N"),
            "--out" => out = args.next().map(PathBuf::from),
            "--markdown" => markdown = args.next().map(PathBuf::from),
            _ => panic!("usage: synth --scale N --out DIR [--markdown FILE]"),
        }
    }
    let out = out.expect("--out DIR");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("report");
    write_project(&source, &out, scale);
    if let Some(md) = markdown {
        let project = casebook::project::Project::open(&out).unwrap();
        let checked = casebook::build::check(&project, &Default::default());
        let doc =
            checked.document.unwrap_or_else(|| panic!("synthetic report does not resolve: {:?}", checked.diagnostics));
        std::fs::write(md, to_markdown(&doc)).unwrap();
    }
}

/// Every id defined in the report (sources, chapters, events), longest first.
fn ids(report: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    let mut files = vec![report.join("sources.toml")];
    let mut chapters: Vec<PathBuf> =
        std::fs::read_dir(report.join("chapters")).unwrap().map(|e| e.unwrap().path()).collect();
    chapters.sort();
    files.extend(chapters);
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            if let Some(rest) = line.strip_prefix("id = \"") {
                ids.push(rest.trim_end_matches('"').to_string());
            }
        }
    }
    ids.sort_by_key(|s| std::cmp::Reverse(s.len()));
    ids
}

/// Replaces whole ids (not followed or preceded by an id character) with `id-k{copy}`.
fn rename(text: &str, ids: &[String], copy: usize) -> String {
    let is_id = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let mut out = String::with_capacity(text.len() + 64);
    let mut i = 0;
    let bytes = text.as_bytes();
    'outer: while i < text.len() {
        let prev_ok = i == 0 || !is_id(text[..i].chars().next_back().unwrap());
        if prev_ok {
            for id in ids {
                if text[i..].starts_with(id.as_str()) {
                    let end = i + id.len();
                    if text[end..].chars().next().is_none_or(|c| !is_id(c)) {
                        out.push_str(id);
                        out.push_str(&format!("-k{copy}"));
                        i = end;
                        continue 'outer;
                    }
                }
            }
        }
        let c = text[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
        let _ = bytes;
    }
    out
}

fn write_project(source: &Path, out: &Path, scale: usize) {
    let ids = ids(source);
    std::fs::create_dir_all(out.join("report/chapters")).unwrap();
    let mut chapter_names = Vec::new();
    let mut sources = String::new();
    let mut chapters: Vec<PathBuf> =
        std::fs::read_dir(source.join("chapters")).unwrap().map(|e| e.unwrap().path()).collect();
    chapters.sort();
    let source_text = std::fs::read_to_string(source.join("sources.toml")).unwrap();
    for copy in 1..=scale {
        sources.push_str(&rename(&source_text, &ids, copy));
        sources.push('\n');
        for path in &chapters {
            let stem = path.file_stem().unwrap().to_string_lossy();
            let name = format!("{copy:04}-{stem}");
            let text = rename(&std::fs::read_to_string(path).unwrap(), &ids, copy);
            std::fs::write(out.join("report/chapters").join(format!("{name}.toml")), text).unwrap();
            chapter_names.push(name);
        }
    }
    std::fs::write(out.join("report/sources.toml"), sources).unwrap();
    let report = std::fs::read_to_string(source.join("report.toml")).unwrap();
    let list = chapter_names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let report: String = report
        .lines()
        .map(|l| if l.starts_with("chapters = ") { format!("chapters = [{list}]") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(out.join("report/report.toml"), report + "\n").unwrap();
}

/// The resolved report as Pandoc Markdown: the same headings, paragraphs, quotations,
/// analysis, notes, chronology and bibliography the EPUB carries.
fn to_markdown(doc: &casebook::document::Document) -> String {
    use casebook::document::Inline;
    fn inline(nodes: &[Inline], out: &mut String) {
        for n in nodes {
            match n {
                Inline::Text { text } => out.push_str(&escape(text)),
                Inline::Emph { children } => {
                    out.push('*');
                    inline(children, out);
                    out.push('*');
                }
                Inline::Strong { children } => {
                    out.push_str("**");
                    inline(children, out);
                    out.push_str("**");
                }
                Inline::Code { text } => out.push_str(&format!("`{text}`")),
                Inline::Link { url, children } => {
                    out.push('[');
                    inline(children, out);
                    out.push_str(&format!("]({url})"));
                }
                Inline::Ref { anchor, children } => {
                    out.push('[');
                    inline(children, out);
                    out.push_str(&format!("](#{anchor})"));
                }
                Inline::Ruby { base, reading } => out.push_str(&format!("{base}（{reading}）")),
                Inline::Note { number, .. } => out.push_str(&format!("[^{number}]")),
            }
        }
    }
    fn escape(s: &str) -> String {
        s.chars().flat_map(|c| if "\\`*_{}[]<>#|$@^~".contains(c) { vec!['\\', c] } else { vec![c] }).collect()
    }
    let mut md =
        format!("---\ntitle: \"{}\"\nlang: {}\n---\n\n", doc.meta.title.replace('"', "\\\""), doc.meta.language);
    for ch in &doc.chapters {
        md.push_str(&format!("# {}　{} {{#{}}}\n\n", ch.number_text, escape(&ch.title), ch.anchor));
        if let Some(s) = &ch.summary {
            inline(&s.content, &mut md);
            md.push_str("\n\n");
        }
        for ev in &ch.events {
            md.push_str(&format!("## {}　{} {{#{}}}\n\n", ev.date_text, escape(&ev.title), ev.anchor));
            md.push_str(&format!("{}：{}　{}：", doc.labels.actors, escape(&ev.actors.join("、")), doc.labels.sources));
            for n in &ev.source_notes {
                md.push_str(&format!("[^{n}]"));
            }
            md.push_str("\n\n");
            for p in ev.body.iter().flat_map(|b| b.paragraphs()) {
                inline(&p.content, &mut md);
                md.push_str("\n\n");
            }
            for q in &ev.quotes {
                md.push_str("> ");
                inline(&q.content, &mut md);
                md.push_str(&format!("\n>\n> ── {}[^{}]\n\n", escape(&q.attribution), q.note));
            }
            for p in ev.analysis.iter().flat_map(|b| b.paragraphs()) {
                md.push_str("::: analysis\n");
                inline(&p.content, &mut md);
                md.push_str("\n:::\n\n");
            }
        }
        for an in &ch.analysis {
            md.push_str(&format!("## {} {{#{}}}\n\n", escape(&an.title), an.anchor));
            for p in an.body.iter().flat_map(|b| b.paragraphs()) {
                inline(&p.content, &mut md);
                md.push_str("\n\n");
            }
        }
    }
    md.push_str(&format!(
        "# {}\n\n| {} | {} | {} |\n|---|---|---|\n",
        doc.labels.chronology, doc.labels.date, doc.labels.event, doc.labels.days_since
    ));
    for row in &doc.chronology {
        md.push_str(&format!(
            "| {} | {} | {} |\n",
            row.date_text,
            escape(&row.title),
            row.days_since_previous.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    md.push_str(&format!("\n# {}\n\n", doc.labels.bibliography));
    for g in &doc.bibliography {
        md.push_str(&format!("## {}\n\n", g.label));
        for e in &g.entries {
            md.push_str(&format!("- {}\n", escape(&Inline::plain(&e.content))));
        }
        md.push('\n');
    }
    for note in &doc.notes {
        md.push_str(&format!("[^{}]: {}\n", note.number, escape(&Inline::plain(&note.content))));
    }
    md
}
