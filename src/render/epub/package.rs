//! The package document (OPF): metadata (with EPUB Accessibility 1.1), manifest and spine.

use super::Part;
use crate::document::*;
use crate::model::WritingMode;
use crate::render::xhtml::Xml;

pub(super) fn package_document(doc: &Document, parts: &[Part]) -> Vec<u8> {
    let meta = &doc.meta;
    let mut x = Xml::new();
    let dir = "ltr";
    x.open(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", "pub-id"),
            ("xml:lang", &meta.language),
            ("dir", dir),
        ],
    );
    x.newline();
    metadata(&mut x, meta, doc.incident.marking.as_ref());
    manifest(&mut x, parts, &doc.assets);
    spine(&mut x, meta, parts);
    x.close("package");
    x.finish()
}

/// Dublin Core metadata, the modification date, the print edition, and accessibility.
fn metadata(x: &mut Xml, meta: &Meta, marking: Option<&Marking>) {
    x.open("metadata", &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")]);
    x.newline();
    x.leaf("dc:identifier", &[("id", "pub-id")], &meta.identifier);
    x.leaf("dc:title", &[("id", "title")], &meta.title);
    x.leaf("dc:language", &[], &meta.language);
    // Authors, editors and compilers are creators; everyone else a contributor. Each with
    // the MARC relator code of its role.
    for (i, credit) in meta.credits.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        let element = if credit.creator { "dc:creator" } else { "dc:contributor" };
        x.leaf(element, &[("id", &id)], &credit.name);
        x.leaf(
            "meta",
            &[("refines", &format!("#{id}")), ("property", "role"), ("scheme", "marc:relators")],
            &credit.marc_relator,
        );
    }
    x.leaf("dc:publisher", &[], &meta.publisher);
    x.leaf("dc:date", &[], &meta.date_iso);
    if let Some(r) = &meta.rights {
        x.leaf("dc:rights", &[], r);
    }
    if let Some(d) = &meta.description {
        x.leaf("dc:description", &[], d);
    }
    x.leaf("meta", &[("property", "dcterms:modified")], &meta.modified);
    if let Some(marking) = marking {
        x.leaf("meta", &[("property", "dcterms:accessRights")], &marking.text);
    }
    x.leaf("meta", &[("property", "pageBreakSource")], &format!("{}:pdf", meta.identifier));
    x.newline();
    accessibility(x, meta);
    x.close("metadata");
    x.newline();
}

/// EPUB Accessibility 1.1 metadata.
fn accessibility(x: &mut Xml, meta: &Meta) {
    // EPUB Accessibility 1.1, derived from what the book contains: text only, no images,
    // no media; navigation by toc, headings and print page numbers; ruby where the text has it.
    let ruby = meta.has_ruby.then_some(("schema:accessibilityFeature", "rubyAnnotations"));
    // Figures add the visual access mode; their alternative text keeps the text sufficient.
    let visual = meta.has_images.then_some(("schema:accessMode", "visual"));
    let visual_sufficient = meta.has_images.then_some(("schema:accessModeSufficient", "textual,visual"));
    let alt = meta.has_images.then_some(("schema:accessibilityFeature", "alternativeText"));
    for (property, value) in [("schema:accessMode", "textual")]
        .into_iter()
        .chain(visual)
        .chain([("schema:accessModeSufficient", "textual")])
        .chain(visual_sufficient)
        .chain([
            ("schema:accessibilityFeature", "tableOfContents"),
            ("schema:accessibilityFeature", "structuralNavigation"),
            ("schema:accessibilityFeature", "readingOrder"),
            ("schema:accessibilityFeature", "printPageNumbers"),
            ("schema:accessibilityFeature", "pageNavigation"),
            ("schema:accessibilityFeature", "displayTransformability"),
        ])
        .chain(alt)
        .chain(ruby)
        .chain([
            ("schema:accessibilityHazard", "none"),
            ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
        ])
    {
        x.leaf("meta", &[("property", property)], value);
    }
    x.leaf("meta", &[("property", "schema:accessibilitySummary")], &meta.accessibility_summary);
    x.newline();
}

/// Every file of the book with its media type (the figures' images too).
fn manifest(x: &mut Xml, parts: &[Part], assets: &[Asset]) {
    x.open("manifest", &[]);
    x.newline();
    x.empty(
        "item",
        &[("id", "nav"), ("href", "nav.xhtml"), ("media-type", "application/xhtml+xml"), ("properties", "nav")],
    );
    x.empty("item", &[("id", "ncx"), ("href", "toc.ncx"), ("media-type", "application/x-dtbncx+xml")]);
    x.empty("item", &[("id", "css"), ("href", "book.css"), ("media-type", "text/css")]);
    for part in parts {
        let id = part.file.trim_end_matches(".xhtml");
        let mut attrs = vec![("id", id), ("href", part.file.as_str()), ("media-type", "application/xhtml+xml")];
        // A document with inline SVG (the timeline figure) declares it.
        if part.body.windows(5).any(|w| w == b"<svg ") {
            attrs.push(("properties", "svg"));
        }
        x.empty("item", &attrs);
        x.newline();
    }
    for (i, asset) in assets.iter().enumerate() {
        let id = format!("img-{}", i + 1);
        x.empty("item", &[("id", &id), ("href", &asset.href), ("media-type", &asset.media_type)]);
        x.newline();
    }
    x.close("manifest");
    x.newline();
}

/// Reading order: cover, contents, then the content documents.
fn spine(x: &mut Xml, meta: &Meta, parts: &[Part]) {
    let progression = if meta.writing_mode == WritingMode::Vertical { "rtl" } else { "ltr" };
    x.open("spine", &[("toc", "ncx"), ("page-progression-direction", progression)]);
    x.newline();
    // The cover and the summary page come before the table of contents, as in the PDF.
    let front = parts.iter().take_while(|p| p.file == "cover.xhtml" || p.file == "summary.xhtml").count();
    for part in &parts[..front] {
        x.empty("itemref", &[("idref", part.file.trim_end_matches(".xhtml"))]);
    }
    x.empty("itemref", &[("idref", "nav")]);
    for part in parts.iter().skip(front) {
        x.empty("itemref", &[("idref", part.file.trim_end_matches(".xhtml"))]);
        x.newline();
    }
    x.close("spine");
    x.newline();
}
