//! JUnit XML, for the test reporters of CI systems (Jenkins, GitLab, Azure
//! DevOps, GitHub Actions): a test suite per check, a test case per finding.
//!
//! JUnit XML has no single specification. What is written here is what the
//! strictest common reader accepts: Jenkins xUnit validates its input against
//! `junit-10.xsd`, and rejects an attribute that schema does not declare
//! (`skipped` or `timestamp` on `<testsuites>`, `file` on `<testcase>`,
//! `<properties>` inside a `<testcase>`). GitLab reads a subset of the same
//! schema; what it shows of a failure is the element's text, not its
//! `message`, so the text repeats the message before the details.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::Report;
use crate::catalog::{CheckMeta, Framework};
use crate::finding::{Finding, Status};

pub fn render(report: &Report) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_report(&mut writer, report).expect("writing to memory cannot fail");
    let mut text =
        String::from_utf8(writer.into_inner()).expect("quick-xml writes the UTF-8 it is given");
    text.push('\n');
    text
}

type Xml = Writer<Vec<u8>>;

fn write_report(w: &mut Xml, report: &Report) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("testsuites");
    attr(&mut root, "name", "posture");
    Counts::of(&report.findings).push(&mut root, false);
    attr(&mut root, "time", &seconds(report.stats.duration_ms));
    let suites = suites(&report.findings);
    if suites.is_empty() {
        return w.write_event(Event::Empty(root));
    }
    w.write_event(Event::Start(root))?;
    // Ant's schema says the timestamp has no time zone; posture's is UTC.
    let timestamp = report.started_at.format("%Y-%m-%dT%H:%M:%S").to_string();
    // As the table does: the account is named only when there are several.
    let multi_account = report.accounts.len() > 1
        || report
            .findings
            .iter()
            .any(|f| f.account != report.findings[0].account);
    for (check, findings) in suites {
        write_suite(w, check, &findings, &timestamp, multi_account)?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuites")))
}

/// The findings grouped by check, in the order the report lists them: the
/// report is sorted worst first, so the suites are too.
fn suites(findings: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut suites: Vec<(&str, Vec<&Finding>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for f in findings {
        let i = *index.entry(f.check.as_str()).or_insert_with(|| {
            suites.push((f.check.as_str(), Vec::new()));
            suites.len() - 1
        });
        suites[i].1.push(f);
    }
    suites
}

#[derive(Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            c.tests += 1;
            match f.status {
                Status::Fail => c.failures += 1,
                Status::Unknown => c.errors += 1,
                Status::Suppressed => c.skipped += 1,
                Status::Pass => {}
            }
        }
        c
    }

    /// `skipped` only on a suite: junit-10.xsd has no such attribute on
    /// `<testsuites>`, and the suites' counts add up to the total anyway.
    fn push(&self, e: &mut BytesStart, with_skipped: bool) {
        attr(e, "tests", &self.tests.to_string());
        attr(e, "failures", &self.failures.to_string());
        attr(e, "errors", &self.errors.to_string());
        if with_skipped {
            attr(e, "skipped", &self.skipped.to_string());
        }
    }
}

fn write_suite(
    w: &mut Xml,
    check: &str,
    findings: &[&Finding],
    timestamp: &str,
    multi_account: bool,
) -> io::Result<()> {
    let meta = crate::checks::meta(check);
    let mut suite = BytesStart::new("testsuite");
    attr(&mut suite, "name", check);
    Counts::of(findings.iter().copied()).push(&mut suite, true);
    attr(&mut suite, "timestamp", timestamp);
    w.write_event(Event::Start(suite))?;
    write_properties(w, meta, findings.first().copied())?;
    // Jenkins splits a class name at its last dot into package and class:
    // the area is the package, the check the class.
    let classname = match meta {
        Some(m) => format!("{}.{check}", m.area),
        None => check.to_string(),
    };
    for (f, name) in findings.iter().zip(case_names(findings, multi_account)) {
        write_case(w, f, &name, &classname, meta)?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuite")))
}

/// What the check is, for the readers that show a suite's properties.
fn write_properties(
    w: &mut Xml,
    meta: Option<&CheckMeta>,
    first: Option<&Finding>,
) -> io::Result<()> {
    let mut properties: Vec<(&str, String)> = Vec::new();
    if let Some(m) = meta {
        properties.push(("title", m.title.clone()));
        properties.push(("severity", m.severity.to_string()));
        properties.push(("tier", m.tier.to_string()));
        properties.push(("area", m.area.to_string()));
        properties.push(("service", m.service.clone()));
    }
    // A check's findings all carry its controls.
    if let Some(f) = first {
        for framework in Framework::ALL {
            if let Some(ids) = f.controls.get(&framework).filter(|ids| !ids.is_empty()) {
                properties.push((framework.key(), ids.join(" ")));
            }
        }
    }
    if properties.is_empty() {
        return Ok(());
    }
    w.write_event(Event::Start(BytesStart::new("properties")))?;
    for (name, value) in properties {
        let mut p = BytesStart::new("property");
        attr(&mut p, "name", name);
        attr(&mut p, "value", &value);
        w.write_event(Event::Empty(p))?;
    }
    w.write_event(Event::End(BytesEnd::new("properties")))
}

/// One name per finding, unique within the suite: GitLab keys a test case by
/// class name and name and keeps only the first of a repeated key. A name
/// says which resource, where; a name that repeats (two resources of one
/// name) gets the resource's ARN, and one that still repeats its finding id.
fn case_names(findings: &[&Finding], multi_account: bool) -> Vec<String> {
    let base: Vec<String> = findings
        .iter()
        .map(|f| {
            let label = [&f.resource_name, &f.resource, &f.id]
                .into_iter()
                .find(|s| !s.is_empty())
                .map_or("(unnamed)", |s| s.as_str());
            if multi_account {
                format!("{label} ({} {})", f.account, f.region)
            } else {
                format!("{label} ({})", f.region)
            }
        })
        .collect();
    let with_resource = disambiguate(base, findings, |f| f.resource.as_str());
    disambiguate(with_resource, findings, |f| f.id.as_str())
}

/// `names` with `by(finding)` added to each that repeats.
fn disambiguate(
    names: Vec<String>,
    findings: &[&Finding],
    by: fn(&Finding) -> &str,
) -> Vec<String> {
    let mut seen = HashSet::new();
    let repeated: HashSet<String> = names
        .iter()
        .filter(|n| !seen.insert(n.as_str()))
        .cloned()
        .collect();
    names
        .into_iter()
        .zip(findings)
        .map(|(name, f)| {
            let extra = by(f);
            if repeated.contains(&name) && !extra.is_empty() && !name.contains(extra) {
                format!("{name} [{extra}]")
            } else {
                name
            }
        })
        .collect()
}

fn write_case(
    w: &mut Xml,
    f: &Finding,
    name: &str,
    classname: &str,
    meta: Option<&CheckMeta>,
) -> io::Result<()> {
    let mut case = BytesStart::new("testcase");
    attr(&mut case, "name", name);
    attr(&mut case, "classname", classname);
    let (element, message, body) = match f.status {
        Status::Pass => return w.write_event(Event::Empty(case)),
        Status::Fail => ("failure", f.message.clone(), details(f, meta)),
        Status::Unknown => ("error", f.message.clone(), details(f, None)),
        Status::Suppressed => {
            let why = suppressed(f);
            let body = format!("{why}\n\n{}", details(f, None));
            ("skipped", why, body)
        }
    };
    w.write_event(Event::Start(case))?;
    let mut e = BytesStart::new(element);
    attr(&mut e, "message", &message);
    // The severity as the type: what a reader sorts failures by. A skip has
    // no severity to speak of: its risk was accepted.
    if element != "skipped" {
        attr(&mut e, "type", f.severity.as_str());
    }
    w.write_event(Event::Start(e))?;
    w.write_event(Event::Text(BytesText::new(&clean(&body))))?;
    w.write_event(Event::End(BytesEnd::new(element)))?;
    w.write_event(Event::End(BytesEnd::new("testcase")))
}

fn suppressed(f: &Finding) -> String {
    match &f.suppression {
        Some(s) => {
            let owner = s
                .owner
                .as_deref()
                .map(|o| format!(", owner {o}"))
                .unwrap_or_default();
            format!(
                "suppressed ({} accepted until {}{owner}): {}",
                s.status, s.expires, s.reason
            )
        }
        None => "suppressed".to_string(),
    }
}

/// The text of a failure, error or skip: the message, then what decided it,
/// and for a failure the fix (`meta`).
fn details(f: &Finding, meta: Option<&CheckMeta>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", f.message);
    let _ = writeln!(out, "resource: {}", f.resource);
    if f.resource_name != f.resource {
        let _ = writeln!(out, "name: {}", f.resource_name);
    }
    let _ = writeln!(out, "account: {}", f.account);
    let _ = writeln!(out, "region: {}", f.region);
    if let Some(label) = f.terraform.as_ref().and_then(|t| t.label()) {
        let _ = writeln!(out, "terraform: {label}");
    }
    let _ = writeln!(out, "severity: {} ({} tier)", f.severity, f.tier);
    if !f.evidence.is_empty() {
        let _ = writeln!(out, "evidence:");
        for (key, value) in &f.evidence {
            let _ = writeln!(out, "  {key}: {value}");
        }
    }
    if let Some(m) = meta {
        let _ = writeln!(out, "\nremediation: {}", m.remediation.summary.trim());
    }
    if let Some(fix) = f.terraform.as_ref().and_then(|t| t.fix.as_deref()) {
        let _ = writeln!(out, "\nterraform change:\n{}", fix.trim_end());
    }
    let _ = write!(out, "\nfinding {}; more: posture explain {}", f.id, f.check);
    out
}

/// Seconds as the schema's SUREFIRE_TIME pattern wants them: `12.345`.
fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// An attribute, cleaned; quick-xml escapes `<&>"'` and keeps tabs and line
/// breaks as character references, so the value reads back as written.
fn attr(e: &mut BytesStart, name: &str, value: &str) {
    e.push_attribute((name, clean(value).as_ref()));
}

/// XML 1.0 has no way to write most control characters, not even as a
/// character reference: a report with one would not parse. Each is written
/// as `#xHH`, the visible spelling pytest's JUnit writer uses, so the text
/// shows that something was there. C1 controls (`U+0080`–`U+009F`) and DEL,
/// which XML 1.0 allows but discourages, are written the same way.
fn clean(s: &str) -> Cow<'_, str> {
    let invalid = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if !s.chars().any(invalid) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if invalid(c) {
            let _ = write!(out, "#x{:02X}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applied;
    use crate::report::testing::fixture;
    use quick_xml::events::BytesRef;
    use quick_xml::reader::Reader;

    /// An element read back: what a consumer sees after unescaping.
    #[derive(Debug, Default)]
    struct Node {
        name: String,
        attrs: HashMap<String, String>,
        text: String,
        children: Vec<Node>,
    }

    impl Node {
        fn attr(&self, key: &str) -> &str {
            self.attrs.get(key).map_or("", String::as_str)
        }
        /// Every test case of every suite, in order.
        fn cases(&self) -> Vec<&Node> {
            self.all("testsuite")
                .flat_map(|s| s.all("testcase"))
                .collect()
        }
        /// The first test case of the first suite.
        fn first_case(&self) -> &Node {
            self.all("testsuite")
                .next()
                .and_then(|s| s.all("testcase").next())
                .expect("a first suite with a test case")
        }
        fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
            self.children.iter().filter(move |c| c.name == name)
        }
        fn child<'a>(&'a self, name: &'a str) -> Option<&'a Node> {
            self.all(name).next()
        }
    }

    fn node(e: &BytesStart) -> Node {
        Node {
            name: e.name().as_ref().to_string(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.expect("well-formed attribute");
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("attribute value unescapes");
                    (a.key.as_ref().to_string(), value.into_owned())
                })
                .collect(),
            ..Node::default()
        }
    }

    fn entity(r: &BytesRef) -> String {
        match r.resolve_char_ref().expect("valid character reference") {
            Some(c) => c.to_string(),
            None => quick_xml::escape::resolve_predefined_entity(r)
                .expect("a predefined entity")
                .to_string(),
        }
    }

    /// The document's root element, every end tag matched.
    fn parse(xml: &str) -> Node {
        let mut reader = Reader::from_str(xml);
        let mut stack: Vec<Node> = vec![Node::default()];
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) => stack.push(node(&e)),
                Event::Empty(e) => stack.last_mut().unwrap().children.push(node(&e)),
                Event::End(_) => {
                    let done = stack.pop().unwrap();
                    stack
                        .last_mut()
                        .expect("an open element")
                        .children
                        .push(done);
                }
                Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => stack.last_mut().unwrap().text.push_str(&entity(&r)),
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(stack.len(), 1, "unclosed elements");
        let mut top = stack.pop().unwrap();
        assert_eq!(top.children.len(), 1, "one root element");
        top.children.pop().unwrap()
    }

    fn xml10_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    }

    /// Every character, written or referenced (`&#…;`), is one XML 1.0
    /// allows (production `Char`): quick-xml's reader does not check that.
    fn assert_xml10_chars(xml: &str) {
        for c in xml.chars() {
            assert!(xml10_char(c), "character {c:?} not allowed in XML 1.0");
        }
        for reference in xml.split("&#").skip(1) {
            let number = reference.split(';').next().unwrap_or_default();
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => number.parse(),
            }
            .expect("a numeric character reference");
            let c = char::from_u32(code).expect("a Unicode scalar value");
            assert!(xml10_char(c), "reference to {c:?} not allowed in XML 1.0");
        }
    }

    fn count(n: &Node, key: &str) -> usize {
        n.attr(key)
            .parse()
            .unwrap_or_else(|_| panic!("{key}={:?} on {}", n.attr(key), n.name))
    }

    #[test]
    fn startup_has_a_suite_per_check_and_a_case_per_finding() {
        let report = fixture("startup");
        let xml = render(&report);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
        assert_xml10_chars(&xml);
        let root = parse(&xml);
        assert_eq!(root.name, "testsuites");
        assert_eq!(count(&root, "tests"), report.findings.len());
        assert_eq!(count(&root, "failures"), report.count(Status::Fail));
        assert!(
            !root.attrs.contains_key("skipped"),
            "junit-10.xsd has no skipped on testsuites"
        );
        let suites: Vec<&Node> = root.all("testsuite").collect();
        let checks: HashSet<&str> = report.findings.iter().map(|f| f.check.as_str()).collect();
        assert_eq!(suites.len(), checks.len());
        // Worst first: the first suite is the check of the first finding.
        assert_eq!(suites[0].attr("name"), report.findings[0].check);
        for suite in &suites {
            let check = suite.attr("name");
            let own: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.check == check)
                .collect();
            let cases: Vec<&Node> = suite.all("testcase").collect();
            assert_eq!(cases.len(), own.len(), "{check}");
            assert_eq!(count(suite, "tests"), own.len());
            let failing = cases
                .iter()
                .filter(|c| c.child("failure").is_some())
                .count();
            assert_eq!(count(suite, "failures"), failing, "{check}");
            let names: HashSet<&str> = cases.iter().map(|c| c.attr("name")).collect();
            assert_eq!(names.len(), cases.len(), "{check}: test case names repeat");
            let meta = crate::checks::meta(check).unwrap();
            let props = suite.child("properties").expect("properties");
            assert!(
                props
                    .all("property")
                    .any(|p| p.attr("name") == "title" && p.attr("value") == meta.title)
            );
            for (case, f) in cases.iter().zip(&own) {
                assert_eq!(case.attr("classname"), format!("{}.{check}", meta.area));
                assert!(
                    case.attr("name").starts_with(&f.resource_name),
                    "{}",
                    case.attr("name")
                );
            }
        }
    }

    #[test]
    fn a_failure_carries_message_evidence_and_the_fix() {
        let report = fixture("startup");
        let root = parse(&render(&report));
        let f = &report.findings[0];
        assert_eq!(f.status, Status::Fail);
        let case = root.first_case();
        let failure = case.child("failure").expect("failure");
        assert_eq!(failure.attr("message"), f.message);
        assert_eq!(failure.attr("type"), f.severity.as_str());
        // GitLab shows only the text: it starts with the message.
        assert!(failure.text.starts_with(&f.message));
        assert!(failure.text.contains(&f.resource));
        for (key, value) in &f.evidence {
            assert!(failure.text.contains(&format!("{key}: {value}")), "{key}");
        }
        let fix = crate::checks::meta(&f.check)
            .unwrap()
            .remediation
            .summary
            .trim();
        assert!(failure.text.contains(fix));
    }

    #[test]
    fn hardened_passes_have_no_children() {
        let report = fixture("hardened");
        let root = parse(&render(&report));
        assert_eq!(count(&root, "tests"), report.findings.len());
        assert_eq!(count(&root, "failures"), 0);
        let cases: Vec<&Node> = root.cases();
        assert_eq!(cases.len(), report.findings.len());
        assert!(
            cases
                .iter()
                .all(|c| c.children.is_empty() && c.text.trim().is_empty())
        );
    }

    #[test]
    fn unknown_is_an_error_and_suppressed_a_skip() {
        let mut report = fixture("startup");
        report.findings[0].status = Status::Unknown;
        report.findings[1].status = Status::Suppressed;
        report.findings[1].suppression = Some(Applied {
            status: Status::Fail,
            reason: "fronted by CloudFront".into(),
            expires: chrono::NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            owner: Some("platform@acme.example".into()),
        });
        let root = parse(&render(&report));
        // The fixture's own unknowns (images posture cannot judge) and this one.
        let unknown = report
            .findings
            .iter()
            .filter(|f| f.status == Status::Unknown)
            .count();
        assert_eq!(count(&root, "errors"), unknown);
        let cases: Vec<&Node> = root.cases();
        let error = cases
            .iter()
            .find_map(|c| c.child("error"))
            .expect("an error");
        assert_eq!(error.attr("message"), report.findings[0].message);
        assert!(
            !error.text.contains("remediation:"),
            "an unknown has no verified fix"
        );
        let skipped = cases
            .iter()
            .find_map(|c| c.child("skipped"))
            .expect("a skip");
        assert!(skipped.attr("message").contains("fronted by CloudFront"));
        assert!(skipped.attr("message").contains("2027-03-31"));
        assert!(skipped.text.contains("platform@acme.example"));
        let skips: usize = root.all("testsuite").map(|s| count(s, "skipped")).sum();
        assert_eq!(skips, 1);
    }

    #[test]
    fn hostile_strings_read_back_as_written() {
        let mut report = fixture("startup");
        let hostile = "<script>alert(\"x\" & 'y')</script>\nline two\r\n\ttabbed ]]> --> &amp;";
        let f = &mut report.findings[0];
        f.message = hostile.to_string();
        f.resource_name = hostile.to_string();
        f.evidence.insert("<key & \"q\">".into(), hostile.into());
        let check = f.check.clone();
        let xml = render(&report);
        assert_xml10_chars(&xml);
        assert!(!xml.contains("<script>"));
        let root = parse(&xml);
        let suite = root
            .all("testsuite")
            .find(|s| s.attr("name") == check)
            .unwrap();
        let case = suite.all("testcase").next().unwrap();
        assert!(
            case.attr("name").starts_with(hostile),
            "{:?}",
            case.attr("name")
        );
        let failure = case.child("failure").unwrap();
        assert_eq!(failure.attr("message"), hostile);
        assert!(failure.text.starts_with(hostile));
        assert!(failure.text.contains(&format!("<key & \"q\">: {hostile}")));
    }

    #[test]
    fn control_characters_do_not_break_the_document() {
        let mut report = fixture("startup");
        report.findings[0].message =
            "nul\0 bell\x07 esc\x1b del\x7f c1\u{85} nonchar\u{FFFF} ok".into();
        report.findings[0].resource_name = "\x01name".into();
        let xml = render(&report);
        assert_xml10_chars(&xml);
        let root = parse(&xml);
        let case = root.first_case();
        assert_eq!(
            case.child("failure").unwrap().attr("message"),
            "nul#x00 bell#x07 esc#x1B del#x7F c1#x85 nonchar#xFFFF ok"
        );
        assert!(case.attr("name").starts_with("#x01name"));
    }

    #[test]
    fn repeated_resource_names_stay_distinct() {
        let mut report = fixture("startup");
        let check = report.findings[0].check.clone();
        let mut same: Vec<&mut Finding> = report
            .findings
            .iter_mut()
            .filter(|f| f.check == check)
            .collect();
        assert!(same.len() >= 2, "{check} has two findings");
        let (region, account) = (same[0].region.clone(), same[0].account.clone());
        for f in same.iter_mut().take(2) {
            f.resource_name = "default".into();
            f.region = region.clone();
            f.account = account.clone();
        }
        // Same name and resource: only the id tells them apart.
        same[1].resource = same[0].resource.clone();
        let root = parse(&render(&report));
        let suite = root
            .all("testsuite")
            .find(|s| s.attr("name") == check)
            .unwrap();
        let names: Vec<&str> = suite.all("testcase").map(|c| c.attr("name")).collect();
        let unique: HashSet<&&str> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{names:#?}");
        assert!(names.iter().filter(|n| n.starts_with("default (")).count() == 2);
    }

    #[test]
    fn several_accounts_name_the_account() {
        let mut report = fixture("startup");
        let check = report.findings[0].check.clone();
        if let Some(f) = report
            .findings
            .iter_mut()
            .filter(|f| f.check == check)
            .nth(1)
        {
            f.account = "222222222222".into();
        }
        let root = parse(&render(&report));
        let suite = root
            .all("testsuite")
            .find(|s| s.attr("name") == check)
            .unwrap();
        assert!(
            suite
                .all("testcase")
                .any(|c| c.attr("name").contains("(222222222222 "))
        );
    }

    #[test]
    fn an_empty_report_is_an_empty_document() {
        let mut report = fixture("hardened");
        report.findings.clear();
        report.accounts.clear();
        let xml = render(&report);
        let root = parse(&xml);
        assert_eq!(root.name, "testsuites");
        assert_eq!(count(&root, "tests"), 0);
        assert!(root.children.is_empty());
    }

    #[test]
    fn empty_strings_still_name_every_case() {
        let mut report = fixture("startup");
        for f in &mut report.findings {
            f.resource_name.clear();
            f.resource.clear();
            f.message.clear();
            f.region.clear();
            f.evidence.clear();
        }
        report.findings[0].id.clear();
        let root = parse(&render(&report));
        let cases: Vec<&Node> = root.cases();
        assert_eq!(cases.len(), report.findings.len());
        assert!(cases.iter().all(|c| !c.attr("name").is_empty()));
    }

    #[test]
    fn time_is_in_seconds() {
        assert_eq!(seconds(0), "0.000");
        assert_eq!(seconds(12_345), "12.345");
        assert_eq!(seconds(1_000_007), "1000.007");
    }
}
