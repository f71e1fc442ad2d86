// Package playbook applies history's coalition playbooks to today's data:
// each precedent of the seed essay (Imperial Preference, the Continental
// System, CoCom and the Battle Act, the ABCD embargo, the EEC's common
// external tariff and the Chicken War, the OPEC embargo, the League of
// Nations' sanctions on Italy) is encoded as its mechanism on the model —
// who acts, on which flows, by how much — solved on the embedded data with
// a leader and a target of the user's choice, and measured by the four
// lessons of history (unity, leverage, integration, counter-bloc
// absorption). Where the sanctions datasets in ../shared/data/external
// (TIES, Martin 1992) speak to a playbook, their statistics are computed at
// run time from the files (they are not embedded).
package playbook

import (
	"fmt"
	"sort"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// Account is the historical episode.
type Account struct {
	Dates   string   `json:"dates"`
	Members string   `json:"members"`
	Outcome string   `json:"outcome"`
	Sources []string `json:"sources"`
}

// Playbook is one precedent.
type Playbook struct {
	Name      string  `json:"name"`
	Period    string  `json:"period"`
	Summary   string  `json:"summary"`
	Mechanism string  `json:"mechanism"`
	Account   Account `json:"account"`
	Sanctions bool    `json:"-"` // the sanctions datasets speak to it
	// Reverse: the coalition acts against the leader (the producers'
	// embargo); lessons then treat the leader as the side under pressure.
	Reverse bool `json:"-"`
	// ImportSide: the measure cuts what the target buys (export controls,
	// a suppliers' embargo), so absorption is measured on its imports.
	ImportSide bool `json:"-"`
	// members picks today's coalition; apply writes the mechanism's shocks
	// for the members that act.
	members func(x *world) []int
	apply   func(x *world, sh *shocks, acting []int)
	feature func(x *world, r *outcome) Feature
}

// Feature is a playbook's defining feature, measured.
type Feature struct {
	Holds  bool               `json:"holds"`
	Text   string             `json:"text"`
	Values map[string]float64 `json:"values"`
}

// All returns the playbooks in historical order.
func All() []*Playbook {
	out := []*Playbook{continental(), imperial(), league(), abcd(), cocom(), chicken(), opec()}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Period < out[j].Period })
	return out
}

// Lookup finds a playbook by name.
func Lookup(name string) (*Playbook, error) {
	var names []string
	for _, p := range All() {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return nil, &errs.Error{Op: "playbooks", Kind: errs.Invalid, Err: fmt.Errorf("unknown playbook %q (playbooks: %v)", name, names)}
}

// topPartners are the leader's k largest partners by two-way trade, other
// than the excluded economies and aggregates (ROW), which are not players.
func topPartners(ds *data.Dataset, l int, k int, exclude ...int) []int {
	type pt struct {
		c int
		v float64
	}
	var ps []pt
	for c := range ds.Countries {
		skip := c == l || ds.IsAggregate(c)
		for _, e := range exclude {
			skip = skip || c == e
		}
		if !skip {
			ps = append(ps, pt{c, ds.Flow(c, l) + ds.Flow(l, c)})
		}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].v > ps[b].v })
	var out []int
	for _, p := range ps[:min(k, len(ps))] {
		out = append(out, p.c)
	}
	return out
}

// topSuppliers are the k largest exporters to c, other than the excluded
// and aggregates.
func topSuppliers(ds *data.Dataset, c, k int, exclude ...int) []int {
	type pt struct {
		s int
		v float64
	}
	var ps []pt
	for s := range ds.Countries {
		skip := s == c || ds.IsAggregate(s)
		for _, e := range exclude {
			skip = skip || s == e
		}
		if !skip {
			ps = append(ps, pt{s, ds.Flow(s, c)})
		}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].v > ps[b].v })
	var out []int
	for _, p := range ps[:min(k, len(ps))] {
		out = append(out, p.s)
	}
	return out
}
