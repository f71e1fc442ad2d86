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
  const ps = r.countries.filter((c) => c.asked_to_adjust), psMeet = ps.filter((c) => c.meets_benchmark);
  return `Under "${r.scenario}", the balanced-trade benchmark asks the ${ps.length} persistent-surplus economies among ${r.countries.length} partners of ${r.leader} to adjust ` +
    `(${r.rule_text}). ${psMeet.length ? psMeet.map((c) => c.name).join(", ") + " meet it" : "None meets it"}.`;
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
        num(toBn(c.bilateral_balance_with_leader_after, unit), 1), num(c.balance_gdp_pct_before), num(c.balance_gdp_pct_after), c.asked_to_adjust ? yesno(c.meets_benchmark) : "not asked", c.reason]),
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
  // stable_count is the number of stable coalitions; `stable` lists the best of them.
  const n = r.stable_count ?? r.stable.length;
  const count = n === 0 ? "No coalition is stable" :
    n > r.stable.length ? `${n} stable coalitions (the ${r.stable.length} best listed)` : `${n} stable coalition${n === 1 ? "" : "s"}`;
  let txt = `The leading coalition (${r.leading_source}) is ${L.members.length ? L.members.join(", ") : "nobody"}: ` +
    `${r.leader} welfare ${pct(w[r.leader])}` + (r.leader_welfare_no_bloc_pct !== undefined ? ` (${pct(r.leader_welfare_no_bloc_pct)} with no members)` : "") +
    (t ? `, ${t.code} ${pct(t.welfare_pct)}; ${t.code}'s surplus with ${r.leader} $${num(t.surplus_with_leader_before_bn, 0)} bn → $${num(t.surplus_with_leader_after_bn, 0)} bn` : "") + ". " +
    `${count}, from ${r.solves} model solves in ${num(r.seconds, 1)} s. ` +
    `On the accession path (most dependent on ${r.leader} first) ${joins.length ? joins.join(", ") + " join" : "nobody joins"}` + (stays.length ? `; ${stays.join(", ")} stay out.` : ".");
  if (r.accession_vs_leading) txt += " " + r.accession_vs_leading;
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
    table("Stable coalitions", ["members", "internally", "externally", "group", `${r.leader} welfare %`, "vs no members, pp", "targets' surplus with leader, bn", "transshipment leakage %"],
      r.stable.map((v) => [v.members.join("+") || "(none)", yesno(v.internally_stable), yesno(v.externally_stable), yesno(v.group_stable),
        num(v.welfare_pct[r.leader]), num(v.leader_welfare_vs_no_bloc_pp, 3), num(v.targets_surplus_with_leader_bn, 1), num(v.transshipment_leakage_pct, 1)]),
      `${run.id}-stable`, [0, 0, 0, 0, 1, 1, 1, 1]),
    table("Accession path (by leverage: exports to the leader, % of GDP)", ["step", "candidate", "leverage %", "joins", "gain from joining %"],
      r.accession_path.map((s, i) => [i + 1, s.candidate, num(s.leverage_pct, 1), yesno(s.joins), num(s.gain_pct)]),
      `${run.id}-accession`, [1, 0, 1, 0, 1]),
    r.candidates_status ? table("Why each candidate is in or out of the leading coalition", ["candidate", "status", "gain from joining %", "gain from leaving %", "why"],
      r.candidates_status.map((s) => [s.code, s.status, num(s.join_gain_pct, 3), num(s.leave_gain_pct, 3), s.reason]),
      `${run.id}-candidates`, [0, 0, 1, 1, 0]) : null,
    r.required_threats ? table(`Required threat on each candidate alone, and what carrying it out costs ${r.leader}`,
      ["candidate", "threat %", `${r.leader}'s cost, pp`, `${r.leader}'s gain if it joins, pp`, "credible"],
      r.required_threats.map((d) => [d.code, d.threat_pct === null ? "> 100" : num(d.threat_pct), num(d.leader_cost_pct, 3), num(d.leader_gain_pct, 3), d.credible ? "yes" : "NOT credible"]),
      `${run.id}-threats`, [0, 1, 1, 1, 0]) : null,
    chartBlock("threat-chart", "Required threat: the extra tariff on each candidate alone that compels it to join, %",
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


// ---- line, fan and tornado charts ----------------------------------------
const PALETTE = ["#1f6fb4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#e377c2", "#7f7f7f"];

function niceTicks(lo, hi, n = 5) {
  const span = hi - lo || 1, raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => span / s <= n) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

// lineChart draws series over common x labels; a series with lo/hi arrays
// gets a band (a fan chart). Values are in the points' tooltips and data
// attributes, and the legend names every line, so colour is not the only cue.
function lineChart(id, title, labels, series, unit, digits = 2) {
  const W = 760, L = 58, R = 200, T = 14, B = 42, H = 300;
  const vals = series.flatMap((sr) => [...sr.values, ...(sr.lo || []), ...(sr.hi || [])]).filter((v) => isFinite(v));
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const padY = (hi - lo) * 0.08; lo -= padY; hi += padY;
  const n = Math.max(labels.length, 2);
  const x = (i) => L + (W - L - R) * i / (n - 1), y = (v) => T + (H - T - B) * (hi - v) / (hi - lo);
  const svg = s("svg", { id, class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title, "data-points": labels.length, "data-series": series.length });
  svg.append(s("title", {}, title));
  for (const t of niceTicks(lo, hi)) {
    svg.append(s("line", { class: t === 0 ? "axis" : "grid", x1: L, x2: W - R, y1: y(t), y2: y(t) }));
    svg.append(s("text", { x: L - 6, y: y(t) + 4, "text-anchor": "end", class: "muted" }, num(t, Math.abs(hi - lo) < 2 ? 2 : 1)));
  }
  const every = Math.ceil(labels.length / 10);
  labels.forEach((lab, i) => {
    if (i % every) return;
    const [a, b] = String(lab).split("\n");
    const tx = s("text", { x: x(i), y: H - B + 16, "text-anchor": "middle", class: "muted" }, a);
    svg.append(tx);
    if (b) svg.append(s("text", { x: x(i), y: H - B + 30, "text-anchor": "middle", class: "muted" }, b));
  });
  svg.append(s("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
  series.forEach((sr, k) => {
    const c = sr.color || PALETTE[k % PALETTE.length];
    const g = s("g", { class: "series", "data-name": sr.name });
    if (sr.lo && sr.hi) {
      const pts = sr.hi.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).concat(sr.lo.map((v, i) => [i, v]).reverse().map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
      g.append(s("polygon", { class: "band", points: pts.join(" "), fill: c }));
    }
    g.append(s("polyline", { class: "line", stroke: c, points: sr.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ") }));
    sr.values.forEach((v, i) => {
      const pt = s("circle", { cx: x(i), cy: y(v), r: 3, fill: c, "data-value": String(v) });
      const band = sr.lo && sr.hi ? ` (p10 ${num(sr.lo[i], digits)}, p90 ${num(sr.hi[i], digits)})` : "";
      pt.append(s("title", {}, `${sr.name}, ${String(labels[i]).replace("\n", " ")}: ${num(v, digits)} ${unit}${band}`));
      g.append(pt);
    });
    svg.append(g);
    const ly = T + 8 + 18 * k;
    svg.append(s("rect", { x: W - R + 14, y: ly - 8, width: 14, height: 10, fill: c }));
    const name = sr.name.length > 28 ? sr.name.slice(0, 27) + "…" : sr.name;
    svg.append(s("text", { x: W - R + 34, y: ly + 1 }, name));
  });
  return svg;
}

// tornadoChart: for each parameter, the outcome at its low (blue) and high
// (red) value around the central outcome, widest first.
function tornadoChart(id, t) {
  const W = 760, L = 150, M = 90, rowH = 40, T = 24; // M: room for the value labels either side
  const bars = [...t.bars].sort((a, b) => Math.abs(b.outcome_at_high - b.outcome_at_low) - Math.abs(a.outcome_at_high - a.outcome_at_low));
  const H = T + rowH * bars.length + 34;
  let lo = Math.min(t.base, ...bars.flatMap((b) => [b.outcome_at_low, b.outcome_at_high]));
  let hi = Math.max(t.base, ...bars.flatMap((b) => [b.outcome_at_low, b.outcome_at_high]));
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const x = (v) => L + M + (W - L - 2 * M) * (v - lo) / (hi - lo);
  const svg = s("svg", { id, class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Sensitivity (tornado): " + t.outcome, "data-bars": bars.length });
  svg.append(s("title", {}, "Sensitivity (tornado): " + t.outcome));
  svg.append(s("rect", { x: L, y: 4, width: 12, height: 10, fill: PALETTE[0] }), s("text", { x: L + 16, y: 13 }, "parameter at its low value"),
    s("rect", { x: L + 190, y: 4, width: 12, height: 10, fill: PALETTE[1] }), s("text", { x: L + 206, y: 13 }, "at its high value"));
  bars.forEach((b, k) => {
    const y0 = T + rowH * k;
    svg.append(s("text", { x: L - 8, y: y0 + 17, "text-anchor": "end" }, b.parameter.replace(/_/g, " ")));
    [[b.outcome_at_low, b.low, PALETTE[0], "low"], [b.outcome_at_high, b.high, PALETTE[1], "high"]].forEach(([v, p, c, which], m) => {
      const a = Math.min(x(t.base), x(v)), w = Math.max(Math.abs(x(v) - x(t.base)), 1);
      const r = s("rect", { class: "bar", x: a, y: y0 + 4 + m * 14, width: w, height: 12, fill: c, "data-parameter": b.parameter, "data-which": which, "data-value": String(v) });
      r.append(s("title", {}, `${b.parameter} = ${p} (${which}): ${num(v, 3)}`));
      svg.append(r);
      const right = v >= t.base;
      svg.append(s("text", { x: right ? a + w + 4 : a - 4, y: y0 + 14 + m * 14, "text-anchor": right ? "start" : "end", class: "muted" }, `${p} → ${num(v, 3)}`));
    });
  });
  svg.append(s("line", { class: "axis", x1: x(t.base), x2: x(t.base), y1: T - 4, y2: H - 28 }));
  svg.append(s("text", { x: x(t.base), y: H - 12, "text-anchor": "middle" }, `${num(t.base, 3)} at central values`));
  return svg;
}

// figure is a chart with its heading, a note and a CSV download.
function figure(id, title, note, chart, csvName, header, rows) {
  return h("section", { class: "chart-block", "aria-labelledby": id + "-h" },
    h("div", { class: "chart-head" }, h("h3", { id: id + "-h" }, title), csvButton(csvName, header, rows)),
    note ? h("p", { class: "hint" }, note) : null, chart);
}

const listOr = (xs, none = "nobody") => (xs && xs.length ? xs.join(", ") : none);
const q3 = (q, d = 2) => q ? `${num(q.p10, d)} / ${num(q.p50, d)} / ${num(q.p90, d)}` : "–";

// ---- simulate -----------------------------------------------------------
function simulateSummary(r) {
  const L = r.leader, R = r.rounds.length - 1, first = r.rounds[0], last = r.rounds[R], m = last.members;
  const relief = Object.entries(r.relief_from_round).filter(([, t]) => t !== null && t > 0).sort((a, b) => a[1] - b[1]);
  const never = Object.entries(r.relief_from_round).filter(([, t]) => t === null).map(([p]) => p);
  return `Played ${R} quarters of "${r.scenario}" from ${r.start}` + (r.history_schedule ? ` (round 0 is the record: US schedule ${r.history_schedule})` : "") + ". " +
    `By ${last.date} the bloc is ${listOr(m.bloc)}, ${L} grants relief to ${listOr(m.relief)} and escalates on ${listOr(m.escalated)}` +
    (m.counter_bloc.length ? `; ${m.counter_bloc.join(", ")} formed a counter-bloc` : "") + ". " +
    `${L}'s trade balance goes from ${num(first.balances_gdp_pct[L])}% to ${num(last.balances_gdp_pct[L])}% of GDP and its welfare changes by ${pct(last.welfare_pct[L], 3)}. ` +
    (relief.length ? `Relief came to ${relief.map(([p, t]) => `${p} in round ${t}`).join(", ")}` : "Nobody earned relief") +
    (never.length ? `; ${never.join(", ")} never got it.` : ".");
}

function statusOf(round, p) {
  const m = round.members;
  if (m.bloc.includes(p)) return ["bloc", "bloc"];
  if (m.counter_bloc.includes(p)) return ["counter-bloc", "counter"];
  if (m.relief.includes(p)) return ["relief", "relief"];
  if (m.escalated.includes(p)) return ["escalated", "escalated"];
  return ["–", "none"];
}

function simulateView(run) {
  const r = run.result, L = r.leader, rounds = r.rounds;
  const labels = rounds.map((x) => `${x.t}\n${x.date.slice(0, 7)}`);
  const bal = rounds.map((x) => x.balances_gdp_pct[L]), wel = rounds.map((x) => x.welfare_pct[L]);
  const statusRows = r.players.map((p) => [p, ...rounds.map((x) => {
    const [text, cls] = statusOf(x, p), act = x.actions && x.actions[p];
    return h("span", { class: "status-" + cls, title: act ? `chose: ${act}` : null }, act ? `${text} · ${act}` : text);
  })]);
  const events = rounds.flatMap((x) => (x.events || []).map((e) => [x.t, x.date, e.player || "", e.kind, e.text]));
  return [
    h("p", { class: "summary", id: "summary" }, simulateSummary(r)),
    figure("balance-chart", `${L}'s trade balance by round, % of GDP`, "Round 0 is the start; each round is a quarter.",
      lineChart("balance-chart", `${L}'s trade balance by round, % of GDP`, labels, [{ name: L + " balance", values: bal }], "% of GDP"),
      `${run.id}-leader-balance`, ["round", "date", "balance_gdp_pct"], rounds.map((x, i) => [x.t, x.date, bal[i]])),
    figure("leader-welfare-chart", `${L} welfare by round, % change`, null,
      lineChart("leader-welfare-chart", `${L} welfare by round, % change`, labels, [{ name: L + " welfare", values: wel, color: PALETTE[2] }], "%", 3),
      `${run.id}-leader-welfare`, ["round", "date", "welfare_pct"], rounds.map((x, i) => [x.t, x.date, wel[i]])),
    table("Each player's status by round (· the move it chose)", ["player", ...rounds.map((x) => `${x.t} (${x.date.slice(0, 7)})`)], statusRows, `${run.id}-status`),
    table(`Balances by round, % of GDP`, ["player", ...rounds.map((x) => String(x.t))],
      [...r.players, L].map((p) => [p, ...rounds.map((x) => num(x.balances_gdp_pct[p]))]), `${run.id}-balances`, [0, ...rounds.map(() => 1)]),
    table("Events", ["round", "date", "player", "kind", "what happened"], events, `${run.id}-events`, [1, 0, 0, 0, 0]),
    h("section", {}, h("h3", {}, "Rules in force"), h("ul", { class: "lessons" }, r.rules.map((x) => h("li", {}, x)))),
    h("p", { class: "hint" }, `${r.solves} model solves in ${num(r.seconds, 1)} s; players ${r.players.join(", ")}; targets ${r.targets.join(", ")}.`),
  ];
}

// ---- playbook -----------------------------------------------------------
function playbookSummary(r) {
  const l = r.lessons, w = Object.fromEntries(r.welfare_pct.map((x) => [x.code, x.pct]));
  return `${r.name} (${r.period}): ${r.summary}. On today's data, with ${r.leader} leading against ${r.target} and the coalition ${listOr(r.members)}, ` +
    `the defining feature ${r.feature.holds ? "holds" : "does not hold"}. ${r.target}'s welfare changes by ${pct(w[r.target], 3)} and ${r.leader}'s by ${pct(w[r.leader], 3)}. ` +
    (l.united ? "The coalition holds together: no member gains by defecting. " : `Unity is fragile: ${l.most_tempted} would gain ${num(l.max_defection_gain_pct, 3)} pp by defecting. `) +
    `The coalition buys ${num(l.coalition_share_of_target_exports_pct, 1)}% of the target's exports; ${num(l.absorbed_by_rest_pct, 1)}% of what it loses there is absorbed by the rest of the world.`;
}

function playbookView(run) {
  const r = run.result, l = r.lessons;
  const welfare = [...r.welfare_pct].sort((a, b) => b.pct - a.pct).map((x) => ({ code: x.code, label: `${x.code} (${x.role})`, name: x.role, value: x.pct }));
  const lessons = [
    ["unity", "largest welfare gain from defecting, pp", num(l.max_defection_gain_pct, 3), `${l.most_tempted || "–"} most tempted; ${l.united ? "united" : "not united"}`],
    ["leverage", `${r.target}'s welfare, %`, num(l.target_welfare_pct, 3), ""],
    ["leverage", `coalition's share of ${r.target}'s exports, %`, num(l.coalition_share_of_target_exports_pct, 1), ""],
    ["integration", "coalition's internal share of its members' trade, % (before → after)", `${num(l.integration_before_pct, 1)} → ${num(l.integration_after_pct, 1)}`, ""],
    ["counter-bloc absorption", "share of lost sales absorbed by the rest of the world, %", num(l.absorbed_by_rest_pct, 1), ""],
  ];
  const sd = r.sanctions_data;
  return [
    h("p", { class: "summary", id: "summary" }, playbookSummary(r)),
    h("section", { "aria-labelledby": "feature-h" }, h("h3", { id: "feature-h" }, "Defining feature"),
      h("div", { class: "feature" + (r.feature.holds ? "" : " no"), id: "feature" }, h("strong", {}, r.feature.holds ? "Holds. " : "Does not hold. "), r.feature.text)),
    table("The four lessons of history, measured for today's version", ["lesson", "measure", "value", "note"], lessons, `${run.id}-lessons`, [0, 0, 1, 0]),
    chartBlock("welfare-chart", "Welfare change by economy, %", `Leader ${r.leader}, target ${r.target}, coalition members${r.special ? " and special cases (" + r.special.join(", ") + ")" : ""}.`,
      welfare, "welfare_pct", `${run.id}-welfare`, { digits: 3 }),
    h("section", {}, h("h3", {}, "The episode and today's version"), h("dl", { class: "account" },
      h("dt", {}, "Dates"), h("dd", {}, r.account.dates), h("dt", {}, "Members then"), h("dd", {}, r.account.members),
      h("dt", {}, "Outcome"), h("dd", {}, r.account.outcome), h("dt", {}, "Today's version"), h("dd", {}, r.mechanism),
      h("dt", {}, "Coalition today"), h("dd", {}, listOr(r.members)), h("dt", {}, "Sources"), h("dd", {}, r.account.sources.join("; ")))),
    sd ? table("What the sanctions data say", ["dataset", "statistic", "value"], [
      ["TIES v4.1", "imposed sanctions 1945–2005", sd.ties_cases], ["TIES v4.1", "success, % of resolved cases", num(sd.ties_success_pct, 1)],
      ["TIES v4.1", "US-led, success %", num(sd.ties_us_sender_success_pct, 1)], ["TIES v4.1", "against a formal ally, success %", num(sd.ties_allied_target_success_pct, 1)],
      ...Object.keys(sd.martin_cases_by_senders).sort().map((k) => ["Martin (1992)", `${k} sender(s): cases; mean cost to senders (1 gain … 4 major loss); high cooperation %`,
        `${sd.martin_cases_by_senders[k]}; ${num(sd.martin_mean_cost_by_senders[k])}; ${num(sd.martin_high_cooperation_pct_by_senders[k], 0)}`]),
    ], `${run.id}-sanctions`, [0, 0, 1]) : null,
    r.notes && r.notes.length ? h("ul", { class: "hint" }, r.notes.map((n) => h("li", {}, n))) : null,
  ];
}

// ---- plan ---------------------------------------------------------------
function planSummary(r) {
  const L = r.leader, bs = r.branches;
  const likely = [...bs].sort((a, b) => b.probability - a.probability)[0];
  const byW = [...bs].sort((a, b) => a.outcomes.welfare_pct[L].p50 - b.outcomes.welfare_pct[L].p50);
  const worst = byW[0], best = byW[byW.length - 1];
  const sp = likely.signposts && likely.signposts[0];
  const tor = r.tornado && [...r.tornado.bars].sort((a, b) => Math.abs(b.outcome_at_high - b.outcome_at_low) - Math.abs(a.outcome_at_high - a.outcome_at_low))[0];
  return `Plan "${r.plan}": ${bs.length} branches played ${r.rounds} quarters from ${r.start}, ${r.draws} Monte Carlo draws each (${num(r.seconds, 1)} s). ` +
    `The most likely branch is ${likely.name} (p = ${num(likely.probability)}). ${L}'s welfare at the end is best under ${best.name} (median ${pct(best.outcomes.welfare_pct[L].p50, 3)}) ` +
    `and worst under ${worst.name} (${pct(worst.outcomes.welfare_pct[L].p50, 3)}). ` +
    (sp ? `Signpost for ${likely.name}: by ${sp.date}, ${sp.indicator} ${sp.direction} ${num(sp.threshold)} (right ${num(100 * sp.hit_rate, 0)}% of the time). ` : "") +
    (tor ? `The outcome is most sensitive to ${tor.parameter.replace(/_/g, " ")}.` : "");
}

function planView(run) {
  const r = run.result, L = r.leader, bs = r.branches;
  const memb = (b) => Object.entries(b.outcomes.membership_frequency).filter(([, f]) => f > 0).sort((a, c) => c[1] - a[1]).map(([k, f]) => `${k} ${num(100 * f, 0)}%`).join(", ") || "–";
  const ranked = (xs) => (xs || []).map((x) => `${x.code} ${num(x.welfare_pct.p50)}`).join(", ");
  const sig = (sp) => sp ? `${sp.indicator} ${sp.direction} ${num(sp.threshold)} by ${sp.date}` : "–";
  const branchRows = bs.map((b) => [h("span", { title: b.description || "" }, b.name), num(b.probability), q3(b.outcomes.welfare_pct[L], 3), q3(b.outcomes.balances_gdp_pct[L]),
    memb(b), h("span", {}, sig(b.signposts[0]))]);
  const fanLabels = (bs[0]?.fan_leader_balance_gdp_pct || []).map((p) => `${p.t}\n${p.date.slice(0, 7)}`);
  const fanSeries = bs.map((b) => ({ name: `${b.name} (p ${num(b.probability)})`, values: b.fan_leader_balance_gdp_pct.map((p) => p.p50),
    lo: b.fan_leader_balance_gdp_pct.map((p) => p.p10), hi: b.fan_leader_balance_gdp_pct.map((p) => p.p90) }));
  const sigRows = bs.flatMap((b) => b.signposts.map((sp) => [b.name, sp.indicator, sp.date, `${sp.direction} ${num(sp.threshold)}`, q3(sp.branch), num(sp.others_p50), num(sp.hit_rate)]));
  const players = Object.keys(bs[0]?.outcomes.welfare_pct || {}).sort();
  const params = Object.entries(r.parameters).map(([k, g]) => `${k.replace(/_/g, " ")} ${g.low}–${g.high}`).join(", ");
  return [
    h("p", { class: "summary", id: "summary" }, planSummary(r)),
    table("Branches: probability, outcome ranges at the last round (p10 / p50 / p90), membership, signposts",
      ["branch", "probability", `${L} welfare %`, `${L} balance % GDP`, "bloc membership (share of draws)", "first signpost"],
      branchRows, `${run.id}-branches`, [0, 1, 1, 1, 0, 0]),
    h("ul", { class: "hint" }, bs.map((b) => h("li", {}, h("strong", {}, b.name + ": "), b.description || (b.moves || []).join(", ") || "–"))),
    figure("fan-chart", `Fan chart: ${L}'s trade balance by round, % of GDP`, "Each branch's median (line) and p10–p90 band over the draws.",
      lineChart("fan-chart", `Fan chart: ${L}'s balance by round and branch, % of GDP`, fanLabels, fanSeries, "% of GDP"),
      `${run.id}-fan`, ["branch", "round", "date", "p10", "p50", "p90"], bs.flatMap((b) => b.fan_leader_balance_gdp_pct.map((p) => [b.name, p.t, p.date, p.p10, p.p50, p.p90]))),
    r.tornado ? figure("tornado-chart", "Sensitivity (tornado)", r.tornado.outcome + "; each parameter from its low to its high value, the others central.",
      tornadoChart("tornado-chart", r.tornado), `${run.id}-tornado`, ["parameter", "low", "high", "outcome_at_low", "outcome_at_high"],
      r.tornado.bars.map((b) => [b.parameter, b.low, b.high, b.outcome_at_low, b.outcome_at_high])) : null,
    table("Winners and losers to position for (median welfare %, among the 50 largest economies)", ["branch", "winners", "losers"],
      bs.map((b) => [b.name, ranked(b.winners), ranked(b.losers)]), `${run.id}-winners-losers`),
    table("Signposts: what to watch, and the value that tells each branch apart", ["branch", "indicator", "date", "watch for", "branch p10 / p50 / p90", "others p50", "hit rate"],
      sigRows, `${run.id}-signposts`, [0, 0, 0, 0, 1, 1, 1]),
    table("Welfare by player and branch, % (p10 / p50 / p90)", ["player", ...bs.map((b) => b.name)],
      players.map((p) => [p, ...bs.map((b) => q3(b.outcomes.welfare_pct[p], 2))]), `${run.id}-welfare-ranges`, [0, ...bs.map(() => 1)]),
    h("p", { class: "hint" }, `Parameters drawn uniformly: ${params}; seed ${r.seed}; ${r.solves} solves (${num(r.solves_per_second, 0)}/s on ${r.workers} workers).` +
      (r.coalition ? ` Coalition game (K = ${r.coalition.candidates}, θ = ${r.coalition.trade_elasticity}): leading coalition ${listOr(r.coalition.members, "none")}.` : "")),
  ];
}

const views = { solve: solveView, benchmark: benchmarkView, coalition: coalitionView, simulate: simulateView, playbook: playbookView, plan: planView };

// welfareOf is a run's welfare by country, for comparisons (the last round
// of a simulation); plans have ranges, not one value, and are not compared.
const COMPARABLE = new Set(["solve", "benchmark", "coalition", "simulate", "playbook"]);
function welfareOf(run) {
  const r = run.result;
  if (run.kind === "coalition") return Object.fromEntries(Object.entries(r.leading.welfare_pct));
  if (run.kind === "simulate") return { ...r.rounds[r.rounds.length - 1].welfare_pct };
  if (run.kind === "playbook") return Object.fromEntries(r.welfare_pct.map((x) => [x.code, x.pct]));
  return Object.fromEntries(r.countries.map((c) => [c.code, c.welfare_pct]));
}
function summaryOf(run) {
  switch (run.kind) {
    case "solve": return run.summary;
    case "benchmark": return benchmarkSummary(run.result);
    case "coalition": return coalitionSummary(run.result);
    case "simulate": return simulateSummary(run.result);
    case "playbook": return playbookSummary(run.result);
    default: return planSummary(run.result);
  }
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
    pollTimer = setTimeout(() => showRun(id), ["coalition", "simulate", "plan"].includes(run.kind) ? 600 : 250);
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
  const list = (await api("/api/v1/runs?limit=100")).runs.filter((r) => r.status === "done" && COMPARABLE.has(r.kind));
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
let scenarios = [], playbooks = [], plans = [];
const SCENARIO_KINDS = new Set(["solve", "benchmark", "coalition", "simulate"]);

// showFields shows the inputs of the chosen analysis and hides the others;
// the text area holds the scenario or, for plans, the plan.
function showFields() {
  const kind = $("#kind").value;
  $("#scenario-fields").hidden = !SCENARIO_KINDS.has(kind);
  $("#simulate-fields").hidden = kind !== "simulate";
  $("#playbook-fields").hidden = kind !== "playbook";
  $("#plan-fields").hidden = kind !== "plan";
  $("#text-fields").hidden = kind === "playbook";
  $("#reset-btn").hidden = kind === "playbook";
  $("#yaml-label").textContent = kind === "plan" ? "Plan (YAML; edit freely)" : "Scenario (YAML or JSON; edit freely)";
  if (kind === "plan") fillPlan($("#plan").value);
  else if (SCENARIO_KINDS.has(kind)) {
    const sc = scenarios.find((x) => x.name === $("#builtin").value);
    // A simulation needs a coalition block: offer the built-in that has one.
    if (kind === "simulate" && sc && sc.kind !== "coalition") {
      const c = scenarios.find((x) => x.kind === "coalition");
      if (c) $("#builtin").value = c.name;
    }
    fillScenario($("#builtin").value, false);
  }
}

function fillScenario(name, setKind = true) {
  const sc = scenarios.find((x) => x.name === name);
  if (!sc) return;
  $("#yaml").value = sc.yaml;
  // Picking a built-in suggests the analysis it is made for (a coalition
  // scenario may also be simulated).
  if (setKind && !($("#kind").value === "simulate" && sc.kind === "coalition")) $("#kind").value = sc.kind;
  $("#builtin-desc").textContent = sc.description;
}
function fillPlan(name) {
  const pl = plans.find((x) => x.name === name);
  if (!pl) return;
  $("#yaml").value = pl.yaml;
  const first = pl.description.split(/(?<=\.)\s/)[0];
  $("#plan-desc").textContent = `${first} Branches: ${pl.branches.map((b) => `${b.name} (${b.probability})`).join(", ")}.`;
  $("#plan-draws").value = pl.draws;
  $("#plan-seed").value = pl.seed;
}
function fillPlaybook(name) {
  const pb = playbooks.find((x) => x.name === name);
  if (pb) $("#playbook-desc").textContent = `${pb.period}: ${pb.summary}. Today: ${pb.mechanism}.`;
}

// requestBody is the POST body for the form's analysis.
function requestBody() {
  const kind = $("#kind").value, text = $("#yaml").value;
  const int = (sel) => { const v = $(sel).value.trim(); return v === "" ? undefined : Number(v); };
  if (kind === "playbook") return { kind, playbook: $("#playbook").value, leader: $("#pb-leader").value.trim().toUpperCase() || undefined, target: $("#pb-target").value.trim().toUpperCase() || undefined };
  if (kind === "plan") {
    const pl = plans.find((x) => x.name === $("#plan").value);
    const body = pl && text === pl.yaml ? { kind, builtin_plan: pl.name } : { kind, plan_yaml: text };
    const draws = int("#plan-draws"), seed = int("#plan-seed");
    if (draws !== undefined && (!pl || draws !== pl.draws || !body.builtin_plan)) body.draws = draws;
    if (seed !== undefined && (!pl || seed !== pl.seed || !body.builtin_plan)) body.seed = seed;
    return body;
  }
  const sc = scenarios.find((x) => x.name === $("#builtin").value);
  // An unedited built-in is posted by name, so the run records it as such.
  const body = sc && text === sc.yaml ? { kind, builtin: sc.name } : { kind, scenario_yaml: text };
  if (kind === "simulate") {
    const start = $("#sim-start").value, rounds = int("#sim-rounds");
    if (start && start !== "2026-03-01") body.start = start;
    if (rounds !== undefined && rounds !== 8) body.rounds = rounds;
    const moves = $("#sim-moves").value.split(/[\s,;]+/).filter(Boolean);
    if (moves.length) body.moves = moves;
    if ($("#sim-scripted").checked) body.scripted = true;
  }
  return body;
}

async function setupForm() {
  const [sd, pd, pld] = await Promise.all([api("/api/v1/scenarios"), api("/api/v1/playbooks"), api("/api/v1/plans")]);
  scenarios = sd.scenarios; playbooks = pd.playbooks; plans = pld.plans;
  const sel = $("#builtin");
  fill(sel, ...scenarios.map((x) => h("option", { value: x.name }, x.name)));
  sel.value = scenarios.some((x) => x.name === "liberation-day") ? "liberation-day" : scenarios[0].name;
  fill($("#playbook"), ...playbooks.map((x) => h("option", { value: x.name }, `${x.name} (${x.period})`)));
  fill($("#plan"), ...plans.map((x) => h("option", { value: x.name }, x.name)));
  fillPlaybook($("#playbook").value);
  fillScenario(sel.value);
  showFields();
  sel.addEventListener("change", () => fillScenario(sel.value));
  $("#kind").addEventListener("change", showFields);
  $("#playbook").addEventListener("change", () => fillPlaybook($("#playbook").value));
  $("#plan").addEventListener("change", () => fillPlan($("#plan").value));
  $("#reset-btn").addEventListener("click", () => ($("#kind").value === "plan" ? fillPlan($("#plan").value) : fillScenario(sel.value, false)));
  $("#run-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const err = $("#form-error"), btn = $("#run-btn");
    err.hidden = true; btn.disabled = true;
    try {
      const r = await api("/api/v1/runs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(requestBody()) });
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
  fill($("#view"), h("p", { class: "hint" }, "Choose an analysis and press Run, or open a run from the list."));
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
