//! The credential values an audit holds, kept out of every text posture makes
//! from what AWS answered. An error message may echo the request: S3's
//! `SignatureDoesNotMatch` quotes the canonical request, and with it the
//! `x-amz-security-token` header. Each secret access key and session token
//! posture obtains is registered here, and every error text of a call is
//! scrubbed of them before it becomes a gap, a message or a log line.

use std::sync::{LazyLock, RwLock};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials};

/// What stands in a text where a credential value was.
pub const REDACTED: &str = "[redacted credential]";

static KNOWN: LazyLock<RwLock<Vec<String>>> = LazyLock::new(Default::default);

/// Shorter values are no credential AWS issues (a secret access key has 40
/// characters), and would redact ordinary words.
const SHORTEST: usize = 16;

/// Keep this credential's secret parts out of every later text.
pub fn register(credentials: &Credentials) {
    let values =
        std::iter::once(credentials.secret_access_key()).chain(credentials.session_token());
    let mut known = KNOWN.write().unwrap_or_else(|e| e.into_inner());
    for value in values {
        if value.len() >= SHORTEST && !known.iter().any(|k| k == value) {
            known.push(value.to_string());
        }
    }
}

/// `text` with every registered credential value replaced by [`REDACTED`].
pub fn scrub(text: String) -> String {
    let known = KNOWN.read().unwrap_or_else(|e| e.into_inner());
    let mut text = text;
    for value in known.iter() {
        if text.contains(value.as_str()) {
            text = text.replace(value.as_str(), REDACTED);
        }
    }
    text
}

/// A credentials provider whose every answer is registered.
#[derive(Debug)]
pub struct Registering<P>(pub P);

impl<P: ProvideCredentials> ProvideCredentials for Registering<P> {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(async move {
            let credentials = self.0.provide_credentials().await?;
            register(&credentials);
            Ok(credentials)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_values_are_scrubbed_wherever_they_stand() {
        let token = "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue0123456789";
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        register(&Credentials::new(
            "AKIAEXAMPLE",
            secret,
            Some(token.into()),
            None,
            "test",
        ));
        let echoed = format!(
            "SignatureDoesNotMatch: canonical request: x-amz-security-token:{token}\nkey {secret}, again {token}"
        );
        let scrubbed = scrub(echoed);
        assert!(
            !scrubbed.contains(token) && !scrubbed.contains(secret),
            "{scrubbed}"
        );
        assert_eq!(scrubbed.matches(REDACTED).count(), 3);
        // The access key id is an identifier, not a secret; short values are not registered.
        assert!(scrub("AKIAEXAMPLE".into()).contains("AKIAEXAMPLE"));
        register(&Credentials::new("id", "testing", None, None, "test"));
        assert_eq!(scrub("testing 1 2".into()), "testing 1 2");
    }
}
