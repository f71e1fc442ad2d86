// tradebloc web UI, result views: one function per kind of run that turns
// the run's JSON result into summary, charts and tables.
"use strict";

// ---- result views -------------------------------------------------------
// largest is the set of the n largest economies by key; aggregates (ROW)
// are not economies, and the CLI's rankings leave them out too.
function largest(countries, n, key = "gdp_before") {
  return new Set([...countries].filter((c) => !c.aggregate).sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0)).slice(0, n).map((c) => c.code));
}

// bandOf is an output's uncertainty band from a result's "bands": min–max
// over a grid of points, p10–p90 over draws (null without bands).
function bandOf(bands, code, output) {
  const b = bands && bands.countries && bands.countries[code] && bands.countries[code][output];
  if (!b) return null;
  return bands.draws ? [b.p10, b.p90] : [b.min, b.max];
}
function bandLabel(bands) { return bands ? (bands.draws ? "p10–p90 over " : "range over ") + bands.over : ""; }
// withBand adds a row's whisker.
function withBand(row, bands, output) {
  const b = bandOf(bands, row.code, output);
  return b ? { ...row, lo: b[0], hi: b[1], bandLabel: bandLabel(bands) } : row;
}

// units names the numeraire's units as the CLI does: "world-price units".
const unitsOf = (prov) => `${(prov.model.numeraire || "world_price").replace(/_/g, "-")} units`;

// thetaText summarises the trade elasticities: one value, or per sector
// with their range (28 numbers in a row overflow the page).
function thetaText(m) {
  const v = Object.values(m || {});
  if (v.length <= 1) return `θ = ${v[0] ?? "–"}`;
  const lo = Math.min(...v), hi = Math.max(...v);
  return `θ per sector (${v.length} sectors), ${num(lo, 1)}–${num(hi, 1)}`;
}

// notesBlock lists notes under a heading (nothing without notes).
function notesBlock(id, title, notes) {
  return notes && notes.length ? h("section", { id, "aria-labelledby": id + "-h" }, h("h3", { id: id + "-h" }, title),
    h("ul", { class: "hint notes" }, notes.map((n) => h("li", {}, n)))) : null;
}

const capitalize = (t) => (t ? t[0].toUpperCase() + t.slice(1) : "");

// covered names the trade a balance covers, from the result's
// trade_coverage ("goods" on world-2023, "goods and services" on
// icio-2022): "goods balance", not a bare "balance" read as the current
// account. Without the field, the word alone.
const covered = (cov, word = "balance") => (cov ? `${cov} ${word}` : word);

function solveView(run) {
  const r = run.result, unit = r.provenance.unit, units = unitsOf(r.provenance);
  const cs = r.countries, balName = covered(r.provenance.trade_coverage);
  const top = largest(cs, TOP);
  const valued = cs.some((c) => c.welfare_deficit_valuation_pct !== undefined);
  const welfare = [...cs].sort((a, b) => b.welfare_pct - a.welfare_pct)
    .map((c) => withBand({ code: c.code, label: `${c.name} (${c.code})`, name: c.name, value: c.welfare_pct, flag: c.data_quality_flag,
      part: c.welfare_deficit_valuation_pct, partLabel: "is the valuation of its deficit kept fixed relative to world GDP" }, r.bands, "welfare_pct"));
  const bandNote = r.bands ? ` Whiskers: ${bandLabel(r.bands)} (the scenario solved again at each point).` : "";
  const valNote = valued ? " Dark segment: the part of the change that is the valuation of a balance kept fixed relative to world GDP (model.deficits: fixed; JSON welfare_deficit_valuation_pct), not a gain or loss from trade." : "";
  const partners = cs.filter((c) => c.code !== r.leader);
  const bal = partners.map((c) => ({ code: c.code, label: `${c.name} (${c.code})`, name: c.name, flag: c.data_quality_flag,
    value: toBn(c.bilateral_balance_with_leader_after - c.bilateral_balance_with_leader_before, unit) }))
    .sort((a, b) => b.value - a.value);
  const topPartners = largest(partners, TOP);
  const rows = [...cs].filter((c) => top.has(c.code)).sort((a, b) => b.welfare_pct - a.welfare_pct);
  const flaggedRows = rows.filter((c) => c.data_quality_flag);
  const valuationNotes = run.text_notes || [];
  // A scenario without shocks solves to the baseline: every change is a
  // residual of 1e-13, and charts of them would read as results. Runs
  // stored before no_shocks was recorded are known by their first note.
  const noShocks = r.no_shocks || /^the scenario has no shocks/.test((r.notes || [])[0] || "");
  const notes = noShocks ? (r.notes || []).slice(1) : r.notes;
  return [
    h("p", { class: "summary", id: "summary" }, run.summary || ""),
    noShocks ? h("div", { class: "warn", id: "no-shocks", role: "note" }, capitalize(r.notes[0]) + ".") : null,
    valuationNotes.length ? h("div", { class: "warn", id: "valuation-note" }, valuationNotes.map((n) => h("p", {}, n))) : null,
    noShocks ? null : chartBlock("welfare-chart", "Welfare (real income) by country, % change", `Sorted from largest gain to largest loss; the ${TOP} largest economies by GDP unless all are shown.` + valNote + bandNote,
      welfare, "welfare_pct", `${run.id}-welfare`, { limit: top, band: !!r.bands }),
    // A dataset without the leader has no balances with it to chart.
    !noShocks && partners.length < cs.length ? chartBlock("balance-chart", `Change in each partner's ${covered(r.provenance.trade_coverage, "trade balance")} with ${r.leader}, USD bn`,
      `After − before; positive = the partner's surplus with ${r.leader} grows. The after-values are in ${units} (the model's numeraire), not nominal dollars. The ${TOP} largest partners by GDP unless all are shown.`,
      bal, "balance_change_bn", `${run.id}-balance-with-${r.leader}`, { limit: topPartners, digits: 1 }) : null,
    table(`The ${TOP} largest economies`, ["code", "name", "welfare %", ...(valued ? ["of which valuation, pp"] : []), "real wage %", `prices % (${units})`, "exports %", "imports %",
      `${balName} with ${r.leader} before, bn`, `after, bn (${units})`, "data flag"],
      rows.map((c) => [c.code, c.name, num(c.welfare_pct), ...(valued ? [num(c.welfare_deficit_valuation_pct)] : []), num(c.real_wage_pct), num(c.price_index_pct), num(c.exports_pct, 1), num(c.imports_pct, 1),
        // The leader has no balance with itself: "–", not "0.0 / 0.0".
        ...(c.code === r.leader ? ["–", "–"] : [num(toBn(c.bilateral_balance_with_leader_before, unit), 1), num(toBn(c.bilateral_balance_with_leader_after, unit), 1)]),
        c.data_quality_flag ? h("span", { class: "no", title: c.data_quality_flag }, "⚑ flagged") : ""]),
      `${run.id}-countries`, [0, 0, 1, ...(valued ? [1] : []), 1, 1, 1, 1, 1, 1, 0]),
    flaggedRows.length ? h("p", { class: "hint" }, `⚑ ${flaggedRows.map((c) => `${c.code}: ${c.data_quality_flag}`).join("; ")}.`) : null,
    sectorBlock(run, cs),
    notesBlock("solve-notes", "Notes", notes),
    h("p", { class: "hint", id: "solve-footer" }, `Solved in ${r.iterations} iterations, max residual ${r.max_residual.toExponential(1)}; dataset ${r.provenance.dataset}, ${thetaText(r.provenance.model.trade_elasticity)}, deficits ${r.provenance.model.deficits}.`),
  ];
}

// sectorBlock charts one country's sector results (multi-sector datasets):
// a country and a measure are chosen, the leader and output first.
const SECTOR_MEASURES = [["output_pct", "gross output"], ["value_added_pct", "value added"], ["price_index_pct", "price index"],
  ["exports_pct", "exports"], ["imports_pct", "imports"], ["employment_pct", "employment"]];
function sectorBlock(run, cs) {
  const withSectors = cs.filter((c) => c.sectors && c.sectors.length);
  if (!withSectors.length) return null;
  const r = run.result;
  let code = withSectors.some((c) => c.code === r.leader) ? r.leader : withSectors[0].code;
  let measure = SECTOR_MEASURES[0][0];
  const wrap = h("section", { class: "sector-block", id: "sector-block" });
  const render = () => {
    const c = withSectors.find((x) => x.code === code);
    const label = SECTOR_MEASURES.find((m) => m[0] === measure)[1];
    const names = r.sector_names || {};
    const rows = [...c.sectors].sort((a, b) => b[measure] - a[measure])
      .map((s) => ({ code: s.code, label: names[s.code] ? `${names[s.code]} (${s.code})` : s.code, name: names[s.code] || s.code, value: s[measure] }));
    const pick = h("select", { id: "sector-country", "aria-label": "country for the sector chart",
      onchange: (e) => { code = e.target.value; render(); } },
      withSectors.map((x) => h("option", { value: x.code, selected: x.code === code }, `${x.name} (${x.code})`)));
    const pickM = h("select", { id: "sector-measure", "aria-label": "measure for the sector chart",
      onchange: (e) => { measure = e.target.value; render(); } },
      SECTOR_MEASURES.map(([k, l]) => h("option", { value: k, selected: k === measure }, l)));
    fill(wrap, h("div", { class: "chart-head" }, h("label", {}, "Sectors of ", pick), h("label", {}, " measure ", pickM)),
      chartBlock("sector-chart", `${c.name}: ${label} by sector, % change`, "Sorted from largest rise to largest fall.",
        rows, measure, `${run.id}-${c.code}-sectors-${measure}`, { digits: 2 }));
  };
  render();
  return wrap;
}

// benchmarkSummary: for a scenario without shocks, the CLI's note that
// there is nothing to judge (notes: the run's text_notes, which lead with it).
function benchmarkSummary(r, notes) {
  const ps = r.countries.filter((c) => c.asked_to_adjust), psMeet = ps.filter((c) => c.meets_benchmark);
  if (r.no_shocks) return (notes && notes[0]) || `${r.scenario} has no shocks, so every balance after is its baseline value: there is nothing to judge.`;
  return `Under "${r.scenario}", the balanced-trade benchmark asks the ${ps.length} persistent-surplus economies among ${r.countries.length} partners of ${r.leader} to adjust ` +
    `(${r.rule_text}). ${psMeet.length ? psMeet.map((c) => c.name).join(", ") + " meet it" : "None meets it"}.`;
}

// benchmarkBefore is the balance-before cell with the CLI's markers: ‡ a
// persistent current-account surplus with a trade deficit in the data, †
// (on a persistent-surplus economy) a balance not reconciled with the
// balance of payments; the notes under the table explain both. Its CSV
// value is the number alone.
function benchmarkBefore(c) {
  const v = num(c.balance_gdp_pct_before);
  const marks = (c.trade_deficit_despite_ca_surplus ? "‡" : "") + (c.balance_not_reconciled && c.persistent_surplus ? "†" : "");
  if (!marks) return v;
  const why = [c.trade_deficit_despite_ca_surplus ? "‡ persistent current-account surplus, trade deficit in the data" : "",
    marks.includes("†") ? "† balance not reconciled with the balance of payments" : ""].filter(Boolean).join("; ");
  return h("span", { class: "marked", title: why, "data-csv": v }, v + marks);
}

function benchmarkView(run) {
  const r = run.result, unit = r.unit, balName = covered(r.trade_coverage);
  r.countries.forEach((c) => { c.abs_before = Math.abs(c.bilateral_balance_with_leader_before); });
  const topSet = largest(r.countries, TOP, "abs_before");
  const welfare = [...r.countries].sort((a, b) => b.welfare_pct - a.welfare_pct)
    .map((c) => ({ code: c.code, label: `${c.name} (${c.code})`, name: c.name, value: c.welfare_pct, flag: c.data_quality_flag }));
  const bal = r.countries.map((c) => ({ code: c.code, label: `${c.name} (${c.code})`, name: c.name, flag: c.data_quality_flag,
    value: toBn(c.bilateral_balance_with_leader_after - c.bilateral_balance_with_leader_before, unit) })).sort((a, b) => b.value - a.value);
  // The fall judged: a residual of rounding size is 0.00, not -0.00.
  const fall = (x) => num(Math.abs(x) < 0.005 ? 0 : x);
  // The table shows the economies asked to adjust and the TOP largest
  // balances with the leader; "Show all" the rest (194 rows of a
  // repeated reason were a page 28,700 px tall).
  const shown = new Set(r.countries.filter((c) => c.asked_to_adjust || topSet.has(c.code)).map((c) => c.code));
  return [
    h("p", { class: "summary" + (r.no_shocks ? " warn" : ""), id: "summary" }, benchmarkSummary(r, run.text_notes)),
    notesBlock("benchmark-notes", "How to read the benchmark", (run.text_notes || []).slice(r.no_shocks ? 1 : 0)),
    chartBlock("welfare-chart", "Welfare (real income) by partner, % change", `The ${TOP} partners with the largest balances with ${r.leader} unless all are shown.`,
      welfare, "welfare_pct", `${run.id}-welfare`, { limit: topSet }),
    chartBlock("balance-chart", `Change in each partner's ${covered(r.trade_coverage, "trade balance")} with ${r.leader}, USD bn`, "After − before.",
      bal, "balance_change_bn", `${run.id}-balance-with-${r.leader}`, { limit: topSet, digits: 1 }),
    table("Balanced-trade benchmark (persistent-surplus economies first)",
      ["code", "name", "persistent surplus", `${balName} with ${r.leader} before, bn`, "after, bn", `${balName} % GDP before`, "after", "fall pp", "meets", "reason", "data flag"],
      r.countries.map((c) => [c.code, c.name, yesno(c.persistent_surplus), num(toBn(c.bilateral_balance_with_leader_before, unit), 1),
        num(toBn(c.bilateral_balance_with_leader_after, unit), 1), benchmarkBefore(c), num(c.balance_gdp_pct_after), fall(c.multilateral_drop_pp_gdp),
        c.asked_to_adjust ? yesno(c.meets_benchmark) : "not asked", short(c.reason, 40),
        c.data_quality_flag ? h("span", { class: "no", title: c.data_quality_flag }, "⚑ flagged") : ""]),
      `${run.id}-benchmark`, [0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0],
      { id: "benchmark-table", top: (row) => shown.has(row[0]), topLabel: `the ${shown.size} asked to adjust or with the ${TOP} largest balances` }),
    h("p", { class: "hint", id: "benchmark-table-hint" }, `The economies asked to adjust and the ${TOP} largest balances with ${r.leader} unless all are shown; ` +
      "the reason is cut short (its whole text in the tooltip and the CSV, which has every economy). ‡ and †: see the notes above."),
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
  if (r.bands && r.stable.length && r.stable[0].stable_share !== undefined)
    txt += ` Over ${r.bands.over} the leading coalition is stable at ${share(r.bands, r.stable[0].stable_share)} of the points.`;
  return txt;
}

// share is a coalition's stable share as people read it: "2 of 2 points".
function share(bands, x) {
  if (x === null || x === undefined || !bands) return "–";
  const n = bands.points.length;
  return `${Math.round(x * n)} of ${n} (${num(100 * x, 0)}%)`;
}

// responseTable sets the leading coalition with the targets' answer beside
// the one of the same game with silent targets.
function responseTable(run, c) {
  const rows = [
    ["leading coalition", c.with_answer.leading.join("+") || "(none)", c.without_answer.leading.join("+") || "(none)"],
    ["stable coalitions", c.with_answer.stable_count, c.without_answer.stable_count],
    ["leader's welfare %", num(c.with_answer.leader_welfare_pct, 3), num(c.without_answer.leader_welfare_pct, 3)],
    ["targets' welfare %", num(c.with_answer.targets_welfare_pct, 3), num(c.without_answer.targets_welfare_pct, 3)],
    ["targets' tariff on the bloc, +pp", num(c.with_answer.answer_tariff_pct, 1), num(c.without_answer.answer_tariff_pct, 1)],
  ];
  return h("div", { id: "target-response" },
    table(`The leading coalition with the targets' ${c.target_response} answer and with silent targets`, ["", `with ${c.target_response} answer`, "targets silent"],
      rows, `${run.id}-target-response`, [0, 1, 1]),
    h("p", { class: "hint" }, c.explanation));
}

// roleOf is an economy's role in a coalition game, as the playbook chart
// labels it: the leader, a target (one added as a territory of a named
// target says so), a member of the leading coalition, or outside it.
function roleOf(r, code) {
  if (code === r.leader) return "leader";
  if (r.targets.includes(code)) return r.target_aliases && r.target_aliases[code] ? `target, with ${r.target_aliases[code]}` : "target";
  return r.leading.members.includes(code) ? "member" : "outside";
}

function coalitionView(run) {
  const r = run.result, L = r.leading;
  // The JSON gives the valuation of a fixed balance for the targets.
  const valuation = Object.fromEntries((L.targets || []).filter((t) => t.welfare_deficit_valuation_pct !== undefined).map((t) => [t.code, t.welfare_deficit_valuation_pct]));
  const welfare = Object.entries(L.welfare_pct).map(([code, v]) => withBand({ code, label: `${code} (${roleOf(r, code)})`, name: roleOf(r, code), value: v,
    part: valuation[code], partLabel: "is the valuation of its balance kept fixed relative to world GDP" }, r.bands, "welfare_pct")).sort((a, b) => b.value - a.value);
  const bandNote = r.bands ? ` Whiskers: ${bandLabel(r.bands)}.` : "";
  const valNote = Object.keys(valuation).length ? " Dark segment (targets): the part of the change that is the valuation of a balance kept fixed relative to world GDP (JSON welfare_deficit_valuation_pct), not a gain or loss from trade." : "";
  const aliases = Object.entries(r.target_aliases || {});
  const aliasNote = aliases.length ? ` Targets extended: ${aliases.map(([a, t]) => `${a} pays ${t}'s US rate`).join(", ")}.` : "";
  const shareHead = r.bands ? [`stable at (${r.bands.over})`] : [];
  const threats = Object.entries(r.required_threat_pct).map(([code, v]) => ({ code, label: code, value: v ?? NaN }));
  const threatRows = threats.filter((t) => isFinite(t.value)).sort((a, b) => a.value - b.value);
  const lessons = L.lessons;
  // The notes the CLI prints under its tables, by table name.
  const tableNotes = run.table_notes || {};
  return [
    h("p", { class: "summary", id: "summary" }, run.summary || coalitionSummary(r)),
    chartBlock("welfare-chart", "Welfare in the leading coalition, % change", `Roles in brackets: ${r.leader} the leader; members ${L.members.join(", ") || "none"}; targets ${r.targets.join(", ")}; the other candidates outside.` + aliasNote + valNote + bandNote,
      welfare, "welfare_pct", `${run.id}-welfare`, { band: !!r.bands }),
    table("Stable coalitions", ["members", "internally", "externally", "group", `${r.leader} welfare %`, "vs no members, pp", `targets' ${covered(r.trade_coverage, "surplus")} with ${r.leader}, bn`, "transshipment leakage %", ...shareHead],
      r.stable.map((v) => [v.members.join("+") || "(none)", yesno(v.internally_stable), yesno(v.externally_stable), yesno(v.group_stable),
        num(v.welfare_pct[r.leader]), num(v.leader_welfare_vs_no_bloc_pp, 3), num(v.targets_surplus_with_leader_bn, 1), num(v.transshipment_leakage_pct, 1),
        ...(r.bands ? [h("span", { class: "stable-share", "data-share": String(v.stable_share) }, share(r.bands, v.stable_share))] : [])]),
      `${run.id}-stable`, [0, 0, 0, 0, 1, 1, 1, 1, 1], { id: "stable-table", notes: tableNotes.stable }),
    table("Accession path (by leverage: exports to the leader, % of GDP)", ["step", "candidate", "leverage %", "joins", "gain from joining those already in, pp"],
      r.accession_path.map((s, i) => [i + 1, s.candidate, num(s.leverage_pct, 1), yesno(s.joins), num(s.gain_pct)]),
      `${run.id}-accession`, [1, 0, 1, 0, 1], { id: "accession-table", notes: tableNotes.accession }),
    h("p", { class: "hint", id: "accession-hint" }, "Each candidate's gain with those before it on the path already in: the first to join joins alone. The gains in the next table are with the rest of the leading coalition in, so the same candidate's two gains differ."),
    r.candidates_status ? table("Why each candidate is in or out of the leading coalition", ["candidate", "status", "gain from joining the rest of the leading coalition, pp", "gain from leaving it (with the defector penalty), pp", "why"],
      r.candidates_status.map((s) => [s.code, s.status, num(s.join_gain_pct, 3), num(s.leave_gain_pct, 3), s.reason]),
      `${run.id}-candidates`, [0, 0, 1, 1, 0], { id: "candidates-table", notes: tableNotes.candidates }) : null,
    r.required_threats ? table(`Required threat on each candidate alone, and what carrying it out costs ${r.leader}`,
      ["candidate", "threat, pp (additional tariff)", `${r.leader}'s cost (−: a gain), pp`, `${r.leader}'s gain if it joins, pp`, "credible", "its gain from joining unthreatened, pp"],
      r.required_threats.map((d) => [d.code, d.threat_pct === null ? "> 100" : num(d.threat_pct), num(d.leader_cost_pct, 3), num(d.leader_gain_pct, 3),
        d.threat_pct === null ? "no threat compels" : d.credible ? "yes" : "NOT credible", num(d.candidate_gain_unthreatened_pct, 3)]),
      `${run.id}-threats`, [0, 1, 1, 1, 0, 1], { id: "threats-table", notes: tableNotes.threats }) : null,
    r.required_threats && !tableNotes.threats ? h("p", { class: "hint", id: "threat-hint" }, `Cost: ${r.leader}'s welfare with the candidate outside and not threatened minus outside and threatened; negative when the threat's tariff raises ${r.leader}'s own welfare (its terms of trade), so carrying it out costs nothing.`) : null,
    chartBlock("threat-chart", "Required threat: the additional tariff on each candidate alone that compels it to join, pp",
      threats.length > threatRows.length ? "Candidates no threat up to 100 points compels are left out." : null,
      threatRows, "required_threat_pp", `${run.id}-required-threats`, { digits: 1 }),
    r.target_response_comparison ? responseTable(run, r.target_response_comparison) : null,
    L.transshipment_conduits && L.transshipment_conduits.length ? table(`Transshipment: the targets' goods rerouted through each conduit (${L.transshipment_conduits.length} conduits)`,
      ["conduit", "name", "candidate", "rerouted, USD bn"],
      // The CSV has every conduit; the page the 15 largest unless all are shown.
      L.transshipment_conduits.map((c) => [c.code, c.name, c.candidate || "–", num(c.value_bn, 2)]),
      `${run.id}-conduits`, [0, 0, 0, 1], { id: "conduits-table", top: (row, i) => i < 15, topLabel: "the 15 largest", notes: tableNotes.conduits }) : null,
    h("section", {}, h("h3", {}, "Lessons of history"), h("ul", { class: "lessons" },
      h("li", {}, `Unity: ${lessons.unity.united ? "united" : "not united"}; the most tempted member (${lessons.unity.most_tempted || "–"}) would change its welfare by ${num(lessons.unity.max_defection_gain_pct)} pp by defecting.`),
      h("li", {}, `Leverage (exports to ${r.leader}, % of GDP): ${Object.entries(lessons.leverage_pct).map(([k, v]) => `${k} ${num(v, 1)}`).join(", ")}.`),
      h("li", {}, `Integration within the bloc: ${num(lessons.integration_before_pct, 1)}% → ${num(lessons.integration_after_pct, 1)}%.`),
      h("li", {}, `Transshipment leakage: ${num(L.transshipment_leakage_pct, 1)}% of the targets' exports to the bloc can escape the bloc tariff.`),
      r.counter_bloc ? h("li", {}, `Counter-bloc ${r.counter_bloc.members.join("+")}: ${r.counter_bloc.verdict}`) : null),
      // The CLI's notes under its counter-bloc table qualify the lesson.
      r.counter_bloc && tableNotes.counter_bloc && tableNotes.counter_bloc.length ?
        h("ul", { class: "hint notes table-notes", id: "counter-bloc-notes" }, tableNotes.counter_bloc.map((n) => h("li", {}, n))) : null),
    notesBlock("coalition-notes", "Notes", r.notes),
  ];
}


// ---- simulate -----------------------------------------------------------
function simulateSummary(r) {
  const L = r.leader, R = r.rounds.length - 1, first = r.rounds[0], last = r.rounds[R], m = last.members;
  const relief = Object.entries(r.relief_from_round).filter(([, t]) => t !== null && t > 0).sort((a, b) => a[1] - b[1]);
  const never = Object.entries(r.relief_from_round).filter(([, t]) => t === null).map(([p]) => p);
  // A relief that lowers none of the leader's tariffs (members.relief_no_change,
  // the CLI's *) is named apart: it spares escalation but changes no tariff.
  const same = new Set(m.relief_no_change || []);
  const real = m.relief.filter((p) => !same.has(p)), noChange = m.relief.filter((p) => same.has(p));
  const reliefText = `${L} grants relief to ${listOr(real)}` +
    (noChange.length ? ` (${noChange.join(", ")} qualify for relief that lowers no tariff: the member terms are not below the rates in force)` : "");
  return `Played ${R} quarters of "${r.scenario}" from ${r.start}` + (r.history_schedule ? ` (round 0 is the record: US schedule ${r.history_schedule})` : "") + ". " +
    `By ${last.date} the bloc is ${listOr(m.bloc)}, ${reliefText} and escalates on ${listOr(m.escalated)}` +
    (m.counter_bloc.length ? `; ${m.counter_bloc.join(", ")} formed a counter-bloc` : "") + ". " +
    `${L}'s trade balance goes from ${num(first.balances_gdp_pct[L])}% to ${num(last.balances_gdp_pct[L])}% of GDP and its welfare changes by ${pct(last.welfare_pct[L], 3)}. ` +
    (relief.length ? `Relief came to ${relief.map(([p, t]) => `${p} in round ${t}` + (same.has(p) ? " (no tariff change)" : "")).join(", ")}` : "Nobody earned relief") +
    (never.length ? `; ${never.join(", ")} never got it.` : ".");
}

function statusOf(round, p) {
  const m = round.members;
  if (m.bloc.includes(p)) return ["bloc", "bloc"];
  if (m.counter_bloc.includes(p)) return ["counter-bloc", "counter"];
  // A relief that lowers none of the leader's tariffs is no relief to read.
  if (m.relief.includes(p)) return (m.relief_no_change || []).includes(p) ? ["relief (no change)", "relief"] : ["relief", "relief"];
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
  // welfare % counts the spending a rebalancing commitment finances by
  // lower saving as income; ex transfer % does not (the CLI's column,
  // shown where the two differ).
  const exOf = (x, p) => x.welfare_ex_transfer_pct && x.welfare_ex_transfer_pct[p];
  const transfers = rounds.some((x) => x.welfare_ex_transfer_pct && Object.keys(x.welfare_ex_transfer_pct).length);
  // The CLI's player × round table: the tariffs between each player and
  // the leader that round and its balance with the leader (none for the
  // leader itself, "–").
  const tariff = (x, p, k) => (x.tariffs && x.tariffs[p] ? num(x.tariffs[p][k], 1) : "–");
  const balWith = (x, p) => (p !== L && x.balance_with_leader && x.balance_with_leader[p] !== undefined ? num(toBn(x.balance_with_leader[p], r.unit), 1) : "–");
  const welfareRows = [L, ...r.players.filter((p) => p !== L)].flatMap((p) => rounds.map((x) => [p, x.t, x.date, (x.actions && x.actions[p]) || "",
    num(x.welfare_pct[p], 3), exOf(x, p) !== undefined ? num(exOf(x, p), 3) : "–",
    tariff(x, p, "by_leader_pct"), tariff(x, p, "on_leader_pct"), balWith(x, p)]));
  return [
    h("p", { class: "summary", id: "summary" }, simulateSummary(r)),
    figure("balance-chart", `${L}'s trade balance by round, % of GDP`, "Round 0 is the start; each round is a quarter.",
      lineChart("balance-chart", `${L}'s trade balance by round, % of GDP`, labels, [{ name: L + " balance", values: bal }], "% of GDP"),
      `${run.id}-leader-balance`, ["round", "date", "balance_gdp_pct"], rounds.map((x, i) => [x.t, x.date, bal[i]])),
    figure("leader-welfare-chart", `${L} welfare by round, % change`, null,
      lineChart("leader-welfare-chart", `${L} welfare by round, % change`, labels, [{ name: L + " welfare", values: wel, color: PALETTE[2] },
        ...(transfers ? [{ name: L + " ex transfer", values: rounds.map((x) => exOf(x, L) ?? x.welfare_pct[L]), color: PALETTE[3] }] : [])], "%", 3),
      `${run.id}-leader-welfare`, ["round", "date", "welfare_pct", ...(transfers ? ["welfare_ex_transfer_pct"] : [])],
      rounds.map((x, i) => [x.t, x.date, wel[i], ...(transfers ? [exOf(x, L) ?? x.welfare_pct[L]] : [])])),
    table("Each player's status by round (· the move it chose)", ["player", ...rounds.map((x) => `${x.t} (${x.date.slice(0, 7)})`)], statusRows, `${run.id}-status`),
    table(`Balances by round, % of GDP`, ["player", ...rounds.map((x) => String(x.t))],
      [...r.players, L].map((p) => [p, ...rounds.map((x) => num(x.balances_gdp_pct[p]))]), `${run.id}-balances`, [0, ...rounds.map(() => 1)]),
    table("Events", ["round", "date", "player", "kind", "what happened"], events, `${run.id}-events`, [1, 0, 0, 0, 0]),
    table("Welfare, tariffs and balance with " + L + " by player and round" + (transfers ? "; welfare % counts the spending a rebalancing commitment finances by lower saving as income, ex transfer % does not" : ""),
      // The new columns come last: the CSV's columns may be extended, never moved.
      ["player", "round", "date", "action", "welfare %", "ex transfer %", `tariff by ${L} %`, `tariff on ${L} %`, `balance with ${L}, USD bn`],
      welfareRows, `${run.id}-welfare`, [0, 1, 0, 0, 1, 1, 1, 1, 1],
      { id: "welfare-table", notes: transfers ? ["ex transfer % is real income without the transfer (docs/welfare.md), shown where the two differ: for the committing player, and on the other side for the economies whose balances absorb its commitment; it is the one comparable with plan's welfare."] : [] }),
    h("section", {}, h("h3", {}, "Rules in force"), h("ul", { class: "lessons" }, r.rules.map((x) => h("li", {}, x)))),
    h("p", { class: "hint" }, `${r.solves} model solves in ${num(r.seconds, 1)} s; players ${r.players.join(", ")}; targets ${r.targets.join(", ")}.`),
  ];
}

// ---- playbook -----------------------------------------------------------
function playbookSummary(r) {
  const l = r.lessons, w = Object.fromEntries(r.welfare_pct.map((x) => [x.code, x.pct]));
  return `${r.name} (${r.period}): ${r.summary}. On today's data, with ${r.leader} leading against ${r.target} and the coalition ${listOr(r.members)}, ` +
    `the defining feature ${r.feature.holds ? "holds" : "does not hold"}. ${r.target}'s welfare changes by ${pct(w[r.target], 3)} and ${r.leader}'s by ${pct(w[r.leader], 3)}. ` +
    (l.unity_text ? `Unity: ${l.unity_text}. ` : l.united ? "The coalition holds together: no member gains by defecting. " : `Unity is fragile: ${l.most_tempted} would gain ${num(l.max_defection_gain_pct, 3)} pp by defecting. `) +
    `The coalition buys ${num(l.coalition_share_of_target_exports_pct, 1)}% of the target's exports; ${num(l.absorbed_by_rest_pct, 1)}% of what it loses there is absorbed by the rest of the world.`;
}

function playbookView(run) {
  const r = run.result, l = r.lessons;
  const welfare = [...r.welfare_pct].sort((a, b) => b.pct - a.pct).map((x) => ({ code: x.code, label: `${x.code} (${x.role})`, name: x.role, value: x.pct }));
  const lessons = [
    ["unity", "largest welfare gain from defecting, pp", num(l.max_defection_gain_pct, 3), l.unity_text || `${l.most_tempted || "–"} most tempted; ${l.united ? "united" : "not united"}`],
    ["leverage", `${r.target}'s welfare, %`, num(l.target_welfare_pct, 3), ""],
    ["leverage", `coalition's share of ${r.target}'s exports, %`, num(l.coalition_share_of_target_exports_pct, 1), ""],
    ["integration", "coalition's internal share of its members' trade, % (before → after)", `${num(l.integration_before_pct, 1)} → ${num(l.integration_after_pct, 1)}`, ""],
    ["counter-bloc absorption", "share of lost sales absorbed by the rest of the world, %", num(l.absorbed_by_rest_pct, 1), ""],
  ];
  const sd = r.sanctions_data;
  return [
    h("p", { class: "summary", id: "summary" }, playbookSummary(r)),
    h("section", { "aria-labelledby": "feature-h" }, h("h3", { id: "feature-h" }, "Defining feature"),
      h("div", { class: "feature" + (r.feature.holds ? "" : " no"), id: "feature" }, h("strong", {}, r.feature.holds ? "Holds. " : "Does not hold. "), r.feature.text,
        r.feature.holds && !l.united ? h("p", { class: "hint", id: "feature-unity" }, `It holds with every member taking part; ${l.most_tempted} would gain by defecting, so it holds only as long as members are held to it.`) : null)),
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
    sd && sd.source ? h("p", { class: "hint", id: "sanctions-source" }, `Source: ${sd.source}.`) : null,
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
  // A parameter the plan fixes (low = high) is stated as fixed, not as a range drawn from.
  const params = Object.entries(r.parameters).map(([k, g]) => `${k.replace(/_/g, " ")} ${g.low === g.high ? `fixed at ${g.low}` : `${g.low}–${g.high}`}`).join(", ");
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
    // The plan's notes (the valuation warning about these winners and
    // losers among them) belong beside the table they qualify.
    notesBlock("plan-notes", "Notes", r.notes),
    table("Signposts: what to watch, and the value that tells each branch apart", ["branch", "indicator", "date", "watch for", "branch p10 / p50 / p90", "others p50", "hit rate"],
      sigRows, `${run.id}-signposts`, [0, 0, 0, 0, 1, 1, 1]),
    table("Welfare by player and branch, % (p10 / p50 / p90)", ["player", ...bs.map((b) => b.name)],
      players.map((p) => [p, ...bs.map((b) => q3(b.outcomes.welfare_pct[p], 2))]), `${run.id}-welfare-ranges`, [0, ...bs.map(() => 1)]),
    h("p", { class: "hint" }, `Parameters (drawn uniformly unless fixed): ${params}; seed ${r.seed}; ${r.solves} solves (${num(r.solves_per_second, 0)}/s on ${r.workers} workers).` +
      (r.coalition ? ` Coalition game (K = ${r.coalition.candidates}, θ = ${r.coalition.trade_elasticity}): leading coalition ${listOr(r.coalition.members, "none")}.` : "")),
  ];
}

const views = { solve: solveView, benchmark: benchmarkView, coalition: coalitionView, simulate: simulateView, playbook: playbookView, plan: planView };
