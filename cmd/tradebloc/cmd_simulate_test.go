package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSimulateReliefAndTariffOnlyOffer is the acceptance check: a partner
// that rebalances gets relief, one that only cuts its tariffs does not.
func TestSimulateReliefAndTariffOnlyOffer(t *testing.T) {
	out, err := runCLI(t, "simulate", "coalition-of-the-compelled", "--top", "8", "--rounds", "6", "--scripted",
		"--move", "KOR=rebalance:3", "--move", "VNM=cut", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Rounds []map[string]any `json:"rounds"`
		Relief map[string]*int  `json:"relief_from_round"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Rounds) != 7 {
		t.Fatalf("%d rounds, want 7 (0–6)", len(doc.Rounds))
	}
	for _, k := range []string{"t", "date", "tariffs", "members", "balances_gdp_pct", "events"} {
		if _, ok := doc.Rounds[0][k]; !ok {
			t.Errorf("round has no %q", k)
		}
	}
	if doc.Relief["KOR"] == nil {
		t.Error("KOR rebalanced 3 pp of GDP but got no relief")
	}
	if doc.Relief["VNM"] != nil {
		t.Errorf("VNM's tariff-only offer got relief from round %d", *doc.Relief["VNM"])
	}
}

func TestPlaybooksCLI(t *testing.T) {
	out, err := runCLI(t, "playbooks", "list", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Playbooks []struct{ Name, Period, Summary string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Playbooks) != 7 {
		t.Fatalf("list: %v, %d playbooks", err, len(doc.Playbooks))
	}
	if _, err := runCLI(t, "playbooks", "show", "cocom"); err != nil {
		t.Error(err)
	}
	if _, err := runCLI(t, "playbooks", "run", "chicken-war", "--sanctions-dir", ""); err != nil {
		t.Error(err)
	}
	if _, err := runCLI(t, "playbooks", "run", "nope"); err == nil {
		t.Error("unknown playbook accepted")
	}
}

// TestPlaybookStatisticsAnywhere: the sanctions statistics of a playbook
// run do not depend on the directory tradebloc is started from, and the
// report says where they come from; a hold beside "not united" is explained.
func TestPlaybookStatisticsAnywhere(t *testing.T) {
	t.Chdir(t.TempDir())
	out, err := runCLI(t, "playbooks", "run", "cocom", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Feature struct{ Holds bool }
		Lessons struct {
			United    bool
			UnityText string `json:"unity_text"`
		}
		SanctionsData *struct {
			TIESCases int    `json:"ties_cases"`
			Source    string `json:"source"`
			Dir       string `json:"dir"`
		} `json:"sanctions_data"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if sd := doc.SanctionsData; sd == nil || sd.TIESCases != 766 || !strings.Contains(sd.Source, "embedded") || sd.Dir != "" {
		t.Errorf("sanctions data from a foreign directory: %+v", doc.SanctionsData)
	}
	if doc.Feature.Holds && !doc.Lessons.United && !strings.Contains(doc.Lessons.UnityText, "holds only as long as") {
		t.Errorf("cocom holds but is not united, unexplained: %q", doc.Lessons.UnityText)
	}
}
