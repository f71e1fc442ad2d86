package engine

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// tinyWorld is a one-sector world without baseline tariffs.
func tinyWorld(codes []string, flows []float64) *data.Dataset {
	ds := &data.Dataset{Name: "tiny", Unit: "USD million", Sectors: []data.Sector{{Code: "ALL", Theta: 4}}, Trade: flows}
	for _, c := range codes {
		ds.Countries = append(ds.Countries, data.Country{Code: c, Name: c})
	}
	ds.Tariffs = make([]float64, len(flows))
	return ds
}

func parse(t *testing.T, src string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse([]byte(src), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestOptimalRetaliationTwoCountries: with two countries, balanced trade
// and one sector, the partner's optimal answer to the leader's tariff τ is
// the closed form (1 + τλ_LL)/(θλ_LL(1 + τ)), λ_LL the leader's domestic
// share at the equilibrium (docs/nash.md derives it), and nearby rates do
// worse for the partner.
func TestOptimalRetaliationTwoCountries(t *testing.T) {
	for _, tau := range []float64{0.1, 0.3, 0.6} {
		ds := tinyWorld([]string{"LDR", "PTN"}, []float64{300, 30, 30, 100})
		sc := parse(t, "shocks:\n  - tariff: {importer: LDR, exporter: PTN, rate: "+ftoa(tau)+"}\nretaliation: {rule: optimal}\n")
		out, err := RunOn(sc, ds, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		r := out.Compiled.Retaliation
		if r == nil || r.Pending || r.Leader != 0 || len(r.Partners) != 1 || !r.LeaderFound || r.Solves == 0 {
			t.Fatalf("retaliation %+v", r)
		}
		tp := out.Compiled.Shocks.Tariff[0*2+1] // PTN's tariff on LDR's goods
		X := out.Base.Flows(out.Result)
		lLL := X[0] / (X[0] + (1+tau)*X[2])
		want := (1 + tau*lLL) / (4 * lLL * (1 + tau))
		if math.Abs(tp-want) > 1e-6 {
			t.Errorf("τ = %v: partner's answer %.8f, closed form %.8f", tau, tp, want)
		}
		for _, d := range []float64{-0.01, 0.01} {
			tt := append([]float64(nil), out.Compiled.Shocks.Tariff...)
			tt[1] = tp + d
			res, err := out.Base.Solve(out.Compiled.Options, model.Shocks{Tariff: tt}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Countries[1].Welfare >= out.Result.Countries[1].Welfare {
				t.Errorf("τ = %v: the partner does better at %.4f than at its answer %.4f", tau, tp+d, tp)
			}
		}
		doc := SolveDoc(out, DocOptions{})
		if doc.Retaliation == nil || doc.Retaliation.Rule != "optimal" || len(doc.Retaliation.Partners) != 1 ||
			math.Abs(doc.Retaliation.Partners[0].RatePct-100*tp) > 1e-9 || math.Abs(doc.Retaliation.Partners[0].FacedPct-100*tau) > 1e-9 {
			t.Errorf("document %+v", doc.Retaliation)
		}
	}
}

// TestOptimalRetaliationIsEquilibrium: with several partners each answer is
// a best response to the leader's tariffs and the others' answers (no
// partner gains by moving its rate), also on a purged baseline; partners
// not hit keep their tariffs.
func TestOptimalRetaliationIsEquilibrium(t *testing.T) {
	ds := tinyWorld([]string{"LDR", "AAA", "BBB", "CCC"}, []float64{
		400, 40, 30, 20,
		50, 200, 20, 10,
		30, 20, 150, 10,
		25, 10, 10, 120,
	})
	for _, closure := range []string{"fixed", "purge"} {
		sc := parse(t, "model: {deficits: "+closure+"}\nshocks:\n  - tariff: {importer: LDR, exporter: [AAA, BBB], rate: 0.25}\nretaliation: {rule: optimal}\n")
		out, err := RunOn(sc, ds, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		N := 4
		tar := out.Compiled.Shocks.Tariff
		if got := len(out.Compiled.Retaliation.Partners); got != 2 {
			t.Fatalf("%s: %d partners, want AAA and BBB", closure, got)
		}
		if tar[0*N+3] != 0 {
			t.Errorf("%s: CCC, not hit, answers %v", closure, tar[0*N+3])
		}
		for _, j := range []int{1, 2} {
			w0 := out.Result.Countries[j].Welfare
			for _, d := range []float64{-0.005, 0.005} {
				tt := append([]float64(nil), tar...)
				tt[0*N+j] += d
				res, err := out.Base.Solve(out.Compiled.Options, model.Shocks{Tariff: tt}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if res.Countries[j].Welfare > w0 {
					t.Errorf("%s: %s gains by moving its answer %.4f by %+v", closure, ds.Countries[j].Code, tar[j], d)
				}
			}
		}
		if n := out.Compiled.Notes; !strings.Contains(strings.Join(n, "\n"), "optimal retaliation rates") {
			t.Errorf("%s: notes %q", closure, n)
		}
	}
}

// TestReciprocalRetaliationSolve: the block solves to the same equilibrium
// as the same tariffs written as shocks, and Freeze turns it into them.
func TestReciprocalRetaliationSolve(t *testing.T) {
	ds := tinyWorld([]string{"LDR", "AAA", "BBB"}, []float64{300, 30, 20, 40, 200, 10, 30, 15, 150})
	block := parse(t, "shocks:\n  - tariff: {importer: LDR, exporter: AAA, rate: 0.3}\n  - tariff: {importer: LDR, exporter: BBB, rate: 0.1}\nretaliation: {rule: reciprocal}\n")
	plain := parse(t, "shocks:\n  - tariff: {importer: LDR, exporter: AAA, rate: 0.3}\n  - tariff: {importer: LDR, exporter: BBB, rate: 0.1}\n  - tariff: {importer: AAA, exporter: LDR, rate: 0.3}\n  - tariff: {importer: BBB, exporter: LDR, rate: 0.1}\n")
	a, err := RunOn(block, ds, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := RunOn(plain, ds, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for j := range a.Result.Countries {
		if d := a.Result.Countries[j].Welfare - b.Result.Countries[j].Welfare; math.Abs(d) > 1e-14 {
			t.Errorf("%s: welfare differs by %g", ds.Countries[j].Code, d)
		}
	}
	for _, sc := range []*scenario.Scenario{block, parse(t, "shocks:\n  - tariff: {importer: LDR, exporter: AAA, rate: 0.3}\nretaliation: {rule: optimal}\n")} {
		want, err := RunOn(sc, ds, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		frozen, err := Freeze(sc, ds)
		if err != nil {
			t.Fatal(err)
		}
		if frozen.Retaliation != nil || len(frozen.Shocks) <= len(sc.Shocks) || sc.Retaliation == nil {
			t.Fatalf("frozen %+v (original retaliation %v)", frozen, sc.Retaliation)
		}
		got, err := RunOn(frozen, ds, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		for j := range got.Result.Countries {
			if d := got.Result.Countries[j].Welfare - want.Result.Countries[j].Welfare; math.Abs(d) > 1e-12 {
				t.Errorf("%s frozen: %s's welfare differs by %g", sc.Retaliation.Rule, ds.Countries[j].Code, d)
			}
		}
	}
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// TestOptimalRetaliationSurplusNote: under fixed deficits the note on the
// optimal answers says which of the highest come from economies running a
// surplus, whose fixed surplus their answers value (world-2023's
// liberation-day-optimal-retaliation: Guyana, Equatorial Guinea, Angola,
// Turkmenistan and Chad, small commodity exporters, 18–21%); a deficit or
// balanced partner is not named, and under the purge there is no such
// sentence.
func TestOptimalRetaliationSurplusNote(t *testing.T) {
	ds := tinyWorld([]string{"LDR", "AAA", "BBB", "CCC"}, []float64{
		400, 40, 30, 20,
		50, 200, 20, 10, // AAA sells 80, buys 70: a surplus
		30, 20, 150, 10, // BBB sells 60, buys 60
		25, 10, 10, 120,
	})
	ds.Countries[1].GDP = 250
	for _, c := range []struct {
		closure string
		want    string
	}{
		{"fixed", "Of the five highest, AAA runs a surplus (goods balance +4% of GDP), which the closure (deficits: fixed) holds fixed relative to world GDP: a tariff that raises its income against the world's lightens that surplus, a gain its answer counts beside its market power over LDR's goods; model.deficits: purge removes it (docs/nash.md)"},
		{"purge", ""},
	} {
		sc := parse(t, "model: {deficits: "+c.closure+"}\nshocks:\n  - tariff: {importer: LDR, exporter: [AAA, BBB], rate: 0.25}\nretaliation: {rule: optimal}\n")
		out, err := RunOn(sc, ds, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		notes := strings.Join(out.Compiled.Notes, "\n")
		if !strings.Contains(notes, "optimal retaliation rates") {
			t.Fatalf("%s: no rate summary: %q", c.closure, notes)
		}
		if c.want == "" && strings.Contains(notes, "Of the five highest") || c.want != "" && !strings.Contains(notes, c.want) {
			t.Errorf("%s: notes %q, want %q", c.closure, notes, c.want)
		}
		if strings.Contains(notes, "BBB run") || strings.Contains(notes, "and BBB") {
			t.Errorf("%s: BBB, balanced, named: %q", c.closure, notes)
		}
	}
}
