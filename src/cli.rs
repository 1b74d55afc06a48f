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

/// The common flows, shown at the end of `casebook --help`.
const MAIN_AFTER_HELP: &str = "\
Common flows:
  casebook new my-report        start a project: report/ with a comment on every field, schema/
  casebook watch my-report      rebuild the PDF and the EPUB on every save (Ctrl-C ends it)
  casebook check my-report      list every problem at once, as file:line:col
  casebook build my-report      write my-report/out/<id>.pdf and my-report/out/<id>.epub

Exit codes: 0 success (warnings allowed), 1 the report has errors, 2 usage or I/O errors.
`casebook <COMMAND> --help` shows each command's options and examples.";

#[derive(Parser, Debug)]
#[command(
    name = "casebook",
    version,
    about = "Compile a structured incident report (TOML) into a print-ready PDF and an EPUB 3",
    after_help = MAIN_AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new project that builds at once, with a comment on every field.
    #[command(after_help = "\
Examples:
  casebook new my-report                   then: casebook build my-report
  casebook new my-report --lang ja         a Japanese example report, whatever LANG says")]
    New {
        /// The folder to create (must be empty unless --force).
        dir: PathBuf,
        /// Write into a folder that is not empty (existing report files are overwritten).
        #[arg(long)]
        force: bool,
        /// Language of the example report: en or ja (default: from LC_ALL / LANG).
        #[arg(long, value_parser = ["en", "ja"], hide_possible_values = true)]
        lang: Option<String>,
    },
    /// Build, then rebuild on every save under report/, templates/, assets/.
    #[command(after_help = "\
Examples:
  casebook watch my-report                 rebuild my-report/out/ on every save
  casebook watch -q --diagnostic-format short   print only problems, one line each")]
    Watch {
        #[command(flatten)]
        args: BuildArgs,
    },
    /// Check the report for mistakes without writing anything (exit 1 on errors).
    #[command(after_help = "\
Examples:
  casebook check                           check the project in the current folder
  casebook check my-report --diagnostic-format json   one JSON object per problem (editors, CI)")]
    Check {
        /// The project folder (holds report/).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// How problems are printed: human (default), short or json.
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = DiagnosticFormatArg::Human, hide_default_value = true, hide_possible_values = true)]
        diagnostic_format: DiagnosticFormatArg,
    },
    /// Write out/<id>.pdf and out/<id>.epub (neither if there are errors).
    #[command(after_help = "\
Examples:
  casebook build                           build the project in the current folder into ./out/
  casebook build my-report --format epub --out dist   only the EPUB, into dist/
  casebook build --typst-dir typst-export  also write the Typst project that was compiled")]
    Build {
        #[command(flatten)]
        args: BuildArgs,
        /// Also write the Typst project it compiled to DIR.
        #[arg(long, value_name = "DIR")]
        typst_dir: Option<PathBuf>,
    },
    /// Write the JSON Schemas of the report files (for editors) and of the template data.
    #[command(after_help = "\
Examples:
  casebook schema                          rewrite ./schema/*.schema.json
  casebook schema --out my-report/schema   refresh a project's schemas after upgrading casebook")]
    Schema {
        /// Folder to write the four schemas into.
        #[arg(long, value_name = "DIR", default_value = "schema")]
        out: PathBuf,
    },
    /// Print the fonts (bundled, and the project's own) with their copyright and licence.
    #[command(after_help = "\
Examples:
  casebook licenses                        the bundled fonts (and the project's in ./assets/fonts/)
  casebook licenses my-report > FONTS.txt  ship the notices with the PDFs you distribute")]
    Licenses {
        /// The project folder, whose own fonts in assets/fonts/ are listed too.
        #[arg(default_value = ".")]
        project: PathBuf,
    },
}

/// What `build` and `watch` share.
#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// The project folder (holds report/).
    #[arg(default_value = ".")]
    project: PathBuf,
    /// Output folder [default: PROJECT/out].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Which outputs to write: all (default), pdf or epub.
    #[arg(long, value_enum, default_value_t = FormatArg::All, hide_default_value = true, hide_possible_values = true)]
    format: FormatArg,
    /// How problems are printed: human (default), short or json.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = DiagnosticFormatArg::Human, hide_default_value = true, hide_possible_values = true)]
    diagnostic_format: DiagnosticFormatArg,
    /// Print nothing but problems (no progress, no summary).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Pdf,
    Epub,
    All,
}

/// `--diagnostic-format`: the CLI's name for [`DiagnosticFormat`] (the library's type stays free
/// of clap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormatArg {
    Human,
    Short,
    Json,
}

impl From<DiagnosticFormatArg> for DiagnosticFormat {
    fn from(arg: DiagnosticFormatArg) -> Self {
        match arg {
            DiagnosticFormatArg::Human => DiagnosticFormat::Human,
            DiagnosticFormatArg::Short => DiagnosticFormat::Short,
            DiagnosticFormatArg::Json => DiagnosticFormat::Json,
        }
    }
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
            let diagnostic_format = DiagnosticFormat::from(diagnostic_format);
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
            report_build(&result, diagnostic_format.into(), quiet)
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
                report_build(result, diagnostic_format.into(), quiet);
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
        Command::Licenses { project } => {
            // Outside a project, the bundled fonts alone.
            let project = Project::open(&project).ok().filter(|p| p.report_dir().join("report.toml").exists());
            print!("{}", crate::fonts::licenses(project.as_ref()));
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
        // The message says what the output folder holds now (src/output.rs).
        let _ = writeln!(err, "error: {}", diagnostics::escape_terminal(io_error));
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
