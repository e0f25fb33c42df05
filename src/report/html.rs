//! The self-contained HTML report: what compliance hands an auditor and what
//! an engineer opens from a CI artifact. One file with its style, script and
//! data inline; a Content-Security-Policy that admits only that inline style
//! and script (by hash) so the page provably loads nothing from anywhere.
//!
//! Everything but the findings table is rendered here, so it shows without
//! JavaScript and prints; the table is built by `html/report.js` from the
//! JSON blob of `html/data.rs`, in pages of rows, with its filters.

mod data;

use std::fmt::Write;

use sha2::{Digest, Sha256};

use super::Report;
use crate::finding::{Severity, Status};
use crate::score::TierVerdict;

const SCRIPT: &str = include_str!("html/report.js");
const STYLE: &str = include_str!("html/report.css");

pub fn render(report: &Report) -> String {
    let mut page = String::with_capacity(64 * 1024 + report.findings.len() * 400);
    head(&mut page, report);
    page.push_str("<body>\n<main>\n");
    header(&mut page, report);
    verdict(&mut page, report);
    accounts(&mut page, report);
    chart(&mut page, report);
    next_steps(&mut page, report);
    findings(&mut page, report);
    compliance(&mut page, report);
    gaps(&mut page, report);
    warnings(&mut page, report);
    manual(&mut page, report);
    footer(&mut page, report);
    page.push_str("</main>\n<script type=\"application/json\" id=\"data\">");
    page.push_str(&data::blob(report));
    page.push_str("</script>\n<script>");
    page.push_str(SCRIPT);
    page.push_str("</script>\n</body>\n</html>\n");
    page
}

/// The policy of the page: nothing but its own inline style and script, named
/// by hash (CSP Level 2 `'sha256-…'` sources, the base64 of the SHA-256 of
/// the element's text); images only as `data:` URLs (the empty favicon, so a
/// browser does not fetch one). `<meta>` cannot carry `frame-ancestors`, and
/// a file opened from disk needs none.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        sha256_base64(SCRIPT),
        sha256_base64(STYLE)
    )
}

fn sha256_base64(text: &str) -> String {
    base64(&Sha256::digest(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648 §4), as CSP hash sources use it;
/// too small a need for a dependency.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Text and attribute values: the five characters HTML gives meaning to.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Catalog text marks code with backticks, as Markdown does: shown as code.
/// Text with an unpaired backtick is shown as it is.
fn rich(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return esc(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

/// A value for a `#key=value` link the script reads with URLSearchParams;
/// check ids and account ids stay readable.
fn fragment(value: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.');
    percent_encoding::utf8_percent_encode(value, KEEP).to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn tier_class(tier: TierVerdict) -> &'static str {
    match tier {
        TierVerdict::BelowBaseline => "below-baseline",
        TierVerdict::StartupReady => "startup-ready",
        TierVerdict::EnterpriseGrade => "enterprise-grade",
    }
}

fn head(page: &mut String, report: &Report) {
    let accounts = if report.accounts.is_empty() {
        "no account".to_string()
    } else {
        report.accounts.join(", ")
    };
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{} {}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>AWS hardening audit: {} ({})</title>\n<style>{STYLE}</style>\n</head>\n",
        esc(&content_security_policy()),
        esc(&report.tool.name),
        esc(&report.tool.version),
        esc(&accounts),
        report.verdict.tier,
    );
}

fn header(page: &mut String, report: &Report) {
    let accounts = if report.accounts.is_empty() {
        "none".to_string()
    } else {
        report.accounts.join(", ")
    };
    let regions = if report.regions.is_empty() {
        "none".to_string()
    } else {
        report.regions.join(", ")
    };
    let _ = write!(
        page,
        "<header>\n<p class=\"eyebrow\">AWS hardening audit · Startup-Ready / Enterprise-Grade guide</p>\n\
         <h1>Security posture report</h1>\n<dl class=\"meta\">\
         <div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div>\
         <div><dt>Audited</dt><dd><time datetime=\"{}\">{}</time></dd></div>\
         <div><dt>Collection</dt><dd>{} API calls in {:.1} s</dd></div></dl>\n</header>\n",
        if report.accounts.len() == 1 {
            "Account"
        } else {
            "Accounts"
        },
        esc(&accounts),
        if report.regions.len() == 1 {
            "Region"
        } else {
            "Regions"
        },
        esc(&regions),
        report.finished_at.to_rfc3339(),
        report.finished_at.format("%Y-%m-%d %H:%M UTC"),
        report.stats.api_calls,
        report.stats.duration_ms as f64 / 1000.0,
    );
}

fn verdict(page: &mut String, report: &Report) {
    let tier = report.verdict.tier;
    let score = match report.score.overall {
        Some(s) => format!("{s}<small>/100</small>"),
        None => "–".to_string(),
    };
    let score_note = match report.score.overall {
        Some(_) => "weighted by severity",
        None => "nothing was judged",
    };
    let _ = write!(
        page,
        "<section class=\"verdict\" aria-label=\"Verdict\">\n\
         <div class=\"tier tier-{}\" id=\"verdict\"><span class=\"label\">Verdict</span>\
         <strong>{tier}</strong><span class=\"sub\">{}</span></div>\n\
         <div class=\"figure\" id=\"score\"><span class=\"label\">Score</span><strong>{score}</strong>\
         <span class=\"sub\">{score_note}</span></div>\n\
         <div class=\"figure\"><span class=\"label\">Verified</span><strong>{}<small>%</small></strong>\
         <span class=\"sub\">of findings have a known verdict</span></div>\n<ul class=\"counts\">",
        tier_class(tier),
        match report.verdict.next_tier {
            Some(next) => format!(
                "{} to reach {next}",
                plural(report.verdict.next_steps.len(), "fix", "fixes")
            ),
            None => "the highest tier of the guide".to_string(),
        },
        report.score.verified_percent,
    );
    for status in data::STATUSES {
        let _ = write!(
            page,
            "<li class=\"st-{status}\"><a href=\"#status={status}\"><strong>{}</strong> {status}</a></li>",
            report.count(status)
        );
    }
    page.push_str("</ul>\n<ul class=\"counts severities\" aria-label=\"Failing by severity\">");
    for severity in data::SEVERITIES {
        let n = report
            .findings
            .iter()
            .filter(|f| f.status == Status::Fail && f.severity == severity)
            .count();
        let _ = write!(
            page,
            "<li class=\"sev-{severity}\"><a href=\"#status=fail&amp;severity={severity}\"><strong>{n}</strong> {severity}</a></li>"
        );
    }
    page.push_str("</ul>\n</section>\n");
}

/// Each account on its own, when the audit covered several.
fn accounts(page: &mut String, report: &Report) {
    if report.by_account.len() < 2 {
        return;
    }
    page.push_str(
        "<section id=\"accounts\">\n<h2>Accounts</h2>\n<table class=\"plain\">\
         <thead><tr><th>Account</th><th>Verdict</th><th>Score</th><th>Fixes to the next tier</th><th>Not verified</th></tr></thead><tbody>\n",
    );
    for a in &report.by_account {
        let _ = writeln!(
            page,
            "<tr><td><a href=\"#account={}\"><code>{}</code></a></td><td><span class=\"pill tier-{}\">{}</span></td>\
             <td>{}</td><td>{}</td><td>{}</td></tr>",
            fragment(&a.account),
            esc(&a.account),
            tier_class(a.tier),
            a.tier,
            a.score
                .overall
                .map(|s| format!("{s}/100"))
                .unwrap_or_else(|| "–".into()),
            a.next_steps,
            esc(&a.blocked_by_unknown.join(", ")),
        );
    }
    page.push_str("</tbody></table>\n</section>\n");
}

/// The score of each area as a bar chart, drawn here so that it shows
/// without script and prints. Colours are presentation only (the verdict is
/// the tier, not a colour): 80 and above good, 50 and above fair.
fn chart(page: &mut String, report: &Report) {
    let areas: std::collections::BTreeSet<String> = crate::checks::metas()
        .map(|m| m.area.to_string())
        .chain(report.score.areas.keys().map(|a| a.to_string()))
        .collect();
    let scores: std::collections::BTreeMap<String, u32> = report
        .score
        .areas
        .iter()
        .map(|(a, s)| (a.to_string(), *s))
        .collect();
    const LABEL: u32 = 150;
    const BAR: u32 = 400;
    const ROW: u32 = 30;
    let height = ROW * areas.len() as u32 + 8;
    let _ = write!(
        page,
        "<section id=\"areas\">\n<h2>Score per area</h2>\n\
         <svg class=\"chart\" id=\"chart\" viewBox=\"0 0 {} {height}\" role=\"img\" aria-labelledby=\"chart-title\">\
         <title id=\"chart-title\">Score per area, out of 100</title>\n",
        LABEL + BAR + 60
    );
    for (i, area) in areas.iter().enumerate() {
        let y = ROW * i as u32 + 4;
        let label = data::area_label(area);
        let _ = write!(
            page,
            "<text class=\"area\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect class=\"track\" x=\"{LABEL}\" y=\"{y}\" width=\"{BAR}\" height=\"20\" rx=\"3\" fill=\"#eef1f5\"/>",
            LABEL - 10,
            y + 15,
            esc(&label)
        );
        match scores.get(area) {
            Some(score) => {
                let (band, fill) = match score {
                    80.. => ("good", "#1f8a4c"),
                    50..=79 => ("fair", "#c98a06"),
                    _ => ("poor", "#c0392b"),
                };
                let width = BAR * (*score).min(100) / 100;
                let _ = writeln!(
                    page,
                    "<rect class=\"bar {band}\" data-area=\"{}\" data-score=\"{score}\" x=\"{LABEL}\" y=\"{y}\" width=\"{width}\" height=\"20\" rx=\"3\" fill=\"{fill}\">\
                     <title>{}: {score}/100</title></rect><text class=\"value\" x=\"{}\" y=\"{}\">{score}</text>",
                    esc(area),
                    esc(&label),
                    LABEL + width + 8,
                    y + 15
                );
            }
            None => {
                let _ = writeln!(
                    page,
                    "<text class=\"value none\" x=\"{}\" y=\"{}\">not judged: no resource, or only unknown findings</text>",
                    LABEL + 10,
                    y + 15
                );
            }
        }
    }
    page.push_str("</svg>\n</section>\n");
}

fn severity_badge(severity: Severity) -> String {
    format!("<span class=\"badge sev-{severity}\">{severity}</span>")
}

fn next_steps(page: &mut String, report: &Report) {
    let v = &report.verdict;
    let Some(next) = v.next_tier else {
        page.push_str(
            "<section id=\"next\">\n<h2>Next steps</h2>\n<p>Every check of both tiers passes: nothing stands between this account and Enterprise-Grade. Keep the manual controls below evidenced.</p>\n</section>\n",
        );
        return;
    };
    let _ = write!(
        page,
        "<section id=\"next\">\n<h2>Next steps to {next}</h2>\n"
    );
    if v.next_steps.is_empty() && v.blocked_by_unknown.is_empty() {
        page.push_str("<p>No failing check stands in the way.</p>\n");
    }
    if !v.next_steps.is_empty() {
        page.push_str("<p>Fix these, worst first; each links to its failing findings.</p>\n<ol class=\"steps\">\n");
        for step in &v.next_steps {
            let title = crate::checks::meta(&step.check)
                .map(|m| m.title.as_str())
                .unwrap_or("");
            let _ = writeln!(
                page,
                "<li>{} <code>{}</code> <span class=\"title\">{}</span> \
                 <a class=\"resources\" href=\"#check={}&amp;status=fail\">{}</a><p class=\"fix\">{}</p></li>",
                severity_badge(step.severity),
                esc(&step.check),
                rich(title),
                fragment(&step.check),
                plural(step.resources, "resource", "resources"),
                rich(&step.fix),
            );
        }
        page.push_str("</ol>\n");
    }
    if !v.blocked_by_unknown.is_empty() {
        page.push_str(
            "<p class=\"blocked\">Not proven: these checks could not be verified (see the gaps); ",
        );
        let _ = write!(page, "{next} needs them to pass: ");
        let links: Vec<String> = v
            .blocked_by_unknown
            .iter()
            .map(|c| {
                format!(
                    "<a href=\"#check={}&amp;status=unknown\"><code>{}</code></a>",
                    fragment(c),
                    esc(c)
                )
            })
            .collect();
        page.push_str(&links.join(", "));
        page.push_str(".</p>\n");
    }
    page.push_str("</section>\n");
}

/// The table's frame; `report.js` fills it. The filters stay hidden until
/// the script shows them, so a page without script shows no dead controls.
fn findings(page: &mut String, report: &Report) {
    let account_column = if report.accounts.len() > 1 {
        "<th scope=\"col\">Account</th>"
    } else {
        ""
    };
    let _ = write!(
        page,
        "<section id=\"findings-section\">\n<h2>Findings</h2>\n\
         <noscript><p class=\"note\">The findings table is built by the page's script, which is off. \
         Everything above is complete without it; each of the {} findings is in the JSON report \
         (<code>posture audit --format json</code>).</p></noscript>\n\
         <form class=\"filters\" id=\"filters\" hidden>\
         <label>Status <select id=\"f-status\"><option value=\"\">All</option></select></label>\
         <label>Severity <select id=\"f-severity\"><option value=\"\">All</option></select></label>\
         <label>Area <select id=\"f-area\"><option value=\"\">All</option></select></label>\
         <label>Account <select id=\"f-account\"><option value=\"\">All</option></select></label>\
         <label>Check <select id=\"f-check\"><option value=\"\">All</option></select></label>\
         <label class=\"search\">Search <input type=\"search\" id=\"q\" placeholder=\"resource, name or check\" autocomplete=\"off\"></label>\
         <button type=\"reset\" id=\"reset\">Clear</button></form>\n\
         <p class=\"count\" id=\"count\" aria-live=\"polite\"></p>\n\
         <table class=\"findings\" id=\"findings\" data-total=\"{}\">\
         <thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Status</th><th scope=\"col\">Check</th>\
         <th scope=\"col\">Area</th>{account_column}<th scope=\"col\">Region</th><th scope=\"col\">Resource</th>\
         <th scope=\"col\">Finding</th></tr></thead><tbody></tbody></table>\n\
         <p class=\"more\"><button type=\"button\" id=\"more\" hidden></button></p>\n</section>\n",
        report.findings.len(),
        report.findings.len(),
    );
}

/// With `--compliance`: the framework's controls, as the compliance view
/// states them.
fn compliance(page: &mut String, report: &Report) {
    let Some(c) = &report.compliance else {
        return;
    };
    let _ = write!(
        page,
        "<section id=\"compliance\">\n<h2>{}</h2>\n<table class=\"plain\"><thead><tr><th>Control</th><th>Status</th>\
         <th>Fail</th><th>Unknown</th><th>Pass</th><th>Checks</th></tr></thead><tbody>\n",
        esc(&c.title)
    );
    for control in &c.controls {
        let status = serde_json::to_value(control.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let partial = if control.partial.is_empty() {
            String::new()
        } else {
            format!(
                "<p class=\"partial\">{}</p>",
                esc(&format!("Partial: {}", control.partial.join("; ")))
            )
        };
        let _ = writeln!(
            page,
            "<tr><td><code>{}</code></td><td><span class=\"pill control-{status}\">{status}</span></td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}{partial}</td></tr>",
            esc(&control.id),
            control.failing,
            control.unknown,
            control.passing,
            esc(&control.checks.join(", ")),
        );
    }
    page.push_str("</tbody></table>\n</section>\n");
}

fn gaps(page: &mut String, report: &Report) {
    if report.gaps.is_empty() {
        return;
    }
    let _ = write!(
        page,
        "<section id=\"gaps\">\n<h2>Gaps</h2>\n<p>{} failed during collection; what depends on them is <em>unknown</em>, never passed.</p>\n\
         <table class=\"plain\"><thead><tr><th>Account</th><th>Region</th><th>Call</th><th>Resource</th><th>Error</th></tr></thead><tbody>\n",
        plural(report.gaps.len(), "call", "calls")
    );
    for g in &report.gaps {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td><code>{}:{}</code></td><td>{}</td><td>{}</td></tr>",
            esc(&g.account),
            esc(&g.region),
            esc(&g.service),
            esc(&g.operation),
            esc(g.resource.as_deref().unwrap_or("")),
            esc(&g.error),
        );
    }
    page.push_str("</tbody></table>\n</section>\n");
}

fn warnings(page: &mut String, report: &Report) {
    if report.warnings.is_empty() {
        return;
    }
    page.push_str("<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul class=\"warnings\">\n");
    for w in &report.warnings {
        let _ = writeln!(page, "<li>{}</li>", esc(w));
    }
    page.push_str("</ul>\n</section>\n");
}

/// The guide's controls no API can observe: an auditor asks for their
/// evidence by hand, so the page lists each with what to ask for.
fn manual(page: &mut String, report: &Report) {
    if report.manual_controls.is_empty() {
        return;
    }
    let _ = write!(
        page,
        "<section id=\"manual\">\n<h2>Manual controls</h2>\n<p>{} of the guide no read-only API call can observe: gather their evidence by hand.</p>\n\
         <table class=\"plain manual\"><thead><tr><th>Control</th><th>What to ask for</th><th>Frameworks</th></tr></thead><tbody>\n",
        plural(report.manual_controls.len(), "control", "controls")
    );
    for m in &report.manual_controls {
        let frameworks: Vec<String> = m
            .frameworks
            .as_map()
            .iter()
            .flat_map(|(f, ids)| ids.iter().map(move |id| format!("{} {id}", f.label())))
            .collect();
        let _ = writeln!(
            page,
            "<tr><td><strong>{}</strong><br><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            rich(&m.title),
            esc(&m.id),
            rich(&m.description),
            esc(&frameworks.join(", ")),
        );
    }
    page.push_str("</tbody></table>\n</section>\n");
}

fn footer(page: &mut String, report: &Report) {
    page.push_str("<footer>\n");
    if !report.skipped_checks.is_empty() {
        let _ = writeln!(
            page,
            "<p>Not run in this audit ({}): {}.</p>",
            report.skipped_checks.len(),
            esc(&report.skipped_checks.join(", "))
        );
    }
    let _ = write!(
        page,
        "<p>Generated by {} {} ({}) from {} to {}. Read-only: posture reads configuration, never secret values.</p>\n</footer>\n",
        esc(&report.tool.name),
        esc(&report.tool.version),
        esc(&report.schema),
        report.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
        report.finished_at.format("%Y-%m-%d %H:%M:%S UTC"),
    );
}

#[cfg(test)]
mod tests;
