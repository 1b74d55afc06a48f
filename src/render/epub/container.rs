//! The OCF container: `META-INF/container.xml` and the zip, `mimetype` first and stored, then
//! a fixed order and fixed timestamps, so that the same input gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::Part;
use crate::document::*;

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

/// The OCF zip: `mimetype` first and stored, then a fixed order, fixed timestamps.
pub(super) fn package(doc: &Document, opf: &[u8], nav: &[u8], ncx: &[u8], css: &str, parts: &[Part]) -> Vec<u8> {
    let m = &doc.meta.modified;
    let n = |r: std::ops::Range<usize>| m.get(r).and_then(|s| s.parse::<u16>().ok()).unwrap_or(0);
    // Zip timestamps cannot go below 1980.
    let time = DateTime::from_date_and_time(
        n(0..4).max(1980),
        n(5..7).max(1) as u8,
        n(8..10).max(1) as u8,
        n(11..13) as u8,
        n(14..16) as u8,
        n(17..19) as u8,
    )
    .unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let mut add = |name: &str, bytes: &[u8], options: SimpleFileOptions| {
        zip.start_file(name, options).expect("zip in memory");
        zip.write_all(bytes).expect("zip in memory");
    };
    add("mimetype", b"application/epub+zip", stored);
    add("META-INF/container.xml", CONTAINER.as_bytes(), deflated);
    add("EPUB/package.opf", opf, deflated);
    add("EPUB/nav.xhtml", nav, deflated);
    add("EPUB/toc.ncx", ncx, deflated);
    add("EPUB/book.css", css.as_bytes(), deflated);
    for part in parts {
        add(&format!("EPUB/{}", part.file), &part.body, deflated);
    }
    // Images: PNG, JPEG, GIF and WebP are compressed already (stored); SVG is text.
    for asset in &doc.assets {
        let options = if asset.media_type == "image/svg+xml" { deflated } else { stored };
        add(&format!("EPUB/{}", asset.href), &asset.bytes, options);
    }
    zip.finish().expect("zip in memory").into_inner()
}
