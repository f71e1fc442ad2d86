package server

import (
	"strings"
	"testing"
)

// TestSolveRunCarriesCLINotes: a solve run's text_notes carry the notes
// `tradebloc solve` prints that its JSON leaves to the reader: the
// stand-in baseline tariff of world-2023's 100 importers without a World
// Bank average (TWN among the 50 largest) and the partners whose goods
// balance with the US is far from Census 2024, in the CLI's words.
func TestSolveRunCarriesCLINotes(t *testing.T) {
	ts := newTestServer(t, Config{})
	doc := ts.waitFor(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true})
	notes := strings.Join(doc.TextNotes, "\n")
	for _, want := range []string{
		"eff. tariff before marked * (TWN)", "3.66%", "of the 100 importers given it", "JSON baseline_tariff_fallback",
		"Goods balance with USA far from Census", "CAN 114.6 vs 63.3, IRL 41.7 vs 86.7, TWN 22.9 vs 73.9, CHE 14.0 vs 38.5",
		"Deficits are fixed relative to world GDP", // the valuation note stays
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("solve text_notes lack %q:\n%s", want, notes)
		}
	}
}
