//! An XML writer that escapes by construction: element and attribute names are our own
//! constants, and every string from the document goes through quick-xml's escaping as text or
//! as an attribute value. Characters XML 1.0 cannot carry at all (C0 controls other than
//! tab/newline, U+FFFE/U+FFFF) are replaced with U+FFFD so the output stays well-formed.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

pub struct Xml {
    w: Writer<Vec<u8>>,
}

/// Replaces characters that are not allowed in XML 1.0 documents.
pub fn xml_safe(s: &str) -> Cow<'_, str> {
    let bad =
        |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if s.chars().any(bad) {
        Cow::Owned(s.chars().map(|c| if bad(c) { '\u{FFFD}' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

impl Default for Xml {
    fn default() -> Self {
        Self::new()
    }
}

impl Xml {
    /// A document starting with the XML declaration.
    pub fn new() -> Self {
        let mut w = Writer::new(Vec::new());
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).expect("writing to memory");
        w.get_mut().push(b'\n');
        Self { w }
    }

    pub fn raw_line(&mut self, line: &str) {
        self.w.get_mut().extend_from_slice(line.as_bytes());
        self.w.get_mut().push(b'\n');
    }

    fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            start.push_attribute((*k, xml_safe(v).as_ref()));
        }
        start
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.w.write_event(Event::Start(Self::element(name, attrs))).expect("writing to memory");
    }

    pub fn close(&mut self, name: &str) {
        self.w.write_event(Event::End(BytesEnd::new(name))).expect("writing to memory");
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.w.write_event(Event::Empty(Self::element(name, attrs))).expect("writing to memory");
    }

    pub fn text(&mut self, text: &str) {
        self.w.write_event(Event::Text(BytesText::new(&xml_safe(text)))).expect("writing to memory");
    }

    /// `<name attrs>text</name>`.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    pub fn newline(&mut self) {
        self.w.get_mut().push(b'\n');
    }

    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.w.into_inner();
        if bytes.last() != Some(&b'\n') {
            bytes.push(b'\n');
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::new();
        x.open("p", &[("title", "\"><script>")]);
        x.text("</p><script>alert(1)</script> & ]]> \u{1}");
        x.close("p");
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(s.contains("&lt;/p&gt;&lt;script&gt;"), "{s}");
        assert!(s.contains("title=\"&quot;&gt;&lt;script&gt;\""), "{s}");
        assert!(s.contains("]]&gt;"));
        assert!(s.contains('\u{FFFD}'));
        assert!(!s.contains("<script>"));
    }

    #[test]
    fn a_document_is_the_declaration_its_raw_lines_and_one_final_newline() {
        let mut x = Xml::new();
        x.raw_line("<!DOCTYPE html>");
        x.open("a", &[]);
        x.newline();
        x.close("a");
        let s = String::from_utf8(x.finish()).unwrap();
        assert_eq!(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<a>\n</a>\n");
        // A document that already ends with a newline gets no second one.
        let mut x = Xml::new();
        x.leaf("b", &[], "t");
        x.newline();
        assert_eq!(String::from_utf8(x.finish()).unwrap(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<b>t</b>\n");
    }
}
