//! `secret_string` values written into the Terraform source: a literal one
//! that is not a placeholder is a real secret committed to the code (guide
//! 000§4, 001§4). The value is judged here, in memory, and only the verdict
//! (and the names of the fields that hold real values) is kept.

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::template::{Element, Template};
use serde::{Deserialize, Serialize};

use crate::placeholder::looks_like_placeholder;

/// One `secret_string` of the source, judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretLiteral {
    /// The file, relative to `--terraform-dir`, and the attribute's line.
    pub file: String,
    pub line: usize,
    /// The block it is in (`aws_secretsmanager_secret_version.app`).
    pub address: String,
    pub verdict: Verdict,
    /// With `real`: the fields (of a `jsonencode({...})` object) whose
    /// literal is not a placeholder; `value` for a plain string. Never a value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A literal that is not a placeholder: a real secret in the code.
    Real,
    /// Literals, every one a placeholder (`CHANGE_ME`, `your-api-key`).
    Placeholder,
    /// No literal: the value comes from a variable, a resource or a file.
    NotLiteral,
}

/// Fields of AWS's documented secret structures (the JSON of database and
/// other rotated secrets) that name where and who, not a secret: not judged.
const NOT_SECRET: [&str; 7] = [
    "username",
    "engine",
    "host",
    "port",
    "dbname",
    "dbinstanceidentifier",
    "dbclusteridentifier",
];

/// Functions whose result is their arguments re-encoded: a literal inside
/// stays written in the code. Any other call (`file`, `lookup`, …) makes the
/// value come from elsewhere.
const ENCODING: [&str; 6] = [
    "jsonencode",
    "yamlencode",
    "base64encode",
    "tostring",
    "trimspace",
    "chomp",
];

/// The verdict on a `secret_string` expression, and the fields that hold a
/// real literal.
pub fn judge(expr: &Expression) -> (Verdict, Vec<String>) {
    let mut written = Vec::new();
    walk(expr, None, &mut written);
    // A literal that is JSON text is judged field by field, as an object
    // written in HCL is: one placeholder field does not vouch for the others.
    let mut leaves = Vec::new();
    for (key, literal) in written {
        match literal
            .as_deref()
            .map(serde_json::from_str::<serde_json::Value>)
        {
            Some(Ok(json @ (serde_json::Value::Object(_) | serde_json::Value::Array(_)))) => {
                json_leaves(&json, key.as_deref(), &mut leaves);
            }
            _ => leaves.push((key, literal)),
        }
    }
    // Literals under a field that names no secret (`username`) are not judged.
    let judged: Vec<&(Option<String>, Option<String>)> = leaves
        .iter()
        .filter(|(_, literal)| literal.is_some())
        .filter(|(key, _)| {
            key.as_deref()
                .is_none_or(|k| !NOT_SECRET.contains(&k.to_ascii_lowercase().as_str()))
        })
        .collect();
    let real: Vec<String> = judged
        .iter()
        .filter(|(_, literal)| !literal.as_deref().is_some_and(looks_like_placeholder))
        .map(|(key, _)| key.clone().unwrap_or_else(|| "value".to_string()))
        .collect();
    if !real.is_empty() {
        (Verdict::Real, real)
    } else if judged.is_empty() {
        (Verdict::NotLiteral, Vec::new())
    } else {
        (Verdict::Placeholder, Vec::new())
    }
}

/// Each text leaf of the expression with the object key it stands under:
/// `Some(text)` for a literal, `None` for a value from elsewhere.
fn walk(expr: &Expression, key: Option<&str>, out: &mut Vec<(Option<String>, Option<String>)>) {
    let leaf =
        |out: &mut Vec<_>, literal: Option<String>| out.push((key.map(str::to_string), literal));
    match expr {
        Expression::String(s) => leaf(out, Some(s.value().to_string())),
        Expression::StringTemplate(t) => leaf(out, literal_template(t)),
        Expression::HeredocTemplate(h) => leaf(out, literal_template(&h.template)),
        Expression::Parenthesis(p) => walk(p.inner(), key, out),
        Expression::Object(object) => {
            for (k, v) in object.iter() {
                let name = match k {
                    ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
                    ObjectKey::Expression(Expression::String(s)) => Some(s.value().to_string()),
                    ObjectKey::Expression(_) => None,
                };
                walk(v.expr(), name.as_deref().or(key), out);
            }
        }
        Expression::Array(items) => {
            for item in items.iter() {
                walk(item, key, out);
            }
        }
        Expression::FuncCall(call) if ENCODING.contains(&call.name.name.as_str()) => {
            for arg in call.args.iter() {
                walk(arg, key, out);
            }
        }
        // Numbers and booleans are no secret text; null is no value.
        Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) => {}
        _ => leaf(out, None),
    }
}

/// The strings of JSON text with the field each stands under.
fn json_leaves(
    value: &serde_json::Value,
    key: Option<&str>,
    out: &mut Vec<(Option<String>, Option<String>)>,
) {
    use serde_json::Value;
    match value {
        Value::String(text) => out.push((key.map(str::to_string), Some(text.clone()))),
        Value::Object(fields) => {
            for (k, v) in fields {
                json_leaves(v, Some(k), out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| json_leaves(v, key, out)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The text of a template without interpolations or directives, else `None`.
fn literal_template(template: &Template) -> Option<String> {
    let mut text = String::new();
    for element in template.iter() {
        match element {
            Element::Literal(literal) => text.push_str(literal.value()),
            _ => return None,
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(source: &str) -> (Verdict, Vec<String>) {
        judge(&hcl_edit::parser::parse_expr(source).unwrap())
    }

    #[test]
    fn a_literal_that_is_no_placeholder_is_a_real_secret() {
        assert_eq!(
            verdict(r#""sk_live_51HxRealKey0000""#),
            (Verdict::Real, vec!["value".to_string()])
        );
        assert_eq!(
            verdict(
                r#"jsonencode({ username = "app", password = "hunter2-but-longer", api_key = "your-api-key" })"#
            ),
            (Verdict::Real, vec!["password".to_string()])
        );
        assert_eq!(
            verdict("<<-EOT\n  {\"token\": \"ghp_realtoken\"}\nEOT"),
            (Verdict::Real, vec!["token".to_string()])
        );
        assert_eq!(verdict(r#"base64encode("realvalue123")"#).0, Verdict::Real);
        // JSON text: each field on its own; the placeholder one vouches for nothing.
        assert_eq!(
            verdict(r#""{\"password\":\"realpw123x\",\"api_key\":\"CHANGE_ME\"}""#),
            (Verdict::Real, vec!["password".to_string()])
        );
    }

    #[test]
    fn placeholders_and_values_from_elsewhere_pass() {
        assert_eq!(
            verdict(
                r#"jsonencode({ database_password = "your-secure-password", api_key = "your-api-key" })"#
            ),
            (Verdict::Placeholder, vec![])
        );
        assert_eq!(verdict(r#""CHANGE_ME""#).0, Verdict::Placeholder);
        assert_eq!(
            verdict(r#"jsonencode({ username = "app", password = "CHANGE_ME", port = 5432 })"#).0,
            Verdict::Placeholder
        );
        assert_eq!(verdict("var.db_password").0, Verdict::NotLiteral);
        assert_eq!(verdict("random_password.db.result").0, Verdict::NotLiteral);
        assert_eq!(verdict(r#"file("secret.json")"#).0, Verdict::NotLiteral);
        assert_eq!(verdict(r#""${var.prefix}-token""#).0, Verdict::NotLiteral);
        assert_eq!(
            verdict(r#"jsonencode({ username = "app", password = random_password.db.result })"#).0,
            Verdict::NotLiteral
        );
    }
}
