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
