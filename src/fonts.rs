//! The fonts the outputs are set in: bundled in the binary (OFL, `assets/fonts/`), parsed
//! once per process, and the glyph-coverage check that Typst does not do (it draws a
//! missing glyph as an empty box without a warning).

use std::sync::{Arc, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

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
    !(c.is_control()
        || c.is_whitespace()
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
