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
	// MemberRates replace MemberRate for the candidates they name
	// (member_terms.rates): a deal's own terms, or a rate on only the goods
	// the threat covers (Canada's and Mexico's USMCA goods stay free).
	MemberRates []MemberRate

	// ThreatSchedule (a US schedule name) or ThreatRate (an additional rate)
	// is what the leader puts on every non-member, targets included.
	ThreatSchedule string
	ThreatRate     float64
	// ThreatScheduleDate and ThreatScheduleSince date a us-record threat
	// (the record in force on that date, as a schedule shock's date and
	// since); "" for a named schedule, which has its own date.
	ThreatScheduleDate, ThreatScheduleSince string

	// ExternalMatch: members add the leader's increase on each target;
	// otherwise they add ExternalRate.
	ExternalMatch bool
	ExternalRate  float64

	// Retaliation is who the targets and the counter-bloc answer in kind:
	// none | mirror_leader | mirror_all. It follows TargetResponse unless
	// the file sets it (see the `retaliation` key in docs/scenarios.md).
	Retaliation string
	// TargetResponse is how the targets answer the bloc: none, reciprocal
	// (their tariff on the leader's and each member's goods rises by what
	// that country adds on theirs) or optimal (each target's best-response
	// uniform tariff on the bloc, found by the game for every membership).
	TargetResponse  string
	DefectorPenalty float64 // extra tariff on a member that leaves
	// Transshipment comes in two forms. The legacy one (`share`) lets a
	// share σ of a target's exports to the bloc escape through the
	// candidates that stayed out; the routes form (`elasticity`, with
	// `capacity`) reroutes the targets' goods through every conduit economy
	// as package transship does, with rerouted flows and dollar amounts.
	TransshipShare      float64 // σ (legacy form)
	TransshipCost       float64 // extra cost of re-routing, ad valorem (both forms)
	TransshipElasticity float64 // ε > 0 selects the routes form
	TransshipCapacity   float64 // routes form: share of a conduit's imports from the target it can re-export
	Objective           string  // leader's objective: welfare | deficit | target_surplus
	// CounterBloc is the counter-bloc what-if (nil = the defaults of
	// CounterBlocSpec with no members named).
	CounterBloc *CounterBlocSpec
}

// MemberRate is one candidate's member rate (member_terms.rates): the
// leader's additional tariff on that candidate once it joins. Name is a
// candidate's name as the block writes it (a code or a group, EU27).
type MemberRate struct {
	Name string
	Rate float64
	Pos  Pos
}

// CounterBlocSpec is the `counter_bloc:` key of a coalition: the candidates
// that side with the targets in the what-if, and the instrument the
// counter-bloc uses against the leader's bloc.
type CounterBlocSpec struct {
	// Members are candidate names (players, e.g. JPN, EU27); empty = the
	// two candidates with the largest current-account surpluses.
	Members Selector
	// Instrument is tariff (the counter-bloc answers the bloc's tariffs in
	// kind and trades freely inside) or export_restriction (the
	// counter-bloc's members and the targets restrict their sales of
	// Sectors to the leader and its members instead).
	Instrument string
	// Sectors restricted (export_restriction); empty = the vital inputs
	// (data.VitalInputs) where the dataset has them, else every sector.
	Sectors Selector
	// Rate is the export tax; Ban a near-prohibitive one (BanRate). Neither
	// given: a ban on the vital inputs, or a 25% tax on a one-sector world.
	Rate float64
	Ban  bool
	Pos  Pos
}

// Counter-bloc instruments and target responses.
const (
	InstrumentTariff            = "tariff"
	InstrumentExportRestriction = "export_restriction"
	ResponseNone                = "none"
	ResponseReciprocal          = "reciprocal"
	ResponseOptimal             = "optimal"
)

// DefaultCounterRestriction is the counter-bloc's export tax on a world
// without the vital-input sectors: a quarter, the order of the 1973
// embargo's cut in supply to the embargoed.
const DefaultCounterRestriction = 0.25

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
	"retaliation", "target_response", "defector_penalty", "transshipment", "objective", "counter_bloc"}

// coalition parses the `coalition:` block.
func (p *parser) coalition(n *yaml.Node) (*CoalitionSpec, error) {
	const path = "coalition"
	f, err := p.mapping(n, path, coalitionKeys)
	if err != nil {
		return nil, err
	}
	cs := &CoalitionSpec{
		Pos: p.posOf(deref(n), path), Leader: Ref{Name: "USA"}, MemberRate: 0.10,
		ThreatSchedule: "liberation-day", ExternalMatch: true, Retaliation: RetaliationMirrorAll, TargetResponse: ResponseReciprocal,
		Objective: ObjectiveWelfare,
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
		mf, err := p.mapping(v, sub(path, "member_terms"), []string{"rate", "rate_pct", "rates", "rates_pct", "baseline"})
		if err != nil {
			return nil, err
		}
		if _, err := p.atMostOne(mf, "rate", "rate_pct"); err != nil {
			return nil, err
		}
		rk, err := p.atMostOne(mf, "rates", "rates_pct")
		if err != nil {
			return nil, err
		}
		if r, ok := mf.get(rk); ok {
			if cs.MemberRates, err = p.memberRates(r, sub(path, "member_terms."+rk), rk); err != nil {
				return nil, err
			}
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
				if len(cs.MemberRates) > 0 {
					return nil, p.posOf(deref(b), sub(path, "member_terms.baseline")).errorf("baseline: true keeps every member's rate before the game; it contradicts %s (drop one)", rk)
				}
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
			// The same forms as a tariff shock's schedule: a name, or the
			// dated record {name: us-record, date[, since]}.
			var ts TariffShock
			if err := p.schedule(&ts, s, sub(path, "threat.schedule")); err != nil {
				return nil, err
			}
			if ts.TransshipPenalty != 0 {
				return nil, ts.TransshipPenaltyPos.errorf("a threat has no transship_penalty: the game's transshipment block sets how goods reroute")
			}
			cs.ThreatSchedule, cs.ThreatScheduleDate, cs.ThreatScheduleSince = ts.Schedule.Name, ts.ScheduleDate, ts.ScheduleSince
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
	// The target's answer: target_response names it; the older key
	// retaliation says whom it hits (mirror_leader: the leader only) and,
	// alone, implies it (none → none, mirror_* → reciprocal).
	rv, hasRet := f.get("retaliation")
	if hasRet {
		if cs.Retaliation, err = p.oneOf(rv, sub(path, "retaliation"), RetaliationNone, RetaliationMirrorLeader, RetaliationMirrorAll); err != nil {
			return nil, err
		}
		if cs.Retaliation == RetaliationNone {
			cs.TargetResponse = ResponseNone
		}
	}
	if v, ok := f.get("target_response"); ok {
		if cs.TargetResponse, err = p.oneOf(v, sub(path, "target_response"), ResponseNone, ResponseReciprocal, ResponseOptimal); err != nil {
			return nil, err
		}
		switch {
		case cs.TargetResponse == ResponseNone:
			cs.Retaliation = RetaliationNone
		case hasRet && cs.Retaliation == RetaliationNone:
			return nil, p.posOf(deref(rv), sub(path, "retaliation")).errorf("retaliation: none contradicts target_response: %s (drop one)", cs.TargetResponse)
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
		if err := p.coalitionTransship(v, cs); err != nil {
			return nil, err
		}
	}
	if v, ok := f.get("counter_bloc"); ok {
		if cs.CounterBloc, err = p.counterBloc(v); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// memberRates reads member_terms.rates: a map from candidate names to
// rates (decimals under key rates, percent under rates_pct).
func (p *parser) memberRates(n *yaml.Node, path, form string) ([]MemberRate, error) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil, p.posOf(n, path).errorf("want a map from candidates to rates, e.g. {CAN: 0.04}, got %s", kindName(n))
	}
	var out []MemberRate
	for k := 0; k+1 < len(n.Content); k += 2 {
		key := deref(n.Content[k])
		if key.Kind != yaml.ScalarNode || key.Tag == "!!null" || strings.TrimSpace(key.Value) == "" {
			return nil, p.posOf(key, path).errorf("want a candidate's name, got %s", kindName(key))
		}
		for _, prev := range out {
			if prev.Name == key.Value {
				return nil, p.posOf(key, sub(path, key.Value)).errorf("candidate %q given twice (first at line %d)", key.Value, prev.Pos.Line)
			}
		}
		at := sub(path, key.Value)
		r, err := p.rate(n.Content[k+1], at, form)
		if err != nil {
			return nil, err
		}
		out = append(out, MemberRate{Name: key.Value, Rate: r, Pos: p.posOf(key, at)})
	}
	return out, nil
}

// coalitionTransship reads coalition.transshipment: {share, cost} (legacy)
// or {elasticity, cost, capacity} (routes through every conduit).
func (p *parser) coalitionTransship(v *yaml.Node, cs *CoalitionSpec) error {
	const path = "coalition.transshipment"
	tf, err := p.mapping(v, path, []string{"share", "cost", "elasticity", "capacity"})
	if err != nil {
		return err
	}
	if _, err := p.atMostOne(tf, "share", "elasticity"); err != nil {
		return err
	}
	if s, ok := tf.get("share"); ok {
		if _, has := tf.get("capacity"); has {
			return p.posOf(deref(s), sub(path, "share")).errorf("capacity belongs to the routes form (elasticity), not to share")
		}
		if cs.TransshipShare, err = p.number(s, sub(path, "share")); err != nil {
			return err
		}
		if cs.TransshipShare < 0 || cs.TransshipShare > 1 {
			return p.posOf(deref(s), sub(path, "share")).errorf("want a share from 0 to 1, got %g", cs.TransshipShare)
		}
	}
	if e, ok := tf.get("elasticity"); ok {
		if cs.TransshipElasticity, err = p.number(e, sub(path, "elasticity")); err != nil {
			return err
		}
		if !(cs.TransshipElasticity > 0) {
			return p.posOf(deref(e), sub(path, "elasticity")).errorf("want an elasticity > 0, got %g", cs.TransshipElasticity)
		}
		cs.TransshipCapacity = DefaultTransshipCapacity
		if c, ok := tf.get("capacity"); ok {
			if cs.TransshipCapacity, err = p.number(c, sub(path, "capacity")); err != nil {
				return err
			}
			if !(cs.TransshipCapacity > 0 && cs.TransshipCapacity <= 1) {
				return p.posOf(deref(c), sub(path, "capacity")).errorf("want a share in (0, 1], got %g", cs.TransshipCapacity)
			}
		}
	} else if c, ok := tf.get("capacity"); ok {
		return p.posOf(deref(c), sub(path, "capacity")).errorf("capacity needs elasticity (the routes form of transshipment)")
	}
	if c, ok := tf.get("cost"); ok {
		if cs.TransshipCost, err = p.number(c, sub(path, "cost")); err != nil {
			return err
		}
		if cs.TransshipCost < 0 {
			return p.posOf(deref(c), sub(path, "cost")).errorf("want a cost ≥ 0, got %g", cs.TransshipCost)
		}
	}
	return nil
}

// counterBloc reads coalition.counter_bloc.
func (p *parser) counterBloc(n *yaml.Node) (*CounterBlocSpec, error) {
	const path = "coalition.counter_bloc"
	f, err := p.mapping(n, path, []string{"members", "instrument", "sectors", "rate", "rate_pct", "ban"})
	if err != nil {
		return nil, err
	}
	cb := &CounterBlocSpec{Instrument: InstrumentTariff, Pos: p.posOf(deref(n), path)}
	if v, ok := f.get("members"); ok {
		if cb.Members, err = p.selector(v, sub(path, "members")); err != nil {
			return nil, err
		}
	}
	if v, ok := f.get("instrument"); ok {
		if cb.Instrument, err = p.oneOf(v, sub(path, "instrument"), InstrumentTariff, InstrumentExportRestriction); err != nil {
			return nil, err
		}
	}
	form, err := p.atMostOne(f, "rate", "rate_pct", "ban")
	if err != nil {
		return nil, err
	}
	_, hasSectors := f.get("sectors")
	if cb.Instrument == InstrumentTariff && (form != "" || hasSectors) {
		k := form
		if k == "" {
			k = "sectors"
		}
		v, _ := f.get(k)
		return nil, p.posOf(deref(v), sub(path, k)).errorf("%s belongs to instrument: export_restriction", k)
	}
	if hasSectors {
		v, _ := f.get("sectors")
		if cb.Sectors, err = p.selector(v, sub(path, "sectors")); err != nil {
			return nil, err
		}
	}
	switch form {
	case "ban":
		v, _ := f.get(form)
		if cb.Ban, err = p.boolean(v, sub(path, "ban")); err != nil {
			return nil, err
		}
		if !cb.Ban {
			return nil, p.posOf(deref(v), sub(path, "ban")).errorf("ban: false restricts nothing; give a rate instead")
		}
		cb.Rate = BanRate
	case "rate", "rate_pct":
		v, _ := f.get(form)
		base, pct := rateForm(form)
		if cb.Rate, err = p.rateValue(v, sub(path, form), base, pct, false); err != nil {
			return nil, err
		}
		if !(cb.Rate > 0) {
			return nil, p.posOf(deref(v), sub(path, form)).errorf("want an export tax > 0, got %v", cb.Rate)
		}
	}
	return cb, nil
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

// ResolveSectors resolves a sector selector against a dataset to sector
// indices, with errors located like ResolveCountries'.
func ResolveSectors(ds *data.Dataset, sel Selector, key string) ([]int, error) {
	return newIndex(ds).sectorsOf(sel, Pos{}, key)
}

// ResolveCountries resolves a selector (codes, groups, "*") against a
// dataset to country indices in dataset order, with errors located at the
// selector's position (field key for selectors built in code).
func ResolveCountries(ds *data.Dataset, sel Selector, key string) ([]int, error) {
	return newIndex(ds).countries(sel, Pos{}, key)
}
