//! The ECR images ECS services run, and what their vulnerability scans found.

use serde::{Deserialize, Serialize};

use super::{EcrRepository, TagMutability};

/// An image reference in a private ECR registry:
/// `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EcrImage {
    /// The registry's account id.
    pub registry: String,
    pub region: String,
    pub repository: String,
    pub reference: ImageReference,
}

/// How a reference names its image: a digest names one image for good; a tag
/// names whatever the repository tags with it now.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ImageReference {
    /// `sha256:…` (a reference with both a tag and a digest pulls the digest).
    Digest(String),
    /// A tag; `latest` when the reference has none (Docker's default).
    Tag(String),
}

impl ImageReference {
    /// The digest or the tag, as ECR's `imageId` takes it.
    pub fn as_str(&self) -> &str {
        match self {
            ImageReference::Digest(d) | ImageReference::Tag(d) => d,
        }
    }
}

impl EcrImage {
    /// The reference of a container definition's `image`, when it names a
    /// private ECR registry; `None` for anything else (Docker Hub,
    /// `public.ecr.aws`, another registry).
    pub fn parse(image: &str) -> Option<EcrImage> {
        let (host, path) = image.split_once('/')?;
        let (registry, rest) = host.split_once(".dkr.")?;
        if registry.len() != 12 || !registry.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let rest = rest
            .strip_prefix("ecr-fips.")
            .or_else(|| rest.strip_prefix("ecr."))?;
        let region = rest
            .strip_suffix(".amazonaws.com")
            .or_else(|| rest.strip_suffix(".amazonaws.com.cn"))?;
        if region.is_empty() || region.contains('.') {
            return None;
        }
        let (named, digest) = match path.split_once('@') {
            Some((named, digest)) => (named, Some(digest)),
            None => (path, None),
        };
        // A tag follows the last `:` after the last `/`.
        let (repository, tag) = match named.rsplit_once(':') {
            Some((repository, tag)) if !tag.contains('/') => (repository, Some(tag)),
            _ => (named, None),
        };
        if repository.is_empty() || tag == Some("") || digest.is_some_and(|d| !d.contains(':')) {
            return None;
        }
        let reference = match (digest, tag) {
            (Some(digest), _) => ImageReference::Digest(digest.to_string()),
            (None, Some(tag)) => ImageReference::Tag(tag.to_string()),
            (None, None) => ImageReference::Tag("latest".to_string()),
        };
        Some(EcrImage {
            registry: registry.to_string(),
            region: region.to_string(),
            repository: repository.to_string(),
            reference,
        })
    }
}

/// Whether ECR keeps `tag` on one image for good in this repository: `Some(true)`
/// when the tag is immutable, `Some(false)` when it may move to another image,
/// `None` when the repository's setting is one posture does not know.
///
/// With `IMMUTABLE_WITH_EXCLUSION` the tags an exclusion filter matches stay
/// mutable; with `MUTABLE_WITH_EXCLUSION` only those become immutable. A
/// filter is a `WILDCARD` pattern (`*`: any characters); where a filter may
/// be read two ways, the reading that leaves the tag mutable wins.
pub fn tag_immutable(repo: &EcrRepository, tag: &str) -> Option<bool> {
    let filters = &repo.tag_mutability_exclusions;
    match repo.image_tag_mutability.as_ref()? {
        TagMutability::Immutable => Some(true),
        TagMutability::Mutable => Some(false),
        TagMutability::ImmutableWithExclusion => Some(
            !filters
                .iter()
                .any(|f| glob(f, tag) || (!f.contains('*') && tag.contains(f.as_str()))),
        ),
        TagMutability::MutableWithExclusion => Some(filters.iter().any(|f| glob(f, tag))),
        TagMutability::Other(_) => None,
    }
}

/// `pattern` matches the whole of `text`, each `*` standing for any characters.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return pattern == text;
    }
    if text.len() < first.len() + last.len() || !text.starts_with(first) || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// One `DescribeImageScanFindings` of an image services run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageScan {
    /// The registry's account id.
    pub registry: String,
    pub repository: String,
    /// The digest (`sha256:…`) or the tag it was asked by.
    pub image: String,
    pub result: ScanResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ScanResult {
    /// The findings of a scan whose status is `COMPLETE` (basic, enhanced on
    /// push) or `ACTIVE` (enhanced, continuously monitored): how many are of
    /// `CRITICAL` severity, basic `findings` and Inspector's
    /// `enhancedFindings` alike.
    Scanned { status: String, critical: u64 },
    /// Any other status (`IN_PROGRESS`, `FAILED`, `UNSUPPORTED_IMAGE`,
    /// `PENDING`, `SCAN_ELIGIBILITY_EXPIRED`, `FINDINGS_UNAVAILABLE`, …), or an
    /// answer without findings: nothing can be told from it.
    NotComplete {
        status: String,
        description: Option<String>,
    },
    /// `ScanNotFoundException`: the image was never scanned.
    NotScanned,
    /// `ImageNotFoundException` or `RepositoryNotFoundException`.
    NotFound { code: String },
    /// The call failed (a gap says why).
    Unread,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(image: &str) -> Option<(String, String, String, ImageReference)> {
        EcrImage::parse(image).map(|i| (i.registry, i.region, i.repository, i.reference))
    }

    #[test]
    fn private_ecr_references() {
        let digest = format!("sha256:{}", "4f".repeat(32));
        assert_eq!(
            parsed(&format!(
                "111111111111.dkr.ecr.us-east-1.amazonaws.com/team/app@{digest}"
            )),
            Some((
                "111111111111".into(),
                "us-east-1".into(),
                "team/app".into(),
                ImageReference::Digest(digest.clone())
            ))
        );
        // A tag and a digest: the digest is pulled.
        assert_eq!(
            parsed(&format!(
                "111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1.2@{digest}"
            ))
            .map(|p| p.3),
            Some(ImageReference::Digest(digest))
        );
        assert_eq!(
            parsed("111111111111.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2").map(|p| (p.1, p.3)),
            Some(("eu-west-1".into(), ImageReference::Tag("1.4.2".into())))
        );
        assert_eq!(
            parsed("111111111111.dkr.ecr.us-east-1.amazonaws.com/app").map(|p| p.3),
            Some(ImageReference::Tag("latest".into()))
        );
        assert!(parsed("111111111111.dkr.ecr-fips.us-east-1.amazonaws.com/app:1").is_some());
        assert!(parsed("111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1").is_some());
        for outside in [
            "nginx",
            "nginx:1.27",
            "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4",
            "localhost:5000/app:2.0",
            "ghcr.io/acme/app@sha256:abc",
            "1111.dkr.ecr.us-east-1.amazonaws.com/app:1",
            "111111111111.dkr.ecr.us-east-1.example.com/app:1",
            "111111111111.dkr.ecr.us-east-1.amazonaws.com/",
            "111111111111.dkr.ecr.us-east-1.amazonaws.com/app:",
            "111111111111.dkr.ecr.us-east-1.amazonaws.com/app@nodigest",
            "",
        ] {
            assert_eq!(parsed(outside), None, "{outside}");
        }
    }

    fn repo(mutability: &str, exclusions: &[&str]) -> EcrRepository {
        serde_json::from_value(serde_json::json!({
            "arn": "arn:aws:ecr:us-east-1:111111111111:repository/app", "name": "app",
            "scan_on_push": true, "encryption_type": "AES256", "kms_key": null,
            "image_tag_mutability": mutability, "tag_mutability_exclusions": exclusions,
        }))
        .unwrap()
    }

    #[test]
    fn which_tags_stay_on_one_image() {
        assert_eq!(tag_immutable(&repo("IMMUTABLE", &[]), "1.0"), Some(true));
        assert_eq!(tag_immutable(&repo("MUTABLE", &[]), "1.0"), Some(false));
        let mostly = repo("IMMUTABLE_WITH_EXCLUSION", &["latest", "dev-*"]);
        assert_eq!(tag_immutable(&mostly, "1.0"), Some(true));
        assert_eq!(tag_immutable(&mostly, "latest"), Some(false));
        assert_eq!(tag_immutable(&mostly, "dev-42"), Some(false));
        // A filter without `*` read as "contains" too: the mutable reading wins.
        assert_eq!(tag_immutable(&mostly, "latest-arm"), Some(false));
        let few = repo("MUTABLE_WITH_EXCLUSION", &["release-*"]);
        assert_eq!(tag_immutable(&few, "release-1.0"), Some(true));
        assert_eq!(tag_immutable(&few, "1.0"), Some(false));
        assert_eq!(tag_immutable(&repo("SOMETIMES", &[]), "1.0"), None);
        let mut unknown = repo("IMMUTABLE", &[]);
        unknown.image_tag_mutability = None;
        assert_eq!(tag_immutable(&unknown, "1.0"), None);
    }
}
