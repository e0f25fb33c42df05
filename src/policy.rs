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
    /// An action pattern that grants every action of every service (`*`, `*:*`).
    pub fn all_actions(&self) -> bool {
        self.actions.iter().any(|a| covers_all(a))
    }

    /// `Resource: "*"` (or an ARN pattern every ARN matches, `arn:aws:*`), or
    /// `NotResource` (everything but a few).
    pub fn all_resources(&self) -> bool {
        self.resources.iter().any(|r| every_resource(r)) || self.not_resources.is_some()
    }

    /// Actions that grant a whole service (`s3:*`, `S3:*`, `s3*`), or every
    /// service; an Allow with `NotAction` grants every service but a few.
    pub fn service_wildcards(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .actions
            .iter()
            .filter(|a| whole_service(a))
            .cloned()
            .collect();
        if let Some(not) = &self.not_actions {
            out.push(format!("NotAction {}", not.join(",")));
        }
        out
    }

    /// Resources that are `*` or a wildcard ARN (`…:log-stream:*`, `?`).
    pub fn wildcard_resources(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .resources
            .iter()
            .filter(|r| is_pattern(r))
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

    /// What makes this statement administrator access, if anything: an Allow
    /// on every resource of every action, or of every action but a few that
    /// still leave IAM (a `NotAction` that does not exclude all of `iam:*`):
    /// the holder can grant itself the rest.
    pub fn administrator(&self) -> Option<String> {
        if !self.allow || !self.all_resources() {
            return None;
        }
        if self.all_actions() {
            return Some("Allow * on *".to_string());
        }
        let not = self.not_actions.as_ref()?;
        (!excludes_service(not, "iam")).then(|| {
            format!(
                "Allow every action but {} on *: IAM is left in, so the holder can grant itself the rest",
                listed(not)
            )
        })
    }

    /// An Allow on every resource of every service, or of every service but
    /// the few a `NotAction` lists (AWS's `PowerUserAccess` leaves out
    /// `iam:*`, `organizations:*` and `account:*`).
    pub fn account_wide(&self) -> Option<String> {
        if !self.allow || !self.all_resources() {
            return None;
        }
        if self.all_actions() {
            return Some("Allow * on *".to_string());
        }
        let not = self.not_actions.as_ref()?;
        (!not.iter().any(|a| covers_all(a)))
            .then(|| format!("Allow every action but {} on *", listed(not)))
    }
}

fn listed(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(",")
    }
}

/// Whether `pattern` has a wildcard (`*` or `?`).
pub fn is_pattern(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// AWS's match of an action pattern against an action: `*` is any run of
/// characters (none included), `?` exactly one, letters match in any case,
/// over the whole `service:action` (`s3:Put*` matches `S3:PutObject`,
/// `*Object` matches `s3:GetObject`). The one matcher every check uses.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    let (p, s) = (pattern.as_bytes(), action.as_bytes());
    let (mut i, mut j) = (0, 0);
    // Where the last `*` was, and how much of the action it had swallowed.
    let mut star: Option<(usize, usize)> = None;
    while j < s.len() {
        if i < p.len() && (p[i] == b'?' || p[i].eq_ignore_ascii_case(&s[j])) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == b'*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == b'*')
}

/// The pattern positions reachable after reading `text`, where `None` is a
/// character no literal of the pattern matches (only `*` and `?` take it).
/// Only the positions reached are visited: a literal pattern reads its own
/// text in linear time.
fn reachable(pattern: &[u8], text: &[Option<u8>]) -> Vec<bool> {
    // Reach `i` and, past each `*` (which may take nothing), the position after it.
    fn reach(pattern: &[u8], mut i: usize, seen: &mut [bool], active: &mut Vec<usize>) {
        while !seen[i] {
            seen[i] = true;
            active.push(i);
            if pattern.get(i) != Some(&b'*') {
                break;
            }
            i += 1;
        }
    }
    let mut seen = vec![false; pattern.len() + 1];
    let mut active = Vec::new();
    reach(pattern, 0, &mut seen, &mut active);
    for c in text {
        let current = std::mem::take(&mut active);
        for &i in &current {
            seen[i] = false;
        }
        for &i in &current {
            let next = match (pattern.get(i), c) {
                (Some(b'*'), _) => i,
                (Some(b'?'), _) => i + 1,
                (Some(literal), Some(c)) if literal.eq_ignore_ascii_case(c) => i + 1,
                _ => continue,
            };
            reach(pattern, next, &mut seen, &mut active);
        }
    }
    seen
}

/// For each position of `pattern`, what the rest from there takes of a run
/// of characters no literal matches: `None` when a literal is left (it takes
/// no such run), else `(its ?s, whether it has a *)`: the runs at least as
/// long as its `?`s with a `*`, exactly as long without.
fn rests(pattern: &[u8]) -> Vec<Option<(usize, bool)>> {
    let mut out = vec![Some((0, false)); pattern.len() + 1];
    for i in (0..pattern.len()).rev() {
        out[i] = out[i + 1].and_then(|(marks, star)| match pattern[i] {
            b'?' => Some((marks + 1, star)),
            b'*' => Some((marks, true)),
            _ => None,
        });
    }
    out
}

/// Whether `pattern` matches every action that starts with `prefix` and has
/// at least one more character: the rests of the pattern reachable after
/// `prefix` together take a run of any length from one on (the rest of an
/// action can be anything, so only `*` and `?` can take it). Reading one more
/// character and finding only `*` left is not enough: `s3:?` takes `s3:x`
/// but not `s3:xy`.
fn covers(pattern: &str, prefix: &[Option<u8>]) -> bool {
    let p = pattern.as_bytes();
    let states = reachable(p, prefix);
    let rests = rests(p);
    // The shortest run a rest with a `*` takes; the lengths rests without one take.
    let mut least = usize::MAX;
    let mut exact = vec![false; p.len() + 1];
    for i in (0..=p.len()).filter(|&i| states[i]) {
        match rests[i] {
            Some((marks, true)) => least = least.min(marks),
            Some((marks, false)) => exact[marks] = true,
            None => {}
        }
    }
    (1..least).all(|length| exact.get(length) == Some(&true))
}

/// Whether `pattern` matches every action of `service` (`s3:*`, `S3:*`, `s3*`, `*`).
pub fn covers_service(pattern: &str, service: &str) -> bool {
    let mut prefix: Vec<Option<u8>> = service.bytes().map(Some).collect();
    prefix.push(Some(b':'));
    covers(pattern, &prefix)
}

/// Whether `pattern` matches every action of every service (`*`, `*:*`).
/// The letters of an action can be any, so no literal but one `:` can take
/// part: the pattern is only `*` and `?`, with a `*` and at most three `?`
/// (the shortest action, `a:b`, has three characters), or it is `A:B`, each
/// side only `*` and `?` with a `*` and at most one `?` (a service and an
/// action name have a character at least). Linear in the pattern.
pub fn covers_all(pattern: &str) -> bool {
    let any_run = |part: &str, most: usize| {
        rests(part.as_bytes())[0].is_some_and(|(marks, star)| star && marks <= most)
    };
    match pattern.split_once(':') {
        None => any_run(pattern, 3),
        Some((service, action)) => any_run(service, 1) && any_run(action, 1),
    }
}

/// Whether `pattern` grants at least one service whole: every service
/// (`*`), the service it names (`s3:*`, `IAM:*`, `s3*`), the services it
/// globs (`s*:*`, `?3:*`).
pub fn whole_service(pattern: &str) -> bool {
    if covers_all(pattern) {
        return true;
    }
    let (service, op) = match pattern.split_once(':') {
        Some((service, op)) => (service, Some(op)),
        None => (pattern, None),
    };
    let literal = &service[..service.find(['*', '?']).unwrap_or(service.len())];
    (!literal.is_empty() && covers_service(pattern, literal))
        || op.is_some_and(|op| !op.is_empty() && op.bytes().all(|c| c == b'*'))
}

/// Whether one of `patterns` excludes every action of `service`.
pub fn excludes_service(patterns: &[String], service: &str) -> bool {
    patterns.iter().any(|p| covers_service(p, service))
}

/// A resource pattern every resource matches: `*`, or an ARN pattern whose
/// fields after the partition are all `*` (`arn:aws:*`, `arn:*:*:*:*:*`):
/// every ARN has those five colons.
pub fn every_resource(resource: &str) -> bool {
    if !resource.is_empty() && resource.bytes().all(|c| c == b'*') {
        return true;
    }
    let fields: Vec<&str> = resource.split(':').collect();
    let stars = |f: &&str| !f.is_empty() && f.bytes().all(|c| c == b'*');
    match fields.as_slice() {
        ["arn", partition] => stars(partition),
        ["arn", partition, rest @ ..] if rest.len() <= 4 => {
            (stars(partition) || !is_pattern(partition)) && rest.iter().all(stars)
        }
        _ => false,
    }
}

/// Read-only by AWS's verb conventions: every action the pattern can match
/// starts with a read verb, in any case (`s3:Get*`, `s3:get*`, `ec2:Describe*`,
/// `*:List*`); `s3:G*` could match anything starting with G.
pub fn is_read_only(action: &str) -> bool {
    const READ_VERBS: [&str; 10] = [
        "get", "list", "describe", "head", "batchget", "query", "scan", "search", "lookup", "view",
    ];
    let Some((_, op)) = action.split_once(':') else {
        return false;
    };
    let prefix = op[..op.find(['*', '?']).unwrap_or(op.len())].to_ascii_lowercase();
    READ_VERBS.iter().any(|verb| prefix.starts_with(verb))
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
            "s3:get*",
            "S3:GETOBJECT",
            "*:List*",
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
            "s3:G?t*",
            "ec2:*Instances",
            "*Object",
            "s3:Put*",
        ] {
            assert!(!is_read_only(write), "{write}");
        }
    }

    #[test]
    fn service_wildcards_and_resources() {
        let s = statements(
            r#"{"Statement":[{"Effect":"Allow","Action":["s3:*","IAM:*","s3:Get*","logs:PutLogEvents"],
            "Resource":"arn:aws:logs:us-east-1:1:log-group:/ecs/app:log-stream:*"}]}"#,
        )
        .unwrap();
        assert_eq!(
            s[0].service_wildcards(),
            vec!["s3:*".to_string(), "IAM:*".to_string()]
        );
        assert_eq!(s[0].wildcard_resources().len(), 1);
        assert_eq!(
            s[0].write_actions(),
            vec![
                "s3:*".to_string(),
                "IAM:*".to_string(),
                "logs:PutLogEvents".to_string()
            ]
        );
    }

    #[test]
    fn actions_match_as_aws_globs_them() {
        for (pattern, action) in [
            ("s3:PutObject", "s3:PutObject"),
            ("s3:putobject", "S3:PutObject"),
            ("S3:*", "s3:DeleteBucket"),
            ("s3:Put*", "s3:PutBucketPolicy"),
            ("*Object", "s3:GetObject"),
            ("s3:*Object", "s3:DeleteObject"),
            ("s3:Get?bject", "s3:GetObject"),
            ("*", "iam:CreateUser"),
            ("*:*", "iam:CreateUser"),
            ("iam*", "iam:CreateUser"),
            ("s3:*", "s3:"),
        ] {
            assert!(action_matches(pattern, action), "{pattern} ~ {action}");
        }
        for (pattern, action) in [
            ("s3:Put*", "s3:GetObject"),
            ("*Object", "s3:GetObjectAcl"),
            ("s3:Get?bject", "s3:GetObjects"),
            ("s3:GetObject", "s3:GetObjectAcl"),
            ("s3:*", "s3express:CreateSession"),
            ("?", "s3:x"),
        ] {
            assert!(!action_matches(pattern, action), "{pattern} !~ {action}");
        }
    }

    #[test]
    fn whole_services_and_every_action() {
        for all in ["*", "*:*", "**", "*:**", "?*:*"] {
            assert!(covers_all(all), "{all} is every action");
        }
        for not_all in ["s3:*", "?:*", "*:Get*", "*Object", "*:", "iam*"] {
            assert!(!covers_all(not_all), "{not_all} is not every action");
        }
        for (pattern, service) in [
            ("s3:*", "s3"),
            ("S3:*", "s3"),
            ("IAM:*", "iam"),
            ("iam*", "iam"),
            ("i*:*", "iam"),
            ("*", "iam"),
            // Every action name has a character at least.
            ("iam:?*", "iam"),
        ] {
            assert!(
                covers_service(pattern, service),
                "{pattern} covers {service}"
            );
        }
        for (pattern, service) in [("s3:Get*", "s3"), ("iam:*", "s3"), ("iam:??*", "iam")] {
            assert!(
                !covers_service(pattern, service),
                "{pattern} !covers {service}"
            );
        }
        for whole in ["s3:*", "S3:*", "s3*", "s*:*", "?3:*", "*"] {
            assert!(whole_service(whole), "{whole} is a whole service");
        }
        for part in [
            "s3:Get*",
            "s3:get*",
            "*Object",
            "s3:PutObject",
            "s3:*Object",
        ] {
            assert!(!whole_service(part), "{part} is part of a service");
        }
    }

    /// Every word over `alphabet` of `min..=max` characters.
    fn words(alphabet: &[u8], min: usize, max: usize) -> Vec<String> {
        let mut level = vec![String::new()];
        let mut all = Vec::new();
        for length in 0..=max {
            if length >= min {
                all.extend(level.iter().cloned());
            }
            level = level
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{}", *c as char)))
                .collect();
        }
        all
    }

    #[test]
    fn a_last_question_mark_takes_one_character_only() {
        // `?` at the end takes one character: `s3:?` is not every S3 action,
        // and a NotAction of `iam:?` leaves (almost all of) IAM in.
        assert!(!covers_service("s3:?", "s3"));
        assert!(!covers_service("s3??", "s3"));
        assert!(!covers_all("*:?"));
        assert!(!covers_all("?*:?"));
        assert!(!whole_service("s3:?"));
        assert!(covers_service("s3:*?", "s3") && covers_all("*?:*?"));
        assert!(
            covers_all("???*"),
            "the shortest action has three characters"
        );
        assert!(!covers_all("????*"));
        let iam_left_in =
            one(r#"{"Statement":{"Effect":"Allow","NotAction":"iam:?","Resource":"*"}}"#);
        assert!(iam_left_in.administrator().is_some());
        let all_but_one_letter =
            one(r#"{"Statement":{"Effect":"Allow","NotAction":"*:?","Resource":"*"}}"#);
        assert!(all_but_one_letter.account_wide().is_some());
    }

    #[test]
    fn whole_service_and_every_action_agree_with_the_matcher() {
        // Names of one to six letters stand for every name: a pattern of at
        // most five characters cannot tell longer ones apart.
        let names = words(b"ab", 1, 6);
        let actions: Vec<String> = names
            .iter()
            .flat_map(|s| names.iter().map(move |a| format!("{s}:{a}")))
            .collect();
        for pattern in words(b"a:*?", 0, 4) {
            let every = actions.iter().all(|a| action_matches(&pattern, a));
            assert_eq!(covers_all(&pattern), every, "covers_all({pattern:?})");
        }
        for pattern in words(b"ab:*?", 0, 5) {
            let every = names
                .iter()
                .all(|a| action_matches(&pattern, &format!("ab:{a}")));
            assert_eq!(
                covers_service(&pattern, "ab"),
                every,
                "covers_service({pattern:?}, ab)"
            );
        }
    }

    #[test]
    fn long_patterns_are_judged_in_linear_time() {
        // Was cubic in the pattern: 800 `*` took 0.4 s, 6,000 about 3 min (release).
        let stars = "*".repeat(1_000_000);
        assert!(covers_all(&stars) && whole_service(&stars));
        let letters = "a".repeat(1_000_000);
        assert!(!covers_all(&letters) && !whole_service(&letters));
        assert!(!excludes_service(&["*?".repeat(500_000)], "iam"));
    }

    #[test]
    fn every_resource_patterns() {
        for every in [
            "*",
            "**",
            "arn:*",
            "arn:aws:*",
            "arn:aws:*:*:*:*",
            "arn:*:*:*:*:*",
        ] {
            assert!(every_resource(every), "{every}");
        }
        for some in [
            "arn:aws:s3:::*",
            "arn:aws:*:*:*:*:*",
            "arn:aws:logs:*:*:*",
            "arn:aws?:*",
            "",
        ] {
            assert!(!every_resource(some), "{some}");
        }
    }

    fn one(document: &str) -> Statement {
        statements(document).unwrap().remove(0)
    }

    #[test]
    fn administrator_access_and_account_wide_grants() {
        let star = one(r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#);
        assert_eq!(star.administrator().as_deref(), Some("Allow * on *"));
        assert_eq!(star.account_wide().as_deref(), Some("Allow * on *"));
        let all_but_billing =
            one(r#"{"Statement":{"Effect":"Allow","NotAction":["aws-portal:*"],"Resource":"*"}}"#);
        assert!(
            all_but_billing
                .administrator()
                .unwrap()
                .contains("IAM is left in")
        );
        assert!(all_but_billing.account_wide().is_some());
        // AWS's PowerUserAccess: every service but IAM, Organizations, Account.
        let power_user = one(
            r#"{"Statement":{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}}"#,
        );
        assert_eq!(power_user.administrator(), None);
        assert_eq!(
            power_user.account_wide().as_deref(),
            Some("Allow every action but iam:*,organizations:*,account:* on *")
        );
        // Only part of IAM left out: the rest of IAM still grants everything.
        let partial = one(
            r#"{"Statement":{"Effect":"Allow","NotAction":["iam:Create*","iam:Put*"],"Resource":"*"}}"#,
        );
        assert!(partial.administrator().is_some());
        let upper = one(r#"{"Statement":{"Effect":"Allow","NotAction":"IAM:*","Resource":"*"}}"#);
        assert_eq!(upper.administrator(), None, "IAM:* excludes IAM");
        let nothing = one(r#"{"Statement":{"Effect":"Allow","NotAction":"*","Resource":"*"}}"#);
        assert_eq!(nothing.administrator(), None);
        assert_eq!(
            nothing.account_wide(),
            None,
            "every action excluded: nothing granted"
        );
        let scoped = one(
            r#"{"Statement":{"Effect":"Allow","NotAction":"s3:*","Resource":"arn:aws:s3:::b"}}"#,
        );
        assert_eq!(scoped.administrator(), None);
        assert_eq!(scoped.account_wide(), None);
        let arn_star =
            one(r#"{"Statement":{"Effect":"Allow","Action":"*:*","Resource":"arn:aws:*"}}"#);
        assert!(arn_star.administrator().is_some());
        let deny = one(r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#);
        assert_eq!(deny.administrator(), None);
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
