// Package storetest is the conformance suite of the run store: every
// implementation of store.Store must pass Run, so the server behaves the same
// on SQLite and PostgreSQL.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

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
		{"ResultInParts", testResultInParts},
		{"SummaryAndFailedResult", testSummaryAndFailedResult},
		{"Delete", testDelete},
		{"Prune", testPrune},
		{"ReadWhileDeleted", testReadWhileDeleted},
		{"PingAndLock", testPingAndLock},
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
	if _, err := s.Finish(ctx, "nope", store.Outcome{Status: store.Done}); !errors.Is(err, store.ErrNotFound) {
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
	ok, err = s.Finish(ctx, "a", store.Outcome{Status: store.Done, Result: result})
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
	if _, err := s.Finish(ctx, "a", store.Outcome{Status: store.Running}); err == nil {
		t.Error("Finish accepted a non-final status")
	}
}

func testFailKeepsProgress(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "f")
	_, _ = s.Start(ctx, "f")
	must(t, s.SetProgress(ctx, "f", 0.4))
	ok, err := s.Finish(ctx, "f", store.Outcome{Status: store.Failed, Error: "the model did not converge"})
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
	if ok, _ := s.Finish(ctx, "w", store.Outcome{Status: store.Cancelled, Error: "cancelled"}); !ok {
		t.Fatal("first Finish reported false")
	}
	ok, err := s.Finish(ctx, "w", store.Outcome{Status: store.Done, Result: json.RawMessage(`{}`)})
	must(t, err)
	if ok {
		t.Error("second Finish reported true")
	}
	if g := get(t, s, "w"); g.Status != store.Cancelled || g.Error != "cancelled" || g.Result != nil || g.ResultSize != -1 {
		t.Errorf("second Finish overwrote the first: %+v", g)
	}
}

func testCancelBeforeStart(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "c")
	if ok, _ := s.Finish(ctx, "c", store.Outcome{Status: store.Cancelled, Error: "cancelled by request"}); !ok {
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
	_, _ = s.Finish(ctx, "run3", store.Outcome{Status: store.Failed, Error: "boom"})
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
	_, _ = s.Finish(ctx, "d", store.Outcome{Status: store.Done, Result: json.RawMessage(`{"ok":true}`)})
	_, _ = s.Finish(ctx, "f", store.Outcome{Status: store.Failed, Error: "bad"})
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
			if _, err := s.Finish(ctx, id, store.Outcome{Status: store.Done, Result: json.RawMessage(fmt.Sprintf(`{"i":%d}`, i))}); err != nil {
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
	_, _ = s.Finish(ctx, "done", store.Outcome{Status: store.Done, Result: json.RawMessage(`[1,2]`)})
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

// testResultInParts: a result of several parts, with a multi-byte character
// across a part boundary, comes back byte for byte from Get and from
// WriteResult, and WriteResult never holds more than a part per Write.
func testResultInParts(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "big")
	var b strings.Builder
	b.WriteString(`{"name": "`)
	for b.Len() < store.ResultPartSize-1 {
		b.WriteByte('x')
	}
	b.WriteString("Côte d'Ivoire\", \"rows\": [")
	for i := 0; b.Len() < 2*store.ResultPartSize+1000; i++ {
		fmt.Fprintf(&b, "%d, ", i)
	}
	b.WriteString("0]}")
	result := json.RawMessage(b.String())
	if ok, err := s.Finish(ctx, "big", store.Outcome{Status: store.Done, Result: result}); err != nil || !ok {
		t.Fatalf("Finish: %v %v", ok, err)
	}
	if g := get(t, s, "big"); string(g.Result) != string(result) || g.ResultSize != int64(len(result)) {
		t.Fatalf("Get: %d bytes (size %d), want %d", len(g.Result), g.ResultSize, len(result))
	}
	h, err := s.Head(ctx, "big")
	must(t, err)
	if h.Result != nil || h.ResultSize != int64(len(result)) || h.Status != store.Done || string(h.Request) == "" {
		t.Fatalf("Head: result %d bytes, size %d, status %s", len(h.Result), h.ResultSize, h.Status)
	}
	w := &maxWriter{}
	n, err := s.WriteResult(ctx, "big", w)
	must(t, err)
	if n != int64(len(result)) || w.b.String() != string(result) {
		t.Fatalf("WriteResult wrote %d bytes, want %d", n, len(result))
	}
	if w.max > store.ResultPartSize || w.writes < 3 {
		t.Errorf("WriteResult: %d writes, largest %d bytes; want parts of at most %d", w.writes, w.max, store.ResultPartSize)
	}
	create(t, s, "none")
	if n, err := s.WriteResult(ctx, "none", w); n != 0 || err != nil {
		t.Errorf("WriteResult of a run without a result: %d, %v", n, err)
	}
	if _, err := s.WriteResult(ctx, "nope", w); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("WriteResult of an unknown run: %v", err)
	}
}

type maxWriter struct {
	b           strings.Builder
	max, writes int
}

func (w *maxWriter) Write(p []byte) (int, error) {
	w.writes++
	w.max = max(w.max, len(p))
	return w.b.Write(p)
}

// testSummaryAndFailedResult: the summary is stored, and a failed run may
// keep its result document (a solve that did not converge).
func testSummaryAndFailedResult(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "nc")
	doc := json.RawMessage(`{"converged": false, "reason": "residual 0.04"}`)
	_, err := s.Finish(ctx, "nc", store.Outcome{Status: store.Failed, Result: doc, Error: "the model did not converge: residual 0.04", Summary: "The model did not converge."})
	must(t, err)
	g := get(t, s, "nc")
	if g.Status != store.Failed || string(g.Result) != string(doc) || g.Summary != "The model did not converge." || g.Error == "" {
		t.Errorf("failed run with a result: %+v", g)
	}
	l, err := s.List(ctx, store.ListOptions{})
	must(t, err)
	if len(l) != 1 || l[0].Summary != g.Summary || l[0].ResultSize != int64(len(doc)) {
		t.Errorf("listed: %+v", l[0])
	}
}

func testDelete(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	create(t, s, "d1")
	create(t, s, "d2")
	_, _ = s.Finish(ctx, "d1", store.Outcome{Status: store.Done, Result: json.RawMessage(`{"a":1}`)})
	must(t, s.Delete(ctx, "d1"))
	if _, err := s.Get(ctx, "d1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	if _, err := s.WriteResult(ctx, "d1", io.Discard); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("WriteResult after Delete: %v", err)
	}
	if err := s.Delete(ctx, "d1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second Delete: %v", err)
	}
	must(t, s.Delete(ctx, "d2")) // unfinished runs can be deleted too
	// A new run under a deleted ID has no trace of the old result.
	create(t, s, "d1")
	_, _ = s.Finish(ctx, "d1", store.Outcome{Status: store.Done, Result: json.RawMessage(`[]`)})
	if g := get(t, s, "d1"); string(g.Result) != `[]` {
		t.Errorf("result after re-creating a deleted ID: %s", g.Result)
	}
}

// testPrune: retention by count keeps the newest runs and by age the
// recent ones, and never touches an unfinished run.
func testPrune(t *testing.T, open Opener) {
	s, _ := open(t)
	ctx := context.Background()
	for i := 0; i < 6; i++ {
		id := fmt.Sprintf("p%d", i)
		create(t, s, id)
		if i != 1 { // p1 stays queued
			_, _ = s.Finish(ctx, id, store.Outcome{Status: store.Done, Result: json.RawMessage(`{}`)})
		}
	}
	n, err := s.Prune(ctx, store.PruneOptions{Keep: 3})
	must(t, err)
	if n != 2 {
		t.Errorf("Prune(keep 3) deleted %d, want 2 (p0 and p2; p1 is unfinished)", n)
	}
	var ids []string
	l, _ := s.List(ctx, store.ListOptions{})
	for _, r := range l {
		ids = append(ids, r.ID)
	}
	if fmt.Sprint(ids) != "[p5 p4 p3 p1]" {
		t.Errorf("after Prune(keep 3): %v", ids)
	}
	if n, _ := s.Prune(ctx, store.PruneOptions{Before: time.Now().Add(-time.Hour)}); n != 0 {
		t.Errorf("Prune(older than an hour) deleted %d fresh runs", n)
	}
	n, err = s.Prune(ctx, store.PruneOptions{Before: time.Now().Add(time.Minute)})
	must(t, err)
	if l, _ := s.List(ctx, store.ListOptions{}); n != 3 || len(l) != 1 || l[0].ID != "p1" {
		t.Errorf("Prune(all finished) deleted %d, left %d", n, len(l))
	}
	if n, _ := s.Prune(ctx, store.PruneOptions{Keep: 10}); n != 0 {
		t.Errorf("Prune with fewer runs than Keep deleted %d", n)
	}
}

// testPingAndLock: one process at a time holds the database; closing the
// holder frees it.
func testPingAndLock(t *testing.T, open Opener) {
	s, reopen := open(t)
	ctx := context.Background()
	must(t, s.Ping(ctx))
	must(t, s.Lock(ctx))
	must(t, s.Lock(ctx)) // idempotent in the holder
	if reopen == nil {
		return
	}
	other := reopen()
	if err := other.Lock(ctx); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("a second store locked the same database: %v", err)
	}
	must(t, s.Close())
	must(t, other.Lock(ctx))
}

// hookWriter calls hook on its first Write, then collects what is written.
type hookWriter struct {
	b    strings.Builder
	hook func()
}

func (w *hookWriter) Write(p []byte) (int, error) {
	if w.hook != nil {
		h := w.hook
		w.hook = nil
		h()
	}
	return w.b.Write(p)
}

// partsResult is a result of three and a bit parts, each part's bytes
// telling which result and part it is, so a document stitched from two
// results, or missing a part, cannot pass for either.
func partsResult(tag string) json.RawMessage {
	var b strings.Builder
	b.WriteString(`{"rows": [`)
	for i := 0; b.Len() < 3*store.ResultPartSize+100; i++ {
		fmt.Fprintf(&b, `"%s-%d", `, tag, i)
	}
	b.WriteString(`"end"]}`)
	return json.RawMessage(b.String())
}

// testReadWhileDeleted: a run deleted (or pruned) while its result is being
// read leaves that reader the whole result, so a GET racing a DELETE never
// serves a cut-off document; the run is gone for everyone else at once,
// and its ID can be used again meanwhile without the two results mixing.
func testReadWhileDeleted(t *testing.T, open Opener) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		delete func(s store.Store) error
	}{
		{"Delete", func(s store.Store) error { return s.Delete(ctx, "r1") }},
		{"Prune", func(s store.Store) error {
			n, err := s.Prune(ctx, store.PruneOptions{Before: time.Now().Add(time.Hour)})
			if err == nil && n != 1 {
				err = fmt.Errorf("pruned %d runs, want 1", n)
			}
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := open(t)
			old, next := partsResult("old"), partsResult("new")
			create(t, s, "r1")
			if ok, err := s.Finish(ctx, "r1", store.Outcome{Status: store.Done, Result: old}); !ok || err != nil {
				t.Fatalf("Finish: %v %v", ok, err)
			}
			w := &hookWriter{hook: func() {
				// The first part is out: delete the run, then create
				// one under the same ID with another result.
				must(t, tc.delete(s))
				if _, err := s.Head(ctx, "r1"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("Head of the run deleted while read: %v, want ErrNotFound", err)
				}
				if _, err := s.WriteResult(ctx, "r1", io.Discard); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("a new read of the run deleted while read: %v, want ErrNotFound", err)
				}
				create(t, s, "r1")
				if ok, err := s.Finish(ctx, "r1", store.Outcome{Status: store.Done, Result: next}); !ok || err != nil {
					t.Errorf("Finish of a run re-created under the ID being read: %v %v", ok, err)
				}
			}}
			n, err := s.WriteResult(ctx, "r1", w)
			if err != nil || n != int64(len(old)) || w.b.String() != string(old) {
				t.Fatalf("reader of the deleted run: %d bytes (%v), want the whole old result of %d bytes; same bytes: %v",
					n, err, len(old), w.b.String() == string(old))
			}
			if g := get(t, s, "r1"); string(g.Result) != string(next) {
				t.Errorf("the run re-created under the ID: %d bytes, want its own result (%d bytes)", len(g.Result), len(next))
			}
			// Once the reader is done, deleting the new run leaves
			// nothing behind: a third run under the ID stores its result.
			must(t, s.Delete(ctx, "r1"))
			create(t, s, "r1")
			if ok, err := s.Finish(ctx, "r1", store.Outcome{Status: store.Done, Result: json.RawMessage(`[]`)}); !ok || err != nil {
				t.Fatalf("Finish of a third run under the ID: %v %v", ok, err)
			}
			if g := get(t, s, "r1"); string(g.Result) != `[]` {
				t.Errorf("third run under the ID: %d bytes", len(g.Result))
			}
		})
	}
}
