package tariffs

import "math"

// ReciprocalReport is the JSON document of `tradebloc tariffs reciprocal`
// (DESIGN §4, a contract: keys may be added, never renamed). Published rates
// a partner does not have are null.
type ReciprocalReport struct {
	Method   MethodReport    `json:"method"`
	Partners []PartnerReport `json:"partners"`
	Summary  SummaryReport   `json:"summary"`
}

// MethodReport is the method block: the parameters actually used.
type MethodReport struct {
	Epsilon  float64 `json:"epsilon"`
	Phi      float64 `json:"phi"`
	FloorPct float64 `json:"floor_pct"`
	Rounding string  `json:"rounding"`
	Half     bool    `json:"half"`
}

// PartnerReport is one partner of the report.
type PartnerReport struct {
	Code string `json:"code"`
	// Name is the record's (Census 2024) name; DatasetName the embedded
	// world dataset's name for the code, absent where it has none
	// (SetDatasetNames): the name tables print, and the one solve, nash
	// and coalition print ("Burma" where Census says "Myanmar (Burma)").
	Name                  string   `json:"name"`
	DatasetName           string   `json:"dataset_name,omitempty"`
	USImports             float64  `json:"us_imports"`
	USExports             float64  `json:"us_exports"`
	DeficitOverImportsPct *float64 `json:"deficit_over_imports_pct"`
	FormulaRatePct        float64  `json:"formula_rate_pct"`
	ChartRatePct          *float64 `json:"chart_rate_pct"`
	AnnexRatePct          *float64 `json:"annex_rate_pct"`
	Rate20250807Pct       *float64 `json:"rate_2025_08_07_pct"`
	Rate20250807Mode      string   `json:"rate_2025_08_07_mode"`
	AnnexListed           bool     `json:"annex_listed"`
	FormulaMatchesAnnex   *bool    `json:"formula_matches_annex"` // null when not listed
	Flag                  string   `json:"flag,omitempty"`
	Note                  string   `json:"note,omitempty"` // qualification of the 7 Aug 2025 rate
}

// SummaryReport counts how many Annex I rates the formula reproduces.
type SummaryReport struct {
	AnnexListed         int `json:"annex_listed"`
	FormulaMatchesAnnex int `json:"formula_matches_annex"`
}

// optional maps NaN to null.
func optional(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

// round2 keeps the derived percentage readable and stable in golden files.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// NewReciprocalReport builds the report for rows computed with m, in the
// order given.
func NewReciprocalReport(m Method, rows []Row) ReciprocalReport {
	rep := ReciprocalReport{Method: MethodReport{Epsilon: m.Epsilon, Phi: m.Phi, FloorPct: m.FloorPct, Rounding: m.Rounding(), Half: m.Half}}
	rep.Partners = make([]PartnerReport, 0, len(rows))
	for _, r := range rows {
		p := PartnerReport{
			Code: r.Code, Name: r.Name, USImports: r.Imports, USExports: r.Exports,
			DeficitOverImportsPct: optional(round2(r.DeficitOverImports)),
			FormulaRatePct:        r.FormulaPct,
			ChartRatePct:          optional(r.ChartReciprocalPct),
			AnnexRatePct:          optional(r.AnnexPct),
			Rate20250807Pct:       optional(r.Rate20250807Pct),
			Rate20250807Mode:      r.Mode20250807.String(),
			AnnexListed:           r.AnnexListed,
			Flag:                  r.Flag(),
			Note:                  r.Note20250807,
		}
		if r.AnnexListed {
			b := r.FormulaMatchesAnnex
			p.FormulaMatchesAnnex = &b
		}
		rep.Partners = append(rep.Partners, p)
	}
	rep.Summary.FormulaMatchesAnnex, rep.Summary.AnnexListed = AnnexMatches(rows)
	return rep
}

// SetDatasetNames gives each partner the dataset's name for its code, where
// name has one (PartnerReport.DatasetName). The record's own name stays in
// Name: this package does not know the datasets, its caller does.
func (r *ReciprocalReport) SetDatasetNames(name func(code string) (string, bool)) {
	for i := range r.Partners {
		if n, ok := name(r.Partners[i].Code); ok {
			r.Partners[i].DatasetName = n
		}
	}
}
