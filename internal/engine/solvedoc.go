package engine

import "github.com/tradebloc/tradebloc/internal/report"

// DocOptions are the reporting choices of a solve document that are not part
// of the scenario.
type DocOptions struct {
	Leader    string // country whose bilateral balances are reported ("" = USA)
	Version   string // tradebloc version recorded in the provenance
	Bilateral bool   // include every bilateral flow
}

// SolveDoc builds the `tradebloc solve --format json` document of a solved
// scenario. The CLI and the HTTP server both call it, so the API's result for
// a solve is by construction the CLI's document for the same scenario.
func SolveDoc(out *Outcome, o DocOptions) *report.SolveDoc {
	if o.Leader == "" {
		o.Leader = "USA"
	}
	sc := out.Scenario
	doc := report.NewSolveDoc(report.SolveInput{
		Scenario: sc.Name, Description: sc.Description, Leader: o.Leader, Version: o.Version,
		Numeraire: NumeraireName(out.Result.Options, out.Data), Notes: out.Compiled.Notes,
		Data: out.Data, Base: out.Base, Result: out.Result, Bilateral: o.Bilateral,
		Transship: out.Compiled.Transship,
	})
	doc.Retaliation = retaliationDoc(out)
	return doc
}
