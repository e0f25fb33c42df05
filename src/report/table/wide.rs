//! `--details` (`--format table-wide`): a row per finding, for reading every
//! message whole or comparing resources side by side.

use comfy_table::{Cell, Color, ColumnConstraint, Width};

use super::text::clean;
use super::{Style, new_table, severity_color};
use crate::finding::Status;
use crate::report::Report;

/// The findings' table, or nothing when no row is shown.
pub fn render(report: &Report, style: &Style) -> String {
    let mut table = new_table(style);
    let multi_account = report.accounts.len() > 1;
    let mut header = vec!["severity", "status", "check", "resource"];
    if multi_account {
        header.insert(3, "account");
    }
    header.extend(["finding", "fix"]);
    table.set_header(header);

    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| style.show_pass || f.status != Status::Pass)
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    let mut previous_check = "";
    for f in &shown {
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
        // Cleaned as in the blocks: a newline in a name would split the
        // row, an escape code repaint the terminal.
        let mut row = vec![
            severity,
            status,
            Cell::new(clean(&f.check)),
            Cell::new(clean(&match f.terraform.as_ref().and_then(|t| t.label()) {
                Some(label) => format!("{} ({}) [{label}]", f.resource_name, f.region),
                None => format!("{} ({})", f.resource_name, f.region),
            })),
        ];
        if multi_account {
            row.insert(3, Cell::new(clean(&f.account)));
        }
        row.extend([Cell::new(clean(&f.message)), Cell::new(clean(&fix))]);
        table.add_row(row);
    }
    // Left to itself comfy-table splits a long check id mid-word
    // (`sg-admin-ports-fr` / `om-internet`) at 100 columns: the id is what
    // one searches for and passes to `posture explain`, so its column is
    // never narrower than the longest id shown.
    let longest = shown
        .iter()
        .map(|f| f.check.chars().count())
        .max()
        .unwrap_or(0);
    if let Some(column) = table.column_mut(2) {
        // The bound counts the cell's padding too.
        let least = u16::try_from(longest)
            .unwrap_or(u16::MAX)
            .saturating_add(column.padding_width());
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(least)));
    }
    format!("{table}\n")
}
