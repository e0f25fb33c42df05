#!/usr/bin/env python3
"""Benchmark of the HTML report at scale: 30,000 findings in headless Chromium.

Not a test: it prints figures. It builds an inventory snapshot from the
startup fixture with its security groups copied until the real pipeline
(`posture audit --from-snapshot`) produces at least 30,000 findings, renders
`--format html`, and opens the page in headless Chromium several times. The
page's script records how long after navigation it was ready
(`data-ready-ms`: parsing the page and its data, building the first rows) and
how long applying a filter took (`data-apply-ms`), read from `--dump-dom`.

    python3 benches/html.py            # builds target/debug/posture first
    POSTURE_BIN=path/to/posture python3 benches/html.py
"""

import copy
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "startup.inventory.json"
TARGET = 30_000
RUNS = 3
FILTERS = [
    ("no filter", ""),
    ("status + severity", "#status=fail&severity=critical"),
    ("search", "#q=admin-12"),
    ("area + search", "#area=network&status=fail&q=tcp"),
]


def posture_bin():
    if os.environ.get("POSTURE_BIN"):
        return Path(os.environ["POSTURE_BIN"])
    subprocess.run(["cargo", "build", "--quiet"], cwd=REPO, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "debug" / "posture"


def chromium_bin():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("no Chromium on PATH: apt-get install chromium")


def inventory(copies):
    """The startup fixture with `copies` more copies of each security group of
    its first region, renamed so each copy is a resource of its own."""
    inv = json.loads(FIXTURE.read_text())
    region = inv["accounts"][0]["regions"][0]
    # A copy: the loop appends to the list it reads.
    originals = list(region["security_groups"])
    for k in range(copies):
        for i, sg in enumerate(originals):
            new = copy.deepcopy(sg)
            new_id = "sg-%08x%09x" % (k + 1, i)
            new["id"] = new_id
            new["arn"] = sg["arn"].replace(sg["id"], new_id)
            new["name"] = "%s-%d" % (sg["name"], k + 1)
            if sg.get("tag_name"):
                new["tag_name"] = "%s-%d" % (sg["tag_name"], k + 1)
            for rule in new["ingress"] + new["egress"]:
                peer = rule.get("peer") or {}
                if peer.get("kind") == "group" and peer.get("value") == sg["id"]:
                    peer["value"] = new_id
            region["security_groups"].append(new)
    return inv


def audit(posture, snapshot, fmt):
    started = time.perf_counter()
    out = subprocess.run(
        [str(posture), "audit", "--from-snapshot", str(snapshot), "--fail-on", "never", "--format", fmt],
        check=True,
        capture_output=True,
    )
    return out.stdout, time.perf_counter() - started


def count_findings(posture, snapshot):
    report, _ = audit(posture, snapshot, "json")
    return json.loads(report)


def attribute(dom, tag_start, name):
    at = dom.find(tag_start)
    if at < 0:
        return None
    tag = dom[at : dom.find(">", at)]
    m = re.search(r'\s%s="([^"]*)"' % re.escape(name), tag)
    return m.group(1) if m else None


def open_page(chromium, page, fragment, profile):
    started = time.perf_counter()
    out = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--user-data-dir=%s" % profile,
            "--dump-dom",
            page.as_uri() + fragment,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
        env=dict(os.environ, HOME=str(profile)),
    )
    wall = time.perf_counter() - started
    dom = out.stdout
    if attribute(dom, "<html", "data-ready") != "true":
        sys.exit("the page's script did not finish (fragment %r)" % fragment)
    return {
        "ready_ms": float(attribute(dom, "<html", "data-ready-ms")),
        "apply_ms": float(attribute(dom, "<html", "data-apply-ms")),
        "matching": int(attribute(dom, '<table class="findings"', "data-matching")),
        "rows": dom.count('<tr class="finding '),
        "wall_s": wall,
    }


def main():
    posture = posture_bin()
    chromium = chromium_bin()
    work = Path(tempfile.mkdtemp(prefix="posture-html-bench-"))
    try:
        base = len(json.loads(audit(posture, FIXTURE, "json")[0])["findings"])
        one = work / "one.inventory.json"
        one.write_text(json.dumps(inventory(1)))
        per_copy = len(count_findings(posture, one)["findings"]) - base
        copies = -(-(TARGET - base) // per_copy)
        snapshot = work / "large.inventory.json"
        snapshot.write_text(json.dumps(inventory(copies)))
        report = count_findings(posture, snapshot)
        findings = len(report["findings"])
        print("inventory: startup fixture + %d copies of its security groups (%d findings per copy)" % (copies, per_copy))
        print("findings:  %d" % findings)

        html, render_s = audit(posture, snapshot, "html")
        page = work / "report.html"
        page.write_bytes(html)
        text = html.decode()
        start = text.index('<script type="application/json" id="data">')
        blob = text.index("</script>", start) - start
        json_size = len(json.dumps(report["findings"], separators=(",", ":")))
        print(
            "page:      %.2f MB (data %.2f MB, %d bytes a finding; the JSON report's findings alone: %.2f MB)"
            % (len(html) / 1e6, blob / 1e6, blob // max(findings, 1), json_size / 1e6)
        )
        print("audit --format html (debug build, collection from the snapshot included): %.2f s" % render_s)

        print("\nheadless Chromium, median of %d runs:" % RUNS)
        print("%-18s %9s %10s %9s %6s %8s" % ("view", "ready ms", "filter ms", "matching", "rows", "wall s"))
        for label, fragment in FILTERS:
            runs = [open_page(chromium, page, fragment, work / ("profile-%d" % n)) for n in range(RUNS)]
            med = lambda k: statistics.median(r[k] for r in runs)
            print(
                "%-18s %9.0f %10.1f %9d %6d %8.2f"
                % (label, med("ready_ms"), med("apply_ms"), runs[0]["matching"], runs[0]["rows"], med("wall_s"))
            )
        print(
            "\nready ms: navigation start to the table's first page shown (the page's main thread is busy until then);"
            "\nfilter ms: one pass of the filter over every finding plus the first page of its rows."
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
