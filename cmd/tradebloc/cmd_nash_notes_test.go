package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
)

// TestNashFlaggedLossesApart: an economy the data flag is never called the
// largest loser of all without its flag. With the largest losses of all a
// flagged economy's, the note names the largest among the unflagged and
// lists the flagged ones above it apart (JSON: largest_unflagged_bystander_
// loss, data_flag on the largest loss); the non-players' table marks them.
// When the unflagged largest is the 50 largest economies' own, the note
// says only flagged economies lose more; without a major economy out of
// the game the summary headlines the unflagged loss.
func TestNashFlaggedLossesApart(t *testing.T) {
	const n = 60
	b := &model.Baseline{N: n, GDP: make([]float64, n)}
	out := &model.Result{Countries: make([]model.CountryResult, n)}
	for j := range n {
		b.GDP[j] = float64(1000 - j)
		out.Countries[j] = model.CountryResult{Code: fmt.Sprintf("C%02d", j), Welfare: 0.99}
	}
	out.Countries[12].Welfare = 0.96 // the largest economies' largest loss
	out.Countries[55].Welfare = 0.70 // flagged
	out.Countries[56].Welfare = 0.90 // flagged
	out.Countries[57].Welfare = 0.95 // unflagged, the largest of those
	flags := []data.QualityFlag{{Code: "C55", BalancePctGDP: -2397}, {Code: "C56", BalancePctGDP: -302}, {Code: "C58", BalancePctGDP: 70}}
	doc := func(players []nashPlayer, codes ...string) *nashDoc {
		d := &nashDoc{Converged: true, Players: codes, TariffsPct: map[string]float64{}, WelfarePct: map[string]float64{}, DataFlags: flags}
		for _, c := range codes {
			d.TariffsPct[c] = 25
		}
		for _, c := range out.Countries {
			d.WelfarePct[c.Code] = pct(c.Welfare)
		}
		d.bystanders(b, out, players, func(int) bool { return false })
		return d
	}
	text := func(d *nashDoc) string {
		var buf strings.Builder
		if err := d.write(&buf, report.Text, &data.Dataset{}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	d := doc([]nashPlayer{{name: "C01", countries: []int{1}}}, "C01")
	if l, u := d.LargestBystanderLoss, d.LargestUnflaggedBystanderLoss; l == nil || l.Code != "C55" || !l.DataFlag || u == nil || u.Code != "C57" || u.DataFlag {
		t.Fatalf("largest %+v, unflagged %+v", l, u)
	}
	s := text(d)
	for _, w := range []struct {
		s    string
		want bool
	}{
		{"C12's by -4.000% (the largest loss among those of the 50 largest economies that do not play; C57's, -5.000%, is the largest of all those the data do not flag: the data-flagged C55 (-30.000%) and C56 (-10.000%) lose more, but their balances lie beyond ±60% of GDP and their results are unreliable)", true},
		{"is the largest of all)", false},
		{"data_flag: the economy's balance in the data lies beyond ±60% of its GDP", true},
	} {
		if strings.Contains(s, w.s) != w.want {
			t.Errorf("text has %q: %v, want %v:\n%s", w.s, !w.want, w.want, s)
		}
	}
	if !regexp.MustCompile(`\nC55 +-30\.000 +balance -2397% of GDP\n`).MatchString(s) || !regexp.MustCompile(`\nC57 +-5\.000 *\n`).MatchString(s) {
		t.Errorf("C55's and C57's rows:\n%s", s)
	}
	// C57 loses less than C12: the largest unflagged loss is the largest
	// economies' own, and only flagged economies lose more.
	out.Countries[57].Welfare = 0.97
	d = doc([]nashPlayer{{name: "C01", countries: []int{1}}}, "C01")
	if s := text(d); !strings.Contains(s, "C12's by -4.000% (the largest loss among those of the 50 largest economies that do not play; only the data-flagged C55 (-30.000%) and C56 (-10.000%) lose more") {
		t.Errorf("the unflagged largest is a major economy's:\n%s", s)
	}
	out.Countries[57].Welfare = 0.95
	// Every one of the 50 largest plays: the summary and the note read the
	// unflagged largest loss, not C55's.
	var all []nashPlayer
	var codes []string
	for j := range 50 {
		all = append(all, nashPlayer{name: fmt.Sprintf("C%02d", j), countries: []int{j}})
		codes = append(codes, fmt.Sprintf("C%02d", j))
	}
	d = doc(all, codes...)
	s = text(d)
	if d.LargestMajorBystanderLoss != nil || !strings.Contains(s, "largest non-player loss among economies the data do not flag: C57 (%)") ||
		!strings.Contains(s, "C57's by -5.000% (the largest loss among those the data do not flag: the data-flagged C55 (-30.000%) and C56 (-10.000%) lose more") {
		t.Errorf("no major economy out:\n%s", s)
	}
	js, _ := json.Marshal(d)
	var back struct {
		L *countryChange `json:"largest_bystander_loss"`
		U *countryChange `json:"largest_unflagged_bystander_loss"`
	}
	if err := json.Unmarshal(js, &back); err != nil || back.L == nil || back.L.Code != "C55" || !back.L.DataFlag || back.U == nil || back.U.Code != "C57" || back.U.DataFlag {
		t.Errorf("JSON: %s", js)
	}
}

// TestNashThreePlayersNotes: world-2023's war among the USA, China and the
// EU27 (purged): the note on the non-players' losses names North Macedonia's
// as the largest the data do not flag (Gambia's, -5.84% until world-2023
// version 5, rested on Kazakhstan's mis-coded Georgia flows) and the Marshall Islands' and Liberia's
// apart (it called the Marshall Islands, a ship registry, "the largest of
// all"); the table marks them; a note explains the EU27 members' spread
// (MLT −0.43% to NLD +1.33%) by where the union's imports are declared; a
// note says the rates replace the players' tariffs, the US's premium on
// China among them. No player is small, so no small-economy note.
func TestNashThreePlayersNotes(t *testing.T) {
	if testing.Short() {
		t.Skip("solves the embedded world")
	}
	out, err := runCLI(t, "nash", "--countries", "USA,CHN,EU27", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		s    string
		want bool
	}{
		{"HKG's by -4.247% (the largest loss among those of the 50 largest economies that do not play; MKD's, -5.447%, is the largest of all those the data do not flag: the data-flagged MHL (-22.809%) and LBR (-6.807%) lose more, but their balances lie beyond ±60% of GDP and their results are unreliable)", true},
		{"MHL's, -22.809%, is the largest of all", false},
		{"\nMHL   Marshall Islands                   -22.809  balance -2420% of GDP\n", true},
		{"EU27's members range from MLT -0.43% to NLD +1.33% (the highest: NLD, SVN, CZE, BGR). The model books a member's imports from outside the union", true},
		{"(the Rotterdam effect): tariff revenue here is 4.67% of NLD's GDP and 5.76% of SVN's GDP against 1.87% of the union's", true},
		{"In EU law a member keeps a quarter of the customs duties it collects and 75% go to the EU budget", true},
		{"Each player's rate is its whole tariff: it replaces the player's tariffs of the scenario and the differences between partners they carry (docs/nash.md), the largest: USA's tariff on CHN, 10.36 pp above its average of 2.55%: the dataset's US tariffs carry the pre-2025 Section 232 and 301 duties", true},
		{"Small players' rates", false},
	} {
		if strings.Contains(out, w.s) != w.want {
			t.Errorf("text has %q: %v, want %v", w.s, !w.want, w.want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
	js, err := runCLI(t, "nash", "--countries", "USA,CHN,EU27", "--quiet", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Largest, Unflagged *countryChange
		DataFlags          []data.QualityFlag `json:"data_flags"`
		Notes              []string           `json:"notes"`
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(js), &raw); err != nil {
		t.Fatal(err)
	}
	for key, v := range map[string]any{"largest_bystander_loss": &d.Largest, "largest_unflagged_bystander_loss": &d.Unflagged, "data_flags": &d.DataFlags, "notes": &d.Notes} {
		if err := json.Unmarshal(raw[key], v); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
	}
	if d.Largest == nil || d.Largest.Code != "MHL" || !d.Largest.DataFlag || d.Unflagged == nil || d.Unflagged.Code != "MKD" || len(d.DataFlags) != 8 ||
		!strings.Contains(strings.Join(d.Notes, "\n"), "Rotterdam") {
		t.Errorf("JSON: largest %+v, unflagged %+v, %d flags, notes %q", d.Largest, d.Unflagged, len(d.DataFlags), d.Notes)
	}
}

// TestSmallPlayerNote: once per war, a small player's rate near 1/θ —
// above a large player's — is explained by the market power the Armington
// model gives every country over its own variety (world-2023, every
// economy: Mali 26.31% above the USA's 26.03%); the player named is the
// small one with the highest rate; none when no player is small.
func TestSmallPlayerNote(t *testing.T) {
	b := &model.Baseline{N: 4, GDP: []float64{1000, 800, 5, 3}, Imp: []float64{300, 250, 1, 2}}
	players := []nashPlayer{{name: "USA", countries: []int{0}}, {name: "EU27", countries: []int{1}}, {name: "MLI", countries: []int{2}}, {name: "SEN", countries: []int{3}}}
	n := smallPlayerNote(b, players, []float64{0.2603, 0.2564, 0.2631, 0.2602}, []float64{4})
	if !strings.Contains(n, "Small players' rates are not near zero: MLI, which buys 0.18% of world imports, sets 26.31%, above USA's 26.03%.") ||
		!strings.Contains(n, "every country has market power over its own variety") || !strings.Contains(n, "tends to 1/θ = 25% at θ = 4") ||
		strings.Count(n, "Armington") != 1 {
		t.Errorf("note %q", n)
	}
	if n := smallPlayerNote(b, players[:2], []float64{0.26, 0.25}, []float64{4}); n != "" {
		t.Errorf("no small player: %q", n)
	}
	if n := smallPlayerNote(b, players, []float64{0.2603, 0.2564, 0.2531, 0.2502}, []float64{4, 8}); !strings.Contains(n, "sets 25.31%, against USA's 26.03%") ||
		!strings.Contains(n, "1/θ in each sector") {
		t.Errorf("below, θ per sector: %q", n)
	}
}

// TestUnionRangeNote: the note on a customs union's members' spread is
// given when the members on top collect the most tariff revenue for their
// size (world-2023's three-player war: the Netherlands 4.67% of GDP and
// Slovenia 5.76% against the union's 1.87%), and not when the revenue
// does not follow the spread (every economy playing: Luxembourg, on top,
// 0.60% against 1.38%) or the spread is narrow.
func TestUnionRangeNote(t *testing.T) {
	world := func(welfare, revenue []float64) *model.Result {
		out := &model.Result{}
		for j := range welfare {
			out.Countries = append(out.Countries, model.CountryResult{Code: fmt.Sprintf("M%d", j), Welfare: welfare[j], RevenueAfter: revenue[j], GDPAfter: 100})
		}
		return out
	}
	members := []int{0, 1, 2, 3, 4, 5, 6, 7}
	ports := world([]float64{1.0134, 1.0125, 1.0067, 1.0062, 0.9990, 0.9980, 0.9970, 0.9957}, []float64{4.67, 5.77, 2.91, 2.71, 1.0, 1.0, 1.0, 1.0})
	n := unionRangeNote("EU27", members, ports)
	for _, w := range []string{"EU27's members range from M7 -0.43% to M0 +1.34% (the highest: M0, M1, M2, M3).", "the Rotterdam effect",
		"tariff revenue here is 4.67% of M0's GDP and 5.77% of M1's GDP against 2.51% of the union's", "75% go to the EU budget"} {
		if !strings.Contains(n, w) {
			t.Errorf("ports: note lacks %q:\n%s", w, n)
		}
	}
	if n := unionRangeNote("EU27", members, world([]float64{0.9953, 0.99, 0.985, 0.98, 0.975, 0.9740, 0.9735, 0.9733}, []float64{0.6, 1.24, 1.3, 1.4, 1.5, 1.6, 1.4, 1.4})); n != "" {
		t.Errorf("revenue not on top: %q", n)
	}
	if n := unionRangeNote("EU27", members, world([]float64{1.001, 1.0009, 1.0008, 1.0007, 1.0006, 1.0005, 1.0004, 1.0003}, []float64{5, 5, 5, 5, 1, 1, 1, 1})); n != "" {
		t.Errorf("narrow range: %q", n)
	}
}
