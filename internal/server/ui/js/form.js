// tradebloc web UI, the run form: built-in scenarios, playbooks and plans,
// the fields of each kind of analysis, and the request it posts.
"use strict";

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
    const draws = int("#plan-draws"), seed = int("#plan-seed"), start = $("#plan-start").value;
    if (draws !== undefined && (!pl || draws !== pl.draws || !body.builtin_plan)) body.draws = draws;
    if (seed !== undefined && (!pl || seed !== pl.seed || !body.builtin_plan)) body.seed = seed;
    if (start) body.start = start;
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
  for (const el of document.querySelectorAll("#run-form select, #run-form input, #run-form textarea")) {
    el.addEventListener("input", () => { $("#form-source").hidden = true; });
  }
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

// ---- the form of a run being viewed --------------------------------------
// formFromRun sets the form to what a run was posted with, so that the page
// of a run shows its own settings (to read, edit and run again), not those
// of whatever was last chosen.
function formFromRun(run) {
  const req = run.request || {};
  const kind = req.kind || run.kind;
  if (!$("#kind").querySelector(`option[value="${kind}"]`)) return;
  $("#kind").value = kind;
  showFields();
  const text = (v) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));
  if (SCENARIO_KINDS.has(kind)) {
    if (req.builtin && scenarios.some((x) => x.name === req.builtin)) {
      $("#builtin").value = req.builtin;
      fillScenario(req.builtin, false);
    } else if (req.scenario_yaml || req.scenario) {
      // An edited built-in ("liberation-day (edited)") selects the built-in
      // it was edited from, not whatever the select last showed.
      const from = String(run.scenario || "").replace(/ \(edited\)$/, "");
      const edited = from !== run.scenario && scenarios.some((x) => x.name === from);
      if (edited) $("#builtin").value = from;
      $("#yaml").value = req.scenario_yaml || text(req.scenario);
      $("#builtin-desc").textContent = edited ? `The scenario this run was posted with: the built-in ${from}, edited.` : "The scenario this run was posted with.";
    }
  }
  if (kind === "simulate") {
    $("#sim-start").value = req.start || "2026-03-01";
    $("#sim-rounds").value = req.rounds ?? 8;
    $("#sim-moves").value = (req.moves || []).join(" ");
    $("#sim-scripted").checked = !!req.scripted;
  }
  if (kind === "playbook") {
    if (req.playbook) { $("#playbook").value = req.playbook; fillPlaybook(req.playbook); }
    $("#pb-leader").value = req.leader || "USA";
    $("#pb-target").value = req.target || "CHN";
  }
  if (kind === "plan") {
    if (req.builtin_plan) { $("#plan").value = req.builtin_plan; fillPlan(req.builtin_plan); }
    else if (req.plan_yaml || req.plan) $("#yaml").value = req.plan_yaml || text(req.plan);
    if (req.draws !== undefined) $("#plan-draws").value = req.draws;
    if (req.seed !== undefined) $("#plan-seed").value = req.seed;
    $("#plan-start").value = req.start || "";
  }
  $("#form-source").textContent = `Settings of run ${run.id} (${run.scenario}); edit and press Run for a new run.`;
  $("#form-source").hidden = false;
}

// submittedText is what a run was asked to do, as text: the scenario (or
// plan) posted, or the built-in it named, for a run that failed.
function submittedText(run) {
  const req = run.request || {};
  const text = (v) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));
  if (req.scenario_yaml) return req.scenario_yaml;
  if (req.scenario) return text(req.scenario);
  if (req.builtin) {
    const sc = scenarios.find((x) => x.name === req.builtin);
    return `# built-in scenario ${req.builtin}\n` + (sc ? sc.yaml : "");
  }
  if (req.plan_yaml) return req.plan_yaml;
  if (req.plan) return text(req.plan);
  if (req.builtin_plan) {
    const pl = plans.find((x) => x.name === req.builtin_plan);
    return `# built-in plan ${req.builtin_plan}\n` + (pl ? pl.yaml : "");
  }
  if (req.playbook) return `playbook ${req.playbook}, leader ${req.leader || "USA"}, target ${req.target || "CHN"}`;
  return text(req);
}

