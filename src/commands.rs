//! What each subcommand does. Returns the process exit code.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use anyhow::{Context as _, Result, bail};

use crate::checks::settings::Settings;
use crate::checks::{self, Selection};
use crate::cli::{AuditArgs, Format, ListFormat};
use crate::collect::{self, CollectOptions, ConnectOptions};
use crate::config::Config;
use crate::error::AuditError;
use crate::inventory::{Inventory, SNAPSHOT_SCHEMA};
use crate::report::{self, Report};
use crate::suppress;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_GAPS: i32 = 3;

pub async fn audit(args: AuditArgs) -> Result<i32> {
    // The configuration is validated before any AWS call.
    let config = Config::discover(args.config.as_deref())?;
    let mut skip = args.skip_checks.clone();
    skip.extend(config.skip.iter().cloned());
    let selection = Selection {
        only: args.checks.clone(),
        skip,
        tier: args.tier.map(Into::into),
        framework: args.compliance.map(Into::into),
        // The opt-in check reads secret values: only when asked to.
        opt_in: args.inspect_secret_values,
    };
    selection.validate().map_err(AuditError::Usage)?;
    let mut settings: Settings = config.settings.clone();
    settings
        .state_buckets
        .extend(args.state_buckets.iter().cloned());

    let inventory = match &args.from_snapshot {
        Some(path) => load_snapshot(path)?,
        None => {
            let opts = CollectOptions {
                connect: ConnectOptions {
                    profile: args.profile.clone(),
                    regions: args.regions.clone(),
                    endpoint_url: args.endpoint_url.clone(),
                    role_arns: args.role_arns.clone(),
                },
                concurrency: usize::from(args.concurrency),
                progress: std::io::stderr().is_terminal(),
                inspect_secret_values: args.inspect_secret_values,
            };
            collect::collect(&opts).await?
        }
    };
    if let Some(path) = &args.save_snapshot {
        let text = serde_json::to_string_pretty(&inventory).context("serializing the snapshot")?;
        std::fs::write(path, text).map_err(|e| {
            AuditError::Io(format!("cannot write snapshot {}: {e}", path.display()))
        })?;
    }

    let mut findings = checks::run(&inventory, &settings, &selection);
    for f in &mut findings {
        if let Some(severity) = config.severity.get(&f.check) {
            f.severity = *severity;
        }
    }
    let today = chrono::Utc::now().date_naive();
    for warning in suppress::apply(&mut findings, &config.suppressions, today) {
        eprintln!("posture: warning: {warning}");
    }
    let report = Report::new(&inventory, findings, &selection);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        Format::Json => report::json::render(&report),
        Format::Table => report::table::render(
            &report,
            &report::table::Style {
                color: to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                width: if to_terminal { None } else { Some(160) },
                show_pass: args.show_pass,
            },
        ),
    };
    match &args.output {
        Some(path) => std::fs::write(path, &text)
            .map_err(|e| AuditError::Io(format!("cannot write report {}: {e}", path.display())))?,
        None => emit(&text),
    }
    if args.output.is_some() || args.format != Format::Table {
        eprint!(
            "{}{}",
            report::table::summary(&report),
            report::table::verdict(&report)
        );
    }

    let failing = args
        .fail_on
        .threshold()
        .map(|t| report.failures_at_or_above(t))
        .unwrap_or(0);
    Ok(if failing > 0 {
        EXIT_FINDINGS
    } else if args.fail_on_gaps && !report.gaps.is_empty() {
        EXIT_GAPS
    } else {
        EXIT_OK
    })
}

/// Read a snapshot, refusing anything that is not one.
pub fn load_snapshot(path: &std::path::Path) -> Result<Inventory, AuditError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AuditError::Snapshot(format!("cannot read snapshot {}: {e}", path.display()))
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        AuditError::Snapshot(format!(
            "{} is not JSON ({e}); pass a file written by --save-snapshot",
            path.display()
        ))
    })?;
    match value.get("schema").and_then(|s| s.as_str()) {
        Some(SNAPSHOT_SCHEMA) => {}
        Some(older) if older.starts_with("posture.inventory/") => {
            return Err(AuditError::Snapshot(format!(
                "{} is a snapshot of another posture version ({older}); this one reads {SNAPSHOT_SCHEMA}: collect a new one with --save-snapshot",
                path.display()
            )));
        }
        Some(other) => {
            return Err(AuditError::Snapshot(format!(
                "{} is a {other:?} file, not a posture snapshot ({SNAPSHOT_SCHEMA}); pass a file written by --save-snapshot",
                path.display()
            )));
        }
        None => {
            return Err(AuditError::Snapshot(format!(
                "{} is not a posture snapshot (no \"schema\": {SNAPSHOT_SCHEMA:?}); pass a file written by --save-snapshot",
                path.display()
            )));
        }
    }
    serde_json::from_value(value).map_err(|e| {
        AuditError::Snapshot(format!(
            "snapshot {} is damaged: {e}; collect a new one with --save-snapshot",
            path.display()
        ))
    })
}

pub fn list_checks(format: ListFormat) -> Result<i32> {
    let mut out = String::new();
    match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = checks::metas()
                .map(|m| {
                    serde_json::json!({
                        "id": m.id, "title": m.title, "service": m.service, "area": m.area,
                        "severity": m.severity, "tier": m.tier, "guide": m.guide,
                        "frameworks": m.frameworks,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        ListFormat::Table => {
            let terminal = std::io::stdout().is_terminal();
            let style = report::table::Style {
                color: false,
                width: if terminal { None } else { Some(160) },
                show_pass: false,
            };
            let mut table = report::table::new_table(&style);
            table.set_header(["id", "severity", "tier", "service", "title", "frameworks"]);
            for m in checks::metas() {
                let frameworks: Vec<String> = crate::catalog::Framework::ALL
                    .iter()
                    .filter(|f| !m.frameworks.controls(**f).is_empty())
                    .map(|f| format!("{} {}", f.key(), m.frameworks.controls(*f).join(" ")))
                    .collect();
                table.add_row([
                    m.id.clone(),
                    m.severity.to_string(),
                    m.tier.to_string(),
                    m.service.clone(),
                    m.title.clone(),
                    frameworks.join("; "),
                ]);
            }
            writeln!(out, "{table}")?;
            writeln!(
                out,
                "{} checks; `posture explain ID` for one, `--format json` for all fields",
                checks::all().len()
            )?;
        }
    }
    emit(&out);
    Ok(EXIT_OK)
}

pub fn explain(id: &str) -> Result<i32> {
    let mut out = String::new();
    let Some(m) = checks::meta(id) else {
        bail!(AuditError::Usage(format!(
            "unknown check id {id:?}; `posture checks` lists them"
        )));
    };
    writeln!(out, "{} — {}", m.id, m.title)?;
    writeln!(
        out,
        "severity: {}   tier: {}   area: {}   service: {}",
        m.severity, m.tier, m.area, m.service
    )?;
    writeln!(out, "guide: {}", m.guide.join(", "))?;
    for framework in crate::catalog::Framework::ALL {
        let controls = m.frameworks.controls(framework);
        if !controls.is_empty() {
            writeln!(out, "{}: {}", framework.title(), controls.join(", "))?;
        }
    }
    if let Some(none) = &m.frameworks.none {
        writeln!(out, "Frameworks: none apply ({none})")?;
    }
    writeln!(out, "\nWhy\n{}", m.rationale.trim())?;
    writeln!(out, "\nFix\n{}", m.remediation.summary.trim())?;
    writeln!(out, "\nTerraform\n{}", m.remediation.terraform.trim_end())?;
    writeln!(out, "\nAWS CLI\n{}", m.remediation.cli.trim_end())?;
    emit(&out);
    Ok(EXIT_OK)
}

/// Write to stdout. A closed pipe (`posture checks | head`) ends the output
/// quietly instead of panicking as `println!` would.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}
