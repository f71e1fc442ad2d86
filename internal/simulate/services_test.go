package simulate

import (
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestServicesUntaxed: on a world with a services sector the negotiation's
// tariffs — relief, escalation with its step, the members' external tariff
// and the answers in kind — reach goods only; services keep their tariffs
// before the game in every stance.
func TestServicesUntaxed(t *testing.T) {
	ds, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := scenario.Builtin("coalition-of-the-compelled")
	if !ok {
		t.Fatal("no built-in coalition-of-the-compelled")
	}
	w, err := NewWorld(sc, ds, "2025-11-15", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	serv := slices.IndexFunc(ds.Sectors, func(s data.Sector) bool { return s.Code == "SERV" })
	st := w.initial()
	for p := range st.Players {
		switch p % 3 {
		case 0:
			st.Players[p].Member, st.Players[p].Relief = true, true
		case 1:
			st.Players[p].Escalated, st.Players[p].Retaliating = true, true
		}
	}
	dst := make([]float64, len(w.t0))
	w.tariffs(st, 0.05, dst)
	moved := 0
	for k := range dst {
		if k%ds.S() == serv && dst[k] != w.t0[k] {
			t.Fatalf("services tariff %d: %v → %v", k, w.t0[k], dst[k])
		}
		if dst[k] != w.t0[k] {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("no tariff moved: the test checks nothing")
	}
}

// TestTerritoriesDoNotRetaliate: Hong Kong and Macau, targets because US
// law gives them China's rate, are free ports: they start without
// retaliating, are never offered retaliation, and a script that makes them
// retaliate is refused; China retaliates from round 0.
func TestTerritoriesDoNotRetaliate(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenario.Builtin("coalition-of-the-compelled")
	w, err := NewWorld(sc, ds, "2025-11-15", true, 0)
	if err != nil {
		t.Fatal(err)
	}
	st := w.initial()
	seen := 0
	for p, pl := range w.Players {
		switch pl.Name {
		case "HKG", "MAC":
			seen++
			if !pl.Territory || st.Players[p].Retaliating {
				t.Errorf("%s: territory %v, retaliating %v", pl.Name, pl.Territory, st.Players[p].Retaliating)
			}
			prm := DefaultParams()
			for _, c := range w.options(st, p, &prm) {
				if c.action == Retaliate {
					t.Errorf("%s is offered retaliation", pl.Name)
				}
			}
			if _, err := w.script([]Move{{Player: pl.Name, Round: 1, Action: Retaliate}}); err == nil {
				t.Errorf("%s: a scripted retaliation is accepted", pl.Name)
			}
		case "CHN":
			if pl.Territory || !st.Players[p].Retaliating {
				t.Errorf("CHN: territory %v, retaliating %v", pl.Territory, st.Players[p].Retaliating)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("%d of HKG, MAC among the players", seen)
	}
	if w.History != "us-record 2025-11-15" {
		t.Errorf("history %q, want the record on the start date", w.History)
	}
}

// TestMemberRatePerCandidate: the member terms the leader grants are each
// candidate's own (member_terms.rates: Canada's 4% on the goods the threat
// covers in the built-in), never above the rate in force at the start.
func TestMemberRatePerCandidate(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := scenario.Builtin("coalition-of-the-compelled")
	if !ok {
		t.Fatal("no built-in coalition-of-the-compelled")
	}
	w, err := NewWorld(sc, ds, "2025-11-15", true, 0)
	if err != nil {
		t.Fatal(err)
	}
	st := w.initial()
	for p := range st.Players {
		// Candidates join; targets are granted relief without joining.
		st.Players[p].Member, st.Players[p].Relief, st.Players[p].Retaliating = !w.Players[p].Target, true, false
	}
	dst := make([]float64, len(w.t0))
	w.tariffs(st, 0, dst)
	usa, _ := ds.Index("USA")
	// A target given relief gets the common terms (member_terms.rate).
	want := map[string]float64{"CAN": 0.002, "MEX": 0.004, "JPN": 0.10, "GBR": 0.10, "CHN": 0.10}
	for code, rate := range want {
		c, _ := ds.Index(code)
		k := ds.At(c, usa, 0)
		if v := min(w.start[k], w.t0[k]+rate); dst[k] != v {
			t.Errorf("%s as a member: US tariff %.4f, want min(start %.4f, before %.4f + %v) = %.4f", code, dst[k], w.start[k], w.t0[k], rate, v)
		}
	}
	can, _ := ds.Index("CAN")
	if k := ds.At(can, usa, 0); !(w.start[k] > w.t0[k]+0.002) {
		t.Fatalf("Canada's start rate %.4f is not above its member terms %.4f: the test checks nothing", w.start[k], w.t0[k]+0.002)
	}
}

// TestTariffsReportedOnGoods: the reported tariffs between the leader and a
// player, and a player's on the targets, are averages over goods: 50 points
// on every good reads as 50, however much of the trade is services (Hong
// Kong's with the US is mostly services on icio-2022 and read 2.6% while
// it paid 54 points on its goods).
func TestTariffsReportedOnGoods(t *testing.T) {
	ds, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenario.Builtin("coalition-of-the-compelled")
	w, err := NewWorld(sc, ds, "2025-11-15", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	tr := append([]float64(nil), w.t0...)
	for s := range ds.Sectors {
		if ds.IsServices(s) {
			continue
		}
		for i := range ds.Countries {
			for j := range ds.Countries {
				if i != j {
					tr[ds.At(i, j, s)] = 0.5
				}
			}
		}
	}
	for p, pl := range w.Players {
		tp := w.TariffPair(p, tr)
		if tp.ByLeader != 50 || tp.OnLeader != 50 {
			t.Errorf("%s: tariffs %+v under 50 points on every good, want 50 both ways", pl.Name, tp)
		}
		if !pl.Target {
			if x := w.TariffOnTargets(p, tr); x != 50 {
				t.Errorf("%s: tariff on the targets %.2f, want 50", pl.Name, x)
			}
		}
	}
}
