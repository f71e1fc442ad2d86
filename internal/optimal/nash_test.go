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

// TestNashCustomsUnion: two identical economies that play as one customs
// union (Player.Members) keep their mutual tariffs and set a common rate on
// the third, higher than each sets alone: together they have more market
// power (the textbook case for a common external tariff's terms-of-trade
// gain). Built as FOR's mirror image (the same size and the same share of
// spending at home), the union sets FOR's rate exactly: with one θ and
// equal wages two varieties aggregate into one. Its welfare as a union is
// the GDP-weighted mean of its members'.
func TestNashCustomsUnion(t *testing.T) {
	// Exporter rows, importer columns: A1 and A2 trade 10 each way and 20
	// each with FOR, twice their size.
	flows := []float64{
		70, 10, 20,
		10, 70, 20,
		20, 20, 160,
	}
	b := world(t, []string{"A1", "A2", "FOR"}, flows)
	opt := model.Options{Theta: []float64{4}}
	alone, err := Nash(Game{Base: b, Options: opt, Players: []Player{{Country: 0}, {Country: 1}, {Country: 2}}}, NashSettings{Verify: true})
	if err != nil || !alone.Converged {
		t.Fatalf("alone: %v %+v", err, alone)
	}
	g := Game{Base: b, Options: opt, Players: []Player{{Country: 0, Members: []int{1}, Name: "AU"}, {Country: 2}}}
	union, err := Nash(g, NashSettings{Verify: true})
	if err != nil || !union.Converged {
		t.Fatalf("union: %v %+v", err, union)
	}
	if !(union.Rates[0] > alone.Rates[0]+0.005) || math.Abs(alone.Rates[0]-alone.Rates[1]) > 1e-6 {
		t.Errorf("the union's rate %.4f, each alone %.4f and %.4f: want the union's clearly higher", union.Rates[0], alone.Rates[0], alone.Rates[1])
	}
	if math.Abs(union.Rates[0]-union.Rates[1]) > 1e-6 {
		t.Errorf("the union's rate %.8f, FOR's %.8f: mirror images, want equal", union.Rates[0], union.Rates[1])
	}
	n := &nash{g: g, base: b.Tariffs()}
	tar := n.tariffs(union.Rates)
	at := func(i, j int) float64 { return tar[i*3+j] } // one sector
	if at(0, 1) != 0 || at(1, 0) != 0 {
		t.Errorf("tariffs inside the union %.4f, %.4f; want 0 (unchanged)", at(0, 1), at(1, 0))
	}
	if at(2, 0) != union.Rates[0] || at(2, 1) != union.Rates[0] || at(0, 2) != union.Rates[1] {
		t.Errorf("external tariffs %.4f %.4f, FOR's %.4f; want %.4f, %.4f", at(2, 0), at(2, 1), at(0, 2), union.Rates[0], union.Rates[1])
	}
	// Unequal members: A1 three times A2's size.
	ub := world(t, []string{"A1", "A2", "FOR"}, []float64{240, 20, 40, 20, 50, 10, 40, 10, 150})
	ug := Game{Base: ub, Options: opt, Players: []Player{{Country: 0, Members: []int{1}, Name: "AU"}, {Country: 2}}}
	ur, err := Nash(ug, NashSettings{Verify: true})
	if err != nil || !ur.Converged {
		t.Fatalf("unequal union: %v %+v", err, ur)
	}
	w0, w1 := ur.Outcome.Countries[0].Welfare, ur.Outcome.Countries[1].Welfare
	want := (300*w0 + 80*w1) / 380
	if got := ug.PlayerWelfare(ur.Outcome, 0); math.Abs(got-want) > 1e-12 || math.Abs(w0-w1) < 1e-6 {
		t.Errorf("union welfare %v, want the GDP-weighted mean %v of %v and %v (which must differ)", got, want, w0, w1)
	}
	t.Logf("alone %.8f, union %.8f, FOR %.8f (vs %.8f)", alone.Rates[0], union.Rates[0], union.Rates[1], alone.Rates[2])
}
