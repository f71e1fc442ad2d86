// Package server is `tradebloc serve`: the HTTP API of DESIGN §4 (runs of
// solve, benchmark and coalition analyses, and of simulate, playbook and
// plan analyses over time and under uncertainty; built-in scenarios,
// playbooks and plans; health), its OpenAPI description, and the embedded
// web UI, in one handler.
//
// Runs are asynchronous. A POST validates the request (scenario, kind,
// dataset) synchronously, so a bad request is a 400 at once, then stores the
// run as queued and hands it to a bounded worker pool; beyond the queue's
// capacity the server answers 503 with Retry-After rather than piling up
// work. Results are the same JSON documents the CLI prints (built by the
// same functions), stored in a store.Store so they survive restarts.
//
// A panic (a bug) never takes the server down with every user's runs: one
// while a run executes — in its worker, its computation or a unit on the
// local executor — fails that run with a one-line "internal error: … panicked:
// VALUE" (or the unit's "unit ID (kind K) panicked …") and logs the stack,
// and the worker goes on with the next run; one in an HTTP handler is
// answered with a JSON 500 and logged.
//
// Scenarios posted to the server never read the server's disk beyond the
// datasets under its data directory: `file:` keys are refused by the
// scenario parser, and `data` must name a dataset directory inside
// --data-dir (no absolute paths, no "..", no symlinks leading out). A posted
// plan must name a built-in scenario; playbook and plan runs use the
// embedded dataset.
package server
