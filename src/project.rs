//! The project folder and its sandbox: where report files, templates, assets and outputs
//! live, and the one function every file access goes through to stay inside the folder
//! (no `..`, no absolute paths, no symlinks pointing out).

use std::path::{Component, Path, PathBuf};

/// A casebook project: `report/`, optional `templates/` and `assets/`, outputs in `out/`.
#[derive(Clone, Debug)]
pub struct Project {
    /// Canonical path of the project folder.
    pub root: PathBuf,
}

impl Project {
    /// Opens a project folder (it must exist).
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        Ok(Self { root: dir.canonicalize()? })
    }

    pub fn report_dir(&self) -> PathBuf {
        self.root.join("report")
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }

    pub fn default_out_dir(&self) -> PathBuf {
        self.root.join("out")
    }

    /// How a path is shown to the user: relative to the project folder where possible.
    pub fn display_path(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    }

    /// Checks that an existing file is inside the project once symlinks are followed.
    pub fn sandboxed(&self, path: &Path) -> Result<PathBuf, String> {
        let real = path.canonicalize().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound { "file not found".to_string() } else { e.to_string() }
        })?;
        if real.starts_with(&self.root) {
            Ok(real)
        } else {
            Err(format!("resolves to {} outside the project folder", real.display()))
        }
    }

    /// Prepares an output folder for writing and returns its real path. A folder inside the
    /// project (as `out/` is) must still be inside it once symlinks are followed — a project
    /// that ships `out` as a symlink to elsewhere would otherwise make a build write there. A
    /// folder the user chose outside the project is used as it is.
    pub fn output_dir(&self, dir: &Path) -> Result<PathBuf, String> {
        let absolute = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            std::env::current_dir().map_err(|e| e.to_string())?.join(dir)
        };
        let inside = absolute.starts_with(&self.root);
        if inside {
            // Each existing step from the project folder down must stay inside it.
            let mut step = self.root.clone();
            for component in absolute.strip_prefix(&self.root).unwrap_or(Path::new("")).components() {
                step.push(component);
                if std::fs::symlink_metadata(&step).is_err() {
                    break;
                }
                let real = step.canonicalize().map_err(|e| format!("cannot use {}: {e}", step.display()))?;
                if !real.starts_with(&self.root) {
                    return Err(format!(
                        "the output folder {} resolves to {} outside the project folder; no output was written",
                        self.display_path(&step),
                        real.display()
                    ));
                }
            }
        }
        std::fs::create_dir_all(&absolute)
            .map_err(|e| format!("cannot create the output folder {}: {e}", absolute.display()))?;
        absolute.canonicalize().map_err(|e| format!("cannot use the output folder {}: {e}", absolute.display()))
    }

    /// Reads a file through the sandbox ([`crate::sandbox::read_limited`]): inside the project,
    /// a regular file, at most [`crate::sandbox::MAX_ASSET_BYTES`].
    pub fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        crate::sandbox::read_limited(&self.root, path, crate::sandbox::MAX_ASSET_BYTES)
            .map(|(_, bytes)| bytes)
            .map_err(crate::sandbox::ReadError::into_io)
    }

    /// [`Project::read`] as UTF-8 text.
    pub fn read_text(&self, path: &Path) -> std::io::Result<String> {
        String::from_utf8(self.read(path)?)
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8"))
    }

    /// Resolves a project-relative path written by a user (`assets/logo.png`,
    /// `templates/part.typ`): refused if absolute, if it climbs with `..`, or if a symlink
    /// takes it outside the project.
    pub fn resolve_relative(&self, rel: &str) -> Result<PathBuf, String> {
        let path = Path::new(rel);
        for component in path.components() {
            match component {
                Component::Normal(_) | Component::CurDir => {}
                Component::ParentDir => return Err(format!("`{rel}` climbs out with `..`")),
                Component::RootDir | Component::Prefix(_) => return Err(format!("`{rel}` is an absolute path")),
            }
        }
        self.sandboxed(&self.root.join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("casebook-sandbox-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("assets/a.txt"), "x").unwrap();
        let project = Project::open(&dir).unwrap();
        assert!(project.resolve_relative("assets/a.txt").is_ok());
        assert!(project.resolve_relative("../etc/passwd").unwrap_err().contains(".."));
        assert!(project.resolve_relative("/etc/passwd").unwrap_err().contains("absolute"));
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink("/etc/hostname", dir.join("assets/link"));
            assert!(project.resolve_relative("assets/link").unwrap_err().contains("outside"));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
