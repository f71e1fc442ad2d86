package scenario

import (
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestDefaultLeaderAndTarget: the defaults are facts of the data, not
// codes. On a hand-made world the largest economy leads (the aggregate unit,
// larger still, does not), and the target is the largest goods surplus
// against it (no current-account data): A exports 50 to L, L nothing back.
func TestDefaultLeaderAndTarget(t *testing.T) {
	ds := &data.Dataset{
		Name: "facts", Unit: "USD million",
		Countries: []data.Country{{Code: "L", GDP: 100}, {Code: "A", GDP: 20}, {Code: "B", GDP: 40}, {Code: "ROW", GDP: 500}},
		Sectors:   []data.Sector{{Code: "all"}},
		Members:   map[string][]string{"ROW": {"ETH", "KEN"}},
	}
	ds.Trade = make([]float64, 16)
	ds.Trade[ds.At(1, 0, 0)] = 50 // A → L
	ds.Trade[ds.At(2, 0, 0)] = 10 // B → L
	ds.Trade[ds.At(0, 2, 0)] = 5  // L → B
	if !ds.IsAggregate(3) {
		t.Fatal("ROW is not marked as an aggregate: fix the fixture")
	}
	if l := DefaultLeader(ds); l != 0 {
		t.Errorf("default leader %d, want L (0)", l)
	}
	if tg := DefaultTarget(ds, 0); tg != 1 {
		t.Errorf("default target %d, want A (1): surplus 50 against B's 5", tg)
	}
	// With the leader named in a coalition block, that one leads.
	sc := &Scenario{Coalition: &CoalitionSpec{Leader: Ref{Name: "B"}}}
	if l := LeaderOf(sc, ds); l != 2 {
		t.Errorf("leader of a coalition led by B: %d, want 2", l)
	}
	if l := LeaderOf(&Scenario{}, ds); l != 0 {
		t.Errorf("leader of a scenario naming none: %d, want 0", l)
	}
	// On the embedded world: the United States and China.
	w, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	l := DefaultLeader(w)
	if l < 0 || w.Countries[l].Code != "USA" {
		t.Fatalf("embedded default leader %d", l)
	}
	if tg := DefaultTarget(w, l); tg < 0 || w.Countries[tg].Code != "CHN" {
		t.Errorf("embedded default target %d", tg)
	}
}
