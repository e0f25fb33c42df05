use proptest::prelude::*;
use serde_json::{Value, json};

use super::{Bus, Verdict, high_guardduty_findings};

const BUS: Bus<'static> = Bus {
    account: "123456789012",
    region: "us-east-1",
};

fn judge(pattern: Value) -> Verdict {
    high_guardduty_findings(&pattern.to_string(), BUS)
}

/// The shape of AWS's and the guide's usual rule: GuardDuty findings, with
/// `detail` as given.
fn findings(detail: Value) -> Value {
    json!({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], "detail": detail})
}

fn misses(severity: f64) -> Verdict {
    Verdict::Misses { severity }
}

#[test]
fn source_and_detail_type_alone_match_every_finding() {
    assert_eq!(
        judge(json!({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"]})),
        Verdict::Matches
    );
    assert_eq!(
        judge(json!({"source": ["aws.guardduty"]})),
        Verdict::Matches
    );
    // Several sources: any of them (OR).
    assert_eq!(
        judge(json!({"source": ["aws.securityhub", "aws.guardduty"]})),
        Verdict::Matches
    );
    // Another service's events, another detail-type, another account's or
    // region's events: none of these findings.
    assert_eq!(judge(json!({"source": ["aws.securityhub"]})), misses(7.0));
    assert_eq!(
        judge(
            json!({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Runtime Protection Health"]})
        ),
        misses(7.0)
    );
    assert_eq!(
        judge(json!({"source": ["aws.guardduty"], "account": ["999999999999"]})),
        misses(7.0)
    );
    assert_eq!(
        judge(
            json!({"source": ["aws.guardduty"], "account": ["123456789012"], "region": ["us-east-1"]})
        ),
        Verdict::Matches
    );
    assert_eq!(
        judge(json!({"source": ["aws.guardduty"], "region": ["eu-west-1"]})),
        misses(7.0)
    );
    // Exact matching is case-sensitive and a number is not a string.
    assert_eq!(judge(json!({"source": ["AWS.GuardDuty"]})), misses(7.0));
    assert_eq!(judge(json!({"source": [1, null]})), misses(7.0));
}

#[test]
fn string_operators_on_the_fixed_fields() {
    let matches = [
        json!({"source": [{"prefix": "aws."}]}),
        json!({"source": [{"prefix": {"equals-ignore-case": "AWS.GUARD"}}]}),
        json!({"source": [{"suffix": "duty"}]}),
        json!({"source": [{"suffix": {"equals-ignore-case": "DUTY"}}]}),
        json!({"source": [{"equals-ignore-case": "AWS.GuardDuty"}]}),
        json!({"source": [{"equals-ignore-case": ["x", "aws.guardDUTY"]}]}),
        json!({"source": [{"wildcard": "aws.*"}]}),
        json!({"detail-type": [{"wildcard": "*Duty*Finding"}]}),
        json!({"source": [{"anything-but": "aws.ec2"}]}),
        json!({"source": [{"anything-but": ["aws.ec2", "aws.s3"]}]}),
        json!({"source": [{"anything-but": 12}]}),
        json!({"source": [{"anything-but": {"prefix": "aws.ec"}}]}),
        json!({"detail-type": [{"anything-but": {"suffix": "Notification"}}]}),
        json!({"source": [{"anything-but": {"equals-ignore-case": ["AWS.EC2"]}}]}),
        json!({"source": [{"anything-but": {"wildcard": "aws.e*"}}]}),
        json!({"source": [{"exists": true}]}),
    ];
    for pattern in matches {
        assert_eq!(judge(pattern.clone()), Verdict::Matches, "{pattern}");
    }
    let missing = [
        json!({"source": [{"prefix": "aws.ec2"}]}),
        json!({"source": [{"suffix": "GuardDuty"}]}),
        json!({"source": [{"wildcard": "aws.*.x"}]}),
        json!({"source": [{"anything-but": "aws.guardduty"}]}),
        json!({"source": [{"anything-but": ["aws.ec2", "aws.guardduty"]}]}),
        json!({"source": [{"anything-but": {"prefix": "aws."}}]}),
        json!({"source": [{"anything-but": {"equals-ignore-case": "AWS.GUARDDUTY"}}]}),
        json!({"source": [{"exists": false}]}),
        json!({"source": [{"numeric": [">", 0]}]}),
        json!({"source": [{"cidr": "10.0.0.0/8"}]}),
    ];
    for pattern in missing {
        assert_eq!(judge(pattern.clone()), misses(7.0), "{pattern}");
    }
}

#[test]
fn a_wildcard_follows_awss_escapes() {
    use super::wildcard;
    assert_eq!(wildcard("a*c", "abbbc"), Some(true));
    assert_eq!(wildcard("a*c", "abbb"), Some(false));
    assert_eq!(wildcard("*", ""), Some(true));
    assert_eq!(wildcard("a\\*c", "a*c"), Some(true));
    assert_eq!(wildcard("a\\*c", "abc"), Some(false));
    assert_eq!(wildcard("a\\\\", "a\\"), Some(true));
    assert_eq!(wildcard("**b*", "aab"), Some(true));
    assert_eq!(wildcard("a\\x", "ax"), None);
}

#[test]
fn severity_ranges_must_cover_high_and_critical() {
    let at_least = |n: f64| findings(json!({"severity": [{"numeric": [">=", n]}]}));
    assert_eq!(judge(at_least(7.0)), Verdict::Matches);
    assert_eq!(judge(at_least(4.0)), Verdict::Matches);
    assert_eq!(judge(at_least(8.0)), misses(7.0));
    // Critical findings (9.0–10.0) left out.
    assert_eq!(
        judge(findings(
            json!({"severity": [{"numeric": [">=", 7, "<", 9]}]})
        )),
        misses(9.0)
    );
    assert_eq!(
        judge(findings(json!({"severity": [{"numeric": [">", 7]}]}))),
        misses(7.0)
    );
    // Two ranges of one field together (OR).
    assert_eq!(
        judge(findings(
            json!({"severity": [{"numeric": [">=", 7, "<", 9]}, {"numeric": [">=", 9]}]})
        )),
        Verdict::Matches
    );
    // A gap of a single value between two ranges.
    assert_eq!(
        judge(findings(
            json!({"severity": [{"numeric": [">=", 7, "<", 8]}, {"numeric": [">", 8]}]})
        )),
        misses(8.0)
    );
    // A gap only a severity of more than one decimal could fall in.
    assert_eq!(
        judge(findings(
            json!({"severity": [{"numeric": [">=", 7, "<=", 8.0]}, {"numeric": [">=", 8.1]}]})
        )),
        Verdict::Unknown
    );
    assert_eq!(
        judge(findings(json!({"severity": [{"exists": true}]}))),
        Verdict::Matches
    );
    assert_eq!(
        judge(findings(json!({"severity": [{"exists": false}]}))),
        misses(7.0)
    );
    // Strings never equal a number.
    assert_eq!(
        judge(findings(json!({"severity": ["8", {"prefix": "8"}]}))),
        misses(7.0)
    );
}

/// GuardDuty's documented style: every one-decimal value listed. Whether an
/// exact number matches every way GuardDuty writes it (8, 8.0) and whether
/// severities are only ever one-decimal is not posture's to assume.
#[test]
fn exact_severities_are_undecided_where_they_are_not_clearly_short() {
    let every_tenth: Vec<Value> = (70..=100).map(|t| json!(f64::from(t) / 10.0)).collect();
    assert_eq!(
        judge(findings(json!({ "severity": every_tenth }))),
        Verdict::Unknown
    );
    let high_only: Vec<Value> = (70..=89).map(|t| json!(f64::from(t) / 10.0)).collect();
    assert_eq!(
        judge(findings(json!({ "severity": high_only }))),
        misses(9.0)
    );
    assert_eq!(judge(findings(json!({"severity": [8]}))), misses(7.0));
    // anything-but on numbers: below the bands matches them all; within, undecided.
    assert_eq!(
        judge(findings(json!({"severity": [{"anything-but": [1, 2, 3]}]}))),
        Verdict::Matches
    );
    assert_eq!(
        judge(findings(json!({"severity": [{"anything-but": 8}]}))),
        Verdict::Unknown
    );
}

#[test]
fn or_alternatives_are_joined() {
    // High in one alternative, critical in the other.
    let split = json!({"source": ["aws.guardduty"], "$or": [
        {"detail": {"severity": [{"numeric": [">=", 7, "<", 9]}]}},
        {"detail": {"severity": [{"numeric": [">=", 9]}]}}
    ]});
    assert_eq!(judge(split), Verdict::Matches);
    // One alternative suffices.
    let either = json!({"$or": [{"source": ["aws.guardduty"]}, {"source": ["aws.macie"]}]});
    assert_eq!(judge(either), Verdict::Matches);
    let neither = json!({"$or": [{"source": ["aws.inspector2"]}, {"source": ["aws.macie"]}]});
    assert_eq!(judge(neither), misses(7.0));
    // Two alternatives that each miss some findings may cover all together:
    // undecided.
    let types = json!({"source": ["aws.guardduty"], "$or": [
        {"detail": {"type": [{"prefix": "Recon:"}]}},
        {"detail": {"type": [{"anything-but": {"prefix": "Recon:"}}]}}
    ]});
    assert_eq!(judge(types), Verdict::Unknown);
    // Malformed $or.
    assert_eq!(
        judge(json!({"source": ["aws.guardduty"], "$or": []})),
        Verdict::Unknown
    );
    assert_eq!(
        judge(json!({"source": ["aws.guardduty"], "$or": ["x"]})),
        Verdict::Unknown
    );
}

#[test]
fn conditions_on_fields_that_differ_between_findings() {
    // One finding type, or a list of them: other findings are left out.
    assert_eq!(
        judge(findings(
            json!({"type": ["Recon:EC2/PortProbeUnprotectedPort"]})
        )),
        misses(7.0)
    );
    assert_eq!(
        judge(findings(json!({"type": [{"prefix": "CryptoCurrency:"}]}))),
        misses(7.0)
    );
    // Conditions every finding meets.
    for always in [
        json!({"type": [{"exists": true}]}),
        json!({"type": [{"prefix": ""}]}),
        json!({"id": [{"wildcard": "*"}]}),
        json!({"accountId": [{"exists": true}]}),
    ] {
        assert_eq!(
            judge(findings(always.clone())),
            Verdict::Matches,
            "{always}"
        );
    }
    assert_eq!(
        judge(findings(json!({"title": [{"exists": false}]}))),
        misses(7.0)
    );
    // Several narrower conditions, or anything-but: not decided.
    assert_eq!(
        judge(findings(
            json!({"type": [{"prefix": "Recon:"}, {"prefix": "Backdoor:"}]})
        )),
        Verdict::Unknown
    );
    assert_eq!(
        judge(findings(
            json!({"type": [{"anything-but": "Policy:S3/BucketBlockPublicAccessDisabled"}]})
        )),
        Verdict::Unknown
    );
    // A field posture does not model (nested resource and service details,
    // or a value of detail.partition): undecided, never a match.
    for unmodelled in [
        json!({"service": {"archived": [false]}}),
        json!({"resource": {"resourceType": ["Instance"]}}),
        json!({"partition": ["aws"]}),
        json!({"made-up": ["x"]}),
    ] {
        assert_eq!(
            judge(findings(unmodelled.clone())),
            Verdict::Unknown,
            "{unmodelled}"
        );
    }
    // ...unless another condition already leaves findings out.
    assert_eq!(
        judge(json!({"source": ["aws.macie"], "detail": {"made-up": ["x"]}})),
        misses(7.0)
    );
}

#[test]
fn what_posture_cannot_read_is_unknown() {
    for odd in [
        "",
        "not json",
        "[]",
        "{}",
        r#"{"source": "aws.guardduty"}"#,
        r#"{"source": []}"#,
        r#"{"source": [{"prefix": "aws.", "suffix": "duty"}]}"#,
        r#"{"source": [{"contains": "guard"}]}"#,
        r#"{"source": [["aws.guardduty"]]}"#,
        r#"{"detail": {}}"#,
        r#"{"source": [{"equals-ignore-case": "AWS.GUARDDUTY\u212a"}]}"#,
        r#"{"detail": {"severity": [{"numeric": [">=", "7"]}]}}"#,
        r#"{"detail": {"severity": [{"numeric": ["~", 7]}]}}"#,
        r#"{"detail": {"severity": [{"numeric": [">=", 7, "<"]}]}}"#,
    ] {
        assert_eq!(high_guardduty_findings(odd, BUS), Verdict::Unknown, "{odd}");
    }
}

#[test]
fn a_pattern_with_very_many_numbers_is_unknown_not_slow() {
    let numbers: Vec<Value> = (0..5_000)
        .map(|n| json!(7.0 + f64::from(n) / 10_000.0))
        .collect();
    assert_eq!(
        judge(findings(json!({ "severity": numbers }))),
        Verdict::Unknown
    );
}

/// Ranges with bounds on half points: which severities of 7.0–10.0 they
/// leave out is an interval or a half point, so the verdict is decided and
/// agrees with trying every hundredth.
/// A `numeric` range: its lower and upper bound, each inclusive or not, in
/// half points.
type Range = (Option<(bool, i32)>, Option<(bool, i32)>);

fn range() -> impl Strategy<Value = Range> {
    let bound = || prop::option::of((any::<bool>(), 10..=24i32));
    (bound(), bound()).prop_filter("one bound at least", |(a, b)| a.is_some() || b.is_some())
}

fn numeric_term((lower, upper): &Range) -> (Value, impl Fn(f64) -> bool) {
    let mut terms = Vec::new();
    if let Some((inclusive, half)) = lower {
        terms.push(json!(if *inclusive { ">=" } else { ">" }));
        terms.push(json!(f64::from(*half) / 2.0));
    }
    if let Some((inclusive, half)) = upper {
        terms.push(json!(if *inclusive { "<=" } else { "<" }));
        terms.push(json!(f64::from(*half) / 2.0));
    }
    let (lower, upper) = (*lower, *upper);
    let holds = move |x: f64| {
        lower.is_none_or(|(inc, h)| {
            let b = f64::from(h) / 2.0;
            if inc { x >= b } else { x > b }
        }) && upper.is_none_or(|(inc, h)| {
            let b = f64::from(h) / 2.0;
            if inc { x <= b } else { x < b }
        })
    };
    (json!({ "numeric": terms }), holds)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(256)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn numeric_ranges_agree_with_trying_each_severity(ranges in prop::collection::vec(range(), 1..4)) {
        let (terms, tests): (Vec<Value>, Vec<_>) = ranges.iter().map(numeric_term).unzip();
        let covered = |x: f64| tests.iter().any(|t| t(x));
        let hundredths: Vec<f64> = (700..=1000).map(|h| f64::from(h) / 100.0).collect();
        let verdict = judge(findings(json!({ "severity": terms.clone() })));
        if hundredths.iter().all(|x| covered(*x)) {
            prop_assert_eq!(verdict, Verdict::Matches);
        } else {
            let first = hundredths.iter().copied().find(|x| !covered(*x)).unwrap();
            match verdict {
                Verdict::Misses { severity } => {
                    prop_assert!(!covered(severity));
                    prop_assert!((7.0..=10.0).contains(&severity));
                    prop_assert!(first <= severity && severity <= first + 0.1 + 1e-9);
                }
                ref other => prop_assert!(false, "{:?} where {} is left out", other, first),
            }
        }
        // The same ranges as $or alternatives: each matches all findings of
        // a severity or none, so their union is exact: the same verdict.
        let alternatives: Vec<Value> = terms.iter().map(|t| json!({"detail": {"severity": [t]}})).collect();
        let split = judge(json!({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], "$or": alternatives}));
        prop_assert_eq!(split, verdict);
    }

    /// Adding a condition can only narrow a pattern: never turn a
    /// non-match into a match.
    #[test]
    fn another_condition_never_makes_a_match(
        base in prop::sample::select(vec![
            json!({"source": ["aws.guardduty"]}),
            json!({"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": [">=", 8]}]}}),
            json!({"source": [{"prefix": "aws."}], "detail-type": ["GuardDuty Finding"]}),
            json!({"source": ["aws.macie"]}),
        ]),
        key in prop::sample::select(vec!["source", "detail-type", "account", "region", "id", "version", "resources"]),
        value in prop::sample::select(vec![
            json!(["aws.guardduty"]), json!([{"exists": true}]), json!([{"exists": false}]),
            json!([{"prefix": ""}]), json!([{"anything-but": "x"}]), json!(["GuardDuty Finding"]),
            json!([{"numeric": [">", 1]}]), json!([null]),
        ]),
    ) {
        let before = judge(base.clone());
        let mut narrowed = base.clone();
        let replaced = narrowed.as_object().is_some_and(|o| o.contains_key(key));
        narrowed.as_object_mut().unwrap().insert(key.to_string(), value);
        let after = judge(narrowed);
        if !replaced && before != Verdict::Matches {
            prop_assert_ne!(after, Verdict::Matches);
        }
    }

    /// Whatever text comes back as a rule's pattern, the matcher answers.
    #[test]
    fn any_text_gets_an_answer(text in ".{0,200}") {
        let _ = high_guardduty_findings(&text, BUS);
    }

    #[test]
    fn any_json_gets_an_answer(value in json_value()) {
        let _ = judge(value);
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-20.0..20.0f64).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "aws.guardduty",
            "GuardDuty Finding",
            "prefix",
            "suffix",
            "numeric",
            ">=",
            "<",
            "exists",
            "anything-but",
            "wildcard",
            "*",
            "equals-ignore-case",
            "$or",
            "detail",
            "severity",
            "",
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let keys = prop::sample::select(vec![
            "source",
            "detail-type",
            "detail",
            "severity",
            "type",
            "$or",
            "prefix",
            "suffix",
            "numeric",
            "exists",
            "anything-but",
            "wildcard",
            "equals-ignore-case",
            "cidr",
            "account",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..4).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}
