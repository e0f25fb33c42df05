//! The findings as the page's script reads them: one JSON blob in a
//! `<script type="application/json">` element.
//!
//! It is compact so that 30,000 findings stay a few megabytes: a finding is an
//! array, not an object, and what repeats (status, severity, check, area,
//! account, region, the ARN up to its resource id, evidence keys and values)
//! is an index into a table stated once. A check's title, area, fix and
//! controls are stated once per check. (The ARN prefixes and evidence values
//! alone halve the page of 30,000 findings that `benches/html.py` builds.)

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::finding::{Finding, Severity, Status};
use crate::report::Report;

/// The order of the status and severity tables: worst first, as the findings
/// are sorted. `report.js` reads them from the blob, never by position.
pub const STATUSES: [Status; 4] = [
    Status::Fail,
    Status::Unknown,
    Status::Suppressed,
    Status::Pass,
];
pub const SEVERITIES: [Severity; 4] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
];

#[derive(Serialize)]
struct Blob<'a> {
    st: Vec<String>,
    sv: Vec<String>,
    /// `[key, label]` of each area.
    ar: Vec<(String, String)>,
    ac: Vec<&'a str>,
    rg: Vec<&'a str>,
    /// ARNs up to their resource id: `arn:aws:ec2:us-east-1:111111111111:security-group/`.
    rp: Vec<&'a str>,
    /// Evidence keys and values.
    ek: Vec<&'a str>,
    evs: Vec<&'a str>,
    ck: Vec<Check<'a>>,
    f: Vec<Row<'a>>,
    /// Suppressions by row index: few findings have one.
    sup: BTreeMap<usize, Sup<'a>>,
    /// With `--terraform-state`: each row's Terraform resource
    /// (`file:line address`, or `not managed by Terraform`), by row index.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    tf: BTreeMap<usize, String>,
    /// The check's Terraform change written for the row's resource block.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    tfx: BTreeMap<usize, &'a str>,
}

/// `[id, title, area, tier, fix, controls]`.
#[derive(Serialize)]
struct Check<'a>(&'a str, &'a str, usize, String, &'a str, Vec<String>);

/// `[status, severity, check, account, region, name, ARN prefix, rest of
/// the ARN, message, id, [key, value, key, value, …]]`.
#[derive(Serialize)]
struct Row<'a>(
    usize,
    usize,
    usize,
    usize,
    usize,
    &'a str,
    usize,
    &'a str,
    &'a str,
    &'a str,
    Vec<usize>,
);

/// An ARN cut after its last `/` or, without one, its last `:`: what many
/// resources share, and the id that is theirs alone.
pub fn split_arn(arn: &str) -> (&str, &str) {
    match arn.rfind('/').or_else(|| arn.rfind(':')) {
        Some(at) => arn.split_at(at + 1),
        None => ("", arn),
    }
}

/// `[status before suppression, reason, expires, owner]`.
#[derive(Serialize)]
struct Sup<'a>(String, &'a str, String, Option<&'a str>);

/// Strings stated once, referred to by index.
#[derive(Default)]
struct Table<'a> {
    list: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Table<'a> {
    fn id(&mut self, s: &'a str) -> usize {
        *self.index.entry(s).or_insert_with(|| {
            self.list.push(s);
            self.list.len() - 1
        })
    }
}

/// An area as a heading shows it: `load-balancers` → `Load balancers`.
pub fn area_label(key: &str) -> String {
    let text = key.replace('-', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// A check the catalog does not know (a report read from an older or newer
/// posture) still gets a row: its area is this one.
const OTHER_AREA: &str = "other";

fn area_of(check: &str) -> String {
    crate::checks::meta(check)
        .map(|m| m.area.to_string())
        .unwrap_or_else(|| OTHER_AREA.to_string())
}

fn check_entry<'a>(f: &'a Finding, areas: &[(String, String)]) -> Check<'a> {
    let meta = crate::checks::meta(&f.check);
    let area = area_of(&f.check);
    // The controls as the finding carries them, so the page says what the
    // JSON report says.
    let controls = f
        .controls
        .iter()
        .flat_map(|(framework, ids)| ids.iter().map(|id| format!("{} {id}", framework.label())))
        .collect();
    Check(
        &f.check,
        meta.map(|m| m.title.as_str()).unwrap_or(&f.check),
        areas.iter().position(|(key, _)| *key == area).unwrap_or(0),
        f.tier.to_string(),
        meta.map(|m| m.remediation.summary.trim()).unwrap_or(""),
        controls,
    )
}

fn position<T: PartialEq>(list: &[T], item: &T) -> usize {
    list.iter().position(|x| x == item).unwrap_or(0)
}

/// The blob's JSON, safe to place between `<script …>` and `</script>`.
pub fn blob(report: &Report) -> String {
    let areas: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| f.check.as_str())
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .map(area_of)
        .collect::<BTreeSet<String>>()
        .into_iter()
        .map(|key| {
            let label = area_label(&key);
            (key, label)
        })
        .collect();
    let (mut accounts, mut regions, mut prefixes) =
        (Table::default(), Table::default(), Table::default());
    let (mut keys, mut values) = (Table::default(), Table::default());
    // The report's order of accounts, then any a finding names besides.
    for account in &report.accounts {
        accounts.id(account);
    }
    let mut checks: Vec<Check> = Vec::new();
    let mut check_index: HashMap<&str, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(report.findings.len());
    let mut sup = BTreeMap::new();
    let mut tf = BTreeMap::new();
    let mut tfx = BTreeMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        let check = *check_index.entry(&f.check).or_insert_with(|| {
            checks.push(check_entry(f, &areas));
            checks.len() - 1
        });
        let evidence = f
            .evidence
            .iter()
            .flat_map(|(k, v)| [keys.id(k), values.id(v)])
            .collect();
        let (prefix, rest) = split_arn(&f.resource);
        rows.push(Row(
            position(&STATUSES, &f.status),
            position(&SEVERITIES, &f.severity),
            check,
            accounts.id(&f.account),
            regions.id(&f.region),
            &f.resource_name,
            prefixes.id(prefix),
            rest,
            &f.message,
            &f.id,
            evidence,
        ));
        if let Some(label) = f.terraform.as_ref().and_then(|t| t.label()) {
            tf.insert(i, label);
        }
        if let Some(fix) = f.terraform.as_ref().and_then(|t| t.fix.as_deref()) {
            tfx.insert(i, fix);
        }
        if let Some(s) = &f.suppression {
            sup.insert(
                i,
                Sup(
                    s.status.to_string(),
                    &s.reason,
                    s.expires.to_string(),
                    s.owner.as_deref(),
                ),
            );
        }
    }
    let blob = Blob {
        st: STATUSES.iter().map(|s| s.to_string()).collect(),
        sv: SEVERITIES.iter().map(|s| s.to_string()).collect(),
        ar: areas,
        ac: accounts.list,
        rg: regions.list,
        rp: prefixes.list,
        ek: keys.list,
        evs: values.list,
        ck: checks,
        f: rows,
        sup,
        tf,
        tfx,
    };
    script_safe(&serde_json::to_string(&blob).expect("the blob always serializes"))
}

/// JSON that no HTML parser reads as the end of the script element or as a
/// comment: `<`, `>` and `&` (and the line separators JavaScript once refused
/// in strings) become `\uXXXX` escapes. They occur only inside JSON strings,
/// where an escape decodes to the same character, so the JSON is unchanged.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}
