package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// Worker pulls units from the work queue, computes them and publishes their
// results (tradebloc worker).
type Worker struct {
	// Concurrency is the number of units computed at once (0 = GOMAXPROCS).
	Concurrency int
	// Datasets are the data the worker computes on (nil = the embedded
	// datasets).
	Datasets *Datasets
	// Log receives a line per notable event (nil = silent).
	Log func(format string, args ...any)
	// Kill, a test hook, is asked after each unit is computed: if it
	// returns true the worker drops its connection at once, as a killed
	// process would — no result, no ack — and Serve returns ErrKilled.
	Kill func(u *Unit) bool

	name   string
	r      *resources
	nc     *nats.Conn
	killed atomic.Bool
	units  atomic.Int64
	alive  sync.Map // run → time of the last check that found it live
}

// ErrKilled is what Serve returns after the Kill hook fired.
var ErrKilled = errors.New("worker killed by its test hook")

// Serve connects to the server at url and computes units until ctx ends.
func (w *Worker) Serve(ctx context.Context, url string, o NATSOptions) error {
	host, _ := os.Hostname()
	w.name = fmt.Sprintf("%s/%d", host, os.Getpid())
	if o.Name != "" {
		w.name = o.Name
	} else {
		o.Name = "tradebloc worker " + w.name
	}
	if w.Datasets == nil {
		w.Datasets = &Datasets{}
	}
	nc, err := connect(url, o)
	if err != nil {
		return err
	}
	defer nc.Close()
	w.nc = nc
	if w.r, err = setup(ctx, nc, o); err != nil {
		return err
	}
	n := w.Concurrency
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	w.logf("worker %s: pulling units from %s (%s) with concurrency %d, data: %v", w.name, nc.ConnectedUrlRedacted(), WorkStream, n, w.Datasets.names())
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx)
		}()
	}
	wg.Wait()
	if w.killed.Load() {
		return ErrKilled
	}
	w.logf("worker %s: stopped after %d units", w.name, w.units.Load())
	return nil
}

func (w *Worker) logf(format string, args ...any) {
	if w.Log != nil {
		w.Log(format, args...)
	}
}

// loop pulls one unit at a time: a unit is seconds of work, so prefetching
// would only keep units from idle workers.
func (w *Worker) loop(ctx context.Context) {
	for ctx.Err() == nil && !w.killed.Load() {
		batch, err := w.r.cons.Fetch(1, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			if ctx.Err() == nil && !w.killed.Load() {
				w.logf("worker %s: fetch: %v", w.name, err)
				time.Sleep(time.Second)
			}
			continue
		}
		for m := range batch.Messages() {
			w.handle(ctx, m)
		}
	}
}

// handle computes one unit and publishes its result before acking it, so
// a unit is never lost: if the worker dies first, the server hands it to
// another worker after the ack wait.
func (w *Worker) handle(ctx context.Context, m jetstream.Msg) {
	run := m.Headers().Get(hdrRun)
	u, err := decodeUnit(run, m.Data())
	if err != nil {
		w.logf("worker %s: dropping a message that is not a unit: %v", w.name, err)
		_ = m.Term()
		return
	}
	if !w.live(ctx, run) {
		// The client is gone: nobody will read this run's results.
		_ = m.Ack()
		w.r.purgeRun(ctx, run)
		w.logf("worker %s: run %s has lost its client; its units are dropped", w.name, run)
		return
	}
	ds, err := w.Datasets.Lookup(u.Dataset)
	if err != nil {
		err = &errs.Error{Op: "executor", Kind: errs.Other, Err: fmt.Errorf("worker %s refused unit %s: %w", w.name, u.ID, err)}
		w.logf("%v", err)
		if w.publish(ctx, run, u, nil, err) == nil {
			_ = m.Term()
		}
		return
	}
	stop := w.heartbeat(m)
	res, err := computeRecovered(ctx, ds, u, "on worker "+w.name, "the unit is not retried; the worker's log has the stack")
	if pe := asPanic(err); pe != nil {
		w.logf("worker %s: unit %s (kind %s) of run %s panicked: %s\n%s", w.name, u.ID, u.Kind, run, pe.value, pe.stack)
	}
	stop()
	if w.Kill != nil && w.Kill(u) {
		w.killed.Store(true)
		w.nc.Close()
		return
	}
	if ctx.Err() != nil {
		_ = m.Nak() // shutting down: another worker takes it now
		return
	}
	if !w.live(ctx, run) {
		_ = m.Ack() // the client left while the unit was computed
		return
	}
	if err != nil {
		w.logf("worker %s: unit %s of run %s failed: %v", w.name, u.ID, run, err)
	}
	perr := w.publish(ctx, run, u, res, err)
	if errors.Is(perr, nats.ErrMaxPayload) {
		perr = w.publish(ctx, run, u, nil, &errs.Error{Op: "executor", Kind: errs.Other,
			Err: fmt.Errorf("the result of unit %s (%d bytes) exceeds the server's max_payload", u.ID, len(res))})
	}
	if perr != nil {
		w.logf("worker %s: publishing the result of unit %s: %v", w.name, u.ID, perr)
		_ = m.Nak()
		return
	}
	w.units.Add(1)
	if asPanic(err) != nil {
		// A handler is deterministic, so a unit that panicked here panics
		// on every worker: terminated, never redelivered, its error
		// already published to the client.
		_ = m.Term()
		return
	}
	_ = m.Ack()
}

// maxRunID bounds a run ID from the wire (newRunID makes 24 characters).
const maxRunID = 64

// decodeUnit reads a work message: run is its Tradebloc-Run header, data
// its body. The run names subjects (results, purges) and the key of the
// runs bucket, so it must be one subject token of letters, digits, '-' or
// '_' — never a wildcard or a dot; the unit must be JSON of a Unit with an
// ID, by which its result is keyed. Anything else is not a unit. A unit
// without a spec has the spec null.
func decodeUnit(run string, data []byte) (*Unit, error) {
	if run == "" {
		return nil, fmt.Errorf("no %s header", hdrRun)
	}
	if len(run) > maxRunID || strings.IndexFunc(run, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) >= 0 {
		return nil, fmt.Errorf("%s header %.80q is not a run ID", hdrRun, run)
	}
	var u Unit
	if err := json.Unmarshal(data, &u); err != nil {
		return nil, fmt.Errorf("run %s: %w", run, err)
	}
	if u.ID == "" {
		return nil, fmt.Errorf("run %s: a unit without an id", run)
	}
	if len(u.Spec) == 0 {
		// No "spec" key: the JSON null the client sends for an empty
		// spec, so a handler sees the same bytes either way.
		u.Spec = json.RawMessage("null")
	}
	return &u, nil
}

// heartbeat tells the server the unit is still being computed, every third
// of the ack wait, until stop is called.
func (w *Worker) heartbeat(m jetstream.Msg) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(w.r.opts.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if w.killed.Load() {
					return
				}
				_ = m.InProgress()
			}
		}
	}()
	return func() { close(done) }
}

// live reports whether a run's client is still there (its key in
// RunsBucket has not expired), asking the server at most once a second.
func (w *Worker) live(ctx context.Context, run string) bool {
	if t, ok := w.alive.Load(run); ok && time.Since(t.(time.Time)) < time.Second {
		return true
	}
	if _, err := w.r.runs.Get(ctx, run); err != nil {
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			w.alive.Delete(run)
			return false
		}
		return true // the server did not answer: assume live, compute
	}
	w.alive.Store(run, time.Now())
	return true
}

// publish sends a unit's result (or error) to its run's result subject.
// The message ID makes the server drop a second copy of the same result.
func (w *Worker) publish(ctx context.Context, run string, u *Unit, res []byte, uerr error) error {
	msg := &nats.Msg{Subject: resultPrefix + run, Data: res, Header: nats.Header{}}
	msg.Header.Set(hdrUnit, u.ID)
	msg.Header.Set(hdrWorker, w.name)
	if uerr != nil {
		msg.Data = nil
		msg.Header.Set(hdrError, encodeError(uerr))
	}
	_, err := w.r.js.PublishMsg(ctx, msg, jetstream.WithMsgID(run+"/"+u.ID))
	return err
}
