//! The default view, for a person at a terminal: one block per check that
//! needs attention, worst first — the check, the fix once, then each resource
//! on a line of its own with the finding's reason. Passing checks are summed
//! up at the end.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::Style;
use super::text::{self, Paint};
use crate::finding::{Finding, Severity, Status};
use crate::report::Report;

/// Above this many resources in one block each keeps to one line, so that a
/// check failing on 200 security groups stays a list one can scan; every
/// resource is still shown, and `--details` has the whole messages.
const MANY: usize = 10;

/// The severity column of a header: `CRITICAL` and two spaces. Ids start
/// at the same column in every header, so the eye runs down them.
const LABEL: usize = 10;

/// The findings of one check, by status, in report order.
#[derive(Default)]
struct Group<'a> {
    fail: Vec<&'a Finding>,
    unknown: Vec<&'a Finding>,
    suppressed: Vec<&'a Finding>,
    pass: Vec<&'a Finding>,
}

/// What a check's block is about; also the order of the blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Failing,
    Unknown,
    Accepted,
    Passing,
}

impl Group<'_> {
    fn kind(&self) -> Kind {
        if !self.fail.is_empty() {
            Kind::Failing
        } else if !self.unknown.is_empty() {
            Kind::Unknown
        } else if !self.suppressed.is_empty() {
            Kind::Accepted
        } else {
            Kind::Passing
        }
    }

    /// A check's findings share its severity (a `[checks] severity` remap
    /// changes them all); the highest, should they not.
    fn severity(&self) -> Severity {
        [&self.fail, &self.unknown, &self.suppressed, &self.pass]
            .into_iter()
            .flatten()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Low)
    }
}

pub fn render(report: &Report, style: &Style, width: usize) -> String {
    let mut groups: BTreeMap<&str, Group> = BTreeMap::new();
    for f in &report.findings {
        let g = groups.entry(f.check.as_str()).or_default();
        match f.status {
            Status::Fail => g.fail.push(f),
            Status::Unknown => g.unknown.push(f),
            Status::Suppressed => g.suppressed.push(f),
            Status::Pass => g.pass.push(f),
        }
    }
    // Sorted here rather than trusting the report's order: failing checks
    // before unknown ones before accepted ones, the most severe first.
    let mut checks: Vec<(&str, &Group)> = groups.iter().map(|(c, g)| (*c, g)).collect();
    checks.sort_by_key(|(check, g)| (g.kind(), Reverse(g.severity()), *check));

    let multi_account = report.accounts.len() > 1;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut section = Kind::Failing;
    for (check, group) in checks.iter().filter(|(_, g)| g.kind() != Kind::Passing) {
        let kind = group.kind();
        if kind != section {
            section = kind;
            let heading = match kind {
                Kind::Unknown => {
                    "Not verified (unknown): posture could not tell whether these pass."
                }
                _ => "Accepted risks (suppressed):",
            };
            paragraphs.push(text::wrap("", 0, &text::words(heading), width).join("\n"));
        }
        paragraphs.push(block(report, check, group, multi_account, style, width));
    }
    let passing: Vec<(&str, &Group)> = checks
        .iter()
        .filter(|(_, g)| g.kind() == Kind::Passing)
        .copied()
        .collect();
    if let Some(p) = passing_checks(&passing, style, width) {
        paragraphs.push(p);
    }
    if let Some(p) = nothing_to_judge(report, &groups, width) {
        paragraphs.push(p);
    }
    paragraphs.join("\n")
}

/// The fix of `check`, if its block shows one. Only a failure has a fix to
/// make: an unknown needs the permission or the evidence first, an accepted
/// risk was decided on.
fn fix(report: &Report, check: &str) -> Option<Vec<String>> {
    let failing = report
        .findings
        .iter()
        .any(|f| f.check == check && f.status == Status::Fail);
    let fix = text::words(&crate::checks::meta(check)?.remediation.summary);
    (failing && !fix.is_empty()).then_some(fix)
}

/// Whether the block of `check` gives its fix (the verdict's steps then
/// leave it out).
pub fn shows_fix(report: &Report, check: &str) -> bool {
    fix(report, check).is_some()
}

fn block(
    report: &Report,
    check: &str,
    g: &Group,
    multi_account: bool,
    style: &Style,
    width: usize,
) -> String {
    let mut lines = header(check, g.severity(), style, width);
    if let Some(fix) = fix(report, check) {
        lines.extend(text::wrap("  Fix: ", 7, &fix, width));
    }
    let listed: Vec<&Finding> = [&g.fail, &g.unknown, &g.suppressed]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    let one_each = listed.len() > MANY;
    let mut shortened = 0;
    for f in &listed {
        let (line, cut) = resource(f, multi_account, style, width, one_each);
        shortened += usize::from(cut);
        lines.extend(line);
    }
    if style.show_pass {
        for f in &g.pass {
            lines.extend(resource(f, multi_account, style, width, true).0);
        }
    } else if !g.pass.is_empty() {
        let n = g.pass.len();
        lines.push(format!(
            "  {} {n} other resource{}",
            text::paint("✓", Paint::Green, false, style.color),
            if n == 1 { " passes" } else { "s pass" }
        ));
    }
    if shortened > 0 {
        let note = format!(
            "({shortened} of {} messages shortened to one line; --details shows them whole)",
            listed.len()
        );
        lines.extend(text::wrap("  ", 2, &text::words(&note), width));
    }
    lines.push(String::new());
    lines.join("\n")
}

fn severity_paint(s: Severity) -> Paint {
    match s {
        Severity::Critical => Paint::Magenta,
        Severity::High => Paint::Red,
        Severity::Medium => Paint::Yellow,
        Severity::Low => Paint::Blue,
    }
}

/// `CRITICAL  check-id  Title`, the title wrapped under the id.
fn header(check: &str, severity: Severity, style: &Style, width: usize) -> Vec<String> {
    let label = severity.as_str().to_uppercase();
    let mut tokens = vec![text::clean(check)];
    if let Some(m) = crate::checks::meta(check) {
        tokens.extend(text::words(&m.title));
    }
    let lead = format!("{label:<LABEL$}{}  ", tokens.remove(0));
    // Two spaces part the id from the title; the title starts on a line of
    // its own when not even its first word fits beside the id.
    let fits = tokens
        .first()
        .is_none_or(|w| text::width(&lead) + text::width(w) <= width);
    let mut lines = if fits {
        text::wrap(&lead, LABEL, &tokens, width)
    } else {
        let mut lines = vec![lead.trim_end().to_string()];
        if !tokens.is_empty() {
            lines.extend(text::wrap(&" ".repeat(LABEL), LABEL, &tokens, width));
        }
        lines
    };
    if let Some(rest) = lines[0].strip_prefix(label.as_str()) {
        lines[0] = format!(
            "{}{rest}",
            text::paint(&label, severity_paint(severity), true, style.color)
        );
    }
    lines
}

/// One finding: `  ✗ name (region) reason`, continuation lines indented;
/// with `one_line`, shortened to a single line. Returns the lines and whether
/// the finding's text was shortened.
fn resource(
    f: &Finding,
    multi_account: bool,
    style: &Style,
    width: usize,
    one_line: bool,
) -> (Vec<String>, bool) {
    let (marker, paint) = match f.status {
        Status::Fail => ("✗", Paint::Red),
        Status::Unknown => ("?", Paint::Yellow),
        Status::Suppressed => ("~", Paint::Grey),
        Status::Pass => ("✓", Paint::Green),
    };
    let lead = format!("  {marker} ");
    let tokens = tokens(f, multi_account);
    let (mut lines, cut) = if one_line {
        let (line, cut) = text::one_line(&lead, &tokens, width);
        // A pass is listed by name only: nothing of it was shortened.
        (vec![line], cut && f.status != Status::Pass)
    } else {
        (text::wrap(&lead, 4, &tokens, width), false)
    };
    if let Some(rest) = lines[0].strip_prefix(lead.trim_end()) {
        lines[0] = format!("  {}{rest}", text::paint(marker, paint, false, style.color));
    }
    (lines, cut)
}

/// The resource (each piece whole: a name with spaces, `(region)`), then
/// what the finding says about it.
fn tokens(f: &Finding, multi_account: bool) -> Vec<String> {
    let name = [&f.resource_name, &f.resource]
        .into_iter()
        .map(|s| text::clean(s).trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "unnamed resource".into());
    let account = text::clean(&f.account).trim().to_string();
    let region = text::clean(&f.region).trim().to_string();
    // "global" is posture's word for an account-wide resource (IAM): no
    // region to look it up in.
    let regional = !region.is_empty() && region != "global";
    let place = match (multi_account && !account.is_empty(), regional) {
        (true, true) => Some(format!("({account} {region})")),
        (true, false) => Some(format!("({account})")),
        (false, true) => Some(format!("({region})")),
        (false, false) => None,
    };
    let mut tokens = vec![name.clone()];
    tokens.extend(place);
    if let Some(label) = f.terraform.as_ref().and_then(|t| t.label()) {
        tokens.extend(text::words(&format!("[{}]", text::clean(&label))));
    }
    if f.status == Status::Pass {
        return tokens;
    }
    if f.status == Status::Suppressed
        && let Some(s) = &f.suppression
    {
        let mut said = format!("— accepted until {}", s.expires);
        if let Some(owner) = s.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            said = format!("— accepted by {owner} until {}", s.expires);
        }
        let reason = text::words(&s.reason);
        if !reason.is_empty() {
            said.push(':');
        }
        tokens.extend(text::words(&said));
        tokens.extend(reason);
        return tokens;
    }
    let message = text::clean(&f.message);
    let message = message.trim();
    // Most messages open with the resource's name ("web-sg admits …"): said
    // once, the line still reads as the message's own sentence.
    match message.strip_prefix(name.as_str()) {
        Some(rest) if rest.starts_with(' ') || rest.starts_with(':') => {
            let mut rest = text::words(rest);
            if !rest.is_empty() && !message[name.len()..].starts_with(' ') {
                // "name: …" keeps its colon on the resource.
                let glued = rest.remove(0);
                if let Some(last) = tokens.last_mut() {
                    last.push_str(&glued);
                }
            }
            tokens.extend(rest);
        }
        _ if message.is_empty() => {}
        _ => {
            tokens.push("—".into());
            tokens.extend(text::words(message));
        }
    }
    tokens
}

/// `✓ 37 checks passed on every resource (412 findings)`; with `--show-pass`,
/// one line per check with the number of resources it judged.
fn passing_checks(passing: &[(&str, &Group)], style: &Style, width: usize) -> Option<String> {
    if passing.is_empty() {
        return None;
    }
    let findings: usize = passing.iter().map(|(_, g)| g.pass.len()).sum();
    let tick = text::paint("✓", Paint::Green, false, style.color);
    let summary = format!(
        "{} passed on every resource ({})",
        plural(passing.len(), "check"),
        plural(findings, "finding")
    );
    let summary = if style.show_pass {
        format!("{summary}:")
    } else {
        format!("{summary}; --show-pass lists them")
    };
    let mut lines = text::wrap("✓ ", 2, &text::words(&summary), width);
    if let Some(rest) = lines[0].strip_prefix("✓") {
        lines[0] = format!("{tick}{rest}");
    }
    if style.show_pass {
        let id_width = passing
            .iter()
            .map(|(c, _)| text::width(&text::clean(c)))
            .max()
            .unwrap_or(0);
        for (check, g) in passing {
            let severity = g.severity();
            let label = severity.as_str().to_uppercase();
            let id = text::clean(check);
            lines.push(format!(
                "  {tick} {}{}{id}{}  {}",
                text::paint(&label, severity_paint(severity), true, style.color),
                " ".repeat(LABEL.saturating_sub(label.len())),
                " ".repeat(id_width.saturating_sub(text::width(&id))),
                plural(g.pass.len(), "resource")
            ));
        }
    }
    lines.push(String::new());
    Some(lines.join("\n"))
}

/// The checks that ran and found nothing to judge (no load balancer, no IAM
/// user …), so that the count of checks adds up and none looks forgotten.
fn nothing_to_judge(
    report: &Report,
    groups: &BTreeMap<&str, Group>,
    width: usize,
) -> Option<String> {
    let idle: Vec<String> = crate::checks::metas()
        .filter(|m| !groups.contains_key(m.id.as_str()) && !report.skipped_checks.contains(&m.id))
        .map(|m| m.id.clone())
        .collect();
    if idle.is_empty() {
        return None;
    }
    let mut tokens = text::words(&format!(
        "{} no resource to judge:",
        if idle.len() == 1 {
            "1 check had".to_string()
        } else {
            format!("{} checks had", idle.len())
        }
    ));
    let last = idle.len() - 1;
    tokens.extend(
        idle.into_iter()
            .enumerate()
            .map(|(i, id)| if i < last { format!("{id},") } else { id }),
    );
    let mut lines = text::wrap("· ", 2, &tokens, width);
    lines.push(String::new());
    Some(lines.join("\n"))
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
