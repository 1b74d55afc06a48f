//! `casebook new`: a new project that builds at once — report.toml, sources.toml, the four
//! chapters of an incident report with one example event each and a comment on every field,
//! and the JSON Schemas the files' `#:schema` lines point at. The first event uses each body
//! block once (a numbered list, a figure with its small SVG image, a table). In English or Japanese
//! (`templates/new/en`, `templates/new/ja`).

use std::path::Path;

/// The language of the example project `new` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleLanguage {
    English,
    Japanese,
}

impl ExampleLanguage {
    /// From a locale setting of the environment (`LC_ALL`, then `LANG`): Japanese when it
    /// starts with `ja`, English otherwise.
    pub fn from_env(lc_all: Option<&str>, lang: Option<&str>) -> Self {
        let setting = lc_all.filter(|v| !v.is_empty()).or(lang).unwrap_or("");
        if setting.starts_with("ja") { ExampleLanguage::Japanese } else { ExampleLanguage::English }
    }

    /// (path inside the project, contents) of every file `new` writes besides the schemas.
    pub fn files(self) -> [(&'static str, &'static str); 7] {
        macro_rules! files {
            ($lang:literal) => {
                [
                    ("report/report.toml", include_str!(concat!("../templates/new/", $lang, "/report.toml"))),
                    ("report/sources.toml", include_str!(concat!("../templates/new/", $lang, "/sources.toml"))),
                    (
                        "report/chapters/01-discovery.toml",
                        include_str!(concat!("../templates/new/", $lang, "/chapters/01-discovery.toml")),
                    ),
                    (
                        "report/chapters/02-media.toml",
                        include_str!(concat!("../templates/new/", $lang, "/chapters/02-media.toml")),
                    ),
                    (
                        "report/chapters/03-regulatory-response.toml",
                        include_str!(concat!("../templates/new/", $lang, "/chapters/03-regulatory-response.toml")),
                    ),
                    (
                        "report/chapters/04-findings.toml",
                        include_str!(concat!("../templates/new/", $lang, "/chapters/04-findings.toml")),
                    ),
                    // The example figure (SVG is text, so it ships like the TOML files).
                    ("report/figures/network.svg", include_str!("../templates/new/network.svg")),
                ]
            };
        }
        match self {
            ExampleLanguage::English => files!("en"),
            ExampleLanguage::Japanese => files!("ja"),
        }
    }
}

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

/// Writes a new project in `language` into `dir`, which must be empty or missing unless
/// `force`.
pub fn new_project(dir: &Path, force: bool, language: ExampleLanguage) -> Result<Vec<String>, NewError> {
    if dir.exists() && !force && std::fs::read_dir(dir).map_err(NewError::Io)?.next().is_some() {
        return Err(NewError::NotEmpty);
    }
    let mut written = Vec::new();
    for (path, contents) in language.files() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_language_follows_lc_all_then_lang() {
        use ExampleLanguage::*;
        assert_eq!(ExampleLanguage::from_env(Some("ja_JP.UTF-8"), Some("en_US.UTF-8")), Japanese);
        assert_eq!(ExampleLanguage::from_env(Some(""), Some("ja_JP.UTF-8")), Japanese);
        assert_eq!(ExampleLanguage::from_env(None, Some("C.UTF-8")), English);
        assert_eq!(ExampleLanguage::from_env(None, None), English);
        assert_eq!(ExampleLanguage::from_env(Some("en_GB.UTF-8"), Some("ja_JP.UTF-8")), English);
    }
}
