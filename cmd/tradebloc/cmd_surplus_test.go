package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// surplusDoc is the part of `surplus --format json` the review findings
// added: keys are additions to DESIGN §4, and these tests pin them.
type surplusDoc struct {
	Dataset          string `json:"dataset"`
	CensusComparison string `json:"census_comparison"`
	Countries        []struct {
		Code     string `json:"code"`
		Evidence struct {
			BalanceWithLeader      *float64 `json:"bilateral_balance_with_leader"`
			GoodsBalanceWithLeader *float64 `json:"goods_bilateral_balance_with_leader"`
			Census                 *float64 `json:"census_2024_balance_with_usa"`
			MeanCAUSDbn            *float64 `json:"mean_ca_usd_bn"`
			LatestCAUSDbn          *float64 `json:"latest_ca_usd_bn"`
			LatestCAYear           int      `json:"latest_ca_year"`
			NotReconciled          bool     `json:"balance_not_reconciled"`
		} `json:"evidence"`
	} `json:"countries"`
	Folded []struct {
		Code     string  `json:"code"`
		UnitName string  `json:"unit_name"`
		MeanCA   float64 `json:"mean_ca_pct_gdp"`
	} `json:"folded_into_aggregates"`
}

// TestSurplusReviewKeys runs `surplus` on both embedded worlds and checks
// the review's findings in JSON and text: icio-2022's Census comparison on
// goods only, world-2023's unreconciled balances, the latest year's CA in
// dollars, and the economies icio-2022 folds into ROW.
func TestSurplusReviewKeys(t *testing.T) {
	for _, tc := range []struct {
		data          string
		comparison    string
		unreconciled  map[string]bool
		folded        []string
		textWants     []string
		textForbidden []string
	}{
		{"world-2023", "goods", map[string]bool{"ARE": true, "IRN": true, "CHN": false, "DEU": false}, nil,
			[]string{"latest CA $bn", "0.6†", "† Goods balance not reconciled"}, []string{"must absorb", "Not listed:"}},
		{"icio-2022", "goods (services sector excluded)", map[string]bool{"JPN": false, "DEU": false}, []string{"KWT", "QAT", "MAC", "IRN", "AZE"},
			[]string{"goods bal with USA $bn", "Goods balance (services sector excluded) with USA far from Census", "Not listed: persistent-surplus economies", "into ROW: KWT"},
			[]string{"must absorb", "IRL 0.4 vs 86.7", "†"}},
	} {
		out, err := runCLI(t, "surplus", "--data", tc.data, "--format", "json")
		if err != nil {
			t.Fatalf("%s: %v", tc.data, err)
		}
		var doc surplusDoc
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.CensusComparison != tc.comparison {
			t.Errorf("%s: census_comparison %q, want %q", tc.data, doc.CensusComparison, tc.comparison)
		}
		seen := map[string]bool{}
		for _, c := range doc.Countries {
			ev := c.Evidence
			if want, ok := tc.unreconciled[c.Code]; ok {
				seen[c.Code] = true
				if ev.NotReconciled != want {
					t.Errorf("%s %s: balance_not_reconciled %v, want %v", tc.data, c.Code, ev.NotReconciled, want)
				}
			}
			if c.Code == "CHN" && (ev.LatestCAUSDbn == nil || ev.MeanCAUSDbn == nil || *ev.LatestCAUSDbn < 2**ev.MeanCAUSDbn || ev.LatestCAYear != 2025) {
				t.Errorf("%s CHN: latest CA $%v bn (%d), mean $%v bn", tc.data, ev.LatestCAUSDbn, ev.LatestCAYear, ev.MeanCAUSDbn)
			}
			// Ireland: services take its goods surplus with the US away.
			if c.Code == "IRL" && tc.data == "icio-2022" && (ev.GoodsBalanceWithLeader == nil || *ev.GoodsBalanceWithLeader < 50000 || *ev.BalanceWithLeader > 10000) {
				t.Errorf("IRL: goods %v, goods and services %v", ev.GoodsBalanceWithLeader, ev.BalanceWithLeader)
			}
		}
		if len(seen) != len(tc.unreconciled) {
			t.Errorf("%s: economies missing among %v", tc.data, tc.unreconciled)
		}
		folded := map[string]bool{}
		for _, f := range doc.Folded {
			folded[f.Code] = true
			if f.UnitName == "" || f.MeanCA < 1 {
				t.Errorf("%s folded %s: unit %q, mean %.1f", tc.data, f.Code, f.UnitName, f.MeanCA)
			}
		}
		for _, c := range tc.folded {
			if !folded[c] {
				t.Errorf("%s: %s not named as folded", tc.data, c)
			}
		}
		if tc.folded == nil && len(doc.Folded) > 0 {
			t.Errorf("%s folds %d economies", tc.data, len(doc.Folded))
		}
		text, err := runCLI(t, "surplus", "--data", tc.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.textWants {
			if !strings.Contains(text, w) {
				t.Errorf("%s text lacks %q", tc.data, w)
			}
		}
		for _, w := range tc.textForbidden {
			if strings.Contains(text, w) {
				t.Errorf("%s text has %q", tc.data, w)
			}
		}
	}
}

// TestBenchmarkTradeDeficitMarked: benchmark's JSON marks the persistent
// CA-surplus economies with a trade deficit in the data on both worlds
// (Japan on both; Thailand on icio-2022 only, whose 2022 G&S balance is
// −3.1% while its 2023 goods balance is +3.8%).
func TestBenchmarkTradeDeficitMarked(t *testing.T) {
	for _, tc := range []struct {
		data string
		want map[string]bool
	}{
		{"icio-2022", map[string]bool{"JPN": true, "THA": true, "KOR": true, "CHN": false, "MEX": false}},
		{"world-2023", map[string]bool{"JPN": true, "HKG": true, "THA": false, "CHN": false, "MEX": false}},
	} {
		out, err := runCLI(t, "benchmark", "liberation-day", "--data", tc.data, "--format", "json")
		if err != nil {
			t.Fatalf("%s: %v", tc.data, err)
		}
		var doc struct {
			Countries []struct {
				Code   string   `json:"code"`
				Marked bool     `json:"trade_deficit_despite_ca_surplus"`
				MeanCA *float64 `json:"mean_ca_pct_gdp"`
			} `json:"countries"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range doc.Countries {
			if want, ok := tc.want[c.Code]; ok {
				n++
				if c.Marked != want || c.MeanCA == nil {
					t.Errorf("%s %s: marked %v (want %v), mean CA %v", tc.data, c.Code, c.Marked, want, c.MeanCA)
				}
			}
		}
		if n != len(tc.want) {
			t.Errorf("%s: %d of %d economies found", tc.data, n, len(tc.want))
		}
	}
}

// TestSurplusCSVColumnsKeepTheirPlace: scripts read the surplus CSV by
// position, so the columns it had keep their order and the ones added since
// (the latest current account, the goods balance with the leader) come
// after them, on both worlds.
func TestSurplusCSVColumnsKeepTheirPlace(t *testing.T) {
	for _, tc := range []struct {
		data, balance string
		extra         []string
	}{
		{"world-2023", "goods bal % GDP", []string{"latest CA % GDP", "latest CA $bn"}},
		{"icio-2022", "G&S bal % GDP", []string{"latest CA % GDP", "latest CA $bn", "goods bal with USA $bn"}},
	} {
		out, err := runCLI(t, "surplus", "--data", tc.data, "--format", "csv")
		if err != nil {
			t.Fatal(err)
		}
		header := strings.SplitN(out, "\n", 2)[0]
		want := append([]string{"code", "name", "persistent", "CA years ≥ threshold", "mean CA % GDP", "mean CA $bn", tc.balance,
			"bal with USA $bn", "Census bal with USA $bn", "data flag"}, tc.extra...)
		if header != strings.Join(want, ",") {
			t.Errorf("%s: CSV header\n%s\nwant\n%s", tc.data, header, strings.Join(want, ","))
		}
	}
}
