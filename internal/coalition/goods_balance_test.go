package coalition

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestTargetGoodsBalance: on icio-2022 a target's balance with the leader
// under a coalition comes with its goods-only part, which must equal the
// goods balance the solve document of the exported scenario computes from
// its own flows; on the goods-only world there is none.
func TestTargetGoodsBalance(t *testing.T) {
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(strings.Replace(smallGame, "name: small\n", "name: small\ndata: icio-2022\n", 1), "transshipment: {share: 0.3, cost: 0.05}\n", "", 1)
	g, err := newGame(parse(t, y), icio)
	if err != nil {
		t.Fatal(err)
	}
	en, err := g.enumerate(context.Background(), executor.Local{Workers: 1}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	tab := g.table(en)
	m := Mask(0b0011)
	d, err := g.coalitionDoc(tab, en, m)
	if err != nil {
		t.Fatal(err)
	}
	name := joinNames(g.playerNames(m))
	ex, err := Export(g.sc, g.ds0, name)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := scenario.Parse(ex, "")
	if err != nil {
		t.Fatal(err)
	}
	out, err := engine.RunOn(plain, g.ds0, engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	doc := engine.SolveDoc(out, engine.DocOptions{Leader: "USA"})
	unit := icio.UnitMillions() / 1000
	for _, td := range d.Targets {
		if td.GoodsSurplusWithLeaderBefore == nil || td.GoodsSurplusWithLeaderAfter == nil {
			t.Fatalf("%s: no goods balance on a world with services", td.Code)
		}
		for _, c := range doc.Countries {
			if c.Code != td.Code {
				continue
			}
			for _, p := range [][2]float64{{*td.GoodsSurplusWithLeaderBefore, *c.GoodsBalanceWithLeaderBefore * unit}, {*td.GoodsSurplusWithLeaderAfter, *c.GoodsBalanceWithLeaderAfter * unit}} {
				if math.Abs(p[0]-p[1]) > 1e-6*math.Max(1, math.Abs(p[1])) {
					t.Errorf("%s under %s: goods balance with USA %v, the exported solve's %v", td.Code, name, p[0], p[1])
				}
			}
			if math.Abs(*td.GoodsSurplusWithLeaderAfter-td.SurplusWithLeaderAfter) < 1e-3 {
				t.Errorf("%s: the goods balance equals the whole balance: services left in", td.Code)
			}
		}
	}
	g0, en0, tab0 := smallTable(t)
	d0, err := g0.coalitionDoc(tab0, en0, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, td := range d0.Targets {
		if td.GoodsSurplusWithLeaderBefore != nil {
			t.Errorf("%s: a goods balance on the goods-only world", td.Code)
		}
	}
}
