package scenario

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/data"
)

// CoalitionSpec is the `coalition:` block of a scenario: the bloc game that
// package coalition plays on top of the scenario's own shocks. Rates are
// decimals. How each key becomes model shocks is documented in
// docs/scenarios.md and in package coalition.
type CoalitionSpec struct {
	Pos Pos

	Leader  Ref      // the bloc's leader (USA)
	Targets Selector // the persistent-surplus economies the bloc tariffs; empty = default rule
	// Candidates are the players; empty with Top > 0 = the Top partners by
	// trade with the leader (excluding targets).
	Candidates Selector
	Top        int

	// MemberRate is the leader's additional tariff on members (the 10% floor
	// by default); MemberBaseline means members keep their pre-2025 rate.
	MemberRate     float64
	MemberBaseline bool

	// ThreatSchedule (a US schedule name) or ThreatRate (an additional rate)
	// is what the leader puts on every non-member, targets included.
	ThreatSchedule string
	ThreatRate     float64

	// ExternalMatch: members add the leader's increase on each target;
	// otherwise they add ExternalRate.
	ExternalMatch bool
	ExternalRate  float64

	Retaliation     string  // none | mirror_leader | mirror_all
	DefectorPenalty float64 // extra tariff on a member that leaves
	TransshipShare  float64 // share of a target's exports to the bloc that can be re-routed
	TransshipCost   float64 // extra cost of re-routing, ad valorem
	Objective       string  // leader's objective: welfare | deficit | target_surplus
}

// Retaliation and objective values.
const (
	RetaliationNone         = "none"
	RetaliationMirrorLeader = "mirror_leader"
	RetaliationMirrorAll    = "mirror_all"
	ObjectiveWelfare        = "welfare"
	ObjectiveDeficit        = "deficit"
	ObjectiveTargetSurplus  = "target_surplus"
)

var coalitionKeys = []string{"leader", "targets", "candidates", "member_terms", "threat", "external_tariff", "external_tariff_pct",
	"retaliation", "defector_penalty", "transshipment", "objective"}

// coalition parses the `coalition:` block.
func (p *parser) coalition(n *yaml.Node) (*CoalitionSpec, error) {
	const path = "coalition"
	f, err := p.mapping(n, path, coalitionKeys)
	if err != nil {
		return nil, err
	}
	cs := &CoalitionSpec{
		Pos: p.posOf(deref(n), path), Leader: Ref{Name: "USA"}, MemberRate: 0.10,
		ThreatSchedule: "liberation-day", ExternalMatch: true, Retaliation: RetaliationNone, Objective: ObjectiveWelfare,
	}
	if v, ok := f.get("leader"); ok {
		if cs.Leader, err = p.ref(v, sub(path, "leader")); err != nil {
			return nil, err
		}
	}
	if v, ok := f.get("targets"); ok {
		if cs.Targets, err = p.selector(v, sub(path, "targets")); err != nil {
			return nil, err
		}
	}
	if v, ok := f.get("candidates"); ok {
		if err := p.candidates(v, cs); err != nil {
			return nil, err
		}
	}
	if v, ok := f.get("member_terms"); ok {
		mf, err := p.mapping(v, sub(path, "member_terms"), []string{"rate", "rate_pct", "baseline"})
		if err != nil {
			return nil, err
		}
		if _, err := p.atMostOne(mf, "rate", "rate_pct"); err != nil {
			return nil, err
		}
		for _, k := range []string{"rate", "rate_pct"} {
			if r, ok := mf.get(k); ok {
				if cs.MemberRate, err = p.rate(r, sub(path, "member_terms."+k), k); err != nil {
					return nil, err
				}
			}
		}
		if b, ok := mf.get("baseline"); ok {
			if cs.MemberBaseline, err = p.boolean(b, sub(path, "member_terms.baseline")); err != nil {
				return nil, err
			}
			if cs.MemberBaseline {
				cs.MemberRate = 0
			}
		}
	}
	if v, ok := f.get("threat"); ok {
		tf, err := p.mapping(v, sub(path, "threat"), []string{"schedule", "rate", "rate_pct"})
		if err != nil {
			return nil, err
		}
		rk, err := p.atMostOne(tf, "rate", "rate_pct")
		if err != nil {
			return nil, err
		}
		s, hasS := tf.get("schedule")
		r, hasR := tf.get(rk)
		switch {
		case hasS && hasR:
			return nil, p.posOf(deref(v), sub(path, "threat")).errorf("give a schedule or a rate, not both")
		case hasS:
			if cs.ThreatSchedule, err = p.text(s, sub(path, "threat.schedule")); err != nil {
				return nil, err
			}
			if _, ok := lookupSchedule(cs.ThreatSchedule); !ok {
				return nil, p.posOf(deref(s), sub(path, "threat.schedule")).errorf("unknown tariff schedule %q", cs.ThreatSchedule)
			}
		case hasR:
			cs.ThreatSchedule = ""
			if cs.ThreatRate, err = p.rate(r, sub(path, "threat."+rk), rk); err != nil {
				return nil, err
			}
		}
	}
	ek, err := p.atMostOne(f, "external_tariff", "external_tariff_pct")
	if err != nil {
		return nil, err
	}
	if v, ok := f.get(ek); ok {
		v = deref(v)
		if v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Value == "match" {
			if ek != "external_tariff" {
				return nil, p.posOf(v, sub(path, ek)).errorf("want a number of percent, got \"match\" (write external_tariff: match)")
			}
		} else {
			cs.ExternalMatch = false
			if cs.ExternalRate, err = p.rate(v, sub(path, ek), ek); err != nil {
				return nil, err
			}
		}
	}
	if v, ok := f.get("retaliation"); ok {
		if cs.Retaliation, err = p.oneOf(v, sub(path, "retaliation"), RetaliationNone, RetaliationMirrorLeader, RetaliationMirrorAll); err != nil {
			return nil, err
		}
	}
	if v, ok := f.get("objective"); ok {
		if cs.Objective, err = p.oneOf(v, sub(path, "objective"), ObjectiveWelfare, ObjectiveDeficit, ObjectiveTargetSurplus); err != nil {
			return nil, err
		}
	}
	if v, ok := f.get("defector_penalty"); ok {
		if cs.DefectorPenalty, err = p.number(v, sub(path, "defector_penalty")); err != nil {
			return nil, err
		}
		if cs.DefectorPenalty < 0 {
			return nil, p.posOf(deref(v), sub(path, "defector_penalty")).errorf("want a penalty ≥ 0, got %g", cs.DefectorPenalty)
		}
	}
	if v, ok := f.get("transshipment"); ok {
		tf, err := p.mapping(v, sub(path, "transshipment"), []string{"share", "cost"})
		if err != nil {
			return nil, err
		}
		if s, ok := tf.get("share"); ok {
			if cs.TransshipShare, err = p.number(s, sub(path, "transshipment.share")); err != nil {
				return nil, err
			}
			if cs.TransshipShare < 0 || cs.TransshipShare > 1 {
				return nil, p.posOf(deref(s), sub(path, "transshipment.share")).errorf("want a share from 0 to 1, got %g", cs.TransshipShare)
			}
		}
		if c, ok := tf.get("cost"); ok {
			if cs.TransshipCost, err = p.number(c, sub(path, "transshipment.cost")); err != nil {
				return nil, err
			}
			if cs.TransshipCost < 0 {
				return nil, p.posOf(deref(c), sub(path, "transshipment.cost")).errorf("want a cost ≥ 0, got %g", cs.TransshipCost)
			}
		}
	}
	return cs, nil
}

// candidates reads a list of codes/groups or {top: K}.
func (p *parser) candidates(n *yaml.Node, cs *CoalitionSpec) error {
	const path = "coalition.candidates"
	if d := deref(n); d.Kind == yaml.MappingNode {
		f, err := p.mapping(d, path, []string{"top"})
		if err != nil {
			return err
		}
		v, ok := f.get("top")
		if !ok {
			return p.missing(f, "top", ": the number of largest partners of the leader")
		}
		k, err := p.number(v, sub(path, "top"))
		if err != nil {
			return err
		}
		if k < 1 || k != float64(int(k)) {
			return p.posOf(deref(v), sub(path, "top")).errorf("want a whole number ≥ 1, got %g", k)
		}
		cs.Top = int(k)
		return nil
	}
	var err error
	cs.Candidates, err = p.selector(n, path)
	return err
}

// rate reads a tariff rate (> −1) under key: a decimal, or a percent when
// key ends in _pct or the value in "%".
func (p *parser) rate(n *yaml.Node, path, key string) (float64, error) {
	base, pct := rateForm(key)
	r, err := p.rateValue(n, path, base, pct, false)
	if err != nil {
		return 0, err
	}
	if r <= -1 {
		return 0, p.posOf(deref(n), path).errorf("a tariff rate must be above -1 (-100%%), got %s", deref(n).Value)
	}
	return r, nil
}

// oneOf reads one of a fixed set of words.
func (p *parser) oneOf(n *yaml.Node, path string, words ...string) (string, error) {
	s, err := p.text(n, path)
	if err != nil {
		return "", err
	}
	if !contains(words, s) {
		return "", p.posOf(deref(n), path).errorf("want one of %s, got %q", strings.Join(words, ", "), s)
	}
	return s, nil
}

// ResolveCountries resolves a selector (codes, groups, "*") against a
// dataset to country indices in dataset order, with errors located at the
// selector's position (field key for selectors built in code).
func ResolveCountries(ds *data.Dataset, sel Selector, key string) ([]int, error) {
	return newIndex(ds).countries(sel, Pos{}, key)
}
