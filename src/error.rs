//! Errors that stop an audit before it can run. Per-call failures are not
//! errors: they become gaps in the inventory.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum AuditError {
    #[error("{0}")]
    Usage(String),
    #[error(
        "no AWS region is configured: pass --region (e.g. --region us-east-1) or set AWS_REGION"
    )]
    NoRegion,
    #[error(
        "no usable AWS credentials ({0}): set AWS_PROFILE or pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    )]
    NoCredentials(String),
    #[error("region {region:?} does not exist for this account; known regions: {known}")]
    UnknownRegion { region: String, known: String },
    #[error("cannot reach AWS ({what}): {error}. Check --endpoint-url, --region and the network")]
    Unreachable { what: String, error: String },
    #[error("{0}")]
    Snapshot(String),
    #[error("{0}")]
    Io(String),
}
