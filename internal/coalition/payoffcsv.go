package coalition

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/numparse"
	"github.com/tradebloc/tradebloc/internal/report"
)

// StabilityResult is the output of `tradebloc coalition stability`: the same
// `stable` list as the full game, computed on a payoff table from elsewhere.
type StabilityResult struct {
	Players []string    `json:"players"`
	Leader  string      `json:"leader,omitempty"`
	Stable  []StableDoc `json:"stable"`
}

// StabilityFromCSV reads a payoff table (CSV members,country,payoff; members
// joined by "+", empty for none) and finds its stable coalitions, ranked by
// the leader's payoff when a leader is named, else by size. Errors name the
// file, line and field.
func StabilityFromCSV(r io.Reader, file, leader string) (*StabilityResult, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	bad := func(line int, field, format string, args ...any) error {
		return errs.Invalidf(file, line, field, format, args...)
	}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, bad(1, "", "empty file: want a header row members,country,payoff")
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, bad(pe.Line, "", "malformed CSV: %v", pe.Err)
		}
		return nil, bad(1, "", "malformed CSV: %v", err)
	}
	// The columns are exactly these, as in a dataset's files: an unknown
	// one (a misspelt "payofs", a "sector" that the table cannot hold)
	// is refused rather than ignored.
	known := []string{"members", "country", "payoff"}
	col := map[string]int{}
	for k, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !slices.Contains(known, h) {
			hint := ""
			if g := errs.Suggest(h, known); g != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", g)
			}
			return nil, bad(1, h, "unknown column %q%s: want the columns members,country,payoff", h, hint)
		}
		if _, dup := col[h]; dup {
			return nil, bad(1, h, "column %q given twice", h)
		}
		col[h] = k
	}
	for _, need := range known {
		if _, ok := col[need]; !ok {
			return nil, bad(1, need, "missing column %q (want members,country,payoff)", need)
		}
	}
	type row struct {
		members []string
		country string
		payoff  float64
		line    int
	}
	var rows []row
	playerIdx := map[string]int{}
	var players []string
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, bad(pe.Line, "", "malformed CSV: %v", pe.Err)
			}
			return nil, bad(line, "", "malformed CSV: %v", err)
		}
		if len(rec) != len(header) {
			return nil, bad(line, "", "%d fields, want %d", len(rec), len(header))
		}
		var ms []string
		if s := strings.TrimSpace(rec[col["members"]]); s != "" {
			for _, m := range strings.Split(s, "+") {
				m = strings.TrimSpace(m)
				if m == "" {
					return nil, bad(line, "members", "empty code in %q", s)
				}
				ms = append(ms, m)
				if _, ok := playerIdx[m]; !ok {
					playerIdx[m] = len(players)
					players = append(players, m)
				}
			}
		}
		country := strings.TrimSpace(rec[col["country"]])
		if country == "" {
			return nil, bad(line, "country", "empty country code")
		}
		cell := strings.TrimSpace(rec[col["payoff"]])
		v, err := numparse.Float(cell)
		if err != nil {
			return nil, bad(line, "payoff", "%s", numparse.Explain(cell, err))
		}
		rows = append(rows, row{ms, country, v, line})
	}
	K := len(players)
	if K == 0 {
		return nil, bad(1, "members", "no coalition has any member: nothing to analyse")
	}
	if K > MaxPlayers {
		return nil, bad(1, "members", "%d players need a table of 2^%d memberships; at most %d players", K, K, MaxPlayers)
	}
	tab := &Table{Players: players, Payoff: make([][]float64, 1<<K)}
	have := make([][]bool, 1<<K)
	all := map[Mask]map[string]float64{}
	for _, r := range rows {
		var m Mask
		for _, c := range r.members {
			if m.Has(playerIdx[c]) {
				return nil, bad(r.line, "members", "%s listed twice", c)
			}
			m |= 1 << playerIdx[c]
		}
		if tab.Payoff[m] == nil {
			tab.Payoff[m] = make([]float64, K)
			have[m] = make([]bool, K)
			all[m] = map[string]float64{}
		}
		if _, dup := all[m][r.country]; dup {
			return nil, bad(r.line, "country", "a second payoff for %s in coalition %q", r.country, strings.Join(r.members, "+"))
		}
		all[m][r.country] = r.payoff
		if p, ok := playerIdx[r.country]; ok {
			tab.Payoff[m][p] = r.payoff
			have[m][p] = true
		}
	}
	for m := range tab.Payoff {
		for p := 0; p < K; p++ {
			if have[m] == nil || !have[m][p] {
				return nil, bad(0, "payoff", "missing payoff of %s in coalition %q: the table needs every player's payoff in every one of the %d memberships",
					players[p], strings.Join(namesOf(Mask(m), players), "+"), 1<<K)
			}
		}
	}
	score := func(m Mask) float64 { return float64(m.Size()) }
	if leader != "" {
		if err := checkLeaderInTable(all, leader, file); err != nil {
			return nil, err
		}
		for m := range all {
			if _, ok := all[m][leader]; !ok {
				return nil, bad(0, "country", "--leader %s: no payoff for %s in coalition %q", leader, leader, strings.Join(namesOf(m, players), "+"))
			}
		}
		score = func(m Mask) float64 { return all[m][leader] }
	}
	res := &StabilityResult{Players: players, Leader: leader, Stable: []StableDoc{}}
	for _, v := range tab.Stable(score) {
		d := StableDoc{Members: namesOf(v.Members, players), InternallyStable: v.InternallyStable,
			ExternallyStable: v.ExternallyStable, GroupStable: v.GroupStable, WelfarePct: all[v.Members], LeaderObjective: score(v.Members)}
		res.Stable = append(res.Stable, d)
	}
	return res, nil
}

// checkLeaderInTable refuses a --leader that has no payoff anywhere in the
// table: the flag is at fault, not the file (a leader missing from some
// coalitions only is the table's gap, reported at its rows).
func checkLeaderInTable(all map[Mask]map[string]float64, leader, file string) error {
	countries := map[string]bool{}
	for _, pays := range all {
		for c := range pays {
			countries[c] = true
		}
	}
	if countries[leader] {
		return nil
	}
	list := make([]string, 0, len(countries))
	for c := range countries {
		list = append(list, c)
	}
	sort.Strings(list)
	hint := ""
	if up := strings.ToUpper(leader); up != leader && countries[up] {
		hint = " (country codes are upper case: " + up + ")"
	}
	return &errs.Error{Op: "coalition stability", Kind: errs.Invalid, Field: "--leader",
		Err: fmt.Errorf("%s has no payoff in %s%s (its countries: %s)", leader, file, hint, strings.Join(list, ", "))}
}

func namesOf(m Mask, players []string) []string {
	out := []string{}
	for p, n := range players {
		if m.Has(p) {
			out = append(out, n)
		}
	}
	return out
}

// Table renders the stable coalitions for people.
func (s *StabilityResult) Table() *report.Table {
	t := &report.Table{Title: fmt.Sprintf("Stable coalitions among %s", strings.Join(s.Players, ", ")),
		Columns: []string{"#", "members", "internal", "external", "group", "payoffs"}, Numeric: []bool{true}}
	for k, d := range s.Stable {
		keys := make([]string, 0, len(d.WelfarePct))
		for c := range d.WelfarePct {
			keys = append(keys, c)
		}
		sort.Strings(keys)
		var ps []string
		for _, c := range keys {
			ps = append(ps, fmt.Sprintf("%s %.4g", c, d.WelfarePct[c]))
		}
		t.Add(fmt.Sprint(k+1), members(d.Members), yes(d.InternallyStable), yes(d.ExternallyStable), yes(d.GroupStable), strings.Join(ps, ", "))
	}
	if len(s.Stable) == 0 {
		t.Notes = append(t.Notes, "No coalition is both internally and externally stable.")
	}
	return t
}
