// tradebloc web UI, the compare view: two finished runs side by side.
"use strict";

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
