package optimal

import (
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/model"
)

// twoCountryOptimal is the closed-form optimal tariff of home given
// foreign's tariff τ on home's goods, with two countries, one sector,
// balanced trade and inelastic labour (docs/nash.md derives it):
//
//	t = (1 + τ·λ_ff) / (θ·λ_ff·(1 + τ)),
//
// λ_ff foreign's domestic expenditure share at the equilibrium. It is the
// inverse of the foreign offer curve's elasticity net of one; foreign's
// tariff revenue, which falls as home's price rises, makes that demand more
// elastic than 1 + θλ_ff. With τ = 0 it is Gros's 1/(θλ_ff); it is also
// Lashkaripour's (2021) eq. (t* CES PC) with two countries.
func twoCountryOptimal(theta, tau, lff float64) float64 {
	return (1 + tau*lff) / (theta * lff * (1 + tau))
}

// domesticShares returns each country's domestic expenditure share in a
// two-country equilibrium with tariffs t (data layout).
func domesticShares(b *model.Baseline, r *model.Result) (lhh, lff float64) {
	X := b.Flows(r)
	t := r.Tariffs()
	lhh = X[0] / (X[0] + (1+t[2])*X[2])
	lff = X[3] / (X[3] + (1+t[1])*X[1])
	return lhh, lff
}

// TestNashTwoCountryClosedForm: in the Nash equilibrium of a two-country
// world each tariff is the closed-form optimal tariff given the other's,
// evaluated at the equilibrium; with symmetric countries the rate is the
// root of θλt² + λ(θ−1)t − 1 = 0, λ = λ₀/(λ₀ + (1−λ₀)(1+t)^(−θ)) the
// domestic share at the Nash tariffs, found here independently by
// bisection.
func TestNashTwoCountryClosedForm(t *testing.T) {
	for _, c := range []struct {
		name      string
		flows     []float64
		theta     float64
		symmetric bool
	}{
		{"symmetric", []float64{80, 20, 20, 80}, 4, true},
		{"symmetric-elastic", []float64{90, 10, 10, 90}, 8, true},
		{"large-home", []float64{300, 20, 20, 180}, 4, false},
		{"open-small", []float64{60, 40, 40, 500}, 5, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := world(t, []string{"HOM", "FOR"}, c.flows)
			opt := model.Options{Theta: []float64{c.theta}}
			g := Game{Base: b, Options: opt, Players: []Player{{Country: 0}, {Country: 1}}}
			r, err := Nash(g, NashSettings{Verify: true})
			if err != nil || !r.Converged {
				t.Fatalf("err %v, result %+v", err, r)
			}
			th, tf := r.Rates[0], r.Rates[1]
			lhh, lff := domesticShares(b, r.Outcome)
			if w := twoCountryOptimal(c.theta, tf, lff); math.Abs(th-w) > 1e-6 {
				t.Errorf("home's Nash tariff %.8f, closed form given foreign's %.8f", th, w)
			}
			if w := twoCountryOptimal(c.theta, th, lhh); math.Abs(tf-w) > 1e-6 {
				t.Errorf("foreign's Nash tariff %.8f, closed form given home's %.8f", tf, w)
			}
			if r.Gap > 1e-4 {
				t.Errorf("best responses %v are %.3g from the rates %v", r.BestResponse, r.Gap, r.Rates)
			}
			if c.symmetric {
				l0 := c.flows[0] / (c.flows[0] + c.flows[2])
				share := func(x float64) float64 { return l0 / (l0 + (1-l0)*math.Pow(1+x, -c.theta)) }
				foc := func(x float64) float64 {
					l := share(x)
					return c.theta*l*x*x + l*(c.theta-1)*x - 1
				}
				lo, hi := 0.0, 5.0
				for k := 0; k < 200; k++ {
					m := (lo + hi) / 2
					if foc(m) < 0 {
						lo = m
					} else {
						hi = m
					}
				}
				want := (lo + hi) / 2
				if math.Abs(th-want) > 1e-6 || math.Abs(tf-want) > 1e-6 {
					t.Errorf("Nash tariffs %.8f, %.8f; the symmetric closed form gives %.8f", th, tf, want)
				}
			}
			// Both lose against free trade when symmetric (the prisoner's
			// dilemma of a tariff war).
			if c.symmetric && (r.Outcome.Countries[0].Welfare >= 1 || r.Outcome.Countries[1].Welfare >= 1) {
				t.Errorf("welfare %v, %v: a symmetric tariff war should hurt both", r.Outcome.Countries[0].Welfare, r.Outcome.Countries[1].Welfare)
			}
			t.Logf("rates %.6f %.6f, rounds %d, sweeps %d, solves %d, %.3fs", th, tf, r.Rounds, r.Sweeps, r.Solves, r.Seconds)
		})
	}
}
