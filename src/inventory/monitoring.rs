//! ECR repositories and registry scanning, CloudTrail trails, GuardDuty
//! detectors, EventBridge rules and CloudWatch log groups.

use serde::{Deserialize, Serialize};

use super::KmsKey;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EcrRepository {
    pub arn: String,
    pub name: String,
    pub scan_on_push: bool,
    pub encryption_type: EcrEncryption,
    /// The key of KMS encryption; `None` with `KMS` means the AWS-managed `aws/ecr` key.
    pub kms_key: Option<KmsKey>,
    /// `imageTagMutability`; `None` in a snapshot taken before posture read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_tag_mutability: Option<TagMutability>,
    /// The `WILDCARD` filters of `imageTagMutabilityExclusionFilters`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_mutability_exclusions: Vec<String>,
}

crate::closed_set! {
    /// Whether a repository lets a tag move to another image.
    pub enum TagMutability {
        Mutable = "MUTABLE",
        Immutable = "IMMUTABLE",
        /// Immutable but for the tags the exclusion filters match.
        ImmutableWithExclusion = "IMMUTABLE_WITH_EXCLUSION",
        /// Mutable but for the tags the exclusion filters match.
        MutableWithExclusion = "MUTABLE_WITH_EXCLUSION",
    }
}

crate::closed_set! {
    /// How a repository encrypts its images at rest.
    pub enum EcrEncryption {
        /// Amazon S3-managed keys: no KMS key at all.
        Aes256 = "AES256",
        /// A KMS key (the AWS-managed `aws/ecr` one unless a key is named).
        Kms = "KMS",
        /// Dual-layer encryption with a KMS key.
        KmsDsse = "KMS_DSSE",
    }
}

/// Registry-level scanning (`GetRegistryScanningConfiguration`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistryScanning {
    pub scan_type: ScanType,
    pub rules: Vec<ScanningRule>,
}

crate::closed_set! {
    /// The registry's scanner.
    pub enum ScanType {
        /// ECR's basic scanning.
        Basic = "BASIC",
        /// Amazon Inspector.
        Enhanced = "ENHANCED",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanningRule {
    pub frequency: ScanFrequency,
    /// Repository name filters (`WILDCARD`, the only type): one without `*`
    /// matches every name that contains it; `*` stands for any characters.
    pub filters: Vec<String>,
}

crate::closed_set! {
    /// When a registry scanning rule scans the images of its repositories.
    pub enum ScanFrequency {
        /// Each image as it is pushed.
        ScanOnPush = "SCAN_ON_PUSH",
        /// On push and again as new vulnerabilities are published (enhanced only).
        ContinuousScan = "CONTINUOUS_SCAN",
        /// Only when someone asks: pushed images go unscanned.
        Manual = "MANUAL",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trail {
    pub arn: String,
    pub name: String,
    pub home_region: Option<String>,
    pub multi_region: bool,
    /// DescribeTrails' IsOrganizationTrail; `None` in a snapshot recorded
    /// before posture read it.
    #[serde(default)]
    pub organization: Option<bool>,
    /// GetTrailStatus's IsLogging; `None` when it could not be read, or was
    /// not asked: only multi-region trails of the audited account are.
    pub logging: Option<bool>,
    /// GetEventSelectors; `None` when they could not be read (or were not
    /// asked, as for `logging`).
    #[serde(default)]
    pub event_selectors: Option<EventSelectors>,
    /// DescribeTrails' LogFileValidationEnabled; `None` in a snapshot
    /// recorded before posture read it.
    #[serde(default)]
    pub log_file_validation: Option<bool>,
    /// DescribeTrails' CloudWatch Logs destination; `None` in a snapshot
    /// recorded before posture read it.
    #[serde(default)]
    pub cloudwatch_logs: Option<CloudWatchLogsDestination>,
    /// GetTrailStatus's latest delivery to CloudWatch Logs; `None` when the
    /// status could not be read or was not asked (as for `logging`), or in a
    /// snapshot recorded before posture read it.
    #[serde(default)]
    pub cloudwatch_logs_delivery: Option<CloudWatchLogsDelivery>,
}

/// Where a trail sends its events besides S3.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CloudWatchLogsDestination {
    /// CloudWatchLogsLogGroupArn; `None`: the trail sends nothing to CloudWatch Logs.
    pub log_group_arn: Option<String>,
    /// CloudWatchLogsRoleArn: the role CloudTrail assumes to write there.
    pub role_arn: Option<String>,
}

/// GetTrailStatus on CloudWatch Logs delivery.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CloudWatchLogsDelivery {
    /// LatestCloudWatchLogsDeliveryTime; `None` when CloudTrail never delivered.
    pub latest_delivery_time: Option<chrono::DateTime<chrono::Utc>>,
    /// LatestCloudWatchLogsDeliveryError; `None` when CloudTrail reports none.
    pub latest_delivery_error: Option<String>,
}

impl Trail {
    /// The account that owns the trail, from its ARN: another account's for
    /// an organization trail seen from a member account.
    pub fn owner(&self) -> Option<&str> {
        self.arn.split(':').nth(4).filter(|a| !a.is_empty())
    }
}

/// A trail's event selectors: basic or advanced (AWS allows one kind a trail).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EventSelectors {
    pub basic: Vec<EventSelector>,
    pub advanced: Vec<AdvancedEventSelector>,
}

/// A basic event selector (management events, and data resources posture
/// does not judge).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventSelector {
    pub read_write_type: ReadWriteType,
    pub include_management_events: bool,
    /// Management event sources left out (AWS allows `kms.amazonaws.com`
    /// and `rdsdata.amazonaws.com`).
    pub exclude_management_event_sources: Vec<String>,
}

crate::closed_set! {
    /// Which events a basic selector records.
    pub enum ReadWriteType {
        ReadOnly = "ReadOnly",
        WriteOnly = "WriteOnly",
        All = "All",
    }
}

/// An advanced event selector: its field selectors all hold (AND).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdvancedEventSelector {
    pub name: Option<String>,
    pub field_selectors: Vec<FieldSelector>,
}

/// One condition of an advanced event selector on one event record field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FieldSelector {
    pub field: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_equals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starts_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_starts_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ends_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_ends_with: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Detector {
    pub id: String,
    /// `None` when GetDetector failed.
    pub status: Option<DetectorStatus>,
}

crate::closed_set! {
    /// Whether a GuardDuty detector is watching its region.
    pub enum DetectorStatus {
        Enabled = "ENABLED",
        /// Suspended: it keeps its configuration but analyses nothing.
        Disabled = "DISABLED",
    }
}

/// A rule of the region's default event bus, where AWS services (GuardDuty
/// among them) send their events.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EventRule {
    pub arn: String,
    pub name: String,
    pub state: RuleState,
    /// The rule's event pattern, as JSON text; `None` for a rule that runs
    /// on a schedule only.
    pub event_pattern: Option<String>,
    /// The ARNs of the rule's targets (ListTargetsByRule); `None` when they
    /// could not be read, or were not asked: only for enabled rules whose
    /// pattern may match GuardDuty's high and critical findings.
    pub targets: Option<Vec<String>>,
}

crate::closed_set! {
    /// Whether a rule routes the events it matches.
    pub enum RuleState {
        Enabled = "ENABLED",
        Disabled = "DISABLED",
        /// Enabled, and also matching read-only management events from CloudTrail.
        EnabledWithAllCloudtrailManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    }
}

impl RuleState {
    pub fn enabled(&self) -> bool {
        matches!(
            self,
            RuleState::Enabled | RuleState::EnabledWithAllCloudtrailManagementEvents
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogGroup {
    pub arn: String,
    pub name: String,
    /// CloudWatch Logs encrypts with customer-managed keys only: a key here is one.
    pub kms_key_id: Option<String>,
}
