// tradebloc web UI, charts: bar, line/fan and tornado charts, each an SVG
// drawn here with its values in tooltips and data attributes.
"use strict";

// ---- charts -------------------------------------------------------------
// barChart draws one horizontal bar per row, sorted as given, around a zero
// axis; values are printed beside the bars so colour is never the only cue.
// A row with lo and hi (an uncertainty band) gets a whisker across its bar;
// one with part (a share of the value, e.g. the valuation of a fixed
// deficit) gets a dark segment from the axis of that length, named in its
// tooltip and in a legend above the bars; one with flag (a data-quality
// flag) a ⚑ after its label. A value under half a display unit (0.005 at
// two decimals) prints as 0.00 and is drawn as 0, with no bar, and the
// scale is never finer than that: residuals of 1e-13 are not full bars.
// unitText is a unit as people read it: the rows' JSON key (welfare_pct,
// balance_change_bn) names the CSV column, "%" or "USD bn" the tooltip.
function unitText(unit) {
  const u = String(unit || "");
  if (/_pct$/.test(u)) return "%";
  if (/_pp(_b_minus_a)?$/.test(u)) return "pp";
  if (/_bn$/.test(u)) return "USD bn";
  return u;
}

// wrapText splits text into lines of at most n characters, at spaces: SVG
// text does not wrap, and a long legend ran past the chart's right edge.
function wrapText(text, n) {
  const lines = [];
  for (const w of String(text).split(" ")) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + " " + w).length <= n) lines[lines.length - 1] = last + " " + w;
    else lines.push(w);
  }
  return lines;
}

function barChart(id, title, rows, unitKey, digits = 2, partLegend) {
  const unit = unitText(unitKey);
  // "0.53%" but "1.2 USD bn".
  const withUnit = (v) => num(v, digits) + (unit === "%" ? "%" : unit ? " " + unit : "");
  const W = 760, labelW = 170, valueW = 70, rowH = 17;
  const eps = 0.5 * Math.pow(10, -digits);
  const z = (v) => (isFinite(v) && Math.abs(v) < eps ? 0 : v);
  const ends = (r) => [z(r.value), ...(isFinite(r.lo) && isFinite(r.hi) ? [z(r.lo), z(r.hi)] : []), ...(isFinite(r.part) ? [z(r.part)] : [])];
  const max = Math.max(eps, ...rows.flatMap((r) => ends(r).map(Math.abs)));
  const hasNeg = rows.some((r) => Math.min(...ends(r)) < 0), hasPos = rows.some((r) => Math.max(...ends(r)) > 0);
  const hasPart = rows.some((r) => isFinite(r.part) && z(r.part) !== 0);
  // The legend's lines: about 80 characters of 11-px text fit beside its
  // swatch within the 760-px width.
  const legendLines = hasPart ? wrapText(partLegend || "valuation of a balance kept fixed relative to world GDP (dark over a bar, grey beyond it): not a gain or loss from trade", 80) : [];
  const top = hasPart ? 13 + 13 * legendLines.length : 8;
  const plotW = W - labelW - 2 * valueW;
  const x0 = labelW + valueW + (hasNeg && hasPos ? plotW / 2 : hasNeg ? plotW : 0);
  const scale = (hasNeg && hasPos ? plotW / 2 : plotW) / max;
  const H = top + rows.length * rowH + 6;
  const svg = s("svg", { id, class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title, "data-shown": rows.length });
  svg.append(s("title", {}, title));
  if (hasPart) {
    // The legend: the dark segment may lie on the other side of the axis
    // from its bar (a gain of which the valuation is a loss).
    // The swatch is a piece of bar with the segment across its end: the
    // segment reads dark over a bar and grey beyond it.
    const lx = labelW + valueW;
    svg.append(s("rect", { class: "pos", x: lx, y: 6, width: 14, height: 10 }), s("rect", { class: "legend-part", x: lx + 7, y: 6, width: 14, height: 10 }),
      s("text", { x: lx + 27, y: 15, class: "legend" }, legendLines.map((l, i) => s("tspan", { x: lx + 27, dy: i ? 13 : 0 }, i < legendLines.length - 1 ? l + " " : l))));
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH, v = z(r.value), len = Math.abs(v) * scale;
    const x = v < 0 ? x0 - len : x0;
    const lab = r.flag ? (r.label.length > 26 ? r.label.slice(0, 25) + "…" : r.label) + " ⚑" : (r.label.length > 28 ? r.label.slice(0, 27) + "…" : r.label);
    const labEl = s("text", r.flag ? { x: 4, y: y + 12, class: "flagged" } : { x: 4, y: y + 12 }, lab);
    if (r.flag) labEl.append(s("title", {}, `${r.label}: ${r.flag}`));
    svg.append(labEl);
    const band = isFinite(r.lo) && isFinite(r.hi);
    const bar = s("rect", { class: "bar " + (v < 0 ? "neg" : v > 0 ? "pos" : "zero"), x, y: y + 3, width: v === 0 ? 0 : Math.max(len, 0.5), height: rowH - 5,
      "data-code": r.code, "data-value": String(r.value) });
    bar.append(s("title", {}, `${r.label}: ${withUnit(r.value)}` + (band ? ` (${r.bandLabel || "band"} ${num(r.lo, digits)} to ${num(r.hi, digits)})` : "")));
    svg.append(bar);
    let tx = v < 0 ? x - 4 : x + len + 4;
    const part = z(r.part);
    if (isFinite(part) && part !== 0) {
      const pl = Math.abs(part) * scale, px = part < 0 ? x0 - pl : x0;
      const seg = s("rect", { class: "part", x: px, y: y + 3, width: Math.max(pl, 0.5), height: rowH - 5, "data-code": r.code, "data-part": String(r.part) });
      seg.append(s("title", {}, `${r.label}: ${withUnit(r.value)}, of which ${num(r.part, digits)} pp ${r.partLabel || ""}`));
      svg.append(seg);
      // A part longer than its bar (a gain smaller than its valuation)
      // pushes the value's label past it.
      if ((part < 0) === (v < 0)) tx = v < 0 ? Math.min(tx, px - 4) : Math.max(tx, px + pl + 4);
    }
    if (band) {
      // The whisker: a line from lo to hi with end caps, across the bar.
      const xl = x0 + z(r.lo) * scale, xh = x0 + z(r.hi) * scale, ym = y + 3 + (rowH - 5) / 2;
      const w = s("g", { class: "whisker", "data-code": r.code, "data-lo": String(r.lo), "data-hi": String(r.hi) });
      w.append(s("line", { x1: xl, x2: xh, y1: ym, y2: ym }), s("line", { x1: xl, x2: xl, y1: y + 4, y2: y + rowH - 3 }),
        s("line", { x1: xh, x2: xh, y1: y + 4, y2: y + rowH - 3 }));
      w.append(s("title", {}, `${r.label}: ${r.bandLabel || "band"} ${num(r.lo, digits)} to ${withUnit(r.hi)}`));
      svg.append(w);
      tx = v < 0 ? Math.min(x, xl) - 4 : Math.max(x + len, xh) + 4;
    }
    svg.append(s("text", { x: tx, y: y + 12, "text-anchor": v < 0 ? "end" : "start" }, num(r.value, digits)));
  });
  svg.append(s("line", { class: "axis", x1: x0, x2: x0, y1: top, y2: H - 4 }));
  return svg;
}

// chartBlock is a chart with its heading, optional toggle and CSV button.
// opts.limit is the set of codes shown by default ("Show all" shows every
// row); rows with a flag (data-quality flag) are left out of "all" unless
// their own toggle adds them, and named in a note, so that an artefact of
// the data never tops a chart unmarked.
function chartBlock(id, title, note, rows, unit, csvName, opts = {}) {
  const wrap = h("section", { class: "chart-block", "aria-labelledby": id + "-h" });
  const flagged = rows.filter((r) => r.flag);
  const render = (all, withFlagged) => {
    const pool = withFlagged ? rows : rows.filter((r) => !r.flag || (opts.limit && opts.limit.has(r.code)));
    const shown = all || !opts.limit ? pool : rows.filter((r) => opts.limit.has(r.code));
    const left = flagged.filter((r) => !shown.includes(r));
    fill(wrap,
      h("div", { class: "chart-head" },
        h("h3", { id: id + "-h" }, title),
        opts.limit ? h("button", { type: "button", class: "secondary toggle", "aria-pressed": all ? "true" : "false",
          onclick: () => render(!all, withFlagged) }, all ? `Show the ${opts.limit.size} largest` : `Show all ${pool.length}`) : null,
        all && flagged.length ? h("button", { type: "button", class: "secondary toggle-flagged", "aria-pressed": withFlagged ? "true" : "false",
          onclick: () => render(all, !withFlagged) }, withFlagged ? `Leave out the ${flagged.length} flagged` : `Include the ${flagged.length} flagged`) : null,
        opts.band ? csvButton(csvName, ["code", "name", unit, "band_low", "band_high"], shown.map((r) => [r.code, r.name ?? r.label, r.value, r.lo, r.hi]))
          : csvButton(csvName, ["code", "name", unit], shown.map((r) => [r.code, r.name ?? r.label, r.value]))),
      note ? h("p", { class: "hint" }, note) : null,
      barChart(id, title, shown, unit, opts.digits, opts.partLegend),
      flagged.length && (all || flagged.some((r) => shown.includes(r))) ? h("p", { class: "hint flag-note", id: id + "-flagged" },
        "⚑ Data flag — " + [...new Set(flagged.map((r) => r.flag))].map((why) => `${why}: ` +
          flagged.filter((r) => r.flag === why).map((r) => `${r.code} ${num(r.value, opts.digits ?? 2)}`).join(", ")).join("; ") +
        (left.length ? ". Left out of this chart unless included; do not read them as winners or losers." : ". Do not read them as winners or losers.")) : null);
  };
  render(false, false);
  return wrap;
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
