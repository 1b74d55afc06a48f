//! The two renderers. Each lays out a resolved [`crate::document::Document`]; neither reads
//! report files nor decides content.

pub mod epub;
pub mod pdf;
pub mod xhtml;
