// tradebloc web UI, common helpers: DOM building (h, s), number formats,
// the API call, CSV downloads and tables. Plain JS, no dependencies; the
// scripts share one global scope and load in order (index.html). The DOM is
// built with h() rather than innerHTML, so names from posted scenarios can
// never inject markup.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
// TOP economies are shown by default, the largest by GDP: the CLI's
// summary and winners/losers rank the 50 largest, and so does every view.
const TOP = 50;

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
// num writes x with d decimals; a value that rounds to zero is "0.00",
// never "-0.00" (a residual of -1e-13 is no loss).
const num = (x, d = 2) => {
  if (x === null || x === undefined || !isFinite(x)) return "–";
  const t = x.toFixed(d);
  return /^-0(\.0*)?$/.test(t) ? t.slice(1) : t;
};
const pct = (x, d = 2) => {
  const t = num(x, d);
  return t === "–" ? t : (x > 0 && /[1-9]/.test(t) ? "+" : "") + t + "%";
};
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

// table is a table with its heading and CSV button. A cell may be a DOM
// node; its CSV value is its data-csv attribute if it has one (a number
// with a marker such as ‡), else its text. Options: top(row, i) picks the
// rows shown by default, the others behind a "Show all" toggle (topLabel
// names them); notes are printed under the table (the CLI's table notes);
// id is the block's. The CSV always has every row.
function table(caption, header, rows, csvName, numeric = [], opts = {}) {
  const plain = rows.map((r) => r.map((c) => (c instanceof Node ? (c.dataset && c.dataset.csv !== undefined ? c.dataset.csv : c.textContent) : c)));
  const top = opts.top ? rows.filter((r, i) => opts.top(r, i)) : rows;
  const limited = top.length < rows.length;
  const wrap = h("div", { class: "table-block", id: opts.id });
  const render = (all) => {
    const shown = all ? rows : top;
    // A cell's node moves into the new table; the old one is dropped.
    const t = h("table", {}, h("caption", { class: "sr-only" }, caption),
      h("thead", {}, h("tr", {}, header.map((c, i) => h("th", { scope: "col", class: numeric[i] ? "num" : null }, c)))),
      h("tbody", {}, shown.map((r) => h("tr", {}, r.map((c, i) => {
        if (c instanceof Node) return h("td", { class: numeric[i] ? "num" : null }, c);
        return h("td", { class: numeric[i] ? "num" : null }, c);
      })))));
    fill(wrap, h("div", { class: "chart-head" }, h("h3", {}, caption),
      limited ? h("button", { type: "button", class: "secondary toggle", "aria-pressed": all ? "true" : "false", onclick: () => render(!all) },
        all ? `Show ${opts.topLabel || `the first ${top.length}`}` : `Show all ${rows.length}`) : null,
      csvButton(csvName, header, plain)),
    h("div", { class: "table-wrap" }, t),
    opts.notes && opts.notes.length ? h("ul", { class: "hint notes table-notes" }, opts.notes.map((n) => h("li", {}, n))) : null);
  };
  render(false);
  return wrap;
}
// short is a long text cut to n characters, the whole of it in a tooltip.
function short(text, n = 60) {
  const t = String(text ?? "");
  return t.length <= n ? t : h("span", { class: "cut", title: t, "data-csv": t }, t.slice(0, n - 1).trimEnd() + "…");
}
const yesno = (b) => h("span", { class: b ? "yes" : "no" }, b ? "yes" : "no");

const listOr = (xs, none = "nobody") => (xs && xs.length ? xs.join(", ") : none);
const q3 = (q, d = 2) => q ? `${num(q.p10, d)} / ${num(q.p50, d)} / ${num(q.p90, d)}` : "–";

// datasetOf is the name of the dataset a run was computed on: its result's
// provenance.dataset (solve, coalition), or a run-list entry's dataset
// field should the list carry one; "" when neither says.
const datasetOf = (run) => (run && ((run.result && run.result.provenance && run.result.provenance.dataset) || run.dataset)) || "";
