package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// runTariffsCLI runs the root command with args and returns stdout. Every
// root builds fresh commands (register takes constructors), so no flag value
// leaks from one run into the next.
func runTariffsCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return runCLI(t, args...)
}

// TestTariffsReciprocalGolden compares the command's JSON with the golden
// files of internal/tariffs (rewrite them with
// go test ./internal/tariffs -run TestReciprocalGolden -update).
func TestTariffsReciprocalGolden(t *testing.T) {
	cases := []struct {
		golden string
		args   []string
	}{
		{"reciprocal.golden.json", nil},
		{"reciprocal_phi0.945.golden.json", []string{"--phi", "0.945"}},
	}
	for _, c := range cases {
		got, err := runTariffsCLI(t, append([]string{"tariffs", "reciprocal", "--format", "json"}, c.args...)...)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "internal", "tariffs", "testdata", c.golden))
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("tariffs reciprocal %v: output differs from %s", c.args, c.golden)
		}
	}
}

func TestTariffsReciprocalContract(t *testing.T) {
	got, err := runTariffsCLI(t, "tariffs", "reciprocal", "--format", "json", "--half=false", "--floor", "0")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Method   map[string]any   `json:"method"`
		Partners []map[string]any `json:"partners"`
	}
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"epsilon", "phi", "floor_pct", "rounding"} {
		if _, ok := doc.Method[k]; !ok {
			t.Errorf("method lacks %q", k)
		}
	}
	if doc.Method["floor_pct"] != 0.0 || doc.Method["half"] != false {
		t.Errorf("method block %v does not report the values used", doc.Method)
	}
	if len(doc.Partners) != 187 {
		t.Fatalf("%d partners, want 187", len(doc.Partners))
	}
	for _, p := range doc.Partners {
		for _, k := range []string{"code", "name", "us_imports", "us_exports", "deficit_over_imports_pct",
			"formula_rate_pct", "chart_rate_pct", "annex_rate_pct", "rate_2025_08_07_pct"} {
			if _, ok := p[k]; !ok {
				t.Errorf("%v lacks %q", p["code"], k)
			}
		}
		if p["code"] == "CHN" && p["formula_rate_pct"] != 68.0 {
			t.Errorf("CHN without halving: %v, want 68", p["formula_rate_pct"])
		}
		if p["code"] == "CAN" && (p["chart_rate_pct"] != nil || p["annex_rate_pct"] != nil) {
			t.Errorf("CAN published rates %v/%v, want null", p["chart_rate_pct"], p["annex_rate_pct"])
		}
	}
}

func TestTariffsInvalid(t *testing.T) {
	for _, args := range [][]string{
		{"tariffs", "reciprocal", "--epsilon", "0"},
		{"tariffs", "reciprocal", "--phi", "-0.25"},
		{"tariffs", "reciprocal", "--floor", "-1"},
		{"tariffs", "reciprocal", "--format", "xml"},
		{"tariffs", "reciprocal", "extra"},
		{"tariffs", "schedules", "no-such"},
		{"tariffs", "schedules", "a", "b"},
	} {
		_, err := runTariffsCLI(t, args...)
		if errs.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, errs.ExitCode(err), err)
		}
	}
}

func TestTariffsTableOutputs(t *testing.T) {
	out, err := runTariffsCLI(t, "tariffs", "reciprocal")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[3], "CHN ") {
		t.Errorf("first row %q, want China (largest US deficit)", lines[3])
	}
	if !strings.Contains(out, "reproduces 41 of 57 Annex I rates") || !strings.Contains(out, "formula 27 vs annex 26") {
		t.Error("table lacks the summary line or India's flag")
	}
	for _, args := range [][]string{
		{"tariffs", "timeline"}, {"tariffs", "timeline", "--format", "csv"}, {"tariffs", "timeline", "--format", "md"},
		{"tariffs", "timeline", "--format", "json"}, {"tariffs", "schedules"}, {"tariffs", "schedules", "--format", "json"},
		{"tariffs", "schedules", "liberation-day"}, {"tariffs", "schedules", "aug-2025", "--format", "json"},
		{"tariffs", "reciprocal", "--format", "md"}, {"tariffs", "reciprocal", "--format", "csv"},
	} {
		out, err := runTariffsCLI(t, args...)
		if err != nil || out == "" {
			t.Errorf("%v: %v (%d bytes)", args, err, len(out))
		}
	}
	out, _ = runTariffsCLI(t, "tariffs", "schedules", "liberation-day")
	if !strings.Contains(out, "\nCHN ") || !strings.Contains(strings.Join(strings.Fields(out), " "), "CHN China 54.0 additional") {
		t.Errorf("liberation-day lacks CHN 54:\n%s", out)
	}
	for _, code := range []string{"HKG Hong Kong", "MAC Macau"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), code+" 54.0 additional as CHN") {
			t.Errorf("liberation-day lacks %s at China's 54:\n%s", code, out)
		}
	}
	out, _ = runTariffsCLI(t, "tariffs", "schedules", "pause-2025-04", "--format", "json")
	if !strings.Contains(out, `"rate_pct": 145`) {
		t.Errorf("pause-2025-04 lacks CHN 145:\n%s", out)
	}
}

func TestTariffsOutFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	if _, err := runTariffsCLI(t, "tariffs", "reciprocal", "--format", "json", "--out", path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || !json.Valid(b) {
		t.Errorf("--out wrote invalid JSON: %v", err)
	}
}

// TestCodesShownWithNames: economies the world dataset lacks (Liechtenstein,
// Nauru, Tuvalu, Andorra, San Marino) are named, not shown as bare codes.
func TestCodesShownWithNames(t *testing.T) {
	out, err := runTariffsCLI(t, "tariffs", "schedules", "liberation-day")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"LIE       Liechtenstein", "NRU       Nauru"} {
		if !strings.Contains(out, want) {
			t.Errorf("schedule table lacks %q:\n%s", want, out)
		}
	}
	out, err = runCLI(t, "solve", "liberation-day")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Liechtenstein (LIE) not in dataset") {
		t.Errorf("solve notes do not name LIE:\n%.1500s", out)
	}
	for code, name := range map[string]string{"TUV": "Tuvalu", "AND": "Andorra", "SMR": "San Marino", "NRU": "Nauru", "LIE": "Liechtenstein"} {
		if got, ok := tariffs.Name(code); !ok || got != name {
			t.Errorf("tariffs.Name(%s) = %q, %v", code, got, ok)
		}
	}
}

func TestTariffsEffectiveJSON(t *testing.T) {
	out, err := runTariffsCLI(t, "tariffs", "effective", "--date", "2025-11-15", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Date        string `json:"date"`
		AnchorDate  string `json:"anchor_date"`
		OnTableDate bool   `json:"on_table_date"`
		Partners    []struct {
			Code          string             `json:"code"`
			Sector        string             `json:"sector"`
			ImportsUSDmn  *float64           `json:"imports_usd_mn"`
			AdditionalPct float64            `json:"additional_pct"`
			ByAuthority   map[string]float64 `json:"by_authority"`
		} `json:"partners"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Date != "2025-11-15" || !doc.OnTableDate || doc.Partners[0].Code != "ALL" || len(doc.Notes) == 0 {
		t.Fatalf("header %s %v, first row %s", doc.Date, doc.OnTableDate, doc.Partners[0].Code)
	}
	totals := map[string]float64{}
	for _, p := range doc.Partners {
		if len(p.ByAuthority) != 5 || p.ImportsUSDmn == nil {
			t.Fatalf("%s %s: by_authority %v, imports %v", p.Code, p.Sector, p.ByAuthority, p.ImportsUSDmn)
		}
		sum := 0.0
		for _, k := range []string{"s232", "ieepa_reciprocal", "ieepa_other", "s122", "s301"} {
			sum += p.ByAuthority[k]
		}
		if d := sum - p.AdditionalPct; d > 0.003 || d < -0.003 {
			t.Errorf("%s %s: authorities sum to %v, additional %v", p.Code, p.Sector, sum, p.AdditionalPct)
		}
		if p.Sector == "TOTAL" {
			totals[p.Code] = p.AdditionalPct
		}
	}
	// The compiled table: ALL_51 12.524, CHN 30.595 on 2025-11-15.
	if len(totals) != 52 || totals["ALL"] < 12.47 || totals["ALL"] > 12.58 || totals["CHN"] < 30.54 || totals["CHN"] > 30.65 {
		t.Errorf("%d TOTAL rows; ALL %v, CHN %v", len(totals), totals["ALL"], totals["CHN"])
	}
	if !strings.Contains(strings.Join(doc.Notes, " "), "CC BY-NC 4.0") {
		t.Error("notes lack the licence")
	}
}

func TestTariffsEffectiveFilters(t *testing.T) {
	out, err := runTariffsCLI(t, "tariffs", "effective", "--date", "2025-09-20", "--partner", "kor", "--sector", "c29", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) < 2 || !strings.HasPrefix(lines[1], "KOR,South Korea,C29,") {
		t.Errorf("KOR C29 csv:\n%s", out)
	}
	out, err = runTariffsCLI(t, "tariffs", "effective", "--date", "2026-11-27", "--partner", "DEU")
	if err != nil || !strings.Contains(out, "DEU is an EU member") || !strings.Contains(out, "S232-PHARMA-2026") {
		t.Errorf("DEU: %v\n%s", err, out)
	}
	out, err = runTariffsCLI(t, "tariffs", "effective", "--date", "2025-11-15", "--partner", "LIE", "--format", "json")
	if err != nil || !strings.Contains(out, `"imports_usd_mn": null`) || !strings.Contains(out, "LIE is not in the sectoral table") {
		t.Errorf("LIE: %v\n%.600s", err, out)
	}
	out, err = runTariffsCLI(t, "tariffs", "effective", "--date", "2026-07-24")
	if err != nil || !strings.Contains(out, "Each partner's TOTAL") || strings.Contains(out, " C29 ") {
		t.Errorf("default table: %v\n%.800s", err, out)
	}
	for _, args := range [][]string{
		{"--date", "2024-12-31"}, {"--date", "2025-02-30"}, {"--partner", "XXX"}, {"--sector", "C99"},
		{"--partner", "AGO", "--sector", "C21"}, {"--format", "xml"}, {"extra"},
	} {
		_, err := runTariffsCLI(t, append([]string{"tariffs", "effective"}, args...)...)
		if errs.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, errs.ExitCode(err), err)
		}
	}
}

func TestTariffsTimelineAsOf(t *testing.T) {
	status := func(asOf string) (map[string]string, []string) {
		out, err := runTariffsCLI(t, "tariffs", "timeline", "--as-of", asOf, "--format", "json")
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			AsOf    string `json:"as_of"`
			Actions []struct {
				ID, Status, Kind string
				DateEnd          string `json:"date_end"`
			} `json:"actions"`
			Notes []string `json:"notes"`
		}
		// 46 measures (with the gold-bullion exemption of 2025-09-08) +
		// 23 country actions (with the end of India's Russian-oil duty on
		// 2026-02-07) - 2 merged into a measure.
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.AsOf != asOf || len(doc.Actions) != 67 {
			t.Fatalf("as of %s: %v, %d actions", asOf, err, len(doc.Actions))
		}
		m := map[string]string{}
		for _, a := range doc.Actions {
			if a.ID != "" {
				m[a.ID] = a.Status
			}
		}
		return m, doc.Notes
	}
	before, _ := status("2026-07-23")
	after, notes := status("2026-07-24")
	if before["S122-2026-02"] != "in force" || after["S122-2026-02"] != "lapsed" ||
		before["S301-FORCEDLABOR-2026-07"] != "upcoming" || after["S301-FORCEDLABOR-2026-07"] != "in force" {
		t.Errorf("statuses: 07-23 %s/%s, 07-24 %s/%s", before["S122-2026-02"], before["S301-FORCEDLABOR-2026-07"],
			after["S122-2026-02"], after["S301-FORCEDLABOR-2026-07"])
	}
	if j := strings.Join(notes, " "); !strings.Contains(j, "S122-2026-02 (last day 2026-07-23)") || !strings.Contains(j, "S232-METALS-2026-06 after 2027-12-31") {
		t.Errorf("notes do not say what lapses when: %q", notes)
	}
	out, err := runTariffsCLI(t, "tariffs", "timeline")
	if err != nil || !strings.Contains(out, "as of "+tariffs.Today()) {
		t.Errorf("default as-of: %v\n%.300s", err, out)
	}
	if _, err := runTariffsCLI(t, "tariffs", "timeline", "--as-of", "July"); errs.ExitCode(err) != 2 {
		t.Errorf("--as-of July: %v, want exit 2", err)
	}
}

// TestTariffsReciprocalAugustNote: Canada and Mexico show 0 in the 7 August
// column, where they paid no reciprocal rate; the note names the fentanyl
// duties they paid instead, so the 0 is not read as duty-free.
func TestTariffsReciprocalAugustNote(t *testing.T) {
	out, err := runTariffsCLI(t, "tariffs", "reciprocal")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Canada's 35% and Mexico's 25% fentanyl/border duties on goods outside USMCA, which is why they show 0 here") {
		t.Errorf("the 7 Aug note does not explain CAN/MEX's 0:\n%s", out)
	}
}

// TestTariffsNamesFromDataset: the tariffs tables name a partner as the
// world dataset does, so that it reads as in solve or coalition ("Burma",
// "Russian Federation", not the US record's "Myanmar (Burma)", "Russia");
// an economy the dataset lacks keeps the record's name (Liechtenstein).
// The reciprocal JSON keeps the record's name in name and adds the
// dataset's as dataset_name.
func TestTariffsNamesFromDataset(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args  []string
		want  []string // rows (code, then the name) the table shows
		codes int      // at least this many rows checked against the dataset
	}{
		{[]string{"tariffs", "schedules", "liberation-day"}, []string{"MMR       Burma  ", "COD       Congo (Kinshasa)  ", "LIE       Liechtenstein  "}, 55},
		{[]string{"tariffs", "effective", "--date", "2025-11-15"}, []string{"RUS   Russian Federation  ", "SVK   Slovak Republic  "}, 45},
		{[]string{"tariffs", "reciprocal"}, []string{"MMR   Burma  ", "YEM   Republic of Yemen  ", "TLS   East Timor  "}, 150},
	} {
		t.Run(strings.Join(tc.args[1:], " "), func(t *testing.T) {
			out, err := runTariffsCLI(t, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, "\n"+w) {
					t.Errorf("table lacks %q", w)
				}
			}
			checked := 0
			for _, l := range strings.Split(out, "\n") {
				f := strings.Fields(l)
				if len(f) < 2 || len(f[0]) != 3 || strings.ToUpper(f[0]) != f[0] || !strings.HasPrefix(l, f[0]+"  ") {
					continue // not a table row (a note starting with a code)
				}
				i, ok := ds.Index(f[0])
				if !ok {
					continue
				}
				checked++
				if name := ds.Countries[i].Name; !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(l, f[0])), name+"  ") {
					t.Errorf("%s: row %q, want the dataset's name %q", f[0], l, name)
				}
			}
			if checked < tc.codes {
				t.Errorf("%d rows checked, want at least %d: the test reads the table wrong", checked, tc.codes)
			}
		})
	}

	out, err := runTariffsCLI(t, "tariffs", "reciprocal", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Partners []map[string]any `json:"partners"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string][2]any{}
	for _, p := range doc.Partners {
		got[p["code"].(string)] = [2]any{p["name"], p["dataset_name"]}
	}
	for code, want := range map[string][2]any{
		"MMR": {"Myanmar (Burma)", "Burma"},
		"CHN": {"China", "China"},
		"LIE": {"Liechtenstein", nil}, // not in the dataset: no dataset_name
	} {
		if got[code] != want {
			t.Errorf("%s: name, dataset_name = %v, want %v", code, got[code], want)
		}
	}
}

// TestTariffsIndiaDutyEnd: as of 2026-02-10 the timeline shows India's
// Russian-oil duty lapsed after 2026-02-06 and the action that ended it
// (2026-02-07, "took effect", ends "2025-08-27 IND"); the notes report the
// lapse with its instrument, and the sentence on the end of the IEEPA
// duties no longer counts India's duty among those still in force.
// tariffs effective on that date charges India no ieepa_other.
func TestTariffsIndiaDutyEnd(t *testing.T) {
	out, err := runTariffsCLI(t, "tariffs", "timeline", "--as-of", "2026-02-10", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Actions []struct {
			DateEffective string `json:"date_effective"`
			DateEnd       string `json:"date_end"`
			Status, Scope string
			Ends          string `json:"ends"`
		} `json:"actions"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range doc.Actions {
		if a.Scope == "IND" {
			got = append(got, strings.Join([]string{a.DateEffective, a.DateEnd, a.Status, a.Ends}, "|"))
		}
	}
	if want := []string{"2025-08-27|2026-02-06|lapsed|", "2026-02-07||took effect|2025-08-27 IND"}; !slices.Equal(got, want) {
		t.Errorf("India's actions %q, want %q", got, want)
	}
	notes := strings.Join(doc.Notes, " ")
	if !strings.Contains(notes, "IEEPA IND (EO 14329) (last day 2026-02-06)") || strings.Contains(notes, "Brazil, India)") {
		t.Errorf("notes do not report India's duty lapsed on its own: %q", doc.Notes)
	}
	out, err = runTariffsCLI(t, "tariffs", "effective", "--date", "2026-02-10", "--partner", "IND", "--sector", "TOTAL", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var eff struct {
		Partners []struct {
			AdditionalPct float64            `json:"additional_pct"`
			ByAuthority   map[string]float64 `json:"by_authority"`
		} `json:"partners"`
	}
	if err := json.Unmarshal([]byte(out), &eff); err != nil || len(eff.Partners) != 1 {
		t.Fatalf("%v: %s", err, out)
	}
	if p := eff.Partners[0]; p.ByAuthority["ieepa_other"] != 0 || p.ByAuthority["ieepa_reciprocal"] != 14.544 || p.AdditionalPct != 17.891 {
		t.Errorf("IND on 2026-02-10: %+v, want ieepa_other 0, reciprocal 14.544, total 17.891", p)
	}
}

// TestTariffsEUUNamed: the schedule and reciprocal tables list the EU under
// the record's code EUU, and their notes tie it to the EU27 that
// 'tariffs effective', the datasets and the coalition game use.
func TestTariffsEUUNamed(t *testing.T) {
	for _, args := range [][]string{{"tariffs", "schedules", "liberation-day"}, {"tariffs", "reciprocal"}} {
		out, err := runTariffsCLI(t, args...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "\nEUU ") || !strings.Contains(out, "the EU27 of 'tariffs effective'") {
			t.Errorf("%v: no EUU row or no note tying it to the EU27:\n%s", args, out)
		}
	}
}
