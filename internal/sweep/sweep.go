package sweep

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Options control a sweep.
type Options struct {
	Grid
	// Executor runs the points (nil = the local executor with Workers
	// goroutines).
	Executor executor.Executor
	Workers  int
	// Leader is the country the text report leads with ("" = USA).
	Leader   string
	Progress func(phase string, done, total int)
}

// Report is the JSON of `tradebloc sweep` (DESIGN §4): the bands of every
// output and, for a coalition scenario, each coalition's stable share.
type Report struct {
	Scenario string  `json:"scenario"`
	Dataset  string  `json:"dataset"`
	Seed     *uint64 `json:"seed,omitempty"`
	report.Bands
	// Leading is each point's leading coalition (coalition scenarios).
	Leading [][]string `json:"leading,omitempty"`
	Solves  int        `json:"solves"`
	Seconds float64    `json:"seconds"`
	// Central is, for a plain scenario swept at fewer than MinPercentilePoints
	// points, every output at the scenario's own parameters (what solve
	// reports), code → output → value: with so few points p10/p50/p90 only
	// interpolate between them, and the text shows this and min–max instead.
	Central map[string]map[string]float64 `json:"central,omitempty"`

	leader string
	gdp    map[string]float64
	names  map[string]string
}

// Run sweeps sc on ds.
func Run(ctx context.Context, sc *scenario.Scenario, ds *data.Dataset, opt Options) (*Report, error) {
	start := time.Now()
	pts, draws, err := opt.Points(ds)
	if err != nil {
		return nil, err
	}
	if opt.Grid.isDefault() {
		pts = scenario.DefaultVariantsFor(sc, ds) // the bands solve prints for sc
	}
	ex := opt.Executor
	if ex == nil {
		ex = executor.Local{Workers: opt.Workers}
	}
	rep := &Report{Scenario: sc.Name, Dataset: ds.Name, leader: opt.Leader, gdp: map[string]float64{}, names: map[string]string{}}
	if rep.leader == "" {
		rep.leader = "USA"
	}
	for _, c := range ds.Countries {
		rep.gdp[c.Code], rep.names[c.Code] = c.GDP, c.Name
	}
	over := opt.describe(ds, pts)
	if draws {
		seed := opt.Seed
		rep.Seed = &seed
	}
	if sc.Coalition != nil {
		err = rep.games(ctx, ex, sc, ds, pts, opt.Progress)
	} else {
		err = rep.solves(ctx, ex, sc, ds, pts, opt.Progress)
	}
	if err != nil {
		return nil, err
	}
	rep.Over, rep.Draws = over, draws
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// MinPercentilePoints is the fewest points whose p10, p50 and p90 the text
// report shows: below it they interpolate between two or three results
// (p50 of θ ∈ {3, 5} is their mean, not the result at θ = 4), and the report
// gives the central result and the extremes instead.
const MinPercentilePoints = 5

// solves bands a plain scenario's outputs; with fewer than
// MinPercentilePoints points it also solves the scenario at its own
// parameters (Central).
func (r *Report) solves(ctx context.Context, ex executor.Executor, sc *scenario.Scenario, ds *data.Dataset, pts []scenario.Variant, progress func(string, int, int)) error {
	all := pts
	central := len(pts) < MinPercentilePoints
	if central {
		all = append(slices.Clip(pts), scenario.Variant{}) // the scenario as it is
	}
	res := make([]pointResult, len(all))
	if err := solveAll(ctx, ex, sc, ds, all, progress, func(k int, pr pointResult) { res[k] = pr }); err != nil {
		return err
	}
	c := newCollector()
	for k, pr := range res[:len(pts)] {
		c.add(pts[k], pr)
	}
	r.Bands = *c.bands("", false, pts)
	r.Solves = c.ok
	if central {
		pr := res[len(pts)]
		if pr.Failure != "" {
			r.Notes = append(r.Notes, "the scenario at its own parameters did not solve: "+pr.Failure)
			return nil
		}
		r.Solves++
		r.Central = map[string]map[string]float64{}
		for j, code := range pr.Codes {
			m := map[string]float64{}
			for k, name := range Outputs {
				if x := pr.Values[j][k]; !math.IsNaN(x) {
					m[name] = x
				}
			}
			r.Central[code] = m
		}
	}
	return nil
}

// games plays the coalition game at every point, one after the other, each
// on the executor.
func (r *Report) games(ctx context.Context, ex executor.Executor, sc *scenario.Scenario, ds *data.Dataset, pts []scenario.Variant, progress func(string, int, int)) error {
	welfare := map[string][]float64{}
	type tally struct {
		members         []string
		stable, leading int
	}
	tallies := map[string]*tally{}
	get := func(ms []string) *tally {
		k := strings.Join(ms, "+")
		t, ok := tallies[k]
		if !ok {
			t = &tally{members: ms}
			tallies[k] = t
		}
		return t
	}
	solved := 0
	r.Bands = report.Bands{Points: asPoints(pts), Countries: map[string]map[string]report.Band{}}
	for k, v := range pts {
		sc2, err := v.Apply(sc, ds)
		if err != nil {
			return err
		}
		var prog func(string, int, int)
		if progress != nil {
			prog = func(phase string, done, total int) {
				progress(fmt.Sprintf("point %d/%d (%s): %s", k+1, len(pts), v, phase), done, total)
			}
		}
		st, err := coalition.Stable(ctx, sc2, ds, coalition.Options{Executor: ex, Progress: prog, NoBands: true})
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			r.Notes = append(r.Notes, fmt.Sprintf("%s left out: %v", v, err))
			r.Leading = append(r.Leading, nil)
			continue
		}
		solved++
		r.Solves += st.Solves
		for _, ms := range st.Stable {
			get(ms).stable++
		}
		get(st.Leading).leading++
		r.Leading = append(r.Leading, st.Leading)
		for code, w := range st.WelfarePct {
			welfare[code] = append(welfare[code], w)
		}
	}
	for code, ws := range welfare {
		r.Countries[code] = map[string]report.Band{"welfare_pct": report.NewBand(ws)}
	}
	for _, t := range tallies {
		share := func(n int) float64 {
			if solved == 0 {
				return 0
			}
			return float64(n) / float64(solved)
		}
		lead := share(t.leading)
		r.Coalitions = append(r.Coalitions, report.CoalitionShare{Members: t.members, StableShare: share(t.stable), LeadingShare: &lead})
	}
	sort.Slice(r.Coalitions, func(a, b int) bool {
		ca, cb := r.Coalitions[a], r.Coalitions[b]
		if ca.StableShare != cb.StableShare {
			return ca.StableShare > cb.StableShare
		}
		if *ca.LeadingShare != *cb.LeadingShare {
			return *ca.LeadingShare > *cb.LeadingShare
		}
		return strings.Join(ca.Members, "+") < strings.Join(cb.Members, "+")
	})
	return nil
}
