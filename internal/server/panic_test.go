package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/executor/executortest"
	"github.com/tradebloc/tradebloc/internal/store"
)

// logBuffer is a server log a test can read while the server writes it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// panickingExecutor panics as its Run is called: a bug in the computation
// of a run, on the goroutine the server runs it on.
type panickingExecutor struct{}

func (panickingExecutor) Run(context.Context, *executor.Batch) error {
	panic("boom in the computation")
}

func (panickingExecutor) String() string { return "panicking" }

// panickingUnits runs a batch's worth of executortest units on the local
// executor, the first of which panics: a bug in a unit's handler, on one
// of the local executor's goroutines.
type panickingUnits struct{}

func (panickingUnits) Run(ctx context.Context, b *executor.Batch) error {
	units := executortest.Units(b.Data, 90000, len(b.Units), func(s *executortest.Spec) {
		if s.N == 90000 {
			s.Panic = "boom in a unit"
		}
	})
	return executor.Local{Workers: 2}.Run(ctx, &executor.Batch{Data: b.Data, Units: units, Done: func(int, []byte) error { return nil }})
}

func (panickingUnits) String() string { return "local, with a panicking unit" }

// TestRunPanicRecovered: a panic while a run executes — in the worker that
// took it, in the computation's goroutine, in a unit on the local
// executor — fails that run with a short error naming the panic, logs the
// stack, and leaves the server serving and its one worker taking the next
// run. Before, each of them killed the process with every user's runs
// (here, the test binary).
func TestRunPanicRecovered(t *testing.T) {
	smallGame := `{"kind": "coalition", "no_bands": true, "scenario": {"name": "small-bloc", "coalition": {"targets": ["CHN"], "candidates": ["CAN", "MEX", "JPN"]}}}`
	for _, c := range []struct {
		name     string
		executor executor.Executor
		hook     bool // beforeRun panics on the first run
		run      string
		want     string // the run's error
		stack    string // in the log's stack
	}{
		{"in the worker", nil, true, `{"kind": "solve", "builtin": "liberation-day", "no_bands": true}`,
			"internal error: the solve run panicked: boom in the worker; this is a bug, please report it", "panic_test.go:"},
		{"in the computation", panickingExecutor{}, false, smallGame,
			"internal error: the coalition run panicked: boom in the computation; this is a bug, please report it", "panic_test.go:"},
		{"in a local unit", panickingUnits{}, false, smallGame,
			"unit u0 (kind " + executortest.KindDigest + ") panicked in the local executor: boom in a unit (a bug in tradebloc; please report it)", "suite.go:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			log := &logBuffer{}
			ts := newTestServer(t, Config{Workers: 1, Executor: c.executor, Logger: log.logger()})
			if c.hook {
				var once atomic.Bool
				ts.beforeRun = func(string) {
					if once.CompareAndSwap(false, true) {
						panic("boom in the worker")
					}
				}
			}
			id := ts.post(t, c.run)
			doc := ts.wait(t, id, 60*time.Second)
			if doc.Status != store.Failed || doc.Error == nil {
				t.Fatalf("the panicking run is %s (error %v), want failed", doc.Status, doc.Error)
			}
			if msg := *doc.Error; !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || len(msg) > 300 {
				t.Errorf("run error %q, want one short line with %q", msg, c.want)
			}
			logged := log.String()
			for _, want := range []string{"panicked (a bug)", "run=" + id, c.stack} {
				if !strings.Contains(logged, want) {
					t.Errorf("server log does not hold %q:\n%s", want, logged)
				}
			}
			// The one worker takes the next run and finishes it.
			next := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true})
			if doc := ts.wait(t, next, 60*time.Second); doc.Status != store.Done {
				t.Errorf("the run after the panic: %s %v", doc.Status, doc.Error)
			}
			var h struct{ Queued, Running int }
			if resp := ts.do(t, "GET", "/healthz", nil, &h); resp.StatusCode != http.StatusOK || h.Queued != 0 || h.Running != 0 {
				t.Errorf("healthz after the runs: %d %+v", resp.StatusCode, h)
			}
		})
	}
}

// panickingStore panics in Head for the run ID "panichead", and in
// WriteResult for the run named in writePanics after writing a byte of it:
// a bug below an HTTP handler, before and after its answer started.
type panickingStore struct {
	store.Store
	writePanics atomic.Value // string
}

func (p *panickingStore) Head(ctx context.Context, id string) (*store.Run, error) {
	if id == "panichead" {
		panic("store bug in Head")
	}
	return p.Store.Head(ctx, id)
}

func (p *panickingStore) WriteResult(ctx context.Context, id string, w io.Writer) (int64, error) {
	if id == p.writePanics.Load() {
		_, _ = w.Write([]byte("{"))
		panic("store bug in WriteResult")
	}
	return p.Store.WriteResult(ctx, id, w)
}

// TestHandlerPanic: a handler's panic is answered with a JSON 500 (not a
// dropped connection, net/http's own recovery) and logged with its stack
// in the server's log; one after the answer started aborts the transfer
// (the client sees an incomplete body, not a cut-off document passed as
// whole) and is logged too. The server goes on answering.
func TestHandlerPanic(t *testing.T) {
	log := &logBuffer{}
	ps := &panickingStore{}
	ps.writePanics.Store("")
	ts := startWrappedServer(t, Config{Logger: log.logger()}, filepath.Join(t.TempDir(), "runs.db"), func(st store.Store) store.Store {
		ps.Store = st
		return ps
	})

	// Before the answer: a JSON 500.
	resp, err := http.Get(ts.url + "/api/v1/runs/panichead")
	if err != nil {
		t.Fatalf("GET of a run whose store call panics: %v (the connection was dropped)", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		!strings.Contains(string(body), `"error": "internal error: the server failed on GET \"/api/v1/runs/panichead\"; this is a bug, please report it`) ||
		strings.Contains(string(body), "store bug") {
		t.Errorf("answer to a panic: %d %q %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("the 500 lost the security headers: %v", resp.Header)
	}

	// After the answer started: the transfer fails.
	id := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true})
	if doc := ts.wait(t, id, 60*time.Second); doc.Status != store.Done {
		t.Fatalf("run %s: %s %v", id, doc.Status, doc.Error)
	}
	ps.writePanics.Store(id)
	resp, err = http.Get(ts.url + "/api/v1/runs/" + id)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Errorf("a run document cut off by a panic was read as whole (status %d)", resp.StatusCode)
	}
	ps.writePanics.Store("")

	logged := log.String()
	for _, want := range []string{"an HTTP handler panicked (a bug)", "panic=\"store bug in Head\"", "panic=\"store bug in WriteResult\"", "panic_test.go:"} {
		if !strings.Contains(logged, want) {
			t.Errorf("server log does not hold %q:\n%s", want, logged)
		}
	}
	// Still serving.
	var doc RunDoc
	if resp := ts.do(t, "GET", "/api/v1/runs/"+id, nil, &doc); resp.StatusCode != http.StatusOK || doc.Status != store.Done {
		t.Errorf("GET after the panics: %d %s", resp.StatusCode, doc.Status)
	}
}
