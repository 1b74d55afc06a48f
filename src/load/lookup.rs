//! The optional look-up files: `report/actors.toml` (`[[actor]]`) and `report/glossary.toml`
//! (`[[term]]`). Read as `sources.toml` is (sandboxed, size-limited, every entry on its own),
//! but a missing file is no error: a report without them simply has no declarations and no
//! glossary. Two files rather than tables in `report.toml`: both lists grow long, and an
//! editor opens the one it changes.

use serde::de::DeserializeOwned;

use super::{Loaded, deserialize, deserialize_value, parse_table, read_file, take_array};
use crate::diagnostics::{Diagnostic, FileId};
use crate::model::{ActorsFile, GlossaryFile};
use crate::project::Project;

/// Reads both files when they exist.
pub(super) fn load_lookup(project: &Project, loaded: &mut Loaded, diags: &mut Vec<Diagnostic>) {
    loaded.actors = load_list::<ActorsFile, _>(project, loaded, "actors.toml", "actor", diags);
    loaded.terms = load_list::<GlossaryFile, _>(project, loaded, "glossary.toml", "term", diags);
}

fn load_list<F: DeserializeOwned, T: DeserializeOwned>(
    project: &Project,
    loaded: &mut Loaded,
    name: &str,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(FileId, T)> {
    let path = project.report_dir().join(name);
    if !path.exists() && !path.is_symlink() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(file) = read_file(project, &path, &mut loaded.files, diags)
        && let Some((span, mut table)) = parse_table(&loaded.files, file, diags)
    {
        let items = take_array(&mut table, key, file, diags);
        deserialize::<F>(span, table, loaded.files.text(file), file, diags);
        for item in items {
            let item_span = item.span();
            if let Some(entry) = deserialize_value::<T>(item, item_span, loaded.files.text(file), file, diags) {
                out.push((file, entry));
            }
        }
    }
    out
}
