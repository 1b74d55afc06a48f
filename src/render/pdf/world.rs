//! The Typst [`World`] a report is compiled in: the template (the project's or the built-in
//! one), the document as a virtual JSON file, project files inside the sandbox only, the
//! bundled fonts and a fixed `today`. No packages, no system fonts, no network.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId as TypstFileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::{DATA_PATH, DEFAULT_TEMPLATE, TEMPLATE_PATH};
use crate::fonts::FontSet;
use crate::project::Project;

/// The world a report is compiled in.
pub struct ReportWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontSet>,
    main: TypstFileId,
    root: PathBuf,
    pub(super) data: Bytes,
    /// The figures' image files, as checked by the resolve step (by the path the template
    /// names): Typst lays out exactly the bytes that were checked, and an unchanged image
    /// keeps its `Bytes` (and so its hash and Typst's decode) from one build to the next.
    assets: HashMap<String, (Arc<[u8]>, Bytes)>,
    today: Datetime,
    /// Files read from the project (for `watch` and `--typst-dir`).
    read: Mutex<Vec<PathBuf>>,
    sources: Mutex<HashMap<TypstFileId, Source>>,
    /// Sources of the previous compilation: reused when unchanged, edited in place otherwise,
    /// so that Typst's memoization recognises what did not change.
    previous: Mutex<HashMap<TypstFileId, Source>>,
}

fn file_id(path: &str) -> TypstFileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("static virtual path")).intern()
}

impl ReportWorld {
    pub fn new(project: &Project, fonts: Arc<FontSet>, data: Vec<u8>, today: Datetime) -> Self {
        Self {
            library: LazyHash::new(Library::default()),
            fonts,
            main: file_id(TEMPLATE_PATH),
            root: project.root.clone(),
            data: Bytes::new(data),
            assets: HashMap::new(),
            today,
            read: Mutex::new(Vec::new()),
            sources: Mutex::new(HashMap::new()),
            previous: Mutex::new(HashMap::new()),
        }
    }

    /// Prepares the world for the next compilation of the same project: new data and date;
    /// template files are read again, and reused when their text did not change.
    pub fn reset(&mut self, data: Vec<u8>, today: Datetime) {
        self.data = Bytes::new(data);
        self.today = today;
        let sources = std::mem::take(self.sources.get_mut().expect("not poisoned"));
        *self.previous.get_mut().expect("not poisoned") = sources;
        self.read.get_mut().expect("not poisoned").clear();
    }

    /// The image files of this build's figures.
    pub fn set_assets(&mut self, assets: &[crate::document::Asset]) {
        let mut old = std::mem::take(&mut self.assets);
        for a in assets {
            let bytes = match old.remove(&a.path) {
                Some((arc, bytes)) if Arc::ptr_eq(&arc, &a.bytes) => bytes,
                _ => Bytes::new(a.bytes.clone()),
            };
            self.assets.insert(a.path.clone(), (a.bytes.clone(), bytes));
        }
    }

    /// Whether the world sets text in this font set (a session reads fonts again when the
    /// project's `assets/fonts/` changes).
    pub fn has_fonts(&self, fonts: &Arc<FontSet>) -> bool {
        Arc::ptr_eq(&self.fonts, fonts)
    }

    /// Project files the last compilation read.
    pub fn files_read(&self) -> Vec<PathBuf> {
        self.read.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The bytes behind a virtual path: the data file, a project file inside the sandbox, or
    /// the built-in template.
    fn load(&self, id: TypstFileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(_) = id.root() {
            // No package imports: they would need the network and run code we did not ship.
            return Err(FileError::Other(Some(
                "package imports (@preview/…) are not allowed in casebook templates".into(),
            )));
        }
        let vpath = id.vpath();
        let path = vpath.get_with_slash();
        if path == DATA_PATH {
            return Ok(self.data.clone());
        }
        if let Some((_, bytes)) = self.assets.get(path) {
            return Ok(bytes.clone());
        }
        let rel = vpath.get_without_slash();
        let on_disk = self.root.join(rel);
        if path == TEMPLATE_PATH && !on_disk.exists() {
            return Ok(Bytes::from_string(DEFAULT_TEMPLATE.to_string()));
        }
        let project = Project { root: self.root.clone() };
        let real = project.resolve_relative(rel).map_err(|e| {
            if on_disk.exists() || on_disk.is_symlink() {
                FileError::Other(Some(format!("{e}; templates may only read files inside the project folder").into()))
            } else {
                FileError::NotFound(on_disk.clone())
            }
        })?;
        if let Ok(mut read) = self.read.lock() {
            read.push(real.clone());
        }
        project.read(&real).map(Bytes::new).map_err(|e| match e.kind() {
            // The sandbox's own refusals (too large, not a regular file, outside) name no file;
            // the main template's has no place in a file to point at, so the path goes in the words.
            std::io::ErrorKind::Other => FileError::Other(Some(format!("{rel} {e}").into())),
            _ => FileError::from_io(e, &real),
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> TypstFileId {
        self.main
    }

    fn source(&self, id: TypstFileId) -> FileResult<Source> {
        if let Some(source) = self.sources.lock().ok().and_then(|s| s.get(&id).cloned()) {
            return Ok(source);
        }
        let bytes = self.load(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?.trim_start_matches('\u{feff}');
        let previous = self.previous.lock().ok().and_then(|mut p| p.remove(&id));
        let source = match previous {
            Some(source) if source.text() == text => source,
            Some(mut source) => {
                source.replace(text);
                source
            }
            None => Source::new(id, text.to_string()),
        };
        if let Ok(mut sources) = self.sources.lock() {
            sources.insert(id, source.clone());
        }
        Ok(source)
    }

    fn file(&self, id: TypstFileId) -> FileResult<Bytes> {
        self.load(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
