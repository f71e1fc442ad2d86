package server

import (
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/store"
)

// TestLoad: 50 concurrent solve requests on loopback all complete with the
// direct solve's result, /healthz keeps answering quickly meanwhile, and
// every run is retrievable afterwards.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const n = 50
	var names []string
	for _, sc := range scenario.Builtins() {
		// The load is many quick solves at once: leave out the games, which
		// are analyses of their own (optimal retaliation solves thousands of
		// scenarios), so the test measures the server, not the solver.
		if sc.Coalition == nil && (sc.Retaliation == nil || sc.Retaliation.Rule != scenario.RuleOptimal) {
			names = append(names, sc.Name)
		}
	}
	want := map[string]map[string]any{}
	for _, name := range names {
		want[name] = directSolve(t, name)
	}
	ts := newTestServer(t, Config{})

	stop := make(chan struct{})
	var health []time.Duration
	var hwg sync.WaitGroup
	hwg.Add(1)
	go func() { // probe the server's responsiveness during the load
		defer hwg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			t0 := time.Now()
			resp, err := http.Get(ts.url + "/healthz")
			if err != nil {
				t.Errorf("healthz during load: %v", err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode == 200 {
				health = append(health, time.Since(t0))
			}
		}
	}()

	start := time.Now()
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ids[i] = ts.post(t, map[string]any{"kind": "solve", "builtin": names[i%len(names)]})
		}(i)
	}
	wg.Wait()
	accepted := time.Since(start)
	for i, id := range ids {
		doc := ts.wait(t, id, 60*time.Second)
		if doc.Status != store.Done {
			t.Fatalf("run %d (%s): %s %v", i, id, doc.Status, doc.Error)
		}
		if !sameJSON(normalized(t, doc.Result), want[names[i%len(names)]]) {
			t.Errorf("run %d (%s, %s): result differs from the direct solve", i, id, names[i%len(names)])
		}
	}
	all := time.Since(start)
	close(stop)
	hwg.Wait()

	// Nothing lost: every run is in the list.
	listed := map[string]bool{}
	for next := "/api/v1/runs?limit=20"; next != ""; {
		var page RunList
		ts.do(t, "GET", next, nil, &page)
		for _, r := range page.Runs {
			listed[r.ID] = true
		}
		next = page.Next
	}
	for _, id := range ids {
		if !listed[id] {
			t.Errorf("run %s is missing from the list", id)
		}
	}
	if len(listed) != n {
		t.Errorf("%d runs listed, want %d", len(listed), n)
	}
	sort.Slice(health, func(a, b int) bool { return health[a] < health[b] })
	if len(health) == 0 {
		t.Fatal("no healthz answer during the load")
	}
	p50, pmax := health[len(health)/2], health[len(health)-1]
	t.Logf("%d solves: all accepted in %v, all done in %v; healthz during load: %d probes, median %v, max %v",
		n, accepted.Round(time.Millisecond), all.Round(time.Millisecond), len(health), p50.Round(time.Microsecond), pmax.Round(time.Microsecond))
	if pmax > time.Second {
		t.Errorf("healthz took %v during the load (want < 1s)", pmax)
	}
}
