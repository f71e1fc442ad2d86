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
	"strings"

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
	// members picks today's coalition, its trade-policy units (the EU27 as
	// one); apply writes the mechanism's shocks for the countries that act.
	members func(x *world) []unit
	// defection says what defecting costs where it is more than not taking
	// part (cocom: the defector pays the Battle-Act penalty too).
	defection string
	// notUnited ends the unity text when the feature holds but a member
	// would defect; empty for the usual "holds only as long as members are
	// held to it", which would mislead where the feature is defection itself.
	notUnited string
	// specialDefect: the special units (Result.Special) take no part in the
	// measure (league-sanctions' defectors trade on), so the leverage the
	// measure has is the share of the other members alone.
	specialDefect bool
	apply         func(x *world, sh *shocks, acting []int)
	feature       func(x *world, r *outcome) Feature
}

// Feature is a playbook's defining feature, measured.
type Feature struct {
	Holds bool `json:"holds"`
	// Setting is who acts in the equilibrium the feature is measured in
	// ("every member takes part", "JPN and KOR trade on while the others
	// sanction"): the feature holds or fails there, not in general.
	Setting string             `json:"setting"`
	Text    string             `json:"text"`
	Values  map[string]float64 `json:"values"`
}

// commonPolicyRule ends every mechanism: who the players are
// (commonPolicyGroup).
const commonPolicyRule = ". An EU member never acts alone: the EU27, whose common commercial policy sets its members' tariffs, export controls and sanctions, counts as one partner and acts as one member (the same measures on outsiders for all its members, none between them) whenever the leader, the target or a pick is in it; its welfare is its members' GDP-weighted mean"

// All returns the playbooks in historical order.
func All() []*Playbook {
	out := []*Playbook{continental(), imperial(), league(), abcd(), cocom(), chicken(), opec()}
	for _, p := range out {
		p.Mechanism += commonPolicyRule
	}
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
	return nil, &errs.Error{Op: "playbooks", Kind: errs.Invalid, Err: fmt.Errorf("unknown playbook %q (playbooks: %s)", name, strings.Join(names, ", "))}
}
