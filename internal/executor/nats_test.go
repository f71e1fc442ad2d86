package executor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/executor/executortest"
	"github.com/tradebloc/tradebloc/internal/executor/natstest"
)

// TestNATSConformance runs the suite on an embedded NATS server with three
// in-process workers.
func TestNATSConformance(t *testing.T) {
	t.Parallel()
	url := natstest.Server(t)
	natstest.Start(t, url, natstest.Options, &executor.Worker{Concurrency: 2}, &executor.Worker{Concurrency: 2}, &executor.Worker{Concurrency: 2})
	c := natstest.Client(t, url, natstest.Options)
	executortest.Run(t, func(*testing.T) executor.Executor { return c }, 10000)
}

func embedded(t *testing.T) *data.Dataset {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// collect runs units and returns their results by index.
func collect(t *testing.T, ex executor.Executor, ds *data.Dataset, units []executor.Unit) ([][]byte, error) {
	t.Helper()
	out := make([][]byte, len(units))
	err := ex.Run(context.Background(), &executor.Batch{Data: ds, Units: units, Done: func(i int, res []byte) error {
		if out[i] != nil {
			t.Errorf("unit %d delivered twice", i)
		}
		out[i] = append([]byte{}, res...)
		return nil
	}})
	return out, err
}

// TestNATSWrongDatasetRefused: a worker whose world-2023 differs from the
// client's (another data version) refuses the units, and the run fails
// saying so, with both hashes.
func TestNATSWrongDatasetRefused(t *testing.T) {
	t.Parallel()
	ds := embedded(t)
	other := ds.Clone()
	other.Trade[1] += 1
	url := natstest.Server(t)
	stale := &executor.Datasets{NoEmbedded: true}
	stale.Add(other)
	natstest.Start(t, url, natstest.Options, &executor.Worker{Concurrency: 1, Datasets: stale})
	c := natstest.Client(t, url, natstest.Options)
	_, err := collect(t, c, ds, executortest.Units(ds, 20000, 3, nil))
	if err == nil {
		t.Fatal("a worker with other data computed the units")
	}
	for _, want := range []string{"refused", "world-2023", other.Hash(), ds.Hash()} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if executortest.Computed(20000) != 0 {
		t.Error("a refused unit was computed")
	}
}

// TestNATSWorkerKilledMidRun: one of three workers dies after computing its
// second unit, before publishing it; the server hands the unit to another
// worker after the ack wait and the run completes with every result exactly
// as the local executor computes it.
func TestNATSWorkerKilledMidRun(t *testing.T) {
	t.Parallel()
	ds := embedded(t)
	units := executortest.Units(ds, 30000, 12, func(s *executortest.Spec) { s.SleepMS = 50 })
	want, err := collect(t, executor.Local{Workers: 2}, ds, units)
	if err != nil {
		t.Fatal(err)
	}
	url := natstest.Server(t)
	var killed sync.WaitGroup
	killed.Add(1)
	hook := natstest.KillOnce(2)
	victim := &executor.Worker{Concurrency: 1, Kill: func(u *executor.Unit) bool {
		if hook(u) {
			killed.Done()
			return true
		}
		return false
	}}
	natstest.Start(t, url, natstest.Options, victim, &executor.Worker{Concurrency: 1}, &executor.Worker{Concurrency: 1})
	c := natstest.Client(t, url, natstest.Options)
	got, err := collect(t, c, ds, units)
	if err != nil {
		t.Fatal(err)
	}
	killed.Wait() // the hook did fire: the run survived a dead worker
	for i := range want {
		if string(got[i]) != string(want[i]) {
			t.Errorf("unit %d: result differs from the local executor's", i)
		}
	}
	redone := 0
	for i := range units {
		// Local computed each once; NATS once more, plus the killed one.
		redone += executortest.Computed(30000+i) - 2
	}
	if redone != 1 {
		t.Errorf("%d units computed again, want 1 (the killed worker's)", redone)
	}
}

// rawJS connects to url as a plain NATS client: tests that play a client or
// worker by hand speak the wire format of docs/distributed.md.
func rawJS(t *testing.T, url string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

// TestNATSDeadClientCleanedUp: units of a client that died (its run key
// expired) are dropped by the first worker that meets one, without being
// computed, and the run's subject is purged.
func TestNATSDeadClientCleanedUp(t *testing.T) {
	t.Parallel()
	ds := embedded(t)
	url := natstest.Server(t)
	natstest.Client(t, url, natstest.Options) // creates the streams and bucket
	_, js := rawJS(t, url)
	ctx := context.Background()
	kv, err := js.KeyValue(ctx, executor.RunsBucket)
	if err != nil {
		t.Fatal(err)
	}
	const run = "deadbeefdeadbeefdeadbeef"
	if _, err := kv.Put(ctx, run, []byte(`{"client":"a client about to die"}`)); err != nil {
		t.Fatal(err)
	}
	for _, u := range executortest.Units(ds, 40000, 5, nil) {
		body, _ := json.Marshal(u)
		msg := &nats.Msg{Subject: "tradebloc.work." + run, Data: body, Header: nats.Header{"Tradebloc-Run": []string{run}}}
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	// The client never refreshes its key: after RunTTL it is gone.
	time.Sleep(natstest.Options.RunTTL + 500*time.Millisecond)
	natstest.Start(t, url, natstest.Options, &executor.Worker{Concurrency: 1})
	stream, err := js.Stream(ctx, executor.WorkStream)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		info, err := stream.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.State.Msgs == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d units of the dead client still queued", info.State.Msgs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for i := range 5 {
		if n := executortest.Computed(40000 + i); n != 0 {
			t.Errorf("unit %d of a dead client computed %d times", i, n)
		}
	}
}

// TestNATSDuplicateResultCountsOnce: a result published twice for one unit
// (a worker presumed dead that finishes after all) reaches Done once.
func TestNATSDuplicateResultCountsOnce(t *testing.T) {
	t.Parallel()
	ds := embedded(t)
	url := natstest.Server(t)
	c := natstest.Client(t, url, natstest.Options)
	_, js := rawJS(t, url)
	units := executortest.Units(ds, 50000, 2, nil)
	// A rogue worker: takes both units first, then answers u0 twice under
	// two message IDs (so that the server's de-duplication cannot help)
	// before it answers u1, so that the duplicate always reaches the client
	// before the run can complete. The test waits for it to finish: its
	// connection is closed when the test ends.
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx := context.Background()
		cons, err := js.Consumer(ctx, executor.WorkStream, executor.WorkerConsumer)
		if err != nil {
			t.Error(err)
			return
		}
		msgs := map[string]jetstream.Msg{}
		for range 2 {
			m, err := cons.Next(jetstream.FetchMaxWait(10 * time.Second))
			if err != nil {
				t.Error(err)
				return
			}
			var u executor.Unit
			_ = json.Unmarshal(m.Data(), &u)
			msgs[u.ID] = m
		}
		for _, id := range []string{"u0", "u1"} {
			m, ok := msgs[id]
			if !ok {
				t.Errorf("unit %s never fetched", id)
				return
			}
			run := m.Headers().Get("Tradebloc-Run")
			copies := 1
			if id == "u0" {
				copies = 2
			}
			for k := range copies {
				msg := &nats.Msg{Subject: "tradebloc.result." + run, Data: []byte(id + string(rune('a'+k))), Header: nats.Header{"Tradebloc-Unit": []string{id}}}
				if _, err := js.PublishMsg(ctx, msg); err != nil {
					t.Error(err)
				}
			}
			_ = m.Ack()
		}
	}()
	got, err := collect(t, c, ds, units)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if string(got[0]) != "u0a" || string(got[1]) != "u1a" {
		t.Errorf("got %q, want the first result of each unit", got)
	}
}

// lockedLog collects a worker's log lines.
type lockedLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *lockedLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// TestNATSPanickingUnit: a unit whose handler panics (a bug) is that unit's
// error: the run fails at once with the panic value, the worker logs the
// panic with a stack and goes on to the next unit, and the unit is
// terminated, not handed to the next worker to crash it too. Before, the
// panic killed the worker process, and the unit was redelivered to up to
// MaxDeliver workers, each of which died.
func TestNATSPanickingUnit(t *testing.T) {
	t.Parallel()
	ds := embedded(t)
	url := natstest.Server(t)
	log := &lockedLog{}
	natstest.Start(t, url, natstest.Options, &executor.Worker{Concurrency: 1, Log: log.printf})
	c := natstest.Client(t, url, natstest.Options)
	nc, _ := rawJS(t, url)
	terminated, err := nc.SubscribeSync("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED." + executor.WorkStream + "." + executor.WorkerConsumer)
	if err != nil {
		t.Fatal(err)
	}
	units := executortest.Units(ds, 60000, 3, func(s *executortest.Spec) {
		if s.N == 60001 {
			s.Panic = "index out of range in a test handler"
		}
	})
	start := time.Now()
	_, err = collect(t, c, ds, units)
	if err == nil {
		t.Fatal("a run with a panicking unit succeeded")
	}
	for _, want := range []string{"unit u1", "panicked", "index out of range in a test handler", "not retried"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// At once, not after MaxDeliver ack waits (5 s here, minutes in
	// production).
	if d := time.Since(start); d > 3*natstest.Options.AckWait {
		t.Errorf("the run took %v to fail", d)
	}
	if _, err := terminated.NextMsg(5 * time.Second); err != nil {
		t.Errorf("no termination advisory for the panicking unit: %v", err)
	}
	// Given the time a redelivery would take: computed once.
	time.Sleep(2 * natstest.Options.AckWait)
	if n := executortest.Computed(60001); n != 1 {
		t.Errorf("the panicking unit was computed %d times, want 1", n)
	}
	logged := log.String()
	for _, want := range []string{"panicked: index out of range in a test handler", "executortest", ".go:"} {
		if !strings.Contains(logged, want) {
			t.Errorf("worker log does not hold %q:\n%s", want, logged)
		}
	}
	// The same worker computes the next run.
	next := executortest.Units(ds, 60100, 4, nil)
	got, err := collect(t, c, ds, next)
	if err != nil {
		t.Fatalf("the worker did not survive the panic: %v", err)
	}
	for i := range next {
		if string(got[i]) != string(executortest.Digest(ds, 60100+i)) {
			t.Errorf("unit %d after the panic: wrong result", i)
		}
	}
}
