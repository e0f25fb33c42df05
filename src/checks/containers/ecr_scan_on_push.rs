//! `ecr-scan-on-push`: Every ECR repository scans images for vulnerabilities on push.
//!
//! The registry's scanning configuration decides, as ECR applies it:
//! - `ENHANCED` (Amazon Inspector): a repository is scanned when a
//!   `SCAN_ON_PUSH` or `CONTINUOUS_SCAN` rule's filter matches its name; any
//!   other has scanning disabled, whatever its own `scanOnPush` says.
//! - `BASIC`: a `SCAN_ON_PUSH` rule whose filter matches scans it on push.
//!   A registry without rules (the default) leaves it to the repository's
//!   own `scanOnPush`; once the registry has rules, a repository no
//!   scan-on-push filter matches is set to manual scanning.

use super::*;
use crate::inventory::{RegistryScanning, ScanFrequency, ScanType, ScanningRule};

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<EcrRepositories>(inv, |out, at, repo| {
        let name = &repo.name;
        let finding = out
            .on(at, &repo.arn, name)
            .evidence("scan_on_push", repo.scan_on_push);
        let Some(registry) = &at.region.ecr_registry_scanning else {
            return finding.unknown(format!(
                "The registry's scanning configuration could not be read, and it decides whether {name} is scanned (under enhanced scanning the repository's own setting is ignored)."
            ));
        };
        let finding = finding.evidence("registry_scan_type", &registry.scan_type);
        let scanning: &[ScanFrequency] = match registry.scan_type {
            // ECR enforces a continuous filter over a scan-on-push one.
            ScanType::Enhanced => &[ScanFrequency::ContinuousScan, ScanFrequency::ScanOnPush],
            ScanType::Basic => &[ScanFrequency::ScanOnPush],
            ScanType::Other(ref other) => {
                return finding.unknown(format!(
                    "The registry's scan type {other} is unknown to posture: whether {name} is scanned cannot be told."
                ));
            }
        };
        if let Some(rule) = scanning.iter().find_map(|f| matching(registry, f, name)) {
            return finding
                .evidence("registry_rule", describe(rule))
                .pass(format!(
                    "Registry {} scanning ({}) covers repository {name}.",
                    registry.scan_type, rule.frequency
                ));
        }
        // A matching rule whose frequency posture does not know.
        let odd = registry.rules.iter().find(|r| {
            matches!(r.frequency, ScanFrequency::Other(_)) && covers(r, name)
        });
        if let Some(rule) = odd {
            return finding.evidence("registry_rule", describe(rule)).unknown(format!(
                "Registry rule {} matches {name}; posture does not know that scan frequency.",
                describe(rule)
            ));
        }
        // Registry rules with filters take over from the repositories' own settings.
        let registry_rules = registry.rules.iter().any(|r| !r.filters.is_empty());
        match registry.scan_type {
            ScanType::Basic if !registry_rules && repo.scan_on_push => finding.pass(format!(
                "Repository {name} scans images on push (basic scanning)."
            )),
            ScanType::Basic if repo.scan_on_push => finding.fail(format!(
                "Images pushed to {name} are not scanned: its own scan on push is on, but no registry scan-on-push filter matches it, and ECR sets such repositories to manual scanning."
            )),
            ScanType::Enhanced if repo.scan_on_push => finding.fail(format!(
                "Images pushed to {name} are never scanned: the registry uses enhanced scanning and no rule's filter matches the repository, so its own scan-on-push setting is ignored."
            )),
            _ => finding.fail(format!(
                "Images pushed to {name} are never scanned for vulnerabilities."
            )),
        }
    });
}

/// The first rule of `frequency` whose filters match `repository`.
fn matching<'r>(
    registry: &'r RegistryScanning,
    frequency: &ScanFrequency,
    repository: &str,
) -> Option<&'r ScanningRule> {
    registry
        .rules
        .iter()
        .find(|r| &r.frequency == frequency && covers(r, repository))
}

fn covers(rule: &ScanningRule, repository: &str) -> bool {
    rule.filters.iter().any(|f| filter_matches(f, repository))
}

fn describe(rule: &ScanningRule) -> String {
    format!("{} {}", rule.frequency, rule.filters.join(","))
}

/// A `WILDCARD` repository filter, as ECR documents it: without `*` it
/// matches every name that contains it; with `*` it matches the whole name,
/// each `*` standing for zero or more characters.
fn filter_matches(filter: &str, repository: &str) -> bool {
    if !filter.contains('*') {
        return repository.contains(filter);
    }
    let parts: Vec<&str> = filter.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if repository.len() < first.len() + last.len()
        || !repository.starts_with(first)
        || !repository.ends_with(last)
    {
        return false;
    }
    // The middle parts, in order, between the fixed start and end.
    let mut rest = &repository[first.len()..repository.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::repo;
    use super::filter_matches;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Finding;
    use crate::finding::Status::{Fail, Pass, Unknown};
    use crate::inventory::Inventory;

    /// Repositories `(name, scan_on_push)` under a registry configuration.
    fn registry(repos: &[(&str, bool)], scanning: Value) -> Inventory {
        let repos: Vec<Value> = repos
            .iter()
            .map(|(name, push)| repo(name, *push, "AES256", Value::Null))
            .collect();
        inventory(
            json!({}),
            json!({"ecr_repositories": repos, "ecr_registry_scanning": scanning}),
        )
    }

    fn rule(frequency: &str, filters: &[&str]) -> Value {
        json!({"frequency": frequency, "filters": filters})
    }

    fn judge(inv: &Inventory) -> Vec<Finding> {
        check("ecr-scan-on-push", inv)
    }

    /// The table of AWS's "Filter wildcards" documentation, row by row.
    #[test]
    fn filters_match_as_ecr_documents() {
        let names = [
            "prod",
            "repo-prod",
            "prod-repo",
            "repo-prod-repo",
            "prodrepo",
        ];
        let table = [
            ("prod", [true, true, true, true, true]),
            ("*prod", [true, true, false, false, false]),
            ("prod*", [true, false, true, false, true]),
            ("*prod*", [true, true, true, true, true]),
            ("prod*repo", [false, false, true, false, true]),
        ];
        for (filter, expected) in table {
            for (name, want) in names.iter().zip(expected) {
                assert_eq!(filter_matches(filter, name), want, "{filter} on {name}");
            }
        }
        assert!(filter_matches("*", "anything/at-all"));
        assert!(filter_matches("team-*/api", "team-a/api"));
        assert!(!filter_matches("a*a", "a"));
        assert!(filter_matches("a*a", "aa"));
    }

    #[test]
    fn basic_scanning_without_rules_follows_the_repository() {
        let inv = registry(
            &[("app", false), ("worker", true)],
            json!({"scan_type": "BASIC", "rules": []}),
        );
        let findings = judge(&inv);
        assert_eq!(verdicts(&findings), v(&[("app", Fail), ("worker", Pass)]));
        let worker = findings
            .iter()
            .find(|f| f.resource_name == "worker")
            .unwrap();
        assert_eq!(
            worker.message,
            "Repository worker scans images on push (basic scanning)."
        );
        assert_eq!(worker.evidence["registry_scan_type"], "BASIC");
        let app = findings.iter().find(|f| f.resource_name == "app").unwrap();
        assert_eq!(
            app.message,
            "Images pushed to app are never scanned for vulnerabilities."
        );
    }

    #[test]
    fn basic_scan_on_push_filters_scan_what_they_match_and_only_that() {
        let inv = registry(
            &[("team-api", false), ("batch-jobs", true), ("web", false)],
            json!({"scan_type": "BASIC", "rules": [rule("SCAN_ON_PUSH", &["api"])]}),
        );
        let findings = judge(&inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("batch-jobs", Fail), ("team-api", Pass), ("web", Fail)])
        );
        let api = findings
            .iter()
            .find(|f| f.resource_name == "team-api")
            .unwrap();
        assert_eq!(api.evidence["registry_rule"], "SCAN_ON_PUSH api");
        assert_eq!(
            api.message,
            "Registry BASIC scanning (SCAN_ON_PUSH) covers repository team-api."
        );
        let jobs = findings
            .iter()
            .find(|f| f.resource_name == "batch-jobs")
            .unwrap();
        assert_eq!(
            jobs.message,
            "Images pushed to batch-jobs are not scanned: its own scan on push is on, but no registry scan-on-push filter matches it, and ECR sets such repositories to manual scanning."
        );
    }

    /// BASIC offers only scan on push: a continuous rule there (AWS refuses
    /// one) vouches for nothing.
    #[test]
    fn basic_scanning_has_no_continuous_rules() {
        let inv = registry(
            &[("app", false)],
            json!({"scan_type": "BASIC", "rules": [rule("CONTINUOUS_SCAN", &["*"])]}),
        );
        assert_eq!(verdicts(&judge(&inv)), v(&[("app", Fail)]));
    }

    #[test]
    fn enhanced_scanning_covers_only_what_its_filters_match() {
        let inv = registry(
            &[
                ("team-a-api", false),
                ("worker", true),
                ("team-b-api", false),
            ],
            json!({"scan_type": "ENHANCED", "rules": [
                rule("CONTINUOUS_SCAN", &["team-a-*"]),
                rule("SCAN_ON_PUSH", &["team-b"])
            ]}),
        );
        let findings = judge(&inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("team-a-api", Pass), ("team-b-api", Pass), ("worker", Fail)])
        );
        let covered = findings
            .iter()
            .find(|f| f.resource_name == "team-a-api")
            .unwrap();
        assert_eq!(covered.evidence["registry_scan_type"], "ENHANCED");
        assert_eq!(
            covered.evidence["registry_rule"],
            "CONTINUOUS_SCAN team-a-*"
        );
        assert_eq!(
            covered.message,
            "Registry ENHANCED scanning (CONTINUOUS_SCAN) covers repository team-a-api."
        );
        let worker = findings
            .iter()
            .find(|f| f.resource_name == "worker")
            .unwrap();
        assert_eq!(
            worker.message,
            "Images pushed to worker are never scanned: the registry uses enhanced scanning and no rule's filter matches the repository, so its own scan-on-push setting is ignored."
        );
        assert_eq!(worker.evidence["scan_on_push"], "true");
    }

    /// Where a continuous and a scan-on-push filter both match, ECR enforces
    /// the continuous one: the evidence names it.
    #[test]
    fn a_continuous_rule_wins_over_scan_on_push() {
        let inv = registry(
            &[("prod-app", false)],
            json!({"scan_type": "ENHANCED", "rules": [
                rule("SCAN_ON_PUSH", &["prod-*"]),
                rule("CONTINUOUS_SCAN", &["*"])
            ]}),
        );
        let findings = judge(&inv);
        assert_eq!(findings[0].evidence["registry_rule"], "CONTINUOUS_SCAN *");
    }

    #[test]
    fn a_manual_rule_scans_nothing_pushed() {
        let inv = registry(
            &[("app", false)],
            json!({"scan_type": "BASIC", "rules": [rule("MANUAL", &["*"])]}),
        );
        assert_eq!(verdicts(&judge(&inv)), v(&[("app", Fail)]));
        // The registry's rules decide, not the repository's own setting.
        let flagged = registry(
            &[("app", true)],
            json!({"scan_type": "BASIC", "rules": [rule("MANUAL", &["*"])]}),
        );
        assert_eq!(verdicts(&judge(&flagged)), v(&[("app", Fail)]));
    }

    #[test]
    fn what_posture_does_not_know_is_unknown() {
        let scan_type = registry(
            &[("app", true)],
            json!({"scan_type": "SUPER", "rules": [rule("SCAN_ON_PUSH", &["*"])]}),
        );
        let findings = judge(&scan_type);
        assert_eq!(verdicts(&findings), v(&[("app", Unknown)]));
        assert_eq!(
            findings[0].message,
            "The registry's scan type SUPER is unknown to posture: whether app is scanned cannot be told."
        );
        let frequency = registry(
            &[("app", false)],
            json!({"scan_type": "ENHANCED", "rules": [rule("HOURLY", &["app"])]}),
        );
        let findings = judge(&frequency);
        assert_eq!(verdicts(&findings), v(&[("app", Unknown)]));
        assert_eq!(findings[0].evidence["registry_rule"], "HOURLY app");
    }

    /// Without the registry's configuration, not even a repository's own
    /// flag can pass: under enhanced scanning it is ignored.
    #[test]
    fn unread_registry_rules_leave_every_repository_unknown() {
        let inv = inventory(
            json!({}),
            json!({
                "ecr_repositories": [repo("app", false, "AES256", Value::Null), repo("worker", true, "AES256", Value::Null)],
                "ecr_registry_scanning": null
            }),
        );
        let findings = judge(&inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("app", Unknown), ("worker", Unknown)])
        );
        assert_eq!(
            findings[1].message,
            "The registry's scanning configuration could not be read, and it decides whether worker is scanned (under enhanced scanning the repository's own setting is ignored)."
        );
        let unlisted = inventory(json!({}), json!({"ecr_repositories": null}));
        assert_eq!(
            verdicts(&judge(&unlisted)),
            v(&[("ECR repositories", Unknown)])
        );
    }
}
