package main

import (
	"cmp"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestLeaderRefused: every command with --leader refuses a code that is no
// country of the dataset (unknown, a group, an aggregate, or a member of
// ROW) as bad usage naming the flag, instead of printing zero balances with
// it; playbooks' --target and benchmark paths' PARTNER likewise, with the
// same message and hints (data.Dataset.CheckCountry), where they said only
// "unknown country" before; so do optimal-tariff's COUNTRY and nash's
// --countries (which also takes a group, EU27, as one player).
func TestLeaderRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
		flag string // the flag or argument named; "" = --leader
	}{
		{[]string{"solve", "liberation-day", "--no-bands", "--leader", "ZZZ"}, `unknown country "ZZZ"`, ""},
		{[]string{"solve", "liberation-day", "--no-bands", "--leader", "MAC", "--data", "icio-2022"}, "MAC is part of ROW in icio-2022", ""},
		{[]string{"solve", "liberation-day", "--no-bands", "--leader", "ROW", "--data", "icio-2022"}, "ROW stands for", ""},
		{[]string{"solve", "liberation-day", "--no-bands", "--leader", "usa"}, "upper case: USA", ""},
		{[]string{"compare", "liberation-day", "aug-2025", "--leader", "ZZZ"}, `unknown country "ZZZ"`, ""},
		{[]string{"compare", "liberation-day", "aug-2025", "--leader", "EU27"}, "EU27 is a group of 27 countries", ""},
		{[]string{"surplus", "--leader", "XXX"}, `unknown country "XXX"`, ""},
		{[]string{"surplus", "--leader", "KWT", "--data", "icio-2022"}, "KWT is part of ROW in icio-2022", ""},
		{[]string{"benchmark", "liberation-day", "--leader", "ROW", "--data", "icio-2022"}, "ROW stands for", ""},
		{[]string{"benchmark", "paths", "VNM", "--leader", "EU27"}, "EU27 is a group", ""},
		{[]string{"sweep", "liberation-day", "--leader", "ZZZ"}, `unknown country "ZZZ"`, ""},
		{[]string{"playbooks", "run", "cocom", "--leader", "usa"}, "upper case: USA", ""},
		{[]string{"playbooks", "run", "cocom", "--leader", "EU27"}, "EU27 is a group of 27 countries", ""},
		{[]string{"playbooks", "run", "cocom", "--target", "chn"}, "upper case: CHN", "--target"},
		{[]string{"playbooks", "run", "cocom", "--target", "KWT", "--data", "icio-2022"}, "KWT is part of ROW in icio-2022", "--target"},
		{[]string{"playbooks", "run", "cocom", "--target", "ROW", "--data", "icio-2022"}, "ROW stands for", "--target"},
		{[]string{"benchmark", "paths", "vnm"}, "upper case: VNM", "PARTNER"},
		{[]string{"benchmark", "paths", "KWT", "--data", "icio-2022"}, "KWT is part of ROW in icio-2022", "PARTNER"},
		// optimal-tariff's COUNTRY and nash's --countries, which said only
		// "unknown country" (and nash "is an aggregate of economies").
		// optimal-tariff refuses a group as before (it was "unknown"),
		// now saying it is one; an aggregate, which it took, is refused.
		{[]string{"optimal-tariff", "usa", "--quiet"}, "unknown country \"usa\" (not in dataset world-2023) (country codes are upper case: USA)", "COUNTRY"},
		{[]string{"optimal-tariff", "EU27", "--quiet"}, "EU27 is a group of 27 countries", "COUNTRY"},
		{[]string{"optimal-tariff", "ROW", "--data", "icio-2022", "--quiet"}, "ROW stands for", "COUNTRY"},
		{[]string{"optimal-tariff", "KWT", "--data", "icio-2022", "--quiet"}, "KWT is part of ROW in icio-2022", "COUNTRY"},
		{[]string{"nash", "--countries", "CHN,usa", "--quiet"}, "unknown country \"usa\" (not in dataset world-2023) (country codes are upper case: USA)", "--countries"},
		{[]string{"nash", "--countries", "eu27", "--quiet"}, "group names are upper case: EU27", "--countries"},
		{[]string{"nash", "--countries", "ROW,USA", "--data", "icio-2022", "--quiet"}, "ROW stands for", "--countries"},
		{[]string{"nash", "--countries", "KWT", "--data", "icio-2022", "--quiet"}, "KWT is part of ROW in icio-2022", "--countries"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			flag := cmp.Or(tc.flag, "--leader")
			_, err := runCLI(t, tc.args...)
			if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), strconv.Quote(flag)) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v (exit %d), want exit 2 naming %s and %q", err, errs.ExitCode(err), flag, tc.want)
			}
			if strings.HasPrefix(err.Error(), "scenario A") {
				t.Errorf("a bad --leader is blamed on scenario A: %v", err)
			}
		})
	}
}

// TestSectorsFlag: --sectors takes its list after a space or "=", and an
// empty list for the headline countries, as the docs and --help show; a
// member of ROW is named as one.
func TestSectorsFlag(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		tables  []string // countries whose sector table is printed
		wantErr string
	}{
		{args: []string{"--sectors", "USA"}, tables: []string{"USA"}},
		{args: []string{"--sectors", "USA,CHN"}, tables: []string{"USA", "CHN"}},
		{args: []string{"--sectors=DEU"}, tables: []string{"DEU"}},
		{args: []string{"--sectors", ""}, tables: []string{"USA", "CHN"}},
		{args: []string{"--sectors="}, tables: []string{"USA", "CHN"}},
		{args: []string{"--sectors=QAT"}, wantErr: "QAT is part of ROW in icio-2022"},
		{args: []string{"--sectors=EU27"}, wantErr: "EU27 is a group"},
		{args: []string{"--sectors"}, wantErr: "flag needs an argument: --sectors"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := append([]string{"solve", "liberation-day", "--data", "icio-2022", "--no-bands"}, tc.args...)
			out, err := runCLI(t, args...)
			if tc.wantErr != "" {
				if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--sectors") || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want exit 2 naming --sectors and %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(out, ") by sector"); n != len(tc.tables) {
				t.Errorf("%d sector tables, want %d", n, len(tc.tables))
			}
			for _, code := range tc.tables {
				if !strings.Contains(out, "("+code+") by sector") {
					t.Errorf("no sector table for %s", code)
				}
			}
		})
	}
}

// TestCompareContext: compare's text says what both results were solved on,
// carries each scenario's notes once (saying whose they are), and shows no
// balance of the leader with itself.
func TestCompareContext(t *testing.T) {
	for _, tc := range []struct {
		a, b    string
		want    []string
		notWant []string
	}{
		{"liberation-day", "aug-2025",
			[]string{"Both on world-2023 (goods trade), θ = 4, deficits fixed.",
				"Note (A only): schedule liberation-day: Falkland Islands (FLK) not in dataset",
				"Note (B only): schedule aug-2025: Nauru (NRU) not in dataset"},
			[]string{"Note (A and B)"}},
		{"liberation-day", "liberation-day",
			[]string{"Note (A and B): schedule liberation-day: Falkland Islands (FLK) not in dataset"},
			[]string{"Note (A only)", "Note (B only)"}},
	} {
		t.Run(tc.a+" vs "+tc.b, func(t *testing.T) {
			out, err := runCLI(t, "compare", tc.a, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q in:\n%s", w, out)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(out, w) {
					t.Errorf("unexpected %q", w)
				}
			}
			seen := map[string]bool{}
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "Note") && seen[line] {
					t.Errorf("note twice: %s", line)
				}
				seen[line] = true
				if f := strings.Fields(line); len(f) > 0 && f[0] == "USA" && !strings.Contains(line, "–") {
					t.Errorf("the leader's own row shows a balance with itself: %s", line)
				}
			}
		})
	}
}

// TestEffectiveTariffBaseWeights: on icio-2022 under in-kind retaliation,
// China's revenue over imports falls while its tariffs rise; the rate at
// baseline import weights says they rise, and equals the rate before for
// an economy whose tariffs the scenario leaves alone.
func TestEffectiveTariffBaseWeights(t *testing.T) {
	type country struct {
		Code      string
		Before    float64  `json:"effective_tariff_before_pct"`
		After     float64  `json:"effective_tariff_after_pct"`
		AfterBase *float64 `json:"effective_tariff_after_base_weights_pct"`
	}
	solved := map[string]map[string]country{}
	get := func(sc, code string) country {
		if solved[sc] == nil {
			out, err := runCLI(t, "solve", sc, "--data", "icio-2022", "--no-bands", "--format", "json")
			if err != nil {
				t.Fatal(err)
			}
			var doc struct{ Countries []country }
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			solved[sc] = map[string]country{}
			for _, c := range doc.Countries {
				if c.AfterBase == nil {
					t.Fatalf("%s %s: no effective_tariff_after_base_weights_pct", sc, c.Code)
				}
				solved[sc][c.Code] = c
			}
		}
		return solved[sc][code]
	}
	for _, tc := range []struct {
		scenario, code string
		rise           float64 // the base-weight rate exceeds the rate before by at least this (pp); 0: equals it
	}{
		{"liberation-day-retaliation", "USA", 10},
		{"liberation-day-retaliation", "CHN", 1},
		{"liberation-day", "CHN", 0},
		{"liberation-day", "NOR", 0},
	} {
		c := get(tc.scenario, tc.code)
		switch {
		case tc.rise == 0 && math.Abs(*c.AfterBase-c.Before) > 1e-9,
			tc.rise > 0 && (*c.AfterBase < c.Before+tc.rise || *c.AfterBase < c.After):
			t.Errorf("%s %s: before %.4f, after %.4f (revenue / imports), at base weights %.4f", tc.scenario, tc.code, c.Before, c.After, *c.AfterBase)
		}
	}
	text, err := runCLI(t, "solve", "liberation-day-retaliation", "--data", "icio-2022", "--no-bands")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"effective tariff (tariff revenue / imports)", "the new tariffs at baseline import weights", "The new tariffs at baseline import weights: USA "} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}
