//! `casebook watch`: build, then rebuild whenever a file under `report/`, `templates/` or
//! `assets/` changes. Folders are watched (not single files), so editors that save by writing a
//! temporary file and renaming it are seen like any other write; events are debounced, so a file
//! written in two steps gives one rebuild. The [`Session`] (parsed fonts) and Typst's memoized
//! work stay alive between builds, which makes a one-event edit much cheaper than a cold build.
//! A content error never ends the loop: the diagnostics are printed and the last good outputs
//! stay as they are.
//!
//! A watched folder that is removed and created again (`git checkout`, sync tools) loses its
//! watch in the kernel; the project folder itself is watched too (not recursively), and when
//! one of the watched folders appears again (created, or renamed into place) it is watched again.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};

use crate::build::{BuildOptions, BuildResult, Session};
use crate::project::Project;

/// How long the file system must be quiet before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Folders whose changes trigger a rebuild (those that exist).
pub fn watched_folders(project: &Project) -> Vec<PathBuf> {
    [project.report_dir(), project.templates_dir(), project.root.join("assets")]
        .into_iter()
        .filter(|p| p.is_dir())
        .collect()
}

/// Arms a recursive watch on every watched folder that exists now.
fn arm(watcher: &mut notify::RecommendedWatcher, project: &Project) -> Result<(), String> {
    for folder in watched_folders(project) {
        watcher
            .watch(&folder, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
    }
    Ok(())
}

/// A path that came into existence: created, or renamed into place. (The watcher drops the
/// watches of a removed folder itself; a folder created again must be watched again, and
/// watching it while the old watch is still being torn down would lose the new one, so only
/// appearances re-arm.)
fn appeared(kind: &EventKind) -> bool {
    use notify::event::RenameMode;
    matches!(kind, EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)))
}

/// `report/`, `templates/` or `assets/` itself.
fn is_watched_folder(project: &Project, path: &Path) -> bool {
    [project.report_dir(), project.templates_dir(), project.root.join("assets")].iter().any(|f| f == path)
}

/// Anything else directly in the project folder (README, `out/`, …): not an input.
fn is_other_root_entry(project: &Project, path: &Path) -> bool {
    path.parent() == Some(project.root.as_path()) && !is_watched_folder(project, path)
}

/// Is a changed path something a build reads?
fn relevant(path: &Path, inputs: &[PathBuf]) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
        return inputs.iter().any(|i| i == path);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    matches!(ext, "toml" | "typ" | "css" | "json" | "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" | "ttf" | "otf")
        || inputs.iter().any(|i| i == path)
        || path.is_dir()
}

/// Writes, creations, removals and renames; not the reads and attribute changes a build itself
/// causes (those would make every build trigger the next).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        _ => false,
    }
}

/// Runs the watch loop until the process is interrupted or the watcher fails.
/// `report` is called after every build.
pub fn watch(project: &Project, options: &BuildOptions, report: &mut dyn FnMut(&BuildResult)) -> Result<(), String> {
    // Watch first, so that a change made during the first build is not missed.
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| format!("cannot watch files: {e}"))?;
    watcher
        .watch(&project.root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", project.root.display()))?;
    arm(&mut watcher, project)?;
    let mut session = Session::new();
    let mut result = session.build(project, options);
    report(&result);
    loop {
        // Wait for a change, then for DEBOUNCE of quiet.
        let mut changed = false;
        let mut next = rx.recv().map_err(|_| "file watcher stopped".to_string())?;
        loop {
            let event = next.map_err(|e| format!("file watcher failed: {e}"))?;
            if appeared(&event.kind) {
                for folder in event.paths.iter().filter(|p| is_watched_folder(project, p) && p.is_dir()) {
                    // It may vanish again before the watch is added; its next creation retries.
                    let _ = watcher.watch(folder, RecursiveMode::Recursive);
                }
            }
            changed |= is_change(&event.kind)
                && event.paths.iter().any(|p| !is_other_root_entry(project, p) && relevant(p, &result.inputs));
            next = match rx.recv_timeout(DEBOUNCE) {
                Ok(n) => n,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err("file watcher stopped".into()),
            };
        }
        if !changed {
            continue;
        }
        result = session.build(project, options);
        report(&result);
        // Keep memory bounded across many rebuilds, as typst-cli's watch loop does.
        crate::render::pdf::evict_caches(10);
    }
}
