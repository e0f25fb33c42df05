//! `ecr-scan-on-push`: Every ECR repository scans images for vulnerabilities on push.

use globset::Glob;

use super::*;
use crate::inventory::ScanFrequency;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<EcrRepositories>(inv, |out, at, repo| {
        let name = &repo.name;
        let finding = out
            .on(at, &repo.arn, name)
            .evidence("scan_on_push", repo.scan_on_push);
        if repo.scan_on_push {
            return finding.pass(format!("Repository {name} scans images on push."));
        }
        // Registry-level rules scan repositories their filters match, whatever
        // the repository's own setting.
        let Some(registry) = &at.region.ecr_registry_scanning else {
            return finding.unknown(format!(
                "Repository {name} does not scan on push and the registry's scanning rules could not be read."
            ));
        };
        let rule = registry.rules.iter().find(|r| {
            matches!(
                r.frequency,
                ScanFrequency::ScanOnPush | ScanFrequency::ContinuousScan
            ) && r.filters.iter().any(|f| filter_matches(f, name))
        });
        let finding = finding.evidence("registry_scan_type", &registry.scan_type);
        match rule {
            Some(r) => finding
                .evidence(
                    "registry_rule",
                    format!("{} {}", r.frequency, r.filters.join(",")),
                )
                .pass(format!(
                    "Registry {} scanning covers repository {name}.",
                    registry.scan_type
                )),
            None => finding.fail(format!(
                "Images pushed to {name} are never scanned for vulnerabilities."
            )),
        }
    });
}

/// A repository filter matches names as a glob; one that is no valid glob matches nothing.
fn filter_matches(filter: &str, repository: &str) -> bool {
    Glob::new(filter)
        .map(|g| g.compile_matcher().is_match(repository))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{repo, repositories};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn the_repository_setting_or_a_matching_registry_rule_scans() {
        let findings = check("ecr-scan-on-push", &repositories());
        assert_eq!(
            verdicts(&findings),
            v(&[("app", Fail), ("worker", Pass), ("team-a-api", Pass)])
        );
        let covered = &findings[2];
        assert_eq!(covered.evidence["registry_scan_type"], "ENHANCED");
        assert_eq!(
            covered.evidence["registry_rule"],
            "CONTINUOUS_SCAN team-a-*"
        );
        assert_eq!(
            covered.message,
            "Registry ENHANCED scanning covers repository team-a-api."
        );
    }

    #[test]
    fn a_manual_rule_scans_nothing_pushed() {
        let inv = inventory(
            json!({}),
            json!({
                "ecr_repositories": [repo("app", false, "AES256", Value::Null)],
                "ecr_registry_scanning": {"scan_type": "BASIC", "rules": [{"frequency": "MANUAL", "filters": ["*"]}]}
            }),
        );
        assert_eq!(
            verdicts(&check("ecr-scan-on-push", &inv)),
            v(&[("app", Fail)])
        );
    }

    #[test]
    fn unread_registry_rules_leave_a_non_scanning_repository_unknown() {
        let inv = inventory(
            json!({}),
            json!({
                "ecr_repositories": [repo("app", false, "AES256", Value::Null), repo("worker", true, "AES256", Value::Null)],
                "ecr_registry_scanning": null
            }),
        );
        assert_eq!(
            verdicts(&check("ecr-scan-on-push", &inv)),
            v(&[("app", Unknown), ("worker", Pass)])
        );
        let unlisted = inventory(json!({}), json!({"ecr_repositories": null}));
        assert_eq!(
            verdicts(&check("ecr-scan-on-push", &unlisted)),
            v(&[("ECR repositories", Unknown)])
        );
    }
}
