package coalition

import (
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Explain solves one membership and reports it in full, with its stability.
func Explain(sc *scenario.Scenario, ds *data.Dataset, members string) (*CoalitionDoc, *Report, error) {
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, nil, err
	}
	m, err := g.parseMembers(members)
	if err != nil {
		return nil, nil, err
	}
	// Stability needs the neighbours: this membership, each member leaving
	// and each outsider joining.
	en := &enumeration{recs: make([]record, 1<<len(g.players))}
	buf := make([]float64, len(g.t0))
	masks := []Mask{m}
	for p := range g.players {
		masks = append(masks, m^(1<<p))
	}
	for _, mm := range masks {
		r, err := g.solve(plain(mm), nil, buf)
		if err != nil {
			return nil, nil, err
		}
		en.recs[mm] = g.record(r)
	}
	tab := g.table(en)
	d, err := g.coalitionDoc(tab, en, m)
	if err != nil {
		return nil, nil, err
	}
	rep := g.newReport()
	return d, rep, nil
}

// Export returns the plain scenario (no coalition block) for one membership:
// the model options and every tariff that differs from the dataset's baseline
// as an explicit rate, so `tradebloc solve` on it gives the same result.
func Export(sc *scenario.Scenario, ds *data.Dataset, members string) ([]byte, error) {
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, err
	}
	m, err := g.parseMembers(members)
	if err != nil {
		return nil, err
	}
	t := make([]float64, len(g.t0))
	g.tariffs(plain(m), t)
	return g.exportYAML(m, t), nil
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "+")
}
