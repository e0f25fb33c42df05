//! The dev-dependencies turn on no feature of a crate the binary uses: if one
//! did, `cargo test` after `cargo build` (the demo) would compile the AWS SDK
//! crates a second time, with another feature set.

use std::collections::BTreeSet;
use std::process::Command;

/// `name version [features]` of every crate in the tree of these edge kinds.
fn tree(edges: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "--locked", "--offline", "--prefix", "none"])
        .args(["-e", edges, "-f", "{p} [{f}]"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim_end_matches(" (*)").to_string())
        .collect()
}

#[test]
fn dev_dependencies_change_no_feature_of_a_normal_dependency() {
    let normal = tree("normal,build");
    let with_dev = tree("normal,build,dev");
    let crate_of = |line: &str| line.split(" [").next().unwrap_or(line).to_string();
    let normal_crates: BTreeSet<String> = normal.iter().map(|l| crate_of(l)).collect();
    // A crate of the normal tree that shows up with other features.
    let changed: Vec<&String> = with_dev
        .iter()
        .filter(|l| normal_crates.contains(&crate_of(l)) && !normal.contains(*l))
        .collect();
    assert!(
        changed.is_empty(),
        "dev-dependencies turn on features of normal dependencies; add them to [dependencies]: {changed:#?}"
    );
    assert!(normal.len() > 100, "the tree is too small to be real");
}
