//! `secret-placeholder-value`: Secrets hold real values, not the kit's placeholders (opt-in).

use super::*;

/// Opt-in (`--inspect-secret-values`): the collector kept only a boolean.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out.on(at, &s.arn, &s.name);
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
