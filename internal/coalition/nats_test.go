// The race detector slows the solver and the embedded NATS server several
// times over; package executor's NATS tests run under it, and the game's
// units meet nothing there that the local executor's tests do not.

//go:build !race

package coalition

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/executor/natstest"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// eightGame is the built-in game with its first eight candidates: every
// rule on, a defector penalty, 256 memberships.
func eightGame(t *testing.T) (*scenario.Scenario, *data.Dataset) {
	t.Helper()
	sc, ds := compelled(t)
	sc.Coalition.Candidates = sc.Coalition.Candidates[:8]
	return sc, ds
}

// workerData gives in-process workers their own copy of the embedded data
// (same numbers, same hash, another pointer): they rebuild every game from
// the units as a worker on another machine does, instead of finding the
// client's in this process's cache.
func workerData(ds *data.Dataset) *executor.Datasets {
	d := &executor.Datasets{NoEmbedded: true}
	d.Add(ds.Clone())
	return d
}

// jsonOf is a report's JSON with the timing fields zeroed.
func jsonOf(t *testing.T, rep *Report) string {
	t.Helper()
	rep.Seconds, rep.SolvesPerSecond, rep.ComparisonSeconds = 0, 0, 0
	var b bytes.Buffer
	if err := report.WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestNATSGameBitIdentical plays a K = 8 game on an embedded NATS server
// with three in-process workers, one of which is killed mid-run (after its
// second unit, before publishing it): the run completes, and its report is
// the local executor's bit for bit, timing aside.
func TestNATSGameBitIdentical(t *testing.T) {
	t.Parallel()
	sc, ds := eightGame(t)
	local, err := Analyze(context.Background(), sc, ds, Options{Executor: executor.Local{Workers: 2}})
	if err != nil {
		t.Fatal(err)
	}
	url := natstest.Server(t)
	var kills atomic.Int32
	hook := natstest.KillOnce(2)
	victim := &executor.Worker{Concurrency: 1, Datasets: workerData(ds), Kill: func(u *executor.Unit) bool {
		if hook(u) {
			kills.Add(1)
			return true
		}
		return false
	}}
	natstest.Start(t, url, natstest.Options, victim,
		&executor.Worker{Concurrency: 1, Datasets: workerData(ds)}, &executor.Worker{Concurrency: 1, Datasets: workerData(ds)})
	var last atomic.Int64
	remote, err := Analyze(context.Background(), sc, ds, Options{Executor: natstest.Client(t, url, natstest.Options),
		Progress: func(phase string, done, total int) {
			if phase == "payoffs" {
				last.Store(int64(done))
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if kills.Load() != 1 {
		t.Fatal("the worker was not killed: the test did not exercise redelivery")
	}
	if last.Load() != 256 {
		t.Errorf("payoffs progress ended at %d of 256", last.Load())
	}
	if a, b := jsonOf(t, local), jsonOf(t, remote); a != b {
		t.Errorf("NATS and local reports differ:\nlocal %.2000s\n nats %.2000s", a, b)
	}
	if remote.Solves < 256 || len(remote.Bands.Points) == 0 {
		t.Errorf("report incomplete: %d solves, bands %+v", remote.Solves, remote.Bands)
	}
}

// TestNATSGameRefusesOtherData: a worker holding other numbers under the
// embedded dataset's name refuses the game's units, and the run fails.
func TestNATSGameRefusesOtherData(t *testing.T) {
	t.Parallel()
	sc, ds := eightGame(t)
	stale := ds.Clone()
	stale.Trade[5] += 1
	d := &executor.Datasets{NoEmbedded: true}
	d.Add(stale)
	url := natstest.Server(t)
	natstest.Start(t, url, natstest.Options, &executor.Worker{Concurrency: 1, Datasets: d})
	_, err := Analyze(context.Background(), sc, ds, Options{Executor: natstest.Client(t, url, natstest.Options)})
	if err == nil || !strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), stale.Hash()) {
		t.Errorf("got %v, want a refusal naming the worker's hash", err)
	}
}
