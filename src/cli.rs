//! The command line: argument parsing (clap), printing and exit codes. Each command is a thin
//! call into the library.
//!
//! Exit codes: 0 success (warnings allowed), 1 the report has errors (content), 2 usage or
//! I/O errors (bad arguments, unreadable folder, output not writable).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};

use crate::build::{self, BuildOptions, Formats};
use crate::diagnostics::{self, DiagnosticFormat};
use crate::project::Project;
use crate::{scaffold, schema, watch};

#[derive(Parser, Debug)]
#[command(
    name = "casebook",
    version,
    about = "Compile a structured incident report (TOML) into a print-ready PDF and an EPUB 3"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the report for mistakes without writing anything.
    Check {
        /// The project folder (holds report/).
        #[arg(default_value = ".")]
        project: PathBuf,
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        diagnostic_format: DiagnosticFormat,
    },
    /// Build out/<id>.pdf and out/<id>.epub.
    Build {
        #[command(flatten)]
        args: BuildArgs,
        /// Also write the exact Typst project compiled (template, data JSON, fonts) to DIR.
        #[arg(long)]
        typst_dir: Option<PathBuf>,
    },
    /// Build, then rebuild whenever a report file, template or asset changes (Ctrl-C ends it).
    Watch {
        #[command(flatten)]
        args: BuildArgs,
    },
    /// Create a new project that builds at once, with commented example files.
    New {
        /// The folder to create (must be empty unless --force).
        dir: PathBuf,
        /// Write into a folder that is not empty (existing report files are overwritten).
        #[arg(long)]
        force: bool,
        /// Language of the example report: en or ja (default: from LC_ALL / LANG, ja* → ja, else en).
        #[arg(long, value_parser = ["en", "ja"])]
        lang: Option<String>,
    },
    /// Write the JSON Schemas of report.toml, sources.toml and chapter files.
    Schema {
        /// Folder to write into (default: ./schema).
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
    /// Print the licence of the bundled fonts.
    Licenses,
}

/// What `build` and `watch` share.
#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// The project folder (holds report/).
    #[arg(default_value = ".")]
    project: PathBuf,
    /// Output folder (default: PROJECT/out).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Which outputs to write.
    #[arg(long, value_enum, default_value_t = FormatArg::All)]
    format: FormatArg,
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    diagnostic_format: DiagnosticFormat,
    /// Print nothing but diagnostics.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Pdf,
    Epub,
    All,
}

/// Colour on a terminal only, never with `NO_COLOR`.
fn stderr_stream() -> StandardStream {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal();
    StandardStream::stderr(if color { ColorChoice::Auto } else { ColorChoice::Never })
}

fn stdout_stream() -> StandardStream {
    StandardStream::stdout(ColorChoice::Never)
}

/// Where diagnostics go: human form to stderr, machine forms to stdout.
fn diagnostics_stream(format: DiagnosticFormat) -> StandardStream {
    match format {
        DiagnosticFormat::Human => stderr_stream(),
        _ => stdout_stream(),
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    run(cli)
}

fn open_project(dir: &std::path::Path) -> Result<Project, ExitCode> {
    let project = Project::open(dir).map_err(|e| {
        eprintln!("error: cannot open project folder {}: {e}", dir.display());
        ExitCode::from(2)
    })?;
    if !project.report_dir().join("report.toml").exists() {
        eprintln!("error: {} is not a casebook project: report/report.toml not found", dir.display());
        eprintln!("help: `casebook new DIR` creates a project that builds at once");
        return Err(ExitCode::from(2));
    }
    Ok(project)
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check { project, diagnostic_format } => {
            let project = match open_project(&project) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let checked = build::check(&project, &build::resolve_options_from_env());
            let mut out = diagnostics_stream(diagnostic_format);
            let _ = diagnostics::emit(&mut out, &checked.loaded.files, &checked.diagnostics, diagnostic_format);
            let (errors, warnings) = diagnostics::count(&checked.diagnostics);
            if diagnostic_format == DiagnosticFormat::Human {
                summary_line(&mut stderr_stream(), errors, warnings);
            }
            if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Command::Build { args: BuildArgs { project, out, format, diagnostic_format, quiet }, typst_dir } => {
            let project = match open_project(&project) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let options = build_options(&project, out, format, typst_dir);
            let mut session = build::Session::new();
            let progress = Progress::new(quiet);
            session.on_stage = Some(Box::new(move |stage| progress.stage(stage)));
            let result = session.build(&project, &options);
            session.on_stage = None;
            report_build(&result, diagnostic_format, quiet)
        }
        Command::Watch { args: BuildArgs { project, out, format, diagnostic_format, quiet } } => {
            let project = match open_project(&project) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let options = build_options(&project, out, format, None);
            let folders: Vec<String> =
                watch::watched_folders(&project).iter().map(|f| project.display_path(f)).collect();
            let mut report = |result: &build::BuildResult| {
                report_build(result, diagnostic_format, quiet);
                let _ = writeln!(stderr_stream(), "[watch] watching {} for changes (Ctrl-C ends)", folders.join(", "));
            };
            match watch::watch(&project, &options, &mut report) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::New { dir, force, lang } => match scaffold::new_project(&dir, force, example_language(lang)) {
            Ok(files) => {
                for f in files {
                    eprintln!("created {}", dir.join(f).display());
                }
                eprintln!("next: cd {} && casebook build", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot create a project in {}: {e}", dir.display());
                ExitCode::from(2)
            }
        },
        Command::Schema { out } => match schema::write_schemas(&out) {
            Ok(paths) => {
                for p in paths {
                    eprintln!("wrote {}", p.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write schemas to {}: {e}", out.display());
                ExitCode::from(2)
            }
        },
        Command::Licenses => {
            print!("{}", crate::fonts::OFL);
            ExitCode::SUCCESS
        }
    }
}

fn build_options(
    project: &Project,
    out: Option<PathBuf>,
    format: FormatArg,
    typst_dir: Option<PathBuf>,
) -> BuildOptions {
    BuildOptions {
        out_dir: out.unwrap_or_else(|| project.default_out_dir()),
        formats: match format {
            FormatArg::Pdf => Formats { pdf: true, epub: false },
            FormatArg::Epub => Formats { pdf: false, epub: true },
            FormatArg::All => Formats { pdf: true, epub: true },
        },
        typst_dir,
        resolve: build::resolve_options_from_env(),
    }
}

/// Prints what a build did; returns its exit code.
fn report_build(result: &build::BuildResult, diagnostic_format: DiagnosticFormat, quiet: bool) -> ExitCode {
    let mut diag_out = diagnostics_stream(diagnostic_format);
    let _ = diagnostics::emit(&mut diag_out, &result.files, &result.diagnostics, diagnostic_format);
    let (errors, warnings) = diagnostics::count(&result.diagnostics);
    let mut err = stderr_stream();
    if let Some(io_error) = &result.io_error {
        let _ = writeln!(err, "error: {io_error}");
        let _ = writeln!(err, "the previous outputs were left as they were");
        return ExitCode::from(2);
    }
    if errors > 0 {
        if diagnostic_format == DiagnosticFormat::Human {
            summary_line(&mut err, errors, warnings);
        }
        let _ = writeln!(err, "build failed; the previous outputs were left as they were");
        return ExitCode::from(1);
    }
    if !quiet {
        for written in &result.written {
            let pages = written.pages.map(|p| format!(", {p} pages")).unwrap_or_default();
            let _ = writeln!(err, "wrote {} ({} bytes{pages})", written.path.display(), written.bytes);
        }
        let timings: Vec<String> = result
            .timings
            .iter()
            .map(|(stage, d)| format!("{} {:.0} ms", stage.name(), d.as_secs_f64() * 1000.0))
            .collect();
        let total: f64 = result.timings.iter().map(|(_, d)| d.as_secs_f64()).sum();
        let passes = match result.layout_passes {
            Some(1) => ", 1 layout pass".to_string(),
            Some(n) => format!(", {n} layout passes"),
            None => String::new(),
        };
        let _ = writeln!(err, "timings: {} (total {:.0} ms{passes})", timings.join(", "), total * 1000.0);
    }
    ExitCode::SUCCESS
}

/// `--lang`, or the environment's language when it is not given.
fn example_language(lang: Option<String>) -> scaffold::ExampleLanguage {
    match lang.as_deref() {
        Some("ja") => scaffold::ExampleLanguage::Japanese,
        Some(_) => scaffold::ExampleLanguage::English,
        None => scaffold::ExampleLanguage::from_env(
            std::env::var("LC_ALL").ok().as_deref(),
            std::env::var("LANG").ok().as_deref(),
        ),
    }
}

/// A spinner on a terminal; a plain line per stage otherwise; nothing with `--quiet`.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(std::time::Duration::from_millis(80));
            bar
        });
        Self { bar, quiet }
    }

    fn stage(&self, stage: build::Stage) {
        match (&self.bar, stage) {
            (Some(bar), build::Stage::Done) => bar.finish_and_clear(),
            (Some(bar), _) => bar.set_message(stage.name()),
            (None, build::Stage::Done) => {}
            (None, _) if !self.quiet => eprintln!("casebook: {}…", stage.name()),
            _ => {}
        }
    }
}

use std::io::Write;

fn summary_line(out: &mut dyn WriteColor, errors: usize, warnings: usize) {
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    let _ = if errors == 0 && warnings == 0 {
        writeln!(out, "no problems found")
    } else {
        writeln!(out, "{}, {}", plural(errors, "error"), plural(warnings, "warning"))
    };
}
