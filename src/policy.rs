//! IAM policy documents: statements normalised (a single statement object or a
//! list; `Action`, `Resource` as a string or a list; `NotAction`, `NotResource`).

use serde_json::Value;

#[derive(Debug, Clone, Default)]
pub struct Statement {
    pub sid: Option<String>,
    pub allow: bool,
    pub actions: Vec<String>,
    pub not_actions: Option<Vec<String>>,
    pub resources: Vec<String>,
    pub not_resources: Option<Vec<String>>,
    pub principal: Option<Value>,
    pub condition: Option<Value>,
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    match value? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        ),
        _ => Some(Vec::new()),
    }
}

/// The statements of a policy document, or why it is not one.
pub fn statements(document: &str) -> Result<Vec<Statement>, String> {
    let doc: Value = serde_json::from_str(document).map_err(|e| format!("not JSON: {e}"))?;
    let raw = match doc.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(obj @ Value::Object(_)) => vec![obj.clone()],
        Some(_) => return Err("Statement is neither an object nor a list".into()),
        None => return Err("no Statement".into()),
    };
    raw.iter()
        .map(|s| {
            let effect = s
                .get("Effect")
                .and_then(Value::as_str)
                .ok_or("a statement has no Effect")?;
            Ok(Statement {
                sid: s.get("Sid").and_then(Value::as_str).map(str::to_string),
                allow: effect == "Allow",
                actions: strings(s.get("Action")).unwrap_or_default(),
                not_actions: strings(s.get("NotAction")),
                resources: strings(s.get("Resource")).unwrap_or_default(),
                not_resources: strings(s.get("NotResource")),
                principal: s.get("Principal").cloned(),
                condition: s.get("Condition").cloned(),
            })
        })
        .collect()
}

impl Statement {
    /// `Action: "*"` (or `*:*`).
    pub fn all_actions(&self) -> bool {
        self.actions.iter().any(|a| a == "*" || a == "*:*")
    }

    /// `Resource: "*"`, or `NotResource` (everything but a few).
    pub fn all_resources(&self) -> bool {
        self.resources.iter().any(|r| r == "*") || self.not_resources.is_some()
    }

    /// Actions that grant a whole service (`s3:*`), or every service.
    pub fn service_wildcards(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .actions
            .iter()
            .filter(|a| *a == "*" || a.split_once(':').is_some_and(|(_, op)| op == "*"))
            .cloned()
            .collect();
        if let Some(not) = &self.not_actions {
            out.push(format!("NotAction {}", not.join(",")));
        }
        out
    }

    /// Resources that are `*` or a wildcard ARN (`…:log-stream:*`).
    pub fn wildcard_resources(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .resources
            .iter()
            .filter(|r| r.contains('*'))
            .cloned()
            .collect();
        if let Some(not) = &self.not_resources {
            out.push(format!("NotResource {}", not.join(",")));
        }
        out
    }

    /// Actions that can change something (anything not plainly read-only).
    pub fn write_actions(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .actions
            .iter()
            .filter(|a| !is_read_only(a))
            .cloned()
            .collect();
        if let Some(not) = &self.not_actions {
            out.push(format!("NotAction {}", not.join(",")));
        }
        out
    }
}

/// Read-only by AWS's verb conventions. `*`-patterns are read-only only when
/// every action they can match starts with a read verb (`s3:Get*`, `ec2:Describe*`).
pub fn is_read_only(action: &str) -> bool {
    const READ_VERBS: [&str; 10] = [
        "Get", "List", "Describe", "Head", "BatchGet", "Query", "Scan", "Search", "Lookup", "View",
    ];
    let Some((_, op)) = action.split_once(':') else {
        return false;
    };
    if op.is_empty() || op.starts_with('*') {
        return false;
    }
    READ_VERBS.iter().any(|verb| {
        // "Get*" matches only Get… actions; "G*" could match anything starting with G.
        let prefix = op.split('*').next().unwrap_or(op);
        prefix.len() >= verb.len() && prefix.starts_with(verb)
    })
}

/// Every principal value in a trust statement, as `kind → values`.
pub fn principals(statement: &Statement) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match &statement.principal {
        Some(Value::String(s)) => out.push(("AWS".to_string(), s.clone())),
        Some(Value::Object(map)) => {
            for (kind, values) in map {
                for value in strings(Some(values)).unwrap_or_default() {
                    out.push((kind.clone(), value));
                }
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_statement_object_and_string_fields() {
        let s =
            statements(r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#).unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].allow && s[0].all_actions() && s[0].all_resources());
    }

    #[test]
    fn lists_deny_and_not_action() {
        let doc = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Deny","Action":["*"],"Resource":["*"]},
            {"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"}]}"#;
        let s = statements(doc).unwrap();
        assert!(!s[0].allow, "a Deny statement");
        assert!(!s[1].all_actions());
        assert_eq!(
            s[1].service_wildcards(),
            vec!["NotAction iam:*".to_string()]
        );
    }

    #[test]
    fn malformed_documents() {
        assert!(statements("{").is_err());
        assert!(statements(r#"{"Version":"2012-10-17"}"#).is_err());
        assert!(statements(r#"{"Statement":[{"Action":"*"}]}"#).is_err());
        assert!(statements(r#"{"Statement":"x"}"#).is_err());
    }

    #[test]
    fn read_only_actions() {
        for read in [
            "s3:GetObject",
            "ec2:Describe*",
            "logs:ListTagsForResource",
            "s3:Get*",
            "dynamodb:BatchGetItem",
        ] {
            assert!(is_read_only(read), "{read}");
        }
        for write in [
            "s3:PutObject",
            "s3:*",
            "*",
            "logs:PutLogEvents",
            "iam:PassRole",
            "s3:G*",
            "ec2:*Instances",
        ] {
            assert!(!is_read_only(write), "{write}");
        }
    }

    #[test]
    fn service_wildcards_and_resources() {
        let s = statements(
            r#"{"Statement":[{"Effect":"Allow","Action":["s3:*","s3:Get*","logs:PutLogEvents"],
            "Resource":"arn:aws:logs:us-east-1:1:log-group:/ecs/app:log-stream:*"}]}"#,
        )
        .unwrap();
        assert_eq!(s[0].service_wildcards(), vec!["s3:*".to_string()]);
        assert_eq!(s[0].wildcard_resources().len(), 1);
        assert_eq!(
            s[0].write_actions(),
            vec!["s3:*".to_string(), "logs:PutLogEvents".to_string()]
        );
    }

    #[test]
    fn principal_shapes() {
        let s = statements(
            r#"{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole",
            "Principal":{"AWS":["arn:aws:iam::1:root"],"Service":"ecs-tasks.amazonaws.com"}}}"#,
        )
        .unwrap();
        let p = principals(&s[0]);
        assert!(p.contains(&("AWS".into(), "arn:aws:iam::1:root".into())));
        assert!(p.contains(&("Service".into(), "ecs-tasks.amazonaws.com".into())));
        let star = statements(
            r#"{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"}}"#,
        )
        .unwrap();
        assert_eq!(
            principals(&star[0]),
            vec![("AWS".to_string(), "*".to_string())]
        );
    }
}
