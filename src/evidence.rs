//! The compliance evidence bundle (`audit --evidence DIR`) and its check
//! (`posture verify DIR`).
//!
//! A bundle is a directory an auditor can take away: the reports, the raw
//! inventory the checks judged, one control matrix per framework (control →
//! checks → resources → status), the manual controls with the evidence to ask
//! for, and `manifest.json` with the SHA-256 of every other file. It is built
//! in a temporary directory beside DIR and renamed into place, so DIR never
//! holds half a bundle.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::catalog::Framework;
use crate::cli::Format;
use crate::error::AuditError;
use crate::finding::Finding;
use crate::inventory::Inventory;
use crate::report::compliance::{self, ControlState};
use crate::report::{self, Report};

pub const MANIFEST: &str = "manifest.json";
pub const MANIFEST_SCHEMA: &str = "posture.evidence/v1";

/// The report formats a bundle holds, each as `report.<ext>`.
const FORMATS: &[Format] = &[Format::Json, Format::Html, Format::Csv];

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub tool: report::Tool,
    pub accounts: Vec<Caller>,
    pub regions: Vec<String>,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: chrono::DateTime<chrono::Utc>,
    /// Every file of the bundle but the manifest, by path relative to it.
    pub files: Vec<FileEntry>,
}

/// An audited account and the identity that read it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Caller {
    pub account: String,
    pub caller_arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative, `/`-separated.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// Whether DIR may receive a bundle: absent, empty, or (`--force`) replaceable.
pub fn check_target(dir: &Path, force: bool) -> Result<(), String> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("--evidence {}: {e}", dir.display())),
        Ok(meta) if !meta.is_dir() => Err(format!(
            "--evidence {} exists and is not a directory",
            dir.display()
        )),
        Ok(_) => {
            let empty = std::fs::read_dir(dir)
                .map_err(|e| format!("--evidence {}: {e}", dir.display()))?
                .next()
                .is_none();
            if empty || force {
                Ok(())
            } else {
                Err(format!(
                    "--evidence {} exists and is not empty: pass --force to replace it",
                    dir.display()
                ))
            }
        }
    }
}

/// The bundle's files, by relative path, before they are written.
fn contents(report: &Report, inventory: &Inventory) -> Result<Vec<(String, Vec<u8>)>, AuditError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let style = report::table::Style {
        color: false,
        width: Some(120),
        show_pass: true,
    };
    for format in FORMATS {
        files.push((
            format.file_name().to_string(),
            report::render(report, *format, &style).into_bytes(),
        ));
    }
    files.push(("inventory.json".into(), pretty(inventory)?));
    let ran: Vec<&str> = catalog_ids()
        .filter(|id| !report.skipped_checks.iter().any(|s| s == id))
        .collect();
    for framework in Framework::ALL {
        let matrix = Matrix::new(framework, &report.findings, &ran);
        files.push((
            format!("compliance/{}.json", framework.key()),
            pretty(&matrix)?,
        ));
        files.push((format!("compliance/{}.csv", framework.key()), matrix.csv()?));
    }
    files.push((
        "manual-controls.json".into(),
        pretty(&report.manual_controls)?,
    ));
    files.push((
        "manual-controls.md".into(),
        manual_markdown(report).into_bytes(),
    ));
    Ok(files)
}

fn catalog_ids() -> impl Iterator<Item = &'static str> {
    crate::checks::metas().map(|m| m.id.as_str())
}

/// Any part of the bundle as pretty JSON.
fn pretty(value: &impl Serialize) -> Result<Vec<u8>, AuditError> {
    serde_json::to_vec_pretty(value)
        .map_err(|e| AuditError::Io(format!("cannot serialise the evidence: {e}")))
}

/// One framework's controls, each with its checks and every resource they judged.
#[derive(Debug, Serialize)]
struct Matrix {
    framework: Framework,
    title: String,
    controls: Vec<MatrixControl>,
}

#[derive(Debug, Serialize)]
struct MatrixControl {
    id: String,
    status: ControlState,
    /// `check: what it covers` where a check covers the control only in part.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    partial: Vec<String>,
    checks: Vec<MatrixCheck>,
    /// Manual controls (`manual-…`) behind it: evidence gathered by hand.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    manual: Vec<String>,
}

#[derive(Debug, Serialize)]
struct MatrixCheck {
    id: String,
    title: String,
    resources: Vec<MatrixResource>,
}

#[derive(Debug, Serialize)]
struct MatrixResource {
    account: String,
    region: String,
    resource: String,
    name: String,
    status: crate::finding::Status,
    finding: String,
}

impl Matrix {
    fn new(framework: Framework, findings: &[Finding], ran: &[&str]) -> Matrix {
        let grouped = compliance::group(framework, findings, ran);
        let controls = grouped
            .controls
            .into_iter()
            .map(|c| {
                let (manual, checks): (Vec<String>, Vec<String>) = c
                    .checks
                    .into_iter()
                    .partition(|id| id.starts_with("manual-"));
                MatrixControl {
                    id: c.id,
                    status: c.status,
                    partial: c.partial,
                    checks: checks
                        .into_iter()
                        .map(|check| MatrixCheck {
                            title: crate::checks::meta(&check)
                                .map(|m| m.title.clone())
                                .unwrap_or_default(),
                            resources: findings
                                .iter()
                                .filter(|f| f.check == check)
                                .map(|f| MatrixResource {
                                    account: f.account.clone(),
                                    region: f.region.clone(),
                                    resource: f.resource.clone(),
                                    name: f.resource_name.clone(),
                                    status: f.status,
                                    finding: f.id.clone(),
                                })
                                .collect(),
                            id: check,
                        })
                        .collect(),
                    manual,
                }
            })
            .collect();
        Matrix {
            framework,
            title: grouped.title,
            controls,
        }
    }

    /// One row per control × check × resource; a control with no resource
    /// (manual, or nothing to judge) still has a row, so none is lost.
    fn csv(&self) -> Result<Vec<u8>, AuditError> {
        let fail = |e: ::csv::Error| AuditError::Io(format!("cannot write the CSV matrix: {e}"));
        let mut out = ::csv::Writer::from_writer(Vec::new());
        out.write_record([
            "control",
            "control_status",
            "check",
            "check_title",
            "account",
            "region",
            "resource",
            "resource_name",
            "status",
            "finding_id",
        ])
        .map_err(fail)?;
        for c in &self.controls {
            let status = serde_plain(&c.status);
            let mut rows = 0;
            for check in &c.checks {
                for r in &check.resources {
                    rows += 1;
                    out.write_record([
                        c.id.as_str(),
                        &status,
                        &check.id,
                        &check.title,
                        &r.account,
                        &r.region,
                        &r.resource,
                        &r.name,
                        &r.status.to_string(),
                        &r.finding,
                    ])
                    .map_err(fail)?;
                }
            }
            for manual in &c.manual {
                rows += 1;
                out.write_record([
                    c.id.as_str(),
                    &status,
                    manual,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "manual",
                    "",
                ])
                .map_err(fail)?;
            }
            if rows == 0 {
                out.write_record([c.id.as_str(), &status, "", "", "", "", "", "", "", ""])
                    .map_err(fail)?;
            }
        }
        out.into_inner()
            .map_err(|e| AuditError::Io(format!("cannot write the CSV matrix: {e}")))
    }
}

/// A unit enum's serde name (`no-resources`).
fn serde_plain(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The manual controls as an auditor's checklist.
fn manual_markdown(report: &Report) -> String {
    let mut text = String::from(
        "# Manual controls\n\nItems of the hardening guide that no read-only AWS API call can observe. \
         For each, the evidence to ask for.\n",
    );
    for m in &report.manual_controls {
        text.push_str(&format!(
            "\n## {} — {}\n\n{}\n",
            m.id, m.title, m.description
        ));
        let mapped: Vec<String> = Framework::ALL
            .iter()
            .filter(|f| !m.frameworks.controls(**f).is_empty())
            .map(|f| format!("{}: {}", f.title(), m.frameworks.controls(*f).join(", ")))
            .collect();
        if !mapped.is_empty() {
            text.push_str(&format!("\nControls: {}\n", mapped.join("; ")));
        }
        text.push_str(&format!("\nGuide: {}\n", m.guide.join(", ")));
    }
    text
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Write the bundle to `dir`, whole or not at all. Returns the manifest's SHA-256.
pub fn write(dir: &Path, report: &Report, inventory: &Inventory) -> Result<String, AuditError> {
    let files = contents(report, inventory)?;
    let manifest = Manifest {
        schema: MANIFEST_SCHEMA.into(),
        tool: report.tool.clone(),
        accounts: inventory
            .accounts
            .iter()
            .map(|a| Caller {
                account: a.account_id.clone(),
                caller_arn: a.caller_arn.clone(),
            })
            .collect(),
        regions: report.regions.clone(),
        started_at: report.started_at,
        finished_at: report.finished_at,
        files: files
            .iter()
            .map(|(path, bytes)| FileEntry {
                path: path.clone(),
                sha256: sha256_hex(bytes),
                bytes: bytes.len() as u64,
            })
            .collect(),
    };
    let manifest_bytes = pretty(&manifest)?;
    let digest = sha256_hex(&manifest_bytes);

    let cannot = |what: &Path, e: std::io::Error| {
        AuditError::Io(format!(
            "cannot write the evidence bundle {}: {e}",
            what.display()
        ))
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| cannot(&parent, e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "evidence".into());
    let staging = parent.join(format!(".{name}.posture-{}.tmp", std::process::id()));
    let result = (|| {
        for (path, bytes) in files
            .iter()
            .chain([&(MANIFEST.to_string(), manifest_bytes)])
        {
            let target = staging.join(path);
            if let Some(p) = target.parent() {
                std::fs::create_dir_all(p).map_err(|e| cannot(p, e))?;
            }
            std::fs::write(&target, bytes).map_err(|e| cannot(&target, e))?;
        }
        replace_dir(&staging, dir).map_err(|e| cannot(dir, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result.map(|()| digest)
}

/// Move `staging` to `dir`; an existing `dir` (empty, or `--force`) is moved
/// aside first and removed only once the new bundle is in place.
fn replace_dir(staging: &Path, dir: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(dir).is_err() {
        return std::fs::rename(staging, dir);
    }
    let aside = staging.with_extension("old");
    std::fs::rename(dir, &aside)?;
    if let Err(e) = std::fs::rename(staging, dir) {
        let _ = std::fs::rename(&aside, dir);
        return Err(e);
    }
    std::fs::remove_dir_all(&aside)
}

/// What `posture verify` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verification {
    pub verified: usize,
    pub changed: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    /// The SHA-256 of `manifest.json` as it is on disk.
    pub manifest_sha256: String,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Re-hash every file of the bundle in `dir` against its manifest.
pub fn verify(dir: &Path) -> Result<Verification, AuditError> {
    let bad = |why: String| AuditError::Usage(format!("{}: {why}", dir.display()));
    let manifest_path = dir.join(MANIFEST);
    let manifest_bytes = std::fs::read(&manifest_path).map_err(|e| {
        bad(format!(
            "cannot read {MANIFEST} ({e}); is this an evidence bundle?"
        ))
    })?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        bad(format!(
            "{MANIFEST} is not a posture evidence manifest: {e}"
        ))
    })?;
    if manifest.schema != MANIFEST_SCHEMA {
        return Err(bad(format!(
            "{MANIFEST} is a {:?} manifest; this posture reads {MANIFEST_SCHEMA}",
            manifest.schema
        )));
    }
    let mut listed = BTreeSet::new();
    for entry in &manifest.files {
        if !safe_relative(&entry.path) || entry.path == MANIFEST {
            return Err(bad(format!(
                "{MANIFEST} names {:?}, which is not a file inside the bundle",
                entry.path
            )));
        }
        listed.insert(entry.path.clone());
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found).map_err(|e| bad(format!("cannot read the bundle: {e}")))?;
    let mut v = Verification {
        manifest_sha256: sha256_hex(&manifest_bytes),
        ..Verification::default()
    };
    for entry in &manifest.files {
        let path = dir.join(&entry.path);
        match std::fs::symlink_metadata(&path) {
            Err(_) => v.missing.push(entry.path.clone()),
            Ok(meta) if !meta.is_file() => v.changed.push(entry.path.clone()),
            Ok(_) => match std::fs::read(&path) {
                Ok(bytes) if sha256_hex(&bytes) == entry.sha256 => v.verified += 1,
                _ => v.changed.push(entry.path.clone()),
            },
        }
    }
    v.extra = found
        .into_iter()
        .filter(|p| p != MANIFEST && !listed.contains(p))
        .collect();
    Ok(v)
}

/// A relative path that stays inside the bundle.
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Every entry under `dir` that is not a directory, relative, `/`-separated.
fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(root, &path, found)?;
        } else {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            found.push(
                relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("posture-evidence-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn bundle(dir: &Path) -> String {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/startup.inventory.json");
        let inventory = crate::commands::load_snapshot(&path).unwrap();
        let report = crate::report::testing::fixture("startup");
        write(dir, &report, &inventory).unwrap()
    }

    #[test]
    fn a_written_bundle_verifies_and_every_tampering_is_named() {
        let root = temp("tamper");
        let dir = root.join("bundle");
        let digest = bundle(&dir);
        let v = verify(&dir).unwrap();
        assert!(v.ok(), "{v:?}");
        assert_eq!(v.manifest_sha256, digest);
        assert!(v.verified >= 12, "{v:?}");

        std::fs::write(dir.join("report.json"), "{}").unwrap();
        std::fs::remove_file(dir.join("compliance/cis.json")).unwrap();
        std::fs::write(dir.join("notes.txt"), "added").unwrap();
        let v = verify(&dir).unwrap();
        assert!(!v.ok());
        assert_eq!(v.changed, ["report.json"]);
        assert_eq!(v.missing, ["compliance/cis.json"]);
        assert_eq!(v.extra, ["notes.txt"]);
        std::fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn the_matrix_names_every_resource_of_every_control() {
        let report = crate::report::testing::fixture("startup");
        let ran: Vec<&str> = catalog_ids().collect();
        let matrix = Matrix::new(Framework::Soc2, &report.findings, &ran);
        let cc61 = matrix
            .controls
            .iter()
            .find(|c| c.id == "CC6.1")
            .expect("CC6.1");
        assert_eq!(cc61.status, ControlState::Fail);
        let resources: usize = cc61.checks.iter().map(|c| c.resources.len()).sum();
        let expected = report
            .findings
            .iter()
            .filter(|f| {
                f.controls
                    .get(&Framework::Soc2)
                    .is_some_and(|c| c.iter().any(|c| c == "CC6.1"))
            })
            .count();
        assert_eq!(resources, expected);
        assert!(
            !cc61.manual.is_empty(),
            "CC6.1 has manual controls behind it"
        );

        let csv = String::from_utf8(matrix.csv().unwrap()).unwrap();
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let cc61_rows = rows.iter().filter(|r| &r[0] == "CC6.1").count();
        assert_eq!(cc61_rows, resources + cc61.manual.len());
        assert!(rows.iter().all(|r| r.len() == 10));
    }

    #[test]
    fn a_non_empty_directory_is_refused_unless_forced_and_force_replaces_it() {
        let dir = temp("force");
        assert!(check_target(&dir, false).is_ok(), "absent");
        std::fs::create_dir_all(&dir).unwrap();
        assert!(check_target(&dir, false).is_ok(), "empty");
        std::fs::write(dir.join("old.txt"), "x").unwrap();
        let err = check_target(&dir, false).unwrap_err();
        assert!(
            err.contains("exists and is not empty: pass --force"),
            "{err}"
        );
        assert!(check_target(&dir, true).is_ok());
        bundle(&dir);
        assert!(
            !dir.join("old.txt").exists(),
            "--force replaces the directory"
        );
        assert!(verify(&dir).unwrap().ok());
        let file = dir.join("report.json");
        assert!(
            check_target(&file, true)
                .unwrap_err()
                .contains("not a directory")
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_hostile_or_foreign_manifest_is_an_error_not_a_pass() {
        let dir = temp("hostile");
        std::fs::create_dir_all(&dir).unwrap();
        let err = verify(&dir).unwrap_err().to_string();
        assert!(err.contains("cannot read manifest.json"), "{err}");
        let manifest = |files: &str, schema: &str| {
            format!(
                r#"{{"schema":"{schema}","tool":{{"name":"posture","version":"0"}},"accounts":[],"regions":[],"started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:00Z","files":{files}}}"#
            )
        };
        for (files, schema, expected) in [
            (
                r#"[{"path":"../etc/passwd","sha256":"x","bytes":1}]"#,
                MANIFEST_SCHEMA,
                "not a file inside the bundle",
            ),
            (
                r#"[{"path":"/etc/passwd","sha256":"x","bytes":1}]"#,
                MANIFEST_SCHEMA,
                "not a file inside the bundle",
            ),
            (
                r#"[{"path":"manifest.json","sha256":"x","bytes":1}]"#,
                MANIFEST_SCHEMA,
                "not a file inside the bundle",
            ),
            ("[]", "posture.evidence/v0", "this posture reads"),
            ("7", MANIFEST_SCHEMA, "not a posture evidence manifest"),
        ] {
            std::fs::write(dir.join(MANIFEST), manifest(files, schema)).unwrap();
            let err = verify(&dir).unwrap_err().to_string();
            assert!(err.contains(expected), "{files}: {err}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
