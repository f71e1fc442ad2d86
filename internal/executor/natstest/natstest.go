// Package natstest runs a real NATS server with JetStream inside a test
// process, and tradebloc workers against it: the distributed executor is
// tested on the server it runs on in production, not on a mock.
package natstest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/tradebloc/tradebloc/internal/executor"
)

// Options are test-friendly NATS options: a dead worker is noticed after
// one second, a dead client after two.
var Options = executor.NATSOptions{AckWait: time.Second, RunTTL: 2 * time.Second, MaxDeliver: 5}

// Server starts an embedded NATS server with JetStream on a free port,
// stopped when the test ends, and returns its URL.
func Server(t testing.TB) string {
	t.Helper()
	ns, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true, StoreDir: t.TempDir(),
		NoLog: true, NoSigs: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("the embedded NATS server did not start")
	}
	t.Cleanup(ns.Shutdown)
	return ns.ClientURL()
}

// Workers runs workers in goroutines until the test ends (or until a
// worker's Kill hook fires). Each worker is configured by the caller.
type Workers struct {
	t      testing.TB
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	errs   []error
}

// Start runs the workers against url with opts and stops them when the test
// ends.
func Start(t testing.TB, url string, opts executor.NATSOptions, workers ...*executor.Worker) *Workers {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ws := &Workers{t: t, cancel: cancel}
	for _, w := range workers {
		ws.wg.Add(1)
		go func() {
			defer ws.wg.Done()
			if err := w.Serve(ctx, url, opts); err != nil && !errors.Is(err, executor.ErrKilled) {
				ws.mu.Lock()
				ws.errs = append(ws.errs, err)
				ws.mu.Unlock()
			}
		}()
	}
	t.Cleanup(ws.Stop)
	return ws
}

// Stop stops the workers and fails the test if one of them failed.
func (ws *Workers) Stop() {
	ws.cancel()
	ws.wg.Wait()
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for _, err := range ws.errs {
		ws.t.Errorf("worker: %v", err)
	}
	ws.errs = nil
}

// Client connects a NATS executor to url, closed when the test ends.
func Client(t testing.TB, url string, opts executor.NATSOptions) *executor.NATS {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := executor.DialNATS(ctx, url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// KillOnce returns a Kill hook that fires on the n-th unit the worker
// computes (1-based) and never again.
func KillOnce(n int) func(*executor.Unit) bool {
	var mu sync.Mutex
	seen := 0
	return func(*executor.Unit) bool {
		mu.Lock()
		defer mu.Unlock()
		seen++
		return seen == n
	}
}
