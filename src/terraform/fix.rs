//! A check's Terraform change written for the finding's own resource: the
//! catalog's snippet names a placeholder block (`resource "aws_lb" "main"`,
//! `aws_lb.main.arn`); the finding's state address says which block the
//! user has (`module.web.aws_lb.public["a"]`: `aws_lb.public`), so the
//! snippet is rewritten to name that one.

use hcl_edit::expr::{Expression, Traversal, TraversalOperator};
use hcl_edit::structure::{Block, BlockLabel, Body};
use hcl_edit::visit::{Visit, visit_block, visit_traversal};
use hcl_edit::visit_mut::{VisitMut, visit_block_mut, visit_traversal_mut};
use hcl_edit::{Decorated, Ident};

use super::source::without_keys;

/// The type and name of a managed resource's address, its modules and
/// instance keys left out: `module.web["a"].aws_lb.public[0]` is
/// `("aws_lb", "public")`. `None` for a data source or what is no address.
pub fn type_and_name(address: &str) -> Option<(String, String)> {
    let bare = without_keys(address);
    let mut parts: &[&str] = &bare.split('.').collect::<Vec<_>>();
    while let ["module", _, rest @ ..] = parts {
        parts = rest;
    }
    match parts {
        [kind, name] if *kind != "data" && Ident::try_new(*kind).is_ok() => {
            Ident::try_new(*name).ok()?;
            Some((kind.to_string(), name.to_string()))
        }
        _ => None,
    }
}

/// `snippet` with its one block of the address's type named as the
/// address names it, in its `resource` label and in every reference to it
/// (`aws_lb.main.arn`), the rest of the text as written. `None` when the
/// snippet does not parse, never names that type, or names several blocks
/// of it (which one is the user's cannot be told).
pub fn named(snippet: &str, address: &str) -> Option<String> {
    let (kind, name) = type_and_name(address)?;
    let mut body: Body = snippet.parse().ok()?;
    let mut names = Names {
        kind: &kind,
        found: Vec::new(),
    };
    names.visit_body(&body);
    let [placeholder] = names.found.as_slice() else {
        return None;
    };
    let mut rename = Rename {
        kind: &kind,
        from: placeholder.clone(),
        to: name,
    };
    rename.visit_body_mut(&mut body);
    Some(body.to_string())
}

/// The distinct names the snippet gives blocks of `kind`.
struct Names<'k> {
    kind: &'k str,
    found: Vec<String>,
}

impl Names<'_> {
    fn add(&mut self, name: &str) {
        if !self.found.iter().any(|n| n == name) {
            self.found.push(name.to_string());
        }
    }
}

impl Visit for Names<'_> {
    fn visit_block(&mut self, block: &Block) {
        if let Some(name) = resource_name(block, self.kind) {
            self.add(&name);
        }
        visit_block(self, block);
    }

    fn visit_traversal(&mut self, traversal: &Traversal) {
        if let Some(name) = referenced(traversal, self.kind) {
            self.add(&name);
        }
        visit_traversal(self, traversal);
    }
}

struct Rename<'k> {
    kind: &'k str,
    from: String,
    to: String,
}

impl VisitMut for Rename<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        if resource_name(block, self.kind).as_deref() == Some(self.from.as_str()) {
            if let Some(label) = block.labels.get_mut(1) {
                match label {
                    BlockLabel::String(s) => *s.value_mut() = self.to.clone(),
                    BlockLabel::Ident(i) => *i.value_mut() = Ident::new(self.to.as_str()),
                }
            }
        }
        visit_block_mut(self, block);
    }

    fn visit_traversal_mut(&mut self, traversal: &mut Traversal) {
        if referenced(traversal, self.kind).as_deref() == Some(self.from.as_str()) {
            if let Some(op) = traversal.operators.first_mut() {
                *op.value_mut() =
                    TraversalOperator::GetAttr(Decorated::new(Ident::new(self.to.as_str())));
            }
        }
        visit_traversal_mut(self, traversal);
    }
}

/// The name of `block` when it is `resource "<kind>" "<name>"`.
fn resource_name(block: &Block, kind: &str) -> Option<String> {
    if block.ident.as_str() != "resource" {
        return None;
    }
    match block.labels.as_slice() {
        [k, n] if k.as_str() == kind => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// The name in a reference `<kind>.<name>…` to a resource of `kind`.
fn referenced(traversal: &Traversal, kind: &str) -> Option<String> {
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    if root.as_str() != kind {
        return None;
    }
    match traversal.operators.first().map(|op| op.value()) {
        Some(TraversalOperator::GetAttr(name)) => Some(name.as_str().to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_give_their_block_type_and_name() {
        let t = |a: &str| type_and_name(a).map(|(k, n)| format!("{k} {n}"));
        assert_eq!(t("aws_lb.main").as_deref(), Some("aws_lb main"));
        assert_eq!(
            t(r#"module.web["a.b"].module.inner.aws_lb.public[0]"#).as_deref(),
            Some("aws_lb public")
        );
        assert_eq!(
            t(r#"aws_security_group.admin["x.y"]"#).as_deref(),
            Some("aws_security_group admin")
        );
        assert_eq!(t("data.aws_iam_policy_document.x"), None);
        assert_eq!(t("module.web"), None);
        assert_eq!(t(""), None);
        assert_eq!(t("aws_lb.\"quoted\""), None);
    }

    #[test]
    fn the_block_and_its_references_are_renamed_and_nothing_else() {
        let snippet = r#"resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn # the load balancer
  port              = 80

  default_action {
    type = "redirect"
    target_group_arn = "${aws_lb.main.id}-x"
  }
}

resource "aws_lb" "main" {
  drop_invalid_header_fields = true
}
"#;
        let got = named(snippet, r#"module.edge.aws_lb.public["api"]"#).unwrap();
        assert_eq!(
            got,
            snippet
                .replace("aws_lb.main", "aws_lb.public")
                .replace(r#""aws_lb" "main""#, r#""aws_lb" "public""#)
        );
        // The listener is renamed on its own address; the lb is left as is.
        let got = named(snippet, "aws_lb_listener.plain[0]").unwrap();
        assert_eq!(
            got,
            snippet.replace(r#""aws_lb_listener" "http""#, r#""aws_lb_listener" "plain""#)
        );
    }

    #[test]
    fn no_fix_when_the_type_is_absent_ambiguous_or_the_text_no_hcl() {
        let two = r#"resource "aws_security_group" "lb" {}
resource "aws_security_group" "tasks" {
  ingress { security_groups = [aws_security_group.lb.id] }
}
"#;
        assert_eq!(named(two, "aws_security_group.web"), None);
        assert_eq!(named(two, "aws_lb.main"), None);
        assert_eq!(named("resource \"aws_lb\" {", "aws_lb.main"), None);
        assert_eq!(named(two, "not an address"), None);
    }

    #[test]
    fn the_catalogs_changes_name_the_users_block() {
        let fix = |check: &str, address: &str| {
            let meta = crate::checks::meta(check).unwrap();
            named(&meta.remediation.terraform, address)
        };
        // Findings on a load balancer: the listener refers to the user's one.
        let https = fix("alb-https-only", "module.edge.aws_lb.public").unwrap();
        assert!(https.contains("aws_lb.public.arn"), "{https}");
        assert!(!https.contains("aws_lb.main"), "{https}");
        // The block the change edits is the user's.
        let protection = fix("alb-deletion-protection", "aws_lb.api[0]").unwrap();
        assert!(protection.contains(r#"resource "aws_lb" "api""#), "{protection}");
        let rotation = fix("secret-rotation-enabled", "aws_secretsmanager_secret.api").unwrap();
        assert!(rotation.contains("aws_secretsmanager_secret.api."), "{rotation}");
        let versioning = fix("state-bucket-versioning", "aws_s3_bucket.state").unwrap();
        assert!(versioning.contains("aws_s3_bucket.state."), "{versioning}");
        // Two roles in the change: which is the user's cannot be told.
        assert_eq!(fix("iam-task-roles-separated", "aws_iam_role.app"), None);
        // A type the change never names.
        assert_eq!(fix("ecs-non-root-user", "aws_ecs_task_definition.app"), None);
    }
}
