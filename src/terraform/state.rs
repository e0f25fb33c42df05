//! Reading a Terraform state for the identities of what it manages: a state
//! file of format version 4 (what `terraform state pull` prints; Terraform
//! 0.12 and later) or the JSON of `terraform show -json`.
//!
//! A state holds secret values in plain text (a `secret_string`, a
//! database's `password`). Only the `arn` and `id` attributes of each
//! instance are kept: every other attribute is skipped by the parser as it
//! streams past, and nothing of the file is written anywhere.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// The instances of one state: each with the keys that name it, and its
/// address.
pub type Instances = Vec<(Vec<(String, Strength)>, String)>;

/// How much a key says about the instance it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// The instance's `id`, when it is an ARN or an EC2-style id: a
    /// resource attached to another (a secret's rotation) may share it.
    Id,
    /// The instance's own `arn`.
    Arn,
}

/// The two formats in one shape: what is absent is `None`.
#[derive(Deserialize)]
struct Document {
    version: Option<Value>,
    resources: Option<Vec<V4Resource>>,
    format_version: Option<String>,
    values: Option<ShowValues>,
}

#[derive(Deserialize)]
struct V4Resource {
    #[serde(default)]
    module: Option<String>,
    #[serde(default)]
    mode: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    instances: Vec<V4Instance>,
}

#[derive(Deserialize)]
struct V4Instance {
    #[serde(default)]
    index_key: Option<Value>,
    #[serde(default)]
    attributes: Option<Identifying>,
}

/// The attributes that name an instance; every other is skipped unread.
#[derive(Deserialize, Default)]
struct Identifying {
    #[serde(default)]
    arn: Option<Value>,
    #[serde(default)]
    id: Option<Value>,
}

#[derive(Deserialize)]
struct ShowValues {
    root_module: Option<ShowModule>,
}

#[derive(Deserialize)]
struct ShowModule {
    #[serde(default)]
    resources: Vec<ShowResource>,
    #[serde(default)]
    child_modules: Vec<ShowModule>,
}

#[derive(Deserialize)]
struct ShowResource {
    #[serde(default)]
    address: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    values: Option<Identifying>,
}

/// Every managed resource instance of the state at `path`, or why it cannot
/// be read (the message names the file).
pub fn read(path: &Path) -> Result<Instances, String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let document: Document = serde_json::from_reader(BufReader::new(file)).map_err(|e| {
        format!(
            "{}: not a Terraform state ({e}); give the file `terraform state pull` or `terraform show -json` writes",
            path.display()
        )
    })?;
    parse(document).map_err(|why| format!("{}: {why}", path.display()))
}

fn parse(document: Document) -> Result<Instances, String> {
    if let Some(values) = document.values {
        if document.format_version.is_none() {
            return Err(
                "has `values` but no `format_version`: not `terraform show -json` output".into(),
            );
        }
        let mut out = Vec::new();
        if let Some(root) = values.root_module {
            walk_show(root, &mut out);
        }
        return Ok(out);
    }
    match document.version.as_ref().and_then(Value::as_u64) {
        Some(4) => {}
        Some(other) => {
            return Err(format!(
                "a state of format version {other}; posture reads version 4 (Terraform 0.12 and later: `terraform state pull` writes it)"
            ));
        }
        None => {
            return Err(
                "neither a state (no `version`) nor `terraform show -json` output (no `values`)"
                    .into(),
            );
        }
    }
    let mut out = Vec::new();
    for resource in document.resources.unwrap_or_default() {
        if resource.mode != "managed" {
            continue;
        }
        let base = match resource.module.as_deref().filter(|m| !m.is_empty()) {
            Some(module) => format!("{module}.{}.{}", resource.kind, resource.name),
            None => format!("{}.{}", resource.kind, resource.name),
        };
        for instance in resource.instances {
            let address = match &instance.index_key {
                None | Some(Value::Null) => base.clone(),
                Some(Value::String(key)) => format!("{base}[{}]", Value::from(key.as_str())),
                Some(other) => format!("{base}[{other}]"),
            };
            let keys = keys(instance.attributes.unwrap_or_default());
            if !keys.is_empty() {
                out.push((keys, address));
            }
        }
    }
    Ok(out)
}

fn walk_show(module: ShowModule, out: &mut Instances) {
    for resource in module.resources {
        if resource.mode != "managed" || resource.address.is_empty() {
            continue;
        }
        let keys = keys(resource.values.unwrap_or_default());
        if !keys.is_empty() {
            out.push((keys, resource.address));
        }
    }
    for child in module.child_modules {
        walk_show(child, out);
    }
}

/// The keys an instance is found by: its `arn`, and its `id` when that is
/// an ARN or an EC2-style id (an `id` like a name is not unique across
/// types).
fn keys(attributes: Identifying) -> Vec<(String, Strength)> {
    let mut keys = Vec::new();
    if let Some(Value::String(arn)) = attributes.arn
        && arn.starts_with("arn:")
    {
        keys.push((arn, Strength::Arn));
    }
    if let Some(Value::String(id)) = attributes.id
        && (id.starts_with("arn:") || is_aws_id(&id))
        && !keys.iter().any(|(k, _)| *k == id)
    {
        keys.push((id, Strength::Id));
    }
    keys
}

/// An id as EC2 and its kin make them: a prefix, a dash, 8 or 17 hex digits
/// (`sg-0abc…`, `vpc-…`, `subnet-…`, `acl-…`, `rtb-…`, `fl-…`).
pub fn is_aws_id(id: &str) -> bool {
    let Some((prefix, hex)) = id.rsplit_once('-') else {
        return false;
    };
    !prefix.is_empty()
        && prefix.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && (8..=17).contains(&hex.len())
        && hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// The EC2-style id at the end of an ARN (`…:security-group/sg-0abc…`).
pub fn resource_id(arn: &str) -> Option<&str> {
    if !arn.starts_with("arn:") {
        return None;
    }
    let last = arn.rsplit(['/', ':']).next()?;
    is_aws_id(last).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Instances, String> {
        parse(serde_json::from_str(text).map_err(|e| e.to_string())?)
    }

    #[test]
    fn a_v4_state_gives_each_managed_instance_its_address_and_only_its_names() {
        let state = r#"{
          "version": 4, "terraform_version": "1.9.5", "serial": 3, "lineage": "x",
          "resources": [
            {"mode": "managed", "type": "aws_lb", "name": "main", "provider": "p",
             "instances": [{"attributes": {"arn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/1",
                                            "id": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/1",
                                            "name": "web"}}]},
            {"module": "module.net", "mode": "managed", "type": "aws_security_group", "name": "admin",
             "instances": [{"index_key": 0, "attributes": {"arn": "arn:aws:ec2:us-east-1:1:security-group/sg-0abc1234", "id": "sg-0abc1234"}},
                           {"index_key": "b", "attributes": {"id": "sg-0abc5678"}}]},
            {"mode": "managed", "type": "aws_secretsmanager_secret_version", "name": "db",
             "instances": [{"attributes": {"id": "arn:aws:secretsmanager:us-east-1:1:secret:db|v1", "secret_string": "hunter2-very-secret"}}]},
            {"mode": "managed", "type": "aws_s3_bucket_versioning", "name": "state",
             "instances": [{"attributes": {"id": "my-bucket", "bucket": "my-bucket"}}]},
            {"mode": "data", "type": "aws_caller_identity", "name": "me",
             "instances": [{"attributes": {"arn": "arn:aws:iam::1:user/me", "id": "1"}}]}
          ]
        }"#;
        let got = parsed(state).unwrap();
        let addresses: Vec<&str> = got.iter().map(|(_, a)| a.as_str()).collect();
        assert_eq!(
            addresses,
            [
                "aws_lb.main",
                "module.net.aws_security_group.admin[0]",
                "module.net.aws_security_group.admin[\"b\"]",
                "aws_secretsmanager_secret_version.db",
            ]
        );
        // The ARN once, however many attributes repeat it.
        assert_eq!(got[0].0.len(), 1);
        assert_eq!(got[1].0[1], ("sg-0abc1234".to_string(), Strength::Id));
        // Nothing but names was kept.
        assert!(!format!("{got:?}").contains("hunter2"));
    }

    #[test]
    fn show_json_walks_child_modules() {
        let show = r#"{"format_version": "1.0", "terraform_version": "1.9.5", "values": {"root_module": {
            "resources": [{"address": "aws_iam_role.task", "mode": "managed", "type": "aws_iam_role", "name": "task",
                           "values": {"arn": "arn:aws:iam::1:role/task", "id": "task"}}],
            "child_modules": [{"address": "module.web", "resources": [
                {"address": "module.web.aws_lb.main[\"eu\"]", "mode": "managed", "type": "aws_lb", "name": "main", "index": "eu",
                 "values": {"arn": "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/eu/2"}}]}]}}}"#;
        let got = parsed(show).unwrap();
        assert_eq!(
            got[0],
            (
                vec![("arn:aws:iam::1:role/task".to_string(), Strength::Arn)],
                "aws_iam_role.task".into()
            )
        );
        assert_eq!(got[1].1, "module.web.aws_lb.main[\"eu\"]");
    }

    #[test]
    fn other_versions_and_other_json_are_refused_with_why() {
        assert!(
            parsed(r#"{"version": 3, "modules": []}"#)
                .unwrap_err()
                .contains("format version 3")
        );
        assert!(
            parsed(r#"{"hello": "world"}"#)
                .unwrap_err()
                .contains("neither a state")
        );
        assert!(
            parsed(r#"{"values": {}}"#)
                .unwrap_err()
                .contains("format_version")
        );
        let dir = std::env::temp_dir().join(format!("posture-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let truncated = dir.join("truncated.tfstate");
        std::fs::write(&truncated, r#"{"version": 4, "resources": [{"mode": "man"#).unwrap();
        let err = read(&truncated).unwrap_err();
        assert!(
            err.starts_with(&truncated.display().to_string())
                && err.contains("not a Terraform state"),
            "{err}"
        );
        let missing = read(&dir.join("absent.tfstate")).unwrap_err();
        assert!(missing.contains("absent.tfstate"), "{missing}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn ids_are_told_from_names() {
        for id in [
            "sg-0abc1234",
            "vpc-0123456789abcdef0",
            "subnet-12345678",
            "acl-0a1b2c3d",
            "fl-0123456789abcdef0",
        ] {
            assert!(is_aws_id(id), "{id}");
        }
        for name in [
            "main",
            "my-bucket",
            "startup-web-tg",
            "sg-XYZ12345",
            "task-definition",
            "db-1",
        ] {
            assert!(!is_aws_id(name), "{name}");
        }
        assert_eq!(
            resource_id("arn:aws:ec2:us-east-1:1:security-group/sg-0abc1234"),
            Some("sg-0abc1234")
        );
        assert_eq!(resource_id("arn:aws:iam::1:role/task"), None);
        assert_eq!(resource_id("sg-0abc1234"), None);
    }
}
