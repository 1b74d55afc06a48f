//! Reading the outputs back the way a reader's tools see them: the PDF's text (pdf-extract)
//! and links (lopdf), the EPUB's entries (zip) and the text of its XHTML (quick-xml). Every
//! test reads outputs through here, so a reading mistake is fixed once.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The text of a PDF, all pages.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pdf_extract::extract_text_from_mem(&bytes).unwrap()
}

/// The text of each page of a PDF.
pub fn pdf_pages(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap()
}

/// Every entry of an EPUB (a zip), by name, as bytes.
pub fn epub_entries(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

/// The text entries of an EPUB (XHTML, OPF, NCX, CSS, mimetype), by name; images left out.
pub fn epub_texts(path: &Path) -> BTreeMap<String, String> {
    epub_entries(path).into_iter().filter_map(|(name, bytes)| Some((name, String::from_utf8(bytes).ok()?))).collect()
}

/// One entry of an EPUB as text.
pub fn epub_text(path: &Path, name: &str) -> String {
    String::from_utf8(epub_entry(path, name)).unwrap()
}

/// One entry of an EPUB as bytes.
pub fn epub_entry(path: &Path, name: &str) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut bytes = Vec::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_end(&mut bytes).unwrap();
    bytes
}

/// A text with all whitespace removed: PDF text extraction breaks lines and spaces where the
/// layout does, so PDF and EPUB text are compared squashed.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The character content of a fragment of XML: tags dropped, the five predefined entities
/// and character references decoded. A fragment may start or end inside an element.
pub fn xml_text(xml: &str) -> String {
    character_content(xml, false)
}

/// The character content of a whole XHTML document, which must be well-formed (end tags
/// matching their start tags).
pub fn xhtml_text(xml: &str) -> String {
    character_content(xml, true)
}

fn character_content(xml: &str, whole_document: bool) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = whole_document;
    reader.config_mut().allow_unmatched_ends = !whole_document;
    let mut out = String::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Text(t)) => out.push_str(&t.decode().unwrap()),
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                if let Some(c) = r.resolve_char_ref().unwrap() {
                    out.push(c);
                    continue;
                }
                out.push_str(match r.decode().unwrap().as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("entity &{other}; (XHTML in an EPUB has only the five XML ones)"),
                })
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML: {e}"),
        }
    }
    out
}

/// Where the PDF's internal links go: the page (1-based) of each named destination (Typst
/// writes one per linked label, named after it) and of each link annotation on a page.
pub struct PdfLinks {
    pdf: lopdf::Document,
    page_numbers: BTreeMap<lopdf::ObjectId, usize>,
    named: BTreeMap<Vec<u8>, lopdf::Object>,
}

impl PdfLinks {
    pub fn new(bytes: &[u8]) -> PdfLinks {
        let pdf = lopdf::Document::load_mem(bytes).unwrap();
        let page_numbers = pdf.get_pages().into_iter().map(|(number, id)| (id, number as usize)).collect();
        let mut links = PdfLinks { pdf, page_numbers, named: BTreeMap::new() };
        let names = links.deref(links.pdf.catalog().unwrap().get(b"Names").expect("named destinations"));
        let dests = links.deref(names.as_dict().unwrap().get(b"Dests").unwrap());
        let list = links.deref(dests.as_dict().unwrap().get(b"Names").unwrap());
        for pair in list.as_array().unwrap().chunks(2) {
            let dest = links.deref(&pair[1]);
            links.named.insert(pair[0].as_str().unwrap().to_vec(), dest);
        }
        links
    }

    fn deref(&self, o: &lopdf::Object) -> lopdf::Object {
        match o {
            lopdf::Object::Reference(id) => self.pdf.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    }

    /// The page an explicit or named destination points at.
    fn dest_page(&self, dest: &lopdf::Object) -> usize {
        let dest = match self.deref(dest) {
            lopdf::Object::String(name, _) => self.named[&name].clone(),
            dest => dest,
        };
        self.page_numbers[&dest.as_array().unwrap()[0].as_reference().unwrap()]
    }

    /// The page of a named destination (a label the document links to).
    pub fn named_page(&self, name: &str) -> usize {
        self.dest_page(&lopdf::Object::string_literal(name))
    }

    /// The pages the link annotations on `page` (1-based) jump to.
    pub fn targets_from(&self, page: usize) -> Vec<usize> {
        let id = self.pdf.get_pages()[&(page as u32)];
        let Ok(annots) = self.pdf.get_dictionary(id).unwrap().get(b"Annots") else { return Vec::new() };
        let annots = self.deref(annots).as_array().unwrap().clone();
        annots
            .iter()
            .filter_map(|a| self.deref(a).as_dict().unwrap().get(b"Dest").ok().map(|d| self.dest_page(d)))
            .collect()
    }
}
