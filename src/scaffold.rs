//! `casebook new`: a new project that builds at once — report.toml, sources.toml, the four
//! chapters of an incident report with one example event each and a comment on every field,
//! and the JSON Schemas the files' `#:schema` lines point at.

use std::path::Path;

/// (path inside the project, contents) of every file `new` writes besides the schemas.
pub const FILES: [(&str, &str); 6] = [
    ("report/report.toml", include_str!("../templates/new/report.toml")),
    ("report/sources.toml", include_str!("../templates/new/sources.toml")),
    ("report/chapters/01-discovery.toml", include_str!("../templates/new/chapters/01-discovery.toml")),
    ("report/chapters/02-media.toml", include_str!("../templates/new/chapters/02-media.toml")),
    (
        "report/chapters/03-regulatory-response.toml",
        include_str!("../templates/new/chapters/03-regulatory-response.toml"),
    ),
    ("report/chapters/04-findings.toml", include_str!("../templates/new/chapters/04-findings.toml")),
];

#[derive(Debug)]
pub enum NewError {
    /// The folder has files and `--force` was not given.
    NotEmpty,
    Io(std::io::Error),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::NotEmpty => f.write_str("the folder is not empty (use --force to write into it anyway)"),
            NewError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Writes a new project into `dir`, which must be empty or missing unless `force`.
pub fn new_project(dir: &Path, force: bool) -> Result<Vec<String>, NewError> {
    if dir.exists() && !force && std::fs::read_dir(dir).map_err(NewError::Io)?.next().is_some() {
        return Err(NewError::NotEmpty);
    }
    let mut written = Vec::new();
    for (path, contents) in FILES {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().expect("files live in folders")).map_err(NewError::Io)?;
        std::fs::write(&target, contents).map_err(NewError::Io)?;
        written.push(path.to_string());
    }
    for path in crate::schema::write_schemas(&dir.join("schema")).map_err(NewError::Io)? {
        written.push(format!("schema/{}", path.file_name().unwrap_or_default().to_string_lossy()));
    }
    Ok(written)
}
