package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestWinnersValuationNote: the note the web UI shows is the one the text
// output prints under its winners and losers, and names the winner whose
// gain is the valuation of a fixed deficit.
func TestWinnersValuationNote(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	d := docOf("USA", []string{"USA", "PHL", "VNM", "MEX"}, []float64{0.2, 0.53, -3.05, -1.1})
	d.Countries[1].WelfareValuationPct = v(0.50)
	d.Countries[2].WelfareValuationPct = v(-0.1)
	got := d.WinnersValuationNote(5)
	if !strings.Contains(got, "PHL +0.53% (of which +0.50 pp; +0.03% without)") || strings.Contains(got, "VNM ") {
		t.Errorf("note: %q", got)
	}
	if !strings.Contains(text(t, d), got) {
		t.Errorf("the text output does not print the note %q", got)
	}
	d.Countries[1].WelfareValuationPct = nil
	if n := d.WinnersValuationNote(5); n != "" {
		t.Errorf("note without a valuation worth naming: %q", n)
	}
}

// TestNotesOnly: the NotesOnly format writes a table's notes and nothing
// else.
func TestNotesOnly(t *testing.T) {
	tb := &Table{Title: "T", Columns: []string{"code"}, Notes: []string{"first.", "second."}}
	tb.Add("CHN")
	var b bytes.Buffer
	if err := tb.Write(&b, NotesOnly); err != nil {
		t.Fatal(err)
	}
	if b.String() != "first.\nsecond.\n" {
		t.Errorf("notes: %q", b.String())
	}
}
