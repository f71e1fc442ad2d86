package tariffs

import (
	"embed"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// recordFS holds the generated record. It is parsed once, on first use; a
// malformed embedded file is a build defect, so parsing panics (the tests
// exercise every file).
//
//go:embed record/*.csv record/README.md
var recordFS embed.FS

// Partner is one row of the 2 April 2025 reciprocal-tariff table: a US
// trading partner with its 2024 trade and the rates published for it.
// Rates a partner does not have are NaN.
type Partner struct {
	Code    string
	Name    string
	Imports float64 // US general imports from the partner, 2024, USD mn (Census)
	Exports float64 // US total exports to the partner, 2024, USD mn (Census)

	ChartChargedPct    float64 // chart "tariffs charged to the USA"; NaN for CAN, MEX
	ChartReciprocalPct float64 // chart "discounted reciprocal tariff"; NaN for CAN, MEX
	AnnexListed        bool    // listed in Annex I of EO 14257 (57 entries, EU as one)
	AnnexPct           float64 // Annex I rate; NaN when not listed
	Rate20250405Pct    float64 // baseline in force from 5 Apr 2025 (0 for CAN, MEX)
	Rate20250410Pct    float64 // rate in force 10 Apr – 6 Aug 2025 (China 125)
	Rate20250807Pct    float64 // EO 14326 rate from 7 Aug 2025
	Mode20250807       Mode    // how Rate20250807Pct combines with the MFN tariff
	Note20250807       string  // the published text when the rate is qualified
	Note               string  // later changes, as compiled
	Source             string
}

// CensusRow is US goods trade with one partner in 2024 (countries and the EU
// aggregate "EUU"), in USD mn.
type CensusRow struct {
	Code, Name string
	Exports    float64 // US total exports
	Imports    float64 // US general imports
	Balance    float64 // exports − imports
	Source     string
}

// readRecord parses an embedded CSV into maps keyed by header.
func readRecord(name string) []map[string]string {
	b, err := recordFS.ReadFile("record/" + name)
	if err != nil {
		panic(fmt.Sprintf("tariffs: embedded record: %v", err))
	}
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		panic(fmt.Sprintf("tariffs: embedded record/%s: %v", name, err))
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		m := make(map[string]string, len(r))
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// num parses a numeric cell of the embedded record; empty is NaN.
func num(name, s string) float64 {
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(fmt.Sprintf("tariffs: embedded record/%s: %v", name, err))
	}
	return v
}

func parseMode(s string) Mode {
	switch s {
	case "additional":
		return Additional
	case "all_in":
		return AllIn
	}
	panic(fmt.Sprintf("tariffs: embedded record: unknown mode %q", s))
}

var partners = sync.OnceValue(func() []Partner {
	var out []Partner
	for _, r := range readRecord("partners.csv") {
		out = append(out, Partner{
			Code: r["code"], Name: r["name"],
			Imports: num("partners.csv", r["us_imports_usd_mn"]), Exports: num("partners.csv", r["us_exports_usd_mn"]),
			ChartChargedPct:    num("partners.csv", r["chart_tariffs_charged_pct"]),
			ChartReciprocalPct: num("partners.csv", r["chart_reciprocal_pct"]),
			AnnexListed:        r["annex_listed"] == "true",
			AnnexPct:           num("partners.csv", r["annex_rate_pct"]),
			Rate20250405Pct:    num("partners.csv", r["rate_2025_04_05_pct"]),
			Rate20250410Pct:    num("partners.csv", r["rate_2025_04_10_pct"]),
			Rate20250807Pct:    num("partners.csv", r["rate_2025_08_07_pct"]),
			Mode20250807:       parseMode(r["rate_2025_08_07_mode"]),
			Note20250807:       r["rate_2025_08_07_note"],
			Note:               r["note"],
			Source:             r["source"],
		})
	}
	return out
})

// Partners returns the 187 partners of the reciprocal-tariff table in the
// record's order. The slice is a copy.
func Partners() []Partner { return append([]Partner(nil), partners()...) }

var census = sync.OnceValue(func() []CensusRow {
	var out []CensusRow
	for _, r := range readRecord("census.csv") {
		out = append(out, CensusRow{
			Code: r["code"], Name: r["name"],
			Exports: num("census.csv", r["us_exports_usd_mn"]), Imports: num("census.csv", r["us_imports_usd_mn"]),
			Balance: num("census.csv", r["us_balance_usd_mn"]), Source: r["source"],
		})
	}
	return out
})

// Census returns US goods trade by partner in 2024 (countries and "EUU").
// The slice is a copy.
func Census() []CensusRow { return append([]CensusRow(nil), census()...) }

// names maps the code of every partner in the record to its name.
var names = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, r := range census() {
		m[r.Code] = r.Name
	}
	for _, p := range partners() {
		m[p.Code] = p.Name
	}
	return m
})

// Name returns the name of a US trading partner of the record (Census
// 2024), so that economies outside a dataset, such as Liechtenstein or
// Tuvalu, are shown by name rather than by a bare code.
func Name(code string) (string, bool) {
	n, ok := names()[code]
	return n, ok
}

// Label is "Name (CODE)" for a partner of the record, or the code alone.
func Label(code string) string {
	if n, ok := Name(code); ok && n != code {
		return n + " (" + code + ")"
	}
	return code
}

// RecordReadme returns the record's README: what each file holds and its
// sources, for commands that print attribution.
func RecordReadme() string {
	b, _ := recordFS.ReadFile("record/README.md")
	return string(b)
}
