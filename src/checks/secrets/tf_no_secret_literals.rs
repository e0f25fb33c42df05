//! `tf-no-secret-literals`: no `secret_string` of the Terraform source
//! (`--terraform-dir`) holds a real secret: only placeholders, or a value
//! that comes from a variable, a resource or a file.

use super::*;
use crate::terraform::secrets::Verdict;

/// One finding per `secret_string`, on the audited (first) account, named
/// by its block. Without `--terraform-dir` there is nothing to judge.
pub fn run(out: &mut Out, inv: &Inventory) {
    let (Some(source), Some(account)) = (&inv.terraform, inv.accounts.first()) else {
        return;
    };
    for secret in &source.secrets {
        let resource = format!("terraform:{}:{}:secret_string", secret.file, secret.address);
        let name = format!("{}:{} {}", secret.file, secret.line, secret.address);
        let finding = out
            .on(Global { account }, &resource, &name)
            .evidence("file", &secret.file)
            .evidence("line", secret.line)
            .evidence("block", &secret.address);
        let at = format!("{}:{} {}", secret.file, secret.line, secret.address);
        match secret.verdict {
            Verdict::Real => finding.evidence_names("fields", &secret.fields).fail(format!(
                "{at}: secret_string holds a literal that is no placeholder ({}): a real secret is committed to the code, for everyone with the repository (and its history) to read; rotate it, and put a placeholder there.",
                secret.fields.join(", ")
            )),
            Verdict::Placeholder => finding.evidence("value", "placeholders only").pass(format!(
                "{at}: secret_string holds placeholders only; the real value is set outside the code."
            )),
            Verdict::NotLiteral => finding.evidence("value", "not written in the code").pass(format!(
                "{at}: secret_string comes from a variable, a resource or a file, not a literal in the code."
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass};

    #[test]
    fn a_real_literal_fails_and_placeholders_or_references_pass() {
        let mut inv = inventory(json!({}), json!({}));
        let secret = |line: usize, address: &str, verdict: &str, fields: &[&str]| json!({"file": "secrets.tf", "line": line, "address": address, "verdict": verdict, "fields": fields});
        inv.terraform = Some(
            serde_json::from_value(json!({"ignores": [], "secrets": [
                secret(4, "aws_secretsmanager_secret_version.api", "real", &["api_key"]),
                secret(12, "aws_secretsmanager_secret_version.db", "placeholder", &[]),
                secret(20, "aws_secretsmanager_secret_version.token", "not-literal", &[]),
            ]}))
            .unwrap(),
        );
        let findings = check("tf-no-secret-literals", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("secrets.tf:4 aws_secretsmanager_secret_version.api", Fail),
                ("secrets.tf:12 aws_secretsmanager_secret_version.db", Pass),
                (
                    "secrets.tf:20 aws_secretsmanager_secret_version.token",
                    Pass
                ),
            ])
        );
        assert_eq!(findings[0].evidence["fields"], "api_key");
        assert_eq!(
            findings[0].resource,
            "terraform:secrets.tf:aws_secretsmanager_secret_version.api:secret_string"
        );
        assert!(check("tf-no-secret-literals", &inventory(json!({}), json!({}))).is_empty());
    }
}
