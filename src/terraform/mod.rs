//! Terraform-aware findings: which resource block of the user's Terraform
//! made the resource a finding is about.
//!
//! `--terraform-state FILE` (repeatable) maps every managed resource
//! instance of a state to the ARNs and ids its attributes name
//! ([`state`]); each finding on one of them then carries its address
//! (`module.web.aws_lb.main`), and each finding on a resource no state
//! knows says it is not managed by Terraform. `--terraform-dir DIR` adds
//! the file and line of the `resource` block that declares it ([`source`]).

pub mod fix;
pub mod ignores;
pub mod secrets;
pub mod source;
pub mod state;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Status};

/// Where a finding's resource stands in the user's Terraform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terraform {
    /// `true`: a state holds the resource; `false`: no state given holds it;
    /// `null`: not known, as a state file given could not be read.
    pub managed: Option<bool>,
    /// The resource instance's address, `module.web.aws_lb.main["a"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// With `--terraform-dir`: the file declaring it, relative to that
    /// directory, and the line its `resource` block starts on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// On a failing finding: the check's Terraform change written for this
    /// resource's block (`resource "aws_lb" "public"`, `aws_lb.public.arn`),
    /// when the change names a block of its type ([`fix`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Terraform {
    /// What the table says beside the resource: its address, or that no
    /// state holds it; nothing when that is not known.
    pub fn label(&self) -> Option<String> {
        match (self.managed, &self.address) {
            (Some(true), Some(address)) => Some(match (&self.file, self.line) {
                (Some(file), Some(line)) => format!("{file}:{line} {address}"),
                _ => address.clone(),
            }),
            (Some(false), _) => Some("not managed by Terraform".into()),
            _ => None,
        }
    }
}

impl Terraform {
    /// The same, for formats that carry plain text pairs: `managed`
    /// (`true`, `false`, `unknown`), and `address`, `file`, `line`, `fix` when
    /// known.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let managed = match self.managed {
            Some(true) => "true",
            Some(false) => "false",
            None => "unknown",
        };
        let mut fields = vec![("managed", managed.to_string())];
        if let Some(address) = &self.address {
            fields.push(("address", address.clone()));
        }
        if let Some(file) = &self.file {
            fields.push(("file", file.clone()));
        }
        if let Some(line) = self.line {
            fields.push(("line", line.to_string()));
        }
        if let Some(fix) = &self.fix {
            fields.push(("fix", fix.clone()));
        }
        fields
    }
}

/// One managed resource instance of a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub address: String,
    /// The state file it came from, as given on the command line.
    pub state: PathBuf,
}

/// Every managed resource instance of the states given, by the ARNs and ids
/// that name it.
#[derive(Debug, Default)]
pub struct Managed {
    /// Each key with the instance it names; an instance's own `arn` wins
    /// over another's `id` that repeats it.
    by_key: HashMap<String, (state::Strength, Instance)>,
    /// State files that could not be read, with why.
    pub unread: Vec<(PathBuf, String)>,
}

impl Managed {
    /// Read every state file; one that cannot be read is a message in
    /// `unread`, and the others are still mapped.
    pub fn load(paths: &[PathBuf]) -> Managed {
        let mut managed = Managed::default();
        for path in paths {
            match state::read(path) {
                Ok(instances) => {
                    for (keys, address) in instances {
                        for (key, strength) in keys {
                            let instance = Instance {
                                address: address.clone(),
                                state: path.clone(),
                            };
                            match managed.by_key.get(&key) {
                                Some((held, _)) if *held >= strength => {}
                                _ => {
                                    managed.by_key.insert(key, (strength, instance));
                                }
                            }
                        }
                    }
                }
                Err(why) => managed.unread.push((path.clone(), why)),
            }
        }
        managed
    }

    /// The instance that made `resource` (an ARN, or an id): the ARN
    /// itself, else its resource id (`sg-…` of a security group's ARN).
    pub fn instance(&self, resource: &str) -> Option<&Instance> {
        self.by_key
            .get(resource)
            .or_else(|| state::resource_id(resource).and_then(|id| self.by_key.get(id)))
            .map(|(_, instance)| instance)
    }

    /// Where `resource` stands, with the place of its block in `source`;
    /// `None` for what is no resource Terraform could make: the account
    /// itself, or what could not be listed (`*`).
    pub fn locate(&self, resource: &str, source: Option<&source::Source>) -> Option<Terraform> {
        if resource.ends_with(":root") || resource.ends_with('*') || resource.is_empty() {
            return None;
        }
        Some(match self.instance(resource) {
            Some(instance) => {
                let place = source.and_then(|s| s.place(&instance.address));
                Terraform {
                    managed: Some(true),
                    address: Some(instance.address.clone()),
                    file: place.map(|p| p.file.clone()),
                    line: place.map(|p| p.line),
                    fix: None,
                }
            }
            None => Terraform {
                managed: self.unread.is_empty().then_some(false),
                address: None,
                file: None,
                line: None,
                fix: None,
            },
        })
    }

    /// Mark every finding with where its resource stands, and a failing
    /// one on a managed resource with its check's change for that block.
    pub fn annotate(&self, findings: &mut [Finding], source: Option<&source::Source>) {
        for f in findings {
            f.terraform = self.locate(&f.resource, source).map(|mut t| {
                if f.status == Status::Fail
                    && let (Some(address), Some(meta)) = (&t.address, crate::checks::meta(&f.check))
                {
                    t.fix = fix::named(&meta.remediation.terraform, address);
                }
                t
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn managed(keys: &[(&str, &str)], unread: bool) -> Managed {
        let mut m = Managed::default();
        for (key, address) in keys {
            m.by_key.insert(
                key.to_string(),
                (
                    state::Strength::Arn,
                    Instance {
                        address: address.to_string(),
                        state: "state.json".into(),
                    },
                ),
            );
        }
        if unread {
            m.unread.push(("broken.json".into(), "truncated".into()));
        }
        m
    }

    impl Managed {
        fn locate_in(&self, resource: &str) -> Option<Terraform> {
            self.locate(resource, None)
        }
    }

    #[test]
    fn findings_are_located_by_arn_then_by_id() {
        let m = managed(
            &[
                (
                    "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1",
                    "aws_lb.main",
                ),
                ("sg-0abc1234", "module.net.aws_security_group.admin"),
            ],
            false,
        );
        let lb = m.locate_in(
            "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/1",
        );
        assert_eq!(lb.unwrap().address.as_deref(), Some("aws_lb.main"));
        let sg = m
            .locate_in("arn:aws:ec2:us-east-1:111111111111:security-group/sg-0abc1234")
            .unwrap();
        assert_eq!(sg.managed, Some(true));
        assert_eq!(
            sg.address.as_deref(),
            Some("module.net.aws_security_group.admin")
        );
        let by_hand = m
            .locate_in("arn:aws:ec2:us-east-1:111111111111:security-group/sg-0def5678")
            .unwrap();
        assert_eq!((by_hand.managed, by_hand.address), (Some(false), None));
        // The account, and what could not be listed, are no resource.
        assert_eq!(m.locate_in("arn:aws:iam::111111111111:root"), None);
        assert_eq!(
            m.locate_in("arn:aws:ec2:us-east-1:111111111111:security-group/*"),
            None
        );
    }

    #[test]
    fn an_instances_own_arn_wins_over_another_instances_id() {
        let dir = std::env::temp_dir().join(format!("posture-tf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let secret = "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf";
        // The rotation (listed first) has the secret's ARN as its id.
        let state = format!(
            r#"{{"version": 4, "resources": [
              {{"mode": "managed", "type": "aws_secretsmanager_secret_rotation", "name": "db", "instances": [{{"attributes": {{"id": "{secret}"}}}}]}},
              {{"mode": "managed", "type": "aws_secretsmanager_secret", "name": "db", "instances": [{{"attributes": {{"arn": "{secret}", "id": "{secret}"}}}}]}}
            ]}}"#
        );
        let file = dir.join("state.json");
        std::fs::write(&file, state).unwrap();
        let broken = dir.join("broken.json");
        std::fs::write(&broken, "{").unwrap();
        let m = Managed::load(&[file.clone(), broken.clone()]);
        let found = m.instance(secret).unwrap();
        assert_eq!(found.address, "aws_secretsmanager_secret.db");
        assert_eq!(found.state, file);
        assert_eq!(m.unread.len(), 1);
        assert_eq!(m.unread[0].0, broken);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn with_a_state_unread_an_unknown_resource_is_not_said_unmanaged() {
        let m = managed(&[], true);
        let t = m.locate_in("arn:aws:s3:::bucket").unwrap();
        assert_eq!(t.managed, None);
        assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"managed":null}"#);
    }
}
