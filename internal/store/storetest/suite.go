// Package storetest is the conformance suite of the run store: every
// implementation of store.Store must pass Run, so the server behaves the same
// on SQLite and PostgreSQL.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/tradebloc/tradebloc/internal/store"
)

// Opener returns a fresh, empty store. reopen returns a store over the same
// database as the one last opened (a server restart); suites that cannot
// reopen pass nil.
type Opener func(t *testing.T) (s store.Store, reopen func() store.Store)

// Run runs the conformance suite against the stores open returns.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"CreateGet", testCreateGet},
		{"NotFound", testNotFound},
		{"Lifecycle", testLifecycle},
		{"FailKeepsProgress", testFailKeepsProgress},
		{"FirstFinishWins", testFirstFinishWins},
		{"CancelBeforeStart", testCancelBeforeStart},
		{"ListNewestFirstPaged", testList},
		{"MarkInterrupted", testMarkInterrupted},
		{"Concurrent", testConcurrent},
		{"Reopen", testReopen},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}

func newRun(id string) *store.Run {
	return &store.Run{ID: id, Kind: "solve", Scenario: "liberation-day", Request: json.RawMessage(`{"kind":"solve","builtin":"liberation-day"}`)}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func create(t *testing.T, s store.Store, id string) *store.Run {
	t.Helper()
	r := newRun(id)
	must(t, s.Create(context.Background(), r))
	return r
}

func get(t *testing.T, s store.Store, id string) *store.Run {
	t.Helper()
	r, err := s.Get(context.Background(), id)
	must(t, err)
	return r
}

func testCreateGet(t *testing.T, open Opener) {
	s, _ := open(t)
	r := create(t, s, "r1")
	if r.Status != store.Queued || r.Seq == 0 || r.Created.IsZero() {
		t.Fatalf("after Create: %+v", r)
	}
	g := get(t, s, "r1")
	if g.ID != "r1" || g.Kind != "solve" || g.Scenario != "liberation-day" || g.Status != store.Queued || g.Progress != 0 || g.Result != nil || g.Error != "" {
		t.Fatalf("Get: %+v", g)
	}
	if string(g.Request) != string(r.Request) {
		t.Errorf("request %s, want %s", g.Request, r.Request)
	}
	if !g.Created.Equal(r.Created) || g.Seq != r.Seq {
		t.Errorf("created %v seq %d, want %v %d", g.Created, g.Seq, r.Created, r.Seq)
	}
	if err := s.Create(context.Background(), newRun("r1")); err == nil {
		t.Error("a duplicate ID was accepted")
	}
}

func testNotFound(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get: %v, want ErrNotFound", err)
	}
	if _, err := s.Start(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Start: %v, want ErrNotFound", err)
	}
	if err := s.SetProgress(ctx, "nope", 0.5); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetProgress: %v, want ErrNotFound", err)
	}
	if _, err := s.Finish(ctx, "nope", store.Done, nil, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Finish: %v, want ErrNotFound", err)
	}
}

func testLifecycle(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "a")
	ok, err := s.Start(ctx, "a")
	must(t, err)
	if !ok {
		t.Fatal("Start of a queued run reported false")
	}
	if ok, _ := s.Start(ctx, "a"); ok {
		t.Error("a running run was started twice")
	}
	must(t, s.SetProgress(ctx, "a", 0.25))
	if g := get(t, s, "a"); g.Status != store.Running || g.Progress != 0.25 {
		t.Fatalf("running: %+v", g)
	}
	must(t, s.SetProgress(ctx, "a", 7)) // clamped
	if g := get(t, s, "a"); g.Progress != 1 {
		t.Errorf("progress 7 stored as %v, want 1", g.Progress)
	}
	must(t, s.SetProgress(ctx, "a", -1))
	if g := get(t, s, "a"); g.Progress != 0 {
		t.Errorf("progress -1 stored as %v, want 0", g.Progress)
	}
	result := json.RawMessage("{\n  \"scenario\": \"liberation-day\",\n  \"x\": 1.5e-13\n}\n")
	ok, err = s.Finish(ctx, "a", store.Done, result, "")
	must(t, err)
	if !ok {
		t.Fatal("Finish reported false")
	}
	g := get(t, s, "a")
	if g.Status != store.Done || g.Progress != 1 || string(g.Result) != string(result) || g.Error != "" {
		t.Fatalf("done: %+v (result %q)", g, g.Result)
	}
	if !g.Updated.After(g.Created) && !g.Updated.Equal(g.Created) {
		t.Errorf("updated %v before created %v", g.Updated, g.Created)
	}
	must(t, s.SetProgress(ctx, "a", 0.1)) // no-op on a finished run
	if g := get(t, s, "a"); g.Progress != 1 {
		t.Errorf("progress of a finished run changed to %v", g.Progress)
	}
	if _, err := s.Finish(ctx, "a", store.Running, nil, ""); err == nil {
		t.Error("Finish accepted a non-final status")
	}
}

func testFailKeepsProgress(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "f")
	_, _ = s.Start(ctx, "f")
	must(t, s.SetProgress(ctx, "f", 0.4))
	ok, err := s.Finish(ctx, "f", store.Failed, nil, "the model did not converge")
	must(t, err)
	g := get(t, s, "f")
	if !ok || g.Status != store.Failed || g.Error != "the model did not converge" || g.Progress != 0.4 || g.Result != nil {
		t.Fatalf("failed: %+v", g)
	}
}

func testFirstFinishWins(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "w")
	_, _ = s.Start(ctx, "w")
	if ok, _ := s.Finish(ctx, "w", store.Failed, nil, "cancelled"); !ok {
		t.Fatal("first Finish reported false")
	}
	ok, err := s.Finish(ctx, "w", store.Done, json.RawMessage(`{}`), "")
	must(t, err)
	if ok {
		t.Error("second Finish reported true")
	}
	if g := get(t, s, "w"); g.Status != store.Failed || g.Error != "cancelled" || g.Result != nil {
		t.Errorf("second Finish overwrote the first: %+v", g)
	}
}

func testCancelBeforeStart(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "c")
	if ok, _ := s.Finish(ctx, "c", store.Failed, nil, "cancelled"); !ok {
		t.Fatal("cancelling a queued run reported false")
	}
	ok, err := s.Start(ctx, "c")
	must(t, err)
	if ok {
		t.Error("a cancelled run was started")
	}
}

func testList(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	if l, err := s.List(ctx, store.ListOptions{}); err != nil || len(l) != 0 {
		t.Fatalf("empty store lists %d runs, %v", len(l), err)
	}
	for i := 0; i < 7; i++ {
		create(t, s, fmt.Sprintf("run%d", i))
	}
	_, _ = s.Finish(ctx, "run3", store.Failed, nil, "boom")
	var got []string
	var before int64
	for page := 0; page < 10; page++ {
		l, err := s.List(ctx, store.ListOptions{Limit: 3, Before: before})
		must(t, err)
		if len(l) > 3 {
			t.Fatalf("page of %d runs, limit 3", len(l))
		}
		if len(l) == 0 {
			break
		}
		for _, r := range l {
			got = append(got, r.ID)
			if r.Result != nil || r.Request != nil {
				t.Errorf("List returned the request/result of %s", r.ID)
			}
			if r.ID == "run3" && (r.Status != store.Failed || r.Error != "boom") {
				t.Errorf("listed run3: %+v", r)
			}
		}
		before = l[len(l)-1].Seq
	}
	want := []string{"run6", "run5", "run4", "run3", "run2", "run1", "run0"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("paged list %v, want %v", got, want)
	}
	l, err := s.List(ctx, store.ListOptions{})
	must(t, err)
	if len(l) != 7 {
		t.Errorf("default limit listed %d, want 7", len(l))
	}
}

func testMarkInterrupted(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	for _, id := range []string{"q", "r", "d", "f"} {
		create(t, s, id)
	}
	_, _ = s.Start(ctx, "r")
	_ = s.SetProgress(ctx, "r", 0.5)
	_, _ = s.Start(ctx, "d")
	_, _ = s.Finish(ctx, "d", store.Done, json.RawMessage(`{"ok":true}`), "")
	_, _ = s.Finish(ctx, "f", store.Failed, nil, "bad")
	n, err := s.MarkInterrupted(ctx, store.InterruptedMsg)
	must(t, err)
	if n != 2 {
		t.Errorf("MarkInterrupted failed %d runs, want 2", n)
	}
	for id, want := range map[string]store.Status{"q": store.Failed, "r": store.Failed, "d": store.Done, "f": store.Failed} {
		g := get(t, s, id)
		if g.Status != want {
			t.Errorf("%s: status %s, want %s", id, g.Status, want)
		}
	}
	if g := get(t, s, "r"); g.Error != store.InterruptedMsg || g.Progress != 0.5 {
		t.Errorf("interrupted run: %+v", g)
	}
	if g := get(t, s, "f"); g.Error != "bad" {
		t.Errorf("a failed run's error was overwritten: %q", g.Error)
	}
	if g := get(t, s, "d"); string(g.Result) != `{"ok":true}` {
		t.Errorf("a done run's result changed: %s", g.Result)
	}
}

// testConcurrent is what the server does under load: many goroutines
// creating, starting and finishing runs at once must lose nothing.
func testConcurrent(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	const n = 40
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			id := fmt.Sprintf("c%02d", i)
			if err := s.Create(ctx, newRun(id)); err != nil {
				errc <- err
				return
			}
			if _, err := s.Start(ctx, id); err != nil {
				errc <- err
				return
			}
			if err := s.SetProgress(ctx, id, 0.5); err != nil {
				errc <- err
				return
			}
			if _, err := s.Finish(ctx, id, store.Done, json.RawMessage(fmt.Sprintf(`{"i":%d}`, i)), ""); err != nil {
				errc <- err
			}
		}(i)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	l, err := s.List(ctx, store.ListOptions{Limit: 1000})
	must(t, err)
	if len(l) != n {
		t.Fatalf("%d runs listed, want %d", len(l), n)
	}
	seen := map[int64]bool{}
	for _, r := range l {
		if r.Status != store.Done || seen[r.Seq] {
			t.Errorf("run %s: status %s seq %d (dup %v)", r.ID, r.Status, r.Seq, seen[r.Seq])
		}
		seen[r.Seq] = true
	}
}

func testReopen(t *testing.T, open Opener) {
	s, reopen := open(t)
	if reopen == nil {
		t.Skip("store cannot be reopened")
	}
	ctx := context.Background()
	create(t, s, "p")
	_, _ = s.Start(ctx, "p")
	create(t, s, "done")
	_, _ = s.Finish(ctx, "done", store.Done, json.RawMessage(`[1,2]`), "")
	must(t, s.Close())
	s2 := reopen()
	if g := get(t, s2, "done"); g.Status != store.Done || string(g.Result) != `[1,2]` {
		t.Errorf("after reopen: %+v", g)
	}
	if g := get(t, s2, "p"); g.Status != store.Running {
		t.Errorf("after reopen, before MarkInterrupted: %s", g.Status)
	}
	if n, err := s2.MarkInterrupted(ctx, store.InterruptedMsg); err != nil || n != 1 {
		t.Errorf("MarkInterrupted = %d, %v; want 1", n, err)
	}
	r := create(t, s2, "after")
	if r.Seq <= get(t, s2, "done").Seq {
		t.Errorf("a run created after reopening has seq %d, not after the old ones", r.Seq)
	}
}
