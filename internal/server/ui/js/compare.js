// tradebloc web UI, the compare view: two finished runs side by side.
"use strict";

// The measures two runs are compared on, each a percent by economy: real
// income, the trade balance after the scenario (% of GDP), the consumer
// price index and employment. A kind of run offers those its result has
// (plans have ranges, not one value, and are not compared).
const COMPARABLE = new Set(["solve", "benchmark", "coalition", "simulate", "playbook"]);
// name is the measure inside a sentence ("Compared on …"), where the
// title's capital would be wrong and lowercasing it would turn GDP to gdp.
const MEASURES = [
  { key: "welfare", id: "compare-chart", title: "Welfare (real income)", name: "welfare (real income)", unit: "%" },
  { key: "balance", id: "compare-balance-chart", title: "Trade balance after, % of GDP", name: "trade balance after (% of GDP)", unit: "% of GDP" },
  { key: "prices", id: "compare-prices-chart", title: "Price index", name: "price index", unit: "%", numeraire: true },
  { key: "employment", id: "compare-employment-chart", title: "Employment", name: "employment", unit: "%" },
];

// nil reports whether a measure is 0 at display precision for every
// economy in both runs: a chart of 50 bars of 0.00 says nothing.
const nil = (va, vb) => [...Object.values(va), ...Object.values(vb)].every((v) => !isFinite(v) || Math.abs(v) < 0.005);

// zeroNote says why a measure is 0 in both runs: employment is 0 by
// assumption when both fix the labour supply (κ = 0).
function zeroNote(m, ra, rb) {
  const kappa = [ra, rb].map((x) => x.result.provenance?.model?.labor_supply_elasticity);
  if (m.key === "employment" && kappa.every((k) => k === 0)) return "Employment: 0 in both runs by assumption: labour supply fixed (κ = 0).";
  return `${capitalize(m.name)}: 0.00 for every economy in both runs.`;
}

// numeraireUnits names the units of prices after a scenario when both runs
// share a numeraire ("world-price units"), else says they differ.
function numeraireUnits(ra, rb) {
  const pa = ra.result.provenance, pb = rb.result.provenance;
  if (!pa || !pb) return "";
  const ua = unitsOf(pa), ub = unitsOf(pb);
  return ua === ub ? ua : `A in ${ua}, B in ${ub}`;
}

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
      // A data-quality flag of either run marks the economy (its ⚑ and
      // its place behind "Include the flagged", as on a run's own page).
      const flags = Object.fromEntries([...(rb.result.countries || []), ...(ra.result.countries || [])].filter((c) => c.data_quality_flag).map((c) => [c.code, c.data_quality_flag]));
      const label = (k) => (names[k] ? `${names[k]} (${k})` : k);
      const withGDP = ra.result.countries || rb.result.countries;
      const inBoth = MEASURES.filter((m) => ma[m.key] && mb[m.key]);
      const zero = inBoth.filter((m) => nil(ma[m.key], mb[m.key]));
      const shared = inBoth.filter((m) => !zero.includes(m));
      const units = numeraireUnits(ra, rb);
      const titleOf = (m) => m.numeraire && units ? `${m.title} (${units})` : m.title;
      parts.push(
        h("div", { class: "cols" },
          h("div", {}, h("h3", {}, `A: ${ra.scenario} (${ra.kind})`), h("p", {}, h("a", { href: "/runs/" + ra.id, "data-nav": "" }, "open run A")), h("p", { class: "summary" }, summaryOf(ra))),
          h("div", {}, h("h3", {}, `B: ${rb.scenario} (${rb.kind})`), h("p", {}, h("a", { href: "/runs/" + rb.id, "data-nav": "" }, "open run B")), h("p", { class: "summary" }, summaryOf(rb)))),
        ...(() => { const w = provenanceWarnings(ra, rb); return w.length ? [h("div", { class: "warn", id: "compare-provenance", role: "note" },
          h("strong", {}, "Not like for like: "), w.join("; ") + ". The differences below mix the scenarios' effect with these.")] : []; })(),
        !ra.result.provenance || !rb.result.provenance ? h("p", { class: "hint", id: "compare-no-provenance" },
          `The ${[ra, rb].filter((x) => !x.result.provenance).map((x) => x.kind).join(" and ")} result records no dataset or model options: check that both runs used the same data.`) : null,
        h("p", { class: "hint", id: "compare-measures" }, `Compared on ${shared.map((m) => m.numeraire && units ? `${m.name} (${units})` : m.name).join(", ")}` +
          (inBoth.length < MEASURES.length ? ` (${MEASURES.filter((m) => !inBoth.includes(m)).map((m) => m.name).join(", ")}: not in both runs' results).` : ".") +
          zero.map((m) => " " + zeroNote(m, ra, rb)).join("")));
      let tableCodes = null;
      for (const m of shared) {
        const va = ma[m.key], vb = mb[m.key];
        const common = Object.keys(va).filter((k) => k in vb && isFinite(va[k]) && isFinite(vb[k]));
        const rows = common.map((k) => ({ code: k, label: label(k), name: names[k] || k, value: vb[k] - va[k], flag: flags[k] })).sort((x, y) => y.value - x.value);
        const limit = rows.length > TOP && withGDP ? largest(withGDP.filter((c) => common.includes(c.code)), TOP) : null;
        tableCodes = tableCodes || rows.filter((r) => !limit || limit.has(r.code)).map((r) => r.code);
        parts.push(chartBlock(m.id, `${titleOf(m)}: difference B − A, percentage points`, `${common.length} economies in both runs.`,
          rows, `${m.key}_pp_b_minus_a`, `compare-${a}-${b}-${m.key}`, { limit }));
      }
      const header = ["code", "name"], numeric = [0, 0];
      for (const m of shared) {
        const u = m.numeraire && units ? ` (${units})` : "";
        header.push(`${m.key} A${u}`, `${m.key} B${u}`, `${m.key} B − A`); numeric.push(1, 1, 1);
      }
      parts.push(table("Side by side (the economies of the first chart)", header,
        (tableCodes || []).map((k) => [k, flags[k] ? h("span", { class: "flagged", title: flags[k], "data-csv": names[k] || k }, `${names[k] || k} ⚑`) : names[k] || k, ...shared.flatMap((m) => {
          const x = ma[m.key][k], y = mb[m.key][k];
          return [num(x), num(y), num(isFinite(x) && isFinite(y) ? y - x : NaN)];
        })]), `compare-${a}-${b}-table`, numeric));
    } catch (e) { parts.push(h("p", { class: "error" }, e.message)); }
  } else if (list.length < 2) {
    parts.push(h("p", { class: "hint" }, "Finish two runs first; then pick them here."));
  }
  fill(view, ...parts);
}
