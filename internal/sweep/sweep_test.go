package sweep

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/executor/natstest"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func embedded(t *testing.T) *data.Dataset {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func builtin(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, ok := scenario.Builtin(name)
	if !ok {
		t.Fatalf("no built-in %s", name)
	}
	return sc
}

func TestPoints(t *testing.T) {
	ds := embedded(t)
	for _, tc := range []struct {
		name  string
		grid  Grid
		want  []scenario.Variant
		draws bool
		err   string
	}{
		{"default", Grid{}, []scenario.Variant{{Theta: 3}, {Theta: 5}}, false, ""},
		{"theta", Grid{Thetas: []float64{3, 4}}, []scenario.Variant{{Theta: 3}, {Theta: 4}}, false, ""},
		{"theta x deficits", Grid{Thetas: []float64{3, 4}, Deficits: []string{"fixed", "zero"}},
			[]scenario.Variant{{Theta: 3, Deficits: "fixed"}, {Theta: 3, Deficits: "zero"}, {Theta: 4, Deficits: "fixed"}, {Theta: 4, Deficits: "zero"}}, false, ""},
		{"deficits only", Grid{Deficits: []string{"ratio"}}, []scenario.Variant{{Deficits: "ratio"}}, false, ""},
		{"both", Grid{Thetas: []float64{3}, Draws: 2}, nil, false, "not both"},
		{"bad theta", Grid{Thetas: []float64{-1}}, nil, false, "θ must be"},
		{"purge", Grid{Deficits: []string{"purge"}}, nil, false, "unknown closure"},
		{"no sets", Grid{Elasticities: []string{"all"}}, nil, false, "no elasticity sets"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, draws, err := tc.grid.Points(ds)
			if tc.err != "" {
				if !errs.IsInvalid(err) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want an invalid-input error containing %q", err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) || draws != tc.draws {
				t.Errorf("got %v %v %v, want %v %v", got, draws, err, tc.want, tc.draws)
			}
		})
	}
}

// TestDrawsSeeded: draws come from the prior, depend on the seed, and a
// draw does not depend on how many are taken.
func TestDrawsSeeded(t *testing.T) {
	ds := embedded(t)
	a, draws, err := Grid{Draws: 50, Seed: 7}.Points(ds)
	if err != nil || !draws || len(a) != 50 {
		t.Fatalf("%d points, draws %v, %v", len(a), draws, err)
	}
	b, _, _ := Grid{Draws: 10, Seed: 7}.Points(ds)
	c, _, _ := Grid{Draws: 10, Seed: 8}.Points(ds)
	if !slices.Equal(a[:10], b) || slices.Equal(b, c) {
		t.Error("draws are not one seeded stream per draw")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range a {
		lo, hi = min(lo, p.Theta), max(hi, p.Theta)
	}
	if lo < ThetaLow || hi > ThetaHigh || hi-lo < 1.5 {
		t.Errorf("θ draws span [%g, %g], want most of [%g, %g]", lo, hi, ThetaLow, ThetaHigh)
	}
}

// TestBandsAreTheSolves: the default band of a solve is exactly the spread
// of the scenario solved at θ = 3 and θ = 5 by the engine, with the solve
// document's definitions of every output.
func TestBandsAreTheSolves(t *testing.T) {
	ds, sc := embedded(t), builtin(t, "liberation-day")
	bd, err := Bands(context.Background(), executor.Local{Workers: 2}, sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	if bd.Over != "θ ∈ {3, 5}" || bd.Draws || len(bd.Points) != 2 || len(bd.Notes) != 0 {
		t.Fatalf("bands over %q, %d points, notes %v", bd.Over, len(bd.Points), bd.Notes)
	}
	docs := map[float64]*report.SolveDoc{}
	for _, th := range []float64{3, 5} {
		sc2 := *sc
		sc2.Model.Theta = th
		out, err := engine.RunOn(&sc2, ds, engine.Settings{})
		if err != nil {
			t.Fatal(err)
		}
		docs[th] = engine.SolveDoc(out, engine.DocOptions{})
	}
	get := func(c report.CountryDoc, name string) float64 {
		return map[string]float64{"welfare_pct": c.WelfarePct, "real_wage_pct": c.RealWagePct, "price_index_pct": c.PriceIndexPct,
			"exports_pct": c.ExportsPct, "imports_pct": c.ImportsPct, "balance_gdp_pct_after": c.BalanceGDPPctAfter}[name]
	}
	for k, c3 := range docs[3].Countries {
		c5 := docs[5].Countries[k]
		for _, name := range Outputs {
			b, ok := bd.Countries[c3.Code][name]
			if !ok {
				t.Fatalf("%s: no band for %s", c3.Code, name)
			}
			lo, hi := min(get(c3, name), get(c5, name)), max(get(c3, name), get(c5, name))
			if b.Min != lo || b.Max != hi || math.Abs(b.P50-(lo+hi)/2) > 1e-12*max(1, math.Abs(hi)) || !(b.P10 > lo || lo == hi) {
				t.Errorf("%s %s: band %+v, solves give %g and %g", c3.Code, name, b, get(c3, name), get(c5, name))
			}
		}
	}
}

// TestSweepCoalitionShares: a coalition sweep's stable shares count, at each
// point, the coalitions the game there finds stable.
func TestSweepCoalitionShares(t *testing.T) {
	ds, sc := embedded(t), smallGame(t)
	rep, err := Run(context.Background(), sc, ds, Options{Grid: Grid{Thetas: []float64{3, 6}}})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	lead := map[string]int{}
	for _, th := range []float64{3, 6} {
		sc2 := *sc
		sc2.Model.Theta = th
		st, err := coalition.Stable(context.Background(), &sc2, ds, coalition.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range st.Stable {
			count[strings.Join(m, "+")]++
		}
		lead[strings.Join(st.Leading, "+")]++
	}
	if len(rep.Coalitions) == 0 || len(rep.Leading) != 2 {
		t.Fatalf("coalitions %v, leading %v", rep.Coalitions, rep.Leading)
	}
	for _, c := range rep.Coalitions {
		k := strings.Join(c.Members, "+")
		if c.StableShare != float64(count[k])/2 || *c.LeadingShare != float64(lead[k])/2 {
			t.Errorf("%s: stable share %g, leading %g; the games say %d and %d of 2", k, c.StableShare, *c.LeadingShare, count[k], lead[k])
		}
		delete(count, k)
	}
	for k, n := range count {
		if n > 0 {
			t.Errorf("%s is stable at %d points but not in the sweep's list", k, n)
		}
	}
	var text bytes.Buffer
	if err := rep.Write(&text, report.Text); err != nil {
		t.Fatal(err)
	}
	// Two points: no percentiles in the text, and no central game (only a
	// plain scenario's central result is solved).
	if !strings.Contains(text.String(), "stable share") || !strings.Contains(text.String(), "θ ∈ {3, 6}") ||
		hasColumn(rep, "p50") || !strings.Contains(text.String(), "too few for percentiles, the tables give the range min–max") || rep.Central != nil {
		t.Errorf("text report:\n%s", text.String())
	}
}

// smallGame is a four-candidate game with a defector penalty.
func smallGame(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse([]byte(`
name: small
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, JPN, VNM]
  member_terms: {rate: 0.10}
  threat: {schedule: liberation-day}
  external_tariff: match
  retaliation: mirror_leader
  defector_penalty: 0.10
`), "")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestSweepOnNATS: a sweep of draws computed by workers on NATS is the
// local sweep, bit for bit.
func TestSweepOnNATS(t *testing.T) {
	ds, sc := embedded(t), builtin(t, "liberation-day")
	opt := Options{Grid: Grid{Draws: 20, Seed: 3, Deficits: []string{"fixed", "ratio"}}}
	local, err := Run(context.Background(), sc, ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	url := natstest.Server(t)
	natstest.Start(t, url, natstest.Options, &executor.Worker{Concurrency: 1}, &executor.Worker{Concurrency: 1})
	opt.Executor = natstest.Client(t, url, natstest.Options)
	remote, err := Run(context.Background(), sc, ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	local.Seconds, remote.Seconds = 0, 0
	if err := local.Write(&a, report.JSON); err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(&b, report.JSON); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("NATS sweep differs from the local one")
	}
	if !local.Draws || len(local.Points) != 40 || local.Solves != 40 || *local.Seed != 3 {
		t.Errorf("draws %v, %d points, %d solves", local.Draws, len(local.Points), local.Solves)
	}
}

// TestZeroClosureNote: a band with points under the zero closure says that
// it mixes the end of every imbalance with the tariffs; one without them
// does not.
func TestZeroClosureNote(t *testing.T) {
	for _, c := range []struct {
		pts  []scenario.Variant
		want bool
	}{
		{[]scenario.Variant{{Theta: 4, Deficits: "fixed"}, {Theta: 4, Deficits: "zero"}}, true},
		{[]scenario.Variant{{Theta: 4, Deficits: "fixed"}, {Theta: 4, Deficits: "ratio"}}, false},
	} {
		bd := newCollector().bands("closures", false, c.pts)
		got := strings.Contains(strings.Join(bd.Notes, "\n"), "deficits zero closes every deficit at once")
		if got != c.want {
			t.Errorf("points %v: zero-closure note %v, want %v", c.pts, got, c.want)
		}
	}
}

// TestFewPointsCentral: a sweep of fewer than MinPercentilePoints points
// solves the scenario at its own parameters as well and shows that result
// with min–max in the text, not interpolated percentiles (p50 of θ ∈ {3, 5}
// is not the result at θ = 4); JSON and CSV keep the percentiles. With
// enough points the text shows them and nothing more is solved.
func TestFewPointsCentral(t *testing.T) {
	ds, sc := embedded(t), builtin(t, "liberation-day")
	out, err := engine.RunOn(sc, ds, engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	want := engine.SolveDoc(out, engine.DocOptions{})
	var usa report.CountryDoc
	for _, c := range want.Countries {
		if c.Code == "USA" {
			usa = c
		}
	}
	for _, tc := range []struct {
		name    string
		grid    Grid
		central bool
		solves  int
	}{
		{"default", Grid{}, true, 3},
		{"four", Grid{Thetas: []float64{3, 4, 5, 6}}, true, 5},
		{"five", Grid{Thetas: []float64{3, 4, 5, 6, 7}}, false, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Run(context.Background(), sc, ds, Options{Grid: tc.grid, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			if (rep.Central != nil) != tc.central || rep.Solves != tc.solves {
				t.Fatalf("central %v, %d solves; want %v, %d", rep.Central != nil, rep.Solves, tc.central, tc.solves)
			}
			var text, csv bytes.Buffer
			if err := rep.Write(&text, report.Text); err != nil {
				t.Fatal(err)
			}
			if err := rep.Write(&csv, report.CSV); err != nil {
				t.Fatal(err)
			}
			header := "code,output,p10,p50,p90,min,max"
			if tc.central {
				header += ",central"
			}
			if !strings.Contains(csv.String(), header+"\n") {
				t.Errorf("CSV header is not %q", header)
			}
			if hasColumn(rep, "p50") == tc.central || hasColumn(rep, "central") != tc.central {
				t.Errorf("text (central %v):\n%s", tc.central, text.String())
			}
			if !tc.central {
				return
			}
			if got := rep.Central["USA"]["welfare_pct"]; math.Abs(got-usa.WelfarePct) > 1e-12 {
				t.Errorf("central USA welfare %g, solve %g", got, usa.WelfarePct)
			}
			if got := rep.Central["USA"]["balance_gdp_pct_after"]; math.Abs(got-usa.BalanceGDPPctAfter) > 1e-12 {
				t.Errorf("central USA balance %g, solve %g", got, usa.BalanceGDPPctAfter)
			}
			if !strings.Contains(text.String(), report.Num(usa.WelfarePct, 3)) {
				t.Errorf("text lacks the central US welfare %s:\n%s", report.Num(usa.WelfarePct, 3), text.String())
			}
		})
	}
}

// hasColumn reports whether a table of the text report has the column.
func hasColumn(r *Report, col string) bool {
	for _, t := range r.Tables(false) {
		if slices.Contains(t.Columns, col) {
			return true
		}
	}
	return false
}
