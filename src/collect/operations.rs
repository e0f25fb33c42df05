//! Every AWS operation posture calls, with the IAM actions that allow it:
//! the one list `posture permissions` prints as a policy, and that the
//! emulator test holds every recorded call of a full audit against.

use serde_json::json;

/// When an operation is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// In every audit.
    Always,
    /// With `--role-arn` or `--org-role` (the SDK's credential provider calls it).
    AssumingRoles,
    /// With `--org-role`, in the management account.
    Organization,
    /// For a user the credential report does not hold, or when it cannot be had.
    CredentialReportFallback,
    /// Where ListBuckets gives no bucket region (emulators; AWS gives it).
    NoListedRegion,
    /// With `--inspect-secret-values`.
    SecretValues,
}

/// One operation: the SDK's service name (as `stats.calls` records it), the
/// operation's name, the IAM action that allows it, and any further action
/// AWS checks for the same call (another service's, when the answer comes
/// from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    pub service: &'static str,
    pub name: &'static str,
    pub action: &'static str,
    pub also: &'static [&'static str],
    pub when: When,
}

impl Operation {
    /// Every IAM action the call needs.
    pub fn actions(&self) -> impl Iterator<Item = &'static str> + use<> {
        std::iter::once(self.action).chain(self.also.iter().copied())
    }
}

const fn op(
    service: &'static str,
    name: &'static str,
    action: &'static str,
    when: When,
) -> Operation {
    Operation {
        service,
        name,
        action,
        also: &[],
        when,
    }
}

/// An operation AWS authorizes with more than one action.
const fn op_also(
    service: &'static str,
    name: &'static str,
    action: &'static str,
    also: &'static [&'static str],
    when: When,
) -> Operation {
    Operation {
        service,
        name,
        action,
        also,
        when,
    }
}

use When::*;

pub const ALL: &[Operation] = &[
    op("STS", "GetCallerIdentity", "sts:GetCallerIdentity", Always),
    op("STS", "AssumeRole", "sts:AssumeRole", AssumingRoles),
    op(
        "Organizations",
        "ListAccounts",
        "organizations:ListAccounts",
        Organization,
    ),
    op("EC2", "DescribeRegions", "ec2:DescribeRegions", Always),
    op("EC2", "DescribeVpcs", "ec2:DescribeVpcs", Always),
    op("EC2", "DescribeSubnets", "ec2:DescribeSubnets", Always),
    op(
        "EC2",
        "DescribeRouteTables",
        "ec2:DescribeRouteTables",
        Always,
    ),
    op(
        "EC2",
        "DescribeInternetGateways",
        "ec2:DescribeInternetGateways",
        Always,
    ),
    op(
        "EC2",
        "DescribeSecurityGroups",
        "ec2:DescribeSecurityGroups",
        Always,
    ),
    op(
        "EC2",
        "DescribeNetworkInterfaces",
        "ec2:DescribeNetworkInterfaces",
        Always,
    ),
    op(
        "EC2",
        "DescribeManagedPrefixLists",
        "ec2:DescribeManagedPrefixLists",
        Always,
    ),
    op(
        "EC2",
        "GetManagedPrefixListEntries",
        "ec2:GetManagedPrefixListEntries",
        Always,
    ),
    op("EC2", "DescribeFlowLogs", "ec2:DescribeFlowLogs", Always),
    op(
        "EC2",
        "DescribeNetworkAcls",
        "ec2:DescribeNetworkAcls",
        Always,
    ),
    op(
        "Elastic Load Balancing v2",
        "DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancers",
        Always,
    ),
    op(
        "Elastic Load Balancing v2",
        "DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        Always,
    ),
    op(
        "Elastic Load Balancing v2",
        "DescribeListeners",
        "elasticloadbalancing:DescribeListeners",
        Always,
    ),
    op(
        "Elastic Load Balancing v2",
        "DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroups",
        Always,
    ),
    op(
        "Elastic Load Balancing v2",
        "DescribeRules",
        "elasticloadbalancing:DescribeRules",
        Always,
    ),
    op(
        "Elastic Load Balancing v2",
        "DescribeListenerCertificates",
        "elasticloadbalancing:DescribeListenerCertificates",
        Always,
    ),
    op(
        "WAFV2",
        "GetWebACLForResource",
        "wafv2:GetWebACLForResource",
        Always,
    ),
    op(
        "ACM",
        "DescribeCertificate",
        "acm:DescribeCertificate",
        Always,
    ),
    op(
        "IAM",
        "GetAccountAuthorizationDetails",
        "iam:GetAccountAuthorizationDetails",
        Always,
    ),
    op("IAM", "ListRoles", "iam:ListRoles", Always),
    op("IAM", "GetPolicy", "iam:GetPolicy", Always),
    op("IAM", "GetPolicyVersion", "iam:GetPolicyVersion", Always),
    op(
        "IAM",
        "GenerateCredentialReport",
        "iam:GenerateCredentialReport",
        Always,
    ),
    op(
        "IAM",
        "GetCredentialReport",
        "iam:GetCredentialReport",
        Always,
    ),
    op("IAM", "ListAccessKeys", "iam:ListAccessKeys", Always),
    op(
        "IAM",
        "GetLoginProfile",
        "iam:GetLoginProfile",
        CredentialReportFallback,
    ),
    op(
        "IAM",
        "ListMFADevices",
        "iam:ListMFADevices",
        CredentialReportFallback,
    ),
    op("IAM", "GetAccountSummary", "iam:GetAccountSummary", Always),
    op(
        "IAM",
        "ListOrganizationsFeatures",
        "iam:ListOrganizationsFeatures",
        Always,
    ),
    op("S3", "ListBuckets", "s3:ListAllMyBuckets", Always),
    op(
        "S3",
        "GetBucketLocation",
        "s3:GetBucketLocation",
        NoListedRegion,
    ),
    op("S3", "ListObjectsV2", "s3:ListBucket", Always),
    op(
        "S3",
        "GetBucketVersioning",
        "s3:GetBucketVersioning",
        Always,
    ),
    op(
        "S3",
        "GetBucketEncryption",
        "s3:GetEncryptionConfiguration",
        Always,
    ),
    op(
        "S3",
        "GetPublicAccessBlock",
        "s3:GetBucketPublicAccessBlock",
        Always,
    ),
    op("S3", "GetBucketPolicy", "s3:GetBucketPolicy", Always),
    op("S3", "GetBucketLogging", "s3:GetBucketLogging", Always),
    op(
        "S3 Control",
        "GetPublicAccessBlock",
        "s3:GetAccountPublicAccessBlock",
        Always,
    ),
    op("KMS", "DescribeKey", "kms:DescribeKey", Always),
    op("KMS", "ListKeys", "kms:ListKeys", Always),
    op("KMS", "ListAliases", "kms:ListAliases", Always),
    op(
        "KMS",
        "GetKeyRotationStatus",
        "kms:GetKeyRotationStatus",
        Always,
    ),
    op(
        "Secrets Manager",
        "ListSecrets",
        "secretsmanager:ListSecrets",
        Always,
    ),
    op(
        "Secrets Manager",
        "GetSecretValue",
        "secretsmanager:GetSecretValue",
        SecretValues,
    ),
    op("DynamoDB", "ListTables", "dynamodb:ListTables", Always),
    op(
        "DynamoDB",
        "DescribeTable",
        "dynamodb:DescribeTable",
        Always,
    ),
    op(
        "DynamoDB",
        "DescribeContinuousBackups",
        "dynamodb:DescribeContinuousBackups",
        Always,
    ),
    op("ECS", "ListClusters", "ecs:ListClusters", Always),
    op("ECS", "DescribeClusters", "ecs:DescribeClusters", Always),
    op("ECS", "ListServices", "ecs:ListServices", Always),
    op("ECS", "DescribeServices", "ecs:DescribeServices", Always),
    op(
        "ECS",
        "DescribeTaskDefinition",
        "ecs:DescribeTaskDefinition",
        Always,
    ),
    op(
        "ECR",
        "DescribeRepositories",
        "ecr:DescribeRepositories",
        Always,
    ),
    op(
        "ECR",
        "GetRegistryScanningConfiguration",
        "ecr:GetRegistryScanningConfiguration",
        Always,
    ),
    // Under enhanced scanning the findings are Amazon Inspector's: ECR
    // documents inspector2:ListFindings as needed to retrieve them.
    op_also(
        "ECR",
        "DescribeImageScanFindings",
        "ecr:DescribeImageScanFindings",
        &["inspector2:ListFindings"],
        Always,
    ),
    op(
        "CloudTrail",
        "DescribeTrails",
        "cloudtrail:DescribeTrails",
        Always,
    ),
    op(
        "CloudTrail",
        "GetTrailStatus",
        "cloudtrail:GetTrailStatus",
        Always,
    ),
    op(
        "CloudTrail",
        "GetEventSelectors",
        "cloudtrail:GetEventSelectors",
        Always,
    ),
    op(
        "GuardDuty",
        "ListDetectors",
        "guardduty:ListDetectors",
        Always,
    ),
    op("GuardDuty", "GetDetector", "guardduty:GetDetector", Always),
    op("EventBridge", "ListRules", "events:ListRules", Always),
    op(
        "EventBridge",
        "ListTargetsByRule",
        "events:ListTargetsByRule",
        Always,
    ),
    op(
        "CloudWatch Logs",
        "DescribeLogGroups",
        "logs:DescribeLogGroups",
        Always,
    ),
    op(
        "RDS",
        "DescribeDBInstances",
        "rds:DescribeDBInstances",
        Always,
    ),
    op(
        "RDS",
        "DescribeDBClusters",
        "rds:DescribeDBClusters",
        Always,
    ),
    op(
        "RDS",
        "DescribeDBParameters",
        "rds:DescribeDBParameters",
        Always,
    ),
    op(
        "RDS",
        "DescribeDBClusterParameters",
        "rds:DescribeDBClusterParameters",
        Always,
    ),
    op(
        "RDS",
        "DescribeDBSnapshots",
        "rds:DescribeDBSnapshots",
        Always,
    ),
    op(
        "RDS",
        "DescribeDBSnapshotAttributes",
        "rds:DescribeDBSnapshotAttributes",
        Always,
    ),
    op(
        "RDS",
        "DescribeDBClusterSnapshots",
        "rds:DescribeDBClusterSnapshots",
        Always,
    ),
    op(
        "RDS",
        "DescribeDBClusterSnapshotAttributes",
        "rds:DescribeDBClusterSnapshotAttributes",
        Always,
    ),
];

/// The operation of a recorded call, if posture declares it.
pub fn find(service: &str, name: &str) -> Option<&'static Operation> {
    ALL.iter().find(|o| o.service == service && o.name == name)
}

/// The IAM actions a policy must allow, sorted, each once; GetSecretValue
/// only when `secret_values` (it reads data, not metadata).
pub fn actions(secret_values: bool) -> Vec<&'static str> {
    let mut actions: Vec<&str> = ALL
        .iter()
        .filter(|o| secret_values || o.when != When::SecretValues)
        .flat_map(Operation::actions)
        .collect();
    actions.sort_unstable();
    actions.dedup();
    actions
}

/// The least-privilege policy document, ready for `aws iam create-policy`.
pub fn policy_json(secret_values: bool) -> String {
    let document = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PostureReadOnlyAudit",
            "Effect": "Allow",
            "Action": actions(secret_values),
            "Resource": "*",
        }],
    });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

/// The same policy as Terraform's `aws_iam_policy_document` data source.
pub fn policy_terraform(secret_values: bool) -> String {
    let mut out = String::from(
        "data \"aws_iam_policy_document\" \"posture\" {\n  statement {\n    sid       = \"PostureReadOnlyAudit\"\n    effect    = \"Allow\"\n    resources = [\"*\"]\n    actions = [\n",
    );
    for action in actions(secret_values) {
        out.push_str(&format!("      \"{action}\",\n"));
    }
    out.push_str("    ]\n  }\n}\n\nresource \"aws_iam_policy\" \"posture\" {\n  name   = \"posture-audit\"\n  policy = data.aws_iam_policy_document.posture.json\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::is_read_only;

    #[test]
    fn every_declared_operation_is_once_and_a_read_but_the_named_exceptions() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(
                !ALL[i + 1..]
                    .iter()
                    .any(|b| a.service == b.service && a.name == b.name),
                "{a:?} twice"
            );
            // Reads by name; AssumeRole and GenerateCredentialReport are
            // allowed by name (they change nothing a check judges).
            let read = ["Describe", "List", "Get"]
                .iter()
                .any(|p| a.name.starts_with(p));
            assert!(
                read || ["AssumeRole", "GenerateCredentialReport"].contains(&a.name),
                "{a:?} is not a read"
            );
            for full in a.actions() {
                let (prefix, action) = full.split_once(':').unwrap();
                assert!(!prefix.is_empty() && !action.is_empty(), "{a:?}");
            }
        }
        assert!(find("S3", "ListObjectsV2").is_some());
        assert!(find("S3", "PutObject").is_none());
    }

    #[test]
    fn the_policy_holds_each_action_once_and_secret_values_only_when_asked() {
        let without = actions(false);
        let with = actions(true);
        assert!(!without.contains(&"secretsmanager:GetSecretValue"));
        assert!(with.contains(&"secretsmanager:GetSecretValue"));
        assert_eq!(with.len(), without.len() + 1);
        // The two GetPublicAccessBlock operations are two actions.
        assert!(without.contains(&"s3:GetBucketPublicAccessBlock"));
        assert!(without.contains(&"s3:GetAccountPublicAccessBlock"));
        // One operation, two actions: both are in the policy.
        assert!(without.contains(&"ecr:DescribeImageScanFindings"));
        assert!(without.contains(&"inspector2:ListFindings"));
        let doc: serde_json::Value = serde_json::from_str(&policy_json(false)).unwrap();
        assert_eq!(
            doc["Statement"][0]["Action"].as_array().unwrap().len(),
            without.len()
        );
        // Every action but the two named ones is a read by IAM's own naming.
        for action in &without {
            let exception = ["sts:AssumeRole", "iam:GenerateCredentialReport"].contains(action);
            assert!(exception || is_read_only(action), "{action}");
        }
        let tf = policy_terraform(false);
        assert!(
            tf.contains("\"s3:ListBucket\",") && tf.contains("data \"aws_iam_policy_document\"")
        );
    }
}
