//! The terminal table: what fails, worst first, with the fix beside it.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

use super::Report;
use crate::finding::{Severity, Status};
use crate::report::compliance::ControlState;

pub struct Style {
    pub color: bool,
    /// Wrap at this width; `None` on a terminal, which knows its own.
    pub width: Option<u16>,
    /// Show passing findings too.
    pub show_pass: bool,
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Blue,
    }
}

/// A table in posture's style. On a terminal comfy-table finds the width
/// itself; elsewhere `style.width` keeps lines readable.
pub fn new_table(style: &Style) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = style.width {
        table.set_width(width);
    }
    if !style.color {
        table.force_no_tty();
    }
    table
}

pub fn render(report: &Report, style: &Style) -> String {
    let mut table = new_table(style);
    let multi_account = report.accounts.len() > 1;
    let mut header = vec!["severity", "status", "check", "resource"];
    if multi_account {
        header.insert(3, "account");
    }
    header.extend(["finding", "fix"]);
    table.set_header(header);

    let shown = report
        .findings
        .iter()
        .filter(|f| style.show_pass || f.status != Status::Pass);
    let mut rows = 0;
    let mut previous_check = "";
    for f in shown {
        rows += 1;
        let mut severity = Cell::new(f.severity);
        let mut status = Cell::new(f.status);
        if style.color {
            severity = severity.fg(severity_color(f.severity));
            status = status.fg(match f.status {
                Status::Fail => Color::Red,
                Status::Unknown => Color::Yellow,
                Status::Suppressed => Color::DarkGrey,
                Status::Pass => Color::Green,
            });
        }
        let fix = match (&f.status, &f.suppression) {
            (Status::Pass, _) => String::new(),
            (_, Some(s)) => format!("accepted until {}: {}", s.expires, s.reason),
            // One fix per check: the rows below it share it.
            _ if f.check == previous_check => "〃".to_string(),
            _ => crate::checks::meta(&f.check)
                .map(|m| m.remediation.summary.trim().to_string())
                .unwrap_or_default(),
        };
        previous_check = &f.check;
        let mut row = vec![
            severity,
            status,
            Cell::new(&f.check),
            Cell::new(format!("{} ({})", f.resource_name, f.region)),
        ];
        if multi_account {
            row.insert(3, Cell::new(&f.account));
        }
        row.extend([Cell::new(&f.message), Cell::new(fix)]);
        table.add_row(row);
    }

    let mut text = compliance(report, style);
    if rows > 0 {
        text.push_str(&table.to_string());
        text.push('\n');
    }
    text.push_str(&summary(report));
    text.push_str(&verdict(report));
    text
}

/// The verdict, the score, and the shortest way to the next tier.
pub fn verdict(report: &Report) -> String {
    let v = &report.verdict;
    let mut text = format!("\nVerdict: {}", v.tier);
    match report.score.overall {
        Some(score) => text.push_str(&format!(" — score {score}/100")),
        None => text.push_str(" — no score (nothing was judged)"),
    }
    text.push_str(&format!(
        ", {}% of findings verified\n",
        report.score.verified_percent
    ));
    if report.by_account.len() > 1 {
        for a in &report.by_account {
            let score = a
                .score
                .overall
                .map(|s| format!("{s}/100"))
                .unwrap_or_else(|| "no score".into());
            text.push_str(&format!("  account {}: {} — {score}\n", a.account, a.tier));
        }
    }
    if !report.score.areas.is_empty() {
        let areas: Vec<String> = report
            .score
            .areas
            .iter()
            .map(|(a, s)| format!("{a} {s}"))
            .collect();
        text.push_str(&format!("Areas: {}\n", areas.join(", ")));
    }
    if let Some(next) = v.next_tier {
        if !v.next_steps.is_empty() {
            text.push_str(&format!("To reach {next}, fix (worst first):\n"));
            for (i, step) in v.next_steps.iter().enumerate() {
                text.push_str(&format!(
                    "  {}. [{}] {} ({} resource{}): {}\n",
                    i + 1,
                    step.severity,
                    step.check,
                    step.resources,
                    if step.resources == 1 { "" } else { "s" },
                    step.fix
                ));
            }
        }
        if !v.blocked_by_unknown.is_empty() {
            text.push_str(&format!(
                "Not proven: {} could not be verified (see gaps); {next} needs them to pass.\n",
                v.blocked_by_unknown.join(", ")
            ));
        }
    }
    text
}

pub fn summary(report: &Report) -> String {
    let (fail, unknown, pass) = (
        report.count(Status::Fail),
        report.count(Status::Unknown),
        report.count(Status::Pass),
    );
    let suppressed = report.count(Status::Suppressed);
    let mut by_severity = Vec::new();
    for s in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ] {
        let n = report
            .findings
            .iter()
            .filter(|f| f.status == Status::Fail && f.severity == s)
            .count();
        if n > 0 {
            by_severity.push(format!("{n} {s}"));
        }
    }
    let mut text = format!(
        "{} findings in {} account(s), {} region(s): {fail} fail{}, {unknown} unknown, {suppressed} suppressed, {pass} pass; {} gap(s); {} API calls in {:.1} s\n",
        report.findings.len(),
        report.accounts.len(),
        report.regions.len(),
        if by_severity.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_severity.join(", "))
        },
        report.gaps.len(),
        report.stats.api_calls,
        report.stats.duration_ms as f64 / 1000.0,
    );
    for gap in report.gaps.iter().take(10) {
        text.push_str(&format!(
            "gap: {} {} {} {}: {}\n",
            gap.account, gap.region, gap.service, gap.operation, gap.error
        ));
    }
    if !report.manual_controls.is_empty() {
        text.push_str(&format!(
            "{} manual controls of the guide need evidence gathered by hand (listed in --format json, `manual_controls`)\n",
            report.manual_controls.len()
        ));
    }
    if report.gaps.len() > 10 {
        text.push_str(&format!(
            "… and {} more gaps (see --format json)\n",
            report.gaps.len() - 10
        ));
    }
    text
}

/// With `--compliance`: one row per control of the framework.
fn compliance(report: &Report, style: &Style) -> String {
    let Some(c) = &report.compliance else {
        return String::new();
    };
    let mut table = new_table(style);
    table.set_header(["control", "status", "fail", "unknown", "pass", "checks"]);
    for control in &c.controls {
        let status = serde_json::to_value(control.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut cell = Cell::new(&status);
        if style.color {
            cell = cell.fg(match control.status {
                ControlState::Fail => Color::Red,
                ControlState::Unknown => Color::Yellow,
                ControlState::Pass => Color::Green,
                ControlState::Partial => Color::Cyan,
                ControlState::NoResources | ControlState::Manual => Color::DarkGrey,
            });
        }
        table.add_row(vec![
            Cell::new(&control.id),
            cell,
            Cell::new(control.failing),
            Cell::new(control.unknown),
            Cell::new(control.passing),
            Cell::new(control.checks.join(", ")),
        ]);
    }
    let failing = c
        .controls
        .iter()
        .filter(|x| x.status == ControlState::Fail)
        .count();
    let manual = c
        .controls
        .iter()
        .filter(|x| x.status == ControlState::Manual)
        .count();
    let partial: Vec<String> = c
        .controls
        .iter()
        .filter(|x| x.status == ControlState::Partial)
        .flat_map(|x| {
            x.partial
                .iter()
                .map(move |p| format!("  {} partial: {p}\n", x.id))
        })
        .collect();
    format!(
        "{}: {} controls, {failing} failing, {} partial, {manual} manual\n{table}\n{}\n",
        c.title,
        c.controls.len(),
        c.controls
            .iter()
            .filter(|x| x.status == ControlState::Partial)
            .count(),
        partial.concat()
    )
}
