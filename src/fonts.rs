//! The fonts the outputs are set in: bundled in the binary (OFL, `assets/fonts/`), parsed
//! once per process, and the glyph-coverage check that Typst does not do (it draws a
//! missing glyph as an empty box without a warning).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::diagnostics::Diagnostic;
use crate::project::Project;
pub use crate::resolve::FontCredit;

/// The bundled font files: (file name, bytes). Which face sets what is the locale's choice
/// (`Locale::fonts`).
pub const BUNDLED: [(&str, &[u8]); 9] = [
    ("LibertinusSerif-Regular.otf", include_bytes!("../assets/fonts/LibertinusSerif-Regular.otf")),
    ("LibertinusSerif-Italic.otf", include_bytes!("../assets/fonts/LibertinusSerif-Italic.otf")),
    ("LibertinusSerif-Bold.otf", include_bytes!("../assets/fonts/LibertinusSerif-Bold.otf")),
    ("LibertinusSerif-BoldItalic.otf", include_bytes!("../assets/fonts/LibertinusSerif-BoldItalic.otf")),
    ("DejaVuSansMono.ttf", include_bytes!("../assets/fonts/DejaVuSansMono.ttf")),
    ("NotoSerifJP-Regular.ttf", include_bytes!("../assets/fonts/NotoSerifJP-Regular.ttf")),
    ("NotoSansJP-Regular.ttf", include_bytes!("../assets/fonts/NotoSansJP-Regular.ttf")),
    ("NotoSansJP-Bold.ttf", include_bytes!("../assets/fonts/NotoSansJP-Bold.ttf")),
    ("BIZUDMincho-Gap.ttf", include_bytes!("../assets/fonts/BIZUDMincho-Gap.ttf")),
];

/// The licence shipped with the fonts (printed by `casebook licenses`).
pub const OFL: &str = include_str!("../assets/fonts/OFL.txt");

/// The licence of DejaVu Sans Mono (printed by `casebook licenses`).
pub const DEJAVU_LICENSE: &str = include_str!("../assets/fonts/LICENSE-DejaVu.txt");

/// What `casebook licenses` prints: every font compiled into this binary (file, family,
/// weight, version, copyright and licence, read from the font files' own name tables), the
/// fonts the project adds in `assets/fonts/` (when `project` is given and adds any), then the
/// licence texts shipped with the bundled fonts.
pub fn licenses(project: Option<&Project>) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "casebook {} bundles {} fonts (compiled into the binary; the PDF embeds subsets of them):\n",
        env!("CARGO_PKG_VERSION"),
        BUNDLED.len()
    );
    for (file, data) in BUNDLED {
        describe_font_file(&mut out, file, data);
    }
    // The project's own fonts, but not copies of the bundled ones (this repository's own
    // assets/fonts/ holds the files the binary bundles).
    let own: Vec<(String, Bytes)> = project
        .map(|p| ProjectFonts::load(p).files)
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, bytes)| !BUNDLED.iter().any(|(b, data)| b == name && *data == bytes.as_slice()))
        .collect();
    if !own.is_empty() {
        let files = if own.len() == 1 { "1 font file".to_string() } else { format!("{} font files", own.len()) };
        let _ = writeln!(out, "\nThe project adds {files} (assets/fonts/), with the licence each states:\n");
        for (file, bytes) in &own {
            describe_font_file(&mut out, file, bytes.as_slice());
        }
    }
    let _ = writeln!(out, "\nSIL Open Font License 1.1, with the notices shipped in assets/fonts/OFL.txt:\n");
    out.push_str(OFL);
    let _ = writeln!(out, "\nThe DejaVu fonts' licence, as shipped in assets/fonts/LICENSE-DejaVu.txt:\n");
    out.push_str(DEJAVU_LICENSE);
    out
}

/// One font file for `casebook licenses`: a line per face (file, family, weight, style,
/// version), its copyright (name ID 0) and the licence it declares (name ID 13).
fn describe_font_file(out: &mut String, file: &str, data: &[u8]) {
    use std::fmt::Write;
    for (index, font) in Font::iter(Bytes::new(data.to_vec())).enumerate() {
        let info = font.info();
        let face = ttf_parser::Face::parse(data, index as u32).ok();
        let name = |id: u16| {
            face.as_ref()?
                .names()
                .into_iter()
                .filter(|n| n.name_id == id && n.is_unicode())
                .find_map(|n| n.to_string())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let version = name(5).unwrap_or_default();
        let version = version.split(';').next().unwrap_or_default();
        let style = match format!("{:?}", info.variant.style).to_lowercase() {
            s if s == "normal" => String::new(),
            s => format!(" {s}"),
        };
        let weight = info.variant.weight.to_number();
        let _ = writeln!(out, "{file}: {} {weight}{style}, {version}", info.family);
        for line in name(0).iter().flat_map(|c| c.lines()) {
            let _ = writeln!(out, "  {}", line.trim());
        }
        // The licence the font itself declares (name ID 13, "License Description").
        let licence = match name(13) {
            Some(d) if d.contains("SIL Open Font License, Version 1.1") => "SIL Open Font License 1.1".to_string(),
            Some(d) if d.contains("Bitstream Vera") => "Bitstream Vera licence, DejaVu changes public domain".into(),
            Some(d) => {
                let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
                match d.find(". ") {
                    Some(end) if end < 160 => d[..=end].to_string(),
                    _ => d.chars().take(160).collect(),
                }
            }
            None => "not stated in the font (name ID 13 is empty)".into(),
        };
        let _ = writeln!(out, "  Licence: {licence}");
    }
}

/// Parsed fonts and the book Typst selects from.
pub struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

impl FontSet {
    /// Does some font of the set have a glyph for `c`?
    pub fn covers(&self, c: char) -> bool {
        self.fonts.iter().any(|f| f.info().coverage.contains(c as u32))
    }
}

/// Largest font file a project may add (the largest CJK fonts are ~20 MB).
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The fonts a project adds in `assets/fonts/` (TrueType, OpenType and their collections).
#[derive(Default)]
pub struct ProjectFonts {
    /// (file name, bytes) of every usable font file, in file-name order.
    pub files: Vec<(String, Bytes)>,
    /// Each family with its licence, for the colophon and `casebook licenses`.
    pub credits: Vec<FontCredit>,
    /// Files that could not be used.
    pub diagnostics: Vec<Diagnostic>,
}

impl ProjectFonts {
    /// Reads `assets/fonts/` of a project: only regular files inside the project, each at most
    /// [`MAX_FONT_BYTES`]; a file that holds no font is reported, not skipped silently.
    pub fn load(project: &Project) -> Self {
        let dir = project.root.join("assets").join("fonts");
        let mut fonts = ProjectFonts::default();
        let Ok(entries) = std::fs::read_dir(&dir) else { return fonts };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc"))
            })
            .collect();
        paths.sort();
        for path in paths {
            let shown = project.display_path(&path);
            match read_font_file(project, &path) {
                // A copy of a bundled font is not an addition (this repository's own project
                // folder keeps the bundled files in assets/fonts/).
                Ok(bytes) if BUNDLED.iter().any(|(_, data)| *data == bytes.as_slice()) => continue,
                Ok(bytes) => {
                    let faces: Vec<Font> = Font::iter(bytes.clone()).collect();
                    if faces.is_empty() {
                        fonts.diagnostics.push(
                            Diagnostic::error("font", format!("{shown} holds no font Typst can read"))
                                .with_help("use a TrueType or OpenType file (.ttf, .otf, .ttc), or remove it"),
                        );
                        continue;
                    }
                    for face in &faces {
                        let family = face.info().family.clone();
                        if !fonts.credits.iter().any(|c| c.family == family) {
                            fonts.credits.push(FontCredit { family, licence: licence_of(face, &path) });
                        }
                    }
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    fonts.files.push((name, bytes));
                }
                Err(message) => fonts.diagnostics.push(
                    Diagnostic::error("font", format!("{shown}: {message}"))
                        .with_help("project fonts must be font files inside the project's assets/fonts/"),
                ),
            }
        }
        fonts
    }

    /// The bundled fonts with the project's own added (the bundled set itself when there are
    /// none).
    pub fn font_set(&self) -> Arc<FontSet> {
        if self.files.is_empty() {
            return bundled();
        }
        let base = bundled();
        let mut all = base.fonts.clone();
        all.extend(self.files.iter().flat_map(|(_, bytes)| Font::iter(bytes.clone())));
        Arc::new(FontSet { book: LazyHash::new(FontBook::from_fonts(&all)), fonts: all })
    }
}

/// What identifies the contents of `assets/fonts/` between builds without reading the fonts:
/// each entry's name, length and modification time.
pub fn project_fonts_signature(project: &Project) -> Vec<(String, u64, Option<std::time::SystemTime>)> {
    let dir = project.root.join("assets").join("fonts");
    let mut signature: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| {
                    let meta = e.metadata().ok();
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()))
                })
                .collect()
        })
        .unwrap_or_default();
    signature.sort();
    signature
}

/// Reads a font file: inside the project, a regular file, within the size limit (counted on
/// the bytes read, not on what the file system says).
fn read_font_file(project: &Project, path: &Path) -> Result<Bytes, String> {
    // Through the sandbox: inside the project, a regular file (a FIFO is refused before it is
    // opened), at most MAX_FONT_BYTES read.
    crate::sandbox::read_limited(&project.root, path, MAX_FONT_BYTES)
        .map(|(_, bytes)| Bytes::new(bytes))
        .map_err(|e| e.to_string())
}

/// The licence a font states (name ID 13, its first sentence), else its copyright (name ID 0),
/// else the file name.
fn licence_of(font: &Font, path: &Path) -> String {
    let data = font.data();
    let face = ttf_parser::Face::parse(data.as_slice(), font.index()).ok();
    let name = |id: u16| {
        face.as_ref()?
            .names()
            .into_iter()
            .filter(|n| n.name_id == id)
            .find_map(|n| n.to_string())
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    let first_sentence = |s: String| match s.find(". ") {
        Some(end) if end < 160 => s[..=end].to_string(),
        _ => s.chars().take(160).collect(),
    };
    name(13)
        .or_else(|| name(0))
        .map(first_sentence)
        .unwrap_or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
}

/// The bundled fonts, parsed on first use and shared afterwards.
pub fn bundled() -> Arc<FontSet> {
    static SET: OnceLock<Arc<FontSet>> = OnceLock::new();
    SET.get_or_init(|| {
        let fonts: Vec<Font> = BUNDLED.iter().flat_map(|(_, data)| Font::iter(Bytes::new(*data))).collect();
        Arc::new(FontSet { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts })
    })
    .clone()
}

/// Characters that need no glyph (they are never drawn).
pub fn needs_glyph(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    !(c.is_control()
        || c.is_whitespace()
        || c.general_category() == GeneralCategory::Format
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_cover_japanese_and_the_gap_characters() {
        let set = bundled();
        assert_eq!(set.fonts.len(), 9);
        for c in "「AI-900事象」について膾炙かいしゃ≒①ＡＢ Michał Łukasz Ödön Şahin Αθήνα Москва".chars()
        {
            assert!(set.covers(c), "{c} not covered");
        }
        assert!(!set.covers('😀'));
        let families: Vec<&str> = set.book.families().map(|(name, _)| name).collect();
        assert!(families.contains(&"Noto Serif JP"), "{families:?}");
        assert!(families.contains(&"Noto Sans JP"));
        assert!(families.contains(&"Libertinus Serif"));
        assert!(families.contains(&"DejaVu Sans Mono"));
    }
}
