package model

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

// TestReproduceGEGravityEUEnlargement reproduces Zylkin's Stata ge_gravity
// example (the R port GEGravity ships its output): WIOD 2000, 44 economies,
// the EU-enlargement partial effect on new EU pairs, θ = 4. The published
// welfare changes w_eu (additive imbalances = our `fixed`) and w_mult
// (multiplicative = our `ratio`) must be matched within 1e-4 percentage points.
func TestReproduceGEGravityEUEnlargement(t *testing.T) {
	path := filepath.Join(testutil.SharedDir(t), "data", "external", "GEGravity", "TradeData0014_Results.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for k, h := range rows[0] {
		col[h] = k
	}
	type rec struct {
		exp, imp    string
		trade, beta float64
		wEU, wMult  float64
	}
	var recs []rec
	idx := map[string]int{}
	var codes []string
	num := func(r []string, name string) float64 {
		v, err := strconv.ParseFloat(r[col[name]], 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	for _, r := range rows[1:] {
		if r[col["year"]] != "2000" {
			continue
		}
		e := r[col["exporter"]]
		if _, ok := idx[e]; !ok {
			idx[e] = len(codes)
			codes = append(codes, e)
		}
		recs = append(recs, rec{e, r[col["importer"]], num(r, "trade"), num(r, "eu_effect"), num(r, "w_eu"), num(r, "w_mult")})
	}
	N := len(codes)
	if N != 44 || len(recs) != N*N {
		t.Fatalf("got %d countries, %d rows", N, len(recs))
	}
	ds := &data.Dataset{Name: "ge_gravity 2000", Sectors: []data.Sector{{Code: "ALL"}}, Trade: make([]float64, N*N)}
	for _, c := range codes {
		ds.Countries = append(ds.Countries, data.Country{Code: c})
	}
	const theta = 4.0
	cost := make([]float64, N*N)
	wEU := make([]float64, N)
	wMult := make([]float64, N)
	for _, r := range recs {
		i, j := idx[r.exp], idx[r.imp]
		ds.Trade[i*N+j] = r.trade
		cost[i*N+j] = math.Exp(-r.beta / theta) // partial effect b: d̂^(−θ) = e^b
		wEU[i], wMult[i] = r.wEU, r.wMult
	}
	b := mustCalibrate(t, ds)
	for _, tc := range []struct {
		closure Closure
		want    []float64
	}{{Fixed, wEU}, {Ratio, wMult}} {
		r := mustSolve(t, b, Options{Theta: []float64{theta}, Deficits: tc.closure}, Shocks{Cost: cost})
		worst := 0.0
		for j, c := range r.Countries {
			d := math.Abs(100*(c.Welfare-1) - 100*(tc.want[j]-1))
			worst = math.Max(worst, d)
			if d > 1e-4 {
				t.Errorf("%v %s: welfare %.6f%%, ge_gravity %.6f%%", tc.closure, c.Code, 100*(c.Welfare-1), 100*(tc.want[j]-1))
			}
		}
		t.Logf("%v: max |Δ welfare| = %.2g pp over %d countries, %d iterations, world factor s = %.10f", tc.closure, worst, N, r.Iterations, r.RatioScale)
	}
}
