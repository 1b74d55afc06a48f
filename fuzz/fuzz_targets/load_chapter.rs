//! Chapter loader: arbitrary bytes (lossily decoded as UTF-8) are loaded as a chapter file,
//! then every diagnostic is rendered in all three formats. None of it may panic, and
//! rendering into memory may not fail (its only error source would be a span that
//! codespan-reporting cannot place, which `emit` is meant to clamp).
#![no_main]

use casebook::diagnostics::{DiagnosticFormat, emit};
use casebook::load::load_chapter_text;
use codespan_reporting::term::termcolor::NoColor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let (_chapter, files, diags) = load_chapter_text("fuzz", text);
    for format in [DiagnosticFormat::Human, DiagnosticFormat::Short, DiagnosticFormat::Json] {
        let mut out = NoColor::new(Vec::new());
        if let Err(e) = emit(&mut out, &files, &diags, format) {
            panic!("emit({format:?}) failed: {e}");
        }
    }
});
