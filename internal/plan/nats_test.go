package plan

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/executor/natstest"
	"github.com/tradebloc/tradebloc/internal/report"
)

// TestNATSPlanBitIdentical plays a 200-draw plan on an embedded NATS server
// with three in-process workers, one killed mid-run: the report is the
// local executor's bit for bit, timing and worker count aside. To keep the
// test short it plays two of the built-in plan's branches (china-negotiates
// and standoff, which need no coalition game: coalition's
// TestNATSGameBitIdentical plays one on NATS) for one round.
func TestNATSPlanBitIdentical(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	run := func(ex executor.Executor) string {
		pl, _ := Builtin("after-the-ruling")
		pl.Rounds, pl.SignpostRound = 1, 1
		pl.Branches = []Branch{pl.Branches[2], pl.Branches[5]}
		pl.Branches[0].Probability, pl.Branches[1].Probability = 0.5, 0.5
		rep, err := Run(context.Background(), pl, ds, Options{Executor: ex, Workers: 2, Draws: 200, Seed: 11, HasSeed: true, Start: "2026-03-01",
			Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		rep.Seconds, rep.SolvesPerSecond, rep.Workers = 0, 0, 0
		var b bytes.Buffer
		if err := report.WriteJSON(&b, rep); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	local := run(nil)
	url := natstest.Server(t)
	// The workers rebuild the plan's world and game from the units, on
	// their own copy of the data (same hash).
	own := func() *executor.Datasets {
		d := &executor.Datasets{NoEmbedded: true}
		d.Add(ds.Clone())
		return d
	}
	killed := false
	hook := natstest.KillOnce(3)
	natstest.Start(t, url, natstest.Options,
		&executor.Worker{Concurrency: 1, Datasets: own(), Kill: func(u *executor.Unit) bool {
			if hook(u) {
				killed = true
				return true
			}
			return false
		}},
		&executor.Worker{Concurrency: 1, Datasets: own()}, &executor.Worker{Concurrency: 1, Datasets: own()})
	remote := run(natstest.Client(t, url, natstest.Options))
	if !killed {
		t.Fatal("the worker was not killed")
	}
	if local != remote {
		t.Errorf("NATS and local plans differ:\nlocal %.1500s\n nats %.1500s", local, remote)
	}
}
