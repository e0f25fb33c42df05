//! Does a secret's value look like a placeholder left from the kit
//! (`your-api-key`, `CHANGE_ME`, an empty JSON field)? The value is only ever
//! borrowed here; callers keep the boolean and drop the value.

/// Words that mark a value as not real yet.
const MARKERS: [&str; 9] = [
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "replace_me",
    "replace-me",
    "replaceme",
    "example",
    "todo",
];

fn placeholder_text(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    v.is_empty()
        || v.starts_with("your-")
        || v.starts_with("your_")
        || MARKERS.iter().any(|m| v.contains(m))
        || (v.len() >= 3 && v.chars().all(|c| c == 'x' || c == '*'))
        || (v.starts_with('<') && v.ends_with('>'))
}

/// A JSON object's string fields are judged one by one (an empty field counts);
/// any other value as a whole.
pub fn looks_like_placeholder(value: &str) -> bool {
    if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str::<serde_json::Value>(value)
    {
        return fields.is_empty()
            || fields.values().any(|v| match v {
                serde_json::Value::String(s) => placeholder_text(s),
                serde_json::Value::Null => true,
                _ => false,
            });
    }
    placeholder_text(value)
}

#[cfg(test)]
mod tests {
    use super::looks_like_placeholder;

    #[test]
    fn placeholders() {
        for value in [
            r#"{"api_key":"your-api-key","stripe_key":"sk_live_51Habc"}"#,
            r#"{"username":"app","password":"CHANGE_ME"}"#,
            r#"{"database_password":"your-secure-password"}"#,
            r#"{"token":""}"#,
            r#"{"token":null}"#,
            "{}",
            "",
            "placeholder",
            "xxxxxxxx",
            "<your token here>",
            "https://hooks.example.com/T000",
        ] {
            assert!(looks_like_placeholder(value), "{value}");
        }
    }

    #[test]
    fn real_values() {
        for value in [
            r#"{"username":"app","password":"v9#Lq2!zR7mT"}"#,
            r#"{"signing_secret":"whsec_Q2f9Lk3vT8mZpR1x","port":5432}"#,
            "sk_live_51HxYz",
            "correct horse battery staple",
        ] {
            assert!(!looks_like_placeholder(value), "{value}");
        }
    }
}
