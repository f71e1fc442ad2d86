package playbook

import (
	"path/filepath"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

// TestEveryPlaybookShowsItsFeature runs each playbook on the embedded data
// (USA against CHN) and checks its defining feature, e.g. Imperial
// Preference lowers intra-bloc tariffs and raises the external one.
func TestEveryPlaybookShowsItsFeature(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(All()) != 7 {
		t.Fatalf("%d playbooks, want 7", len(All()))
	}
	for _, pb := range All() {
		res, err := Run(pb, ds, "USA", "CHN", "")
		if err != nil {
			t.Fatalf("%s: %v", pb.Name, err)
		}
		if !res.Feature.Holds {
			t.Errorf("%s: defining feature does not hold: %s", pb.Name, res.Feature.Text)
		}
		if len(res.Members) == 0 || res.Account.Dates == "" || len(res.Account.Sources) == 0 {
			t.Errorf("%s: incomplete account or no members", pb.Name)
		}
	}
	ip, _ := Lookup("imperial-preference")
	res, _ := Run(ip, ds, "USA", "CHN", "")
	v := res.Feature.Values
	if !(v["intra_tariff_after_pct"] < v["intra_tariff_before_pct"] && v["external_tariff_after_pct"] > v["external_tariff_before_pct"]) {
		t.Errorf("imperial preference: %v", v)
	}
	if res.Lessons.IntegrationAfterPct <= res.Lessons.IntegrationBeforePct {
		t.Errorf("imperial preference: integration %v → %v", res.Lessons.IntegrationBeforePct, res.Lessons.IntegrationAfterPct)
	}
}

// TestSanctionsStatistics reads TIES and Martin (1992) from ../shared.
func TestSanctionsStatistics(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "data", "external")
	st, err := ReadSanctions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.TIESCases != 766 || st.MartinCases != 78 {
		t.Errorf("cases %d, %d; want 766 and 78", st.TIESCases, st.MartinCases)
	}
	n := 0
	for _, c := range st.MartinCaseCount {
		n += c
	}
	if n != 78 || !(st.TIESSuccessPct > 0 && st.TIESSuccessPct < 100) {
		t.Errorf("stats %+v", st)
	}
	if _, err := ReadSanctions(t.TempDir()); err == nil {
		t.Error("no error for a directory without the files")
	}
}

// TestOPECCutsVitalInputsOnSectoralWorld: on icio-2022 the OPEC playbook
// bans the producers' metal ores, non-ferrous metals and electronics to the
// leader and leaves every other flow alone; its feature still holds.
func TestOPECCutsVitalInputsOnSectoralWorld(t *testing.T) {
	ds, ok, err := data.Embedded("icio-2022")
	if !ok || err != nil {
		t.Fatal(err)
	}
	pb, _ := Lookup("opec-embargo")
	x := &world{ds: ds}
	x.leader, _ = ds.Index("USA")
	x.target, _ = ds.Index("CHN")
	x.members = pb.members(x)
	sh := &shocks{sub: make([]float64, len(ds.Trade))}
	pb.apply(x, sh, x.members)
	vital := map[string]bool{"B07": true, "C24B": true, "C26": true}
	for _, m := range x.members {
		for s, sec := range ds.Sectors {
			got := sh.sub[ds.At(m, x.leader, s)]
			if vital[sec.Code] != (got < -0.99) || (!vital[sec.Code] && got != 0) {
				t.Errorf("%s → USA, %s: subsidy %g", ds.Countries[m].Code, sec.Code, got)
			}
		}
	}
	res, err := Run(pb, ds, "USA", "CHN", "")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Feature.Holds {
		t.Errorf("feature: %s", res.Feature.Text)
	}
}
