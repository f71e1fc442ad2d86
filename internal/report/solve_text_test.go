package report

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// docOf is a solve document of the given economies and welfare changes;
// GDP falls with the index, so the first is the largest.
func docOf(leader string, codes []string, welfare []float64) *SolveDoc {
	d := &SolveDoc{Scenario: "s", Converged: true, Leader: leader, Provenance: Provenance{Dataset: "d", Model: ModelDoc{TradeElasticity: map[string]float64{"ALL": 4}, Numeraire: "world_price"}}}
	for k, w := range welfare {
		d.Countries = append(d.Countries, CountryDoc{Code: codes[k], Name: "Name" + codes[k], WelfarePct: w, GDPBefore: float64(100 - k), GDPAfter: float64(100 - k)})
	}
	return d
}

func text(t *testing.T, d *SolveDoc) string {
	t.Helper()
	var b strings.Builder
	if err := d.Write(&b, Text, 1); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSolveTextWording: winners never show a loss, losers never a gain,
// "the largest loss" is never a gain, a dataset of four economies is not
// "the 50 largest", and a dataset without the leader prints no empty
// headline or balance table.
func TestSolveTextWording(t *testing.T) {
	four := []string{"AAA", "BBB", "CCC", "DDD"}
	tests := []struct {
		name    string
		doc     *SolveDoc
		want    []string
		notWant []string
	}{
		{"all gain", docOf("USA", four, []float64{0.85, 0.3, 0.2, 1.5}),
			[]string{"Every economy among the 4 economies gains or is unchanged: the most NameDDD (+1.50%), the least NameCCC (+0.20%).", "Losers among the 4 economies", "None: no economy among them loses."},
			[]string{"largest loss", "50 largest", "Headline", "balance with USA"}},
		{"all lose", docOf("USA", four, []float64{-0.85, -0.3, -0.2, -1.5}),
			[]string{"Every economy among the 4 economies loses or is unchanged: the most NameDDD (-1.50%)", "None: no economy among them gains."},
			[]string{"largest gain", "Top 4 winners"}},
		{"mixed", docOf("AAA", four, []float64{-0.85, 0.3, -0.2, 1.5}),
			[]string{"the largest gain is NameDDD's (+1.50%), the largest loss NameAAA's (-0.85%)", "Top 2 winners among the 4 economies", "Top 2 losers", "Headline", "balance with AAA"},
			nil},
		{"one winner", docOf("USA", four, []float64{-0.85, 0.3, -0.2, -1.5}),
			[]string{"Top winner among the 4 economies", "Top 3 losers"}, nil},
	}
	for _, tc := range tests {
		out := text(t, tc.doc)
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tc.name, w, out)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(out, w) {
				t.Errorf("%s: output has %q:\n%s", tc.name, w, out)
			}
		}
		// No row of a winners table has a negative welfare, nor a row of a
		// losers table a positive one.
		for _, tb := range tc.doc.Tables(1, 5) {
			for _, r := range tb.Rows {
				if strings.Contains(tb.Title, "winner") && strings.HasPrefix(r[2], "-") ||
					strings.Contains(tb.Title, "loser") && !strings.HasPrefix(r[2], "-") {
					t.Errorf("%s: %q lists %s at %s", tc.name, tb.Title, r[0], r[2])
				}
			}
		}
	}
	// 60 economies: the 50 largest are ranked, and said to be.
	var codes []string
	var w []float64
	for k := range 60 {
		codes = append(codes, fmt.Sprintf("C%02d", k))
		w = append(w, float64(k%7)-3)
	}
	if out := text(t, docOf("USA", codes, w)); !strings.Contains(out, "Among the 50 largest economies") {
		t.Errorf("60 economies: %s", out)
	}
}

func TestBalanceChangePct(t *testing.T) {
	for _, c := range []struct {
		before, after float64
		want          string
	}{
		{248.30, 15.13, "-93.9"},
		{-2.0, -1.0, "50.0"},
		{1.0, 2.0, "100.0"},
		{0.18, 3.51, "n.m."},  // Costa Rica under Liberation Day: +1800%
		{-0.02, 0.43, "n.m."}, // Kenya: +1909%
		{0, 1, "n.m."},
		{-2.28, 39.36, "n.m."}, // the UK's deficit with the US turned surplus: +1826%
		{12.5, -9.1, "n.m."},
	} {
		if got := balanceChangePct(c.before, c.after); got != c.want {
			t.Errorf("balanceChangePct(%v, %v) = %q, want %q", c.before, c.after, got, c.want)
		}
	}
}

func TestValuationNote(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	rows := []CountryDoc{
		{Code: "PHL", WelfarePct: 0.54, WelfareValuationPct: v(0.51)},   // nearly all valuation
		{Code: "USA", WelfarePct: 0.32, WelfareValuationPct: v(-0.35)},  // offsets a larger gain
		{Code: "MEX", WelfarePct: -1.11, WelfareValuationPct: v(0.007)}, // negligible
		{Code: "VNM", WelfarePct: -3.09, WelfareValuationPct: v(-0.95)}, // under half
		{Code: "CAN", WelfarePct: -0.36},                                // no valuation (not `fixed`)
	}
	got := valuationNote(rows)
	for _, want := range []string{"PHL +0.54% (of which +0.51 pp; +0.03% without)", "USA +0.32% (of which -0.35 pp; +0.67% without)"} {
		if !strings.Contains(got, want) {
			t.Errorf("note lacks %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"MEX", "VNM", "CAN"} {
		if strings.Contains(got, not+" ") {
			t.Errorf("note names %s:\n%s", not, got)
		}
	}
	if valuationNote(rows[2:]) != "" {
		t.Error("a note without any valuation worth naming")
	}
}

// TestGoodsTariffs: on a world with a services sector the goods rate
// leaves services out of the base; on a goods-only world there is none.
func TestGoodsTariffs(t *testing.T) {
	ds := &data.Dataset{
		Countries: []data.Country{{Code: "A"}, {Code: "B"}},
		Sectors:   []data.Sector{{Code: "GOODS"}, {Code: ServicesSector}},
	}
	ds.Trade = make([]float64, 8)
	ds.Tariffs = make([]float64, 8)
	// B's imports from A: goods 100 at 2%, services 100 (no tariff).
	ds.Trade[ds.At(0, 1, 0)], ds.Tariffs[ds.At(0, 1, 0)] = 100, 0.02
	ds.Trade[ds.At(0, 1, 1)] = 100
	after := append([]float64(nil), ds.Tariffs...)
	after[ds.At(0, 1, 0)] = 0.25
	flows := append([]float64(nil), ds.Trade...)
	flows[ds.At(0, 1, 0)] = 80
	rate := goodsTariffs(ds, after, flows)
	if rate == nil {
		t.Fatal("no goods rate on a world with services")
	}
	before, now := rate(1)
	if math.Abs(*before-2) > 1e-12 || math.Abs(*now-25) > 1e-12 {
		t.Errorf("goods rate %v → %v, want 2 → 25 (over all imports it would be 1 → 11.1)", *before, *now)
	}
	// A's imports are nil: a rate of 0, not NaN.
	if b, a := rate(0); *b != 0 || *a != 0 {
		t.Errorf("an importer without imports: %v → %v, want 0 → 0", *b, *a)
	}
	// Services listed first: the same rates.
	sw := &data.Dataset{Countries: ds.Countries, Sectors: []data.Sector{{Code: ServicesSector}, {Code: "GOODS"}}}
	perm := func(v []float64) []float64 {
		out := make([]float64, len(v))
		for i := 0; i < 2; i++ {
			for j := 0; j < 2; j++ {
				out[sw.At(i, j, 0)], out[sw.At(i, j, 1)] = v[ds.At(i, j, 1)], v[ds.At(i, j, 0)]
			}
		}
		return out
	}
	sw.Trade, sw.Tariffs = perm(ds.Trade), perm(ds.Tariffs)
	if b, a := goodsTariffs(sw, perm(after), perm(flows))(1); math.Abs(*b-2) > 1e-12 || math.Abs(*a-25) > 1e-12 {
		t.Errorf("services first: %v → %v, want 2 → 25", *b, *a)
	}
	ds.Sectors[1].Code = "OTHER"
	if goodsTariffs(ds, after, flows) != nil {
		t.Error("a goods rate on a world without a services sector")
	}
}

func TestPossessive(t *testing.T) {
	for name, want := range map[string]string{
		"Vietnam":       "Vietnam's",
		"United States": "the United States'",
		"Philippines":   "the Philippines'",
		"Cyprus":        "Cyprus'",
		"China":         "China's",
	} {
		if got := possessive(name); got != want {
			t.Errorf("possessive(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestNoNegativeZero: a balance of −$2 mn (Kiribati's with the US) prints
// 0.00, not -0.00, in every solve table and sentence; a real loss keeps
// its sign.
func TestNoNegativeZero(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	d := docOf("USA", []string{"USA", "KIR", "TON"}, []float64{0.2, -0.0004, -0.5})
	d.Countries[1].BalanceWithLeaderBefore, d.Countries[1].BalanceWithLeaderAfter = v(-0.002), v(-0.001)
	d.Countries[1].RealWagePct, d.Countries[1].ExportsPct = -0.0001, -0.001
	d.Countries[2].BalanceWithLeaderBefore, d.Countries[2].BalanceWithLeaderAfter = v(-12), v(-0.004)
	out := text(t, d)
	for _, neg := range []string{"-0.00 ", "-0.000 ", "-0.00%", "-0.0 "} {
		if strings.Contains(out, neg) {
			t.Errorf("text has %q:\n%s", neg, out)
		}
	}
	if !strings.Contains(out, "-0.500") || !strings.Contains(out, "-0.01") {
		t.Errorf("a real loss lost its sign:\n%s", out)
	}
	for x, want := range map[float64]string{-0.004: "0.00", -0.005001: "-0.01", 0.004: "0.00", -1e-12: "0.00"} {
		if got := num(x, 2); got != want {
			t.Errorf("num(%v, 2) = %q, want %q", x, got, want)
		}
	}
}

// TestDecompositionNote: where Caliendo–Parro's first-order decomposition
// differs from the exact change by more than half of it (Liberation Day's
// US: +0.86% against +0.20%), the headline says it is first-order and
// unreliable for a large shock; where the two agree (China −0.45 against
// −0.42), or without a decomposition, nothing is said.
func TestDecompositionNote(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	d := docOf("USA", []string{"USA", "CHN", "VNM"}, []float64{0.2008, -0.4244, -3.05})
	d.Target = "CHN"
	d.Countries[0].WelfareCPPct, d.Countries[1].WelfareCPPct = v(0.8581), v(-0.4520)
	notes := strings.Join(d.Tables(1, 5)[0].Notes, "\n")
	if !strings.Contains(notes, "(JSON welfare_cp_pct) reads USA +0.86% against the exact +0.20%: it is the differential of real income at the baseline, first-order") || strings.Contains(notes, "CHN -0.45") {
		t.Errorf("headline notes:\n%s", notes)
	}
	d.Countries[0].WelfareCPPct = v(0.25)
	if n := decompositionNote(d.Countries, "USA", "CHN"); n != "" {
		t.Errorf("within half: %q", n)
	}
	d.Countries[0].WelfareCPPct = nil
	if n := decompositionNote(d.Countries, "USA"); n != "" {
		t.Errorf("no decomposition: %q", n)
	}
}

// TestBalanceChangePctNote: change % of a partner's balance with the leader
// is 100 × change / |before|, so a deficit that shrinks reads positive
// (Australia under liberation-day: −18.42 → −0.95 reads 94.8). The note
// says which way a positive value goes, with the table's largest deficit
// that shrank as the example; with none, no example.
func TestBalanceChangePctNote(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	doc := &SolveDoc{Leader: "USA", Countries: []CountryDoc{
		{Code: "USA", Name: "United States", BalanceWithLeaderBefore: f(0), BalanceWithLeaderAfter: f(0)},
		{Code: "CHN", Name: "China", WelfarePct: -0.4, BalanceWithLeaderBefore: f(294.74), BalanceWithLeaderAfter: f(53.67)},
		{Code: "PRY", Name: "Paraguay", WelfarePct: 0.1, BalanceWithLeaderBefore: f(-1.18), BalanceWithLeaderAfter: f(-0.42)},
		{Code: "AUS", Name: "Australia", WelfarePct: 0.1, BalanceWithLeaderBefore: f(-18.42), BalanceWithLeaderAfter: f(-0.95)},
	}}
	balTable := func() *Table {
		for _, tb := range doc.Tables(1000, 5) {
			if strings.Contains(tb.Title, "balance with USA") {
				return tb
			}
		}
		t.Fatal("no balance table")
		return nil
	}
	tb := balTable()
	rows := map[string][]string{}
	for _, r := range tb.Rows {
		rows[r[0]] = r
	}
	if rows["AUS"][5] != "94.8" || rows["CHN"][5] != "-81.8" {
		t.Errorf("change %%: AUS %s (want 94.8), CHN %s (want -81.8)", rows["AUS"][5], rows["CHN"][5])
	}
	note := strings.Join(tb.Notes, "\n")
	if !strings.Contains(note, "positive = the balance rose (a partner surplus grew, or a partner deficit shrank: AUS -18.42 → -0.95 reads 94.8), negative = it fell") {
		t.Errorf("note %q", note)
	}
	doc.Countries = doc.Countries[:2]
	if note := strings.Join(balTable().Notes, "\n"); !strings.Contains(note, "a partner deficit shrank), negative") {
		t.Errorf("note without a shrinking deficit: %q", note)
	}
}

// TestNotConvergedFooter: a run that did not converge does not end its
// summary with "Solved in", which would contradict its first line.
func TestNotConvergedFooter(t *testing.T) {
	for _, converged := range []bool{true, false} {
		d := docOf("AAA", []string{"AAA", "BBB"}, []float64{0.1, -0.1})
		d.Converged, d.Iterations, d.MaxResidual = converged, 68, math.NaN()
		out := text(t, d)
		solved := strings.Contains(out, "Solved in 68 iterations")
		stopped := strings.Contains(out, "Stopped, not converged, after 68 iterations")
		if solved != converged || stopped == converged {
			t.Errorf("converged %v: solved %v, stopped %v in\n%s", converged, solved, stopped, out)
		}
	}
}
