package recordgen

import (
	"fmt"
	"slices"
	"strings"
)

// The compiled timeline (shared/data/compiled, not ours to edit) has
// errors that a data review found against the primary texts. They are
// corrected here, each with its source, rather than by hand in the record,
// so that the record stays a function of its inputs and every correction is
// listed in one place (and in record/README.md). A correction that no longer
// matches its row fails the generator: the compiled table has changed, and
// the correction must be checked against it again.

// timelineEnds is the record's extra timeline column: on an action that ends
// an earlier one before the IEEPA duties end, that action's effective date
// and scope ("2025-08-27 IND"); the ended action's last day is the day
// before the ending action's effective date.
const timelineEnds = "ends"

// timelineAddition is an action the compiled timeline lacks.
type timelineAddition struct {
	// row is the new row: date_effective, date_signed, scope, measure,
	// rate_pct, instrument, source, ends.
	row []string
}

// timelineAmendment replaces text in one field of a compiled row (matched
// by effective date and scope).
type timelineAmendment struct {
	date, scope, field string
	old, new           string
	why                string // appended to the row's source
}

// srcEORussia6Feb is the order that ended India's Russian-oil duty.
const srcEORussia6Feb = "github brian14708/wh-briefings @ dfe6b7a (whitehouse.gov texts): " +
	"presidential-actions/2026-02/2026-02-06-modifying-duties-to-address-threats-to-the-united-states-by-the-government-of-the-russian-federation-04b2.md, sec. 2"

// timelineAdditions are the actions added to the compiled timeline.
var timelineAdditions = []timelineAddition{
	// The compiled row of 2025-08-27 (EO 14329) gives India's 25% duty no
	// end, so it ran to the end of all IEEPA duties on 2026-02-20. The EO of
	// 6 Feb 2026 ended it 13 days earlier. The fact sheet of 9 Feb 2026 says
	// the reciprocal rate "will" go from 25% to 18%, without a date; no order
	// implemented it before the IEEPA duties ended (wh-briefings
	// presidential-actions/2026-02 has none; CBP CSMS #67702087 of 7 Feb
	// 2026: the reciprocal tariffs "remain in effect" for India), so the
	// record keeps 25% until 2026-02-20.
	{row: []string{"2026-02-07", "2026-02-06", "IND",
		"additional 25% IEEPA duty over Russian oil (EO 14329) ended: headings 9903.01.84-9903.01.89 and US note 2(z) to HTSUS 99-III terminated from 12:01 am EST; " +
			"the 25% reciprocal rate stays until the IEEPA duties end on 2026-02-20 (the fact sheet of 2026-02-09 says it \"will\" go to 18%, with no date, and no order implemented it before then)",
		"0", "EO of 2026-02-06 (Modifying Duties to Address Threats to the United States by the Government of the Russian Federation)",
		srcEORussia6Feb + "; github brian14708/wh-briefings @ a811316: fact-sheets/2026-02/2026-02-09-fact-sheet-the-united-states-and-india-announce-historic-trade-deal.md; " +
			"CBP CSMS #67702087 (content.govdelivery.com/accounts/USDHSCBP/bulletins/4090d47): the reciprocal tariffs remain in effect for India; " +
			"correction in recordgen (corrections.go): the compiled row of 2025-08-27 gives the duty no end",
		"2025-08-27 IND"}},
}

// timelineAmendments are the text corrections of compiled rows.
var timelineAmendments = []timelineAmendment{
	// The tracker dates the Swiss and Liechtenstein floor (9903.02.82-91)
	// 2026-01-01 (revision 2026_basic), not 2025-11-14; its Korean line
	// (rev_32, 2025-11-15) is the one the KOR row cites, correctly. The
	// legal date, 2025-11-14 (applied retroactively), stays.
	{date: "2025-11-14", scope: "CHE, LIE", field: "measure",
		old: "tracker dates the HTS change 2025-11-14",
		new: "in force from 2025-11-14 (retroactively); the tracker dates the HTS change (9903.02.82-91) 2026-01-01 (revision 2026_basic)",
		why: "correction in recordgen (corrections.go): the compiled row said the tracker dates the HTS change 2025-11-14; " +
			"its config/revision_dates.csv dates it 2026-01-01 (2026_basic)"},
	// The row ending the IEEPA duties listed India's Russian-oil duty among
	// those it ended; that duty had ended on 2026-02-07 (see above).
	{date: "2026-02-20", scope: "all", field: "measure",
		old: "(reciprocal, fentanyl, Brazil, India-Russia oil, etc.)",
		new: "(reciprocal, fentanyl, Brazil, etc.; India's Russian-oil duty had ended on 2026-02-07)",
		why: "correction in recordgen (corrections.go): India's Russian-oil duty ended on 2026-02-07 (" + srcEORussia6Feb + ")"},
}

// measureAddition is a sectoral measure the compiled measures table lacks,
// with the rule for how the figures use it. It is written into
// measures.csv right after the compiled measure named by after, so that the
// exemptions of one order stay together.
type measureAddition struct {
	after string            // the compiled measure it follows
	col   map[string]string // by measureCols
	rule  rule
}

// srcEO14346 is the order that put gold bullion into Annex II of EO 14257.
// The White House text carries no number; "Executive Order 14346 of
// September 5, 2025" is its Federal Register heading, and the compiled row
// IEEPA-PTAAP-2025-09 cites the same file under that number.
const srcEO14346 = "github brian14708/wh-briefings @ 2e58452 (whitehouse.gov texts): " +
	"presidential-actions/2025-09/2025-09-05-modifying-the-scope-of-reciprocal-tariffs-and-establishing-procedures-for-implementing-trade-and-security-agreements.md, " +
	"sec. 2(a) and Annex I"

// measureAdditions are the measures added to the compiled table.
var measureAdditions = []measureAddition{
	// EO 14346 put gold bullion into Annex II (no reciprocal duty) from
	// 2025-09-08. The compiled table has no row for it, so the fall of
	// Switzerland's C31T33 reciprocal share (0.992 of its goods on
	// 2025-08-07, 0.223 on 2025-11-15: gold bars) was carried by the only
	// C31T33 events of the interval, the Section 232 lists of 2025-08-18
	// and 2025-10-14 (38.69 -> 23.69 -> 8.69), although the share under
	// Section 232 fell. As a reciprocal measure of its own it takes the
	// change on its date; the 232 lists keep only the value they take over.
	// Investment bars have been classed under 7115.90.05 (articles of
	// precious metal) as well as 7108.13; hs2_to_icio.csv maps 7115 to
	// C31T33 and 7108 to C24B, so the row names both. In C24B no other
	// measure falls between 2025-08-07 and 2025-11-15, so without it the
	// gold exporters' fall (Australia 5.60 -> 1.32, the UK 3.46 -> 1.80)
	// landed on 2025-11-15; the order's nickel and zinc headings are C24B
	// too.
	{after: "IEEPA-PTAAP-2025-09", col: map[string]string{
		"measure_id": "IEEPA-BULLION-2025-09",
		"authority":  "IEEPA (reciprocal) exemption",
		"instrument": "EO 14346 (2025-09-05), sec. 2(a) and Annex I: updated Annex II to EO 14257",
		"action":     "gold bullion added to Annex II: excluded from the reciprocal tariff for all partners",
		"product_scope": "gold, unwrought or semi-manufactured (7108.11.00, 7108.12.50, 7108.13.10, 7108.13.55, 7108.13.70), " +
			"monetary gold (7108.20.00) and gold bars entered as articles of precious metal (7115.90.05, 7115.90.30), " +
			"inserted in US note 2(v)(iii) to HTSUS 99-III",
		"icio_sectors_main":                 "C31T33 (7115.90); C24B (7108)",
		"rate_pct":                          "0",
		"rate_basis":                        "exempt from reciprocal",
		"start_date":                        "2025-09-08",
		"end_date":                          "2026-02-20",
		"partners_affected":                 "all",
		"partner_exceptions_and_deal_rates": "",
		"usmca_treatment":                   "",
		"stacking_with_ieepa_reciprocal":    "exempt",
		"stacking_other":                    "",
		"notes": "effective for goods entered on or after 12:01 a.m. EDT 2025-09-08 (3 days after signature); " +
			"the tracker's revision_dates.csv has no revision on that date (rev_22 2025-09-03, rev_23 2025-09-12); " +
			"the same annex adds ores, nickel and zinc, chemicals and pharmaceutical inputs, wood pulp, magnets and LEDs " +
			"and removes aluminium hydroxide, resins and silicones: the nickel and zinc headings are in basic metals with HS 7108, " +
			"the others in other sectors, not evented here; added by recordgen (corrections.go): the compiled table has no row",
		"source": srcEO14346 + "; number: Federal Register heading \"Executive Order 14346 of September 5, 2025\"; " +
			"hs2_to_icio.csv: HS 7115 in C31T33 (\"rest of chapter\"), 7106-7112 in C24B",
	}, rule: rule{figScope, []affect{{"ieepa_reciprocal", "*", "", ""}},
		"correction (recordgen/corrections.go): the compiled table has no row; its C31T33 step fell on the 232 lists of 2025-08-18 and 2025-10-14, its C24B step on 2025-11-15"}},
}

// addMeasures inserts the added measures into the compiled ones. An added
// measure the compiled table now has (same id), one whose rule is also in
// rules, or one that names a compiled measure it cannot follow stops the
// generator: the correction must be checked against the table again.
func addMeasures(ms []measure) ([]measure, error) {
	for _, a := range measureAdditions {
		id := a.col["measure_id"]
		if _, dup := rules[id]; dup {
			return nil, fmt.Errorf("recordgen: added measure %s also has a rule in rules (corrections.go)", id)
		}
		at := -1
		for i, m := range ms {
			if m.col["measure_id"] == id {
				return nil, fmt.Errorf("%s:%d: measure %s is now compiled: check the correction in recordgen/corrections.go", measuresFile, m.line, id)
			}
			if m.col["measure_id"] == a.after {
				at = i
			}
		}
		if at < 0 {
			return nil, fmt.Errorf("recordgen: added measure %s follows %s, which %s lacks (corrections.go)", id, a.after, measuresFile)
		}
		m := measure{col: map[string]string{}}
		for _, c := range measureCols {
			v, ok := a.col[c]
			if !ok {
				return nil, fmt.Errorf("recordgen: added measure %s has no field %q (corrections.go)", id, c)
			}
			m.col[c] = v
		}
		if len(a.col) != len(measureCols) {
			return nil, fmt.Errorf("recordgen: added measure %s has %d fields, want %d (corrections.go)", id, len(a.col), len(measureCols))
		}
		ms = slices.Insert(ms, at+1, m)
	}
	return ms, nil
}

// ruleFor is the rule of a compiled or added measure.
func ruleFor(id string) (rule, bool) {
	if r, ok := rules[id]; ok {
		return r, true
	}
	for _, a := range measureAdditions {
		if a.col["measure_id"] == id {
			return a.rule, true
		}
	}
	return rule{}, false
}

// correctTimeline applies the amendments and additions to the compiled rows
// (header first, with the ends column last) and checks that every ends
// names exactly one row.
func correctTimeline(rows [][]string) ([][]string, error) {
	head := rows[0]
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, a := range timelineAmendments {
		n := 0
		for _, r := range rows[1:] {
			if r[0] != a.date || r[col["scope"]] != a.scope {
				continue
			}
			f := col[a.field]
			if !strings.Contains(r[f], a.old) {
				return nil, fmt.Errorf("%s: the %s %s row's %s no longer contains %q: check the correction in recordgen/corrections.go", timelineFile, a.date, a.scope, a.field, a.old)
			}
			r[f] = strings.Replace(r[f], a.old, a.new, 1)
			r[col["source"]] += "; " + a.why
			n++
		}
		if n != 1 {
			return nil, fmt.Errorf("%s: %d rows of %s %s to correct, want 1 (recordgen/corrections.go)", timelineFile, n, a.date, a.scope)
		}
	}
	for _, a := range timelineAdditions {
		if len(a.row) != len(head) {
			return nil, fmt.Errorf("recordgen: added timeline row %v has %d fields, want %d", a.row, len(a.row), len(head))
		}
		rows = append(rows, append([]string(nil), a.row...))
	}
	for _, r := range rows[1:] {
		e := r[col[timelineEnds]]
		if e == "" {
			continue
		}
		date, scope, _ := strings.Cut(e, " ")
		n := 0
		for _, q := range rows[1:] {
			if q[0] == date && q[col["scope"]] == scope {
				n++
				if date >= r[0] {
					return nil, fmt.Errorf("recordgen: the %s action ends %q, which does not start before it", r[0], e)
				}
			}
		}
		if n != 1 {
			return nil, fmt.Errorf("recordgen: the %s action ends %q, which names %d timeline rows, want 1", r[0], e, n)
		}
	}
	return rows, nil
}

// endedOn returns the effective date of the action that ends the action of
// date and scope, if any.
func endedOn(tl [][]string, date, scope string) (string, bool) {
	k := -1
	for i, h := range tl[0] {
		if h == timelineEnds {
			k = i
		}
	}
	if k < 0 {
		return "", false
	}
	for _, r := range tl[1:] {
		if r[k] == date+" "+scope {
			return r[0], true
		}
	}
	return "", false
}
