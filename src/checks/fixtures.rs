//! Small inventories for unit tests, written as JSON like a snapshot.

use serde_json::{Value, json};

use super::{Selection, run};
use crate::checks::settings::Settings;
use crate::finding::{Finding, Status};
use crate::inventory::Inventory;

pub const ACCOUNT: &str = "123456789012";

/// Merge `patch` into `base`: objects key by key, everything else replaced.
fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p,
    }
}

/// An account where everything was collected and nothing exists; `account` and
/// `region` patch the account and its one region (us-east-1).
pub fn inventory(account: Value, region: Value) -> Inventory {
    let mut r = json!({
        "region": "us-east-1", "load_balancers": [], "certificates": [], "vpcs": [], "subnets": [],
        "route_tables": [], "internet_gateways": [], "security_groups": [], "network_interfaces": [],
        "prefix_lists": [], "flow_logs": [], "network_acls": [], "secrets": [], "dynamodb_tables": []
    });
    merge(&mut r, region);
    let mut a = json!({
        "account_id": ACCOUNT, "partition": "aws", "caller_arn": "arn:aws:iam::123456789012:user/auditor",
        "iam": {"users": [], "roles": [], "groups": [], "policies": []},
        "iam_summary": {"mfa_enabled": true, "access_keys_present": 0},
        "s3": {"buckets": []},
        "s3_account_public_access_block": {"block_public_acls": false, "ignore_public_acls": false,
            "block_public_policy": false, "restrict_public_buckets": false}
    });
    merge(&mut a, account);
    a["regions"] = json!([r]);
    let inv = json!({
        "schema": crate::inventory::SNAPSHOT_SCHEMA, "tool_version": "test",
        "started_at": "2026-11-23T12:00:00Z", "finished_at": "2026-11-23T12:00:01Z",
        "accounts": [a], "gaps": [], "api_calls": 0
    });
    serde_json::from_value(inv).expect("fixture is a valid inventory")
}

pub fn check(id: &str, inv: &Inventory) -> Vec<Finding> {
    check_with(id, inv, &Settings::default())
}

pub fn check_with(id: &str, inv: &Inventory, settings: &Settings) -> Vec<Finding> {
    let selection = Selection {
        only: vec![id.to_string()],
        opt_in: true,
        ..Selection::default()
    };
    run(inv, settings, &selection)
}

/// (resource name, status) of each finding, sorted.
pub fn verdicts(findings: &[Finding]) -> Vec<(String, Status)> {
    let mut v: Vec<(String, Status)> = findings
        .iter()
        .map(|f| (f.resource_name.clone(), f.status))
        .collect();
    v.sort();
    v
}

pub fn v(items: &[(&str, Status)]) -> Vec<(String, Status)> {
    let mut v: Vec<(String, Status)> = items.iter().map(|(n, s)| (n.to_string(), *s)).collect();
    v.sort();
    v
}
