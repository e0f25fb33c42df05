//! `tf-ignores-reviewed`: every `tfsec:ignore` / `trivy:ignore` comment of the
//! Terraform source (`--terraform-dir`) is reviewed: each fails until a
//! suppression in `posture.toml` records who accepted it, why, and until when.

use std::collections::BTreeMap;

use super::*;

/// One finding per ignore comment, on the audited (first) account: the
/// source is that account's configuration. Without `--terraform-dir` there
/// is nothing to judge.
pub fn run(out: &mut Out, inv: &Inventory) {
    let (Some(source), Some(account)) = (&inv.terraform, inv.accounts.first()) else {
        return;
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for ignore in &source.ignores {
        // Named by the block it silences, not its line, so that a
        // suppression outlives edits above it; a second ignore of the same
        // rule on the same block is told apart by its rank.
        let place = ignore
            .address
            .clone()
            .unwrap_or_else(|| format!("line {}", ignore.line));
        let key = format!(
            "terraform:{}:{place}:{}:ignore:{}",
            ignore.file, ignore.scanner, ignore.rule
        );
        let rank = seen.entry(key.clone()).or_default();
        *rank += 1;
        let resource = if *rank == 1 {
            key
        } else {
            format!("{key}#{rank}")
        };
        let directive = format!("{}:ignore:{}", ignore.scanner, ignore.rule);
        let name = format!("{}:{} {directive}", ignore.file, ignore.line);
        let mut finding = out
            .on(Global { account }, &resource, &name)
            .evidence("file", &ignore.file)
            .evidence("line", ignore.line)
            .evidence("scanner", &ignore.scanner)
            .evidence("rule", &ignore.rule);
        if let Some(address) = &ignore.address {
            finding = finding.evidence("block", address);
        }
        if let Some(expires) = &ignore.expires {
            finding = finding.evidence("ignore_expires", expires);
        }
        let on = ignore
            .address
            .as_deref()
            .map_or(String::new(), |a| format!(" on {a}"));
        finding.fail(format!(
            "{}:{}: `{directive}`{on} silences a scanner warning nobody has recorded a review of: resolve the warning and remove the comment, or suppress this finding in posture.toml with the reason and an expiry.",
            ignore.file, ignore.line
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory};
    use crate::finding::Status;

    #[test]
    fn each_ignore_fails_named_by_its_block_and_rule() {
        let mut inv = inventory(json!({}), json!({}));
        let ignore = |line: usize, rule: &str, address: Option<&str>| json!({"file": "alb.tf", "line": line, "scanner": "tfsec", "rule": rule, "address": address});
        inv.terraform = Some(
            serde_json::from_value(json!({"ignores": [
                ignore(3, "aws-elb-alb-not-public", Some("aws_lb.main")),
                ignore(9, "aws-elb-alb-not-public", Some("aws_lb.main")),
                ignore(20, "aws-vpc-no-public-egress-sgr", None),
            ]}))
            .unwrap(),
        );
        let findings = check("tf-ignores-reviewed", &inv);
        assert_eq!(findings.len(), 3);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        let resources: Vec<&str> = findings.iter().map(|f| f.resource.as_str()).collect();
        assert!(
            resources.contains(&"terraform:alb.tf:aws_lb.main:tfsec:ignore:aws-elb-alb-not-public")
        );
        assert!(
            resources
                .contains(&"terraform:alb.tf:aws_lb.main:tfsec:ignore:aws-elb-alb-not-public#2")
        );
        assert!(
            resources
                .contains(&"terraform:alb.tf:line 20:tfsec:ignore:aws-vpc-no-public-egress-sgr")
        );
        let first = findings
            .iter()
            .find(|f| f.resource_name == "alb.tf:3 tfsec:ignore:aws-elb-alb-not-public")
            .unwrap();
        assert_eq!(first.evidence["block"], "aws_lb.main");
        assert_eq!(first.region, "global");
        assert!(
            first.message.contains("on aws_lb.main"),
            "{}",
            first.message
        );
    }

    #[test]
    fn without_the_source_nothing_is_judged() {
        let inv = inventory(json!({}), json!({}));
        assert!(check("tf-ignores-reviewed", &inv).is_empty());
    }
}
