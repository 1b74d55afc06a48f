//! Images inside a `watch` session: an unchanged image is neither read nor decoded again, a
//! changed one is, and the next build embeds the new bytes. (Its own test binary: the count of
//! decodes is per process.)

mod common;
use common::*;

use casebook::build::{BuildOptions, Formats, Session};
use casebook::project::Project;

#[test]
fn unchanged_images_are_not_decoded_again_and_changed_ones_are() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("figures/en"), dir.path());
    let project = Project::open(dir.path()).unwrap();
    let options = BuildOptions {
        out_dir: dir.path().join("out"),
        formats: Formats { pdf: true, epub: true },
        typst_dir: None,
        resolve: Default::default(),
    };
    let mut session = Session::new();
    let before = casebook::images::decode_count();
    let first = session.build(&project, &options);
    assert!(first.succeeded());
    // The fixture's three images, each checked once.
    assert_eq!(casebook::images::decode_count() - before, 3);

    // An edit of the text: no image is decoded again.
    let chapter = dir.path().join("report/chapters/01-intrusion.toml");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, text.replace("The exchange is entered", "The exchange is broken into")).unwrap();
    let second = session.build(&project, &options);
    assert!(second.succeeded());
    assert_eq!(casebook::images::decode_count() - before, 3, "an unchanged image was decoded again");

    // A changed image (bytes appended after the PNG's end): checked again, and embedded.
    let png = dir.path().join("report/figures/diagram.png");
    let mut bytes = std::fs::read(&png).unwrap();
    bytes.extend_from_slice(b"trailing bytes after IEND");
    std::fs::write(&png, &bytes).unwrap();
    let third = session.build(&project, &options);
    assert!(third.succeeded(), "{:?}", third.diagnostics);
    assert_eq!(casebook::images::decode_count() - before, 4);
    assert_eq!(epub_entry(&dir.path().join("out/figures.epub"), "EPUB/images/fig-admin.png"), bytes);
}
