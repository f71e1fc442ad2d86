package build

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A small world for the repair steps. A, B, C and T are ICIO economies, R
// and S sit in ICIO's ROW; T (like Taiwan) has no BACI data. A, B, R and S
// form the missing block: BACI has no trade among them.
//
// BACI: A→C 20, C→A 10, B→C 30, C→B 15, R→C 6, C→R 2, S→C 4, C→S 8, so
// exports X0 = A 20, B 30, C 35, R 6, S 4 and imports M0 = A 10, B 15,
// C 60, R 2, S 8; world trade W = 95; ROW members' exports 10, imports 10.
//
// ICIO goods: A→C 10, C→A 10, B→C 20, C→B 5, A→B 8, B→A 2, and with ROW
// A→ROW 3, ROW→A 5, B→ROW 7, ROW→B 1; T→A 4, A→T 6, T→ROW 10, ROW→T 5.
// C→T 1 has no BACI partner flow, so no bridge is taken from it.
//
// Bridges (pairs with both flows > 0 are only those with C):
// kX(A) = 20/10 = 2, kX(B) = 30/20 = 1.5, kX(C) = (10+15)/(10+5) = 5/3,
// kM(A) = 10/10 = 1, kM(B) = 15/5 = 3, kM(C) = (20+30)/(10+20) = 5/3,
// overall = 75/45 = 5/3.
func smallWorld() (*matrix, *icio) {
	baci := newMatrix([]string{"A", "B", "C", "R", "S", "T"})
	for _, f := range []flow{{"A", "C", 20}, {"C", "A", 10}, {"B", "C", 30}, {"C", "B", 15}, {"R", "C", 6}, {"C", "R", 2}, {"S", "C", 4}, {"C", "S", 8}} {
		baci.set(f.exporter, f.importer, f.value)
	}
	ic := &icio{
		units:   []string{"A", "B", "C", "T", "ROW"},
		economy: map[string]bool{"A": true, "B": true, "C": true, "T": true},
		goods: map[[2]string]float64{
			{"A", "C"}: 10, {"C", "A"}: 10, {"B", "C"}: 20, {"C", "B"}: 5, {"A", "B"}: 8, {"B", "A"}: 2,
			{"A", "ROW"}: 3, {"ROW", "A"}: 5, {"B", "ROW"}: 7, {"ROW", "B"}: 1,
			{"T", "A"}: 4, {"A", "T"}: 6, {"T", "ROW"}: 10, {"ROW", "T"}: 5, {"C", "T"}: 1,
		},
		domestic: map[string]float64{},
	}
	return baci, ic
}

var smallBlock = []string{"A", "B", "R", "S"}

func smallBridge(t *testing.T) Bridge {
	t.Helper()
	baci, ic := smallWorld()
	br, err := bridgeFactors(baci, ic, map[string]bool{"A": true, "B": true, "R": true, "S": true})
	if err != nil {
		t.Fatal(err)
	}
	return br
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestBridgeFactors(t *testing.T) {
	br := smallBridge(t)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"overall", br.Overall, 75.0 / 45},
		{"kX(A)", br.kx("A"), 2},
		{"kX(B)", br.kx("B"), 1.5},
		{"kX(C)", br.kx("C"), 25.0 / 15},
		{"kM(A)", br.km("A"), 1},
		{"kM(B)", br.km("B"), 3},
		{"kM(C)", br.km("C"), 50.0 / 30},
		{"kX(T) falls back to overall", br.kx("T"), 75.0 / 45},
		{"kM(R) falls back to overall", br.km("R"), 75.0 / 45},
	}
	for _, tt := range tests {
		if !near(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestFillBlock(t *testing.T) {
	baci, ic := smallWorld()
	br := smallBridge(t)
	m := baci.clone()
	total, err := fillBlock(m, baci, ic, smallBlock, br)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pair [2]string
		want float64
		rule string
	}{
		{[2]string{"A", "B"}, 8 * math.Sqrt(2*3), "ICIO × √(kX(A)·kM(B))"},
		{[2]string{"B", "A"}, 2 * math.Sqrt(1.5*1), "ICIO × √(kX(B)·kM(A))"},
		{[2]string{"A", "R"}, 3 * (2.0 / 10) * 2, "ICIO A→ROW × R's share of ROW imports × kX(A)"},
		{[2]string{"A", "S"}, 3 * (8.0 / 10) * 2, "ICIO A→ROW × S's share of ROW imports × kX(A)"},
		{[2]string{"B", "R"}, 7 * (2.0 / 10) * 1.5, "ICIO B→ROW × R's share × kX(B)"},
		{[2]string{"R", "A"}, 5 * (6.0 / 10) * 1, "ICIO ROW→A × R's share of ROW exports × kM(A)"},
		{[2]string{"S", "B"}, 1 * (4.0 / 10) * 3, "ICIO ROW→B × S's share of ROW exports × kM(B)"},
		{[2]string{"R", "S"}, 6 * 8 / 95.0, "independence X_R·M_S/W"},
		{[2]string{"S", "R"}, 4 * 2 / 95.0, "independence X_S·M_R/W"},
		{[2]string{"A", "C"}, 20, "outside the block: BACI unchanged"},
	}
	for _, tt := range tests {
		if got := m.at(tt.pair[0], tt.pair[1]); !near(got, tt.want) {
			t.Errorf("%s→%s = %v, want %v (%s)", tt.pair[0], tt.pair[1], got, tt.want, tt.rule)
		}
	}
	want := 0.0
	for _, a := range smallBlock {
		for _, b := range smallBlock {
			if a != b {
				want += m.at(a, b)
			}
		}
	}
	if !near(total, want) {
		t.Errorf("total %v, want %v", total, want)
	}

	// A block pair that BACI does record means the block has changed.
	baci.set("A", "B", 1)
	if _, err := fillBlock(baci.clone(), baci, ic, smallBlock, br); err == nil || !strings.Contains(err.Error(), "A→B") {
		t.Errorf("fill over a non-zero BACI pair: err = %v, want one naming A→B", err)
	}
}

func TestAddEconomy(t *testing.T) {
	baci, ic := smallWorld()
	br := smallBridge(t)
	m := baci.clone()
	x, im := addEconomy(m, baci, ic, "T", br)
	overall := 75.0 / 45
	tests := []struct {
		pair [2]string
		want float64
		rule string
	}{
		{[2]string{"T", "A"}, 4 * 1, "ICIO T→A × kM(A)"},
		{[2]string{"A", "T"}, 6 * 2, "ICIO A→T × kX(A)"},
		{[2]string{"C", "T"}, 1 * 25.0 / 15, "ICIO C→T × kX(C)"},
		{[2]string{"T", "B"}, 0, "no ICIO flow"},
		{[2]string{"T", "R"}, 10 * (2.0 / 10) * overall, "ICIO T→ROW × R's share of ROW imports × overall"},
		{[2]string{"T", "S"}, 10 * (8.0 / 10) * overall, "ICIO T→ROW × S's share of ROW imports × overall"},
		{[2]string{"R", "T"}, 5 * (6.0 / 10) * overall, "ICIO ROW→T × R's share of ROW exports × overall"},
		{[2]string{"S", "T"}, 5 * (4.0 / 10) * overall, "ICIO ROW→T × S's share of ROW exports × overall"},
	}
	for _, tt := range tests {
		if got := m.at(tt.pair[0], tt.pair[1]); !near(got, tt.want) {
			t.Errorf("%s→%s = %v, want %v (%s)", tt.pair[0], tt.pair[1], got, tt.want, tt.rule)
		}
	}
	if !near(x, 4+10*overall) || !near(im, 12+25.0/15+5*overall) {
		t.Errorf("T exports %v imports %v, want %v and %v", x, im, 4+10*overall, 12+25.0/15+5*overall)
	}
}

// ones builds a matrix of ones off the diagonal over codes.
func ones(codes ...string) *matrix {
	m := newMatrix(codes)
	for _, a := range codes {
		for _, b := range codes {
			if a != b {
				m.set(a, b, 1)
			}
		}
	}
	return m
}

func TestRAS(t *testing.T) {
	nan := math.NaN()
	t.Run("one constrained economy, exact in one sweep", func(t *testing.T) {
		// A: exports 2 → 4 (row × 2), imports 2 → 1 (column × 1/2);
		// B↔C, between unconstrained economies, stay 1.
		m := ones("A", "B", "C")
		sweeps, gap, err := ras(m, nil, []float64{4, nan, nan}, []float64{1, nan, nan}, RASTolerance, 100)
		if err != nil || sweeps != 1 || gap > RASTolerance {
			t.Fatalf("sweeps %d gap %g err %v, want 1 sweep", sweeps, gap, err)
		}
		want := map[[2]string]float64{{"A", "B"}: 2, {"A", "C"}: 2, {"B", "A"}: 0.5, {"C", "A"}: 0.5, {"B", "C"}: 1, {"C", "B"}: 1}
		for p, w := range want {
			if got := m.at(p[0], p[1]); !near(got, w) {
				t.Errorf("%s→%s = %v, want %v", p[0], p[1], got, w)
			}
		}
	})
	t.Run("all constrained: targets met, zeros kept, biproportional", func(t *testing.T) {
		m := newMatrix([]string{"A", "B", "C", "D"})
		a := [][]float64{{0, 5, 1, 0}, {2, 0, 3, 1}, {4, 1, 0, 2}, {1, 0, 6, 0}}
		for i, row := range a {
			for j, v := range row {
				m.v[i*4+j] = v
			}
		}
		// Consistent targets: Σ exports = Σ imports = 30.
		tx, tm := []float64{9, 5, 10, 6}, []float64{6, 8, 12, 4}
		sweeps, gap, err := ras(m, nil, tx, tm, RASTolerance, 10000)
		if err != nil {
			t.Fatal(err)
		}
		if sweeps < 2 || gap > RASTolerance {
			t.Errorf("sweeps %d gap %g: a non-trivial case needs several sweeps to 1e-12", sweeps, gap)
		}
		x, im := m.totals()
		for i := range 4 {
			if math.Abs(x[i]/tx[i]-1) > 1e-11 || math.Abs(im[i]/tm[i]-1) > 1e-11 {
				t.Errorf("%s: exports %v imports %v, want %v and %v", m.codes[i], x[i], im[i], tx[i], tm[i])
			}
		}
		// f_ij = r_i a_ij s_j: the cross-ratios of the scaling factors are 1.
		f := func(i, j int) float64 { return m.v[i*4+j] / a[i][j] }
		for i := range 4 {
			for j := range 4 {
				if a[i][j] == 0 {
					if m.v[i*4+j] != 0 {
						t.Errorf("zero %d→%d became %v", i, j, m.v[i*4+j])
					}
					continue
				}
				for k := range 4 {
					for l := range 4 {
						if a[k][l] == 0 || a[i][l] == 0 || a[k][j] == 0 {
							continue
						}
						if r := f(i, j) * f(k, l) / (f(i, l) * f(k, j)); math.Abs(r-1) > 1e-9 {
							t.Errorf("scaling of (%d,%d),(%d,%d) is not biproportional: cross-ratio %v", i, j, k, l, r)
						}
					}
				}
			}
		}
	})
	t.Run("an anchored economy keeps its flows, the others meet their targets", func(t *testing.T) {
		// A is anchored: its row scaled 6 → 9 (× 1.5), its column 6 → 4
		// (× 2/3), then held. B and C reach their targets on free cells only.
		m := newMatrix([]string{"A", "B", "C"})
		a := [][]float64{{0, 2, 4}, {3, 0, 1}, {3, 2, 0}}
		for i, row := range a {
			for j, v := range row {
				m.v[i*3+j] = v
			}
		}
		fixed := make([]bool, 9)
		rs, cs := anchor(m, fixed, 0, 9, 4)
		if !near(rs, 1.5) || !near(cs, 2.0/3) {
			t.Fatalf("anchor factors %v, %v; want 1.5 and 2/3", rs, cs)
		}
		anchored := append([]float64(nil), m.v...)
		// With A's four cells held, the free cells B→C and C→B must be 3 and
		// 4: B exports 2 + 3, C exports 2 + 4, B imports 3 + 4, C 6 + 3.
		tx, tm := []float64{9, 5, 6}, []float64{4, 7, 9}
		if _, gap, err := ras(m, fixed, tx, tm, RASTolerance, 1000); err != nil || gap > RASTolerance {
			t.Fatalf("gap %g err %v", gap, err)
		}
		for _, k := range []int{1, 2, 3, 6} { // A→B, A→C, B→A, C→A
			if m.v[k] != anchored[k] {
				t.Errorf("anchored cell %d moved: %v → %v", k, anchored[k], m.v[k])
			}
		}
		x, im := m.totals()
		for i := range 3 {
			if math.Abs(x[i]/tx[i]-1) > 1e-11 || math.Abs(im[i]/tm[i]-1) > 1e-11 {
				t.Errorf("%s: exports %v imports %v, want %v and %v", m.codes[i], x[i], im[i], tx[i], tm[i])
			}
		}
		// A target below what is held fixed cannot be met.
		if _, _, err := ras(m, fixed, []float64{nan, 1, nan}, []float64{nan, nan, nan}, RASTolerance, 100); err == nil {
			t.Error("B's export target 1 below its fixed 2 accepted")
		}
	})
	errCases := []struct {
		name   string
		m      *matrix
		tx, tm []float64
		sweeps int
	}{
		{"negative target", ones("A", "B"), []float64{-1, nan}, []float64{nan, nan}, 100},
		{"target on an empty row", newMatrix([]string{"A", "B"}), []float64{1, nan}, []float64{nan, nan}, 100},
		{"too few sweeps", ones("A", "B", "C"), []float64{3, 1, 2}, []float64{1, 2, 3}, 1},
	}
	for _, tt := range errCases {
		if _, _, err := ras(tt.m, nil, tt.tx, tt.tm, RASTolerance, tt.sweeps); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

func TestDomesticSales(t *testing.T) {
	ic := &icio{economy: map[string]bool{"A": true, "B": true, "C": true, "E": true}, domestic: map[string]float64{"A": 100, "B": 200, "C": 90, "E": 50}}
	weo := map[string]map[int]float64{"A": {2022: 50, 2023: 60}, "B": {2022: 100, 2023: 100}, "C": {2022: 10, 2023: 10}, "D": {2022: 1, 2023: 1}}
	gdp := map[string]float64{"A": 80, "B": 100, "C": 90, "D": 10, "E": 20}
	dom, fromICIO, med := domesticSales([]string{"A", "B", "C", "D", "E"}, gdp, ic, weo)
	// Ratios dom/GDP: A 120/80 = 1.5, B 2, C 1 → median 1.5.
	want := map[string]float64{
		"A": 100 * 60 / 50.0, // ICIO × GDP2023/GDP2022
		"B": 200,
		"C": 90,
		"D": 10 * 1.5, // not in ICIO: GDP × median
		"E": 20 * 1.5, // in ICIO but without WEO GDP 2022: median too
	}
	for c, w := range want {
		if !near(dom[c], w) {
			t.Errorf("%s: domestic %v, want %v", c, dom[c], w)
		}
	}
	if med != 1.5 || strings.Join(fromICIO, ",") != "A,B,C" {
		t.Errorf("median %v from %v, want 1.5 from A,B,C", med, fromICIO)
	}
}

func TestFitDomestic(t *testing.T) {
	// dom/GDP = 2·(M/GDP)^−0.5 exactly: slope −0.5, intercept ln 2, R² 1.
	codes := []string{"A", "B", "C"}
	gdp := map[string]float64{"A": 1, "B": 1, "C": 1}
	imports := map[string]float64{"A": 0.25, "B": 1, "C": 4}
	dom := map[string]float64{"A": 4, "B": 2, "C": 1}
	f := fitDomestic(codes, dom, imports, gdp)
	if !near(f.Slope, -0.5) || !near(f.Intercept, math.Ln2) || !near(f.R2, 1) {
		t.Errorf("fit %+v, want slope −0.5, intercept ln 2, R² 1", f)
	}
}

func TestReadGoodsTargets(t *testing.T) {
	const head = "iso3,country,goods_balance_bop_usd_bn,customs_balance_usd_bn,source\n"
	tests := []struct {
		name    string
		rows    string
		want    map[string]Totals // balance only: Imports NaN marks it
		without string
		errPart string
	}{
		{
			name: "BoP balance, customs totals, no figure",
			rows: "USA,United States,-1063.289,,WDI\n" +
				"TWN,Taiwan,,80.56,\"Customs basis (MOF, R.O.C.): exports 432.48, imports 351.62, surplus 80.56 US$ bn\"\n" +
				"ARE,UAE,,,WDI\n",
			want:    map[string]Totals{"USA": {-1063289, math.NaN()}, "TWN": {432480, 351620}},
			without: "ARE",
		},
		{
			name:    "customs balance without quoted totals",
			rows:    "TWN,Taiwan,,80.56,MOF\n",
			errPart: "quotes no",
		},
		{
			name:    "customs totals far from the customs balance",
			rows:    "TWN,Taiwan,,80.56,\"exports 432.48, imports 151.62\"\n",
			errPart: "far from",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, bopFile), []byte(head+tt.rows), 0o644); err != nil {
				t.Fatal(err)
			}
			got, without, err := readGoodsTargets(dir)
			if tt.errPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errPart) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errPart)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(without, ",") != tt.without || len(got) != len(tt.want) {
				t.Fatalf("targets %+v, without %v", got, without)
			}
			for _, g := range got {
				w := tt.want[g.code]
				if math.IsNaN(w.Imports) {
					if !near(g.balance, w.Exports) || !math.IsNaN(g.exports) {
						t.Errorf("%s: balance %v exports %v, want balance %v only", g.code, g.balance, g.exports, w.Exports)
					}
					continue
				}
				if !near(g.exports, w.Exports) || !near(g.imports, w.Imports) || !near(g.balance, w.Exports-w.Imports) {
					t.Errorf("%s: %+v, want exports %v imports %v", g.code, g, w.Exports, w.Imports)
				}
			}
		})
	}
}
