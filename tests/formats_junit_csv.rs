//! `--format junit` and `--format csv` of the fixture accounts, read back with
//! an XML reader and a CSV reader and held against the JSON report of the
//! same audit: the same findings, counted the same way, field for field.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use common::{posture_cmd, stderr, stdout};
use quick_xml::events::{BytesStart, Event};
use serde_json::Value;

fn audit(snapshot: &Path, extra: &[&str]) -> String {
    let out = posture_cmd()
        .arg("audit")
        .arg("--from-snapshot")
        .arg(snapshot)
        .args(["--fail-on", "never"])
        .args(extra)
        .output()
        .expect("posture runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

fn findings(json: &str) -> Vec<Value> {
    let report: Value = serde_json::from_str(json).expect("JSON report");
    report["findings"].as_array().expect("findings").clone()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn count_status(findings: &[Value], status: &str) -> usize {
    findings.iter().filter(|f| f["status"] == status).count()
}

/// A scratch directory of this test binary, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("posture-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The startup account with every status: its load balancers unlisted in one
/// region (unknown findings) and its root user's failure suppressed.
fn every_status(dir: &Path) -> (PathBuf, PathBuf) {
    let mut inventory: Value =
        serde_json::from_str(&std::fs::read_to_string(common::fixture("startup")).unwrap())
            .unwrap();
    let region = &mut inventory["accounts"][0]["regions"][0];
    assert!(
        region["load_balancers"].is_array(),
        "fixture has load balancers"
    );
    region["load_balancers"] = Value::Null;
    let snapshot = dir.join("every-status.inventory.json");
    std::fs::write(&snapshot, serde_json::to_string(&inventory).unwrap()).unwrap();
    let config = dir.join("posture.toml");
    std::fs::write(
        &config,
        "[[suppress]]\ncheck = \"iam-root-mfa\"\nresource = \"arn:aws:iam::111111111111:root\"\n\
         reason = \"break-glass <root> & \\\"co\\\"\"\nexpires = 2099-12-31\nowner = \"sec@acme.example\"\n",
    )
    .unwrap();
    (snapshot, config)
}

// ---- JUnit ----

#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, key: &str) -> &str {
        self.attrs.get(key).map_or("", String::as_str)
    }
    fn number(&self, key: &str) -> usize {
        self.attr(key)
            .parse()
            .unwrap_or_else(|_| panic!("{} {key}={:?}", self.name, self.attr(key)))
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn has(&self, name: &str) -> bool {
        self.children.iter().any(|c| c.name == name)
    }
}

fn node(e: &BytesStart) -> Node {
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .expect("attribute unescapes");
            (a.key.as_ref().to_string(), value.into_owned())
        })
        .collect();
    Node {
        name: e.name().as_ref().to_string(),
        attrs,
        ..Node::default()
    }
}

/// The root element, read with quick-xml's reader (end tags checked).
fn parse_xml(xml: &str) -> Node {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(node(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(node(&e)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().expect("open element").children.push(done);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("character reference") {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .expect("predefined entity")
                        .to_string(),
                };
                stack.last_mut().unwrap().text.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut document = stack.pop().unwrap();
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

/// What Jenkins xUnit's junit-10.xsd declares of an element (it rejects
/// anything else).
struct Declared {
    attributes: &'static [&'static str],
    required: &'static [&'static str],
    children: &'static [&'static str],
}

fn declared(element: &str) -> Option<Declared> {
    let d = |attributes, required, children| {
        Some(Declared {
            attributes,
            required,
            children,
        })
    };
    match element {
        "testsuites" => d(
            &["name", "time", "tests", "failures", "errors"],
            &[],
            &["testsuite"],
        ),
        "testsuite" => d(
            &[
                "name",
                "tests",
                "failures",
                "errors",
                "group",
                "time",
                "skipped",
                "timestamp",
                "hostname",
                "id",
                "package",
                "file",
                "log",
                "url",
            ],
            &["name", "tests", "failures", "errors"],
            &[
                "testsuite",
                "properties",
                "testcase",
                "system-out",
                "system-err",
            ],
        ),
        "properties" => d(&[], &[], &["property"]),
        "property" => d(&["name", "value"], &["name", "value"], &[]),
        "testcase" => d(
            &["name", "time", "classname", "group"],
            &["name"],
            &["skipped", "error", "failure", "system-out", "system-err"],
        ),
        "failure" | "error" | "skipped" => d(&["type", "message"], &[], &[]),
        _ => None,
    }
}

fn assert_schema(n: &Node) {
    let declared =
        declared(&n.name).unwrap_or_else(|| panic!("element {} is not in junit-10.xsd", n.name));
    for key in n.attrs.keys() {
        assert!(
            declared.attributes.contains(&key.as_str()),
            "{} has attribute {key}",
            n.name
        );
    }
    for key in declared.required {
        assert!(n.attrs.contains_key(*key), "{} lacks {key}", n.name);
    }
    for child in &n.children {
        assert!(
            declared.children.contains(&child.name.as_str()),
            "{} in {}",
            child.name,
            n.name
        );
        assert_schema(child);
    }
}

/// The JUnit report of an audit against the JSON report of the same audit.
fn assert_junit_matches_json(xml: &str, findings: &[Value]) {
    let root = parse_xml(xml);
    assert_eq!(root.name, "testsuites");
    assert_schema(&root);
    assert_eq!(root.number("tests"), findings.len());
    assert_eq!(root.number("failures"), count_status(findings, "fail"));
    assert_eq!(root.number("errors"), count_status(findings, "unknown"));

    let suites: Vec<&Node> = root.all("testsuite").collect();
    // A suite per check, in the order the report first lists the check.
    let mut checks: Vec<&str> = Vec::new();
    for f in findings {
        if !checks.contains(&text(&f["check"])) {
            checks.push(text(&f["check"]));
        }
    }
    let names: Vec<&str> = suites.iter().map(|s| s.attr("name")).collect();
    assert_eq!(names, checks);

    let mut totals = [0usize; 4];
    for suite in &suites {
        let check = suite.attr("name");
        let own: Vec<&Value> = findings.iter().filter(|f| f["check"] == check).collect();
        let cases: Vec<&Node> = suite.all("testcase").collect();
        let failures = cases.iter().filter(|c| c.has("failure")).count();
        let errors = cases.iter().filter(|c| c.has("error")).count();
        let skipped = cases.iter().filter(|c| c.has("skipped")).count();
        // Every suite's counts add up, and agree with the JSON's statuses.
        assert_eq!(suite.number("tests"), cases.len(), "{check}");
        assert_eq!(cases.len(), own.len(), "{check}");
        assert_eq!(suite.number("failures"), failures, "{check}");
        assert_eq!(suite.number("errors"), errors, "{check}");
        assert_eq!(suite.number("skipped"), skipped, "{check}");
        let own_slice: Vec<Value> = own.iter().map(|f| (*f).clone()).collect();
        assert_eq!(failures, count_status(&own_slice, "fail"), "{check}");
        assert_eq!(errors, count_status(&own_slice, "unknown"), "{check}");
        assert_eq!(skipped, count_status(&own_slice, "suppressed"), "{check}");
        let unique: HashSet<(&str, &str)> = cases
            .iter()
            .map(|c| (c.attr("classname"), c.attr("name")))
            .collect();
        assert_eq!(
            unique.len(),
            cases.len(),
            "{check}: a test case key repeats"
        );
        for (case, f) in cases.iter().zip(&own) {
            assert!(case.attr("classname").ends_with(&format!(".{check}")));
            assert!(case.attr("name").starts_with(text(&f["resource_name"])));
            let outcome = match text(&f["status"]) {
                "fail" => "failure",
                "unknown" => "error",
                "suppressed" => "skipped",
                _ => {
                    assert!(case.children.is_empty(), "a pass has no children");
                    continue;
                }
            };
            assert_eq!(case.children.len(), 1);
            let element = &case.children[0];
            assert_eq!(element.name, outcome);
            assert!(element.text.contains(text(&f["message"])));
            assert!(element.text.contains(text(&f["resource"])));
            assert!(element.text.contains(text(&f["id"])));
            if outcome != "skipped" {
                assert_eq!(element.attr("message"), text(&f["message"]));
                assert_eq!(element.attr("type"), text(&f["severity"]));
            }
        }
        totals[0] += cases.len();
        totals[1] += failures;
        totals[2] += errors;
        totals[3] += skipped;
    }
    assert_eq!(
        totals,
        [
            findings.len(),
            count_status(findings, "fail"),
            count_status(findings, "unknown"),
            count_status(findings, "suppressed"),
        ]
    );
}

#[test]
fn junit_of_the_fixtures_counts_what_the_json_counts() {
    for name in ["startup", "hardened"] {
        let snapshot = common::fixture(name);
        let findings = findings(&audit(&snapshot, &["--format", "json"]));
        assert!(findings.len() > 50, "{name}");
        assert_junit_matches_json(&audit(&snapshot, &["--format", "junit"]), &findings);
    }
}

#[test]
fn junit_maps_every_status() {
    let scratch = Scratch::new("junit");
    let (snapshot, config) = every_status(&scratch.0);
    let config = config.to_string_lossy().into_owned();
    let findings = findings(&audit(
        &snapshot,
        &["--config", &config, "--format", "json"],
    ));
    for status in ["fail", "unknown", "suppressed", "pass"] {
        assert!(count_status(&findings, status) > 0, "no {status} finding");
    }
    let xml = audit(&snapshot, &["--config", &config, "--format", "junit"]);
    assert_junit_matches_json(&xml, &findings);
    let root = parse_xml(&xml);
    let skipped = root
        .all("testsuite")
        .flat_map(|s| s.all("testcase"))
        .flat_map(|c| c.all("skipped"))
        .next()
        .expect("the suppressed finding");
    assert!(
        skipped
            .attr("message")
            .contains("break-glass <root> & \"co\"")
    );
    assert!(skipped.attr("message").contains("2099-12-31"));
}

// ---- CSV ----

const HEADER: [&str; 12] = [
    "id",
    "check",
    "title",
    "severity",
    "tier",
    "status",
    "account",
    "region",
    "resource",
    "message",
    "remediation",
    "controls",
];

/// One leading quote comes off (posture adds it against formula injection).
fn unguard(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// `posture checks --format json`: title and framework controls by check id.
fn catalog() -> HashMap<String, Value> {
    let out = posture_cmd()
        .args(["checks", "--format", "json"])
        .output()
        .expect("posture runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let checks: Vec<Value> = serde_json::from_str(&stdout(&out)).expect("JSON");
    checks
        .into_iter()
        .map(|c| (text(&c["id"]).to_string(), c))
        .collect()
}

fn controls(f: &Value) -> String {
    ["soc2", "iso27001", "cis", "fsbp"]
        .iter()
        .filter_map(|key| {
            let ids: Vec<&str> = f["controls"][key].as_array()?.iter().map(text).collect();
            (!ids.is_empty()).then(|| format!("{key}:{}", ids.join(" ")))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn assert_csv_matches_json(csv: &str, findings: &[Value], catalog: &HashMap<String, Value>) {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), findings.len());
    let ids: Vec<&str> = rows.iter().map(|r| unguard(&r[0])).collect();
    let json_ids: Vec<&str> = findings.iter().map(|f| text(&f["id"])).collect();
    assert_eq!(ids, json_ids);
    for (row, f) in rows.iter().zip(findings) {
        let cells: Vec<&str> = row.iter().map(unguard).collect();
        let check = &catalog[text(&f["check"])];
        let expected = [
            text(&f["id"]),
            text(&f["check"]),
            text(&check["title"]),
            text(&f["severity"]),
            text(&f["tier"]),
            text(&f["status"]),
            text(&f["account"]),
            text(&f["region"]),
            text(&f["resource"]),
            text(&f["message"]),
        ];
        assert_eq!(cells[..10], expected, "{}", text(&f["id"]));
        assert!(!cells[10].is_empty(), "{}: remediation", text(&f["check"]));
        assert_eq!(cells[11], controls(f), "{}", text(&f["id"]));
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn csv_of_the_fixtures_has_a_row_per_json_finding() {
    let catalog = catalog();
    for name in ["startup", "hardened"] {
        let snapshot = common::fixture(name);
        let findings = findings(&audit(&snapshot, &["--format", "json"]));
        let csv = audit(&snapshot, &["--format", "csv"]);
        assert_csv_matches_json(&csv, &findings, &catalog);
    }
}

#[test]
fn csv_maps_every_status() {
    let scratch = Scratch::new("csv");
    let (snapshot, config) = every_status(&scratch.0);
    let config = config.to_string_lossy().into_owned();
    let findings = findings(&audit(
        &snapshot,
        &["--config", &config, "--format", "json"],
    ));
    let csv = audit(&snapshot, &["--config", &config, "--format", "csv"]);
    assert_csv_matches_json(&csv, &findings, &catalog());
    let statuses: HashSet<String> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap()[5].to_string())
        .collect();
    assert_eq!(statuses.len(), 4, "{statuses:?}");
}

#[test]
fn output_dir_writes_both_files_as_stdout_shows_them() {
    let scratch = Scratch::new("junitcsv-dir");
    let dir = scratch.0.join("out");
    let dir_arg = dir.to_string_lossy().into_owned();
    let snapshot = common::fixture("startup");
    audit(
        &snapshot,
        &["--format", "junit,csv", "--output-dir", &dir_arg],
    );
    let junit = std::fs::read_to_string(dir.join("report.junit.xml")).expect("report.junit.xml");
    let csv = std::fs::read_to_string(dir.join("report.csv")).expect("report.csv");
    assert_eq!(junit, audit(&snapshot, &["--format", "junit"]));
    assert_eq!(csv, audit(&snapshot, &["--format", "csv"]));
}
