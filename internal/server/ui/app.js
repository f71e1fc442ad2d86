// tradebloc web UI, pages: a run's page (polling while it runs), the run
// list, routing and start-up. The views are in js/: common.js, charts.js,
// results.js, compare.js and form.js (loaded before this file).
"use strict";

// ---- pages --------------------------------------------------------------
let pollTimer = null;
function stopPolling() { if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; } }

function runHeader(run) {
  const url = location.origin + "/runs/" + run.id;
  const input = h("input", { type: "text", readonly: true, value: url, id: "run-link", "aria-label": "Link to this run" });
  return [
    h("div", { class: "runhead" }, h("h2", {}, `${run.scenario || "(unnamed scenario)"} — ${run.kind}`),
      h("span", { class: "badge " + run.status, id: "run-status" }, run.status),
      h("span", { class: "hint" }, new Date(run.created).toLocaleString()),
      datasetOf(run) ? h("span", { class: "hint", id: "run-dataset" }, "dataset " + datasetOf(run)) : null),
    h("div", { class: "link-row" }, input,
      h("button", { type: "button", class: "secondary", onclick: () => { input.select(); navigator.clipboard?.writeText(url); } }, "Copy link"),
      h("a", { class: "button", href: "/api/v1/runs/" + run.id }, "JSON")),
  ];
}

let formRun = ""; // the run whose settings the form shows

async function showRun(id) {
  stopPolling();
  const view = $("#view");
  let run;
  try { run = await api("/api/v1/runs/" + encodeURIComponent(id)); } catch (e) {
    fill(view, h("p", { class: "error" }, e.message)); return;
  }
  if (formRun !== run.id) { formRun = run.id; formFromRun(run); }
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
  if (run.status === "done") {
    parts.push(...views[run.kind](run));
  } else {
    // A failed or cancelled run: why, what it was asked, and what it
    // computed if anything (a solve that did not converge keeps its
    // document, whose numbers are not an equilibrium).
    parts.push(h("p", { class: "error", role: "alert", id: "run-error" }, run.error || run.status));
    if (run.summary) parts.push(h("p", { class: "summary", id: "summary" }, run.summary));
    parts.push(h("section", { "aria-labelledby": "submitted-h" }, h("h3", { id: "submitted-h" }, "Submitted"),
      h("pre", { class: "submitted", id: "submitted" }, submittedText(run))));
  }
  fill(view, ...parts);
  refreshRuns();
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
      h("span", { class: "meta" }, `${r.kind}${datasetOf(r) ? " · " + datasetOf(r) : ""} · ${new Date(r.created).toLocaleString()}`)));
    if (more) ol.append(...items); else fill(ol, ...items);
    nextPage = page.next;
    $("#more-runs").hidden = !nextPage;
  } catch (e) { /* the list is a convenience; the run view reports errors */ }
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
  formRun = "";
  $("#form-source").hidden = true;
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
