package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestFallbackMarker: an eff. tariff before that is the dataset's stand-in
// carries the marker, wherever its row is shown, and one note names every
// marked row shown, under the last table that shows one; a country with
// the same rate of its own, or a marked one not shown, carries nothing.
func TestFallbackMarker(t *testing.T) {
	tf := &data.TariffFallback{Pct: 3.66, Method: "median of the others", Note: "about 0 on US goods", Importers: []string{"AAA", "CCC", "EEE"}}
	// AAA gains most and CCC loses most; EEE is the 7th loser of 7 (not
	// shown); BBB has 3.66% of its own.
	doc := func(target string, fallback *data.TariffFallback) *SolveDoc {
		d := docOf("USA", []string{"USA", "AAA", "BBB", "CCC", "DDD", "FFF", "GGG", "HHH", "III", "EEE"},
			[]float64{0.1, 0.9, 0.5, -2, -0.2, -0.3, -0.4, -0.5, -0.6, -0.01})
		d.Target, d.TariffFallback = target, fallback
		for k := range d.Countries {
			c := &d.Countries[k]
			c.EffectiveTariffBefore = 2.5
			if slices.Contains([]string{"AAA", "BBB", "CCC", "EEE"}, c.Code) {
				c.EffectiveTariffBefore = 3.66
			}
			c.BaselineTariffFallback = fallback != nil && slices.Contains(fallback.Importers, c.Code)
		}
		return d
	}
	before := func(tb *Table, code string) string {
		col := slices.Index(tb.Columns, "eff. tariff before %")
		for _, r := range tb.Rows {
			if r[0] == code {
				return r[col]
			}
		}
		return ""
	}
	noteIn := func(tb *Table) string {
		for _, n := range tb.Notes {
			if strings.HasPrefix(n, "eff. tariff before marked "+fallbackMarker) {
				return n
			}
		}
		return ""
	}
	tables := doc("", tf).Tables(1, 5)
	var head, win, lose *Table
	for _, tb := range tables {
		switch {
		case tb.Title == "Headline":
			head = tb
		case strings.Contains(tb.Title, "winner"):
			win = tb
		case strings.Contains(tb.Title, "loser"):
			lose = tb
		}
	}
	if got := before(win, "AAA"); got != "3.66*" {
		t.Errorf("AAA (a winner, fallback): %q, want 3.66*", got)
	}
	if got := before(lose, "CCC"); got != "3.66*" {
		t.Errorf("CCC (a loser, fallback): %q, want 3.66*", got)
	}
	if got := before(win, "BBB"); got != "3.66" {
		t.Errorf("BBB (its own 3.66%%): %q, want 3.66 unmarked", got)
	}
	if got := before(head, "USA"); got != "2.50" {
		t.Errorf("USA: %q", got)
	}
	n := noteIn(lose)
	for _, w := range []string{"marked * (AAA, CCC):", "no tariff average for them", "3.66%, the median of the others", "about 0 on US goods", "JSON baseline_tariff_fallback"} {
		if !strings.Contains(n, w) {
			t.Errorf("note under the losers %q lacks %q", n, w)
		}
	}
	if strings.Contains(n, "EEE") || strings.Contains(n, "BBB") || noteIn(win) != "" || noteIn(head) != "" {
		t.Errorf("note names a row not shown or marked, or is given twice: losers %q, winners %q, headline %q", n, noteIn(win), noteIn(head))
	}

	// A marked target in the headline alone: the note goes there.
	d := doc("EEE", tf)
	d.Countries[1].BaselineTariffFallback, d.Countries[3].BaselineTariffFallback = false, false // AAA, CCC
	tables = d.Tables(1, 5)
	if got := before(tables[0], "EEE"); tables[0].Title != "Headline" || got != "3.66*" {
		t.Errorf("headline EEE: %q in %q", got, tables[0].Title)
	}
	if n := noteIn(tables[0]); !strings.Contains(n, "(EEE): the dataset's source has no tariff average for it, so its baseline") {
		t.Errorf("headline note %q", n)
	}
	for _, tb := range tables[1:] {
		if noteIn(tb) != "" {
			t.Errorf("note under %q too", tb.Title)
		}
	}

	// A dataset without the record: no marker, no note.
	out := text(t, doc("", nil))
	if strings.Contains(out, "3.66*") || strings.Contains(out, "tariff_fallback") {
		t.Errorf("dataset without tariff_fallback:\n%s", out)
	}
	// A document read back from JSON has the flags but not the record:
	// the note still explains the marker, without a rate.
	d = doc("", tf)
	d.TariffFallback = nil
	if n := noteIn(d.Tables(1, 5)[2]); !strings.Contains(n, "a stand-in. A placeholder") {
		t.Errorf("note without the record: %q", n)
	}
}
