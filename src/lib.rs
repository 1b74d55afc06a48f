//! casebook: compiles a structured incident report (TOML files) into a print-ready PDF
//! (Typst as a library) and an EPUB 3, from one resolved model.
//!
//! The flow runs one way: [`load`] reads the files into the raw [`model`], [`resolve`]
//! checks them and builds the [`document::Document`], and the renderers in [`render`] lay
//! that document out. [`diagnostics`] carries every problem back to a file, line and column.

#[cfg(feature = "render")]
pub mod build;
pub mod citations;
#[cfg(feature = "render")]
pub mod cli;
pub mod date;
pub mod diagnostics;
pub mod document;
#[cfg(feature = "render")]
pub mod fonts;
pub mod images;
pub mod inline;
pub mod load;
pub mod locale;
pub mod model;
pub mod output;
pub mod project;
#[cfg(feature = "render")]
pub mod render;
pub mod resolve;
pub mod sandbox;
pub mod scaffold;
pub mod schema;
pub mod suggest;
pub mod text_rules;
pub mod url;
#[cfg(feature = "render")]
pub mod watch;
pub mod watchdog;
