//! Credentials, regions, endpoints: one `SdkConfig` per audited account.

use std::time::Duration;

use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials};
use aws_types::sdk_config::SharedCredentialsProvider;

use super::meter::Meter;
use super::redact::{Registering, register};

use crate::error::AuditError;

/// How to reach AWS, validated from the command line (see `crate::plan`).
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub profile: Option<String>,
    /// Region names, each once; empty: the configured region.
    pub regions: Vec<String>,
    pub endpoint_url: Option<String>,
    /// Further accounts, reached by assuming a role in each.
    pub roles: Vec<RoleTarget>,
    /// The role (name, with its path if any) to assume in every active
    /// account of the organization (`--org-role`).
    pub org_role: Option<String>,
    /// Audit only the accounts reached by assuming a role, not the account of
    /// the starting credentials (`--assumed-only`).
    pub assumed_only: bool,
    /// The external id the assumed roles require (`--external-id`).
    pub external_id: Option<String>,
}

/// The session name of every role posture assumes: CloudTrail shows it in
/// each call's `userIdentity`, so the account's owner sees who read.
pub const SESSION_NAME: &str = "posture-audit";

/// A role to assume, and the account it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleTarget {
    pub arn: String,
    pub account: String,
}

/// Load the base configuration: the standard chain, or explicit credentials
/// when an endpoint is set (the chain would otherwise probe instance metadata
/// for seconds before it fails).
pub async fn base_config(opts: &ConnectOptions) -> Result<SdkConfig, AuditError> {
    // Standard retry, from 100 ms of backoff up to 20 s. Not the adaptive
    // mode: its client-side rate limiter, once throttled, slowed a whole
    // audit tenfold (1.3-1.9 s clean, 9-27 s with a fifth of first attempts
    // throttled or failed through localstack/proxy.py; 1.6-3.4 s in standard
    // mode). The per-service caps keep the calls under AWS's rates instead.
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(8)
                .with_initial_backoff(Duration::from_millis(100))
                .with_max_backoff(Duration::from_secs(20)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .read_timeout(Duration::from_secs(20))
                .operation_attempt_timeout(Duration::from_secs(30))
                .operation_timeout(Duration::from_secs(120))
                .build(),
        );
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = opts.regions.first() {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
        if opts.profile.is_none() {
            loader = loader.credentials_provider(
                aws_config::environment::credentials::EnvironmentVariableCredentialsProvider::new(),
            );
        }
        if opts.regions.is_empty() {
            // An emulator has no "configured region" to fall back on.
            loader = loader.region(
                RegionProviderChain::default_provider().or_else(Region::from_static("us-east-1")),
            );
        }
    }
    let loaded = loader.load().await;
    // Every credential the chain gives (and gives again on refresh) is kept
    // out of error texts.
    let config = match loaded.credentials_provider() {
        Some(chain) => loaded
            .to_builder()
            .credentials_provider(SharedCredentialsProvider::new(Registering(chain)))
            .build(),
        None => loaded,
    };
    if config.region().is_none() {
        return Err(AuditError::NoRegion);
    }
    let Some(credentials) = config.credentials_provider() else {
        return Err(AuditError::NoCredentials(
            "no credentials provider is configured".into(),
        ));
    };
    match tokio::time::timeout(Duration::from_secs(30), credentials.provide_credentials()).await {
        Ok(Ok(_)) => Ok(config),
        Ok(Err(err)) => Err(AuditError::NoCredentials(super::context::error_chain(&err))),
        Err(_) => Err(AuditError::NoCredentials(
            "timed out after 30 s while loading credentials".into(),
        )),
    }
}

/// The configuration that acts in the account of `role_arn`, assumed from
/// `base`. Its AssumeRole calls (the first, and one each time the session
/// is about to expire) are counted by `meter` with the audit's other calls.
pub fn assume_role(
    base: &SdkConfig,
    meter: Meter,
    role_arn: &str,
    external_id: Option<&str>,
) -> SdkConfig {
    let provider = AssumeRole {
        sts: crate::metered!(aws_sdk_sts, meter, base),
        role_arn: role_arn.to_string(),
        external_id: external_id.map(str::to_string),
    };
    base.to_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build()
}

/// STS AssumeRole as a credentials provider, through a client of the audit's
/// (metered, retried, timed out as every other). The configuration's identity
/// cache keeps the credentials until shortly before they expire.
#[derive(Debug)]
struct AssumeRole {
    sts: aws_sdk_sts::Client,
    role_arn: String,
    external_id: Option<String>,
}

impl AssumeRole {
    async fn credentials(&self) -> provider::Result {
        let out = self
            .sts
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(SESSION_NAME)
            .set_external_id(self.external_id.clone())
            .send()
            .await
            .map_err(CredentialsError::provider_error)?;
        let Some(c) = out.credentials else {
            return Err(CredentialsError::unhandled(
                "AssumeRole answered without credentials",
            ));
        };
        Ok(Credentials::new(
            c.access_key_id,
            c.secret_access_key,
            Some(c.session_token),
            std::time::SystemTime::try_from(c.expiration).ok(),
            "posture-assume-role",
        ))
        .inspect(register)
    }
}

impl ProvideCredentials for AssumeRole {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.credentials())
    }
}

/// A role ARN with its account id, or why it is not a role ARN.
pub fn role_target(role_arn: &str) -> Result<RoleTarget, String> {
    let parts: Vec<&str> = role_arn.splitn(6, ':').collect();
    let valid = parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "iam"
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5].starts_with("role/");
    if valid {
        Ok(RoleTarget {
            arn: role_arn.to_string(),
            account: parts[4].to_string(),
        })
    } else {
        Err(format!(
            "--role-arn {role_arn:?} is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)"
        ))
    }
}

/// The ARN of the role `name` (`OrganizationAccountAccessRole`, or with a
/// path: `audit/posture`) in `account`.
pub fn role_arn(partition: &str, account: &str, name: &str) -> String {
    format!(
        "arn:{partition}:iam::{account}:role/{}",
        name.trim_start_matches('/')
    )
}

/// A role name as IAM allows them, with an optional path: `[path/]name`,
/// the name of 1 to 64 characters of letters, digits and `+=,.@_-`.
pub fn validate_role_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    let last = name
        .trim_start_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let valid = !last.is_empty()
        && last.len() <= 64
        && name.len() <= 512
        && name.chars().all(|c| allowed(c) || c == '/');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "--org-role {name:?} is not an IAM role name (like OrganizationAccountAccessRole or audit/posture)"
        ))
    }
}

/// An external id as STS AssumeRole takes it: 2 to 1224 characters of
/// letters, digits and `+=,.@:/-_`.
pub fn validate_external_id(id: &str) -> Result<(), String> {
    let valid = (2..=1224).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/-_".contains(c));
    if valid {
        Ok(())
    } else {
        Err("--external-id must be 2 to 1224 characters of letters, digits and +=,.@:/-_".into())
    }
}

/// An endpoint URL the SDK can use: `http(s)://host[:port][/path]`.
pub fn validate_endpoint(url: &str) -> Result<(), String> {
    let authority = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .map(|rest| rest.split('/').next().unwrap_or_default());
    let port_ok = |port: &str| port.parse::<u16>().is_ok();
    let valid = match authority {
        None | Some("") => false,
        Some(a) if a.chars().any(char::is_whitespace) => false,
        // An IPv6 literal: [::1] or [::1]:4566.
        Some(a) if a.starts_with('[') => match a.split_once(']') {
            Some((_, "")) => true,
            Some((_, rest)) => rest.strip_prefix(':').is_some_and(port_ok),
            None => false,
        },
        Some(a) => match a.split_once(':') {
            None => true,
            Some((host, port)) => !host.is_empty() && port_ok(port),
        },
    };
    if valid {
        Ok(())
    } else {
        Err(format!(
            "--endpoint-url {url:?} is not an http(s) URL with a host (like http://127.0.0.1:5000)"
        ))
    }
}

/// A region name as AWS spells them (`us-east-1`, `us-gov-west-1`, `eu-central-2`).
pub fn valid_region_name(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names() {
        for good in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "ap-southeast-5",
            "il-central-1",
        ] {
            assert!(valid_region_name(good), "{good}");
        }
        for bad in [
            "",
            "us-east",
            "useast1",
            "US-EAST-1",
            "us-east-1a",
            "mars-north-1",
            "us--1",
        ] {
            assert!(!valid_region_name(bad), "{bad}");
        }
    }

    #[test]
    fn endpoint_urls() {
        for good in [
            "http://127.0.0.1:5000",
            "https://s3.example.com",
            "http://[::1]:4566/",
            "http://localhost",
        ] {
            assert!(validate_endpoint(good).is_ok(), "{good}");
        }
        for bad in [
            "notaurl",
            "127.0.0.1:5000",
            "http://",
            "http://[::1",
            "http://host:port",
            "ftp://x",
            "http://a b",
        ] {
            assert!(validate_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn org_role_names_and_external_ids() {
        for good in [
            "OrganizationAccountAccessRole",
            "audit/posture",
            "/audit/posture-audit",
            "a+b=c,d.e@f_g-h",
        ] {
            assert!(validate_role_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "audit/",
            "role name",
            "x".repeat(65).as_str(),
            "arn:aws:iam::1:role/x",
        ] {
            assert!(validate_role_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            role_arn("aws", "111111111111", "/audit/posture"),
            "arn:aws:iam::111111111111:role/audit/posture"
        );
        assert!(validate_external_id("a1:b/c=d").is_ok());
        for bad in ["x", "with space", &"x".repeat(1225)] {
            assert!(validate_external_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn role_accounts() {
        assert_eq!(
            role_target("arn:aws:iam::111111111111:role/posture-audit")
                .unwrap()
                .account,
            "111111111111"
        );
        assert_eq!(
            role_target("arn:aws-us-gov:iam::111111111111:role/a/b")
                .unwrap()
                .account,
            "111111111111"
        );
        assert!(role_target("arn:aws:iam::1111:role/x").is_err());
        assert!(role_target("arn:aws:iam::111111111111:user/x").is_err());
        assert!(role_target("posture-audit").is_err());
    }
}
