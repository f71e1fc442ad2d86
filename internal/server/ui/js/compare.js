// tradebloc web UI, the compare view: two finished runs side by side.
"use strict";

// The measures two runs are compared on, each a percent by economy: real
// income, the trade balance after the scenario (% of GDP), the consumer
// price index and employment. A kind of run offers those its result has
// (plans have ranges, not one value, and are not compared).
const COMPARABLE = new Set(["solve", "benchmark", "coalition", "simulate", "playbook"]);
const MEASURES = [
  { key: "welfare", id: "compare-chart", title: "Welfare (real income)", unit: "%" },
  { key: "balance", id: "compare-balance-chart", title: "Trade balance after, % of GDP", unit: "% of GDP" },
  { key: "prices", id: "compare-prices-chart", title: "Price index", unit: "%" },
  { key: "employment", id: "compare-employment-chart", title: "Employment", unit: "%" },
];

// measuresOf returns a run's measures by economy (the last round of a
// simulation): { welfare: {code: value}, balance: …, prices: …, employment: … }.
function measuresOf(run) {
  const r = run.result, by = (xs, f) => Object.fromEntries(xs.map((c) => [c.code, f(c)]));
  switch (run.kind) {
    case "coalition": return { welfare: { ...r.leading.welfare_pct } };
    case "simulate": {
      const last = r.rounds[r.rounds.length - 1];
      return { welfare: { ...last.welfare_pct }, balance: { ...last.balances_gdp_pct } };
    }
    case "playbook": return { welfare: by(r.welfare_pct, (x) => x.pct) };
    case "benchmark": return { welfare: by(r.countries, (c) => c.welfare_pct), balance: by(r.countries, (c) => c.balance_gdp_pct_after) };
  }
  return { welfare: by(r.countries, (c) => c.welfare_pct), balance: by(r.countries, (c) => c.balance_gdp_pct_after),
    prices: by(r.countries, (c) => c.price_index_pct), employment: by(r.countries, (c) => c.employment_pct) };
}

function summaryOf(run) {
  switch (run.kind) {
    case "solve": return run.summary;
    case "coalition": return run.summary || coalitionSummary(run.result);
    case "benchmark": return benchmarkSummary(run.result, run.text_notes);
    case "simulate": return simulateSummary(run.result);
    case "playbook": return playbookSummary(run.result);
    default: return planSummary(run.result);
  }
}

// provenanceWarnings says how two runs' data and model differ: a
// difference between runs on world-2023 and icio-2022, or under another θ,
// is not the scenarios' difference. Kinds whose result carries no
// provenance are compared on what they carry (trade coverage).
function provenanceWarnings(ra, rb) {
  const pa = ra.result.provenance, pb = rb.result.provenance, out = [];
  if (pa && pb) {
    if (pa.dataset !== pb.dataset) out.push(`different datasets: A ${pa.dataset}, B ${pb.dataset}`);
    else if (pa.dataset_hash !== pb.dataset_hash) out.push(`dataset ${pa.dataset} differs between the runs (hash ${pa.dataset_hash.slice(0, 12)} vs ${pb.dataset_hash.slice(0, 12)})`);
    const keys = [...new Set([...Object.keys(pa.model || {}), ...Object.keys(pb.model || {})])].sort();
    const diff = keys.filter((k) => JSON.stringify(pa.model[k]) !== JSON.stringify(pb.model[k]));
    if (diff.length) out.push(`different model options: ${diff.map((k) => `${k} A ${k === "trade_elasticity" ? thetaText(pa.model[k]) : JSON.stringify(pa.model[k])}, B ${k === "trade_elasticity" ? thetaText(pb.model[k]) : JSON.stringify(pb.model[k])}`).join("; ")}`);
    if (pa.unit !== pb.unit) out.push(`different units: A ${pa.unit}, B ${pb.unit}`);
  } else {
    const ca = ra.result.trade_coverage, cb = rb.result.trade_coverage;
    if (ca && cb && ca !== cb) out.push(`different trade coverage: A ${ca}, B ${cb}`);
  }
  return out;
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
      const ma = measuresOf(ra), mb = measuresOf(rb);
      const names = Object.fromEntries([...(rb.result.countries || []), ...(ra.result.countries || [])].map((c) => [c.code, c.name]));
      const label = (k) => (names[k] ? `${names[k]} (${k})` : k);
      const withGDP = ra.result.countries || rb.result.countries;
      const shared = MEASURES.filter((m) => ma[m.key] && mb[m.key]);
      parts.push(
        h("div", { class: "cols" },
          h("div", {}, h("h3", {}, `A: ${ra.scenario} (${ra.kind})`), h("p", {}, h("a", { href: "/runs/" + ra.id, "data-nav": "" }, "open run A")), h("p", { class: "summary" }, summaryOf(ra))),
          h("div", {}, h("h3", {}, `B: ${rb.scenario} (${rb.kind})`), h("p", {}, h("a", { href: "/runs/" + rb.id, "data-nav": "" }, "open run B")), h("p", { class: "summary" }, summaryOf(rb)))),
        ...(() => { const w = provenanceWarnings(ra, rb); return w.length ? [h("div", { class: "warn", id: "compare-provenance", role: "note" },
          h("strong", {}, "Not like for like: "), w.join("; ") + ". The differences below mix the scenarios' effect with these.")] : []; })(),
        !ra.result.provenance || !rb.result.provenance ? h("p", { class: "hint", id: "compare-no-provenance" },
          `The ${[ra, rb].filter((x) => !x.result.provenance).map((x) => x.kind).join(" and ")} result records no dataset or model options: check that both runs used the same data.`) : null,
        h("p", { class: "hint", id: "compare-measures" }, `Compared on ${shared.map((m) => m.title.toLowerCase()).join(", ")}` +
          (shared.length < MEASURES.length ? ` (the others are not in both runs' results).` : ".")));
      let tableCodes = null;
      for (const m of shared) {
        const va = ma[m.key], vb = mb[m.key];
        const common = Object.keys(va).filter((k) => k in vb && isFinite(va[k]) && isFinite(vb[k]));
        const rows = common.map((k) => ({ code: k, label: label(k), name: names[k] || k, value: vb[k] - va[k] })).sort((x, y) => y.value - x.value);
        const limit = rows.length > TOP && withGDP ? largest(withGDP.filter((c) => common.includes(c.code)), TOP) : null;
        tableCodes = tableCodes || rows.filter((r) => !limit || limit.has(r.code)).map((r) => r.code);
        parts.push(chartBlock(m.id, `${m.title}: difference B − A, percentage points`, `${common.length} economies in both runs.`,
          rows, `${m.key}_pp_b_minus_a`, `compare-${a}-${b}-${m.key}`, { limit }));
      }
      const header = ["code", "name"], numeric = [0, 0];
      for (const m of shared) { header.push(`${m.key} A`, `${m.key} B`, `${m.key} B − A`); numeric.push(1, 1, 1); }
      parts.push(table("Side by side (the economies of the first chart)", header,
        (tableCodes || []).map((k) => [k, names[k] || k, ...shared.flatMap((m) => {
          const x = ma[m.key][k], y = mb[m.key][k];
          return [num(x), num(y), num(isFinite(x) && isFinite(y) ? y - x : NaN)];
        })]), `compare-${a}-${b}-table`, numeric));
    } catch (e) { parts.push(h("p", { class: "error" }, e.message)); }
  } else if (list.length < 2) {
    parts.push(h("p", { class: "hint" }, "Finish two runs first; then pick them here."));
  }
  fill(view, ...parts);
}
