package model

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Iteration budgets. The solver's Newton slopes, its normalisation and its
// Anderson mixing decide how fast a solve converges, not where it lands:
// a wrong slope still converges to the same equilibrium, only later. The
// tests that check equilibria cannot see such a change; this one can. It
// solves a fixed set of seeded synthetic worlds, one per solver path, and
// holds each to the iteration count recorded in
// testdata/iterations.golden. A deliberate change of the solver rewrites
// the file (go test ./internal/model -run TestIterationBudget -update)
// and the diff is reviewed like any other.

// budgetSlack is how many iterations a case may take beyond its recorded
// count. The counts are exact on one platform; another that fuses
// multiply-adds (arm64) rounds differently and may need one more when a
// residual ends near the tolerance.
const budgetSlack = 1

// budgetCase is one solve of the iteration budget.
type budgetCase struct {
	name string
	b    *Baseline
	opt  Options
	sh   Shocks
	warm *Shocks // solved first and linearized; the case starts from it
}

func budgetCases(t *testing.T) []budgetCase {
	one := synthetic(30, 1, 51, true)
	b1 := mustCalibrate(t, one)
	tar1 := Shocks{Tariff: raise(one, 0, 0.25)}
	four := synthetic(15, 4, 52, true)
	b4 := mustCalibrate(t, four)
	th4 := []float64{2, 4, 6, 9}
	tar4 := Shocks{Tariff: raise(four, 1, 0.3)}
	sub := make([]float64, len(four.Trade))
	for j := 1; j < four.N(); j++ {
		for s := 0; s < four.S(); s++ {
			sub[four.At(0, j, s)] = 0.15
		}
	}
	bio := mustCalibrate(t, withIO(four, 9, 0.5))
	// 50 countries × 3 sectors with input–output links: a state of 350
	// unknowns, above invertLimit, so chord steps solve with the
	// single-precision LU factors.
	big := synthetic(50, 3, 53, true)
	bbig := mustCalibrate(t, withIO(big, 10, 0.5))
	tarBig := Shocks{Tariff: raise(big, 0, 0.2)}
	nu := make([]float64, one.N())
	for i := range nu {
		nu[i] = 0.05 + 0.01*float64(i%10)
	}
	bnu, err := CalibrateWith(one, CalibrateOptions{FixedCostShare: nu})
	if err != nil {
		t.Fatal(err)
	}
	nuL := make([]float64, one.N())
	for i := range nuL {
		nuL[i] = 0.2 + 0.03*float64(i%5)
	}
	bnuL, err := CalibrateWith(one, CalibrateOptions{FixedCostShare: nuL})
	if err != nil {
		t.Fatal(err)
	}
	target := make([]float64, one.N())
	absorb := make([]float64, one.N())
	for j := range target {
		target[j] = NoTarget
		absorb[j] = float64(j % 3)
	}
	target[4], target[7] = -0.03, 0.02
	// A trade war: every country's tariffs up by 0.6, so that revenue is a
	// large share of spending (the ρ terms of the Newton slopes).
	war4 := append([]float64(nil), four.Tariffs...)
	for k := range war4 {
		war4[k] += 0.6
	}
	warIO := Shocks{Tariff: war4}
	// A warm start far from its neighbour (uniform tariffs of 1% to 200%):
	// the chord steps overshoot into states the model cannot evaluate and
	// the solve steps back (the backtracking of Solve).
	twelve := synthetic(12, 3, 7, true)
	b12 := mustCalibrate(t, twelve)
	uniform := func(rate float64) *Shocks {
		tt := make([]float64, len(twelve.Tariffs))
		for k := range tt {
			if i, j := k/(12*3), (k/3)%12; i != j {
				tt[k] = rate
			}
		}
		return &Shocks{Tariff: tt}
	}
	elastic := Options{Theta: []float64{4}, Kappa: 0.5, Psi: 0.1, Revenue: IncomeTax}
	return []budgetCase{
		{"one-sector", b1, Options{Theta: []float64{4}}, tar1, nil},
		{"ratio", b1, Options{Theta: []float64{4}, Deficits: Ratio}, tar1, nil},
		{"zero-deficits", b1, Options{Theta: []float64{4}, Deficits: Zero}, Shocks{}, nil},
		{"deficit-targets", b1, Options{Theta: []float64{4}}, Shocks{Tariff: tar1.Tariff, DeficitTarget: target, Absorb: absorb}, nil},
		{"elastic-income-tax", b1, elastic, tar1, nil},
		{"elastic-lump-sum", b1, Options{Theta: []float64{4}, Kappa: 1, Psi: 0.2}, tar1, nil},
		{"chord-warm-start", b1, Options{Theta: []float64{4}}, Shocks{Tariff: raise(one, 0, 0.27)}, &tar1},
		{"sectors", b4, Options{Theta: th4}, tar4, nil},
		{"sectors-elastic", b4, Options{Theta: th4, Kappa: 0.5, Psi: 0.1, Revenue: IncomeTax}, tar4, nil},
		{"export-subsidy", b4, Options{Theta: th4}, Shocks{Subsidy: sub}, nil},
		{"krugman", b4, Options{Theta: []float64{1, 4, 9, 3}, Competition: Krugman}, tar4, nil},
		{"krugman-subsidy", b4, Options{Theta: []float64{1, 4, 9, 3}, Competition: Krugman}, Shocks{Subsidy: sub}, nil},
		{"input-output", bio, Options{Theta: th4}, tar4, nil},
		{"input-output-elastic", bio, Options{Theta: th4, Kappa: 0.5, Psi: 0.1}, tar4, nil},
		{"input-output-subsidy", bio, Options{Theta: th4}, Shocks{Subsidy: sub}, nil},
		{"input-output-chord", bio, Options{Theta: th4}, Shocks{Tariff: raise(four, 1, 0.32)}, &tar4},
		{"trade-war", b4, Options{Theta: th4}, warIO, nil},
		{"trade-war-krugman", b4, Options{Theta: []float64{1, 4, 9, 3}, Competition: Krugman}, warIO, nil},
		{"trade-war-input-output", bio, Options{Theta: th4}, warIO, nil},
		{"far-chord-warm-start", b12, Options{Theta: UniformTheta(4, 3)}, *uniform(2), uniform(0.01)},
		{"input-output-chord-large", bbig, Options{Theta: []float64{4, 6, 9}}, Shocks{Tariff: raise(big, 0, 0.22)}, &tarBig},
		{"fixed-costs-large", bnuL, Options{Theta: []float64{4}, FixedCostShare: nuL, Passthrough: ILMSPassthrough(nuL, 0, 1)}, tar1, nil},
		{"fixed-costs", bnu, Options{Theta: []float64{4}, Kappa: 0.5, Psi: 0.1, FixedCostShare: nu, Passthrough: ILMSPassthrough(nu, 0.1, 1)}, tar1, nil},
	}
}

func TestIterationBudget(t *testing.T) {
	path := filepath.Join("testdata", "iterations.golden")
	got := map[string]int{}
	var lines []string
	for _, c := range budgetCases(t) {
		var warm *Result
		if c.warm != nil {
			warm = mustSolve(t, c.b, c.opt, *c.warm)
			if err := c.b.Linearize(warm); err != nil {
				t.Fatal(err)
			}
		}
		r, err := c.b.Solve(c.opt, c.sh, warm)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got[c.name] = r.Iterations
		lines = append(lines, fmt.Sprintf("%s %d", c.name, r.Iterations))
	}
	if *update {
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	defer f.Close()
	want := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, n, _ := strings.Cut(sc.Text(), " ")
		k, err := strconv.Atoi(n)
		if err != nil {
			t.Fatalf("%s: line %q", path, sc.Text())
		}
		want[name] = k
	}
	for name, n := range got {
		w, ok := want[name]
		switch {
		case !ok:
			t.Errorf("%s: no recorded count (run with -update)", name)
		case n > w+budgetSlack:
			t.Errorf("%s: %d iterations, recorded %d: the solver has slowed down", name, n, w)
		}
	}
}
