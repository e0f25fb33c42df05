//! The HTML report in a real browser: headless Chromium opens the page that
//! `posture audit --format html` wrote for a fixture account, and the tests
//! read the DOM after the page's script ran (`--dump-dom`) and a screenshot.
//! The script runs only if the page's Content-Security-Policy admits it by
//! its hash, so a page that shows its rows also proves the policy right.
//!
//! Chromium is required: CI installs Debian's `chromium` in `.ci/run`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{posture_cmd, stderr, stdout};
use serde_json::Value;

const PAGE: usize = 200;

fn browser() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "no Chromium on PATH (looked for chromium, chromium-browser, google-chrome): \
         the HTML report is tested in a real browser; install it with \
         `apt-get install chromium` (.ci/run does so on CI)"
    );
}

/// A directory of this test binary's own, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(label: &str) -> Scratch {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("posture-html-{}-{label}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn audit(name: &str, format: &str) -> String {
    let snapshot = common::fixture(name);
    let out = posture_cmd()
        .args(["audit", "--from-snapshot"])
        .arg(&snapshot)
        .args(["--fail-on", "never", "--format", format])
        .output()
        .expect("posture runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

fn report(name: &str) -> Value {
    serde_json::from_str(&audit(name, "json")).expect("JSON report")
}

/// The page of fixture `name`, written where the browser can open it.
struct Page {
    dir: Scratch,
    file: PathBuf,
}

fn page(name: &str) -> Page {
    let dir = Scratch::new(name);
    let file = dir.0.join("report.html");
    std::fs::write(&file, audit(name, "html")).expect("write page");
    Page { dir, file }
}

fn url(file: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", file.display())
}

/// One browser at a time: two cores, and a run that waits for another
/// would only risk its timeout.
static BROWSER: Mutex<()> = Mutex::new(());

/// Headless Chromium with `args`, its stdout; killed if it hangs.
fn chromium(scratch: &Path, args: &[&str]) -> String {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let profile = scratch.join(format!("profile-{}", args.len()));
    let out_file = scratch.join("chromium.out");
    let err_file = scratch.join("chromium.err");
    let mut child = {
        use std::os::unix::process::CommandExt;
        Command::new(browser())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-dev-shm-usage",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(args)
            .env("HOME", scratch)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_file).expect("stdout file"))
            .stderr(std::fs::File::create(&err_file).expect("stderr file"))
            // Its own process group, so a hung run is killed with its children.
            .process_group(0)
            .spawn()
            .expect("chromium starts")
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!("chromium hung for 120 s: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let err = std::fs::read_to_string(&err_file).unwrap_or_default();
    assert!(status.success(), "chromium {args:?} failed: {err}");
    std::fs::read_to_string(&out_file).expect("chromium output")
}

fn dump(page: &Page, fragment: &str) -> String {
    let dom = chromium(&page.dir.0, &["--dump-dom", &url(&page.file, fragment)]);
    assert!(dom.contains("</html>"), "no DOM dumped: {dom:.300}");
    dom
}

/// The value of attribute `name` on the element whose tag starts with `open`.
fn attr(dom: &str, open: &str, name: &str) -> Option<String> {
    let start = dom.find(open)?;
    let tag = &dom[start..start + dom[start..].find('>')?];
    let marker = format!(" {name}=\"");
    let from = tag.find(&marker)? + marker.len();
    Some(tag[from..from + tag[from..].find('"')?].to_string())
}

fn count_attr(dom: &str, name: &str) -> usize {
    attr(dom, "<table class=\"findings\"", name)
        .unwrap_or_else(|| panic!("the table has no {name}: the script did not run"))
        .parse()
        .expect("a number")
}

fn rows(dom: &str) -> usize {
    dom.matches("<tr class=\"finding ").count()
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().expect("findings")
}

/// The findings a filter should show, counted from the JSON report.
fn expected(report: &Value, keep: impl Fn(&Value) -> bool) -> usize {
    findings(report).iter().filter(|f| keep(f)).count()
}

/// Asserts the page shows exactly `n` matching findings, the first page of them.
fn assert_shows(dom: &str, n: usize, what: &str) {
    assert_eq!(count_attr(dom, "data-matching"), n, "{what}: matching");
    assert_eq!(count_attr(dom, "data-shown"), n.min(PAGE), "{what}: shown");
    assert_eq!(rows(dom), n.min(PAGE), "{what}: rows in the DOM");
}

#[test]
fn the_startup_page_after_its_script_ran() {
    let report = report("startup");
    let page = page("startup");
    let dom = dump(&page, "");
    assert_eq!(attr(&dom, "<html", "data-ready").as_deref(), Some("true"));
    // The inline stylesheet, too, was admitted by the policy.
    assert_eq!(
        attr(&dom, "<html", "data-style").as_deref(),
        Some("applied")
    );

    assert!(dom.contains("<strong>Below baseline</strong>"));
    let score = report["score"]["overall"].as_u64().unwrap();
    assert!(dom.contains(&format!("<strong>{score}<small>/100</small></strong>")));
    let areas = report["score"]["areas"].as_object().unwrap();
    assert_eq!(dom.matches("<rect class=\"bar ").count(), areas.len());
    for (area, score) in areas {
        assert!(dom.contains(&format!("data-area=\"{area}\" data-score=\"{score}\"")));
    }

    let all = findings(&report);
    assert_eq!(count_attr(&dom, "data-total"), all.len());
    assert!(all.len() > PAGE, "the fixture fills more than a page");
    assert_shows(&dom, all.len(), "no filter");
    assert!(dom.contains(&format!(
        "Show {} more ({} not shown)",
        (all.len() - PAGE).min(PAGE),
        all.len() - PAGE
    )));
    // Worst first: the first row is the report's first finding.
    let first = &dom[dom.find("<tr class=\"finding ").unwrap()..];
    let first = &first[..first.find("</tr>").unwrap()];
    assert!(first.contains("<span class=\"badge st-fail\">fail</span>"));
    assert!(first.contains(&format!(
        "<code>{}</code>",
        all[0]["check"].as_str().unwrap()
    )));
    // The filters, with the counts of the report.
    let fail = expected(&report, |f| f["status"] == "fail");
    assert!(dom.contains(&format!("<option value=\"fail\">fail ({fail})</option>")));
    assert_eq!(attr(&dom, "<form class=\"filters\"", "hidden"), None);
}

#[test]
fn the_fragment_filters_the_table() {
    let report = report("startup");
    let page = page("startup");
    let checks: Value = serde_json::from_str(&{
        let out = posture_cmd()
            .args(["checks", "--format", "json"])
            .output()
            .expect("posture runs");
        stdout(&out)
    })
    .expect("checks JSON");
    let area_of = |check: &str| -> String {
        checks
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == check)
            .map(|c| c["area"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let account = report["accounts"][0].as_str().unwrap().to_string();
    // A resource-name fragment several findings share, in another case.
    let term = "ADMIN";
    let cases: Vec<(&str, String, usize)> = vec![
        (
            "fail, critical",
            "#status=fail&severity=critical".into(),
            expected(&report, |f| {
                f["status"] == "fail" && f["severity"] == "critical"
            }),
        ),
        (
            "network failures",
            "#area=network&status=fail".into(),
            expected(&report, |f| {
                f["status"] == "fail" && area_of(f["check"].as_str().unwrap()) == "network"
            }),
        ),
        (
            "open in the account",
            format!("#account={account}&status=open"),
            expected(&report, |f| {
                f["account"] == account.as_str()
                    && (f["status"] == "fail" || f["status"] == "unknown")
            }),
        ),
        (
            "search",
            format!("#q={term}"),
            expected(&report, |f| {
                ["resource_name", "resource", "check"].iter().any(|k| {
                    f[k].as_str()
                        .unwrap()
                        .to_lowercase()
                        .contains(&term.to_lowercase())
                })
            }),
        ),
        (
            "one check",
            "#check=sg-admin-ports-from-internet&status=fail".into(),
            expected(&report, |f| {
                f["check"] == "sg-admin-ports-from-internet" && f["status"] == "fail"
            }),
        ),
    ];
    for (what, fragment, n) in cases {
        assert!(n > 0, "{what}: the fixture has such findings");
        let dom = dump(&page, &fragment);
        assert_shows(&dom, n, what);
        assert!(dom.contains("matching findings"), "{what}: the count line");
    }
    // A value no option has is dropped rather than showing an empty table.
    let dom = dump(&page, "#severity=bogus&status=pass");
    assert_shows(
        &dom,
        expected(&report, |f| f["status"] == "pass"),
        "bogus severity",
    );
}

#[test]
fn the_hardened_page_has_nothing_failing() {
    let report = report("hardened");
    let page = page("hardened");
    let tier = match report["tier"].as_str().unwrap() {
        "enterprise-grade" => "Enterprise-Grade",
        "startup-ready" => "Startup-Ready",
        other => panic!("hardened is {other}"),
    };
    let dom = dump(&page, "#status=fail");
    assert!(dom.contains(&format!("<strong>{tier}</strong>")));
    assert_shows(&dom, 0, "hardened failures");
    assert!(dom.contains("No finding matches these filters."));
    assert_eq!(attr(&dom, "<html", "data-ready").as_deref(), Some("true"));
}

/// The page with one character of its script changed: the policy names the
/// script by hash, so Chromium refuses to run it. That proves the policy is
/// in force, and shows the page as a browser without script does: everything
/// but the findings table is there, and no control that could not work.
#[test]
fn a_script_the_policy_does_not_name_does_not_run() {
    let page = page("startup");
    let html = std::fs::read_to_string(&page.file).unwrap();
    let end = html.rfind("</script>").expect("the script");
    let tampered = format!("{} {}", &html[..end], &html[end..]);
    std::fs::write(&page.file, tampered).unwrap();
    let dom = dump(&page, "");
    assert_eq!(attr(&dom, "<html", "data-ready"), None, "the script ran");
    assert_eq!(rows(&dom), 0);
    assert!(attr(&dom, "<form class=\"filters\"", "hidden").is_some());
    assert!(dom.contains("<strong>Below baseline</strong>"));
    assert!(dom.contains("<rect class=\"bar "));
    assert!(dom.contains("<ol class=\"steps\">"));
    assert!(dom.contains("The findings table is built by the page"));
}

/// Text as the DOM serializer writes it.
fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// A row opens to the finding's evidence, fix and controls. Headless
/// Chromium has no mouse, so a second inline script clicks the first row;
/// this copy's policy admits inline scripts for it.
#[test]
fn a_clicked_row_opens_to_its_evidence() {
    let report = report("startup");
    let page = page("startup");
    let html = std::fs::read_to_string(&page.file).unwrap();
    let start = html
        .find("script-src &#39;sha256-")
        .expect("the script's hash");
    let end = start + html[start..].find("; ").unwrap();
    let html = format!(
        "{}script-src &#39;unsafe-inline&#39;{}",
        &html[..start],
        &html[end..]
    )
    .replace(
        "</body>",
        "<script>document.querySelector('tr.finding').click()</script></body>",
    );
    std::fs::write(&page.file, html).unwrap();
    let dom = dump(&page, "");
    let at = dom.find("<tr class=\"detail\">").expect("an open row");
    let detail = &dom[at..at + dom[at..].find("</tr>").unwrap()];
    assert_eq!(dom.matches("<tr class=\"detail\">").count(), 1);
    let first = &findings(&report)[0];
    for (key, value) in first["evidence"].as_object().unwrap() {
        let pair = format!(
            "<dt>{}</dt><dd>{}</dd>",
            text(key),
            text(value.as_str().unwrap())
        );
        assert!(detail.contains(&pair), "no evidence {pair} in {detail}");
    }
    assert!(detail.contains(&format!("<dd>{}</dd>", first["id"].as_str().unwrap())));
    assert!(detail.contains("<dt>Fix</dt>"));
    let soc2 = first["controls"]["soc2"][0].as_str().unwrap();
    assert!(detail.contains(&format!("SOC 2 {soc2}")));
    assert!(dom.contains("aria-expanded=\"true\""));
}

/// The PNG's width and height, from its IHDR chunk (PNG spec §11.2.2).
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn the_screenshot_is_not_blank() {
    let page = page("startup");
    let blank = page.dir.0.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let shot = |target: &Path, png: &str| -> Vec<u8> {
        let file = page.dir.0.join(png);
        chromium(
            &page.dir.0,
            &[
                "--hide-scrollbars",
                "--window-size=1280,1600",
                &format!("--screenshot={}", file.display()),
                &url(target, ""),
            ],
        );
        std::fs::read(&file).expect("screenshot written")
    };
    let report = shot(&page.file, "report.png");
    let empty = shot(&blank, "blank.png");
    assert_eq!(png_size(&report), (1280, 1600));
    assert_eq!(png_size(&empty), (1280, 1600));
    // A blank page compresses to almost nothing; text, badges and the chart
    // do not.
    assert!(
        report.len() > 20 * empty.len(),
        "the report's screenshot ({} bytes) is not much more than a blank page's ({} bytes)",
        report.len(),
        empty.len()
    );
}
