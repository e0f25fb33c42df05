//! What each subcommand does. `audit` reads: plan → collect (or load) →
//! check → remap severities → suppress → score and report → exit code.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};

use crate::checks;
use crate::cli::{AuditArgs, DiffArgs, Format, ListFormat, PolicyFormat};
use crate::collect;
use crate::error::AuditError;
use crate::evidence;
use crate::exit::Exit;
use crate::history;
use crate::inventory::{Inventory, SNAPSHOT_SCHEMA};
use crate::plan::{Destination, Output, Plan, Source};
use crate::progress::Progress;
use crate::report::{self, Report};
use crate::suppress;
use crate::terraform;

pub async fn audit(args: AuditArgs) -> Result<Exit> {
    let plan = Plan::new(args)?;
    let progress = match &plan.source {
        Source::Collect(options) => options.progress.clone(),
        Source::Snapshot(_) => Progress::new(false),
    };
    let collected = match &plan.source {
        Source::Snapshot(path) => load_snapshot(path),
        Source::Collect(options) => collect::collect(options).await,
    };
    let mut inventory = match collected {
        Ok(inventory) => inventory,
        Err(err) => {
            progress.finish();
            return Err(err.into());
        }
    };
    progress.phase("check");
    let mut state_warnings = Vec::new();
    // The Terraform source's facts join the inventory (and the snapshot):
    // what its own checks judge.
    let source = plan
        .terraform_dir
        .as_deref()
        .map(terraform::source::Source::load);
    if let Some(source) = &source {
        for problem in &source.problems {
            state_warnings.push(format!("Terraform source {problem}"));
        }
        inventory.terraform = Some(crate::inventory::TerraformSource {
            ignores: source.ignores.clone(),
            secrets: source.secrets.clone(),
        });
    }
    if let Some(path) = &plan.save_snapshot {
        save_snapshot(&inventory, path)?;
    }
    let mut findings = checks::run(&inventory, &plan.settings, &plan.selection);
    remap_severities(&mut findings, &plan.config.severity);
    if !plan.terraform_states.is_empty() {
        let managed = terraform::Managed::load(&plan.terraform_states);
        for (_, why) in &managed.unread {
            state_warnings.push(format!(
                "Terraform state {why}; the other states are still mapped, and a resource none of them holds is not said to be unmanaged"
            ));
        }
        managed.annotate(&mut findings, source.as_ref());
    }
    let today = chrono::Utc::now().date_naive();
    let warnings: Vec<String> =
        suppress::apply(&mut findings, &plan.config.suppressions, today, |check| {
            checks::get(check).is_some_and(|c| plan.selection.wants(c))
        })
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut warnings = warnings;
    warnings.extend(state_warnings);
    let cut = inventory
        .gaps
        .iter()
        .filter(|g| g.error.starts_with(collect::TIMED_OUT))
        .count();
    if cut > 0 {
        warnings.push(format!(
            "the audit reached --timeout: {cut} call(s) were not answered in time and are gaps; the findings that needed them are unknown"
        ));
    }
    let mut report = Report::new(&inventory, findings, &plan.selection, warnings);
    if let Some(baseline) = &plan.baseline {
        history::compare(baseline, &mut report)?;
    }
    progress.finish();
    report.stats.phases = progress.phases();
    for warning in &report.warnings {
        eprintln!("posture: warning: {warning}");
    }
    write_report(&report, &plan.output)?;
    if let Some(dir) = &plan.evidence {
        let digest = evidence::write(dir, &report, &inventory)?;
        eprintln!(
            "posture: evidence bundle written to {} (manifest.json SHA-256 {digest}); `posture verify {}` checks it",
            dir.display(),
            dir.display()
        );
    }
    Ok(exit(&report, &plan))
}

/// `posture diff OLD NEW`: the changes, and exit 1 for a new failure at or
/// above `--fail-on`.
pub fn diff(args: &DiffArgs) -> Result<Exit> {
    let old = history::load_report(&args.old)?;
    let mut new = history::load_report(&args.new)?;
    history::compare(&old, &mut new)?;
    let text = match args.format {
        ListFormat::Json => report::changes::json(&new),
        ListFormat::Table => report::changes::section(&new),
    };
    emit(&text);
    let failing = args.fail_on.threshold().map_or(0, |t| {
        history::new_failures(&new)
            .filter(|f| f.severity >= t)
            .count()
    });
    Ok(if failing > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    })
}

/// `posture permissions`: the policy from the collector's own list of operations.
pub fn permissions(format: PolicyFormat, secret_values: bool) -> Result<Exit> {
    let text = match format {
        PolicyFormat::Json => collect::operations::policy_json(secret_values),
        PolicyFormat::Terraform => collect::operations::policy_terraform(secret_values),
    };
    emit(&text);
    Ok(Exit::Clean)
}

/// `posture verify DIR`: exit 1 naming every changed, missing or extra file.
pub fn verify(dir: &std::path::Path) -> Result<Exit> {
    let v = evidence::verify(dir)?;
    let mut out = String::new();
    for (what, files) in [
        ("changed", &v.changed),
        ("missing", &v.missing),
        ("extra", &v.extra),
    ] {
        for file in files {
            writeln!(out, "{what}: {file}")?;
        }
    }
    if v.ok() {
        writeln!(
            out,
            "ok: {} files match {} (manifest.json SHA-256 {})",
            v.verified,
            dir.join(evidence::MANIFEST).display(),
            v.manifest_sha256
        )?;
    } else {
        writeln!(
            out,
            "FAILED: {} changed, {} missing, {} extra; {} files match (manifest.json SHA-256 {})",
            v.changed.len(),
            v.missing.len(),
            v.extra.len(),
            v.verified,
            v.manifest_sha256
        )?;
    }
    emit(&out);
    Ok(if v.ok() { Exit::Clean } else { Exit::Findings })
}

/// `[checks] severity` overrides: the check's own severity is replaced.
fn remap_severities(
    findings: &mut [crate::finding::Finding],
    severity: &std::collections::BTreeMap<String, crate::finding::Severity>,
) {
    for f in findings {
        if let Some(s) = severity.get(&f.check) {
            f.severity = *s;
        }
    }
}

fn save_snapshot(inventory: &Inventory, path: &std::path::Path) -> Result<(), AuditError> {
    let text = serde_json::to_string_pretty(inventory)
        .map_err(|e| AuditError::Io(format!("cannot serialise the snapshot: {e}")))?;
    write_atomically(path, text.as_bytes())
}

/// Every format asked for, rendered from the one report, to stdout, a file
/// or a directory; with a file or directory, or a machine format, the summary
/// and verdict also go to stderr for the person watching.
fn write_report(report: &Report, output: &Output) -> Result<(), AuditError> {
    let to_terminal = output.to == Destination::Stdout && std::io::stdout().is_terminal();
    let style = report::table::Style {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        width: report::table::output_width(to_terminal),
        show_pass: output.show_pass,
    };
    if let Destination::Dir(dir) = &output.to {
        std::fs::create_dir_all(dir).map_err(|e| {
            AuditError::Io(format!(
                "cannot create output directory {}: {e}",
                dir.display()
            ))
        })?;
    }
    for format in &output.formats {
        let text = report::render(report, *format, &style);
        match &output.to {
            Destination::Stdout => emit(&text),
            Destination::File(path) => write_atomically(path, text.as_bytes())?,
            Destination::Dir(dir) => {
                write_atomically(&dir.join(format.file_name()), text.as_bytes())?
            }
        }
    }
    if output.to != Destination::Stdout
        || !matches!(output.formats[..], [Format::Table | Format::TableWide])
    {
        eprint!(
            "{}{}",
            report::table::summary(report),
            report::table::verdict(report)
        );
    }
    Ok(())
}

/// Write `path` whole or not at all: a temporary file in the same directory,
/// then a rename, so a reader never sees half a report.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), AuditError> {
    let cannot =
        |e: std::io::Error| AuditError::Io(format!("cannot write {}: {e}", path.display()));
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(cannot)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        cannot(e)
    })
}

fn exit(report: &Report, plan: &Plan) -> Exit {
    let failing = plan
        .fail_on
        .map(|t| report.failures_at_or_above(t))
        .unwrap_or(0);
    if failing > 0 {
        Exit::Findings
    } else if plan.fail_on_gaps && !report.gaps.is_empty() {
        Exit::Gaps
    } else {
        Exit::Clean
    }
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

pub fn list_checks(format: ListFormat) -> Result<Exit> {
    let mut out = String::new();
    match format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = checks::metas()
                .map(|m| {
                    serde_json::json!({
                        "id": m.id, "title": m.title, "service": m.service, "area": m.area,
                        "severity": m.severity, "tier": m.tier, "guide": m.guide,
                        "frameworks": m.frameworks, "opt_in": m.opt_in,
                        "applies_to": m.applies_to,
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
                    .map(|f| format!("{} {}", f.label(), m.frameworks.controls(*f).join(" ")))
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
    Ok(Exit::Clean)
}

pub fn explain(id: &str) -> Result<Exit> {
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
    Ok(Exit::Clean)
}

/// Write to stdout. A closed pipe (`posture checks | head`) ends the output
/// quietly instead of panicking as `println!` would.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}
