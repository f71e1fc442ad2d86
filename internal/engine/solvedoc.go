package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// DefaultLeader is the leader a solve reports when none is named: the
// default of the CLI's --leader, and the HTTP API's, whose solve runs take no
// leader.
const DefaultLeader = "USA"

// ReportedLeader is the leader a solve document reports (DocOptions.Leader)
// and whether there is one (false: DocOptions.NoLeader). A leader the user
// named (given) is reported as named, for the caller to have checked
// against ds; the default, code not given, only when ds has it. On a dataset
// of the user's own without the US every balance "with USA" would read
// $0 bn, and the largest economy in its place would be a leader nobody
// chose. The CLI's solve and the HTTP API's both decide by it, so that the
// two documents of one scenario agree.
func ReportedLeader(ds *data.Dataset, code string, given bool) (string, bool) {
	if _, ok := ds.Index(code); !ok && !given {
		return "", false
	}
	return code, true
}

// RequireLeader checks the leader of an analysis that cannot run without
// one — the CLI's benchmark and benchmark paths, the HTTP API's benchmark
// runs — and returns its index in ds. code is the leader the user named
// (given) or the default, DefaultLeader. Where the default is not in a
// dataset of the user's own and none was named, it asks for a leader by
// field (the CLI's --leader, the API's "leader") and suggests the dataset's
// largest economy, rather than failing on a flag the user never set or
// taking that economy as a leader nobody chose. A leader named, or the
// default where ds has it, must be a country that can lead
// (data.Dataset.CheckCountry). Its errors are bad input naming field; the
// CLI and the API both decide by it, so that one scenario on one dataset is
// refused, or benchmarked against one leader, by both.
func RequireLeader(ds *data.Dataset, code string, given bool, field string) (int, error) {
	if _, ok := ReportedLeader(ds, code, given); !ok {
		// A flag is given as "--leader CODE", a request key as
		// "leader": "CODE".
		how := field + " CODE"
		if !strings.HasPrefix(field, "-") {
			how = fmt.Sprintf("%q: \"CODE\"", field)
		}
		msg := fmt.Sprintf("dataset %s has no %s, the default leader: name the leader with %s", ds.Name, code, how)
		if l := scenario.DefaultLeader(ds); l >= 0 {
			msg += fmt.Sprintf(" (its largest economy is %s)", ds.Countries[l].Code)
		}
		return -1, &errs.Error{Kind: errs.Invalid, Field: field, Err: errors.New(msg)}
	}
	i, err := ds.CheckCountry(code)
	if err != nil {
		return -1, &errs.Error{Kind: errs.Invalid, Field: field, Err: err}
	}
	return i, nil
}

// DocOptions are the reporting choices of a solve document that are not part
// of the scenario.
type DocOptions struct {
	// Leader is the country whose bilateral balances are reported; "" =
	// the scenario's leader (Leader).
	Leader string
	// NoLeader reports no leader (Leader is ignored): the default leader,
	// USA, is not in a dataset of the user's own and none was named, so
	// balances "with USA" would all read $0 bn (ReportedLeader).
	NoLeader bool
	// Target is the surplus economy shown beside the leader; "" = the
	// dataset's (scenario.DefaultTarget).
	Target    string
	Version   string // tradebloc version recorded in the provenance
	Bilateral bool   // include every bilateral flow
}

// Leader is the leader of a solved scenario: the one its retaliation block
// answers (named or found from the shocks), else the one its coalition
// block names, else the dataset's largest economy (scenario.LeaderOf). ""
// when the dataset has no GDP.
func Leader(out *Outcome) string {
	ds := out.Data
	if r := out.Compiled.Retaliation; r != nil {
		return ds.Countries[r.Leader].Code
	}
	if l := scenario.LeaderOf(out.Scenario, ds); l >= 0 {
		return ds.Countries[l].Code
	}
	return ""
}

// SolveDoc builds the `tradebloc solve --format json` document of a solved
// scenario. The CLI and the HTTP server both call it, so the API's result for
// a solve is by construction the CLI's document for the same scenario.
func SolveDoc(out *Outcome, o DocOptions) *report.SolveDoc {
	if o.NoLeader {
		o.Leader = ""
	} else if o.Leader == "" {
		o.Leader = Leader(out)
	}
	if o.Target == "" {
		l, ok := out.Data.Index(o.Leader)
		if !ok {
			l = -1
		}
		if t := scenario.DefaultTarget(out.Data, l); t >= 0 {
			o.Target = out.Data.Countries[t].Code
		}
	}
	sc := out.Scenario
	notes := out.Compiled.Notes
	if len(sc.Shocks) == 0 {
		// Every result is the baseline; a coalition-only scenario is the
		// usual way to get here, and its "results" must not read as a game's.
		what := ""
		if sc.Coalition != nil {
			what = ": its coalition: block is a game, played by `tradebloc coalition` and `tradebloc simulate` (`coalition --export` writes one membership as a plain scenario to solve)"
		}
		notes = append([]string{"the scenario has no shocks, so every result is the baseline" + what}, notes...)
	}
	doc := report.NewSolveDoc(report.SolveInput{
		Scenario: sc.Name, Description: sc.Description, Leader: o.Leader, Target: o.Target, Version: o.Version,
		Numeraire: NumeraireName(out.Result.Options, out.Data), Notes: notes,
		Data: out.Data, Base: out.Base, Result: out.Result, Bilateral: o.Bilateral,
		Transship: out.Compiled.Transship,
	})
	doc.NoShocks = len(sc.Shocks) == 0
	doc.Retaliation = retaliationDoc(out)
	return doc
}
