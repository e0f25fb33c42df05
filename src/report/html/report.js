// The findings table of posture's HTML report, built from the JSON blob in
// #data (see src/report/html/data.rs for its layout). Data reaches the DOM
// only as textContent or attribute values, never as markup. Rows are added
// in pages so that 30,000 findings keep the page responsive. The filters live
// in the URL fragment (#status=fail&severity=critical&q=web), so a filtered
// view can be linked, bookmarked and rendered headless.
(function () {
  "use strict";
  var PAGE = 200;
  var FILTERS = ["status", "severity", "area", "account", "check"];
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById("data").textContent);
  var rows = data.f;
  var checks = data.ck;
  var multi = data.ac.length > 1;
  var table = document.getElementById("findings");
  var tbody = table.tBodies[0];
  var columns = table.tHead.rows[0].cells.length;
  var countLine = document.getElementById("count");
  var more = document.getElementById("more");
  var form = document.getElementById("filters");
  var search = document.getElementById("q");
  var selects = {};
  FILTERS.forEach(function (k) { selects[k] = document.getElementById("f-" + k); });

  var OPEN = "open";
  var FAIL = data.st.indexOf("fail");
  var UNKNOWN = data.st.indexOf("unknown");
  var haystack = null;
  var matched = [];
  var shown = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Catalog text marks code with backticks: shown as code elements.
  function rich(tag, text) {
    var e = el(tag);
    var parts = String(text).split("`");
    if (parts.length % 2 === 0) { e.textContent = text; return e; }
    parts.forEach(function (part, i) {
      e.appendChild(i % 2 ? el("code", null, part) : document.createTextNode(part));
    });
    return e;
  }

  function arn(r) { return data.rp[r[6]] + r[7]; }

  function number(n) { return n.toLocaleString("en-US"); }

  // The values each filter accepts, as [value, label] with the count of rows.
  function options() {
    var tally = function (key) {
      var counts = {};
      rows.forEach(function (r) { var k = key(r); counts[k] = (counts[k] || 0) + 1; });
      return counts;
    };
    var st = tally(function (r) { return r[0]; });
    var sv = tally(function (r) { return r[1]; });
    var ar = tally(function (r) { return checks[r[2]][2]; });
    var ac = tally(function (r) { return r[3]; });
    var ck = tally(function (r) { return r[2]; });
    var c = function (counts, i) { return counts[i] || 0; };
    return {
      status: [[OPEN, "open (fail + unknown)", c(st, FAIL) + c(st, UNKNOWN)]].concat(
        data.st.map(function (s, i) { return [s, s, c(st, i)]; })),
      severity: data.sv.map(function (s, i) { return [s, s, c(sv, i)]; }),
      area: data.ar.map(function (a, i) { return [a[0], a[1], c(ar, i)]; }),
      account: data.ac.map(function (a, i) { return [a, a, c(ac, i)]; }),
      check: checks.map(function (k, i) { return [k[0], k[0], c(ck, i)]; })
        .sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; })
    };
  }

  var choices = options();
  FILTERS.forEach(function (k) {
    choices[k].forEach(function (o) {
      var opt = el("option", null, o[1] + " (" + number(o[2]) + ")");
      opt.value = o[0];
      selects[k].appendChild(opt);
    });
  });

  // The fragment's filters; a value no option has is dropped, so the
  // controls always show the filter that is applied.
  function readState() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var state = { q: params.get("q") || "" };
    FILTERS.forEach(function (k) {
      var v = params.get(k) || "";
      var known = choices[k].some(function (o) { return o[0] === v; });
      state[k] = known ? v : "";
    });
    return state;
  }

  function formState() {
    var state = { q: search.value.trim() };
    FILTERS.forEach(function (k) { state[k] = selects[k].value; });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    FILTERS.concat(["q"]).forEach(function (k) { if (state[k]) params.set(k, state[k]); });
    var text = params.toString();
    try {
      history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
    } catch (e) {
      // A browser that refuses (some do for file: URLs) keeps the old fragment.
    }
  }

  function showState(state) {
    FILTERS.forEach(function (k) { selects[k].value = state[k]; });
    search.value = state.q;
  }

  function predicate(state) {
    var tests = [];
    var index = function (list, v) { return list.indexOf(v); };
    if (state.status === OPEN) {
      tests.push(function (r) { return r[0] === FAIL || r[0] === UNKNOWN; });
    } else if (state.status) {
      var st = index(data.st, state.status);
      tests.push(function (r) { return r[0] === st; });
    }
    if (state.severity) {
      var sv = index(data.sv, state.severity);
      tests.push(function (r) { return r[1] === sv; });
    }
    if (state.area) {
      var ar = data.ar.map(function (a) { return a[0]; }).indexOf(state.area);
      tests.push(function (r) { return checks[r[2]][2] === ar; });
    }
    if (state.account) {
      var ac = index(data.ac, state.account);
      tests.push(function (r) { return r[3] === ac; });
    }
    if (state.check) {
      var ck = checks.map(function (k) { return k[0]; }).indexOf(state.check);
      tests.push(function (r) { return r[2] === ck; });
    }
    var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length) {
      if (!haystack) {
        haystack = rows.map(function (r) {
          return (r[5] + "\n" + arn(r) + "\n" + checks[r[2]][0]).toLowerCase();
        });
      }
      tests.push(function (r, i) {
        for (var t = 0; t < terms.length; t++) {
          if (haystack[i].indexOf(terms[t]) < 0) return false;
        }
        return true;
      });
    }
    return function (r, i) {
      for (var t = 0; t < tests.length; t++) {
        if (!tests[t](r, i)) return false;
      }
      return true;
    };
  }

  function badge(kind, value) { return el("span", "badge " + kind + "-" + value, value); }

  function cell(tr, cls, child) {
    var td = el("td", cls);
    if (typeof child === "string") td.textContent = child; else if (child) td.appendChild(child);
    tr.appendChild(td);
    return td;
  }

  function row(i) {
    var r = rows[i];
    var check = checks[r[2]];
    var tr = el("tr", "finding st-" + data.st[r[0]]);
    tr.setAttribute("data-i", i);
    tr.tabIndex = 0;
    tr.setAttribute("aria-expanded", "false");
    cell(tr, null, badge("sev", data.sv[r[1]]));
    cell(tr, null, badge("st", data.st[r[0]]));
    var code = el("code", null, check[0]);
    cell(tr, "check", code).title = check[1];
    cell(tr, "area", data.ar[check[2]][1]);
    if (multi) cell(tr, "account", data.ac[r[3]]);
    cell(tr, "region", data.rg[r[4]]);
    var res = cell(tr, "resource", el("strong", null, r[5] || "(unnamed)"));
    res.appendChild(el("span", "arn", arn(r)));
    cell(tr, "message", r[8]);
    return tr;
  }

  function detail(i) {
    var r = rows[i];
    var check = checks[r[2]];
    var tr = el("tr", "detail");
    var td = el("td");
    td.colSpan = columns;
    var dl = el("dl");
    var add = function (term, value) {
      if (value === "" || value === null || value === undefined) return;
      dl.appendChild(el("dt", null, term));
      dl.appendChild(typeof value === "string" ? el("dd", null, value) : value);
    };
    add("Check", rich("dd", check[1] + " (" + check[3] + " tier)"));
    var s = data.sup[i];
    if (s) {
      add("Accepted risk", "was " + s[0] + ", accepted until " + s[2] + ": " + s[1] +
        (s[3] ? " (owner " + s[3] + ")" : ""));
    }
    if ((r[0] === FAIL || r[0] === UNKNOWN) && check[4]) add("Fix", rich("dd", check[4]));
    if (r[10].length) {
      var ev = el("dd");
      var list = el("dl", "evidence");
      for (var k = 0; k < r[10].length; k += 2) {
        list.appendChild(el("dt", null, data.ek[r[10][k]]));
        list.appendChild(el("dd", null, data.evs[r[10][k + 1]]));
      }
      ev.appendChild(list);
      add("Evidence", ev);
    }
    add("Controls", check[5].join(", "));
    add("Resource", arn(r));
    add("Terraform", data.tf && data.tf[i]);
    if (data.tfx && data.tfx[i]) {
      var change = el("dd");
      change.appendChild(el("pre", null, data.tfx[i]));
      add("Terraform change", change);
    }
    add("Finding id", r[9]);
    td.appendChild(dl);
    tr.appendChild(td);
    return tr;
  }

  function toggle(tr) {
    var next = tr.nextElementSibling;
    if (next && next.classList.contains("detail")) {
      next.remove();
      tr.setAttribute("aria-expanded", "false");
    } else {
      tr.parentNode.insertBefore(detail(Number(tr.getAttribute("data-i"))), next);
      tr.setAttribute("aria-expanded", "true");
    }
  }

  function showMore() {
    var end = Math.min(matched.length, shown + PAGE);
    var fragment = document.createDocumentFragment();
    for (var k = shown; k < end; k++) fragment.appendChild(row(matched[k]));
    tbody.appendChild(fragment);
    shown = end;
    table.setAttribute("data-shown", shown);
    var left = matched.length - shown;
    more.hidden = left <= 0;
    more.textContent = "Show " + number(Math.min(PAGE, left)) + " more (" + number(left) + " not shown)";
    countLine.textContent = matched.length === rows.length
      ? "Showing " + number(shown) + " of " + number(rows.length) + " findings, worst first."
      : "Showing " + number(shown) + " of " + number(matched.length) + " matching findings (" +
        number(rows.length) + " in all), worst first.";
  }

  function apply(state) {
    var start = performance.now();
    var test = predicate(state);
    matched = [];
    for (var i = 0; i < rows.length; i++) if (test(rows[i], i)) matched.push(i);
    tbody.textContent = "";
    shown = 0;
    if (!matched.length) {
      var tr = el("tr", "empty");
      var td = el("td", null, rows.length ? "No finding matches these filters." : "This audit has no findings.");
      td.colSpan = columns;
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
    showMore();
    table.setAttribute("data-matching", matched.length);
    root.setAttribute("data-apply-ms", (performance.now() - start).toFixed(1));
  }

  function fromForm() {
    var state = formState();
    writeState(state);
    apply(state);
  }

  var timer = 0;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fromForm, 150);
  });
  FILTERS.forEach(function (k) { selects[k].addEventListener("change", fromForm); });
  form.addEventListener("submit", function (e) { e.preventDefault(); fromForm(); });
  form.addEventListener("reset", function () { setTimeout(fromForm, 0); });
  more.addEventListener("click", showMore);
  tbody.addEventListener("click", function (e) {
    var tr = e.target.closest("tr.finding");
    if (tr && !window.getSelection().toString()) toggle(tr);
  });
  tbody.addEventListener("keydown", function (e) {
    var tr = e.target.closest("tr.finding");
    if (tr && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); toggle(tr); }
  });
  // A link of the summary (a next step, a count) sets the fragment: show its
  // findings and bring the table into view.
  window.addEventListener("hashchange", function () {
    var state = readState();
    showState(state);
    apply(state);
    document.getElementById("findings-section").scrollIntoView();
  });

  var initial = readState();
  showState(initial);
  apply(initial);
  form.hidden = false;
  // The page's own evidence that its inline style was admitted by the CSP.
  if (getComputedStyle(root).getPropertyValue("--posture-style").trim() === "1") {
    root.setAttribute("data-style", "applied");
  }
  root.setAttribute("data-ready-ms", performance.now().toFixed(1));
  root.setAttribute("data-ready", "true");
})();
