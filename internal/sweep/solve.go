package sweep

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Outputs are the per-country outputs a sweep bands, with the solve
// document's keys and definitions.
var Outputs = []string{"welfare_pct", "real_wage_pct", "price_index_pct", "exports_pct", "imports_pct", "balance_gdp_pct_after"}

// outputs computes Outputs for every country of a result, as
// report.NewSolveDoc defines them.
func outputs(r *model.Result) [][]float64 {
	pct := func(x float64) float64 { return 100 * (x - 1) }
	change := func(after, before float64) float64 {
		if before == 0 {
			return math.NaN()
		}
		return 100 * (after/before - 1)
	}
	out := make([][]float64, len(r.Countries))
	for j, c := range r.Countries {
		out[j] = []float64{pct(c.Welfare), pct(c.RealWage), pct(c.PriceIndex),
			change(c.ExportsAfter, c.ExportsBefore), change(c.ImportsAfter, c.ImportsBefore), 100 * c.BalanceAfter() / c.GDPAfter}
	}
	return out
}

// kindSolve solves a scenario at a few sweep points.
const kindSolve = "sweep.solve"

// pointsLen is the number of points of a unit.
const pointsLen = 8

func init() { executor.Register(kindSolve, runSolve) }

// solveSpec is a kindSolve unit: the scenario and the points to solve it
// at. Warm-start hint: none (each point is solved cold).
type solveSpec struct {
	Scenario json.RawMessage    `json:"scenario"`
	Points   []scenario.Variant `json:"points"`
}

// pointResult is one point's outputs, or why it has none.
type pointResult struct {
	Codes   []string
	Values  [][]float64 // per country, per output
	Failure string      // the solver's or the scenario's error at this point
}

func runSolve(ctx context.Context, ds *data.Dataset, spec []byte) ([]byte, error) {
	var s solveSpec
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, err
	}
	sc, err := scenario.FromWire(s.Scenario)
	if err != nil {
		return nil, err
	}
	out := make([]pointResult, len(s.Points))
	for k, v := range s.Points {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out[k] = solvePoint(sc, ds, v)
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// solvePoint solves sc at v. A point that cannot be solved (θ out of the
// model's reach) is reported, not fatal: the band says it leaves it out.
func solvePoint(sc *scenario.Scenario, ds *data.Dataset, v scenario.Variant) pointResult {
	sc2, err := v.Apply(sc, ds)
	if err != nil {
		return pointResult{Failure: err.Error()}
	}
	o, err := engine.RunOn(sc2, ds, engine.Settings{})
	if err != nil {
		return pointResult{Failure: err.Error()}
	}
	pr := pointResult{Values: outputs(o.Result)}
	for _, c := range o.Result.Countries {
		pr.Codes = append(pr.Codes, c.Code)
	}
	return pr
}

// solveAll solves sc at every point on the executor and hands each point's
// result to done.
func solveAll(ctx context.Context, ex executor.Executor, sc *scenario.Scenario, ds *data.Dataset, pts []scenario.Variant,
	progress func(string, int, int), done func(k int, pr pointResult)) error {
	scw, err := sc.Wire()
	if err != nil {
		return err
	}
	ref := executor.RefOf(ds)
	var units []executor.Unit
	for lo := 0; lo < len(pts); lo += pointsLen {
		hi := min(lo+pointsLen, len(pts))
		b, err := json.Marshal(solveSpec{Scenario: scw, Points: pts[lo:hi]})
		if err != nil {
			return &errs.Error{Op: "sweep", Kind: errs.Other, Err: err}
		}
		units = append(units, executor.Unit{ID: fmt.Sprintf("points/%d-%d", lo, hi), Kind: kindSolve, Dataset: ref, Spec: b, Size: hi - lo})
	}
	return ex.Run(ctx, &executor.Batch{Data: ds, Units: units, Phase: "points", Progress: progress,
		Done: func(i int, res []byte) error {
			var out []pointResult
			if err := gob.NewDecoder(bytes.NewReader(res)).Decode(&out); err != nil {
				return &errs.Error{Op: "sweep", Kind: errs.Other, Err: fmt.Errorf("reading unit %s: %w", units[i].ID, err)}
			}
			for k, pr := range out {
				done(i*pointsLen+k, pr)
			}
			return nil
		}})
}

// collector gathers outputs point by point, in the points' order, into
// bands.
type collector struct {
	vals  map[string]map[string][]float64 // code → output → values
	order []string                        // codes, first seen first
	notes []string
	ok    int
}

func newCollector() *collector { return &collector{vals: map[string]map[string][]float64{}} }

func (c *collector) add(v scenario.Variant, pr pointResult) {
	if pr.Failure != "" {
		c.notes = append(c.notes, fmt.Sprintf("%s left out: %s", v, pr.Failure))
		return
	}
	c.ok++
	for j, code := range pr.Codes {
		m, ok := c.vals[code]
		if !ok {
			m = map[string][]float64{}
			c.vals[code] = m
			c.order = append(c.order, code)
		}
		for k, name := range Outputs {
			if x := pr.Values[j][k]; !math.IsNaN(x) {
				m[name] = append(m[name], x)
			}
		}
	}
}

func (c *collector) bands(over string, draws bool, pts []scenario.Variant) *report.Bands {
	bd := &report.Bands{Over: over, Draws: draws, Points: asPoints(pts), Countries: map[string]map[string]report.Band{}, Notes: c.notes}
	for _, v := range pts {
		if v.Deficits == "zero" {
			// A band across closures mixes two questions; the zero closure
			// answers "what if every deficit closed", not "what does the tariff do".
			bd.Notes = append(bd.Notes, "deficits zero closes every deficit at once: its points price the end of every imbalance together with the tariffs, so a band that includes them is not the tariffs' range (docs/welfare.md); compare fixed and ratio for the tariffs alone")
			break
		}
	}
	for code, m := range c.vals {
		bd.Countries[code] = map[string]report.Band{}
		for name, xs := range m {
			bd.Countries[code][name] = report.NewBand(xs)
		}
	}
	return bd
}

// Bands is the uncertainty solve prints by default: sc solved at
// scenario.DefaultVariantsFor(sc, ds) on the executor (nil = local), each
// output's band across them.
func Bands(ctx context.Context, ex executor.Executor, sc *scenario.Scenario, ds *data.Dataset) (*report.Bands, error) {
	if ex == nil {
		ex = executor.Local{}
	}
	pts := scenario.DefaultVariantsFor(sc, ds)
	res := make([]pointResult, len(pts))
	if err := solveAll(ctx, ex, sc, ds, pts, nil, func(k int, pr pointResult) { res[k] = pr }); err != nil {
		return nil, err
	}
	c := newCollector()
	for k, pr := range res {
		c.add(pts[k], pr)
	}
	return c.bands(report.Describe(asPoints(pts)), false, pts), nil
}
