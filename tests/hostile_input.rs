//! Hostile input: the policy-document parser and its judgements, CIDR and
//! port arithmetic, `posture.toml`, snapshots, IAM's encoded documents and
//! the Terraform source's comments and `secret_string` values,
//! on arbitrary and damaged input. Nothing panics, overflows its stack or
//! runs unbounded; every error is an `Err` with a message; and the properties
//! the code's docs promise hold on generated input.
//!
//! Each property runs `POSTURE_PROPTEST_CASES` cases (256 unless set); a
//! failing case is kept in `tests/proptest-regressions/hostile_input.txt` and
//! tried first on every later run. The huge and deeply nested inputs are plain
//! tests, each on a thread of its own (2 MiB of stack, a quarter of a main
//! thread's) that must finish within its time limit.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::collection::{btree_map, btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value, json};

use posture::checks::settings::Settings;
use posture::checks::{self, Selection};
use posture::config::Config;
use posture::inventory::{Inventory, IpProtocol, Peer, PrefixList, SgRule};
use posture::net::{self, Labelled, Lists, Ports};
use posture::policy::{self, Statement};

// ---------------------------------------------------------------------------
// Configuration of the runs, and the watchdog.

fn cases() -> u32 {
    match std::env::var("POSTURE_PROPTEST_CASES") {
        Ok(n) => n
            .parse()
            .expect("POSTURE_PROPTEST_CASES is a number of cases"),
        Err(_) => 256,
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/hostile_input.txt",
        ))),
        ..ProptestConfig::with_cases(cases())
    }
}

/// `f`'s result, from a thread of its own (the default 2 MiB of stack); a
/// failure if it panics or takes longer than `seconds`.
fn finishes<T: Send + 'static>(
    what: &str,
    seconds: u64,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (send, receive) = channel();
    std::thread::Builder::new()
        .name(what.to_string())
        .spawn(move || {
            let _ = send.send(f());
        })
        .expect("a thread");
    match receive.recv_timeout(Duration::from_secs(seconds)) {
        Ok(value) => value,
        Err(RecvTimeoutError::Timeout) => panic!("{what}: not finished within {seconds} s"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

// ---------------------------------------------------------------------------
// JSON.

fn key() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec![
            "Statement",
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Principal",
            "NotPrincipal",
            "Condition",
            "Sid",
            "Version",
            "AWS",
            "Service",
            "schema",
            "kind",
            "value",
        ])
        .prop_map(str::to_string),
        ".{0,8}",
    ]
    .boxed()
}

fn json_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // NaN and the infinities have no JSON: serde_json makes them null.
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        action_pattern().prop_map(Value::String),
    ]
    .boxed()
}

/// Any JSON value, objects and arrays nested a few levels deep.
fn json() -> BoxedStrategy<Value> {
    json_leaf()
        .prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Value::Array),
                btree_map(key(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
        .boxed()
}

/// `depth` arrays, one in another.
fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

// ---------------------------------------------------------------------------
// IAM policy documents.

/// Action patterns: the real shapes, wildcards placed anywhere, any text.
fn action_pattern() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec![
            "*",
            "*:*",
            "**",
            "?*:*",
            "*:?",
            "s3:*",
            "S3:*",
            "s3*",
            "iam:*",
            "iam:?",
            "iam:Create*",
            "s3:Get*",
            "ec2:Describe*",
            "*Object",
            ":",
            "",
        ])
        .prop_map(str::to_string),
        "[a-z0-9-]{1,8}:[A-Za-z0-9*?]{0,12}",
        "(s3|iam|ec2|kms)[*?]{0,2}:[*?]{0,3}",
        "[a-zA-Z0-9*?:]{0,10}",
        "[*?:a]{0,8}",
        ".{0,16}",
    ]
    .boxed()
}

fn resource_pattern() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec![
            "*",
            "**",
            "arn:*",
            "arn:aws:*",
            "arn:*:*:*:*:*",
            "arn:aws:*:*:*:*:*",
            "arn:aws:s3:::*",
            "arn:aws?:*",
            "",
        ])
        .prop_map(str::to_string),
        "arn:(aws|aws-cn|\\*|a\\?s):[a-z0-9*?]{0,6}:[a-z0-9*-]{0,10}:[0-9*]{0,12}:[a-z/*?:-]{0,12}",
        "[a:*?]{0,10}",
        ".{0,16}",
    ]
    .boxed()
}

/// A field that AWS writes as a string or a list of strings, in either form,
/// with values of other types among them or instead.
fn string_or_list(item: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    prop_oneof![
        4 => item.clone().prop_map(Value::String),
        4 => vec(item.clone(), 0..5).prop_map(|v| json!(v)),
        2 => vec(prop_oneof![item.prop_map(Value::String), json_leaf()], 0..5)
            .prop_map(Value::Array),
        1 => json(),
    ]
    .boxed()
}

fn effect() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => Just(json!("Allow")),
        3 => Just(json!("Deny")),
        1 => select(vec!["allow", "ALLOW", "Allow ", "", "Audit"]).prop_map(|e| json!(e)),
        1 => ".{0,8}".prop_map(Value::String),
        1 => json_leaf(),
    ]
    .boxed()
}

fn principal() -> BoxedStrategy<Value> {
    let arn = prop_oneof![
        Just("*".to_string()),
        "arn:aws:iam::[0-9]{12}:(root|role/[a-z]{1,8})",
        "[0-9]{12}",
        ".{0,12}",
    ]
    .boxed();
    let service = "[a-z-]{1,12}\\.amazonaws\\.com".boxed();
    prop_oneof![
        Just(json!("*")),
        string_or_list(arn.clone()).prop_map(|v| json!({ "AWS": v })),
        string_or_list(service).prop_map(|v| json!({ "Service": v })),
        (string_or_list(arn.clone()), string_or_list(arn.clone()))
            .prop_map(|(a, f)| json!({ "AWS": a, "Federated": f })),
        btree_map(key(), string_or_list(arn), 0..4)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        json(),
    ]
    .boxed()
}

fn condition() -> BoxedStrategy<Value> {
    let operator = select(vec![
        "StringEquals",
        "StringLike",
        "ArnLike",
        "Bool",
        "IpAddress",
        "ForAnyValue:StringEquals",
    ])
    .prop_map(str::to_string);
    let keys = select(vec![
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:PrincipalOrgID",
        "aws:SecureTransport",
        "sts:ExternalId",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        3 => btree_map(
            operator,
            btree_map(keys, string_or_list(".{0,12}".boxed()), 0..3),
            0..3
        )
        .prop_map(|m| json!(m)),
        1 => json(),
    ]
    .boxed()
}

/// A statement: every field present or not, in each of its forms, and
/// unknown fields.
fn statement() -> BoxedStrategy<Value> {
    let actions = string_or_list(action_pattern().boxed());
    let resources = string_or_list(resource_pattern().boxed());
    (
        option::of(effect()),
        option::of(actions.clone()),
        option::of(actions),
        option::of(resources.clone()),
        option::of(resources),
        option::of(principal()),
        option::of(condition()),
        option::of(json_leaf()),
        btree_map(".{0,6}", json_leaf(), 0..2),
    )
        .prop_map(
            |(
                effect,
                action,
                not_action,
                resource,
                not_resource,
                principal,
                condition,
                sid,
                extra,
            )| {
                let mut s: Map<String, Value> = extra.into_iter().collect();
                for (name, value) in [
                    ("Effect", effect),
                    ("Action", action),
                    ("NotAction", not_action),
                    ("Resource", resource),
                    ("NotResource", not_resource),
                    ("Principal", principal),
                    ("Condition", condition),
                    ("Sid", sid),
                ] {
                    if let Some(value) = value {
                        s.insert(name.to_string(), value);
                    }
                }
                Value::Object(s)
            },
        )
        .boxed()
}

/// A policy document: `Statement` as one object, a list (of statements and
/// of other values), another type, or absent; or no object at all.
fn document() -> BoxedStrategy<Value> {
    let statements = prop_oneof![
        3 => statement(),
        4 => vec(prop_oneof![6 => statement(), 1 => json()], 0..6).prop_map(Value::Array),
        1 => json(),
    ]
    .boxed();
    prop_oneof![
        8 => (
            option::of(statements),
            option::of(prop_oneof![Just(json!("2012-10-17")), json_leaf()]),
            btree_map(".{0,6}", json_leaf(), 0..2),
        )
            .prop_map(|(statements, version, extra)| {
                let mut d: Map<String, Value> = extra.into_iter().collect();
                if let Some(v) = version {
                    d.insert("Version".into(), v);
                }
                if let Some(s) = statements {
                    d.insert("Statement".into(), s);
                }
                Value::Object(d)
            }),
        1 => json(),
    ]
    .boxed()
}

/// An action as AWS names one: `service:Action`.
fn action() -> BoxedStrategy<(String, String)> {
    ("[a-z0-9-]{1,12}", "[A-Za-z0-9]{1,24}").boxed()
}

/// A pattern (literals, `*`, `?`) and an action it matches by construction:
/// each `*` replaced with a run of letters, each `?` with one letter.
fn pattern_and_instance() -> BoxedStrategy<(String, String)> {
    #[derive(Debug, Clone)]
    enum Piece {
        Literal(String),
        Star(String),
        Mark(char),
    }
    let piece = prop_oneof![
        3 => "[A-Za-z0-9:]{1,4}".prop_map(Piece::Literal),
        2 => "[A-Za-z0-9]{0,4}".prop_map(Piece::Star),
        1 => "[A-Za-z0-9]".prop_map(|c| Piece::Mark(c.chars().next().unwrap())),
    ];
    vec(piece, 0..8)
        .prop_map(|pieces| {
            let (mut pattern, mut instance) = (String::new(), String::new());
            for piece in pieces {
                match piece {
                    Piece::Literal(l) => {
                        pattern.push_str(&l);
                        instance.push_str(&l);
                    }
                    Piece::Star(fill) => {
                        pattern.push('*');
                        instance.push_str(&fill);
                    }
                    Piece::Mark(c) => {
                        pattern.push('?');
                        instance.push(c);
                    }
                }
            }
            (pattern, instance)
        })
        .boxed()
}

/// Every judgement of `src/policy.rs` on every statement, and the matcher
/// on each of their patterns against `probes` both ways.
fn exercise(statements: &[Statement], probes: &[String]) {
    for s in statements {
        let _ = (
            s.all_actions(),
            s.all_resources(),
            s.service_wildcards(),
            s.wildcard_resources(),
            s.write_actions(),
            s.administrator(),
            s.account_wide(),
            policy::principals(s),
        );
        let patterns = s.actions.iter().chain(s.not_actions.iter().flatten());
        for a in patterns {
            let _ = (
                policy::is_pattern(a),
                policy::covers_all(a),
                policy::whole_service(a),
                policy::is_read_only(a),
                policy::covers_service(a, "iam"),
                policy::covers_service(a, "s3"),
                policy::excludes_service(std::slice::from_ref(a), "iam"),
            );
            for probe in probes {
                let _ = (
                    policy::action_matches(a, probe),
                    policy::action_matches(probe, a),
                );
            }
        }
        let resources = s.resources.iter().chain(s.not_resources.iter().flatten());
        for r in resources {
            let _ = (policy::every_resource(r), policy::is_pattern(r));
        }
    }
}

/// The string items of a field written as a string or a list.
fn string_items(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn policy_documents_never_panic(doc in document(), probes in vec(action_pattern(), 0..4)) {
        match policy::statements(&doc.to_string()) {
            Ok(statements) => exercise(&statements, &probes),
            Err(why) => prop_assert!(!why.is_empty()),
        }
    }

    #[test]
    fn damaged_policy_text_never_panics(
        doc in document(),
        cut in any::<Index>(),
        flips in vec((any::<Index>(), any::<u8>()), 0..4),
    ) {
        let mut bytes = doc.to_string().into_bytes();
        for (at, byte) in flips {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(statements) = policy::statements(&text) {
            exercise(&statements, &["s3:GetObject".to_string()]);
        }
    }

    #[test]
    fn any_text_is_a_document_or_an_error(text in ".{0,64}") {
        if let Err(why) = policy::statements(&text) {
            prop_assert!(!why.is_empty());
        }
    }

    /// A single statement object or a one-item list; a string or a one-item list.
    #[test]
    fn one_statement_and_one_value_in_either_form_are_the_same(
        st in statement(),
        field in select(vec!["Action", "NotAction", "Resource", "NotResource"]),
        value in ".{0,12}",
    ) {
        let object = policy::statements(&json!({ "Statement": st }).to_string());
        let list = policy::statements(&json!({ "Statement": [st.clone()] }).to_string());
        prop_assert_eq!(format!("{object:?}"), format!("{list:?}"));
        let mut as_string = st.clone();
        let mut as_list = st;
        if let (Some(a), Some(b)) = (as_string.as_object_mut(), as_list.as_object_mut()) {
            a.insert(field.to_string(), json!(value));
            b.insert(field.to_string(), json!([value]));
        }
        let a = policy::statements(&json!({ "Statement": as_string }).to_string());
        let b = policy::statements(&json!({ "Statement": as_list }).to_string());
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    /// Statements with a string Effect are read one for one: Allow is the
    /// exact `Allow`, actions and resources are their string items.
    #[test]
    fn statements_are_read_one_for_one(list in vec(statement(), 0..6)) {
        let list: Vec<Value> = list
            .into_iter()
            .filter(|s| s.get("Effect").is_some_and(Value::is_string))
            .collect();
        let read = policy::statements(&json!({ "Statement": list }).to_string());
        let read = read.map_err(TestCaseError::fail)?;
        prop_assert_eq!(read.len(), list.len());
        for (raw, s) in list.iter().zip(&read) {
            prop_assert_eq!(s.allow, raw["Effect"] == "Allow");
            prop_assert_eq!(&s.actions, &string_items(raw.get("Action")));
            prop_assert_eq!(&s.resources, &string_items(raw.get("Resource")));
            prop_assert_eq!(s.not_actions.is_some(), raw.get("NotAction").is_some());
            prop_assert_eq!(s.not_resources.is_some(), raw.get("NotResource").is_some());
        }
    }

    /// Allow `*` (or `*:*`) on `*` (or an ARN every ARN matches) is
    /// administrator access and account-wide, whatever else it lists.
    #[test]
    fn allow_everything_on_everything_is_administrator(
        star in select(vec!["*", "*:*", "**", "?*:*"]),
        every in select(vec!["*", "arn:aws:*", "arn:*:*:*:*:*", "arn:*"]),
        others in vec(action_pattern(), 0..3),
        resources in vec(resource_pattern(), 0..3),
        as_list in any::<bool>(),
        condition in option::of(condition()),
    ) {
        let mut actions = others;
        actions.push(star.to_string());
        let mut all_resources = resources;
        all_resources.push(every.to_string());
        let mut st = json!({ "Effect": "Allow", "Action": actions, "Resource": all_resources });
        if !as_list {
            st["Action"] = json!(star);
            st["Resource"] = json!(every);
        }
        if let Some(c) = condition {
            st["Condition"] = c;
        }
        let s = policy::statements(&json!({ "Statement": st }).to_string()).unwrap().remove(0);
        prop_assert!(s.all_actions() && s.all_resources());
        prop_assert_eq!(s.administrator(), Some("Allow * on *".to_string()));
        prop_assert_eq!(s.account_wide(), Some("Allow * on *".to_string()));
        prop_assert!(!s.service_wildcards().is_empty(), "every service is a whole service");
        prop_assert!(!s.write_actions().is_empty());
    }

    /// Only an Allow grants: no other statement is administrator access or account-wide.
    #[test]
    fn a_statement_that_is_no_allow_grants_nothing(
        st in statement(),
        effect in prop_oneof![Just("Deny".to_string()), Just("allow".to_string()), ".{0,8}"],
    ) {
        if effect == "Allow" {
            return Ok(());
        }
        let mut st = st;
        if let Some(s) = st.as_object_mut() {
            s.insert("Effect".into(), json!(effect));
        }
        if let Ok(statements) = policy::statements(&json!({ "Statement": [st] }).to_string()) {
            for s in &statements {
                prop_assert!(!s.allow);
                prop_assert_eq!(s.administrator(), None);
                prop_assert_eq!(s.account_wide(), None);
            }
        }
    }

    /// The matcher: an action matches itself in any case; `*`, `*:*`,
    /// `service:*` and `service*` match every action of theirs; a pattern
    /// matches every action made from it by filling its wildcards.
    #[test]
    fn the_matcher_globs_as_aws_does(
        (service, name) in action(),
        (pattern, instance) in pattern_and_instance(),
    ) {
        let a = format!("{service}:{name}");
        prop_assert!(policy::action_matches(&a, &a));
        prop_assert!(policy::action_matches(&a.to_ascii_uppercase(), &a));
        prop_assert!(policy::action_matches(&a.to_ascii_lowercase(), &a));
        for every in ["*", "*:*", "**"] {
            prop_assert!(policy::action_matches(every, &a));
        }
        let (whole, prefix, longer) = (format!("{service}:*"), format!("{service}*"), format!("{a}x"));
        prop_assert!(policy::action_matches(&whole, &a));
        prop_assert!(policy::action_matches(&prefix, &a));
        prop_assert!(!policy::action_matches(&longer, &a));
        prop_assert!(policy::action_matches(&pattern, &instance), "{pattern} ~ {instance}");
        prop_assert!(policy::action_matches(&pattern, &pattern), "{pattern} ~ itself");
    }

    /// `covers_all`, `covers_service` and `whole_service` promise that the
    /// pattern matches every action (of the service): so it must match
    /// each one tried.
    #[test]
    fn what_covers_a_service_matches_each_of_its_actions(
        pattern in action_pattern(),
        (service, name) in action(),
        short_name in "[A-Za-z0-9]{1,3}",
    ) {
        for name in [&name, &short_name] {
            let a = format!("{service}:{name}");
            if policy::covers_all(&pattern) {
                prop_assert!(policy::action_matches(&pattern, &a), "{pattern} covers all, not {a}");
            }
            if policy::covers_service(&pattern, &service) {
                prop_assert!(policy::action_matches(&pattern, &a), "{pattern} covers {service}, not {a}");
            }
            for known in ["s3", "iam", "ec2", "kms"] {
                let k = format!("{known}:{name}");
                if policy::covers_service(&pattern, known) {
                    prop_assert!(policy::action_matches(&pattern, &k), "{pattern} covers {known}, not {k}");
                }
            }
            // A literal service (`s3:…`) granted whole is granted every action.
            if let Some((literal, _)) = pattern.split_once(':')
                && !literal.is_empty()
                && !policy::is_pattern(literal)
                && policy::whole_service(&pattern)
            {
                let k = format!("{literal}:{name}");
                prop_assert!(policy::action_matches(&pattern, &k), "{pattern} is whole, not {k}");
            }
        }
    }

    /// A read-only pattern matches only read-only actions; a statement of
    /// read-only actions has no write actions.
    #[test]
    fn read_only_patterns_match_read_only_actions(
        service in "[a-z0-9]{1,6}",
        verb in select(vec!["Get", "List", "Describe", "get", "LIST", "BatchGet", "Put", "G", "Delete"]),
        (rest, filled) in pattern_and_instance(),
    ) {
        // The instance fills wildcards with letters only: it has no `*` or
        // `?`; and no `:` after the service's.
        let (rest, filled) = (rest.replace(':', "x"), filled.replace(':', "x"));
        let pattern = format!("{service}:{verb}{rest}");
        let instance = format!("{service}:{verb}{filled}");
        prop_assert!(policy::action_matches(&pattern, &instance));
        if policy::is_read_only(&pattern) {
            prop_assert!(policy::is_read_only(&instance), "{pattern} read-only, {instance} not");
            let st = json!({ "Statement": { "Effect": "Allow", "Action": [pattern, instance], "Resource": "*" } });
            let s = policy::statements(&st.to_string()).unwrap().remove(0);
            prop_assert!(s.write_actions().is_empty());
        }
    }

    /// Every principal value is listed with its kind; `"*"` is AWS `*`.
    #[test]
    fn principals_list_every_value_with_its_kind(
        kinds in btree_map(
            select(vec!["AWS", "Service", "Federated", "CanonicalUser"]).prop_map(str::to_string),
            vec(".{0,12}", 0..4),
            0..4,
        ),
        one_string in any::<bool>(),
    ) {
        let mut principal = Map::new();
        let mut expected = Vec::new();
        for (kind, values) in &kinds {
            if one_string && values.len() == 1 {
                principal.insert(kind.clone(), json!(values[0]));
            } else {
                principal.insert(kind.clone(), json!(values));
            }
            expected.extend(values.iter().map(|v| (kind.clone(), v.clone())));
        }
        let doc = json!({ "Statement": { "Effect": "Allow", "Principal": principal } });
        let s = policy::statements(&doc.to_string()).unwrap().remove(0);
        prop_assert_eq!(policy::principals(&s), expected);
        let star = json!({ "Statement": { "Effect": "Allow", "Principal": "*" } });
        let s = policy::statements(&star.to_string()).unwrap().remove(0);
        prop_assert_eq!(policy::principals(&s), vec![("AWS".to_string(), "*".to_string())]);
    }
}

#[test]
fn deeply_nested_documents_are_refused() {
    finishes("deep policy documents", 60, || {
        for depth in [1_000, 100_000] {
            let doc = format!("{{\"Statement\":{}}}", nested_arrays(depth));
            assert!(policy::statements(&doc).is_err(), "depth {depth}");
            let deep_condition = format!(
                "{{\"Statement\":{{\"Effect\":\"Allow\",\"Condition\":{}}}}}",
                nested_arrays(depth)
            );
            assert!(
                policy::statements(&deep_condition).is_err(),
                "depth {depth}"
            );
        }
        // Under serde_json's recursion limit (128): read, and judged.
        let condition = format!(
            "{{\"Statement\":{{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{}}}}}",
            nested_arrays(120)
        );
        let s = policy::statements(&condition).expect("120 levels are read");
        exercise(&s, &["iam:CreateUser".to_string()]);
        assert!(s[0].administrator().is_some());
    });
}

#[test]
fn huge_documents_and_long_patterns_finish() {
    finishes("huge policy documents", 60, || {
        let long = |unit: &str, bytes: usize| unit.repeat(bytes / unit.len());
        // Patterns of a megabyte each: every judgement is at most linear in
        // the pattern (`covers_all` was cubic: 800 `*` took 0.4 s, 6,000 about 3 min).
        let actions = vec![
            long("*", 1 << 20),
            long("*?", 1 << 20),
            format!("{}*:*", long("?", 1 << 20)),
            long("a", 1 << 20),
            format!("s3:{}", long("G*", 1 << 20)),
            format!("{}:*", long("a", 1 << 20)),
        ];
        let doc = json!({ "Statement": [
            { "Effect": "Allow", "Action": actions, "Resource": long("*", 1 << 20) },
            { "Effect": "Allow", "NotAction": actions, "NotResource": long("arn:", 1 << 20),
              "Principal": { "AWS": long("x", 1 << 20) } },
        ]});
        let s = policy::statements(&doc.to_string()).expect("a document");
        exercise(
            &s,
            &["s3:GetObject".to_string(), "iam:CreateUser".to_string()],
        );
        assert!(s[0].administrator().is_some());
        // Many statements.
        let many: Vec<Value> = (0..100_000)
            .map(|i| json!({ "Effect": "Allow", "Action": format!("s{i}:Get*"), "Resource": "*" }))
            .collect();
        let s = policy::statements(&json!({ "Statement": many }).to_string()).expect("a document");
        assert_eq!(s.len(), 100_000);
        exercise(&s, &[]);
    });
}

// ---------------------------------------------------------------------------
// CIDRs and ports.

fn protocol() -> BoxedStrategy<IpProtocol> {
    prop_oneof![
        4 => select(vec!["-1", "tcp", "udp", "icmp", "icmpv6", "47", "50", "6", "17", "", "TCP"])
            .prop_map(IpProtocol::from),
        1 => ".{0,6}".prop_map(IpProtocol::from),
    ]
    .boxed()
}

fn port() -> BoxedStrategy<Option<i32>> {
    option::of(prop_oneof![
        4 => -1i32..=65536,
        1 => select(vec![i32::MIN, -2, -1, 0, 1, 22, 65535, 65536, i32::MAX]),
        1 => any::<i32>(),
    ])
    .boxed()
}

fn ipv4() -> BoxedStrategy<Ipv4Net> {
    prop_oneof![
        3 => (any::<u32>(), 0u8..=32),
        1 => (any::<u32>(), Just(0u8)),
        1 => (any::<u32>(), Just(1u8)),
    ]
    .prop_map(|(addr, len)| Ipv4Net::new(Ipv4Addr::from(addr), len).unwrap())
    .boxed()
}

fn ipv6() -> BoxedStrategy<Ipv6Net> {
    prop_oneof![
        3 => (any::<u128>(), 0u8..=128),
        1 => (any::<u128>(), Just(0u8)),
    ]
    .prop_map(|(addr, len)| Ipv6Net::new(Ipv6Addr::from(addr), len).unwrap())
    .boxed()
}

fn ipnet() -> BoxedStrategy<IpNet> {
    prop_oneof![ipv4().prop_map(IpNet::V4), ipv6().prop_map(IpNet::V6)].boxed()
}

const LIST_IDS: [&str; 4] = ["pl-any", "pl-cf", "pl-s3", "pl-unread"];

fn peer() -> BoxedStrategy<Peer> {
    prop_oneof![
        4 => ipv4().prop_map(Peer::Ipv4),
        2 => ipv6().prop_map(Peer::Ipv6),
        1 => prop_oneof![select(LIST_IDS.to_vec()).prop_map(str::to_string), ".{0,8}"]
            .prop_map(Peer::PrefixList),
        1 => ".{0,8}".prop_map(Peer::Group),
    ]
    .boxed()
}

fn rule() -> BoxedStrategy<SgRule> {
    (protocol(), port(), port(), peer())
        .prop_map(|(protocol, from_port, to_port, peer)| SgRule {
            protocol,
            from_port,
            to_port,
            peer,
        })
        .boxed()
}

fn prefix_list() -> BoxedStrategy<PrefixList> {
    (
        select(LIST_IDS.to_vec()),
        prop_oneof![
            select(vec![
                "com.amazonaws.global.cloudfront.origin-facing",
                "com.amazonaws.us-east-1.s3",
                "com.amazonaws.eu-west-1.dynamodb",
                "com.amazonaws..s3",
                "anywhere",
                "",
            ])
            .prop_map(str::to_string),
            ".{0,12}",
        ],
        option::of(prop_oneof![Just("AWS".to_string()), Just("123456789012".to_string()), ".{0,4}"]),
        option::of(vec(
            prop_oneof![3 => ipnet(), 1 => Just("0.0.0.0/0".parse().unwrap()), 1 => Just("::/0".parse().unwrap())],
            0..5,
        )),
    )
        .prop_map(|(id, name, owner, entries)| PrefixList {
            id: id.to_string(),
            name,
            owner,
            entries,
        })
    .boxed()
}

fn is_ported(p: &IpProtocol) -> bool {
    matches!(p, IpProtocol::All | IpProtocol::Tcp | IpProtocol::Udp)
}

/// An IPv4 network inside one of the ranges that are not public.
fn private_ipv4() -> BoxedStrategy<IpNet> {
    (
        select(vec![
            ("10.0.0.0", 8u8),
            ("172.16.0.0", 12),
            ("192.168.0.0", 16),
            ("100.64.0.0", 10),
            ("127.0.0.0", 8),
            ("169.254.0.0", 16),
        ]),
        any::<u32>(),
        0u8..=32,
    )
        .prop_map(|((base, len), host, extra)| {
            let base = u32::from(base.parse::<Ipv4Addr>().unwrap());
            let mask = if len == 0 { 0 } else { u32::MAX >> len };
            let addr = base | (host & mask);
            let prefix = (len + extra).min(32);
            IpNet::V4(Ipv4Net::new(Ipv4Addr::from(addr), prefix).unwrap().trunc())
        })
        .boxed()
}

proptest! {
    #![proptest_config(config())]

    /// Every function of `src/net.rs` on arbitrary rules, prefix lists and
    /// trusted networks.
    #[test]
    fn rule_arithmetic_never_panics(
        rules in vec(rule(), 0..8),
        lists in option::of(vec(prefix_list(), 0..4)),
        trusted in vec(ipnet(), 0..3),
        ports in vec(any::<i32>(), 0..4),
        allowed in vec(any::<i32>(), 0..4),
    ) {
        let lists = Lists::new(lists.as_deref());
        for r in &rules {
            let _ = (
                net::port_range(r),
                net::covers_other_than(r, &allowed),
                net::is_all_traffic(r),
                net::describe_ports(r),
                net::describe_rule(r),
                net::is_internet(&r.peer),
                net::is_public(&r.peer),
                net::peer_net(&r.peer),
                net::within(&r.peer, &trusted),
                net::describe_peer(&r.peer),
                lists.reach(&r.peer),
                lists.untrusted(r, &trusted),
                lists.describe_rule(r),
            );
            for p in &ports {
                let _ = net::covers_port(r, *p);
            }
        }
        for n in &trusted {
            let _ = net::is_public_net(n);
        }
        let labelled: Vec<Labelled> = rules
            .iter()
            .enumerate()
            .map(|(i, rule)| Labelled { label: if i % 2 == 0 { "sg-a" } else { "sg-b" }, rule })
            .collect();
        for judged in [net::unlabelled(&rules), labelled] {
            let exposure = net::exposure(&judged, lists);
            if exposure.unknown.is_empty() {
                prop_assert_eq!(&exposure.possible, &exposure.open);
            }
            for o in exposure.open.iter().chain(&exposure.possible) {
                let _ = o.describe();
                prop_assert!(o.rules.iter().all(|i| *i < judged.len()));
                if let Ports::Range(_, from, to) = o.ports {
                    prop_assert!(0 <= from && from <= to && to <= 65535, "{from}-{to}");
                }
                let _ = (o.ports.describe(), o.ports.is_all_traffic(), o.ports.ports_beyond(&allowed));
            }
            let _ = exposure.judge(|p| p.covers_port(22));
            let _ = exposure.judge(|p| p.ports_beyond(&[80, 443]));
        }
    }

    /// Ports: only TCP, UDP and all traffic have them, a covered port lies
    /// in the rule's range and in 0-65535; all traffic covers every port;
    /// missing or -1 ports on TCP/UDP are every port.
    #[test]
    fn port_ranges_hold_what_they_cover(
        r in rule(),
        port in prop_oneof![0i32..=65535, any::<i32>()],
        allowed in btree_set(0i32..=65535, 0..4),
    ) {
        let range = net::port_range(&r);
        prop_assert_eq!(range.is_some(), is_ported(&r.protocol));
        if net::covers_port(&r, port) {
            let (from, to) = range.unwrap();
            prop_assert!(from <= port && port <= to);
            prop_assert!((0..=65535).contains(&port));
        }
        if r.protocol == IpProtocol::All {
            prop_assert!(net::is_all_traffic(&r));
        }
        if matches!(r.protocol, IpProtocol::Tcp | IpProtocol::Udp)
            && (r.from_port.is_none_or(|p| p == -1) || r.to_port.is_none_or(|p| p == -1))
        {
            prop_assert!(net::is_all_traffic(&r));
        }
        if net::is_all_traffic(&r) {
            for p in [0, 1, 22, 443, 65535, port.clamp(0, 65535)] {
                prop_assert!(net::covers_port(&r, p));
            }
        }
        // A port outside `allowed` (distinct ports) is admitted exactly when
        // the range holds more ports than `allowed` has inside it.
        let allowed: Vec<i32> = allowed.into_iter().collect();
        let expected = range.is_some_and(|(from, to)| {
            let inside = allowed.iter().filter(|p| from <= **p && **p <= to).count() as i64;
            i64::from(to) - i64::from(from) + 1 > inside
        });
        prop_assert_eq!(net::covers_other_than(&r, &allowed), expected);
        if let Some((from, to)) = range
            && from <= to
            && to - from < 16
        {
            let every: Vec<i32> = (from..=to).collect();
            prop_assert!(!net::covers_other_than(&r, &every));
        }
    }

    /// `/0` is the internet and public; a network is within itself and
    /// within `/0` of its family; groups and lists are no network.
    #[test]
    fn networks_and_the_internet(
        v4 in ipv4(),
        v6 in ipv6(),
        private in private_ipv4(),
        short in (any::<u32>(), 0u8..=7),
        group in ".{0,8}",
    ) {
        for (peer, whole) in [
            (Peer::Ipv4(Ipv4Net::new(v4.addr(), 0).unwrap()), true),
            (Peer::Ipv6(Ipv6Net::new(v6.addr(), 0).unwrap()), true),
            (Peer::Ipv4(v4), v4.prefix_len() == 0),
            (Peer::Ipv6(v6), v6.prefix_len() == 0),
        ] {
            prop_assert_eq!(net::is_internet(&peer), whole);
            if whole {
                prop_assert!(net::is_public(&peer));
            }
            let own = net::peer_net(&peer).unwrap();
            prop_assert!(net::within(&peer, &[own]));
            let any: IpNet = if matches!(peer, Peer::Ipv4(_)) { "0.0.0.0/0" } else { "::/0" }.parse().unwrap();
            prop_assert!(net::within(&peer, &[any]));
        }
        prop_assert!(!net::is_public_net(&private), "{private} is not public");
        let short = IpNet::V4(Ipv4Net::new(Ipv4Addr::from(short.0), short.1).unwrap());
        prop_assert!(net::is_public_net(&short), "{short} holds public addresses");
        for peer in [Peer::Group(group.clone()), Peer::PrefixList(group)] {
            prop_assert!(!net::is_internet(&peer) && !net::is_public(&peer));
            prop_assert!(!net::within(&peer, &["0.0.0.0/0".parse().unwrap()]));
        }
    }

    /// The internet on a port, alone or as two halves, is open on that port;
    /// rules of private networks alone open nothing; a rule from the
    /// internet is untrusted unless the trusted networks hold it.
    #[test]
    fn exposure_to_the_internet(
        from in 0i32..=65535,
        width in 0i32..=100,
        privates in vec((private_ipv4(), 0i32..=65535), 0..6),
        trusted in vec(ipnet(), 0..3),
    ) {
        let to = (from + width).min(65535);
        let tcp = |peer: &str| SgRule {
            protocol: IpProtocol::Tcp,
            from_port: Some(from),
            to_port: Some(to),
            peer: Peer::Ipv4(peer.parse().unwrap()),
        };
        let open_on = |rules: &[SgRule], port: i32| {
            net::exposure(&net::unlabelled(rules), Lists::new(Some(&[])))
                .open
                .iter()
                .any(|o| o.ports.covers_port(port))
        };
        let whole = [tcp("0.0.0.0/0")];
        let halves = [tcp("0.0.0.0/1"), tcp("128.0.0.0/1")];
        for port in [from, to] {
            prop_assert!(open_on(&whole, port));
            prop_assert!(open_on(&halves, port));
        }
        prop_assert!(!open_on(&halves[..1], from));
        let private_rules: Vec<SgRule> = privates
            .iter()
            .map(|(n, p)| SgRule {
                protocol: IpProtocol::All,
                from_port: Some(*p),
                to_port: Some(*p),
                peer: match n { IpNet::V4(n) => Peer::Ipv4(*n), IpNet::V6(n) => Peer::Ipv6(*n) },
            })
            .collect();
        prop_assert!(net::exposure(&net::unlabelled(&private_rules), Lists::new(None)).open.is_empty());
        let lists = Lists::new(Some(&[]));
        let internet_trusted = trusted.iter().any(|n| n.prefix_len() == 0 && matches!(n, IpNet::V4(_)));
        prop_assert_eq!(lists.untrusted(&whole[0], &trusted), Ok(!internet_trusted));
        let group = SgRule { peer: Peer::Group("sg-1".into()), ..whole[0].clone() };
        prop_assert_eq!(lists.untrusted(&group, &trusted), Ok(false));
    }

    /// Rules read from JSON (a snapshot's form): malformed CIDRs, protocols
    /// and ports are errors, never panics.
    #[test]
    fn rules_from_any_json(
        protocol in prop_oneof![json_leaf(), Just(json!("tcp"))],
        kind in prop_oneof![select(vec!["ipv4", "ipv6", "prefix_list", "group"]).prop_map(|k| json!(k)), json_leaf()],
        value in prop_oneof![
            "[0-9./:a-f]{0,20}".prop_map(Value::String),
            select(vec!["0.0.0.0/0", "0.0.0.0/33", "::/0", "::/129", "1.2.3.4", "256.0.0.0/8", "10.0.0.0/-1"]).prop_map(|v| json!(v)),
            json_leaf(),
        ],
        from in json_leaf(),
        to in json_leaf(),
    ) {
        let raw = json!({ "protocol": protocol, "from_port": from, "to_port": to, "peer": { "kind": kind, "value": value } });
        if let Ok(r) = serde_json::from_value::<SgRule>(raw) {
            let _ = (net::port_range(&r), net::describe_rule(&r), net::is_public(&r.peer));
            let _ = net::exposure(&net::unlabelled(std::slice::from_ref(&r)), Lists::new(None));
        }
    }
}

// ---------------------------------------------------------------------------
// posture.toml.

static CHECK_IDS: LazyLock<Vec<String>> =
    LazyLock::new(|| checks::metas().map(|m| m.id.to_string()).collect());

fn check_id() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(CHECK_IDS.clone()),
        1 => "[a-z-]{0,12}",
    ]
    .boxed()
}

fn toml_leaf() -> BoxedStrategy<toml::Value> {
    use toml::Value as T;
    prop_oneof![
        any::<i64>().prop_map(T::Integer),
        (-3i64..=100_000).prop_map(T::Integer),
        any::<f64>().prop_map(T::Float),
        any::<bool>().prop_map(T::Boolean),
        ".{0,12}".prop_map(T::String),
        "[0-9.:/a-f]{0,18}".prop_map(T::String),
        select(vec![
            "203.0.113.0/24",
            "::/0",
            "pl-1",
            "sg-1",
            "pl-",
            "s3",
            "dynamodb",
            "high",
            "arn:*",
            "*",
            "["
        ])
        .prop_map(|s| T::String(s.to_string())),
        check_id().prop_map(T::String),
        select(vec![
            "2027-03-31",
            "2027-02-30",
            "2027-03-31T10:00:00Z",
            "10:00:00",
            "1979-05-27T07:32:00"
        ])
        .prop_filter_map("a TOML date-time", |d| d.parse().ok().map(T::Datetime)),
    ]
    .boxed()
}

fn toml_value() -> BoxedStrategy<toml::Value> {
    toml_leaf()
        .prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..4).prop_map(toml::Value::Array),
                btree_map("[a-z_]{1,8}", inner, 0..3)
                    .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
            ]
        })
        .boxed()
}

/// A table with some of `keys` (and sometimes an unknown one), each of any
/// TOML type: the real structure with wrong types and values.
fn table_of(keys: &'static [&'static str]) -> BoxedStrategy<toml::Value> {
    (
        btree_map(select(keys.to_vec()), toml_value(), 0..=keys.len()),
        option::of(("[a-z_]{1,10}", toml_leaf())),
    )
        .prop_map(|(known, unknown)| {
            let mut t: toml::Table = known.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            if let Some((k, v)) = unknown {
                t.insert(k, v);
            }
            toml::Value::Table(t)
        })
        .boxed()
}

fn config_table() -> BoxedStrategy<toml::Table> {
    let thresholds = table_of(&[
        "access_key_max_age_days",
        "credential_unused_days",
        "secret_rotation_max_age_days",
        "secret_unused_days",
        "certificate_min_days_left",
        "role_max_session_seconds",
    ]);
    let network = table_of(&["trusted_admin_cidrs", "approved_egress"]);
    let state = table_of(&["buckets", "lock_tables", "lock"]);
    let severity = btree_map(check_id(), toml_leaf(), 0..3)
        .prop_map(|m| toml::Value::Table(m.into_iter().collect()));
    let checks = (table_of(&["skip"]), option::of(severity)).prop_map(|(mut t, s)| {
        if let (toml::Value::Table(t), Some(s)) = (&mut t, s) {
            t.insert("severity".into(), s);
        }
        t
    });
    let suppress = vec(
        table_of(&["check", "resource", "reason", "expires", "owner"]),
        0..3,
    )
    .prop_map(toml::Value::Array);
    (
        option::of(prop_oneof![4 => thresholds, 1 => toml_leaf()]),
        option::of(prop_oneof![4 => network, 1 => toml_leaf()]),
        option::of(state),
        option::of(checks),
        option::of(prop_oneof![4 => suppress, 1 => toml_leaf()]),
    )
        .prop_map(|(thresholds, network, state, checks, suppress)| {
            let mut t = toml::Table::new();
            for (name, value) in [
                ("thresholds", thresholds),
                ("network", network),
                ("state", state),
                ("checks", checks),
                ("suppress", suppress),
            ] {
                if let Some(v) = value {
                    t.insert(name.to_string(), v);
                }
            }
            t
        })
        .boxed()
}

/// Parsed (`Some`), or refused (`None`) with errors that each have a
/// message, in line order, on lines of the file.
fn parse_config(text: &str) -> Result<Option<Config>, TestCaseError> {
    match Config::parse("posture.toml", text) {
        Ok(config) => Ok(Some(config)),
        Err(errors) => {
            prop_assert!(!errors.0.is_empty());
            prop_assert!(!errors.to_string().is_empty());
            let lines = text.lines().count() + 1;
            for e in &errors.0 {
                prop_assert!(!e.message.is_empty() && !e.field.is_empty(), "{e:?}");
                prop_assert!(e.line <= lines, "line {} of {lines}", e.line);
            }
            prop_assert!(errors.0.windows(2).all(|w| w[0].line <= w[1].line));
            Ok(None)
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_is_a_config_or_errors(
        text in prop_oneof![
            ".{0,80}",
            "[\\[\\]{}=\".,a-z_0-9 \n#'-]{0,120}",
            vec(
                (select(vec!["[thresholds]", "[network]", "[state]", "[checks]", "[[suppress]]", "[checks.severity]", "a = 1", "lock = \"s3\"", "skip = [", "]", "expires = 2027-03-31", "x = {", "}"]),
                ".{0,6}"),
                0..10,
            ).prop_map(|lines| lines.iter().map(|(a, b)| format!("{a}{b}\n")).collect::<String>()),
        ],
    ) {
        parse_config(&text)?;
    }

    #[test]
    fn structured_configs_of_any_types(table in config_table()) {
        let Ok(text) = toml::to_string(&table) else {
            return Ok(());
        };
        parse_config(&text)?;
    }

    /// Values of the right type and range are accepted as they are written.
    #[test]
    fn valid_configs_are_accepted(
        days in vec(1i64..=i64::MAX, 4),
        session in 1i64..=i64::from(i32::MAX),
        trusted in vec(ipnet(), 0..4),
        egress in vec(prop_oneof![ipnet().prop_map(|n| n.to_string()), "(pl|sg)-[0-9a-f]{1,17}"], 0..4),
        lock in option::of(select(vec!["s3", "dynamodb"])),
        skip in vec(select(CHECK_IDS.clone()), 0..3),
        severity in btree_map(select(CHECK_IDS.clone()), select(vec!["critical", "high", "medium", "low"]), 0..3),
    ) {
        let mut text = format!(
            "[thresholds]\naccess_key_max_age_days = {}\nsecret_rotation_max_age_days = {}\nsecret_unused_days = {}\ncertificate_min_days_left = {}\nrole_max_session_seconds = {session}\n",
            days[0], days[1], days[2], days[3]
        );
        text += &format!(
            "[network]\ntrusted_admin_cidrs = {}\napproved_egress = {}\n",
            toml::Value::from(trusted.iter().map(|n| n.to_string()).collect::<Vec<_>>()),
            toml::Value::from(egress.clone()),
        );
        if let Some(lock) = lock {
            text += &format!("[state]\nlock = \"{lock}\"\n");
        }
        text += &format!("[checks]\nskip = {}\n[checks.severity]\n", toml::Value::from(skip.clone()));
        for (id, level) in &severity {
            text += &format!("{id} = \"{level}\"\n");
        }
        let config = Config::parse("posture.toml", &text)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let s = &config.settings;
        prop_assert_eq!(
            [s.access_key_max_age_days, s.secret_rotation_max_age_days, s.secret_unused_days, s.certificate_min_days_left],
            [days[0], days[1], days[2], days[3]]
        );
        prop_assert_eq!(i64::from(s.role_max_session_seconds), session);
        prop_assert_eq!(&s.trusted_admin_cidrs, &trusted);
        prop_assert_eq!(s.approved_egress.len(), egress.len());
        prop_assert_eq!(s.state_lock.map(|l| l.name()), lock);
        prop_assert_eq!(&config.skip, &skip);
        prop_assert_eq!(config.severity.len(), severity.len());
    }

    /// One wrong threshold is one error, naming its field and its line.
    #[test]
    fn a_wrong_threshold_is_named_with_its_line(
        field in select(vec![
            "access_key_max_age_days",
            "credential_unused_days",
            "secret_rotation_max_age_days",
            "secret_unused_days",
            "certificate_min_days_left",
            "role_max_session_seconds",
        ]),
        value in prop_oneof![i64::MIN..=0, Just(0i64)],
        blank in 0usize..4,
    ) {
        let text = format!("# posture\n{}[thresholds]\n{field} = {value}\n", "\n".repeat(blank));
        let errors = Config::parse("posture.toml", &text).expect_err("refused").0;
        prop_assert_eq!(errors.len(), 1);
        prop_assert_eq!(&errors[0].field, &format!("thresholds.{field}"));
        prop_assert_eq!(errors[0].line, blank + 3);
        prop_assert!(errors[0].message.contains(&value.to_string()));
    }
}

#[test]
fn deeply_nested_toml_is_refused_without_overflowing() {
    // toml's parser stops at 80 levels; these are a thousand and 100,000 deep.
    finishes("deep TOML", 60, || {
        for depth in [1_000, 100_000] {
            let dotted = vec!["a"; depth].join(".");
            for text in [
                format!("a = {}", nested_arrays(depth)),
                format!("a = {}{}", "{b = ".repeat(depth), "}".repeat(depth)),
                format!("[checks]\nseverity = {}", nested_arrays(depth)),
                format!("{dotted} = 1"),
                format!("[{dotted}]"),
                format!("[[{dotted}]]"),
                format!("[checks.severity]\n{dotted} = \"high\""),
            ] {
                let errors = Config::parse("posture.toml", &text).expect_err("refused");
                assert!(!errors.to_string().is_empty());
            }
        }
    });
}

#[test]
fn huge_configs_finish() {
    finishes("huge TOML", 60, || {
        // 262,144 wrong CIDRs: every one an error with its line (finding the
        // line by counting newlines again for each took 70 s).
        let wrong: String = (0..1 << 18).map(|_| "\"x\",\n").collect();
        let text = format!("[network]\ntrusted_admin_cidrs = [\n{wrong}]\n");
        let errors = Config::parse("posture.toml", &text).expect_err("refused").0;
        assert_eq!(errors.len(), 1 << 18);
        assert_eq!(errors.last().unwrap().line, (1 << 18) + 2);
        // A 10 MiB reason, and resource globs of 100,000 characters.
        let reason = "x".repeat(10 << 20);
        let text = format!(
            "[[suppress]]\ncheck = \"{}\"\nresource = \"arn:{}\"\nreason = \"{reason}\"\nexpires = 2027-03-31\n\
             [[suppress]]\ncheck = \"{}\"\nresource = \"arn:{}\"\nreason = \"r\"\nexpires = 2027-03-31\n",
            CHECK_IDS[0],
            "*".repeat(100_000),
            CHECK_IDS[0],
            "{a,".repeat(1_000) + &"}".repeat(1_000),
        );
        let errors = Config::parse("posture.toml", &text).expect_err("refused").0;
        let fields: Vec<(&str, usize)> =
            errors.iter().map(|e| (e.field.as_str(), e.line)).collect();
        // The 100,000 `*` are too large a regex (`compile_matcher` panicked on them).
        assert!(fields.contains(&("suppress.resource", 3)), "{fields:?}");
        // 10,000 suppressions.
        let one = format!(
            "[[suppress]]\ncheck = \"{}\"\nresource = \"arn:aws:s3:::b*\"\nreason = \"r\"\nexpires = 2027-03-31\n",
            CHECK_IDS[0]
        );
        let config = Config::parse("posture.toml", &one.repeat(10_000)).expect("valid");
        assert_eq!(config.suppressions.len(), 10_000);
    });
}

// ---------------------------------------------------------------------------
// Snapshots.

static FIXTURE: LazyLock<String> = LazyLock::new(|| {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/startup.inventory.json");
    std::fs::read_to_string(path).expect("the recorded fixture")
});

static FIXTURE_VALUE: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(&FIXTURE).expect("the fixture is JSON"));

/// The JSON pointer of every value of the fixture (the root left out).
static POINTERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    fn walk(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    out.push(p.clone());
                    walk(child, p, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let p = format!("{at}/{i}");
                    out.push(p.clone());
                    walk(child, p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&FIXTURE_VALUE, String::new(), &mut out);
    out
});

/// `load_snapshot` on `bytes` written to a file of their own.
fn load(bytes: &[u8]) -> Result<Inventory, String> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "hostile-{}-{}.json",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, bytes).expect("a temporary file");
    let loaded = posture::commands::load_snapshot(&path).map_err(|e| e.to_string());
    std::fs::remove_file(&path).expect("removed");
    if let Err(why) = &loaded {
        assert!(!why.is_empty());
    }
    loaded
}

/// A loaded snapshot goes through every check (opt-in ones too) without panic.
fn audit(inventory: &Inventory) {
    let selection = Selection {
        opt_in: true,
        ..Selection::default()
    };
    let _ = checks::run(inventory, &Settings::default(), &selection);
}

#[test]
fn the_fixture_loads() {
    let inventory = load(FIXTURE.as_bytes()).expect("the fixture loads");
    audit(&inventory);
    assert!(POINTERS.len() > 100, "{} values", POINTERS.len());
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_are_a_snapshot_or_an_error(
        bytes in prop_oneof![
            vec(any::<u8>(), 0..256),
            ".{0,64}".prop_map(String::into_bytes),
            json().prop_map(|v| v.to_string().into_bytes()),
        ],
    ) {
        let _ = load(&bytes);
    }

    /// A document that names the schema but holds anything else.
    #[test]
    fn anything_under_the_right_schema(fields in btree_map(key(), json(), 0..6)) {
        let mut doc: Map<String, Value> = fields.into_iter().collect();
        doc.insert("schema".into(), json!("posture.inventory/v2"));
        if let Ok(inventory) = load(Value::Object(doc).to_string().as_bytes()) {
            audit(&inventory);
        }
    }

    /// Cut anywhere, the fixture is refused, unless only trailing whitespace went.
    #[test]
    fn a_truncated_snapshot_is_refused(cut in any::<Index>()) {
        let cut = cut.index(FIXTURE.len());
        let loaded = load(&FIXTURE.as_bytes()[..cut]);
        let only_whitespace = FIXTURE.as_bytes()[cut..].iter().all(u8::is_ascii_whitespace);
        prop_assert_eq!(loaded.is_ok(), only_whitespace, "cut at {}", cut);
    }

    #[test]
    fn a_snapshot_with_flipped_bytes_never_panics(
        flips in vec((any::<Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = FIXTURE.clone().into_bytes();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Ok(inventory) = load(&bytes) {
            audit(&inventory);
        }
    }

    /// Values of the fixture replaced with values of other types, or removed.
    #[test]
    fn a_snapshot_with_replaced_values_never_panics(
        edits in vec((any::<Index>(), option::of(json())), 1..4),
    ) {
        let mut doc = FIXTURE_VALUE.clone();
        for (at, replacement) in edits {
            let pointer = &POINTERS[at.index(POINTERS.len())];
            let (parent, last) = pointer.rsplit_once('/').unwrap();
            if let Some(v) = replacement {
                if let Some(slot) = doc.pointer_mut(pointer) {
                    *slot = v;
                }
                continue;
            }
            match doc.pointer_mut(parent) {
                Some(Value::Object(m)) => {
                    m.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>()
                        && i < items.len()
                    {
                        items.remove(i);
                    }
                }
                _ => {}
            }
        }
        if let Ok(inventory) = load(doc.to_string().as_bytes()) {
            audit(&inventory);
        }
    }
}

#[test]
fn deep_and_huge_snapshots_finish() {
    finishes("deep and huge snapshots", 60, || {
        let deep = nested_arrays(100_000);
        let why = load(deep.as_bytes()).expect_err("refused");
        assert!(why.contains("is not JSON"), "{why}");
        let inside = format!("{{\"schema\":\"posture.inventory/v2\",\"accounts\":{deep}}}");
        assert!(load(inside.as_bytes()).is_err());
        let objects = format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        assert!(load(objects.as_bytes()).is_err());
        // A 10 MiB string where the fixture has a short one: loaded and audited.
        let mut doc = FIXTURE_VALUE.clone();
        doc["accounts"][0]["caller_arn"] = json!("x".repeat(10 << 20));
        let inventory = load(doc.to_string().as_bytes()).expect("loaded");
        audit(&inventory);
    });
}

// ---------------------------------------------------------------------------
// IAM's URL-encoded policy documents.

proptest! {
    #![proptest_config(config())]

    /// A document is kept only when it is a JSON object.
    #[test]
    fn decoded_documents_are_json_objects(
        text in prop_oneof![
            ".{0,64}",
            "(%[0-9A-Fa-f]{2}|%|[{}\\[\\]\":a-z ]){0,32}",
            json().prop_map(|v| v.to_string()),
        ],
    ) {
        if let Some(doc) = posture::collect::decode_document(&text) {
            prop_assert!(serde_json::from_str::<Value>(&doc).is_ok_and(|v| v.is_object()));
        }
    }

    /// A policy document, as it is or URL-encoded (as IAM returns it), decodes to itself.
    #[test]
    fn documents_decode_to_themselves(doc in document()) {
        if !doc.is_object() {
            return Ok(());
        }
        let text = doc.to_string();
        let encoded = percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC).to_string();
        prop_assert_eq!(posture::collect::decode_document(&text), Some(text.clone()));
        prop_assert_eq!(posture::collect::decode_document(&encoded), Some(text));
    }
}

#[test]
fn deep_encoded_documents_are_refused() {
    finishes("deep encoded documents", 60, || {
        for text in [
            "%5B".repeat(100_000),
            format!("{{\"a\":{}}}", nested_arrays(100_000)),
            format!("%7B%22a%22%3A{}%7D", "%5B".repeat(100_000)),
        ] {
            assert_eq!(posture::collect::decode_document(&text), None);
        }
        let long = format!("{{\"Statement\":\"{}\"}}", "x".repeat(10 << 20));
        assert!(posture::collect::decode_document(&long).is_some());
    });
}

// ---------------------------------------------------------------------------
// Terraform source: ignore comments and secret_string values.

proptest! {
    #![proptest_config(config())]

    /// Any text: the comment scanner ends, and each ignore it finds names a
    /// rule, at a place and line of the text.
    #[test]
    fn ignore_comments_of_any_text(
        text in prop_oneof![
            ".{0,80}",
            "([#/*\"<\\-${}%\\\\\n a-z:é]|tfsec:ignore:|trivy:ignore:|EOT|<<-EOT\n){0,40}",
        ],
    ) {
        let lines = text.matches('\n').count() + 1;
        for (offset, line, _, rule, _) in posture::terraform::ignores::scan(&text) {
            prop_assert!(offset < text.len());
            prop_assert!((1..=lines).contains(&line));
            prop_assert!(!rule.is_empty());
        }
    }

    /// Any expression HCL parses gets a verdict, and a real one names the
    /// fields that hold it.
    #[test]
    fn secret_strings_of_any_expression(
        text in "(jsonencode\\(|\\{|\\}|\\(|\\)|\\[|\\]| = |, |\"[a-z_ ]{0,8}\"|\"\\$\\{var\\.x\\}\"|var\\.x|[a-z_]{1,8}|[0-9]{1,3}|null){0,24}",
    ) {
        use posture::terraform::secrets::{Verdict, judge};
        if let Ok(expr) = hcl_edit::parser::parse_expr(&text) {
            let (verdict, fields) = judge(&expr);
            prop_assert_eq!(verdict == Verdict::Real, !fields.is_empty());
        }
    }
}
