package report

// WinnersValuationNote is the paragraph the text output prints under its
// tables of the top winners and losers (top of each among the 50 largest
// economies) on the valuation of fixed deficits, with the headline
// economies' (the leader, China) when material: "" when there is none to
// name. The web UI shows it beside its charts, so that a deficit economy's
// "largest gain" is read as what it is.
func (d *SolveDoc) WinnersValuationNote(top int) string {
	w, l := d.ranked(majorEconomies)
	var shown []CountryDoc
	// The rows of Tables' winners and losers tables, in their order.
	for k := 0; k < len(w) && k < top && w[k].WelfarePct > 0; k++ {
		shown = append(shown, w[k])
	}
	for k := 0; k < len(l) && k < top && l[k].WelfarePct < 0; k++ {
		shown = append(shown, l[k])
	}
	return valuationNote(shown, d.headlineValuation()...)
}

// NotesOnly is a Format no command offers: Table.Write writes only the
// table's notes, one a line, so that a server can show the sentences a
// command prints under its tables without rendering the tables.
const NotesOnly Format = "notes"
