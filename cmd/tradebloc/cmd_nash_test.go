package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// nashWorld writes a dataset directory: three countries, one sector, no
// baseline tariffs, with HOM and FOR symmetric, and a scenario on it.
func nashWorld(t *testing.T, model string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"data/countries.csv": "code,name\nHOM,Home\nFOR,Foreign\nTHR,Third\n",
		"data/trade.csv":     "exporter,importer,value\nHOM,HOM,80\nHOM,FOR,15\nHOM,THR,5\nFOR,HOM,15\nFOR,FOR,80\nFOR,THR,5\nTHR,HOM,5\nTHR,FOR,5\nTHR,THR,60\n",
		"war.yaml":           "name: war\ndata: data\nmodel: {trade_elasticity: 4" + model + "}\n",
	}
	writeTree(t, dir, files)
	return filepath.Join(dir, "war.yaml")
}

// writeTree writes files (path relative to dir → contents), making the
// directories they need.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type nashJSON struct {
	Converged           bool                `json:"converged"`
	Iterations          int                 `json:"iterations"`
	TariffsPct          map[string]float64  `json:"tariffs_pct"`
	WelfarePct          map[string]float64  `json:"welfare_pct"`
	Players             []string            `json:"players"`
	AverageTariffPct    float64             `json:"average_tariff_pct"`
	BestResponseGapPct  *float64            `json:"best_response_gap_pct"`
	BestResponseGainPct *float64            `json:"best_response_gain_pct"`
	Solves              int                 `json:"solves"`
	Reason              string              `json:"reason"`
	Deficits            string              `json:"deficits"`
	PlayerMembers       map[string][]string `json:"player_members"`
	PlayerWelfarePct    map[string]float64  `json:"player_welfare_pct"`
	AverageWelfarePct   float64             `json:"average_welfare_pct"`
	Notes               []string            `json:"notes"`
}

func TestNashJSON(t *testing.T) {
	sc := nashWorld(t, "")
	out, err := runCLI(t, "nash", sc, "--format", "json", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	var d nashJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if !d.Converged || d.Iterations < 2 || len(d.Players) != 3 || len(d.TariffsPct) != 3 || len(d.WelfarePct) != 3 ||
		d.BestResponseGapPct == nil || *d.BestResponseGapPct > 0.01 || d.BestResponseGainPct == nil || d.Solves == 0 {
		t.Fatalf("document %s", out)
	}
	// HOM and FOR are symmetric, so their Nash tariffs are equal; every
	// rate is positive; the averages are the players' means.
	if h, f := d.TariffsPct["HOM"], d.TariffsPct["FOR"]; math.Abs(h-f) > 1e-4 || !(h > 0) || !(d.TariffsPct["THR"] > 0) {
		t.Errorf("tariffs %v", d.TariffsPct)
	}
	if m := (d.TariffsPct["HOM"] + d.TariffsPct["FOR"] + d.TariffsPct["THR"]) / 3; math.Abs(m-d.AverageTariffPct) > 1e-9 {
		t.Errorf("average %v, mean %v", d.AverageTariffPct, m)
	}
	// Two players: THR keeps its (zero) tariffs and is reported as passive.
	out, err = runCLI(t, "nash", sc, "--countries", "HOM,FOR", "--format", "json", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	d = nashJSON{}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Players) != 2 || len(d.TariffsPct) != 2 || len(d.WelfarePct) != 3 || !d.Converged {
		t.Errorf("two players: %s", out)
	}
	for _, f := range []string{"csv", "md", "table"} {
		out, err := runCLI(t, "nash", sc, "--countries", "HOM,FOR", "--format", f, "--quiet")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "HOM") || !strings.Contains(out, "THR") || (f == "csv" && !strings.Contains(out, "# table: others")) {
			t.Errorf("%s output:\n%s", f, out)
		}
	}
}

// TestNashEUPlaysAsOne: on the embedded world, without a scenario, the war
// is played with imbalances purged, and Germany named alone plays as the
// EU27 (one external tariff; welfare its 27 members' weighted by GDP);
// --top 3 ranks the EU27 by its members' GDP.
func TestNashEUPlaysAsOne(t *testing.T) {
	if testing.Short() {
		t.Skip("solves the embedded world")
	}
	out, err := runCLI(t, "nash", "--countries", "USA,CHN,DEU,JPN", "--format", "json", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	var d nashJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if !d.Converged || d.Deficits != "purge" || !slices.Equal(slices.Sorted(slices.Values(d.Players)), []string{"CHN", "EU27", "JPN", "USA"}) || len(d.PlayerMembers["EU27"]) != 27 {
		t.Fatalf("players %v (members %v), deficits %s, converged %v", d.Players, d.PlayerMembers, d.Deficits, d.Converged)
	}
	if !slices.ContainsFunc(d.Notes, func(n string) bool { return strings.HasPrefix(n, "DEU has no tariff of its own: it plays as EU27") }) {
		t.Errorf("no note on DEU playing as EU27: %v", d.Notes)
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	num, den := 0.0, 0.0
	for _, code := range d.PlayerMembers["EU27"] {
		i, _ := ds.Index(code)
		num += ds.Countries[i].GDP * d.WelfarePct[code]
		den += ds.Countries[i].GDP
	}
	// Weighted by the purged baseline's GDP, close to the data's.
	if w := d.PlayerWelfarePct["EU27"]; math.Abs(w-num/den) > 0.01*math.Abs(w)+1e-3 {
		t.Errorf("EU27 welfare %.4f%%, its members' GDP-weighted mean %.4f%%", w, num/den)
	}
	mean := 0.0
	for _, p := range d.Players {
		w, ok := d.PlayerWelfarePct[p]
		if !ok {
			w = d.WelfarePct[p]
		}
		mean += w / 4
	}
	if math.Abs(mean-d.AverageWelfarePct) > 1e-9 {
		t.Errorf("average welfare %v, the players' mean %v", d.AverageWelfarePct, mean)
	}
	out, err = runCLI(t, "nash", "--top", "3", "--format", "json", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	d = nashJSON{}
	if err := json.Unmarshal([]byte(out), &d); err != nil || !slices.Equal(slices.Sorted(slices.Values(d.Players)), []string{"CHN", "EU27", "USA"}) {
		t.Errorf("--top 3: players %v, %v", d.Players, err)
	}
}

// TestNashPlayersGroups: --countries takes the EU27 by its group name as
// one player of 27 members, alone, beside others, or with a member named
// too, after nash's country check became data.Dataset.CheckCountry's
// (which refuses a group where one country is wanted); a lower-case
// group name is refused with its upper-case spelling.
func TestNashPlayersGroups(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		countries []string
		players   []string // sorted; nil = refused
	}{
		{[]string{"EU27"}, []string{"EU27"}},
		{[]string{"USA", "EU27", "CHN"}, []string{"CHN", "EU27", "USA"}},
		{[]string{"EU27", "DEU"}, []string{"EU27"}},
		{[]string{" EU27"}, []string{"EU27"}},
		{[]string{"eu27"}, nil},
	} {
		t.Run(strings.Join(tc.countries, ","), func(t *testing.T) {
			players, _, err := nashPlayers(ds, nil, &nashOptions{countries: tc.countries})
			if tc.players == nil {
				if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), `"--countries"`) || !strings.Contains(err.Error(), "upper case: EU27") {
					t.Fatalf("err = %v, want exit 2 naming --countries and EU27", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range players {
				names = append(names, p.name)
				if p.name == "EU27" && len(p.countries) != 27 {
					t.Errorf("EU27 plays with %d members, want 27", len(p.countries))
				}
			}
			if slices.Sort(names); !slices.Equal(names, tc.players) {
				t.Errorf("players %v, want %v", names, tc.players)
			}
		})
	}
}

// TestNashExitCodes: bad usage is exit 2; a search that cannot settle in
// the rounds allowed prints its document with converged: false and exits 1.
func TestNashExitCodes(t *testing.T) {
	sc := nashWorld(t, ", deficits: purge")
	for _, args := range [][]string{
		{"nash", sc, "--top", "2", "--countries", "HOM"},
		{"nash", sc, "--countries", "XXX"},
		{"nash", sc, "--max-rate", "0"},
		{"nash", sc, "--start", "-1"},
		{"nash", sc, "--max-rounds", "0"},
		{"nash", sc, "extra"},
		{"nash", "--data", "icio-2022", "--countries", "ROW,USA"}, // an aggregate does not play
	} {
		if _, err := runCLI(t, append(args, "--quiet")...); errs.KindOf(err) != errs.Invalid {
			t.Errorf("%v: error %v, want a usage error (exit 2)", args, err)
		}
	}
	out, err := runCLI(t, "nash", sc, "--max-rounds", "1", "--no-verify", "--format", "json", "--quiet")
	if errs.KindOf(err) != errs.NotConverged {
		t.Fatalf("one round: error %v, want not converged (exit 1)", err)
	}
	var d nashJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Converged || d.Reason == "" || d.BestResponseGapPct != nil {
		t.Errorf("document %s", out)
	}
	out, err = runCLI(t, "nash", sc, "--top", "2", "--format", "json", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	d = nashJSON{}
	if err := json.Unmarshal([]byte(out), &d); err != nil || len(d.Players) != 2 || !d.Converged {
		t.Errorf("--top 2: %v %s", err, out)
	}
}

// TestRetaliationEverywhere: solve, compare and benchmark read a
// retaliation block the same way (engine.Prepare is their one path).
func TestRetaliationEverywhere(t *testing.T) {
	const name = "liberation-day-reciprocal-retaliation"
	out, err := runCLI(t, "solve", name, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var sol struct {
		Countries []struct {
			Code                   string  `json:"code"`
			WelfarePct             float64 `json:"welfare_pct"`
			BalanceWithLeaderAfter float64 `json:"bilateral_balance_with_leader_after"`
		} `json:"countries"`
	}
	if err := json.Unmarshal([]byte(out), &sol); err != nil {
		t.Fatal(err)
	}
	welfare, balance := map[string]float64{}, map[string]float64{}
	for _, c := range sol.Countries {
		welfare[c.Code], balance[c.Code] = c.WelfarePct, c.BalanceWithLeaderAfter
	}
	out, err = runCLI(t, "compare", "liberation-day", name, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var cmp struct {
		Countries []struct {
			Code        string  `json:"code"`
			WelfarePctA float64 `json:"welfare_pct_a"`
			WelfarePctB float64 `json:"welfare_pct_b"`
		} `json:"countries"`
	}
	if err := json.Unmarshal([]byte(out), &cmp); err != nil {
		t.Fatal(err)
	}
	for _, c := range cmp.Countries {
		if c.WelfarePctB != welfare[c.Code] {
			t.Errorf("compare: %s's welfare %v, solve %v", c.Code, c.WelfarePctB, welfare[c.Code])
		}
		if c.Code == "USA" && !(c.WelfarePctB < c.WelfarePctA) {
			t.Errorf("compare: the US should lose from retaliation: %v → %v", c.WelfarePctA, c.WelfarePctB)
		}
	}
	out, err = runCLI(t, "benchmark", name, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var bm struct {
		Countries []struct {
			Code  string  `json:"code"`
			After float64 `json:"bilateral_balance_with_leader_after"`
		} `json:"countries"`
	}
	if err := json.Unmarshal([]byte(out), &bm); err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, c := range bm.Countries {
		if c.Code == "CHN" {
			seen = true
			if math.Abs(c.After-balance["CHN"]) > 1e-6*math.Abs(balance["CHN"]) {
				t.Errorf("benchmark: China's balance with the US %v, solve %v", c.After, balance["CHN"])
			}
		}
	}
	if !seen || len(cmp.Countries) != len(sol.Countries) {
		t.Errorf("benchmark without China (%v) or compare with %d countries", seen, len(cmp.Countries))
	}
}

// TestNashNotesUnderFixedDeficits: with the imbalances kept, the document
// says what the transfers do (a rate above twice the median, deficit
// economies' gains) and names the economies the data flag marks. THR's
// imports are 95% of its GDP, a flagged balance.
func TestNashNotesUnderFixedDeficits(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"data/countries.csv": "code,name,gdp\nHOM,Home,100\nFOR,Foreign,100\nTHR,Third,40\n",
		"data/trade.csv":     "exporter,importer,value\nHOM,HOM,80\nHOM,FOR,15\nHOM,THR,20\nFOR,HOM,15\nFOR,FOR,80\nFOR,THR,18\nTHR,HOM,1\nTHR,FOR,1\nTHR,THR,40\n",
		"war.yaml":           "name: war\ndata: data\nmodel: {trade_elasticity: 4, deficits: fixed}\n",
	}
	writeTree(t, dir, files)
	out, err := runCLI(t, "nash", filepath.Join(dir, "war.yaml"), "--format", "json", "--quiet")
	if err != nil && errs.ExitCode(err) != 1 {
		t.Fatal(err)
	}
	var d struct {
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(d.Notes, "\n")
	if !strings.Contains(notes, "deficits: fixed") || !strings.Contains(notes, "Data flag:") || !strings.Contains(notes, "THR (-90% of GDP)") || strings.Contains(notes, "HOM (") ||
		!strings.Contains(notes, "rates above twice the median") || !strings.Contains(notes, ": THR ") {
		t.Errorf("notes:\n%s", notes)
	}
}

// TestTransferPattern: the sentence names rates above twice the players'
// median and, in a war that costs the players on average, the three largest
// gains of deficit economies; nothing when neither shows.
func TestTransferPattern(t *testing.T) {
	rates := map[string]float64{"AAA": 20, "BBB": 25, "CCC": 30, "USA": 186}
	welfare := map[string]float64{"AAA": -2, "BBB": -3, "CCC": 1, "USA": 1, "MHL": 37, "LBR": 29, "DJI": 25, "FJI": 14}
	deficit := map[string]bool{"USA": true, "MHL": true, "LBR": true, "DJI": true, "FJI": true}
	got := transferPattern(rates, welfare, deficit, -1)
	want := "What the transfers do here — rates above twice the median (27.5%): USA 186.0%; the largest gains in a war that costs the players on average are deficit economies': MHL +37.0%, LBR +29.0%, DJI +25.0%. Compare under model.deficits: purge (docs/nash.md, Closures)."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A war that pays the players on average says nothing of gains; no
	// outlying rate, no sentence.
	if got := transferPattern(map[string]float64{"AAA": 20, "BBB": 25, "CCC": 30}, welfare, deficit, 0.5); got != "" {
		t.Errorf("nothing to say, got %q", got)
	}
	if got := transferPattern(map[string]float64{"AAA": 20, "BBB": 25, "CCC": 30}, welfare, deficit, -1); !strings.Contains(got, "MHL +37.0%") || strings.Contains(got, "twice the median") {
		t.Errorf("gains only: %q", got)
	}
}
