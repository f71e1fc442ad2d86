package report_test

import (
	"encoding/csv"
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestFallbackOnWorld2023: on world-2023 the JSON flags exactly the
// dataset's 100 fallback importers, Taiwan among them, and not Bahrain,
// whose own applied average is the same 3.66%; the text marks Taiwan's eff.
// tariff before among the losers of liberation-day, and not Bahrain's when
// it is shown (2.63%: its GCC partners pay 0).
func TestFallbackOnWorld2023(t *testing.T) {
	sc, _ := scenario.Builtin("liberation-day")
	out, err := engine.Run(sc, "", engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	doc := engine.SolveDoc(out, engine.DocOptions{Leader: "USA"})
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Countries []map[string]any `json:"countries"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	flagged := map[string]bool{}
	for _, c := range got.Countries {
		v, ok := c["baseline_tariff_fallback"]
		if ok && v != true {
			t.Errorf("%s: baseline_tariff_fallback %v, want true or absent", c["code"], v)
		}
		if ok {
			flagged[c["code"].(string)] = true
		}
	}
	if len(flagged) != 100 || !flagged["TWN"] || !flagged["CRI"] || flagged["BHR"] || flagged["USA"] {
		t.Errorf("%d flagged (TWN %v, CRI %v, BHR %v, USA %v); want 100 incl. TWN and CRI, not BHR or USA",
			len(flagged), flagged["TWN"], flagged["CRI"], flagged["BHR"], flagged["USA"])
	}

	// The CSV marks the same 100 rows in its last column, the columns
	// before it unchanged (a spreadsheet reading columns by position).
	var csvOut strings.Builder
	if err := doc.Write(&csvOut, report.CSV, 1); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(csvOut.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	if n := len(header); n != 20 || header[n-1] != "baseline_tariff_fallback" || header[15] != "effective_tariff_before_pct" || header[18] != "bilateral_balance_with_leader_after" {
		t.Fatalf("CSV header %v: want baseline_tariff_fallback appended as the 20th column", header)
	}
	csvFlagged := map[string]bool{}
	for _, r := range rows[1:] {
		switch r[19] {
		case "true":
			csvFlagged[r[0]] = true
		case "false":
		default:
			t.Errorf("%s: baseline_tariff_fallback %q, want true or false", r[0], r[19])
		}
	}
	if !maps.Equal(csvFlagged, flagged) {
		t.Errorf("CSV flags %d rows, JSON %d: want the same set", len(csvFlagged), len(flagged))
	}

	doc.Target = "BHR" // shown in the headline
	var text strings.Builder
	if err := doc.Write(&text, report.Text, 1); err != nil {
		t.Fatal(err)
	}
	s := text.String()
	rowOf := func(code string) string {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, code+" ") {
				return l
			}
		}
		return ""
	}
	if r := rowOf("TWN"); !strings.Contains(r, " 3.66* ") {
		t.Errorf("Taiwan's row %q lacks 3.66*", r)
	}
	if r := rowOf("BHR"); r == "" || strings.Contains(r, "*") {
		t.Errorf("Bahrain's row %q: want it shown, unmarked", r)
	}
	for _, w := range []string{"\neff. tariff before marked * (TWN): the dataset's source has no tariff average for it", "3.66%, the median of the World Bank",
		"(CRI, DOM, GTM, HND, PAN, SLV)", "their tariff on US goods is 0, not 3.66%"} {
		if !strings.Contains(s, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}
