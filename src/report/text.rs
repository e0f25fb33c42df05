//! Text shaping shared by the machine formats, whose fields have limits.

/// `text` trimmed, or `fallback` when nothing is left: formats whose fields
/// must not be empty.
pub fn non_empty(text: &str, fallback: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        fallback.to_string()
    } else {
        text.to_string()
    }
}

/// At most `max` characters (not bytes: Security Hub and SARIF viewers count
/// characters), never splitting one; a cut ends with `…`.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((i, _)) if text[i..].chars().count() > 1 => format!("{}…", &text[..i]),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_never_splits_a_character() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "ab…");
        assert_eq!(clip("ééééé", 3).chars().count(), 3);
        assert_eq!(clip("", 3), "");
    }

    #[test]
    fn empty_text_takes_the_fallback() {
        assert_eq!(non_empty("  ", "x"), "x");
        assert_eq!(non_empty(" a ", "x"), "a");
    }
}
