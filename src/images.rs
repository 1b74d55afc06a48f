//! Image files of figures: found inside the project, checked and read once per content.
//!
//! A figure's file is refused with a located diagnostic (never a Typst error string) when it is
//! missing, outside the project, of a format casebook does not embed, not the format its
//! extension says (magic bytes), larger than [`MAX_IMAGE_BYTES`] or [`MAX_PIXELS`] (read from
//! the header before anything is decoded), corrupt, or — for SVG — when it could reach outside
//! the book: scripts, event handlers, `foreignObject`, and references to anything but its own
//! elements (`href`, `url(…)`, `@import`). An EPUB may not reference remote resources, and a
//! script would make it "scripted".
//!
//! Raster images are decoded with Typst's own memoized decoder, so the layout reuses the
//! decode instead of doing it again; the result of a check is kept per file (path, size,
//! modification time), so a `watch` session neither reads nor decodes an unchanged image again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// Largest image file embedded (50 MB).
pub const MAX_IMAGE_BYTES: u64 = 50_000_000;

/// Largest raster image embedded, in pixels (100 megapixels).
pub const MAX_PIXELS: u64 = 100_000_000;

/// The formats a figure may have (what Typst lays out and EPUB readers show).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl ImageFormat {
    /// The format a file name's extension promises, if casebook embeds it.
    pub fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "png" => Self::Png,
            "jpg" | "jpeg" => Self::Jpeg,
            "gif" => Self::Gif,
            "webp" => Self::Webp,
            "svg" => Self::Svg,
            _ => return None,
        })
    }

    /// The format the first bytes of a file show, if it is one casebook knows.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Self::Gif)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let start: Vec<u8> = text.iter().copied().skip_while(u8::is_ascii_whitespace).take(5).collect();
            (start.starts_with(b"<?xml")
                || start.starts_with(b"<svg")
                || start.starts_with(b"<!--")
                || start.starts_with(b"<!DOC"))
            .then_some(Self::Svg)
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Svg => "svg",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Gif => "GIF",
            Self::Webp => "WebP",
            Self::Svg => "SVG",
        }
    }
}

/// A checked image.
#[derive(Clone, Debug)]
pub struct CheckedImage {
    pub format: ImageFormat,
    pub bytes: Arc<[u8]>,
    /// Width and height in pixels (raster images).
    pub pixels: Option<(u32, u32)>,
}

/// Why an image is refused: a diagnostic code, the message and a help line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageProblem {
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

fn problem(code: &'static str, message: String, help: impl Into<String>) -> ImageProblem {
    ImageProblem { code, message, help: help.into() }
}

/// How many images were actually read and decoded in this process (the checks not served
/// from the cache): `watch` tests use it to show that an unchanged image is not decoded again.
pub fn decode_count() -> usize {
    DECODES.load(Ordering::Relaxed)
}

static DECODES: AtomicUsize = AtomicUsize::new(0);

type CacheKey = (PathBuf, u64, Option<SystemTime>);

fn cache() -> &'static Mutex<HashMap<CacheKey, Result<CheckedImage, ImageProblem>>> {
    static CACHE: OnceLock<Mutex<HashMap<CacheKey, Result<CheckedImage, ImageProblem>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Checks the image at `real` (already inside the project folder `root`); `shown` is how the
/// user wrote it. The file is read through the sandbox ([`crate::sandbox::read_limited`]): a
/// regular file inside the project, at most [`MAX_IMAGE_BYTES`] read.
pub fn check(root: &Path, real: &Path, shown: &str) -> Result<CheckedImage, ImageProblem> {
    let ext = real.extension().and_then(|e| e.to_str()).unwrap_or("");
    let Some(expected) = ImageFormat::from_extension(ext) else {
        return Err(problem(
            "image-unsupported",
            format!("`{shown}`: .{ext} images are not supported"),
            "use a PNG, JPEG, GIF, WebP or SVG file",
        ));
    };
    let meta = std::fs::metadata(real)
        .map_err(|e| problem("read", format!("cannot read `{shown}`: {e}"), "check the file's permissions"))?;
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(too_many_bytes(shown, meta.len()));
    }
    let key = (real.to_path_buf(), meta.len(), meta.modified().ok());
    if let Some(hit) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    DECODES.fetch_add(1, Ordering::Relaxed);
    let result = match crate::sandbox::read_limited(root, real, MAX_IMAGE_BYTES) {
        Ok((_, bytes)) => check_bytes(bytes, expected, shown),
        Err(crate::sandbox::ReadError::TooLarge(_)) => Err(too_many_bytes(shown, MAX_IMAGE_BYTES + 1)),
        Err(crate::sandbox::ReadError::NotAFile(kind)) => {
            Err(problem("read", format!("`{shown}` is {kind}, not a file"), "name an image file"))
        }
        Err(crate::sandbox::ReadError::Outside(to)) => Err(problem(
            "sandbox",
            format!("`{shown}` resolves to {} outside the project folder", to.display()),
            "copy the image into the project (e.g. report/figures/)",
        )),
        Err(e) => Err(problem("read", format!("cannot read `{shown}`: {e}"), "check the file's permissions")),
    };
    if let Ok(mut c) = cache().lock() {
        // A long session edits images many times: keep the cache from growing without end.
        if c.len() > 256 {
            c.clear();
        }
        c.insert(key, result.clone());
    }
    result
}

fn too_many_bytes(shown: &str, bytes: u64) -> ImageProblem {
    problem(
        "image-too-large",
        format!("`{shown}` has {bytes} bytes, more than the {} MB an image may have", MAX_IMAGE_BYTES / 1_000_000),
        "reduce the image (fewer pixels, stronger compression) before adding it",
    )
}

/// Checks an image's bytes against the format its extension promises.
pub fn check_bytes(bytes: Vec<u8>, expected: ImageFormat, shown: &str) -> Result<CheckedImage, ImageProblem> {
    match ImageFormat::sniff(&bytes) {
        Some(actual) if actual == expected => {}
        Some(actual) => {
            return Err(problem(
                "image-format",
                format!("`{shown}` is a {} image, not {} as its extension says", actual.name(), expected.name()),
                format!("rename the file to .{} (or convert it to {})", actual.extension(), expected.name()),
            ));
        }
        None => {
            return Err(problem(
                "image-format",
                format!("`{shown}` is not a {} image (its first bytes are not an image's)", expected.name()),
                "export the picture again as PNG, JPEG, GIF, WebP or SVG",
            ));
        }
    }
    let pixels = if expected == ImageFormat::Svg {
        svg::check(&bytes, shown)?;
        None
    } else {
        Some(raster::check(&bytes, expected, shown)?)
    };
    Ok(CheckedImage { format: expected, bytes: Arc::from(bytes), pixels })
}

#[cfg_attr(not(feature = "render"), allow(dead_code))]
fn corrupt(shown: &str, format: ImageFormat, why: impl std::fmt::Display) -> ImageProblem {
    problem(
        "image-corrupt",
        format!("`{shown}` is a damaged {} file: {why}", format.name()),
        "open the image in an image editor and save it again",
    )
}

#[cfg(feature = "render")]
mod raster {
    use super::*;
    use typst::foundations::{Bytes, Smart};
    use typst::visualize::{ExchangeFormat, RasterImage};

    /// Reads the size from the header, refuses more than [`MAX_PIXELS`], then decodes with
    /// Typst's memoized decoder (which the layout then reuses).
    pub(super) fn check(bytes: &[u8], format: ImageFormat, shown: &str) -> Result<(u32, u32), ImageProblem> {
        let (exchange, codec) = match format {
            ImageFormat::Png => (ExchangeFormat::Png, image::ImageFormat::Png),
            ImageFormat::Jpeg => (ExchangeFormat::Jpg, image::ImageFormat::Jpeg),
            ImageFormat::Gif => (ExchangeFormat::Gif, image::ImageFormat::Gif),
            ImageFormat::Webp => (ExchangeFormat::Webp, image::ImageFormat::WebP),
            ImageFormat::Svg => unreachable!("SVG is checked as XML"),
        };
        let (w, h) = image::ImageReader::with_format(std::io::Cursor::new(bytes), codec)
            .into_dimensions()
            .map_err(|e| corrupt(shown, format, e))?;
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(problem(
                "image-too-large",
                format!(
                    "`{shown}` has {w}×{h} pixels, more than the {} megapixels an image may have",
                    MAX_PIXELS / 1_000_000
                ),
                "scale the image down (2000 pixels across is plenty for print at A4 width)",
            ));
        }
        if w == 0 || h == 0 {
            return Err(corrupt(shown, format, "it has no pixels"));
        }
        RasterImage::new(Bytes::new(bytes.to_vec()), exchange, Smart::Auto).map_err(|e| corrupt(shown, format, e))?;
        Ok((w, h))
    }
}

#[cfg(not(feature = "render"))]
mod raster {
    use super::*;

    /// Without the renderer only the format is checked (the library without Typst).
    pub(super) fn check(_bytes: &[u8], _format: ImageFormat, _shown: &str) -> Result<(u32, u32), ImageProblem> {
        Ok((0, 0))
    }
}

#[cfg(feature = "render")]
mod svg {
    use super::*;

    /// An SVG must be well-formed, have `<svg>` at its root and stay inside itself.
    pub(super) fn check(bytes: &[u8], shown: &str) -> Result<(), ImageProblem> {
        let text = std::str::from_utf8(bytes).map_err(|_| corrupt(shown, ImageFormat::Svg, "it is not UTF-8 text"))?;
        let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
        let doc = roxmltree::Document::parse_with_options(text, options)
            .map_err(|e| corrupt(shown, ImageFormat::Svg, format!("not well-formed XML ({e})")))?;
        if doc.root_element().tag_name().name() != "svg" {
            return Err(problem(
                "image-format",
                format!(
                    "`{shown}` is not an SVG image (its root element is <{}>)",
                    doc.root_element().tag_name().name()
                ),
                "export the picture again as SVG",
            ));
        }
        let unsafe_svg = |node: roxmltree::Node, what: String| {
            let line = doc.text_pos_at(node.range().start).row;
            problem(
                "svg-unsafe",
                format!("`{shown}` line {line}: {what}"),
                "an SVG figure must be self-contained and static: remove scripts, event handlers, \
                 foreignObject and links to other files or the web (embed raster images as data: URLs)",
            )
        };
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            if matches!(name, "script" | "foreignObject" | "iframe" | "object" | "embed" | "audio" | "video") {
                return Err(unsafe_svg(node, format!("<{name}> is not allowed")));
            }
            for attr in node.attributes() {
                let (attr_name, value) = (attr.name(), attr.value().trim());
                if attr_name.len() > 2 && attr_name[..2].eq_ignore_ascii_case("on") {
                    return Err(unsafe_svg(node, format!("the event handler `{attr_name}` is not allowed")));
                }
                if attr_name == "href" && !value.starts_with('#') && !is_raster_data_url(value) {
                    return Err(unsafe_svg(node, format!("<{name}> refers to `{value}` outside the image")));
                }
                if let Some(target) = external_css_reference(value) {
                    return Err(unsafe_svg(node, format!("`{attr_name}` refers to `{target}` outside the image")));
                }
            }
            if name == "style"
                && let Some(target) = node.text().and_then(external_css_reference)
            {
                return Err(unsafe_svg(node, format!("the style sheet refers to `{target}` outside the image")));
            }
        }
        Ok(())
    }

    /// An image embedded in the SVG itself: a raster `data:` URL (a nested SVG could carry
    /// what this check refuses, so it is not one).
    fn is_raster_data_url(value: &str) -> bool {
        let v = value.trim_start().to_ascii_lowercase();
        ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"].iter().any(|p| v.starts_with(p))
    }

    /// The first `url(…)` or `@import` in CSS text that does not point inside the image.
    fn external_css_reference(css: &str) -> Option<String> {
        let lower = css.to_ascii_lowercase();
        if let Some(at) = lower.find("@import") {
            return Some(css[at..].chars().take(60).collect());
        }
        let mut rest = lower.as_str();
        let mut offset = 0;
        while let Some(at) = rest.find("url(") {
            let start = offset + at + 4;
            let target = css[start..].split(')').next().unwrap_or("").trim().trim_matches(['"', '\'']);
            if !target.starts_with('#') && !is_raster_data_url(target) {
                return Some(target.chars().take(60).collect());
            }
            offset = start;
            rest = &lower[start..];
        }
        None
    }
}

#[cfg(not(feature = "render"))]
mod svg {
    use super::*;

    pub(super) fn check(_bytes: &[u8], _shown: &str) -> Result<(), ImageProblem> {
        Ok(())
    }
}

#[cfg(all(test, feature = "render"))]
mod tests {
    use super::*;

    fn svg(body: &str) -> Result<CheckedImage, ImageProblem> {
        let text = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"4\" height=\"4\">{body}</svg>"
        );
        check_bytes(text.into_bytes(), ImageFormat::Svg, "t.svg")
    }

    #[test]
    fn svg_that_reaches_outside_or_runs_code_is_refused() {
        for body in [
            "<script>alert(1)</script>",
            "<rect width=\"4\" height=\"4\" onclick=\"x()\"/>",
            "<foreignObject><p>x</p></foreignObject>",
            "<image href=\"https://example.com/a.png\" width=\"4\" height=\"4\"/>",
            "<image xlink:href=\"../../etc/a.png\" width=\"4\" height=\"4\"/>",
            "<use href=\"other.svg#a\"/>",
            "<rect width=\"4\" height=\"4\" style=\"fill: url(https://example.com/p.svg#g)\"/>",
            "<style>@import url(\"https://example.com/a.css\");</style>",
            "<image href=\"data:image/svg+xml;base64,PHN2Zy8+\" width=\"4\" height=\"4\"/>",
        ] {
            let problem = svg(body).expect_err(body);
            assert_eq!(problem.code, "svg-unsafe", "{body}: {problem:?}");
        }
    }

    #[test]
    fn self_contained_svg_is_accepted() {
        for body in [
            "<defs><linearGradient id=\"g\"/></defs><rect width=\"4\" height=\"4\" fill=\"url(#g)\"/>",
            "<rect id=\"r\" width=\"4\" height=\"4\"/><use href=\"#r\"/>",
            "<image href=\"data:image/png;base64,iVBORw0KGgo=\" width=\"4\" height=\"4\"/>",
        ] {
            assert!(svg(body).is_ok(), "{body}");
        }
    }

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(ImageFormat::sniff(b"\x89PNG\r\n\x1a\n...."), Some(ImageFormat::Png));
        assert_eq!(ImageFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ImageFormat::Jpeg));
        assert_eq!(ImageFormat::sniff(b"GIF89a.."), Some(ImageFormat::Gif));
        assert_eq!(ImageFormat::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageFormat::Webp));
        assert_eq!(ImageFormat::sniff(b"\xEF\xBB\xBF  <svg>"), Some(ImageFormat::Svg));
        assert_eq!(ImageFormat::sniff(b"%PDF-1.7"), None);
        assert_eq!(ImageFormat::from_extension("JPEG"), Some(ImageFormat::Jpeg));
        assert_eq!(ImageFormat::from_extension("bmp"), None);
    }
}
