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

const listOr = (xs, none = "nobody") => (xs && xs.length ? xs.join(", ") : none);
const q3 = (q, d = 2) => q ? `${num(q.p10, d)} / ${num(q.p50, d)} / ${num(q.p90, d)}` : "–";
