package build

import (
	"slices"
	"testing"
)

// TestFillHoles: a pair of ICIO economies is filled when its bridged ICIO
// value is above HoleMinICIO, at least HoleMinEnergy of it energy, and
// BACI holds less than HoleMaxShare of it, never inside the block, for an
// exempt or added economy, or with a ROW member.
func TestFillHoles(t *testing.T) {
	codes := []string{"A", "B", "C", "D", "R", "RUS", "TWN", AnchorEconomy}
	baci := newMatrix(codes)
	for _, f := range []flow{{"C", "A", 2000}, {"A", "C", 4000}, {"A", "D", 500}, {"D", "A", 800}, {"C", "RUS", 100}} {
		baci.set(f.exporter, f.importer, f.value)
	}
	ic := &icio{economy: map[string]bool{"A": true, "B": true, "C": true, "D": true, "RUS": true, "TWN": true, AnchorEconomy: true}, goods: map[[2]string]float64{
		{"C", "A"}:   10000,                                                   // BACI 20%: filled
		{"A", "C"}:   10000,                                                   // bridged 14,142, BACI 28%: kept
		{"A", "D"}:   1500,                                                    // bridged 1500·√(2·2) = 3000, BACI 17%: filled
		{"D", "A"}:   1900,                                                    // bridged 1900 ≤ HoleMinICIO: kept
		{"A", "B"}:   10000,                                                   // inside the block
		{"C", "RUS"}: 10000, {"C", AnchorEconomy}: 10000, {"C", "TWN"}: 10000, // exempt, anchor, added
		{"C", icioRest}: 10000, // R is in ROW: no bilateral evidence
		{"D", "C"}:      10000, // BACI 0, but 40% energy: kept
	}, energy: map[[2]string]float64{
		{"C", "A"}: 5000, {"A", "D"}: 1500, {"A", "C"}: 10000, {"D", "A"}: 1900, {"D", "C"}: 4000,
	}}
	br := Bridge{Overall: 1, KX: map[string]float64{"A": 2}, KM: map[string]float64{"D": 2}}
	m := baci.clone()
	got := fillHoles(m, baci, ic, map[string]bool{"A": true, "B": true}, br)
	want := []Hole{{"A", "D", 500, 3000}, {"C", "A", 2000, 10000}}
	if !slices.EqualFunc(got, want, func(a, b Hole) bool {
		return a.Exporter == b.Exporter && a.Importer == b.Importer && near(a.BACI, b.BACI) && near(a.Filled, b.Filled)
	}) {
		t.Errorf("holes %+v, want %+v", got, want)
	}
	for _, p := range [][2]string{{"A", "C"}, {"D", "A"}, {"D", "C"}, {"A", "B"}, {"C", "RUS"}, {"C", AnchorEconomy}, {"C", "TWN"}, {"C", "R"}} {
		if m.at(p[0], p[1]) != baci.at(p[0], p[1]) {
			t.Errorf("%s→%s changed to %v", p[0], p[1], m.at(p[0], p[1]))
		}
	}
	for _, h := range want {
		if !near(m.at(h.Exporter, h.Importer), h.Filled) {
			t.Errorf("%s→%s = %v, want %v", h.Exporter, h.Importer, m.at(h.Exporter, h.Importer), h.Filled)
		}
	}
}
