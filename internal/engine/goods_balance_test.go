package engine

import (
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestGoodsBalanceWithLeader: on icio-2022 the goods balance with the
// leader is the whole balance less services, before and after, computed
// here from the flows directly; on the goods-only world the fields are
// absent. Liberation Day on icio moves Canada's whole balance with the US
// by tens of billions while its goods balance barely moves: services fill
// the fixed deficit, which the split must show.
func TestGoodsBalanceWithLeader(t *testing.T) {
	sc, _ := scenario.Builtin("liberation-day")
	out, err := Run(sc, "icio-2022", Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ds := out.Data
	doc := SolveDoc(out, DocOptions{Leader: "USA", Version: "test"})
	us, _ := ds.Index("USA")
	serv := -1
	for s, sec := range ds.Sectors {
		if sec.Code == "SERV" {
			serv = s
		}
	}
	flows := out.Base.Flows(out.Result)
	for j, c := range doc.Countries {
		if j == us {
			if c.GoodsBalanceWithLeaderBefore != nil {
				t.Error("the leader has a goods balance with itself")
			}
			continue
		}
		var gb, ga float64
		for s := range ds.Sectors {
			if s != serv {
				gb += ds.Trade[ds.At(j, us, s)] - ds.Trade[ds.At(us, j, s)]
				ga += flows[ds.At(j, us, s)] - flows[ds.At(us, j, s)]
			}
		}
		if c.GoodsBalanceWithLeaderBefore == nil || math.Abs(*c.GoodsBalanceWithLeaderBefore-gb) > 1e-6*(1+math.Abs(gb)) || math.Abs(*c.GoodsBalanceWithLeaderAfter-ga) > 1e-6*(1+math.Abs(ga)) {
			t.Fatalf("%s: goods balance %v → %v, want %v → %v", c.Code, c.GoodsBalanceWithLeaderBefore, c.GoodsBalanceWithLeaderAfter, gb, ga)
		}
		if c.Code == "CAN" {
			whole := *c.BalanceWithLeaderAfter - *c.BalanceWithLeaderBefore
			goods := ga - gb
			if !(whole > 3*math.Abs(goods)) {
				t.Errorf("CAN: whole balance with USA moves %.0f, goods %.0f: expected services to carry most of it", whole, goods)
			}
		}
	}
	w, err := Run(sc, "", Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range SolveDoc(w, DocOptions{Leader: "USA", Version: "test"}).Countries {
		if c.GoodsBalanceWithLeaderBefore != nil {
			t.Fatalf("%s: a goods balance on the goods-only world", c.Code)
		}
	}
}
