// Package executor is the one seam for parallel work: the coalition game's
// enumeration, defector penalties and threats, the planner's draws and the
// sweeps hand their work to an Executor as a Batch of Units, and get one
// result per unit back.
//
// Two implementations share one contract, checked by one conformance suite
// (executortest): Local runs units on goroutines of this process (the
// default), NATS publishes them to a NATS JetStream work queue from which
// Workers on any number of machines pull them.
//
// The contract:
//
//   - A Unit is self-describing: its Kind names the Handler that computes it,
//     its Dataset names the data by name and content hash, and its Spec (JSON)
//     holds everything else — the scenario, the parameter draw, the warm-start
//     hint. A handler's result depends on nothing but the unit and the data,
//     so a unit gives the same bytes wherever it runs: results are bit-for-bit
//     identical between executors and for any number of workers.
//   - Results are keyed by unit ID: Batch.Done is called exactly once per
//     unit, never concurrently, even when a unit is computed twice (a worker
//     that died after computing it, a redelivery).
//   - A worker whose copy of a dataset has another hash refuses the unit; the
//     run fails with that error instead of computing a different answer.
//   - A handler's error fails the run and keeps its kind (errs.Kind), so the
//     CLI's exit code does not depend on where the unit ran.
//   - A handler's panic (a bug) is recovered where the unit ran and fails
//     the run as that unit's error, "unit ID (kind K) panicked WHERE:
//     VALUE (a bug in tradebloc; …)": it never kills the process that ran
//     it (a worker, or the CLI or server using the local executor).
//   - Progress counts the units' Size (memberships, draws) as results arrive,
//     from whichever worker computed them.
//
// Handlers are registered by the packages that own the work (Register, from
// init), so a worker binary that links those packages computes every kind.
package executor
