package report

import (
	"strings"
	"testing"
)

// TestRankedSkipsAggregates: an aggregate unit (icio-2022's ROW) is solved
// like a country but is not ranked among the largest economies, however
// large or however much it gains; the summary counts the economies it ranks.
func TestRankedSkipsAggregates(t *testing.T) {
	d := &SolveDoc{Scenario: "x", Converged: true, Leader: "USA", Countries: []CountryDoc{
		{Code: "USA", Name: "United States", WelfarePct: 0.3, GDPBefore: 100},
		{Code: "ROW", Name: "Rest of the world", WelfarePct: 5, GDPBefore: 500, Aggregate: true},
		{Code: "CHN", Name: "China", WelfarePct: -0.5, GDPBefore: 80},
		{Code: "MEX", Name: "Mexico", WelfarePct: -1, GDPBefore: 10},
	}}
	w, l := d.ranked(50)
	if len(w) != 3 || w[0].Code != "USA" || l[0].Code != "MEX" {
		t.Fatalf("winners %v, losers %v", w, l)
	}
	s := d.Summary(1)
	if strings.Contains(s, "Rest of the world") || !strings.Contains(s, "Among the 3 economies the largest gain is the United States'") {
		t.Errorf("summary %q", s)
	}
	for _, tb := range d.Tables(1, 5)[1:3] {
		for _, r := range tb.Rows {
			if r[0] == "ROW" {
				t.Errorf("%s lists ROW", tb.Title)
			}
		}
	}
}
