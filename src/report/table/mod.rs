//! The terminal report, for a person: by default a block per failing check,
//! worst first (`blocks`); with `--details` a row per finding (`wide`).
//! Both end with the summary and the verdict.

mod blocks;
mod text;
mod wide;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

use super::Report;
use crate::finding::{Severity, Status};
use crate::report::compliance::ControlState;

pub struct Style {
    pub color: bool,
    /// Lay out at this width (see [`output_width`]); `None`: the view's own
    /// default.
    pub width: Option<u16>,
    /// Show passing findings too.
    pub show_pass: bool,
}

impl Style {
    /// This style at `width` when it names none.
    fn at(&self, width: u16) -> Style {
        Style {
            color: self.color,
            width: Some(self.width.unwrap_or(width)),
            show_pass: self.show_pass,
        }
    }
}

/// The blocks' width when neither `COLUMNS` nor a terminal gives one (a
/// pipe, a file in `--output-dir`, a CI log): a line of prose stays short
/// enough to read in one sweep.
pub const DEFAULT_WIDTH: u16 = 120;

/// The per-finding table's: its six columns need the room (as before the
/// blocks).
pub const WIDE_DEFAULT_WIDTH: u16 = 160;

/// The width to lay the report out at: `COLUMNS` when set to a number (the
/// convention of `ls` and most other tools, and how a test asks for 80
/// columns), else the terminal's when the report goes to one, else `None`.
pub fn output_width(to_terminal: bool) -> Option<u16> {
    // comfy-table sizes its tables from the terminal already (through
    // crossterm): asking it saves a dependency for the same query.
    let terminal = || to_terminal.then(|| Table::new().width()).flatten();
    width_from(std::env::var("COLUMNS").ok().as_deref(), terminal)
}

fn width_from(columns: Option<&str>, terminal: impl FnOnce() -> Option<u16>) -> Option<u16> {
    let positive = |n: &u16| *n > 0;
    columns
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(positive)
        .or_else(|| terminal().filter(positive))
}

pub(super) fn severity_color(s: Severity) -> Color {
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

/// The default view: a block per check that needs attention (`blocks`).
pub fn render(report: &Report, style: &Style) -> String {
    let style = &style.at(DEFAULT_WIDTH);
    let width = usize::from(style.width.unwrap_or(DEFAULT_WIDTH));
    let mut text = compliance(report, style);
    let blocks = blocks::render(report, style, width);
    if !blocks.is_empty() {
        text.push_str(&blocks);
        text.push('\n');
    }
    text.push_str(&text::wrap_prose(&summary(report), width));
    text.push_str(&text::wrap_prose(
        &verdict_with(report, |check| blocks::shows_fix(report, check)),
        width,
    ));
    text
}

/// `--details` / `--format table-wide`: a row per finding (`wide`).
pub fn render_wide(report: &Report, style: &Style) -> String {
    let style = &style.at(WIDE_DEFAULT_WIDTH);
    let width = usize::from(style.width.unwrap_or(WIDE_DEFAULT_WIDTH));
    let mut text = compliance(report, style);
    text.push_str(&wide::render(report, style));
    text.push_str(&text::wrap_prose(&summary(report), width));
    text.push_str(&text::wrap_prose(&verdict(report), width));
    text
}

/// The verdict, the score, and the shortest way to the next tier.
pub fn verdict(report: &Report) -> String {
    verdict_with(report, |_| false)
}

/// The verdict, leaving out the fix of a step whose check's block above
/// (`fix_shown`) already gives it: the steps then say the order, once.
fn verdict_with(report: &Report, fix_shown: impl Fn(&str) -> bool) -> String {
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
                let fix = if fix_shown(&step.check) {
                    " — fix above".to_string()
                } else {
                    format!(": {}", step.fix)
                };
                text.push_str(&format!(
                    "  {}. [{}] {} ({} resource{}){fix}\n",
                    i + 1,
                    step.severity,
                    step.check,
                    step.resources,
                    if step.resources == 1 { "" } else { "s" },
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
    if !report.regions.is_empty() {
        let mut regions: Vec<&str> = report.regions.iter().map(String::as_str).collect();
        regions.sort_unstable();
        text.push_str(&format!("regions audited: {}\n", regions.join(", ")));
    }
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

#[cfg(test)]
mod tests;
