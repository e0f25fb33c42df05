//! The fixture accounts' Terraform kits (tests/fixtures/terraform/): their
//! states and resource blocks match one to one, and an audit of each
//! recorded account with both states and its kit names, for every finding,
//! the block that made its resource (or says none did, for the reason
//! tests/terraform_kit/expect.rs gives); the failing ones of startup are
//! pinned in tests/expected/startup.terraform.tsv. tests/emulator.rs checks
//! the same of the live accounts.

mod common;
#[path = "terraform_kit/expect.rs"]
mod expect;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{posture_cmd, stderr, stdout};
use serde_json::Value;

/// `posture audit` of a recorded account with the kit's arguments.
fn audit(kit: &str, format: &str) -> (String, String) {
    let out = posture_cmd()
        .args(["audit", "--from-snapshot"])
        .arg(common::fixture(kit))
        .args(["--fail-on", "never", "--format", format])
        .args(expect::args(kit))
        .output()
        .expect("posture runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{kit} {format}: {}",
        stderr(&out)
    );
    (stdout(&out), stderr(&out))
}

fn report(kit: &str) -> Value {
    let (out, err) = audit(kit, "json");
    // Every file of the kit parses and every module is local: no warning.
    assert!(!err.contains("posture: warning"), "{kit}: {err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn every_startup_finding_names_its_resource_block_or_why_none() {
    let report = report("startup");
    let rows = expect::check_findings("startup", &report, common::STARTUP);
    expect::assert_pinned("startup", &rows);
}

#[test]
fn every_hardened_finding_names_its_resource_block_or_why_none() {
    let report = report("hardened");
    let rows = expect::check_findings("hardened", &report, common::HARDENED);
    assert!(rows.is_empty(), "hardened fails: {rows:#?}");
}

#[test]
fn sarif_and_the_table_place_startup_findings_on_the_same_lines() {
    let report = report("startup");
    let (sarif, _) = audit("startup", "sarif");
    expect::check_sarif(
        &serde_json::from_str(&sarif).unwrap(),
        &report,
        common::STARTUP,
    );
    let (table, _) = audit("startup", "table");
    expect::check_table(&table, &report, common::STARTUP);
}

#[test]
fn the_states_secret_string_reaches_no_output() {
    let state = std::fs::read_to_string(expect::state_path("startup")).unwrap();
    assert!(
        state.contains(expect::CANARY),
        "the startup state lost its canary"
    );
    for format in [
        "json",
        "table",
        "table-wide",
        "sarif",
        "ocsf",
        "asff",
        "junit",
        "csv",
        "html",
    ] {
        let (out, err) = audit("startup", format);
        expect::no_canary(&[(format, &out), ("stderr", &err)]);
    }
}

/// How a block is repeated: not, by `count` (number keys) or `for_each`
/// (string keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    Once,
    Count,
    ForEach,
}

fn repeat(body: &hcl::Body) -> Repeat {
    let has = |key: &str| body.attributes().any(|a| a.key() == key);
    match (has("count"), has("for_each")) {
        (true, _) => Repeat::Count,
        (_, true) => Repeat::ForEach,
        _ => Repeat::Once,
    }
}

/// Every resource and data block of the module in `dir` and of the local
/// modules it calls: by (module calls, `data.`-prefixed type, name), with
/// the repetition of each call on the way and of the block itself.
fn blocks(
    kit: &Path,
    dir: &Path,
    calls: &[(String, Repeat)],
    out: &mut BTreeMap<String, Vec<Repeat>>,
) {
    let mut files: Vec<_> = std::fs::read_dir(kit.join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tf"))
        .collect();
    files.sort();
    for path in files {
        let body = hcl::parse(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
            match (block.identifier(), labels.as_slice()) {
                (kind @ ("resource" | "data"), [type_, name]) => {
                    let prefix: String =
                        calls.iter().map(|(c, _)| format!("module.{c}.")).collect();
                    let data = if kind == "data" { "data." } else { "" };
                    let mut repeats: Vec<Repeat> = calls.iter().map(|(_, r)| *r).collect();
                    repeats.push(repeat(block.body()));
                    out.insert(format!("{prefix}{data}{type_}.{name}"), repeats);
                }
                ("module", [name]) => {
                    let source = block
                        .body()
                        .attributes()
                        .find(|a| a.key() == "source")
                        .and_then(|a| match a.expr() {
                            hcl::Expression::String(s) => Some(s.clone()),
                            _ => None,
                        })
                        .unwrap_or_else(|| panic!("module {name} has no literal source"));
                    assert!(
                        source.starts_with("./"),
                        "module {name}: {source} is not local"
                    );
                    let mut inner = calls.to_vec();
                    inner.push((name.to_string(), repeat(block.body())));
                    blocks(kit, &dir.join(source.trim_start_matches("./")), &inner, out);
                }
                _ => {}
            }
        }
    }
}

/// An instance address split into its blocks' path and the key of each
/// module call and of the resource: `module.a["k"].aws_x.n[0]` ->
/// ("module.a.aws_x.n", [Some("k"), Some(0)]).
fn split_keys(address: &str) -> (String, Vec<Option<Value>>) {
    let mut segments: Vec<(&str, Option<Value>)> = Vec::new();
    let mut rest = address;
    loop {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let name = &rest[..end];
        rest = &rest[end..];
        let mut key = None;
        if let Some(inside) = rest.strip_prefix('[') {
            // The key: a JSON string (with escapes) or a number, then `]`.
            let mut close = 0;
            let mut quoted = false;
            let mut escaped = false;
            for (i, c) in inside.char_indices() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if quoted => escaped = true,
                    '"' => quoted = !quoted,
                    ']' if !quoted => {
                        close = i;
                        break;
                    }
                    _ => {}
                }
            }
            key = Some(
                serde_json::from_str(&inside[..close]).unwrap_or_else(|e| panic!("{address}: {e}")),
            );
            rest = &inside[close + 1..];
        }
        segments.push((name, key));
        match rest.strip_prefix('.') {
            Some(after) => rest = after,
            None => break,
        }
    }
    let bare = segments
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(".");
    let mut keys = Vec::new();
    let mut i = 0;
    while segments[i].0 == "module" {
        keys.push(segments[i + 1].1.clone());
        i += 2;
    }
    keys.push(segments.last().unwrap().1.clone());
    (bare, keys)
}

#[test]
fn each_state_holds_exactly_the_blocks_of_its_kit() {
    for kit in ["startup", "hardened"] {
        let dir = expect::kit_dir(kit);
        let mut declared = BTreeMap::new();
        blocks(&dir, Path::new(""), &[], &mut declared);
        let mut seen = BTreeSet::new();
        let mut problems = Vec::new();
        for address in expect::instances(kit).keys() {
            let (bare, keys) = split_keys(address);
            let Some(repeats) = declared.get(&bare) else {
                problems.push(format!("{address}: no block {bare} in the kit"));
                continue;
            };
            seen.insert(bare.clone());
            if keys.len() != repeats.len() {
                problems.push(format!("{address}: keys {keys:?} for {repeats:?}"));
                continue;
            }
            for (key, repeat) in keys.iter().zip(repeats) {
                let fits = matches!(
                    (repeat, key),
                    (Repeat::Once, None)
                        | (Repeat::Count, Some(Value::Number(_)))
                        | (Repeat::ForEach, Some(Value::String(_)))
                );
                if !fits {
                    problems.push(format!(
                        "{address}: key {key:?} where the kit has {repeat:?}"
                    ));
                }
            }
        }
        for bare in declared.keys() {
            if !seen.contains(bare) {
                problems.push(format!(
                    "{bare}: a block of the kit no instance of the state has"
                ));
            }
        }
        assert!(problems.is_empty(), "{kit}:\n{}", problems.join("\n"));
        // Both kinds of keys, and a module called with for_each, occur.
        let all: Vec<Vec<Repeat>> = declared.values().cloned().collect();
        assert!(
            all.iter().any(|r| r.last() == Some(&Repeat::Count)),
            "{kit}: no count"
        );
        assert!(
            all.iter().any(|r| r.last() == Some(&Repeat::ForEach)),
            "{kit}: no for_each"
        );
        assert!(all.iter().any(|r| r.len() > 1), "{kit}: no module");
    }
}
