//! Writing the outputs of a build as one set: both new or both old.
//!
//! The protocol ([`write_set`]), in the output folder:
//!
//! 1. Temporary files of earlier builds that were killed (`.<name>.<pid>.<n>.tmp` and
//!    `.<name>.<pid>.<n>.bak` whose process no longer runs) are removed.
//! 2. Every output is written to a fresh temporary file (`O_EXCL | O_NOFOLLOW`, so a planted
//!    symlink is never followed) and synced to disk. A failure here (disk full, read-only
//!    folder) removes the temporaries; no output was touched.
//! 3. Each existing output except the last is hard-linked to a backup name.
//! 4. The temporaries are renamed over the outputs, one after the other. If a rename fails,
//!    the outputs already renamed are put back from their backups (or removed when there was
//!    none before), so the folder again holds the previous set; the error says so, or says
//!    exactly which file could not be restored.
//! 5. The backups are removed and the folder is synced.
//!
//! A rename replaces a directory entry atomically, so a reader never sees a partial file. A
//! build killed (SIGKILL, power loss) between two renames of step 4 leaves the first output
//! new and the second old until the next build, with the old first output kept as its `.bak`
//! file; the next build removes it. SECURITY.md states this guarantee.
//!
//! A test-only seam ([`Step`], the `hook` argument) lets tests fail or pause the protocol
//! before the first rename, between renames and after the last one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Points of the protocol where the hook is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Every temporary file is written and synced; nothing renamed yet.
    BeforeFirstRename,
    /// After the rename of output `n` (0-based), before the next one.
    AfterRename(usize),
    /// Every output renamed; backups not yet removed.
    AfterLastRename,
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A fresh name beside `path`, unique per process and call: `.<name>.<pid>.<n>.tmp`.
pub fn temp_name(path: &Path) -> PathBuf {
    side_name(path, "tmp")
}

fn side_name(path: &Path, ext: &str) -> PathBuf {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.{ext}", std::process::id()))
}

/// Writes one file atomically (temporary file, sync, rename), never following symlinks.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::sandbox::write_no_follow(path, bytes)
}

/// Does a process with this id run? Unknown (no `/proc`) counts as running.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        return true;
    }
    pid == std::process::id() || proc.join(pid.to_string()).exists()
}

/// Removes `.<name>.<pid>.<n>.tmp|bak` files beside `outputs` left by builds that no longer
/// run. Returns how many were removed.
pub fn clean_stale(dir: &Path, outputs: &[&Path]) -> usize {
    let names: Vec<String> =
        outputs.iter().filter_map(|p| p.file_name().and_then(|n| n.to_str())).map(|n| format!(".{n}.")).collect();
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else { continue };
        let Some(rest) = names.iter().find_map(|prefix| name.strip_prefix(prefix.as_str())) else { continue };
        let Some(rest) = rest.strip_suffix(".tmp").or_else(|| rest.strip_suffix(".bak")) else { continue };
        let Some((pid, n)) = rest.split_once('.') else { continue };
        let (Ok(pid), true) = (pid.parse::<u32>(), n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty()) else {
            continue;
        };
        let is_file = entry.file_type().map(|t| t.is_file() || t.is_symlink()).unwrap_or(false);
        if is_file && !process_alive(pid) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Why a set of outputs was not written, and what the folder holds now.
#[derive(Debug)]
pub struct WriteError {
    /// The whole message: what failed and what is in the folder afterwards.
    pub message: String,
}

/// The hook production builds use: nothing, except in debug builds, where the environment
/// variable `CASEBOOK_FAULT=<step>:<action>` makes the protocol fail (`fail`) or sleep
/// (`pause-<ms>`) at `before-first-rename`, `between-renames` or `after-last-rename`, so
/// tests of the binary can kill or fail a build at each step.
pub fn default_hook(step: Step) -> std::io::Result<()> {
    if !cfg!(debug_assertions) {
        return Ok(());
    }
    let Ok(spec) = std::env::var("CASEBOOK_FAULT") else { return Ok(()) };
    let Some((at, action)) = spec.split_once(':') else { return Ok(()) };
    let matches = match at {
        "before-first-rename" => step == Step::BeforeFirstRename,
        "between-renames" => step == Step::AfterRename(0),
        "after-last-rename" => step == Step::AfterLastRename,
        _ => false,
    };
    if !matches {
        return Ok(());
    }
    if let Some(ms) = action.strip_prefix("pause-").and_then(|ms| ms.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
        return Ok(());
    }
    Err(std::io::Error::other(format!("fault injected at {at}")))
}

/// Writes every `(path, bytes)` as one set (see the module documentation). All paths must be
/// in `dir`, which must exist.
pub fn write_set(
    dir: &Path,
    outputs: &[(PathBuf, &[u8])],
    hook: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let fail = |message: String| Err(WriteError { message });
    if let Err(e) = crate::sandbox::check_write_dir(dir) {
        return fail(format!("cannot write into {}: {e}; no output was changed", dir.display()));
    }
    let paths: Vec<&Path> = outputs.iter().map(|(p, _)| p.as_path()).collect();
    clean_stale(dir, &paths);

    // 2. Temporary files, written and synced on one thread each (the syncs dominate).
    let temps: Vec<PathBuf> = paths.iter().map(|p| temp_name(p)).collect();
    let written: Vec<std::io::Result<()>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = outputs
            .iter()
            .zip(&temps)
            .map(|((_, bytes), tmp)| {
                scope.spawn(move || {
                    let mut file = crate::sandbox::create_new_file(tmp)?;
                    file.write_all(bytes)?;
                    file.sync_all()
                })
            })
            .collect();
        jobs.into_iter().map(|j| j.join().unwrap_or_else(|_| Err(std::io::Error::other("writer panicked")))).collect()
    });
    let remove_temps = |from: usize| {
        for tmp in &temps[from..] {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for ((path, _), result) in outputs.iter().zip(&written) {
        if let Err(e) = result {
            remove_temps(0);
            return fail(format!("cannot write {}: {e}; no output was changed", path.display()));
        }
    }
    if let Err(e) = hook(Step::BeforeFirstRename) {
        remove_temps(0);
        return fail(format!("cannot write the outputs: {e}; no output was changed"));
    }

    // 3. Backups of every existing output but the last (the last rename needs no undo).
    let mut backups: Vec<Option<PathBuf>> = Vec::new();
    for path in paths.iter().take(paths.len().saturating_sub(1)) {
        let backup = match std::fs::symlink_metadata(path) {
            Ok(_) => {
                let backup = side_name(path, "bak");
                if let Err(e) = std::fs::hard_link(path, &backup) {
                    for b in backups.iter().flatten() {
                        let _ = std::fs::remove_file(b);
                    }
                    remove_temps(0);
                    return fail(format!("cannot keep a backup of {}: {e}; no output was changed", path.display()));
                }
                Some(backup)
            }
            Err(_) => None,
        };
        backups.push(backup);
    }
    let remove_backups = |backups: &[Option<PathBuf>]| {
        for b in backups.iter().flatten() {
            let _ = std::fs::remove_file(b);
        }
    };

    // 4. The renames; undo on failure.
    for (i, (path, tmp)) in paths.iter().zip(&temps).enumerate() {
        let last = i + 1 == paths.len();
        let renamed = std::fs::rename(tmp, path).and_then(|()| if last { Ok(()) } else { hook(Step::AfterRename(i)) });
        let Err(e) = renamed else { continue };
        let renamed_count = if tmp.exists() { i } else { i + 1 };
        remove_temps(i);
        let mut not_restored = Vec::new();
        for (j, done) in paths.iter().enumerate().take(renamed_count) {
            let restored = match backups.get(j).cloned().flatten() {
                Some(backup) => std::fs::rename(&backup, done),
                None => std::fs::remove_file(done),
            };
            if let Err(e) = restored {
                not_restored.push(format!("{} ({e})", done.display()));
            }
        }
        remove_backups(&backups);
        let after = if not_restored.is_empty() {
            "the previous outputs were restored".to_string()
        } else {
            format!(
                "and the previous version of {} could not be restored: the outputs in {} do not belong together; build again",
                not_restored.join(", "),
                dir.display()
            )
        };
        return fail(format!("cannot write {}: {e}; {after}", path.display()));
    }
    let after = hook(Step::AfterLastRename);
    remove_backups(&backups);
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    after.map_err(|e| WriteError { message: format!("after writing the outputs: {e}; all outputs are new") })
}

/// Writes a build's outputs into `out_dir` as one set. An output folder inside the project
/// (the default `out/`) must stay inside it: a symlink out of the project is refused.
pub fn write_build_outputs(
    project: &crate::project::Project,
    out_dir: &Path,
    outputs: &[(PathBuf, Vec<u8>, Option<usize>)],
) -> Result<(), String> {
    let dir = project.output_dir(out_dir)?;
    let set: Vec<(PathBuf, &[u8])> = outputs
        .iter()
        .map(|(path, bytes, _)| (dir.join(path.file_name().unwrap_or_default()), bytes.as_slice()))
        .collect();
    write_set(&dir, &set, &mut default_hook).map_err(|e| e.message)
}

/// Writes the Typst project of a build (`--typst-dir`): the template (read through the
/// sandbox: a template that is a symlink out of the project is refused, never copied), the
/// data and the fonts. No write follows a symlink planted in the folder.
pub fn export_typst_project(
    dir: &Path,
    project: &crate::project::Project,
    default_template: &str,
    data: &[u8],
    fonts: &[(&str, &[u8])],
) -> std::io::Result<()> {
    let own = project.templates_dir().join("report.typ");
    let template = if own.exists() || own.is_symlink() {
        project.read(&own).map_err(|e| std::io::Error::other(format!("templates/report.typ: {e}")))?
    } else {
        default_template.as_bytes().to_vec()
    };
    for sub in ["", "templates", "data", "fonts"] {
        crate::sandbox::create_write_dir(&dir.join(sub))?;
    }
    write_atomic(&dir.join("templates/report.typ"), &template)?;
    write_atomic(&dir.join("data/report.json"), data)?;
    for (name, bytes) in fonts {
        write_atomic(&dir.join("fonts").join(name), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("casebook-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temporaries() {
        let dir = scratch("atomic");
        let path = dir.join("a.pdf");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(listing(&dir), ["a.pdf"]);
        // A destination whose folder is missing fails, and the old file is untouched.
        assert!(write_atomic(&dir.join("missing/a.pdf"), b"x").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn second_rename_failing_restores_the_first() {
        let dir = scratch("pair");
        let (a, b) = (dir.join("r.pdf"), dir.join("r.epub"));
        std::fs::write(&a, b"old pdf").unwrap();
        std::fs::write(&b, b"old epub").unwrap();
        let outputs = [(a.clone(), &b"new pdf"[..]), (b.clone(), &b"new epub"[..])];
        let err = write_set(&dir, &outputs, &mut |s| {
            if s == Step::AfterRename(0) { Err(std::io::Error::other("injected")) } else { Ok(()) }
        })
        .unwrap_err();
        assert!(err.message.ends_with("the previous outputs were restored"), "{}", err.message);
        assert_eq!(std::fs::read(&a).unwrap(), b"old pdf");
        assert_eq!(std::fs::read(&b).unwrap(), b"old epub");
        assert_eq!(listing(&dir), ["r.epub", "r.pdf"]);
    }

    #[test]
    fn the_hook_sees_each_step_once_in_order() {
        let dir = scratch("steps");
        let outputs = [(dir.join("r.pdf"), &b"pdf"[..]), (dir.join("r.epub"), &b"epub"[..])];
        let mut steps = Vec::new();
        write_set(&dir, &outputs, &mut |s| {
            steps.push(s);
            Ok(())
        })
        .unwrap();
        assert_eq!(steps, [Step::BeforeFirstRename, Step::AfterRename(0), Step::AfterLastRename]);
        assert_eq!(listing(&dir), ["r.epub", "r.pdf"]);
    }

    #[test]
    fn stale_files_of_dead_processes_are_removed() {
        let dir = scratch("stale");
        let out = dir.join("r.pdf");
        // A pid above the kernel's maximum (4194304) never runs.
        std::fs::write(dir.join(".r.pdf.99999999.3.tmp"), b"x").unwrap();
        std::fs::write(dir.join(".r.pdf.99999999.4.bak"), b"x").unwrap();
        let own = format!(".r.pdf.{}.0.tmp", std::process::id());
        std::fs::write(dir.join(&own), b"x").unwrap();
        std::fs::write(dir.join(".other.pdf.99999999.3.tmp"), b"x").unwrap();
        // Another build that is still running (pid 1 always runs) keeps its files.
        std::fs::write(dir.join(".r.pdf.1.7.tmp"), b"x").unwrap();
        // Not our naming scheme: left alone.
        std::fs::write(dir.join(".r.pdf.99999999.x.tmp"), b"x").unwrap();
        std::fs::write(dir.join(".r.pdf.99999999..tmp"), b"x").unwrap();
        assert_eq!(clean_stale(&dir, &[&out]), 2);
        let mut kept = vec![
            ".other.pdf.99999999.3.tmp".to_string(),
            ".r.pdf.1.7.tmp".to_string(),
            ".r.pdf.99999999..tmp".to_string(),
            ".r.pdf.99999999.x.tmp".to_string(),
            own,
        ];
        kept.sort();
        assert_eq!(listing(&dir), kept);
    }
}
