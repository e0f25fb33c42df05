//! The terminal views on the fixture reports and on reports bent to the
//! cases the fixtures lack: unknown, accepted, several accounts, 200
//! resources, odd text.

use super::text::width;
use super::*;
use crate::finding::{Applied, Finding};
use crate::report::testing::fixture;

fn style(width: u16, show_pass: bool) -> Style {
    Style {
        color: false,
        width: Some(width),
        show_pass,
    }
}

/// A line wider than `max` must be one unbreakable token after its
/// indent, marker or severity label.
fn assert_fits(text: &str, max: usize) {
    for line in text.lines().filter(|l| width(l) > max) {
        let mut rest = line.trim_start();
        for marker in ["✗ ", "? ", "~ ", "✓ ", "· "] {
            rest = rest.strip_prefix(marker).unwrap_or(rest);
        }
        for label in ["CRITICAL", "HIGH", "MEDIUM", "LOW"] {
            rest = rest.strip_prefix(label).unwrap_or(rest).trim_start();
        }
        assert!(
            !rest.contains(' '),
            "{} columns, more than {max} and breakable: {line:?}",
            width(line)
        );
    }
}

/// The block whose header starts with `header`, up to the blank line.
fn block_of<'a>(text: &'a str, header: &str) -> &'a str {
    let start = text
        .find(&format!("\n{header}"))
        .map(|i| i + 1)
        .filter(|_| !text.starts_with(header))
        .unwrap_or(0);
    assert!(text[start..].starts_with(header), "no {header:?} in {text}");
    let block = &text[start..];
    &block[..block.find("\n\n").unwrap_or(block.len())]
}

/// The failing checks of `report`, worst first, each once.
fn failing_checks(report: &Report) -> Vec<(Severity, String)> {
    let mut checks: Vec<(Severity, String)> = Vec::new();
    for f in report.findings.iter().filter(|f| f.status == Status::Fail) {
        if !checks.iter().any(|(_, c)| *c == f.check) {
            checks.push((f.severity, f.check.clone()));
        }
    }
    checks
}

#[test]
fn a_block_per_failing_check_worst_first_with_its_fix_once() {
    let report = fixture("startup");
    let failing = failing_checks(&report);
    assert!(failing.len() > 20);
    for columns in [80, 120] {
        let text = render(&report, &style(columns, false));
        assert_fits(&text, columns.into());
        // Every header is the severity and the whole id, in report order.
        let headers: Vec<&str> = text
            .lines()
            .filter(|l| {
                ["CRITICAL  ", "HIGH      ", "MEDIUM    ", "LOW       "]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .collect();
        assert_eq!(headers.len(), failing.len(), "{text}");
        for ((severity, check), header) in failing.iter().zip(&headers) {
            let words: Vec<&str> = header.split_whitespace().collect();
            assert_eq!(words[0], severity.as_str().to_uppercase());
            assert_eq!(words[1], check, "{header}");
        }
        assert_eq!(text.matches("\n  Fix: ").count(), failing.len());
        // Each failing finding is one ✗ line naming its resource.
        let crosses: Vec<&str> = text.lines().filter(|l| l.starts_with("  ✗ ")).collect();
        assert_eq!(crosses.len(), report.count(Status::Fail));
        let sg = report
            .findings
            .iter()
            .find(|f| f.check == "sg-admin-ports-from-internet" && f.status == Status::Fail)
            .expect("the fixture admits SSH from the internet");
        assert!(
            crosses
                .iter()
                .any(|l| l
                    .starts_with(&format!("  ✗ {} ({}) admits", sg.resource_name, sg.region))),
            "{text}"
        );
        // The summary and the verdict stay last.
        let verdict = text.rfind("\nVerdict: ").expect("a verdict");
        assert!(text.rfind("  ✗ ").unwrap() < verdict);
        assert!(text.ends_with('\n'));
    }
}

#[test]
fn the_fix_is_given_once_the_steps_point_to_it() {
    let report = fixture("startup");
    let text = render(&report, &style(120, false));
    let step = &report.verdict.next_steps[0];
    assert!(text.contains(&format!("  1. [{}] {} (", step.severity, step.check)));
    let fix_start: String = crate::checks::meta(&step.check)
        .unwrap()
        .remediation
        .summary
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(text.matches(&fix_start).count(), 1, "{fix_start}");
    assert!(text.contains(" — fix above\n"));
    // On stderr, without the blocks, the steps keep their fixes.
    assert!(verdict(&report).contains(&fix_start));
}

#[test]
fn passing_checks_are_one_line_unless_asked_for() {
    let report = fixture("hardened");
    let checks: std::collections::BTreeSet<&str> =
        report.findings.iter().map(|f| f.check.as_str()).collect();
    let text = render(&report, &style(80, false));
    let line = format!(
        "✓ {} checks passed on every resource ({} findings); --show-pass lists them",
        checks.len(),
        report.findings.len()
    );
    assert!(text.contains(&line), "{text}");
    assert!(!text.contains("  ✓ "), "no list without --show-pass");

    let text = render(&report, &style(80, true));
    assert_fits(&text, 80);
    let listed: Vec<&str> = text.lines().filter(|l| l.starts_with("  ✓ ")).collect();
    assert_eq!(listed.len(), checks.len());
    let admin = report
        .findings
        .iter()
        .filter(|f| f.check == "iam-no-admin-policy")
        .count();
    assert!(
        listed
            .iter()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [
                    "✓",
                    "CRITICAL",
                    "iam-no-admin-policy",
                    &admin.to_string(),
                    "resources"
                ]),
        "{text}"
    );
    // A check that ran and judged nothing is named, not lost.
    let idle: Vec<&str> = crate::checks::metas()
        .map(|m| m.id.as_str())
        .filter(|id| !checks.contains(id) && !report.skipped_checks.iter().any(|s| s == id))
        .collect();
    assert!(!idle.is_empty());
    for id in idle {
        assert!(text.contains(id), "{id} missing");
    }
}

#[test]
fn a_failing_block_counts_or_lists_its_passing_resources() {
    let report = fixture("startup");
    let passing = |check: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.check == check && f.status == Status::Pass)
            .count()
    };
    let n = passing("sg-admin-ports-from-internet");
    assert!(n > 1);
    let text = render(&report, &style(120, false));
    let block = block_of(&text, "CRITICAL  sg-admin-ports-from-internet");
    assert!(
        block.ends_with(&format!("  ✓ {n} other resources pass")),
        "{block}"
    );
    let text = render(&report, &style(120, true));
    let block = block_of(&text, "CRITICAL  sg-admin-ports-from-internet");
    assert_eq!(block.matches("\n  ✓ ").count(), n, "{block}");
}

fn applied(reason: &str, owner: Option<&str>) -> Applied {
    Applied {
        status: Status::Fail,
        reason: reason.into(),
        expires: chrono::NaiveDate::from_ymd_opt(2031, 6, 30).unwrap(),
        owner: owner.map(Into::into),
    }
}

#[test]
fn unknown_and_accepted_findings_come_after_failures_marked_apart() {
    let mut report = fixture("startup");
    // Every finding of one check unknown, of another accepted; one more
    // accepted under a check that still fails elsewhere.
    let mut suppressed_in_failing = false;
    for f in &mut report.findings {
        if f.check == "iam-root-mfa" {
            f.status = Status::Unknown;
            f.message = "Could not read the account summary (AccessDenied).".into();
        } else if f.check == "vpc-flow-logs" {
            f.status = Status::Suppressed;
            f.suppression = Some(applied("lab VPCs, torn down weekly", Some("platform")));
        } else if f.check == "alb-access-logs" && f.status == Status::Fail && !suppressed_in_failing
        {
            suppressed_in_failing = true;
            f.status = Status::Suppressed;
            f.suppression = Some(applied("internal only", None));
        }
    }
    crate::report::sort_worst_first(&mut report.findings);
    let text = render(&report, &style(100, false));
    assert_fits(&text, 100);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {text}"))
    };
    let unknown = at("Not verified (unknown)");
    let accepted = at("Accepted risks (suppressed)");
    assert!(at("CRITICAL  sg-admin-ports-from-internet") < unknown);
    assert!(at("LOW       subnet-no-auto-public-ip") < unknown);
    assert!(unknown < at("CRITICAL  iam-root-mfa") && at("CRITICAL  iam-root-mfa") < accepted);
    assert!(accepted < at("MEDIUM    vpc-flow-logs"));
    assert!(text.contains("  ? root user — Could not read the account summary (AccessDenied).\n"));
    assert!(
        text.contains(" — accepted by platform until 2031-06-30: lab VPCs, torn down weekly\n")
    );
    // Under its still-failing check, after the failures.
    let block = block_of(&text, "LOW       alb-access-logs");
    let tilde = block.find("\n  ~ ").expect("the accepted one");
    assert!(block.rfind("\n  ✗ ").unwrap() < tilde);
    assert!(block[tilde..].contains("— accepted until 2031-06-30: internal only"));
    // Neither an unknown nor an accepted block tells to fix anything.
    let mfa = block_of(&text, "CRITICAL  iam-root-mfa");
    assert!(!mfa.contains("Fix:"), "{mfa}");
}

#[test]
fn several_accounts_show_the_account_on_each_resource() {
    let mut report = fixture("startup");
    let mut other: Vec<Finding> = report.findings.clone();
    for f in &mut other {
        f.account = "222222222222".into();
    }
    report.findings.extend(other);
    report.accounts.push("222222222222".into());
    crate::report::sort_worst_first(&mut report.findings);
    let text = render(&report, &style(120, false));
    assert_fits(&text, 120);
    assert!(text.contains("  ✗ root user (111111111111) — The root user has access keys.\n"));
    assert!(text.contains("  ✗ root user (222222222222) — The root user has access keys.\n"));
    assert!(text.contains("  ✗ startup-vpc/admin (222222222222 us-east-1) admits the internet"));
    // Still one block per check.
    assert_eq!(
        text.matches("\nCRITICAL  iam-root-no-access-keys ").count(),
        1
    );
}

#[test]
fn a_check_failing_on_many_resources_lists_all_one_line_each() {
    let mut report = fixture("startup");
    let template = report
        .findings
        .iter()
        .find(|f| f.check == "sg-egress-unrestricted" && f.status == Status::Fail)
        .cloned()
        .unwrap();
    report
        .findings
        .retain(|f| f.check != "sg-egress-unrestricted");
    for i in 0..200 {
        let mut f = template.clone();
        f.resource_name = format!("vpc-{i:03}/sg");
        f.resource = format!("{}-{i}", template.resource);
        f.message = format!(
            "vpc-{i:03}/sg allows all traffic out to the internet (all traffic 0.0.0.0/0), which is a long message that would wrap."
        );
        report.findings.push(f);
    }
    crate::report::sort_worst_first(&mut report.findings);
    let text = render(&report, &style(80, false));
    assert_fits(&text, 80);
    let block = block_of(&text, "MEDIUM    sg-egress-unrestricted");
    for i in 0..200 {
        let name = format!("vpc-{i:03}/sg");
        let line = block
            .lines()
            .find(|l| l.starts_with(&format!("  ✗ {name} ")))
            .unwrap_or_else(|| panic!("{name} missing"));
        assert!(width(line) <= 80 && line.ends_with(" …"), "{line}");
    }
    // One line each: nothing but the header, the fix and the note around them.
    assert_eq!(block.lines().filter(|l| l.starts_with("  ✗ ")).count(), 200);
    let wrapped = |l: &&str| l.starts_with("    ") && !l.starts_with("     ");
    assert!(!block.lines().any(|l| wrapped(&l)), "{block}");
    assert!(
        block.contains("(200 of 200 messages shortened to one line; --details shows them whole)")
    );
}

#[test]
fn an_overlong_arn_stays_whole_on_a_line_of_its_own() {
    let mut report = fixture("startup");
    let arn = format!("arn:aws:iam::111111111111:policy/{}", "x".repeat(90));
    let f = report
        .findings
        .iter_mut()
        .find(|f| f.check == "iam-no-admin-policy" && f.status == Status::Fail)
        .unwrap();
    f.resource_name = arn.clone();
    f.message = format!("Policy {arn} grants administrator access: Allow * on *.");
    let text = render(&report, &style(80, false));
    assert_fits(&text, 80);
    assert!(text.contains(&format!("\n  ✗ {arn}\n")), "{text}");
    assert!(text.contains(&format!("\n    {arn}\n")), "{text}");
}

#[test]
fn odd_reports_render_without_panicking() {
    // Nothing at all: no accounts, no findings.
    let mut empty = fixture("hardened");
    empty.findings.clear();
    empty.accounts.clear();
    empty.by_account.clear();
    let text = render(&empty, &style(80, true));
    assert!(text.contains("0 findings in 0 account(s)"), "{text}");
    assert!(!render_wide(&empty, &style(80, true)).contains('┌'));

    // Empty strings, control characters, an unknown check, a tiny width.
    let mut odd = fixture("startup");
    for (i, f) in odd.findings.iter_mut().enumerate().take(40) {
        match i % 4 {
            0 => {
                f.resource_name.clear();
                f.resource.clear();
                f.message.clear();
                f.region.clear();
            }
            1 => {
                f.resource_name = "web\n\x1b[31mred\u{202E}".into();
                f.message = "tab\there\r\nand 生产环境 ".into();
            }
            2 => f.check = "no-such-check".into(),
            _ => f.check = String::new(),
        }
    }
    for columns in [1, 10, 80] {
        for show_pass in [false, true] {
            let text = render(&odd, &style(columns, show_pass));
            assert!(!text.contains('\x1b') && !text.contains('\u{202E}'));
            assert!(text.contains("unnamed resource"));
            let wide = render_wide(&odd, &style(columns, show_pass));
            assert!(!wide.contains('\x1b') && !wide.contains('\u{202E}'));
        }
    }
    assert_fits(&render(&odd, &style(80, false)), 80);
}

#[test]
fn colour_paints_severity_and_markers_without_changing_the_layout() {
    let report = fixture("startup");
    let plain = render(&report, &style(80, false));
    let coloured = render(
        &report,
        &Style {
            color: true,
            ..style(80, false)
        },
    );
    assert!(coloured.contains("\x1b[1;35mCRITICAL\x1b[0m  sg-admin-ports-from-internet"));
    assert!(coloured.contains("  \x1b[31m✗\x1b[0m startup-vpc/admin"));
    let mut stripped = String::new();
    let mut rest = coloured.as_str();
    while let Some(start) = rest.find('\x1b') {
        stripped.push_str(&rest[..start]);
        rest = &rest[start..];
        rest = &rest[rest.find('m').unwrap() + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, plain);
}

#[test]
fn the_wide_table_keeps_a_row_per_finding_and_ids_whole() {
    let report = fixture("startup");
    let failing = failing_checks(&report);
    for columns in [100, 120] {
        let text = render_wide(&report, &style(columns, false));
        let id_cells: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split('┆').nth(2))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        // The id column: each row's whole id, never a piece of one.
        // A row per failing or unknown finding, and the header.
        let rows = report.count(Status::Fail) + report.count(Status::Unknown);
        assert_eq!(id_cells.len(), rows + 1, "{text}");
        for (_, check) in &failing {
            assert!(
                id_cells.contains(&check.as_str()),
                "{check} broken at {columns}"
            );
        }
        assert!(text.contains("\nVerdict: "));
    }
}

#[test]
fn columns_set_the_width_before_the_terminal() {
    assert_eq!(width_from(Some("93"), || Some(200)), Some(93));
    assert_eq!(width_from(Some(" 80 "), || None), Some(80));
    // Not a number (or 0): the terminal's, if there is one.
    assert_eq!(width_from(Some("wide"), || Some(132)), Some(132));
    assert_eq!(width_from(Some("0"), || None), None);
    assert_eq!(width_from(None, || Some(0)), None);
}
