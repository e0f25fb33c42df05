//! The emulator for integration tests: started on a free loopback port from
//! `localstack/emulator.sh`, seeded, and stopped by its PID when dropped.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const STARTUP: &str = "111111111111";
pub const HARDENED: &str = "222222222222";

/// A recorded fixture account's inventory: `tests/fixtures/<name>.inventory.json`.
pub fn fixture(name: &str) -> PathBuf {
    repo()
        .join("tests/fixtures")
        .join(format!("{name}.inventory.json"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Emulator {
    pub endpoint: String,
    state_dir: PathBuf,
    /// The seeded organization's account ids by name (`management`,
    /// `workloads`, `sandbox`, `retired`), as seed.py printed them (seed.json).
    pub organization: std::collections::BTreeMap<String, String>,
}

fn script(args: &[&str], state_dir: &Path) -> Output {
    Command::new("bash")
        .arg(repo().join("localstack/emulator.sh"))
        .args(args)
        .env("POSTURE_EMULATOR_DIR", state_dir)
        .output()
        .expect("bash runs")
}

impl Emulator {
    /// Start and seed a private emulator for this test binary.
    pub fn start() -> Emulator {
        let state_dir =
            std::env::temp_dir().join(format!("posture-emulator-{}", std::process::id()));
        std::fs::create_dir_all(&state_dir).expect("state dir");
        let out = script(&["start"], &state_dir);
        assert!(
            out.status.success(),
            "emulator did not start:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let endpoint = String::from_utf8_lossy(&out.stdout)
            .trim()
            .lines()
            .last()
            .unwrap_or_default()
            .to_string();
        assert!(
            endpoint.starts_with("http://127.0.0.1:"),
            "unexpected endpoint {endpoint:?}"
        );
        let mut emulator = Emulator {
            endpoint,
            state_dir,
            organization: Default::default(),
        };
        let seeded = script(&["seed", &emulator.endpoint], &emulator.state_dir);
        assert!(
            seeded.status.success(),
            "seeding failed:\n{}\n{}",
            String::from_utf8_lossy(&seeded.stdout),
            String::from_utf8_lossy(&seeded.stderr)
        );
        let printed = std::fs::read_to_string(emulator.state_dir.join("seed.json"))
            .unwrap_or_else(|e| panic!("seed.json: {e}"));
        let summary: serde_json::Value = printed
            .lines()
            .rev()
            .find_map(|l| serde_json::from_str(l).ok())
            .unwrap_or_else(|| panic!("seed.py printed no JSON summary: {printed}"));
        emulator.organization = serde_json::from_value(summary["organization"].clone())
            .unwrap_or_else(|e| panic!("seed.py's organization ({e}): {printed}"));
        emulator
    }

    /// `posture` with the emulator's endpoint and test credentials.
    pub fn posture(&self, args: &[&str]) -> Output {
        let mut cmd = posture_cmd();
        cmd.args(args);
        if args.first() == Some(&"audit") {
            cmd.args(["--endpoint-url", &self.endpoint]);
        }
        cmd.output().expect("posture runs")
    }

    /// POST a fault to the emulator (see localstack/README.md, `/_fixture/fault`).
    pub fn fault(&self, body: &str) {
        let out = Command::new("python3")
            .args([
                "-c",
                "import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method='POST'))",
                &format!("{}/_fixture/fault", self.endpoint),
                body,
            ])
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "fault {body}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Run `localstack/drift.py ACTION` (apply or revert) against this emulator.
    pub fn drift(&self, action: &str) {
        let out = Command::new(python())
            .arg(repo().join("localstack/drift.py"))
            .args(["--endpoint", &self.endpoint, action])
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "drift.py {action}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// localstack/proxy.py in front of this emulator, recording every
    /// request to `record` (one JSON line each); stopped by its PID on drop.
    pub fn recording_proxy(&self, record: &Path) -> Proxy {
        self.proxy(record, &[])
    }

    /// The recording proxy with more of proxy.py's options (`--fault-rate`, …).
    pub fn proxy(&self, record: &Path, options: &[&str]) -> Proxy {
        use std::io::BufRead;
        let mut child = Command::new(python())
            .arg(repo().join("localstack/proxy.py"))
            .args(["--upstream", &self.endpoint, "--record"])
            .arg(record)
            .args(options)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("proxy.py starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("proxy.py's stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("proxy.py prints its URL");
        let url = line.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "proxy.py said {url:?}"
        );
        Proxy { url, child }
    }

    pub fn role(account: &str) -> String {
        format!("arn:aws:iam::{account}:role/posture-audit")
    }
}

/// A running localstack/proxy.py.
pub struct Proxy {
    pub url: String,
    child: std::process::Child,
}

impl Proxy {
    /// `posture audit ARGS` through this proxy.
    pub fn audit(&self, args: &[&str]) -> Output {
        posture_cmd()
            .arg("audit")
            .args(args)
            .args(["--endpoint-url", &self.url])
            .output()
            .expect("posture runs")
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = script(&["stop"], &self.state_dir);
        let _ = std::fs::remove_dir_all(&self.state_dir);
    }
}

/// The binary with a clean, emulator-only environment.
pub fn posture_cmd() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_posture"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("NO_COLOR", "1");
    cmd
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The Python of `localstack/.venv` (created on first use by
/// `localstack/emulator.sh install`), which has the schema validator.
pub fn python() -> PathBuf {
    static INSTALLED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let out = Command::new("bash")
                .arg(repo().join("localstack/emulator.sh"))
                .arg("install")
                .output()
                .expect("bash runs");
            assert!(
                out.status.success(),
                "emulator.sh install: {}",
                stderr(&out)
            );
            repo().join("localstack/.venv/bin/python")
        })
        .clone()
}

/// Every instance checked against the schema in `tests/data/schemas/`, by the
/// validator of the draft the schema names; the errors, if any, one a line.
pub fn validate(schema: &str, instances: &[&serde_json::Value]) -> Result<(), String> {
    const SCRIPT: &str = r#"
import json, sys
from jsonschema.validators import validator_for
with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
cls = validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)
errors = [
    f"{i}: /{'/'.join(map(str, e.absolute_path))}: {e.message}"
    for i, instance in enumerate(json.load(sys.stdin))
    for e in validator.iter_errors(instance)
]
print(cls.__name__, len(errors))
print("\n".join(errors[:20]))
sys.exit(1 if errors else 0)
"#;
    let path = repo().join("tests/data/schemas").join(schema);
    let mut child = std::process::Command::new(python())
        .args(["-c", SCRIPT])
        .arg(&path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    let input = serde_json::to_vec(instances).expect("instances serialize");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("instances written");
    let out = child.wait_with_output().expect("python finishes");
    let text = format!("{}{}", stdout(&out), stderr(&out));
    match out.status.code() {
        Some(0) => Ok(()),
        Some(1) if !text.contains("Traceback") => Err(text),
        _ => panic!("the validator did not run: {text}"),
    }
}
