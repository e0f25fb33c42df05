//! Does a secret's value look like a placeholder left from the kit
//! (`your-api-key`, `CHANGE_ME`, an empty JSON field)? The value is only ever
//! borrowed here; callers keep the boolean and drop the value.
//!
//! A placeholder is a whole value, or a word of a value written as words
//! (separated by spaces), never a substring: a real value that merely
//! contains one of the markers — inside an address (`ops@example.com`), a URL
//! (`https://todo.internal/…`), a longer token (`sk_live_placeholder42`) — is
//! not a placeholder.

/// Words that, standing alone, mark a value as not real yet. They are
/// compared after lower-casing and dropping `-`, `_` and spaces, so
/// `CHANGE_ME`, `change-me` and `Change me` all read `changeme`.
const MARKERS: [&str; 8] = [
    "changeme",
    "replaceme",
    "placeholder",
    "example",
    "todo",
    "tbd",
    "fixme",
    "setme",
];

/// Characters that may wrap a placeholder (`"CHANGE_ME"`, `[placeholder]`)
/// or end a word of prose (`TODO:`).
fn is_wrapping(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | ':'
            | ';'
            | ','
            | '.'
            | '!'
            | '?'
            | '*'
            | '#'
    )
}

/// Lower case without the separators a marker may be written with.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '-' | '_') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_marker(text: &str) -> bool {
    let compacted = compact(text.trim_matches(is_wrapping));
    MARKERS.contains(&compacted.as_str())
}

/// `your-api-key`, `your_secret_here`, `YOUR TOKEN`, `your-domain.com`: the
/// word "your" and then only letters and separators (no digit, no symbol a
/// generated value would have).
fn is_your_phrase(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("your") else {
        return false;
    };
    let mut chars = rest.chars();
    matches!(chars.next(), Some('-' | '_' | ' ' | '.'))
        && rest
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '_' | ' ' | '.'))
        && rest.chars().any(|c| c.is_ascii_alphabetic())
}

/// `<your token here>`, `${API_KEY}`, `{{ db_password }}`: a slot never filled in.
fn is_unfilled_slot(value: &str) -> bool {
    let enclosed = |open: &str, close: &str| {
        value
            .strip_prefix(open)
            .and_then(|v| v.strip_suffix(close))
            .is_some_and(|inner| {
                !inner.trim().is_empty()
                    && !inner.contains(['<', '>', '{', '}'])
                    && !inner.contains('\n')
            })
    };
    enclosed("<", ">") || enclosed("${", "}") || enclosed("{{", "}}")
}

/// `xxxxxxxx`, `****`: a mask standing for the value.
fn is_mask(value: &str) -> bool {
    value.chars().count() >= 3 && value.chars().all(|c| matches!(c, 'x' | 'X' | '*'))
}

/// One text value (a whole secret string, or one field of a JSON secret).
fn placeholder_text(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || is_marker(v) || is_your_phrase(v) || is_unfilled_slot(v) || is_mask(v) {
        return true;
    }
    // Words of prose: only a value with spaces has words; a token, an
    // address or a URL is one word and is judged whole (above).
    // Two words may spell one marker: "change me", "replace me".
    let words: Vec<&str> = v.split_whitespace().collect();
    words.len() > 1
        && (words.iter().any(|w| is_marker(w))
            || words
                .windows(2)
                .any(|pair| is_marker(&format!("{} {}", pair[0], pair[1]))))
}

/// Every string inside a JSON value; `true` when one of them (or an empty
/// object, or a null field) is a placeholder.
fn placeholder_json(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::String(s) => placeholder_text(s),
        Value::Null => true,
        Value::Object(fields) => fields.is_empty() || fields.values().any(placeholder_json),
        Value::Array(items) => items.iter().any(placeholder_json),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// A JSON object (or string) is judged field by field, every string inside
/// it as a text value, an empty or null field counting as a placeholder; any
/// other value is judged whole.
pub fn looks_like_placeholder(value: &str) -> bool {
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(json @ (serde_json::Value::Object(_) | serde_json::Value::String(_))) => {
            placeholder_json(&json)
        }
        _ => placeholder_text(value),
    }
}

#[cfg(test)]
mod tests {
    //! Every value here is made up; a failing case is named by its position,
    //! never by printing the value.

    use super::looks_like_placeholder;

    fn assert_all(values: &[&str], expected: bool) {
        for (i, value) in values.iter().enumerate() {
            assert_eq!(
                looks_like_placeholder(value),
                expected,
                "case #{i} of this list should be judged {}",
                if expected {
                    "a placeholder"
                } else {
                    "a real value"
                }
            );
        }
    }

    #[test]
    fn whole_values_are_placeholders() {
        assert_all(
            &[
                "CHANGE_ME",
                "change-me",
                "changeme",
                "Change Me",
                "  CHANGE_ME\n",
                "placeholder",
                "PLACEHOLDER",
                "\"placeholder\"",
                "[placeholder]",
                "REPLACE_ME",
                "TODO",
                "tbd",
                "FIXME",
                "example",
                "set-me",
            ],
            true,
        );
    }

    #[test]
    fn your_phrases_are_placeholders() {
        assert_all(
            &[
                "your-api-key",
                "your-secure-password",
                "your_stripe_secret_key",
                "YOUR API KEY HERE",
                "your-domain.com",
                "Your-Token",
            ],
            true,
        );
    }

    #[test]
    fn unfilled_slots_masks_and_empty_values_are_placeholders() {
        assert_all(
            &[
                "",
                "   ",
                "<your token here>",
                "<db-password>",
                "${STRIPE_API_KEY}",
                "{{ db_password }}",
                "xxxxxxxx",
                "XXXXXXXX",
                "********",
            ],
            true,
        );
    }

    #[test]
    fn words_of_prose_are_placeholders() {
        assert_all(
            &[
                "TODO: set the real key",
                "replace me before deploy",
                "this is a placeholder.",
                "see the example below",
                "key goes here (fixme)",
            ],
            true,
        );
    }

    #[test]
    fn json_fields_are_judged_one_by_one() {
        assert_all(
            &[
                r#"{"api_key":"your-api-key","stripe_key":"sk_live_51Habc9Qw"}"#,
                r#"{"username":"app","password":"CHANGE_ME"}"#,
                r#"{"database_password":"your-secure-password"}"#,
                r#"{"token":""}"#,
                r#"{"token":null}"#,
                r#"{"db":{"user":"app","password":"placeholder"}}"#,
                r#"{"keys":["k_9f3LqZ2v","TODO"]}"#,
                r#""CHANGE_ME""#,
                "{}",
            ],
            true,
        );
    }

    #[test]
    fn markers_inside_addresses_urls_and_tokens_are_real_values() {
        assert_all(
            &[
                "https://hooks.example.com/T000/B111/c2d3e4f5",
                "ops@example.com",
                "postgres://app:pw9Lq2@todo-db.internal:5432/app",
                "smtp.placeholder-mail.net",
                "sk_live_placeholder42Xq",
                "whsec_changeme9Qk2",
                "examples",
                "todolist",
                "tbd4-77ab-e0f1",
                "yourself-2026-Qz9",
                "your-app-7f3a9",
                "xxx9",
                "<root><a>1</a></root>",
                "${A}${B}",
            ],
            false,
        );
    }

    #[test]
    fn real_values() {
        assert_all(
            &[
                r#"{"username":"app","password":"v9#Lq2!zR7mT"}"#,
                r#"{"signing_secret":"whsec_Q2f9Lk3vT8mZpR1x","port":5432}"#,
                r#"{"webhook_url":"https://hooks.example.com/services/T0/B1/x9","enabled":true}"#,
                r#"{"admin_email":"security@example.org","api_key":"ak_7Hq2Lm9Xz"}"#,
                "sk_live_51HxYz",
                "correct horse battery staple",
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
                "host=db.example.internal port=5432 user=app",
                "xx",
            ],
            false,
        );
    }
}
