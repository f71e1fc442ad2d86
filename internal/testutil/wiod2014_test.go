package testutil

import (
	"testing"
)

// TestWIOD2014SectorContent checks what the WIOD converter relies on: the
// trade sectors hold the paper's categories in the paper's order, whatever
// tariffwar's labels say. The economy exporting the largest share of its
// exports in a sector identifies the goods in it.
func TestWIOD2014SectorContent(t *testing.T) {
	w := LoadWIOD2014(t)
	ds := w.Data
	N, S := ds.N(), ds.S()
	exports := make([]float64, N)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			for s := 0; s < S && i != j; s++ {
				exports[i] += ds.Trade[(i*N+j)*S+s]
			}
		}
	}
	leader := func(code string) string {
		s := -1
		for k, sec := range ds.Sectors {
			if sec.Code == code {
				s = k
			}
		}
		best, share := "", 0.0
		for i := 0; i < N; i++ {
			x := 0.0
			for j := 0; j < N; j++ {
				if j != i {
					x += ds.Trade[(i*N+j)*S+s]
				}
			}
			if x/exports[i] > share {
				best, share = ds.Countries[i].Code, x/exports[i]
			}
		}
		return best
	}
	for _, c := range []struct {
		sector string
		want   []string
		goods  string
	}{
		{"W02", []string{"NOR", "AUS", "RUS"}, "mining"},
		{"W06", []string{"FIN", "SWE"}, "paper (labelled coke and petroleum)"},
		{"W07", []string{"GRC", "LTU", "IND"}, "refined petroleum (labelled chemicals)"},
		{"W08", []string{"CHE", "IRL", "BEL"}, "chemicals and pharmaceuticals (labelled rubber, plastics, minerals)"},
		{"W12", []string{"TWN", "CHN", "KOR"}, "computer and electrical equipment (labelled electrical equipment)"},
		{"W16", []string{"LUX", "MLT", "CYP"}, "services"},
	} {
		got := leader(c.sector)
		ok := false
		for _, w := range c.want {
			ok = ok || got == w
		}
		if !ok {
			t.Errorf("%s: the largest exporter by share is %s, want one of %v (%s)", c.sector, got, c.want, c.goods)
		}
	}
	// The elasticities follow: petroleum 14.94 in W07, chemicals 0.92 in W08.
	if w.Theta[6] != 14.94 || w.Theta[7] != 0.92 || w.Theta[15] != 10 {
		t.Errorf("θ by content %v", w.Theta)
	}
}
