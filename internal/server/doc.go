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
// Scenarios posted to the server never read the server's disk beyond the
// datasets under its data directory: `file:` keys are refused by the
// scenario parser, and `data` must name a dataset directory inside
// --data-dir (no absolute paths, no "..", no symlinks leading out). A posted
// plan must name a built-in scenario; playbook and plan runs use the
// embedded dataset.
package server
