package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestWinnersValuationNote: the note the web UI shows is the one the text
// output prints under its winners and losers, and names the winner whose
// gain is the valuation of a fixed deficit.
func TestWinnersValuationNote(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	d := docOf("USA", []string{"USA", "PHL", "VNM", "MEX"}, []float64{0.2, 0.53, -3.05, -1.1})
	d.Countries[1].WelfareValuationPct = v(0.50)
	d.Countries[2].WelfareValuationPct = v(-0.1)
	got := d.WinnersValuationNote(5)
	if !strings.Contains(got, "PHL +0.53% (of which +0.50 pp; +0.03% without)") || strings.Contains(got, "VNM ") {
		t.Errorf("note: %q", got)
	}
	if !strings.Contains(text(t, d), got) {
		t.Errorf("the text output does not print the note %q", got)
	}
	d.Countries[1].WelfareValuationPct = nil
	if n := d.WinnersValuationNote(5); n != "" {
		t.Errorf("note without a valuation worth naming: %q", n)
	}
}

// TestNotesOnly: the NotesOnly format writes a table's notes and nothing
// else.
func TestNotesOnly(t *testing.T) {
	tb := &Table{Title: "T", Columns: []string{"code"}, Notes: []string{"first.", "second."}}
	tb.Add("CHN")
	var b bytes.Buffer
	if err := tb.Write(&b, NotesOnly); err != nil {
		t.Fatal(err)
	}
	if b.String() != "first.\nsecond.\n" {
		t.Errorf("notes: %q", b.String())
	}
}

// TestValuationNoteHeadline: the valuation note gives the leader's and
// China's valuation whenever it is material (0.01 pp or more), though they
// are not among the rows listed and their valuation is under half of their
// change (Liberation Day: USA +0.20% of which −0.35 pp, CHN −0.42% of which
// −0.18 pp); not twice when a row lists them, and not when immaterial.
func TestValuationNoteHeadline(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	tests := []struct {
		name      string
		usa, chn  *float64
		usaChange float64
		want      []string
		notWant   []string
	}{
		{"both material", v(-0.348), v(-0.179), 0.20,
			[]string{"PHL +0.53% (of which +0.50 pp; +0.03% without)", "The headline economies' changes include it too: USA +0.20% (of which -0.35 pp; +0.55% without), CHN -0.42% (of which -0.18 pp; -0.24% without)."},
			nil},
		{"China immaterial", v(-0.348), v(-0.004), 0.20,
			[]string{"USA +0.20% (of which -0.35 pp; +0.55% without)"}, []string{"CHN "}},
		{"no valuation (ratio)", nil, nil, 0.20, nil, []string{"USA ", "CHN ", "headline"}},
	}
	for _, tc := range tests {
		// Five larger gains keep the USA out of the winners' table, as on
		// world-2023, where its +0.20% is not among the top five.
		d := docOf("USA", []string{"USA", "CHN", "PHL", "ROU", "TUR", "PRT", "EGY", "VNM"}, []float64{tc.usaChange, -0.424, 0.528, 0.30, 0.29, 0.25, 0.23, -3.05})
		d.Target = "CHN"
		d.Countries[0].WelfareValuationPct, d.Countries[1].WelfareValuationPct = tc.usa, tc.chn
		d.Countries[2].WelfareValuationPct = v(0.502)
		got := d.WinnersValuationNote(5)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: note lacks %q:\n%s", tc.name, w, got)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(got, w) {
				t.Errorf("%s: note has %q:\n%s", tc.name, w, got)
			}
		}
		if !strings.Contains(text(t, d), got) {
			t.Errorf("%s: the text does not print the note", tc.name)
		}
	}
	// A headline economy whose change is mostly valuation and that a table
	// lists already is named once, among the rows.
	d := docOf("USA", []string{"USA", "CHN"}, []float64{0.2, -0.4})
	d.Countries[0].WelfareValuationPct = v(0.15)
	if got := d.WinnersValuationNote(5); strings.Count(got, "USA ") != 1 || strings.Contains(got, "headline") {
		t.Errorf("USA listed as a winner: %q", got)
	}
	// Without a leader the United States is the headline economy.
	d = docOf("", []string{"USA", "CHN"}, []float64{0.2, -0.4})
	d.Countries[0].WelfareValuationPct = v(-0.35)
	if got := d.WinnersValuationNote(5); !strings.Contains(got, "USA +0.20% (of which -0.35 pp") {
		t.Errorf("no leader: %q", got)
	}
}

// TestSummaryNamesValuation: when the largest gain (or loss) of the summary
// sentence is mostly the valuation of a fixed deficit, the sentence says
// so, in the valuation note's figures (Liberation Day: the Philippines'
// +0.53%, of which +0.50 pp); a change that is mostly trade is left alone.
func TestSummaryNamesValuation(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	d := docOf("USA", []string{"USA", "PHL", "VNM", "IRL"}, []float64{0.2, 0.528, -3.05, -2.56})
	d.Countries[1].WelfareValuationPct, d.Countries[1].TradeBalanceBefore = v(0.502), -20
	d.Countries[2].WelfareValuationPct, d.Countries[2].TradeBalanceBefore = v(-0.94), 40
	sum := d.Summary(1)
	for _, w := range []string{
		"the largest gain is NamePHL's (+0.53%, of which +0.50 pp is the valuation of its fixed deficit)",
		"the largest loss NameVNM's (-3.05%).",
	} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary lacks %q:\n%s", w, sum)
		}
	}
	// A surplus economy's loss that is mostly valuation.
	d.Countries[2].WelfareValuationPct = v(-2.0)
	if sum := d.Summary(1); !strings.Contains(sum, "NameVNM's (-3.05%, of which -2.00 pp is the valuation of its fixed surplus)") {
		t.Errorf("surplus economy: %s", sum)
	}
}

// TestLargeBalanceNote: a row shown with a balance beyond ±15% of GDP is
// given its current account (Ireland in icio-2022: +42.6% against +8.8%),
// or is said to have none; a row at 14.9% is not named, one at -15% is,
// each economy once, in the rows' order; the words follow the coverage.
func TestLargeBalanceNote(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	d := docOf("USA", []string{"USA", "IRL", "MAC", "DEU", "PHL"}, []float64{0.2, -1.3, 0.9, -0.1, 0.1})
	d.Provenance.TradeCoverage = data.CoverageServices
	d.Countries[1].BalanceGDPPctBefore, d.Countries[1].CurrentAccountGDPPct, d.Countries[1].CurrentAccountYear = 42.56, v(8.84), 2022
	d.Countries[2].BalanceGDPPctBefore = -33.1
	d.Countries[3].BalanceGDPPctBefore = 14.9
	d.Countries[4].BalanceGDPPctBefore, d.Countries[4].CurrentAccountGDPPct, d.Countries[4].CurrentAccountYear = -15, v(-4.5), 2022
	got := d.largeBalanceNote(append(d.Countries[1:], d.Countries[1]))
	want := "balance/GDP beyond ±15% is real but leaves out primary and secondary income (investment income such as multinationals' profits paid abroad, remittances), which the model does not trade: IRL +42.6% (current account +8.8% in 2022), MAC -33.1% (no current account in the dataset) and PHL -15.0% (current account -4.5% in 2022)."
	if got != want {
		t.Errorf("note:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(text(t, d), "IRL +42.6% (current account +8.8% in 2022)") {
		t.Errorf("the text output does not print the note")
	}
	d.Provenance.TradeCoverage = data.CoverageGoods
	if got := d.largeBalanceNote(d.Countries); !strings.Contains(got, "leaves out services and primary") {
		t.Errorf("goods world: %q", got)
	}
	if got := d.largeBalanceNote(d.Countries[3:4]); got != "" {
		t.Errorf("a row at 14.9%% named: %q", got)
	}
}

// TestValuationNoteFlagged: an economy the data flag (a ship registry's
// balance of −2397% of GDP) is marked where the valuation note names it,
// and the note says once what the mark means; unflagged rows are not.
func TestValuationNoteFlagged(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	rows := []CountryDoc{
		{Code: "MHL", WelfarePct: 5.83, WelfareValuationPct: v(4.80), DataQualityFlag: "goods deficit beyond 60% of GDP"},
		{Code: "GIN", WelfarePct: -8.91, WelfareValuationPct: v(-8.49)},
		{Code: "LBR", WelfarePct: 4.50, WelfareValuationPct: v(3.67), DataQualityFlag: "goods deficit beyond 60% of GDP"},
	}
	got := valuationNote(rows)
	for _, w := range []string{
		"MHL +5.83% (of which +4.80 pp; +1.03% without; data-flagged)",
		"GIN -8.91% (of which -8.49 pp; -0.42% without)",
		"LBR +4.50% (of which +3.67 pp; +0.83% without; data-flagged)",
		"Data-flagged: a balance beyond ±60% of GDP in the data",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("note lacks %q:\n%s", w, got)
		}
	}
	if strings.Count(got, "Data-flagged:") != 1 {
		t.Errorf("the meaning given %d times", strings.Count(got, "Data-flagged:"))
	}
	if n := valuationNote(rows[1:2]); strings.Contains(n, "flagged") {
		t.Errorf("an unflagged row marked: %q", n)
	}
}
