//! Web addresses: what `check` accepts as a source's `url` or a link target, and the one form
//! both outputs receive.
//!
//! Accepted: `http://` or `https://`, a host in ASCII, at most [`MAX_URL_BYTES`] once encoded,
//! no whitespace or control characters, none of the characters a URL must percent-encode
//! (`"` `<` `>` `\` `^` `` ` `` `{` `|` `}`), and `%` only as the start of a `%XX` escape —
//! what EPUBCheck accepts in an `href` and Typst accepts in a link. Non-ASCII characters in the
//! path, query or fragment (an IRI) are allowed and percent-encoded as UTF-8 by [`encode_iri`],
//! because a PDF link annotation's URI is 7-bit ASCII.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Typst refuses longer link targets ("URL is too long", typst-library 0.15.1 `Url::new`).
pub const MAX_URL_BYTES: usize = 8000;

/// Characters a URL may not contain as they are (RFC 3986 plus the WHATWG URL standard).
const MUST_ENCODE: &[char] = &['"', '<', '>', '\\', '^', '`', '{', '|', '}'];

/// Non-ASCII only: ASCII has been checked already and stays as written.
const NON_ASCII: &AsciiSet = CONTROLS;

/// `http(s)://host…` that passes [`problem`].
pub fn is_http_url(url: &str) -> bool {
    problem(url).is_none()
}

/// A link target in inline text: an http(s) URL as [`is_http_url`], or a `mailto:` address
/// without whitespace or the characters a URL must encode.
pub fn is_link_target(url: &str) -> bool {
    match url.strip_prefix("mailto:") {
        Some(address) => {
            !address.is_empty()
                && !address.chars().any(|c| c.is_whitespace() || c.is_control() || MUST_ENCODE.contains(&c))
        }
        None => is_http_url(url),
    }
}

/// What is wrong with a web address, in words for the diagnostic; `None` when it is fine.
pub fn problem(url: &str) -> Option<String> {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return Some("does not start with http:// or https://".into());
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Some("has no host after the scheme".into());
    }
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Some(format!("contains {}, which a URL cannot hold", describe(c)));
    }
    if let Some(c) = url.chars().find(|c| MUST_ENCODE.contains(c)) {
        return Some(format!("contains `{c}`, which must be written percent-encoded as %{:02X}", c as u32));
    }
    if !host.is_ascii() {
        return Some("has a host that is not ASCII; write it in its ASCII form (xn--…)".into());
    }
    let bytes = url.as_bytes();
    for (i, _) in url.match_indices('%') {
        let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
        if !(hex(i + 1) && hex(i + 2)) {
            return Some("has a `%` that does not start a %XX escape (write a percent sign as %25)".into());
        }
    }
    let encoded = encode_iri(url).len();
    if encoded > MAX_URL_BYTES {
        return Some(format!("is {encoded} bytes long; links may be at most {MAX_URL_BYTES}"));
    }
    None
}

fn describe(c: char) -> String {
    if c == ' ' { "a space".into() } else { format!("the character {}", crate::text_rules::code_point(c)) }
}

/// The address in 7-bit ASCII: non-ASCII characters percent-encoded as UTF-8, ASCII unchanged.
pub fn encode_iri(url: &str) -> String {
    utf8_percent_encode(url, NON_ASCII).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_refuses() {
        assert!(is_http_url("https://www.soumu.go.jp/a.html"));
        assert!(is_http_url("http://www9.nhk.or.jp/kabun-blog/220644.html?a=1&b=%E3%81%82#x"));
        assert!(is_http_url("https://ja.wikipedia.org/wiki/不正アクセス"));
        for bad in [
            "ftp://x",
            "javascript:alert(1)",
            "https://",
            "https://a b",
            "https://a/\"onmouseover=\"x",
            "https://a/<b>",
            "https://a/b\\c",
            "https://a/100%",
            "https://例え.jp/",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
        let long = format!("https://a/{}", "x".repeat(MAX_URL_BYTES));
        assert!(problem(&long).unwrap().contains("at most 8000"));
        // The limit counts the encoded bytes: 2000 kana are 18 000 bytes once encoded.
        let kana = format!("https://a/{}", "あ".repeat(2000));
        assert!(problem(&kana).is_some());
    }

    #[test]
    fn iris_are_encoded_as_utf8() {
        assert_eq!(encode_iri("https://a/あ?q=ü"), "https://a/%E3%81%82?q=%C3%BC");
        assert_eq!(encode_iri("https://a/b?c=d&e=%20#f"), "https://a/b?c=d&e=%20#f");
    }

    #[test]
    fn link_targets_and_the_words_of_each_problem() {
        assert!(is_link_target("mailto:desk@example.org"));
        assert!(is_link_target("https://example.org/a"));
        for bad in
            ["mailto:", "mailto:a b@example.org", "mailto:a\"b@example.org", "mailto:\u{1}a@example.org", "ftp://x"]
        {
            assert!(!is_link_target(bad), "{bad:?}");
        }
        assert_eq!(problem("https://a/b c").unwrap(), "contains a space, which a URL cannot hold");
        let control = problem("https://a/\u{1}").unwrap();
        assert!(control.starts_with("contains the character ") && !control.contains("space"), "{control}");
        // `%` must start %XX: the two characters after it, not any before it.
        let percent = "has a `%` that does not start a %XX escape (write a percent sign as %25)";
        assert_eq!(problem("https://ab/%4z").as_deref(), Some(percent));
        assert_eq!(problem("https://ab/%4").as_deref(), Some(percent));
        assert_eq!(problem("https://ab/%4a"), None);
        // The length limit is inclusive.
        let at_limit = format!("https://a/{}", "x".repeat(MAX_URL_BYTES - "https://a/".len()));
        assert_eq!(problem(&at_limit), None);
        assert!(problem(&format!("{at_limit}x")).unwrap().contains("bytes long"));
    }
}
