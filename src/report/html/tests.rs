use serde_json::Value;

use super::*;
use crate::report::testing::fixture;

const DATA_OPEN: &str = "<script type=\"application/json\" id=\"data\">";

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).expect("start marker") + start.len();
    let len = text[from..].find(end).expect("end marker");
    &text[from..from + len]
}

fn blob(page: &str) -> Value {
    serde_json::from_str(between(page, DATA_OPEN, "</script>")).expect("the blob is JSON")
}

/// The page without its data blob: what the HTML parser reads as markup.
fn markup(page: &str) -> String {
    let start = page.find(DATA_OPEN).expect("blob");
    let end = start + page[start..].find("</script>").expect("blob end");
    format!("{}{}", &page[..start], &page[end..])
}

fn policy(page: &str) -> String {
    between(
        page,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"",
        "\"",
    )
    .replace("&#39;", "'")
}

const HOSTILE: &str = "</script><script>alert(1)</script>";

#[test]
fn hostile_strings_cannot_close_the_script_or_open_markup() {
    let mut report = fixture("startup");
    report.findings[0].resource_name = HOSTILE.into();
    report.findings[1].message = "<!-- <script> & --> \u{2028}\u{2029}".into();
    report.findings[2]
        .evidence
        .insert("</SCRIPT >".into(), "</script\t".into());
    report.warnings = vec!["<img src=x onerror=alert(1)>".into()];
    report.accounts = vec!["<b>1</b>".into()];
    let page = render(&report);

    // The blob, the script: two elements, two end tags, and nothing else
    // the parser could take for one or for a comment.
    assert_eq!(page.to_lowercase().matches("</script").count(), 2);
    assert!(!page.contains("<!--"));
    assert!(!page.contains('\u{2028}') && !page.contains('\u{2029}'));
    assert!(!page.contains("<img"), "markup from a warning got through");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(page.contains("&lt;b&gt;1&lt;/b&gt;"));
    // The escapes decode to the very strings of the report.
    let data = blob(&page);
    assert_eq!(data["f"][0][5], HOSTILE);
    assert_eq!(data["f"][1][8], "<!-- <script> & --> \u{2028}\u{2029}");
    assert!(
        data["evs"]
            .as_array()
            .unwrap()
            .contains(&Value::from("</script\t"))
    );
    let keys: Vec<&str> = data["ek"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(keys.contains(&"</SCRIPT >"));
}

#[test]
fn script_safe_json_is_the_same_json() {
    let value = serde_json::json!({"a": "<>&\u{2028}\u{2029}</script>", "b": ["<!--"]});
    let text = data::script_safe(&serde_json::to_string(&value).unwrap());
    assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
}

#[test]
fn base64_is_rfc_4648() {
    // RFC 4648 §10 test vectors.
    for (input, output) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(input.as_bytes()), output);
    }
    // SHA-256 of "abc" (FIPS 180-2 example), base64 as in a CSP source.
    assert_eq!(
        sha256_base64("abc"),
        "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    );
}

#[test]
fn the_policy_admits_exactly_the_inline_script_and_style() {
    let page = render(&fixture("startup"));
    let csp = policy(&page);
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    let script = page
        .rsplit("<script>")
        .next()
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let style = between(&page, "<style>", "</style>");
    assert_eq!(script, SCRIPT);
    assert!(csp.contains(&format!("script-src 'sha256-{}'", sha256_base64(script))));
    assert!(csp.contains(&format!("style-src 'sha256-{}'", sha256_base64(style))));
    // One inline script and one stylesheet: another would be refused.
    assert_eq!(markup(&page).matches("<script").count(), 1);
    assert_eq!(page.matches("<style").count(), 1);
    // The policy blocks style attributes, so the page has none.
    assert!(!markup(&page).contains(" style="));
    // Neither asset could end its own element early.
    assert!(!SCRIPT.to_lowercase().contains("</script"));
    assert!(!STYLE.to_lowercase().contains("</style"));
    assert!(SCRIPT.is_ascii());
}

#[test]
fn self_contained() {
    for name in ["startup", "hardened"] {
        let page = markup(&render(&fixture(name)));
        let lower = page.to_lowercase();
        for attr in ["src=", "href=", "action=", "srcset=", "xlink:href"] {
            for (at, _) in lower.match_indices(attr) {
                let value = lower[at + attr.len()..].trim_start_matches('"');
                assert!(
                    value.starts_with('#') || value.starts_with("data:"),
                    "{name}: {attr} loads something: {}",
                    &page[at..(at + 80).min(page.len())]
                );
            }
        }
        // Text may name a URL (a fix's example); no attribute may hold one.
        assert!(!lower.contains("=\"http") && !lower.contains("='http"));
        assert!(!lower.contains("url(") && !lower.contains("@import"));
        assert!(!STYLE.contains("http") && !SCRIPT.contains("http"));
        for api in [
            "fetch(",
            "xmlhttprequest",
            "import(",
            "websocket",
            "eventsource",
        ] {
            assert!(
                !SCRIPT.to_lowercase().contains(api),
                "the script uses {api}"
            );
        }
    }
}

#[test]
fn the_blob_holds_every_finding_in_report_order() {
    let report = fixture("startup");
    let data = blob(&render(&report));
    let rows = data["f"].as_array().unwrap();
    assert_eq!(rows.len(), report.findings.len());
    let checks = data["ck"].as_array().unwrap();
    let label = |table: &str, i: &Value| data[table][i.as_u64().unwrap() as usize].clone();
    for (row, f) in rows.iter().zip(&report.findings) {
        assert_eq!(label("st", &row[0]), f.status.to_string());
        assert_eq!(label("sv", &row[1]), f.severity.to_string());
        let check = &checks[row[2].as_u64().unwrap() as usize];
        assert_eq!(check[0], f.check.as_str());
        let meta = crate::checks::meta(&f.check).unwrap();
        assert_eq!(check[1], meta.title.as_str());
        assert_eq!(label("ar", &check[2])[0], meta.area.to_string());
        assert_eq!(label("ac", &row[3]), f.account.as_str());
        assert_eq!(label("rg", &row[4]), f.region.as_str());
        assert_eq!(row[5], f.resource_name.as_str());
        let arn = format!(
            "{}{}",
            label("rp", &row[6]).as_str().unwrap(),
            row[7].as_str().unwrap()
        );
        assert_eq!(arn, f.resource);
        assert_eq!(row[8], f.message.as_str());
        assert_eq!(row[9], f.id.as_str());
        let pairs = row[10].as_array().unwrap();
        let evidence: Vec<(String, String)> = pairs
            .chunks(2)
            .map(|p| {
                let key = label("ek", &p[0]).as_str().unwrap().to_string();
                (key, label("evs", &p[1]).as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(evidence, f.evidence.clone().into_iter().collect::<Vec<_>>());
    }
    // Each check is stated once, however many findings it has.
    let ids: std::collections::BTreeSet<&str> =
        checks.iter().filter_map(|c| c[0].as_str()).collect();
    assert_eq!(ids.len(), checks.len());
    assert!(checks.len() < rows.len() / 3);
}

#[test]
fn the_blob_is_much_smaller_than_the_findings_json() {
    let report = fixture("startup");
    let blob = data::blob(&report);
    let findings = serde_json::to_string(&report.findings).unwrap();
    assert!(
        blob.len() * 10 < findings.len() * 7,
        "blob {} bytes, findings {} bytes",
        blob.len(),
        findings.len()
    );
}

#[test]
fn suppressions_travel_by_row() {
    let mut report = fixture("startup");
    report.findings[3].status = Status::Suppressed;
    report.findings[3].suppression = Some(crate::finding::Applied {
        status: Status::Fail,
        reason: "accepted by the CISO".into(),
        expires: chrono::NaiveDate::from_ymd_opt(2031, 1, 2).unwrap(),
        owner: Some("sec@example.com".into()),
    });
    let data = blob(&render(&report));
    assert_eq!(
        data["sup"]["3"],
        serde_json::json!([
            "fail",
            "accepted by the CISO",
            "2031-01-02",
            "sec@example.com"
        ])
    );
    assert_eq!(data["sup"].as_object().unwrap().len(), 1);
}

#[test]
fn the_chart_draws_each_scored_area() {
    let report = fixture("startup");
    let page = render(&report);
    let svg = between(&page, "<svg class=\"chart\"", "</svg>");
    assert!(!report.score.areas.is_empty());
    for (area, score) in &report.score.areas {
        let bar = format!("data-area=\"{area}\" data-score=\"{score}\"");
        assert!(svg.contains(&bar), "no bar {bar}");
        let width = 400 * score / 100;
        assert!(svg.contains(&format!("{bar} x=\"150\" y=")));
        assert!(svg.contains(&format!("width=\"{width}\" height=\"20\" rx=\"3\" fill=")));
    }
    assert_eq!(
        svg.matches("class=\"bar ").count(),
        report.score.areas.len()
    );
}

#[test]
fn verdict_and_next_steps() {
    let report = fixture("startup");
    let page = render(&report);
    assert!(page.contains("<strong>Below baseline</strong>"));
    assert!(page.contains(&format!(
        "{}<small>/100</small>",
        report.score.overall.unwrap()
    )));
    let steps = between(&page, "<ol class=\"steps\">", "</ol>");
    assert_eq!(
        steps.matches("<li>").count(),
        report.verdict.next_steps.len()
    );
    for step in &report.verdict.next_steps {
        let link = format!(
            "href=\"#check={}&amp;status=fail\">{} resource",
            step.check, step.resources
        );
        assert!(steps.contains(&link), "{link}");
    }
    assert!(page.contains("Next steps to Startup-Ready"));
    assert!(page.contains(&format!(
        "<tr><td><strong>{}</strong>",
        rich(&report.manual_controls[0].title)
    )));

    let hardened = render(&fixture("hardened"));
    assert!(!hardened.contains("tier-below-baseline\""));
    assert!(!hardened.contains("<ol class=\"steps\">"));
}

#[test]
fn several_accounts_get_their_own_verdicts_and_column() {
    let mut report = fixture("startup");
    assert!(!render(&report).contains("<th scope=\"col\">Account</th>"));
    let other = fixture("hardened");
    report.accounts.extend(other.accounts.clone());
    report.by_account.extend(other.by_account.clone());
    report.findings.extend(other.findings.clone());
    let page = render(&report);
    assert!(page.contains("<th scope=\"col\">Account</th>"));
    let accounts = between(&page, "<section id=\"accounts\">", "</section>");
    assert_eq!(accounts.matches("<tr><td>").count(), 2);
    for a in &report.accounts {
        assert!(accounts.contains(&format!("<a href=\"#account={a}\">")));
    }
    assert_eq!(blob(&page)["ac"], serde_json::json!(report.accounts));
}

#[test]
fn an_empty_report_renders() {
    let mut report = fixture("hardened");
    report.findings.clear();
    report.accounts.clear();
    report.regions.clear();
    report.by_account.clear();
    report.manual_controls.clear();
    report.skipped_checks.clear();
    report.score = crate::score::score(&[]);
    report.verdict = crate::score::verdict(&[], true);
    report.tool.name = String::new();
    let page = render(&report);
    assert!(page.contains("Accounts</dt><dd>none</dd>"));
    assert!(page.contains("–</strong>"), "no score shows as a dash");
    assert_eq!(page.matches("class=\"bar ").count(), 0);
    assert!(page.contains("not judged"));
    let data = blob(&page);
    assert_eq!(data["f"], serde_json::json!([]));
    assert_eq!(data["ck"], serde_json::json!([]));
    assert!(page.ends_with("</html>\n"));
}

#[test]
fn backticks_of_catalog_text_become_code() {
    assert_eq!(
        rich("set `a<b` and `c`"),
        "set <code>a&lt;b</code> and <code>c</code>"
    );
    assert_eq!(rich("one ` alone <"), "one ` alone &lt;");
    assert_eq!(rich(""), "");
}

#[test]
fn arns_split_after_their_last_slash_or_colon() {
    assert_eq!(
        data::split_arn("arn:aws:ec2:us-east-1:1:security-group/sg-1"),
        ("arn:aws:ec2:us-east-1:1:security-group/", "sg-1")
    );
    assert_eq!(
        data::split_arn("arn:aws:iam::1:root"),
        ("arn:aws:iam::1:", "root")
    );
    assert_eq!(data::split_arn("no-arn"), ("", "no-arn"));
    assert_eq!(data::split_arn(""), ("", ""));
    // A resource id with slashes keeps only its last segment apart.
    assert_eq!(
        data::split_arn("arn:aws:s3:::b/k/"),
        ("arn:aws:s3:::b/k/", "")
    );
}
