//! The look-up parts as a reader meets them, in both outputs: the timeline figure (marks,
//! labels, links, alternative text, geometry), the glossary (entries, order, first-use links)
//! and the index of actors (entries, order, links; in the PDF the page numbers the layout
//! gave). Two reports: the `lookup` fixture (English, 2017–2020, month-precision dates and a
//! range, declarations with an undeclared name and an unused term) and AI-900. Expected values
//! are written out here from the fixtures' TOML, or read from the TOML files directly.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use casebook::project::Project;

struct Built {
    pdf: Vec<u8>,
    pages: Vec<String>,
    epub: BTreeMap<String, String>,
    doc: casebook::document::Document,
    _dir: tempfile::TempDir,
}

fn build(project: &Path, id: &str) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = bin().args(["build", "-q", "--out"]).arg(dir.path()).arg(project).output().unwrap();
    assert!(out.status.success(), "build failed: {}", stderr(&out));
    let pdf_path = dir.path().join(format!("{id}.pdf"));
    let pdf = std::fs::read(&pdf_path).unwrap();
    let pages = pdf_pages(&pdf_path).iter().map(|p| squash(p)).collect();
    let epub = epub_texts(&dir.path().join(format!("{id}.epub")));
    let doc = casebook::build::check(&Project::open(project).unwrap(), &Default::default()).document.unwrap();
    Built { pdf, pages, epub, doc, _dir: dir }
}

fn fixture() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(&fixtures().join("lookup"), "northwind-breach"))
}

fn ai900() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(&repo(), "ai-900"))
}

/// Every `<tag attr="…">…</tag>` (not nested in itself) of `xml` as (attribute value, text).
fn elements(xml: &str, tag: &str, attr: &str) -> Vec<(String, String)> {
    xml.split(&format!("<{tag} "))
        .skip(1)
        .map(|rest| {
            let (head, body) = rest.split_once('>').unwrap();
            let value = head.split(&format!("{attr}=\"")).nth(1).map(|v| v.split('"').next().unwrap().to_string());
            let body = body.split(&format!("</{tag}>")).next().unwrap();
            (value.unwrap_or_default(), xml_text(body))
        })
        .collect()
}

/// The PDF's link annotations and named destinations.
struct Links {
    pdf: lopdf::Document,
    pages: BTreeMap<lopdf::ObjectId, usize>,
    named: BTreeMap<Vec<u8>, lopdf::Object>,
}

impl Links {
    fn new(bytes: &[u8]) -> Links {
        let pdf = lopdf::Document::load_mem(bytes).unwrap();
        let pages = pdf.get_pages().into_iter().map(|(n, id)| (id, n as usize)).collect();
        let mut l = Links { pdf, pages, named: BTreeMap::new() };
        let names = l.deref(l.pdf.catalog().unwrap().get(b"Names").unwrap());
        let dests = l.deref(names.as_dict().unwrap().get(b"Dests").unwrap());
        let list = l.deref(dests.as_dict().unwrap().get(b"Names").unwrap());
        for pair in list.as_array().unwrap().chunks(2) {
            let dest = l.deref(&pair[1]);
            l.named.insert(pair[0].as_str().unwrap().to_vec(), dest);
        }
        l
    }

    fn deref(&self, o: &lopdf::Object) -> lopdf::Object {
        match o {
            lopdf::Object::Reference(id) => self.pdf.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    }

    /// The page the named destination `name` (Typst names one per linked label) points at.
    fn page_of(&self, name: &str) -> usize {
        let dest = &self.named[name.as_bytes()];
        self.pages[&dest.as_array().unwrap()[0].as_reference().unwrap()]
    }

    /// The destinations of the link annotations of `page`, in order, repeats folded: a name
    /// (Typst names the destinations of outlined headings) or the page and height jumped to.
    fn dests_from(&self, page: usize) -> Vec<Dest> {
        let id = self.pdf.get_pages()[&(page as u32)];
        let Ok(annots) = self.pdf.get_dictionary(id).unwrap().get(b"Annots") else { return Vec::new() };
        let mut dests: Vec<Dest> = Vec::new();
        for a in self.deref(annots).as_array().unwrap() {
            let a = self.deref(a);
            let Ok(dest) = a.as_dict().unwrap().get(b"Dest") else { continue };
            let dest = match self.deref(dest) {
                lopdf::Object::String(name, _) => Dest::Named(String::from_utf8(name).unwrap()),
                lopdf::Object::Array(a) => {
                    let y = match &a[3] {
                        lopdf::Object::Real(r) => *r as i64,
                        lopdf::Object::Integer(i) => *i,
                        _ => 0,
                    };
                    Dest::At(self.pages[&a[0].as_reference().unwrap()], y)
                }
                other => panic!("unexpected destination {other:?}"),
            };
            if dests.last() != Some(&dest) {
                dests.push(dest);
            }
        }
        dests
    }

    fn names_from(&self, page: usize) -> Vec<String> {
        self.dests_from(page)
            .into_iter()
            .map(|d| match d {
                Dest::Named(n) => n,
                Dest::At(..) => String::new(),
            })
            .collect()
    }

    /// The alternative texts of the structure tree's figures.
    fn figure_alts(&self) -> Vec<String> {
        let mut alts = Vec::new();
        for object in self.pdf.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            let is_figure = dict.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Figure".as_slice());
            if let (true, Ok(lopdf::Object::String(bytes, _))) = (is_figure, dict.get(b"Alt")) {
                alts.push(pdf_string(bytes));
            }
        }
        alts
    }
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
enum Dest {
    Named(String),
    At(usize, i64),
}

fn pdf_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).unwrap()
    } else {
        bytes.iter().map(|b| *b as char).collect()
    }
}

/// The fixture's events in date order, as its chapter files say (anchor, title).
const FIXTURE_TIMELINE: [(&str, &str); 8] = [
    ("ev-phishing", "Phishing mails reach the finance team"),
    ("ev-vpn-login", "First login through the VPN with stolen credentials"),
    ("ev-exfiltration", "Customer records copied out over four months"),
    ("ev-sale", "Records offered for sale"),
    ("ev-notice", "Northwind notifies its customers"),
    ("ev-press", "The press reports the breach"),
    ("ev-fine", "The regulator fines Northwind"),
    ("ev-audit-published", "The audit is published"),
];

/// AI-900's events in date order (ties in reading order), read from its chapter files.
fn ai900_timeline() -> Vec<(String, String)> {
    let report: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo().join("report/report.toml")).unwrap()).unwrap();
    let mut events = Vec::new();
    for name in report["chapters"].as_array().unwrap() {
        let path = repo().join(format!("report/chapters/{}.toml", name.as_str().unwrap()));
        let chapter: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for ev in chapter["event"].as_array().unwrap() {
            let (id, date, title) =
                (ev["id"].as_str().unwrap(), ev["date"].as_str().unwrap(), ev["title"].as_str().unwrap());
            events.push((date.to_string(), format!("ev-{id}"), title.to_string()));
        }
    }
    events.sort_by(|a, b| a.0.cmp(&b.0)); // full dates: string order is date order; stable
    events.into_iter().map(|(_, anchor, title)| (anchor, title)).collect()
}

/// One mark per event in date order, each linking to its event, with the same labels in the
/// PDF and the EPUB's SVG; the alternative text is present in both.
fn check_timeline(b: &Built, expected: &[(String, String)], alt_has: &[&str]) {
    // EPUB: the SVG inside the chronology document.
    let chronology = &b.epub["EPUB/chronology.xhtml"];
    let svg = &chronology[chronology.find("<svg ").expect("an inline SVG")..chronology.find("</svg>").unwrap()];
    let marks = elements(svg, "a", "xlink:href");
    assert_eq!(marks.len(), expected.len(), "one mark per event");
    for ((href, label), (anchor, title)) in marks.iter().zip(expected) {
        let (file, id) = href.split_once('#').unwrap();
        assert_eq!(id, anchor, "marks in date order");
        assert!(b.epub[&format!("EPUB/{file}")].contains(&format!("id=\"{id}\"")), "{href} has no target");
        assert_eq!(squash(label), squash(title), "the EPUB label of {anchor}");
    }
    let alt = svg.split("aria-label=\"").nth(1).expect("the SVG's alternative text").split('"').next().unwrap();
    let alt = xml_text(&format!("<x>{alt}</x>"));
    for part in alt_has {
        assert!(alt.contains(part), "alt text {alt:?} lacks {part:?}");
    }
    assert!(chronology.contains("<a href=\"#chronology-table\">"), "caption links to the long description");
    assert!(chronology.contains("<div id=\"chronology-table\">"));
    assert!(
        b.epub["EPUB/package.opf"]
            .contains("href=\"chronology.xhtml\" media-type=\"application/xhtml+xml\" properties=\"svg\"")
    );

    // PDF: the page with the figure, its link annotations before the caption's, its text.
    let links = Links::new(&b.pdf);
    // The figure follows the chronology's heading; its marks are the page's first links, the
    // caption's link to the table (not an outlined heading, so not named) comes next.
    let page = links.page_of("chronology");
    let names = links.names_from(page);
    let caption = names.iter().position(|n| !n.starts_with("ev-")).expect("the caption links to the table");
    let anchors: Vec<&str> = expected.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        names[..caption].iter().map(String::as_str).collect::<Vec<_>>(),
        anchors,
        "PDF marks link in date order"
    );
    for (anchor, _) in expected {
        assert!(links.page_of(anchor) < page, "{anchor} is a heading before the chronology");
    }
    let text = &b.pages[page - 1];
    let mut cursor = 0;
    for (_, title) in expected {
        let at = text[cursor..]
            .find(&squash(title))
            .unwrap_or_else(|| panic!("PDF label {title:?} missing or out of order"));
        cursor += at + squash(title).len();
    }
    let alts = links.figure_alts();
    assert!(alts.iter().any(|a| a == &alt), "PDF figure alt {alts:?} is not the SVG's {alt:?}");
}

#[test]
fn fixture_timeline_marks_match_in_both_outputs() {
    let expected: Vec<(String, String)> =
        FIXTURE_TIMELINE.iter().map(|(a, t)| (a.to_string(), t.to_string())).collect();
    check_timeline(fixture(), &expected, &[]);
    let alt = &fixture().doc.timeline.as_ref().unwrap().alt;
    assert_eq!(
        alt,
        "A timeline of 8 events from March 2017 to 15 July 2020, in 3 phases: Chapter 1: Compromise; Chapter 2: Disclosure; Chapter 3: Aftermath."
    );
}

#[test]
fn ai900_timeline_marks_match_in_both_outputs() {
    check_timeline(ai900(), &ai900_timeline(), &["2015年3月11日", "2015年9月25日", "12件", "4つの段階"]);
}

/// The multi-year fixture: no two label boxes intersect, marks run left to right in date
/// order, months and the range are spans, and the two quiet stretches (October 2017 – August
/// 2019, December 2019 – May 2020) are compressed behind breaks.
#[test]
fn multi_year_timeline_geometry_has_no_overlapping_labels() {
    let t = fixture().doc.timeline.as_ref().unwrap();
    assert_eq!(t.marks.len(), 8);
    for (i, a) in t.marks.iter().enumerate() {
        assert!(a.label_x >= 0.0 && a.label_x + a.label_width <= t.width, "{} leaves the figure", a.label);
        assert!(a.label_y > t.axis_y && a.label_y + a.label_height <= t.height, "{} is not under the axis", a.label);
        assert!(t.axis_x0 <= a.x0 && a.x1 <= t.axis_x1);
        for b in &t.marks[i + 1..] {
            let apart = a.label_x + a.label_width <= b.label_x
                || b.label_x + b.label_width <= a.label_x
                || a.label_y + a.label_height <= b.label_y
                || b.label_y + b.label_height <= a.label_y;
            assert!(apart, "labels {:?} and {:?} overlap", a.label, b.label);
        }
    }
    let x: Vec<f64> = t.marks.iter().map(|m| m.x0).collect();
    assert!(x.windows(2).all(|w| w[0] < w[1]), "marks not left to right: {x:?}");
    let spans: Vec<bool> = t.marks.iter().map(|m| m.span).collect();
    assert_eq!(spans, [true, false, true, true, false, false, true, false]);
    assert_eq!(t.breaks.len(), 2);
    assert!(t.breaks[0].x > t.marks[2].x1 && t.breaks[0].x < t.marks[3].x0);
    assert!(t.breaks[1].x > t.marks[5].x0 && t.breaks[1].x < t.marks[6].x0);
    assert_eq!(t.lanes.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(), ["Chapter 1", "Chapter 2", "Chapter 3"]);
}

#[test]
fn timeline_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("lookup"), dir.path());
    let report = dir.path().join("report/report.toml");
    let text = std::fs::read_to_string(&report).unwrap() + "\n[output]\ntimeline = false\n";
    std::fs::write(&report, text).unwrap();
    let doc = casebook::build::check(&Project::open(dir.path()).unwrap(), &Default::default()).document.unwrap();
    assert!(doc.timeline.is_none());
}

/// Glossary: sorted alphabetically without case; the first use in each chapter links to the
/// entry, later uses in the chapter do not; a second spelling (`forms`) links too.
#[test]
fn glossary_entries_order_and_first_use_links() {
    let b = fixture();
    let glossary = &b.epub["EPUB/glossary.xhtml"];
    let terms: Vec<String> = elements(glossary, "dt", "id").into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        terms,
        ["data broker", "MFA(multi-factor authentication)", "phishing", "VPN(virtual private network)"]
            .map(|s| s.replace('(', " ("))
    );
    let ids: Vec<String> = elements(glossary, "dt", "id").into_iter().map(|(id, _)| id).collect();
    // Anchors follow glossary.toml's order: VPN, MFA, phishing, data broker.
    assert_eq!(ids, ["term-4", "term-2", "term-3", "term-1"]);
    let links_to = |file: &str, id: &str| -> Vec<String> {
        elements(&b.epub[&format!("EPUB/{file}")], "a", "href")
            .into_iter()
            .filter(|(href, _)| href == &format!("glossary.xhtml#{id}"))
            .map(|(_, text)| text)
            .collect()
    };
    assert_eq!(links_to("ch01.xhtml", "term-1"), ["VPN"], "VPN once in chapter 1 (used twice)");
    assert_eq!(links_to("ch01.xhtml", "term-3"), ["phishing"]);
    assert_eq!(links_to("ch02.xhtml", "term-1"), Vec::<String>::new());
    assert_eq!(links_to("ch03.xhtml", "term-1"), ["VPN"]);
    assert_eq!(links_to("ch03.xhtml", "term-2"), ["second factor"], "the first use of MFA in chapter 3 is a form");

    // PDF: the same order on the glossary page, and the same links (chapter 1 and 3 to VPN).
    let links = Links::new(&b.pdf);
    let page = links.page_of("glossary");
    let text = &b.pages[page - 1];
    let order: Vec<usize> = ["databroker", "MFA", "phishing", "VPN"].iter().map(|t| text.find(t).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "PDF glossary order: {text}");
    // Links into the glossary page: VPN and phishing from chapter 1, VPN and MFA from chapter 3
    // (entries are not outlined, so their destinations are a page and a height).
    let mut into: Vec<(usize, i64)> = Vec::new();
    for p in (1..page).filter(|p| *p != page) {
        for d in links.dests_from(p) {
            if let Dest::At(to, y) = d
                && to == page
                && !into.contains(&(p, y))
            {
                into.push((p, y));
            }
        }
    }
    assert_eq!(into.len(), 4, "{into:?}");
    let mut ys: Vec<i64> = into.iter().map(|d| d.1).collect();
    ys.sort();
    ys.dedup();
    assert_eq!(ys.len(), 3, "VPN, phishing and MFA: {into:?}");
}

/// The index of actors: declared names merged (`Northwind` and `Northwind Ltd`), undeclared
/// names kept, sorted without case (The Daily Example by its reading); every event listed links
/// to it in the EPUB, and in the PDF shows the page where the event's heading is.
#[test]
fn actor_index_entries_order_links_and_pages() {
    let b = fixture();
    let index = &b.epub["EPUB/actors.xhtml"];
    let names: Vec<String> =
        elements(index, "span", "class").into_iter().filter(|(c, _)| c == "actor-name").map(|(_, t)| t).collect();
    assert_eq!(
        names,
        [
            "a data broker",
            "The Daily Example",
            "Example Auditors",
            "Information Commissioner’s Office (ICO)",
            "Northwind Ltd (Northwind)",
            "the ICO",
            "unknown attackers"
        ]
    );
    let northwind = index.split("Northwind Ltd (Northwind)").nth(1).unwrap().split("</ul>").next().unwrap();
    let hrefs: Vec<String> = elements(northwind, "a", "href").into_iter().map(|(h, _)| h).collect();
    assert_eq!(
        hrefs,
        [
            "ch01.xhtml#ev-phishing",
            "ch01.xhtml#ev-exfiltration",
            "ch02.xhtml#ev-notice",
            "ch03.xhtml#ev-audit-published"
        ]
    );
    check_index_pages(b);
}

#[test]
fn ai900_actor_index_merges_declared_names_and_sorts_by_reading() {
    let b = ai900();
    let index = &b.epub["EPUB/actors.xhtml"];
    let names: Vec<String> =
        elements(index, "span", "class").into_iter().filter(|(c, _)| c == "actor-name").map(|(_, t)| t).collect();
    // report/actors.toml's readings in gojūon order: え… お さ… そ た(だ) たか つ に(し) に(っ) ね ひ よ れ.
    assert_eq!(
        names,
        [
            "AI900の製造元",
            "AI900の利用者（一部の顧客）",
            "沖縄タイムス社",
            "総務省",
            "第三者機関",
            "高市総務大臣",
            "通信キャリア",
            "西日本電信電話株式会社（NTT西日本）",
            "日本放送協会（NHK）",
            "ネットエージェント株式会社",
            "東日本電信電話株式会社（NTT東日本）",
            "読売新聞社",
            "レカム株式会社（レカム）",
        ]
    );
    check_index_pages(b);
}

/// Every event row of the PDF's index shows, right after its label, the page of the event's
/// heading (its named destination), and links there.
fn check_index_pages(b: &Built) {
    let links = Links::new(&b.pdf);
    let index = b.doc.actor_index.as_ref().unwrap();
    let first = links.page_of(&index.anchor);
    let text: String = b.pages[first - 1..].concat();
    let mut rows = 0;
    for entry in &index.entries {
        let mut block = squash(&entry.title) + &squash(entry.role.as_deref().unwrap_or(""));
        for ev in &entry.events {
            block += &squash(&ev.label);
            block += &links.page_of(&ev.anchor).to_string();
            rows += 1;
        }
        assert!(text.contains(&block), "index entry {block:?} not found in {text}");
    }
    let linked: std::collections::BTreeSet<String> =
        (first..=b.pages.len()).flat_map(|p| links.names_from(p)).filter(|n| n.starts_with("ev-")).collect();
    let listed: std::collections::BTreeSet<String> =
        index.entries.iter().flat_map(|e| e.events.iter().map(|ev| ev.anchor.clone())).collect();
    assert_eq!(linked, listed, "every index row links to its event");
    assert!(rows >= 8);
}

#[test]
fn lookup_warnings_are_located() {
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(fixtures().join("lookup")).output().unwrap();
    let err = stderr(&out) + &stdout(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("report/chapters/02-disclosure.toml:15:28: warning[undeclared-actor]: actor `the ICO` is not declared; did you mean `ICO`?"), "{err}");
    assert!(
        err.contains("report/glossary.toml:17:8: warning[unused-term]: the term `data broker` is never used"),
        "{err}"
    );
    assert!(err.contains("warning[undeclared-actor]: actor `a data broker` is not declared"), "{err}");
}

/// A figure taller than a page cannot be read: sixty chapters (sixty lanes) leave it out with a
/// located warning, and the rest of the report builds.
#[test]
fn a_timeline_taller_than_a_page_is_left_out_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("lookup"), dir.path());
    let report_dir = dir.path().join("report");
    let mut names = Vec::new();
    for i in 1..=60 {
        let name = format!("x{i:02}");
        let text = format!(
            "id = \"{name}\"\ntitle = \"Part {i}\"\n\n[[event]]\nid = \"e{i}\"\ndate = \"2018-{:02}-{:02}\"\ntitle = \"Event {i}\"\nbody = [\"Text [^audit].\"]\n",
            1 + i % 12,
            1 + i % 28
        );
        std::fs::write(report_dir.join(format!("chapters/{name}.toml")), text).unwrap();
        names.push(format!("\"{name}\""));
    }
    let report = std::fs::read_to_string(report_dir.join("report.toml")).unwrap().replace(
        "chapters = [\"01-compromise\", \"02-disclosure\", \"03-aftermath\"]",
        &format!("chapters = [{}]", names.join(", ")),
    );
    std::fs::write(report_dir.join("report.toml"), report).unwrap();
    for f in ["01-compromise", "02-disclosure", "03-aftermath"] {
        std::fs::remove_file(report_dir.join(format!("chapters/{f}.toml"))).unwrap();
    }
    std::fs::remove_file(report_dir.join("glossary.toml")).unwrap();
    std::fs::remove_file(report_dir.join("actors.toml")).unwrap();
    let out = bin().args(["check", "--diagnostic-format", "short"]).arg(dir.path()).output().unwrap();
    let err = stderr(&out) + &stdout(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("report/report.toml:10:12: warning[timeline-too-tall]: the timeline figure is left out: 60 events in 60 chapters"), "{err}");
    let doc = casebook::build::check(&Project::open(dir.path()).unwrap(), &Default::default()).document.unwrap();
    assert!(doc.timeline.is_none());
}

/// User text in the look-up files is data: markup in a term, a definition, an actor's name or
/// an event title (a timeline label) comes out literally in both outputs.
#[test]
fn markup_in_lookup_texts_comes_out_literally() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("lookup"), dir.path());
    let report = dir.path().join("report");
    let edit = |file: &str, from: &str, to: &str| {
        let path = report.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "glossary.toml",
        "definition = \"A business that buys and sells personal data.\"",
        "definition = \"</dd><script>alert(1)</script> #read(\\\"/etc/passwd\\\")\"",
    );
    edit("actors.toml", "role = \"auditor\"", "role = \"</span><b>x</b> #emph[y]\"");
    edit(
        "chapters/03-aftermath.toml",
        "title = \"The audit is published\"",
        "title = \"The audit </tspan></text><script>1</script> #eval(1)\"",
    );
    let out_dir = tempfile::tempdir().unwrap();
    let out = bin().args(["build", "-q", "--out"]).arg(out_dir.path()).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = squash(&pdf_text(&out_dir.path().join("northwind-breach.pdf")));
    for literal in [
        "</dd><script>alert(1)</script>#read(\"/etc/passwd\")",
        "</span><b>x</b>#emph[y]",
        "</tspan></text><script>1</script>#eval(1)",
    ] {
        assert!(pdf.contains(&squash(literal)), "PDF lacks {literal}");
    }
    let read = |name: &str| epub_text(&out_dir.path().join("northwind-breach.epub"), name);
    let glossary = read("EPUB/glossary.xhtml");
    assert!(glossary.contains("&lt;/dd&gt;&lt;script&gt;alert(1)&lt;/script&gt;") && !glossary.contains("<script>"));
    let actors = read("EPUB/actors.xhtml");
    assert!(actors.contains("&lt;/span&gt;&lt;b&gt;x&lt;/b&gt; #emph[y]"));
    let chronology = read("EPUB/chronology.xhtml");
    assert!(
        chronology.contains("&lt;/tspan&gt;&lt;/text&gt;&lt;script&gt;1&lt;/script&gt;")
            && !chronology.contains("<script>")
    );
}
