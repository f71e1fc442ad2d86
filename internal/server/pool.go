package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/store"
)

// job is a run accepted by this process and not yet finished.
type job struct {
	id        string
	kind      string
	sc        *scenario.Scenario
	ds        *data.Dataset
	bilateral bool
	noBands   bool     // solve and coalition runs without uncertainty bands
	leader    string   // benchmark runs: the leader named; "" = engine.Leader
	sim       *simJob  // simulate runs
	pb        *pbJob   // playbook runs
	plan      *planJob // plan runs
	// target is a solve's SolveDoc.Target (the surplus economy its
	// summary shows beside the leader), which the JSON result does not
	// carry; set by execute before it returns.
	target string
	// fallback is a solve's SolveDoc.TariffFallback (the dataset's
	// stand-in baseline tariff), likewise not in the JSON; set by execute.
	fallback *data.TariffFallback

	ctx    context.Context
	cancel context.CancelCauseFunc
	// progress is the run's progress (float64 bits), updated by the
	// coalition callback from many goroutines; GET reads it live and a
	// ticker persists it.
	progress atomic.Uint64
	phase    atomic.Value // string
	running  atomic.Bool
}

func (j *job) setProgress(p float64) {
	for {
		old := j.progress.Load()
		if p <= math.Float64frombits(old) { // never move backwards
			return
		}
		if j.progress.CompareAndSwap(old, math.Float64bits(p)) {
			return
		}
	}
}

func (j *job) getProgress() float64 { return math.Float64frombits(j.progress.Load()) }

var errCancelled = errors.New("cancelled by request")

// errRunTimeout is the cause of a run's context when the per-run limit
// ends it; explainTimeout turns it into the message the client sees.
var errRunTimeout = errors.New("the server's per-run limit was reached")

// explainTimeout replaces errRunTimeout (however wrapped) by a message that
// says how far the run got and what to do about it: a bare "timed out"
// at 74% leaves the user guessing whether to wait, retry or give up.
// Other errors are returned as they are.
func (s *Server) explainTimeout(j *job, err error) error {
	if !errors.Is(err, errRunTimeout) {
		return err
	}
	at := fmt.Sprintf("%.0f%% done", 100*j.getProgress())
	if ph, _ := j.phase.Load().(string); ph != "" {
		at += ", in phase " + strconv.Quote(ph)
	}
	remedy := "start the server with a longer limit (tradebloc serve --run-timeout 1h)"
	if j.kind == KindSolve || j.kind == KindCoalition {
		remedy += `, or post the run with "no_bands": true (the uncertainty bands take much of its time)`
	}
	return fmt.Errorf("timed out after %s (the server's per-run limit) at %s; %s", s.cfg.RunTimeout, at, remedy)
}

// ErrQueueFull is returned by submit when the queue is at capacity.
var errQueueFull = errors.New("the run queue is full; retry later")

// submit stores a new run and queues it. It reserves the queue slot before
// writing to the store, so a full queue costs no database write.
func (s *Server) submit(ctx context.Context, j *job, r *store.Run) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errShutdown
	}
	if s.queued >= s.cfg.Queue {
		s.mu.Unlock()
		return errQueueFull
	}
	s.queued++
	j.ctx, j.cancel = context.WithCancelCause(s.base)
	s.active[j.id] = j
	s.mu.Unlock()
	if err := s.store.Create(ctx, r); err != nil {
		s.mu.Lock()
		s.queued--
		delete(s.active, j.id)
		s.mu.Unlock()
		j.cancel(err)
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.queued--
		delete(s.active, j.id)
		s.finish(j, nil, errShutdown)
		return nil
	}
	s.jobs <- j // never blocks: at most cfg.Queue jobs are reserved
	return nil
}

// lookup returns the job of a run active in this process.
func (s *Server) lookup(id string) *job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active[id]
}

func (s *Server) counts() (queued, running int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queued, len(s.active) - s.queued
}

func (s *Server) worker() {
	defer s.wg.Done()
	for j := range s.jobs {
		s.mu.Lock()
		s.queued--
		s.mu.Unlock()
		s.runJob(j)
		s.mu.Lock()
		delete(s.active, j.id)
		s.mu.Unlock()
	}
}

// storeCtx is the context of store writes that must happen even when the
// run's own context is cancelled (recording that it was).
func storeCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// finish records a run's outcome; the store keeps the first final state, so
// a cancel that won the race is not overwritten. A failing store gets a few
// tries; if the result cannot be stored at all, the run is failed with the
// store's error instead, so that it never stays "running" for good.
func (s *Server) finish(j *job, result json.RawMessage, err error) {
	o := store.Outcome{Status: store.Done, Result: result}
	switch {
	case errors.Is(err, errCancelled):
		o = store.Outcome{Status: store.Cancelled, Error: errCancelled.Error()}
	case err != nil:
		o.Status, o.Error = store.Failed, s.scrub(err.Error())
	}
	if result != nil {
		o.Summary = packSummary(textOf(j.kind, result, j.target, j.fallback))
	}
	if j.ds != nil && o.Status != store.Cancelled {
		// The dataset is shown beside every run (a request's "data" or
		// its scenario's), the failed ones too.
		o.Summary += datasetMark + j.ds.Name
	}
	ferr := s.finishRetrying(j.id, o)
	if ferr == nil {
		s.prune()
		return
	}
	if errors.Is(ferr, store.ErrNotFound) {
		return // deleted while it ran
	}
	s.log.Error("recording a run's outcome", "run", j.id, "err", ferr)
	if o.Result == nil {
		return // nothing smaller to store: the store itself is down
	}
	o = store.Outcome{Status: store.Failed, Error: "the run finished but its result could not be stored: " + s.scrub(ferr.Error())}
	if ferr := s.finishRetrying(j.id, o); ferr != nil {
		s.log.Error("recording a run's failure", "run", j.id, "err", ferr)
	}
}

// finishRetrying calls Finish until it succeeds or the tries run out.
func (s *Server) finishRetrying(id string, o store.Outcome) error {
	var err error
	for try := 0; ; try++ {
		ctx, cancel := storeCtx()
		_, err = s.store.Finish(ctx, id, o)
		cancel()
		if err == nil || errors.Is(err, store.ErrNotFound) || try >= len(s.retryDelays) {
			return err
		}
		s.log.Warn("storing a run's outcome failed; retrying", "run", id, "err", err)
		select {
		case <-time.After(s.retryDelays[try]):
		case <-s.base.Done():
			return err
		}
	}
}

func (s *Server) runJob(j *job) {
	defer j.cancel(nil)
	type outcome struct {
		result json.RawMessage
		err    error
	}
	// done is set once the computation has started, and closed once it
	// has ended (so a receive after its outcome was taken does not block).
	var done chan outcome
	defer func() {
		// A panic here (in a store call, a test hook) must not end the
		// worker, nor the process with every other run: the run fails,
		// and the worker goes on with the next one once the computation,
		// if it started, has stopped.
		if v := recover(); v != nil {
			err := s.runPanicked(j, v)
			j.cancel(err)
			s.finishRecovered(j, err)
			if done != nil {
				<-done
			}
		}
	}()
	if cause := context.Cause(j.ctx); cause != nil {
		s.finish(j, nil, cause) // cancelled while queued, or shutting down
		return
	}
	ctx, cancel := storeCtx()
	ok, err := s.store.Start(ctx, j.id)
	cancel()
	if err != nil || !ok {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.log.Error("starting a run", "run", j.id, "err", err)
		}
		return
	}
	j.running.Store(true)
	if s.beforeRun != nil {
		s.beforeRun(j.id)
	}
	runCtx, cancelRun := context.WithTimeoutCause(j.ctx, s.cfg.RunTimeout, errRunTimeout)
	defer cancelRun()

	done = make(chan outcome, 1)
	go func() {
		defer close(done)
		res, err := s.executeRecovered(runCtx, j)
		done <- outcome{res, err}
	}()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	saved := 0.0
	for {
		select {
		case o := <-done:
			s.finish(j, o.result, s.explainTimeout(j, o.err))
			return
		case <-runCtx.Done():
			// Record the cancel or timeout at once, then wait for the
			// computation: a solve cannot be interrupted, and the worker
			// must not take new work while its CPU is still busy.
			s.finish(j, nil, s.explainTimeout(j, context.Cause(runCtx)))
			<-done
			return
		case <-tick.C:
			if p := j.getProgress(); p != saved {
				ctx, cancel := storeCtx()
				if err := s.store.SetProgress(ctx, j.id, p); err != nil {
					s.log.Warn("saving progress", "run", j.id, "err", err)
				}
				cancel()
				saved = p
			}
		}
	}
}

// executeRecovered is execute with a panic recovered as the run's error:
// the computation runs on a goroutine of its own, where a panic would kill
// the server with every user's runs. A unit that panicked on the local
// executor (whose error carries the stack) is logged here too.
func (s *Server) executeRecovered(ctx context.Context, j *job) (res json.RawMessage, err error) {
	defer func() {
		if v := recover(); v != nil {
			res, err = nil, s.runPanicked(j, v)
		}
	}()
	res, err = s.execute(ctx, j)
	if stack := executor.PanicStack(err); stack != "" {
		s.log.Error("a unit of a run panicked (a bug)", "run", j.id, "kind", j.kind, "err", err, "stack", stack)
	}
	return res, err
}

// runPanicked logs a panic recovered while running j, with its stack, and
// returns the run's error: short, one line, the value but not the stack.
// Call it from the deferred function that recovered v.
func (s *Server) runPanicked(j *job, v any) error {
	value, stack := executor.RecoveredPanic(v)
	s.log.Error("a run panicked (a bug)", "run", j.id, "kind", j.kind, "panic", value, "stack", stack)
	return fmt.Errorf("internal error: the %s run panicked: %s; this is a bug, please report it", j.kind, value)
}

// finishRecovered records the failure of a run that panicked, logging
// rather than propagating a second panic (a store that panics on every
// call): the worker must survive to take the next run.
func (s *Server) finishRecovered(j *job, err error) {
	defer func() {
		if v := recover(); v != nil {
			value, stack := executor.RecoveredPanic(v)
			s.log.Error("recording a panicked run's failure panicked too", "run", j.id, "panic", value, "stack", stack)
		}
	}()
	s.finish(j, nil, err)
}

// cancelRun cancels a run active in this process. It reports false if the
// run is not active here (finished already, or unknown).
func (s *Server) cancelRun(id string) bool {
	j := s.lookup(id)
	if j == nil {
		return false
	}
	j.cancel(errCancelled)
	// Record it now rather than when the worker notices, so the client's
	// next GET already says cancelled (the store keeps the first final state).
	s.finish(j, nil, errCancelled)
	return true
}
