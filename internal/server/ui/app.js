// tradebloc web UI: plain JS, no dependencies. Every chart is an SVG drawn
// here; every table and chart has a CSV download; every run has a stable
// link (/runs/{id}). The DOM is built with h() rather than innerHTML, so
// names from posted scenarios can never inject markup.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const TOP = 40; // economies shown by default: the largest by GDP

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of kids.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of kids.flat()) if (c != null) el.append(c instanceof Node ? c : String(c));
  return el;
}
const $ = (sel) => document.querySelector(sel);
// fill replaces el's children, skipping absent (null) parts: the DOM would
// otherwise print them as the text "null".
function fill(el, ...kids) { el.replaceChildren(...kids.flat().filter((k) => k !== null && k !== undefined && k !== false)); }
const num = (x, d = 2) => (x === null || x === undefined || !isFinite(x)) ? "–" : x.toFixed(d);
const pct = (x, d = 2) => (x === null || x === undefined || !isFinite(x)) ? "–" : (x > 0 ? "+" : "") + x.toFixed(d) + "%";
const unitBn = { "USD": 1e-9, "USD thousand": 1e-6, "USD million": 1e-3, "USD billion": 1 };
const toBn = (x, unit) => x * (unitBn[unit] ?? 1e-3);

async function api(path, opts) {
  const r = await fetch(path, opts);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || r.status + " " + r.statusText);
  return body;
}

// ---- CSV ----------------------------------------------------------------
function csvCell(v) {
  const t = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}
function csvButton(name, header, rows) {
  return h("button", { type: "button", class: "secondary csv", onclick: () => {
    const text = [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
    const a = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), download: name + ".csv" });
    document.body.append(a); a.click(); a.remove();
  } }, "Download CSV");
}

// ---- charts -------------------------------------------------------------
// barChart draws one horizontal bar per row, sorted as given, around a zero
// axis; values are printed beside the bars so colour is never the only cue.
function barChart(id, title, rows, unit, digits = 2) {
  const W = 760, labelW = 170, valueW = 70, rowH = 17, top = 8;
  const max = Math.max(1e-12, ...rows.map((r) => Math.abs(r.value)));
  const hasNeg = rows.some((r) => r.value < 0), hasPos = rows.some((r) => r.value > 0);
  const plotW = W - labelW - 2 * valueW;
  const x0 = labelW + valueW + (hasNeg && hasPos ? plotW / 2 : hasNeg ? plotW : 0);
  const scale = (hasNeg && hasPos ? plotW / 2 : plotW) / max;
  const H = top + rows.length * rowH + 6;
  const svg = s("svg", { id, class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title, "data-shown": rows.length });
  svg.append(s("title", {}, title));
  rows.forEach((r, i) => {
    const y = top + i * rowH, len = Math.abs(r.value) * scale;
    const x = r.value < 0 ? x0 - len : x0;
    svg.append(s("text", { x: 4, y: y + 12 }, r.label.length > 28 ? r.label.slice(0, 27) + "…" : r.label));
    const bar = s("rect", { class: "bar " + (r.value < 0 ? "neg" : "pos"), x, y: y + 3, width: Math.max(len, 0.5), height: rowH - 5,
      "data-code": r.code, "data-value": String(r.value) });
    bar.append(s("title", {}, `${r.label}: ${num(r.value, digits)} ${unit}`));
    svg.append(bar);
    const tx = r.value < 0 ? x - 4 : x + len + 4;
    svg.append(s("text", { x: tx, y: y + 12, "text-anchor": r.value < 0 ? "end" : "start" }, num(r.value, digits)));
  });
  svg.append(s("line", { class: "axis", x1: x0, x2: x0, y1: top, y2: H - 4 }));
  return svg;
}

// chartBlock is a chart with its heading, optional toggle and CSV button.
function chartBlock(id, title, note, rows, unit, csvName, opts = {}) {
  const wrap = h("section", { class: "chart-block", "aria-labelledby": id + "-h" });
  const render = (all) => {
    const shown = all || !opts.limit ? rows : rows.filter((r) => opts.limit.has(r.code));
    fill(wrap,
      h("div", { class: "chart-head" },
        h("h3", { id: id + "-h" }, title),
        opts.limit ? h("button", { type: "button", class: "secondary toggle", "aria-pressed": all ? "true" : "false",
          onclick: () => render(!all) }, all ? `Show the ${opts.limit.size} largest` : `Show all ${rows.length}`) : null,
        csvButton(csvName, ["code", "name", unit], shown.map((r) => [r.code, r.name ?? r.label, r.value]))),
      note ? h("p", { class: "hint" }, note) : null,
      barChart(id, title, shown, unit, opts.digits));
  };
  render(false);
  return wrap;
}

function table(caption, header, rows, csvName, numeric = []) {
  const t = h("table", {}, h("caption", { class: "sr-only" }, caption),
    h("thead", {}, h("tr", {}, header.map((c, i) => h("th", { scope: "col", class: numeric[i] ? "num" : null }, c)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c, i) => {
      if (c instanceof Node) return h("td", {}, c);
      return h("td", { class: numeric[i] ? "num" : null }, c);
    })))));
  const plain = rows.map((r) => r.map((c) => (c instanceof Node ? c.textContent : c)));
  return h("div", { class: "table-block" }, h("div", { class: "chart-head" }, h("h3", {}, caption), csvButton(csvName, header, plain)),
    h("div", { class: "table-wrap" }, t));
}
const yesno = (b) => h("span", { class: b ? "yes" : "no" }, b ? "yes" : "no");

// ---- result views -------------------------------------------------------
function largest(countries, n, key = "gdp_before") {
  return new Set([...countries].sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0)).slice(0, n).map((c) => c.code));
}

function solveView(run) {
  const r = run.result, unit = r.provenance.unit;
  const cs = r.countries;
  const top = largest(cs, TOP);
  const welfare = [...cs].sort((a, b) => b.welfare_pct - a.welfare_pct)
    .map((c) => ({ code: c.code, label: `${c.name} (${c.code})`, name: c.name, value: c.welfare_pct }));
  const partners = cs.filter((c) => c.code !== r.leader);
  const bal = partners.map((c) => ({ code: c.code, label: `${c.name} (${c.code})`, name: c.name,
    value: toBn(c.bilateral_balance_with_leader_after - c.bilateral_balance_with_leader_before, unit) }))
    .sort((a, b) => b.value - a.value);
  const topPartners = largest(partners, TOP);
  const rows = [...cs].filter((c) => top.has(c.code)).sort((a, b) => b.welfare_pct - a.welfare_pct);
  return [
    h("p", { class: "summary", id: "summary" }, run.summary || ""),
    chartBlock("welfare-chart", "Welfare (real income) by country, % change", `Sorted from largest gain to largest loss; the ${TOP} largest economies by GDP unless all are shown.`,
      welfare, "welfare_pct", `${run.id}-welfare`, { limit: top }),
    chartBlock("balance-chart", `Change in each partner's trade balance with ${r.leader}, USD bn`,
      `After − before; positive = the partner's surplus with ${r.leader} grows. The ${TOP} largest partners by GDP unless all are shown.`,
      bal, "balance_change_bn", `${run.id}-balance-with-${r.leader}`, { limit: topPartners, digits: 1 }),
    table(`The ${TOP} largest economies`, ["code", "name", "welfare %", "real wage %", "prices %", "exports %", "imports %", `balance with ${r.leader} before, bn`, "after, bn"],
      rows.map((c) => [c.code, c.name, num(c.welfare_pct), num(c.real_wage_pct), num(c.price_index_pct), num(c.exports_pct, 1), num(c.imports_pct, 1),
        num(toBn(c.bilateral_balance_with_leader_before, unit), 1), num(toBn(c.bilateral_balance_with_leader_after, unit), 1)]),
      `${run.id}-countries`, [0, 0, 1, 1, 1, 1, 1, 1, 1]),
    h("p", { class: "hint" }, `Solved in ${r.iterations} iterations, max residual ${r.max_residual.toExponential(1)}; dataset ${r.provenance.dataset}, θ ${Object.values(r.provenance.model.trade_elasticity).join("/")}, deficits ${r.provenance.model.deficits}.`),
  ];
}

function benchmarkSummary(r) {
  const meet = r.countries.filter((c) => c.meets_benchmark), ps = r.countries.filter((c) => c.persistent_surplus);
  const psMeet = ps.filter((c) => c.meets_benchmark);
  return `Under "${r.scenario}", ${meet.length} of ${r.countries.length} partners of ${r.leader} meet the balanced-trade benchmark ` +
    `(surplus with ${r.leader} shrinks by ≥ ${r.benchmark_rule.bilateral_cut_pct}% and a multilateral surplus falls by ≥ ${r.benchmark_rule.multilateral_cut_pp_gdp} pp of GDP). ` +
    `Of the ${ps.length} persistent-surplus economies, ${psMeet.length ? psMeet.map((c) => c.name).join(", ") + " meet it" : "none meets it"}.`;
}

function benchmarkView(run) {
  const r = run.result, unit = r.unit;
  r.countries.forEach((c) => { c.abs_before = Math.abs(c.bilateral_balance_with_leader_before); });
  const topSet = largest(r.countries, TOP, "abs_before");
  const welfare = [...r.countries].sort((a, b) => b.welfare_pct - a.welfare_pct)
    .map((c) => ({ code: c.code, label: `${c.name} (${c.code})`, name: c.name, value: c.welfare_pct }));
  const bal = r.countries.map((c) => ({ code: c.code, label: `${c.name} (${c.code})`, name: c.name,
    value: toBn(c.bilateral_balance_with_leader_after - c.bilateral_balance_with_leader_before, unit) })).sort((a, b) => b.value - a.value);
  return [
    h("p", { class: "summary", id: "summary" }, benchmarkSummary(r)),
    table("Balanced-trade benchmark (persistent-surplus economies first)",
      ["code", "name", "persistent surplus", `balance with ${r.leader} before, bn`, "after, bn", "balance % GDP before", "after", "meets", "reason"],
      r.countries.map((c) => [c.code, c.name, yesno(c.persistent_surplus), num(toBn(c.bilateral_balance_with_leader_before, unit), 1),
        num(toBn(c.bilateral_balance_with_leader_after, unit), 1), num(c.balance_gdp_pct_before), num(c.balance_gdp_pct_after), yesno(c.meets_benchmark), c.reason]),
      `${run.id}-benchmark`, [0, 0, 0, 1, 1, 1, 1, 0, 0]),
    chartBlock("welfare-chart", "Welfare (real income) by partner, % change", `The ${TOP} partners with the largest balances with ${r.leader} unless all are shown.`,
      welfare, "welfare_pct", `${run.id}-welfare`, { limit: topSet }),
    chartBlock("balance-chart", `Change in each partner's trade balance with ${r.leader}, USD bn`, "After − before.",
      bal, "balance_change_bn", `${run.id}-balance-with-${r.leader}`, { limit: topSet, digits: 1 }),
  ];
}

function coalitionSummary(r) {
  const L = r.leading, w = L.welfare_pct;
  const joins = r.accession_path.filter((s) => s.joins).map((s) => s.candidate);
  const stays = r.accession_path.filter((s) => !s.joins).map((s) => s.candidate);
  const t = L.targets[0];
  let txt = `The leading coalition (${r.leading_source}) is ${L.members.length ? L.members.join(", ") : "nobody"}: ` +
    `${r.leader} welfare ${pct(w[r.leader])}` + (t ? `, ${t.code} ${pct(t.welfare_pct)}; ${t.code}'s surplus with ${r.leader} $${num(t.surplus_with_leader_before_bn, 0)} bn → $${num(t.surplus_with_leader_after_bn, 0)} bn` : "") + ". " +
    `${r.stable.length ? r.stable.length + " stable coalition(s) listed" : "No coalition is stable"} from ${r.solves} model solves in ${num(r.seconds, 1)} s. ` +
    `On the accession path (most dependent on ${r.leader} first) ${joins.length ? joins.join(", ") + " join" : "nobody joins"}` + (stays.length ? `; ${stays.join(", ")} stay out.` : ".");
  const un = L.lessons.unity;
  txt += un.united ? " The bloc holds together: no member gains by defecting." : ` Unity is fragile: ${un.most_tempted} would gain ${pct(un.max_defection_gain_pct)} by leaving.`;
  if (r.counter_bloc) txt += " Counter-bloc: " + r.counter_bloc.verdict;
  return txt;
}

function coalitionView(run) {
  const r = run.result, L = r.leading;
  const welfare = Object.entries(L.welfare_pct).map(([code, v]) => ({ code, label: code, value: v })).sort((a, b) => b.value - a.value);
  const threats = Object.entries(r.required_threat_pct).map(([code, v]) => ({ code, label: code, value: v ?? NaN }));
  const threatRows = threats.filter((t) => isFinite(t.value)).sort((a, b) => a.value - b.value);
  const lessons = L.lessons;
  return [
    h("p", { class: "summary", id: "summary" }, coalitionSummary(r)),
    chartBlock("welfare-chart", "Welfare in the leading coalition, % change", `Members: ${L.members.join(", ") || "none"}; ${r.leader} the leader; targets ${r.targets.join(", ")}.`,
      welfare, "welfare_pct", `${run.id}-welfare`),
    table("Stable coalitions", ["members", "internally", "externally", "group", `${r.leader} welfare %`, "targets' surplus with leader, bn", "transshipment leakage %"],
      r.stable.map((v) => [v.members.join("+") || "(none)", yesno(v.internally_stable), yesno(v.externally_stable), yesno(v.group_stable),
        num(v.welfare_pct[r.leader]), num(v.targets_surplus_with_leader_bn, 1), num(v.transshipment_leakage_pct, 1)]),
      `${run.id}-stable`, [0, 0, 0, 0, 1, 1, 1]),
    table("Accession path (by leverage: exports to the leader, % of GDP)", ["step", "candidate", "leverage %", "joins", "gain from joining %"],
      r.accession_path.map((s, i) => [i + 1, s.candidate, num(s.leverage_pct, 1), yesno(s.joins), num(s.gain_pct)]),
      `${run.id}-accession`, [1, 0, 1, 0, 1]),
    chartBlock("threat-chart", "Required threat: the extra tariff that compels each candidate to join, %",
      threats.length > threatRows.length ? "Candidates no threat up to 100 points compels are left out." : null,
      threatRows, "required_threat_pct", `${run.id}-required-threats`, { digits: 1 }),
    h("section", {}, h("h3", {}, "Lessons of history"), h("ul", { class: "lessons" },
      h("li", {}, `Unity: ${lessons.unity.united ? "united" : "not united"}; the most tempted member (${lessons.unity.most_tempted || "–"}) would change its welfare by ${pct(lessons.unity.max_defection_gain_pct)} by defecting.`),
      h("li", {}, `Leverage (exports to ${r.leader}, % of GDP): ${Object.entries(lessons.leverage_pct).map(([k, v]) => `${k} ${num(v, 1)}`).join(", ")}.`),
      h("li", {}, `Integration within the bloc: ${num(lessons.integration_before_pct, 1)}% → ${num(lessons.integration_after_pct, 1)}%.`),
      h("li", {}, `Transshipment: ${num(L.transshipment_leakage_pct, 1)}% of the targets' diverted exports leak back through third countries.`),
      r.counter_bloc ? h("li", {}, `Counter-bloc ${r.counter_bloc.members.join("+")}: ${r.counter_bloc.verdict}`) : null)),
    r.notes && r.notes.length ? h("ul", { class: "hint" }, r.notes.map((n) => h("li", {}, n))) : null,
  ];
}

const views = { solve: solveView, benchmark: benchmarkView, coalition: coalitionView };

// welfareOf is a run's welfare by country, for comparisons.
function welfareOf(run) {
  const r = run.result;
  if (run.kind === "coalition") return Object.fromEntries(Object.entries(r.leading.welfare_pct));
  return Object.fromEntries(r.countries.map((c) => [c.code, c.welfare_pct]));
}
function summaryOf(run) {
  if (run.kind === "solve") return run.summary;
  return run.kind === "benchmark" ? benchmarkSummary(run.result) : coalitionSummary(run.result);
}

// ---- pages --------------------------------------------------------------
let pollTimer = null;
function stopPolling() { if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; } }

function runHeader(run) {
  const url = location.origin + "/runs/" + run.id;
  const input = h("input", { type: "text", readonly: true, value: url, id: "run-link", "aria-label": "Link to this run" });
  return [
    h("div", { class: "runhead" }, h("h2", {}, `${run.scenario || "(unnamed scenario)"} — ${run.kind}`),
      h("span", { class: "badge " + run.status, id: "run-status" }, run.status),
      h("span", { class: "hint" }, new Date(run.created).toLocaleString())),
    h("div", { class: "link-row" }, input,
      h("button", { type: "button", class: "secondary", onclick: () => { input.select(); navigator.clipboard?.writeText(url); } }, "Copy link"),
      h("a", { class: "button", href: "/api/v1/runs/" + run.id }, "JSON")),
  ];
}

async function showRun(id) {
  stopPolling();
  const view = $("#view");
  let run;
  try { run = await api("/api/v1/runs/" + encodeURIComponent(id)); } catch (e) {
    fill(view, h("p", { class: "error" }, e.message)); return;
  }
  if (run.status === "queued" || run.status === "running") {
    const bar = h("progress", { max: "1", value: String(run.progress), "aria-label": "Progress" });
    fill(view, ...runHeader(run),
      h("p", { role: "status" }, `${run.status === "queued" ? "Waiting for a worker" : "Running"}${run.phase ? " — " + run.phase : ""}: ${Math.round(100 * run.progress)}%`),
      bar, h("div", { class: "buttons" }, h("button", { type: "button", class: "secondary", id: "cancel-btn", onclick: async () => {
        try { await api(`/api/v1/runs/${run.id}/cancel`, { method: "POST" }); } catch (e) { /* finished meanwhile */ }
        showRun(run.id);
      } }, "Cancel run")));
    pollTimer = setTimeout(() => showRun(id), run.kind === "coalition" ? 600 : 250);
    return;
  }
  const parts = [...runHeader(run)];
  if (run.error) parts.push(h("p", { class: "error", role: "alert" }, run.error));
  if (run.result) parts.push(...views[run.kind](run));
  fill(view, ...parts);
  refreshRuns();
}

async function showCompare(a, b) {
  stopPolling();
  const view = $("#view");
  const list = (await api("/api/v1/runs?limit=100")).runs.filter((r) => r.status === "done");
  const pick = (id, label, cur) => [h("label", { for: id }, label), h("select", { id },
    list.map((r) => h("option", { value: r.id, selected: r.id === cur }, `${r.scenario} — ${r.kind} — ${new Date(r.created).toLocaleString()}`)))];
  const form = h("form", { class: "compare-form", onsubmit: (e) => {
    e.preventDefault(); navigate(`/compare?a=${$("#cmp-a").value}&b=${$("#cmp-b").value}`);
  } }, h("div", { class: "cols" }, h("div", {}, ...pick("cmp-a", "Run A", a ?? list[1]?.id)), h("div", {}, ...pick("cmp-b", "Run B", b ?? list[0]?.id))),
  h("div", { class: "buttons" }, h("button", { type: "submit" }, "Compare")));
  const parts = [h("h2", {}, "Compare two runs"), form];
  if (a && b) {
    try {
      const [ra, rb] = await Promise.all([api("/api/v1/runs/" + a), api("/api/v1/runs/" + b)]);
      if (!ra.result || !rb.result) throw new Error("both runs must have finished with a result");
      const wa = welfareOf(ra), wb = welfareOf(rb);
      const common = Object.keys(wa).filter((k) => k in wb);
      const names = Object.fromEntries((ra.result.countries || []).map((c) => [c.code, c.name]));
      let rows = common.map((k) => ({ code: k, label: names[k] ? `${names[k]} (${k})` : k, name: names[k] || k, value: wb[k] - wa[k] }));
      const limit = rows.length > TOP && ra.result.countries ? largest(ra.result.countries.filter((c) => c.code in wb), TOP) : null;
      rows.sort((x, y) => y.value - x.value);
      parts.push(
        h("div", { class: "cols" },
          h("div", {}, h("h3", {}, `A: ${ra.scenario} (${ra.kind})`), h("p", {}, h("a", { href: "/runs/" + ra.id, "data-nav": "" }, "open run A")), h("p", { class: "summary" }, summaryOf(ra))),
          h("div", {}, h("h3", {}, `B: ${rb.scenario} (${rb.kind})`), h("p", {}, h("a", { href: "/runs/" + rb.id, "data-nav": "" }, "open run B")), h("p", { class: "summary" }, summaryOf(rb)))),
        chartBlock("compare-chart", "Welfare difference, B − A, percentage points", `${common.length} countries in both runs.`, rows, "welfare_pp_b_minus_a", `compare-${a}-${b}`, { limit }),
        table("Welfare side by side", ["code", "A %", "B %", "B − A, pp"],
          rows.filter((r) => !limit || limit.has(r.code)).map((r) => [r.code, num(wa[r.code]), num(wb[r.code]), num(r.value)]), `compare-${a}-${b}-table`, [0, 1, 1, 1]));
    } catch (e) { parts.push(h("p", { class: "error" }, e.message)); }
  } else if (list.length < 2) {
    parts.push(h("p", { class: "hint" }, "Finish two runs first; then pick them here."));
  }
  fill(view, ...parts);
}

// ---- run list -----------------------------------------------------------
let nextPage = "";
async function refreshRuns(more) {
  try {
    const page = await api(more && nextPage ? nextPage : "/api/v1/runs?limit=15");
    const ol = $("#run-list");
    const items = page.runs.map((r) => h("li", {},
      h("a", { href: "/runs/" + r.id, "data-nav": "" }, r.scenario || "(unnamed)"), " ",
      h("span", { class: "badge " + r.status }, r.status),
      h("span", { class: "meta" }, `${r.kind} · ${new Date(r.created).toLocaleString()}`)));
    if (more) ol.append(...items); else fill(ol, ...items);
    nextPage = page.next;
    $("#more-runs").hidden = !nextPage;
  } catch (e) { /* the list is a convenience; the run view reports errors */ }
}

// ---- form ---------------------------------------------------------------
let scenarios = [];
function fillForm(name) {
  const sc = scenarios.find((x) => x.name === name);
  if (!sc) return;
  $("#yaml").value = sc.yaml;
  $("#kind").value = sc.kind;
  $("#builtin-desc").textContent = sc.description;
}

async function setupForm() {
  const data = await api("/api/v1/scenarios");
  scenarios = data.scenarios;
  const sel = $("#builtin");
  fill(sel, ...scenarios.map((x) => h("option", { value: x.name }, x.name)));
  sel.value = scenarios.some((x) => x.name === "liberation-day") ? "liberation-day" : scenarios[0].name;
  fillForm(sel.value);
  sel.addEventListener("change", () => fillForm(sel.value));
  $("#reset-btn").addEventListener("click", () => fillForm(sel.value));
  $("#run-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const err = $("#form-error"), btn = $("#run-btn");
    err.hidden = true; btn.disabled = true;
    const sc = scenarios.find((x) => x.name === sel.value);
    const text = $("#yaml").value;
    // An unedited built-in is posted by name, so the run records it as such.
    const body = sc && text === sc.yaml ? { kind: $("#kind").value, builtin: sc.name } : { kind: $("#kind").value, scenario_yaml: text };
    try {
      const r = await api("/api/v1/runs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      navigate("/runs/" + r.id);
      refreshRuns();
    } catch (e2) { err.textContent = e2.message; err.hidden = false; }
    btn.disabled = false;
  });
  $("#more-runs").addEventListener("click", () => refreshRuns(true));
}

// ---- routing ------------------------------------------------------------
function route() {
  const p = location.pathname;
  const m = p.match(/^\/runs\/([0-9a-z]+)$/);
  if (m) return showRun(m[1]);
  if (p === "/compare") {
    const q = new URLSearchParams(location.search);
    return showCompare(q.get("a"), q.get("b"));
  }
  stopPolling();
  fill($("#view"), h("p", { class: "hint" }, "Pick a scenario and press Run, or open a run from the list."));
}
function navigate(url) { history.pushState(null, "", url); route(); $("#main").focus({ preventScroll: true }); }

document.addEventListener("click", (e) => {
  const a = e.target.closest && e.target.closest("a[href]");
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || a.origin !== location.origin) return;
  if (a.hasAttribute("data-nav") || a.pathname === "/compare" || (a.pathname === "/" && !a.hash)) { e.preventDefault(); navigate(a.pathname + a.search); }
});
window.addEventListener("popstate", route);
window.addEventListener("DOMContentLoaded", async () => {
  try { await setupForm(); } catch (e) { $("#form-error").textContent = e.message; $("#form-error").hidden = false; }
  refreshRuns();
  route();
});
