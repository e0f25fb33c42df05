//! `secret-placeholder-value`: Secrets hold real values, not the kit's placeholders (opt-in).

use super::*;

/// Opt-in (`--inspect-secret-values`): the collector kept only a boolean.
/// Applies to secrets AWS services own too (their values are read and judged
/// like any other); the evidence names the owner.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out
            .on(at, &s.arn, &s.name)
            .evidence("owner", owner(s));
        match s.placeholder {
            None => finding.unknown(format!(
                "The value of {} was not inspected (collect with --inspect-secret-values).",
                s.name
            )),
            Some(placeholder) => finding.evidence("placeholder", placeholder).verdict(
                !placeholder,
                format!("Secret {} holds a real value.", s.name),
                format!("Secret {} still holds a placeholder value: set the real one outside Terraform.", s.name),
            ),
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{secret, unlisted};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn placeholder_verdicts_come_from_the_collected_boolean() {
        let inspected = |name: &str, placeholder: Option<bool>| {
            secret(name, json!({"placeholder": placeholder}))
        };
        let inv = inventory(
            json!({}),
            json!({"secrets": [inspected("a", Some(true)), inspected("b", Some(false)), inspected("c", None)]}),
        );
        assert_eq!(
            verdicts(&check("secret-placeholder-value", &inv)),
            v(&[("a", Fail), ("b", Pass), ("c", Unknown)])
        );
    }

    #[test]
    fn unlisted_secrets_are_unknown() {
        assert_eq!(
            verdicts(&check("secret-placeholder-value", &unlisted())),
            v(&[("secrets", Unknown)])
        );
    }
}
