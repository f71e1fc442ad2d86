package main

import (
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenCSV is golden for numeric CSV: numbers must agree to 1e-8
// (relative), the solver's accuracy, not to the last printed digit, so that
// harmless reorderings of floating-point sums do not break it.
func goldenCSV(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/tradebloc -run %s -update)", err, t.Name())
	}
	gl, wl := strings.Split(strings.TrimSpace(got), "\n"), strings.Split(strings.TrimSpace(string(want)), "\n")
	if len(gl) != len(wl) {
		t.Fatalf("%s: %d lines, golden has %d", path, len(gl), len(wl))
	}
	for i := range gl {
		gc, wc := strings.Split(gl[i], ","), strings.Split(wl[i], ",")
		if len(gc) != len(wc) {
			t.Fatalf("%s:%d: %d fields, golden has %d", path, i+1, len(gc), len(wc))
		}
		for k := range gc {
			if gc[k] == wc[k] {
				continue
			}
			g, err1 := strconv.ParseFloat(gc[k], 64)
			w, err2 := strconv.ParseFloat(wc[k], 64)
			if err1 != nil || err2 != nil || math.Abs(g-w) > 1e-8*math.Max(1, math.Abs(w)) {
				t.Errorf("%s:%d field %d: got %s, golden %s", path, i+1, k+1, gc[k], wc[k])
			}
		}
	}
}

var solveContractKeys = []string{"code", "welfare_pct", "real_wage_pct", "wage_pct", "price_index_pct", "employment_pct",
	"exports_pct", "imports_pct", "exports_gdp_pct", "imports_gdp_pct", "trade_balance_before", "trade_balance_after",
	"tariff_revenue_before", "tariff_revenue_after"}

func TestSolveJSONContract(t *testing.T) {
	out, err := runCLI(t, "solve", "liberation-day", "--format", "json", "--bilateral")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scenario", "converged", "iterations", "max_residual", "solve_seconds", "countries", "bilateral", "provenance"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	if doc["converged"] != true || doc["max_residual"].(float64) > 1e-10 {
		t.Errorf("converged %v residual %v", doc["converged"], doc["max_residual"])
	}
	countries := doc["countries"].([]any)
	if len(countries) != 195 {
		t.Fatalf("%d countries", len(countries))
	}
	for _, c := range countries {
		for _, k := range solveContractKeys {
			if _, ok := c.(map[string]any)[k]; !ok {
				t.Fatalf("country %v lacks %q", c.(map[string]any)["code"], k)
			}
		}
	}
	bil := doc["bilateral"].([]any)
	for _, k := range []string{"exporter", "importer", "sector", "before", "after", "change_pct"} {
		if _, ok := bil[0].(map[string]any)[k]; !ok {
			t.Errorf("bilateral lacks %q", k)
		}
	}
	prov := doc["provenance"].(map[string]any)
	if prov["dataset"] != "world-2023" || len(prov["dataset_hash"].(string)) != 16 {
		t.Errorf("provenance %v", prov)
	}
}

// TestSolveGolden pins the per-country results of the built-in scenarios
// (CSV has no timings, so it is deterministic).
func TestSolveGolden(t *testing.T) {
	for _, name := range []string{"liberation-day", "liberation-day-retaliation", "section-122"} {
		out, err := runCLI(t, "solve", name, "--format", "csv")
		if err != nil {
			t.Fatal(err)
		}
		goldenCSV(t, "solve-"+name+".golden.csv", out)
	}
}

func TestSolveTextSummary(t *testing.T) {
	out, err := runCLI(t, "solve", "liberation-day")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"United States: real income", "China: real income", "Top 5 winners", "balance with USA"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q", want)
		}
	}
}

func TestSolveExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	emptyData := filepath.Join(dir, "empty")
	if err := os.Mkdir(emptyData, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string // in the message
	}{
		{"malformed", []string{"solve", write("bad.yaml", "name: x\nshocks: [\n")}, 2, "bad.yaml:"},
		{"unknown country", []string{"solve", write("xxx.yaml", "name: x\nshocks:\n  - tariff: {importer: USA, exporter: XXX, rate: 0.1}\n")}, 2, "xxx.yaml:3"},
		{"negative theta", []string{"solve", write("theta.yaml", "name: x\nmodel:\n  trade_elasticity: -4\n")}, 2, "theta.yaml:3"},
		{"tariff -100%", []string{"solve", write("t.yaml", "name: x\nshocks:\n  - tariff: {importer: USA, exporter: CHN, rate: -1}\n")}, 2, "t.yaml:3"},
		{"percent written as a decimal", []string{"solve", write("pct.yaml", "name: x\nshocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 25}\n")}, 2, `pct.yaml:3:50: field "shocks[0].tariff.rate": rate 25 means 2500%`},
		{"empty dataset", []string{"solve", "liberation-day", "--data", emptyData}, 2, "countries.csv"},
		{"missing file", []string{"solve", filepath.Join(dir, "nope.yaml")}, 2, "nope.yaml"},
		{"not converged", []string{"solve", "liberation-day", "--max-iterations", "2"}, 1, "did not converge"},
		{"bad format", []string{"solve", "liberation-day", "--format", "xml"}, 2, "format"},
	}
	for _, tt := range tests {
		_, err := runCLI(t, tt.args...)
		if got := errs.ExitCode(err); got != tt.code || err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: exit %d (%v), want %d and a message with %q", tt.name, got, err, tt.code, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	out, err := runCLI(t, "compare", "liberation-day", "liberation-day-retaliation", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Countries []struct {
			Code string  `json:"code"`
			A    float64 `json:"welfare_pct_a"`
			B    float64 `json:"welfare_pct_b"`
			Diff float64 `json:"welfare_pct_diff"`
			Flag string  `json:"data_quality_flag"`
		} `json:"countries"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Countries {
		// The Marshall Islands' goods deficit of 2,400% of GDP (ship
		// registrations) is flagged, as in benchmark; the US is not.
		if (c.Code == "MHL") != (c.Flag != "") && (c.Code == "MHL" || c.Code == "USA") {
			t.Errorf("%s: data flag %q", c.Code, c.Flag)
		}
		if c.Code == "USA" && !(c.B < c.A) {
			t.Errorf("retaliation should cost the US: A %g, B %g", c.A, c.B)
		}
		if c.Diff != c.B-c.A {
			t.Errorf("%s: diff %g ≠ B − A", c.Code, c.Diff)
		}
	}
}

// TestSolveFailureKeepsReason: a scenario the model cannot solve (a tariff
// so high that expenditure turns negative) exits 1 and still prints its
// document, with converged false and the reason, in every format; the
// non-finite numbers of JSON are null, not an encoding error.
func TestSolveFailureKeepsReason(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absurd.yaml")
	if err := os.WriteFile(path, []byte("name: absurd\nshocks:\n  - tariff: {importer: USA, exporter: \"*\", rate_pct: 1e302}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"json", "csv", "table", "md"} {
		out, err := runCLI(t, "solve", path, "--format", f)
		if errs.ExitCode(err) != 1 || !strings.Contains(err.Error(), "did not converge") {
			t.Errorf("%s: exit %d (%v), want 1 and the reason", f, errs.ExitCode(err), err)
		}
		reason := strings.TrimPrefix(err.Error(), "the model did not converge: ")
		if !strings.Contains(out, reason) && !strings.Contains(out, strings.ReplaceAll(reason, `"`, `""`)) {
			t.Errorf("%s: output lacks the reason %q:\n%.400s", f, reason, out)
		}
		if f != "json" {
			continue
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("json: %v:\n%.300s", err, out)
		}
		if doc["converged"] != false || doc["reason"] == "" || doc["max_residual"] != nil {
			t.Errorf("json: converged %v reason %v max_residual %v, want false, the reason and null", doc["converged"], doc["reason"], doc["max_residual"])
		}
	}
}

// TestSolveNoShocksSaysSo: a scenario without shocks (the coalition game's,
// which only `coalition` and `simulate` play) solves to the baseline, and
// the result says so rather than list "gains" of +0.00%; a scenario with
// shocks has no such note. The description's own question mark is not
// followed by a full stop.
func TestSolveNoShocksSaysSo(t *testing.T) {
	for _, c := range []struct {
		scenario string
		none     bool
	}{{"coalition-of-the-compelled", true}, {"liberation-day", false}} {
		out, err := runCLI(t, "solve", c.scenario)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(out, "the scenario has no shocks, so every result is the baseline"); got != c.none {
			t.Errorf("%s: no-shocks note %v, want %v", c.scenario, got, c.none)
		}
		if got := strings.Contains(out, "the scenario moves nothing") && !strings.Contains(out, "gains or is unchanged"); got != c.none {
			t.Errorf("%s: 'moves nothing' instead of winners %v, want %v", c.scenario, got, c.none)
		}
		if strings.Contains(out, "?.") {
			t.Errorf("%s: a question mark followed by a full stop", c.scenario)
		}
	}
}

// TestBandsBracketTheScenarioTheta: a scenario that sets its own trade
// elasticity is banded around it (θ × 0.75 and × 1.25), so the central
// result lies inside its band. Banded over the default θ ∈ {3, 5}, the US's
// −0.12% at θ = 8 sat outside its band of +0.09% to +0.34%.
func TestBandsBracketTheScenarioTheta(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ld8.yaml")
	if err := os.WriteFile(path, []byte("name: ld8\nmodel: {trade_elasticity: 8}\nshocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "solve", path, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Countries []struct {
			Code    string  `json:"code"`
			Welfare float64 `json:"welfare_pct"`
		} `json:"countries"`
		Bands struct {
			Over      string                                   `json:"over"`
			Countries map[string]map[string]map[string]float64 `json:"countries"`
		} `json:"bands"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Bands.Over != "θ ∈ {6, 10}" {
		t.Errorf("bands over %q, want θ ∈ {6, 10}", doc.Bands.Over)
	}
	for _, c := range doc.Countries {
		if c.Code != "USA" && c.Code != "CHN" {
			continue
		}
		b := doc.Bands.Countries[c.Code]["welfare_pct"]
		if !(b["min"] <= c.Welfare && c.Welfare <= b["max"]) {
			t.Errorf("%s: central %.3f%% outside its band %.3f to %.3f", c.Code, c.Welfare, b["min"], b["max"])
		}
	}
}

// TestSolveBandsContainTheCentralResult: every band solve reports contains
// the central result it is printed beside. Welfare is not monotone in θ:
// over θ ∈ {3, 5} alone, under liberation-day-retaliation 30 economies' real
// income lay outside its band (Ireland −2.032% against −2.038% to −2.035%).
func TestSolveBandsContainTheCentralResult(t *testing.T) {
	out, err := runCLI(t, "solve", "liberation-day-retaliation", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Countries []map[string]any `json:"countries"`
		Bands     struct {
			CentralIncluded bool                                     `json:"central_included"`
			CentralPoint    string                                   `json:"central_point"`
			Countries       map[string]map[string]map[string]float64 `json:"countries"`
		} `json:"bands"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Bands.CentralIncluded || doc.Bands.CentralPoint != "θ = 4" {
		t.Errorf("bands: central_included %v, central_point %q", doc.Bands.CentralIncluded, doc.Bands.CentralPoint)
	}
	outside := 0
	for _, c := range doc.Countries {
		code := c["code"].(string)
		for name, b := range doc.Bands.Countries[code] {
			v, ok := c[name].(float64)
			if ok && !(b["min"] <= v && v <= b["max"]) {
				outside++
				if outside <= 5 {
					t.Errorf("%s %s: central %.4f outside its band %.4f to %.4f", code, name, v, b["min"], b["max"])
				}
			}
		}
	}
	if outside > 0 {
		t.Errorf("%d results outside their band", outside)
	}
}

// TestSolveWithoutDefaultLeader: on a dataset of its own without USA (the
// example's three made-up economies) and no --leader, solve reports no
// leader — no "surplus with USA $0 bn" line, no leader balance in JSON or
// CSV — and benchmark asks for --leader instead of refusing a flag the user
// never set. Named with --leader, the balances are back.
func TestSolveWithoutDefaultLeader(t *testing.T) {
	dir := copyExample(t)
	sc := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(sc, []byte("name: toy\nshocks:\n  - tariff: {importer: AAA, exporter: \"*\", rate: 0.2}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := runCLI(t, "solve", sc, "--data", dir, "--no-bands")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "USA") || !strings.Contains(text, "Alphaland: real income") {
		t.Errorf("text names USA or lacks the headline:\n%s", text)
	}
	js, err := runCLI(t, "solve", sc, "--data", dir, "--no-bands", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js, `"leader"`) || strings.Contains(js, "bilateral_balance_with_leader") {
		t.Errorf("JSON carries a leader: %s", js)
	}
	csv, err := runCLI(t, "solve", sc, "--data", dir, "--no-bands", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	// The two leader balances are empty (baseline_tariff_fallback, added
	// after them, is not: the toy dataset has no fallback, so false).
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 4 || !strings.HasSuffix(lines[1], ",,,false") ||
		!strings.HasSuffix(lines[0], ",bilateral_balance_with_leader_before,bilateral_balance_with_leader_after,baseline_tariff_fallback") {
		t.Errorf("CSV rows should end in two empty leader balances and baseline_tariff_fallback false:\n%s", csv)
	}
	js, err = runCLI(t, "solve", sc, "--data", dir, "--no-bands", "--format", "json", "--leader", "AAA")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Leader    string
		Countries []struct {
			Code   string
			Before *float64 `json:"bilateral_balance_with_leader_before"`
		}
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Countries {
		// CCC exports 90 to AAA and imports 80 from it (testdata/example).
		if c.Code == "CCC" && (c.Before == nil || *c.Before != 10) {
			t.Errorf("--leader AAA: CCC's balance with AAA %v, want 10", c.Before)
		}
	}
	if doc.Leader != "AAA" {
		t.Errorf("leader %q", doc.Leader)
	}
	for _, args := range [][]string{{"benchmark", sc, "--data", dir}, {"benchmark", "paths", "BBB", "--data", dir}} {
		_, err := runCLI(t, args...)
		if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), `"--leader"`) || !strings.Contains(err.Error(), "has no USA, the default leader") ||
			!strings.Contains(err.Error(), "largest economy is AAA") {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// TestSolveBadSolverFlags: a tolerance that can never be met (NaN, 0, < 0,
// Inf), one too loose to mean anything (1e300) and a negative iteration
// cap are refused at once with exit 2 naming the flag, not after 2000
// iterations with exit 1. NaN and Inf are not decimal numbers: the flag
// parser refuses them (its message names the flag).
func TestSolveBadSolverFlags(t *testing.T) {
	for _, tc := range []struct{ flag, value, msg string }{
		{"--tolerance", "NaN", `invalid argument "NaN" for "--tolerance" flag: want a decimal number`},
		{"--tolerance", "0", "got 0"},
		{"--tolerance", "-1e-9", "want a finite tolerance > 0"},
		{"--tolerance", "Inf", `invalid argument "Inf" for "--tolerance" flag: want a decimal number`},
		{"--tolerance", "1e300", "want a finite tolerance > 0 and at most 1e-06"},
		{"--max-iterations", "-1", "0 = the default"},
	} {
		_, err := runCLI(t, "solve", "liberation-day", "--no-bands", tc.flag, tc.value)
		var e *errs.Error
		if errs.ExitCode(err) != 2 || !errors.As(err, &e) || (e.Field != tc.flag && !strings.Contains(err.Error(), `"`+tc.flag+`" flag`)) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s %s: exit %d, %v", tc.flag, tc.value, errs.ExitCode(err), err)
		}
	}
}

// TestSolveGoodsTradeOnICIO: on icio-2022, whose flows include untaxed
// services, the US headline gives its goods imports and exports beside the
// totals (JSON goods_imports_pct, goods_exports_pct): under liberation-day
// imports fall 19.4% in all but 42.4% in goods, as services imports rise.
// A goods-only world has no such fields.
func TestSolveGoodsTradeOnICIO(t *testing.T) {
	usa := solveICIO(t, "liberation-day")["USA"]
	gi, ok1 := usa["goods_imports_pct"].(float64)
	ge, ok2 := usa["goods_exports_pct"].(float64)
	if !ok1 || !ok2 || math.Abs(gi-(-42.4)) > 0.5 || math.Abs(ge-(-30.4)) > 0.5 {
		t.Errorf("USA goods imports %v%%, exports %v%%: want about -42.4%% and -30.4%%", usa["goods_imports_pct"], usa["goods_exports_pct"])
	}
	if im := usa["imports_pct"].(float64); !(gi < im) {
		t.Errorf("goods imports %.1f%% should fall more than all imports %.1f%% (services rise)", gi, im)
	}
	out, err := runCLI(t, "solve", "liberation-day", "--data", "icio-2022", "--no-bands")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`imports -19\.\d% \(goods -42\.\d%\), exports -26\.\d% \(goods -30\.\d%\);`).MatchString(out) ||
		!strings.Contains(out, "services pay none, yet their imports change by +32.") {
		t.Errorf("headline without the goods split:\n%.1500s", out)
	}
	js, err := runCLI(t, "solve", "liberation-day", "--no-bands", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js, "goods_imports_pct") {
		t.Error("world-2023 (goods only) has goods_imports_pct")
	}
}
