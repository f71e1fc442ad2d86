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
