package model

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

// Caliendo and Parro (2015), "Estimates of the Trade and Welfare Effects of
// NAFTA", Review of Economic Studies 82(1): the inputs of their own code
// (Data_and_Codes_CP) in ../shared/data/external/caliendo_parro2015.

// cp2015Regions are CP's 31 regions in the order of their files.
var cp2015Regions = []string{
	"ARG", "AUS", "AUT", "BRA", "CAN", "CHL", "CHN", "DNK", "FIN", "FRA",
	"DEU", "GRC", "HUN", "IND", "IDN", "IRL", "ITA", "JPN", "KOR", "MEX",
	"NLD", "NZL", "NOR", "PRT", "ZAF", "ESP", "SWE", "TUR", "GBR", "USA", "ROW",
}

const (
	cp2015Sectors = 40 // J: 20 traded, then 20 non-traded
	cp2015Traded  = 20
	// cp2015ThetaNonTraded is the θ CP's code gives the non-traded sectors.
	cp2015ThetaNonTraded = 8.22
)

// readCPMatrix reads one of CP's tab-separated text matrices and checks its
// shape; errors name the file, line and field.
func readCPMatrix(path string, rows, cols int) ([][]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]float64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != cols {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, line, len(fields), cols)
		}
		row := make([]float64, cols)
		for k, s := range fields {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s:%d: field %d: %q is not a finite number", path, line, k+1, s)
			}
			row[k] = v
		}
		out = append(out, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) != rows {
		return nil, fmt.Errorf("%s: %d rows, want %d", path, len(out), rows)
	}
	return out, nil
}

// cp2015 is CP's 1993 world as a dataset, with their final-demand shares
// and the 2005 tariffs.
type cp2015 struct {
	ds *data.Dataset
	// alpha are CP's final-demand shares α_j,s (at j*S+s): the residual of
	// absorption after intermediate use over income, negatives set to 0 and
	// renormalised (their script.m).
	alpha []float64
	// tariffs2005 in the dataset's layout (decimals).
	tariffs2005 []float64
	// repaired counts the (country, sector) cells whose residual final
	// demand was negative and set to zero.
	repaired int
}

// loadCP2015 converts CP's files as their script.m does:
//   - flows xbilat×1000 (thousands of USD to USD); rows (sector j, importer
//     n) with the importer fastest, columns exporter i; the 20 non-traded
//     sectors have no foreign trade;
//   - tariffs τ = t/100 (percent), same layout, zero on non-traded sectors;
//   - gross output GO = max(GO, exports), domestic sales GO − exports;
//   - IO.txt holds, for each country n, a J×J block G with rows the input
//     sector and columns the using sector, whose columns sum to 1 (0 where
//     β = 1): the input share is γ_n,k,j = G(j,k)·(1 − β_k,n), as in their
//     PH.m, where ln c_k = β_k ln w plus (1 − β_k) Σ_j G(j,k) ln P_j;
//   - α_n,j = (X_n,j − Σ_k γ_n,k,j Y_n,k)/I_n with I_n = VA_n + R_n − S_n
//     (S_n the trade surplus), negatives set to 0, renormalised.
func loadCP2015(t testing.TB) *cp2015 {
	t.Helper()
	dir := filepath.Join(testutil.SharedDir(t), "data", "external", "caliendo_parro2015")
	N, S, ST := len(cp2015Regions), cp2015Sectors, cp2015Traded
	read := func(name string, rows, cols int) [][]float64 {
		m, err := readCPMatrix(filepath.Join(dir, name), rows, cols)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	xbilat := read("xbilat1993.txt", ST*N, N)
	tar93 := read("tariffs1993.txt", ST*N, N)
	tar05 := read("tariffs2005.txt", ST*N, N)
	G := read("IO.txt", N*S, S)
	B := read("B.txt", S, N)
	GO := read("GO.txt", S, N)
	T := read("T.txt", ST, 1)

	ds := &data.Dataset{Name: "caliendo-parro-2015", Year: 1993, Unit: "USD",
		Trade: make([]float64, N*N*S), Tariffs: make([]float64, N*N*S),
		VA: make([]float64, N*S), IO: make([]float64, N*S*S)}
	for _, c := range cp2015Regions {
		ds.Countries = append(ds.Countries, data.Country{Code: c, Name: c})
	}
	for s := 0; s < S; s++ {
		theta := cp2015ThetaNonTraded
		if s < ST {
			theta = T[s][0]
		}
		ds.Sectors = append(ds.Sectors, data.Sector{Code: fmt.Sprintf("S%02d", s+1), Theta: theta})
	}
	cp := &cp2015{ds: ds, tariffs2005: make([]float64, N*N*S)}
	exports := make([]float64, N*S) // x_i,s: Σ_n xbilat, at i*S+s
	for s := 0; s < ST; s++ {
		for n := 0; n < N; n++ {
			for i := 0; i < N; i++ {
				v := xbilat[s*N+n][i] * 1000
				if i == n && v != 0 {
					t.Fatalf("xbilat1993.txt:%d: field %d: domestic flow %g in the foreign-trade matrix", s*N+n+1, i+1, v)
				}
				k := ds.At(i, n, s)
				ds.Trade[k] = v
				ds.Tariffs[k] = tar93[s*N+n][i] / 100
				cp.tariffs2005[k] = tar05[s*N+n][i] / 100
				exports[i*S+s] += v
			}
		}
	}
	for i := 0; i < N; i++ {
		for s := 0; s < S; s++ {
			gross := math.Max(GO[s][i], exports[i*S+s])
			ds.Trade[ds.At(i, i, s)] = gross - exports[i*S+s]
			beta := B[s][i]
			ds.VA[i*S+s] = beta
			total := beta
			for k := 0; k < S; k++ {
				g := G[i*S+k][s] * (1 - beta)
				ds.IO[(i*S+s)*S+k] = g
				total += g
			}
			// Columns are using sectors: each sums to 1, or to 0 where
			// β = 1 (sector 40 everywhere but MEX, sector 36 in IND, TUR).
			if math.Abs(total-1) > 1e-6 {
				t.Fatalf("IO.txt/B.txt: country %s, using sector %d: β + Σγ = %.8g, want 1", cp2015Regions[i], s+1, total)
			}
		}
	}
	// CP's final-demand shares.
	cp.alpha = make([]float64, N*S)
	for n := 0; n < N; n++ {
		gross := make([]float64, S)
		absorption := make([]float64, S)
		va, rev, surplus := 0.0, 0.0, 0.0
		for s := 0; s < S; s++ {
			for i := 0; i < N; i++ {
				x := ds.Trade[ds.At(n, i, s)]
				gross[s] += x
				surplus += x
				m := ds.Trade[ds.At(i, n, s)]
				tau := ds.Tariffs[ds.At(i, n, s)]
				absorption[s] += (1 + tau) * m
				rev += tau * m
				surplus -= m
			}
		}
		for s := 0; s < S; s++ {
			va += ds.VA[n*S+s] * gross[s]
		}
		income := va + rev - surplus
		sum := 0.0
		for s := 0; s < S; s++ {
			inter := 0.0
			for k := 0; k < S; k++ {
				inter += ds.IO[(n*S+k)*S+s] * gross[k]
			}
			a := (absorption[s] - inter) / income
			if a < 0 {
				a = 0
				cp.repaired++
			}
			cp.alpha[n*S+s] = a
			sum += a
		}
		for s := 0; s < S; s++ {
			cp.alpha[n*S+s] /= sum
		}
	}
	return cp
}

// naftaTariffs is CP's "only NAFTA" experiment: the tariffs among CAN, MEX
// and USA (the six ordered pairs, every sector) at their 2005 levels, every
// other tariff at its 1993 level.
func (cp *cp2015) naftaTariffs() []float64 {
	ds := cp.ds
	out := append([]float64(nil), ds.Tariffs...)
	nafta := []string{"CAN", "MEX", "USA"}
	for _, a := range nafta {
		for _, b := range nafta {
			if a == b {
				continue
			}
			i, _ := ds.Index(a)
			j, _ := ds.Index(b)
			for s := 0; s < ds.S(); s++ {
				out[ds.At(i, j, s)] = cp.tariffs2005[ds.At(i, j, s)]
			}
		}
	}
	return out
}

func (cp *cp2015) theta() []float64 {
	th := make([]float64, cp.ds.S())
	for s, sec := range cp.ds.Sectors {
		th[s] = sec.Theta
	}
	return th
}

// cp2015Published are Caliendo and Parro's NAFTA welfare effects in percent
// (their Section 5.1 and abstract; pinned to the same digits by the R
// package paulofelipe/cp2015 in tests/testthat/test-run_cp2015.R, "solution
// without deficits"), with the real wage ŵ/P̂ that package also pins.
var cp2015Published = []struct {
	code                     string
	welfare, tot, vot, rwage float64
}{
	{"MEX", 1.31, -0.41, 1.72, 1.72},
	{"CAN", -0.06, -0.11, 0.04, 0.32},
	{"USA", 0.08, 0.04, 0.04, 0.11},
}

// cp2015Exact is the exact change in real final spending F̂/P̂ of the same
// equilibrium, in percent to two decimals, as docs/welfare.md reports it
// ("Caliendo–Parro's NAFTA: decomposition vs exact").
var cp2015Exact = map[string]float64{"MEX": 0.01, "CAN": -0.11, "USA": 0.07}

func round2(x float64) float64 { return math.Round(100*x) / 100 }

// TestReproduceCaliendoParroNAFTA reproduces Caliendo and Parro's (2015)
// NAFTA experiment from their data: 31 regions × 40 sectors in 1993, their
// final-demand shares, deficits purged first (an equilibrium with balanced
// trade and 1993 tariffs), then the tariffs among Canada, Mexico and the
// United States at their 2005 levels. Their welfare measure, the
// terms-of-trade plus volume-of-trade decomposition, must round to the
// published digits under every numeraire (they hold world value added
// fixed; the decomposition is defined in that normalisation). The exact
// welfare F̂/P̂ of the same equilibrium is far smaller for Mexico: see
// docs/welfare.md.
func TestReproduceCaliendoParroNAFTA(t *testing.T) {
	cp := loadCP2015(t)
	if cp.repaired == 0 {
		t.Error("no negative final-demand residual to repair: the data are not CP's")
	}
	opt := Options{Theta: cp.theta(), Numeraire: WorldGDP}
	start := time.Now()
	pds, pres, err := PurgeDeficitsWith(cp.ds, opt, CalibrateOptions{FinalShares: cp.alpha})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("purge (31×40, CP's α, deficits to zero): %d iterations, residual %.2g, solve %.3f s, with calibration %.3f s",
		pres.Iterations, pres.MaxResidual, pres.Seconds, time.Since(start).Seconds())
	b := mustCalibrate(t, pds)
	for j := range b.D {
		if math.Abs(b.D[j]) > 1e-9*b.Y[j] {
			t.Fatalf("purged deficit of %s is %g", b.Codes[j], b.D[j])
		}
	}
	sh := Shocks{Tariff: cp.naftaTariffs()}
	mex, _ := b.Index("MEX")
	for _, num := range []struct {
		name string
		kind NumeraireKind
	}{{"world GDP", WorldGDP}, {"world price", WorldPrice}, {"MEX wage", CountryWage}} {
		o := opt
		o.Deficits, o.Numeraire, o.NumeraireCountry = Purge, num.kind, mex
		r := mustSolve(t, b, o, sh)
		if num.kind == WorldGDP {
			t.Logf("NAFTA counterfactual (31×40): %d iterations, residual %.2g, solve %.3f s", r.Iterations, r.MaxResidual, r.Seconds)
		}
		dec := b.Decompose(r)
		for _, p := range cp2015Published {
			j, ok := b.Index(p.code)
			if !ok {
				t.Fatalf("no %s", p.code)
			}
			d, c := dec[j], r.Countries[j]
			exact := 100 * (c.Welfare - 1)
			if num.kind == WorldGDP {
				t.Logf("%s: welfare_cp %.4f%% (published %.2f), ToT %.4f%% (%.2f), VoT %.4f%% (%.2f), real wage %.4f%% (%.2f); exact F̂/P̂ %.4f%%",
					p.code, 100*d.CP(), p.welfare, 100*d.ToT, p.tot, 100*d.VoT, p.vot, 100*(c.RealWage-1), p.rwage, exact)
			}
			for name, v := range map[string][2]float64{
				"welfare_cp": {100 * d.CP(), p.welfare}, "ToT": {100 * d.ToT, p.tot}, "VoT": {100 * d.VoT, p.vot},
				"real wage": {100 * (c.RealWage - 1), p.rwage}, "exact welfare": {exact, cp2015Exact[p.code]},
			} {
				if round2(v[0]) != v[1] {
					t.Errorf("%s numeraire, %s: %s %.4f%% rounds to %.2f, want %.2f", num.name, p.code, name, v[0], round2(v[0]), v[1])
				}
			}
			if d.Tech != 0 {
				t.Errorf("%s: technology term %g without trade-cost shocks", p.code, d.Tech)
			}
			if math.IsNaN(exact) || math.IsInf(exact, 0) {
				t.Errorf("%s: exact welfare %g", p.code, exact)
			}
			if num.kind == WorldGDP {
				cp2015Accounting(t, b, pds, r, sh.Tariff, j)
			}
		}
	}
}

// cp2015Accounting splits country n's exact welfare change into real value
// added and real tariff revenue (F = V + R with purged deficits), checks
// that they add up, and logs the numbers docs/welfare.md quotes: revenue
// before and after, the NAFTA imports and their duties, and the
// volume-of-trade term with the tariff wedge averaged over the change
// (trapezoid) instead of held at its 1993 level.
func cp2015Accounting(t *testing.T, b *Baseline, pds *data.Dataset, r *Result, tariffs []float64, n int) {
	t.Helper()
	c := r.Countries[n]
	I, V := b.E[n], b.Y[n]
	realVA := V / I * (c.Wage/c.PriceIndex - 1)
	realRev := (c.RevenueAfter/c.PriceIndex - c.RevenueBefore) / I
	if d := realVA + realRev - (c.Welfare - 1); math.Abs(d) > 1e-9 {
		t.Errorf("%s: real value added %g + real revenue %g ≠ exact welfare %g", c.Code, realVA, realRev, c.Welfare-1)
	}
	flows := b.Flows(r)
	N, S := b.N, b.S
	var m0, m1, duty0, duty1, rect, trap float64
	for i := 0; i < N; i++ {
		for s := 0; s < S; s++ {
			k := (i*N+n)*S + s
			t0, t1 := pds.Tariffs[k], tariffs[k]
			if i == n || t0 == t1 {
				continue
			}
			x0, x1 := pds.Trade[k], flows[k]
			m0, m1 = m0+x0, m1+x1
			duty0, duty1 = duty0+t0*x0, duty1+t1*x1
			rect += t0 * (x1 - x0)
			trap += 0.5 * (t0 + t1) * (x1 - x0)
		}
	}
	t.Logf("%s: income I %.4g; value added %.2f%% of I, real wage %+.4f%% → %+.4f pp; tariff revenue %.2f%% → %.2f%% of I → %+.4f pp; imports whose tariff changes %.4g → %.4g (×%.3f), duty %.2f%% → %.3f%%; τ93·ΔM %.4f%% of I, ½(τ93+τ05)·ΔM %.4f%%",
		c.Code, I, 100*V/I, 100*(c.Wage/c.PriceIndex-1), 100*realVA, 100*c.RevenueBefore/I, 100*c.RevenueAfter/I, 100*realRev,
		m0, m1, m1/m0, 100*duty0/m0, 100*duty1/m1, 100*rect/I, 100*trap/I)
}
