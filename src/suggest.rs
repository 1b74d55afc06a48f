//! "Did you mean …?": the closest known name to a misspelt one (field names, event ids,
//! source ids), and the citation whose comma is missing (`[^report p. 18]`).

/// The candidate closest to `word` (Jaro-Winkler similarity of at least 0.8), if any.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` or nothing.
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}

/// For a citation `[^report p. 18]` whose first word is a known source id: the citation with
/// its comma, `[^report, p. 18]`.
pub fn citation_with_comma<'a>(written: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let (id, rest) = written.split_once(char::is_whitespace)?;
    let rest = rest.trim();
    (!rest.is_empty() && known.into_iter().any(|k| k == id)).then(|| format!("[^{id}, {rest}]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(closest("titel", ["id", "title", "date"]), Some("title"));
        assert_eq!(closest("zzz", ["id", "title"]), None);
        assert_eq!(citation_with_comma("report p. 18", ["report"]), Some("[^report, p. 18]".into()));
        assert_eq!(citation_with_comma("report p. 18", ["other"]), None);
        assert_eq!(citation_with_comma("report", ["report"]), None);
    }
}
