package server

import (
	"context"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/sweep"
)

// TestSolveSummaryIsTheCLIs: the summary of a solve run is the text
// `tradebloc solve liberation-day` prints above its tables, the line on
// China (the surplus economy shown beside the leader) and its band
// included; the JSON result does not name that economy, so a summary
// written from the JSON alone dropped both.
func TestSolveSummaryIsTheCLIs(t *testing.T) {
	ts := newTestServer(t, Config{})
	doc := ts.waitFor(t, map[string]any{"kind": "solve", "builtin": "liberation-day"})

	// The CLI's document (cmd/tradebloc solveDoc with its defaults).
	sc, _ := scenario.Builtin("liberation-day")
	ds, _, err := data.Embedded(sc.Data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := engine.RunOn(sc, ds, engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	cli := engine.SolveDoc(out, engine.DocOptions{Leader: "USA", Version: testVersion})
	if cli.Bands, err = sweep.Bands(context.Background(), nil, sc, ds); err != nil {
		t.Fatal(err)
	}
	want := cli.Summary(out.Data.UnitMillions())
	if !strings.Contains(want, "\nChina: real income") || strings.Count(want, "China") < 2 {
		t.Fatalf("the CLI's summary has no line and band for China: %q", want)
	}
	if doc.Summary != strings.TrimSuffix(want, "\n") && doc.Summary != want {
		t.Errorf("API summary\n%s\nwant the CLI's\n%s", doc.Summary, want)
	}
}
