package scenario

import (
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/data"
)

// RetaliationRule is how the partners of a leader answer its tariffs
// (`retaliation.rule`).
type RetaliationRule string

// The retaliation rules.
const (
	// RuleNone: no answer (the block may then be kept for later).
	RuleNone RetaliationRule = "none"
	// RuleReciprocal: each partner raises its tariff on the leader's goods,
	// sector by sector, to the rate it faces (a partner already above it
	// keeps its own rate: retaliation never cuts a tariff).
	RuleReciprocal RetaliationRule = "reciprocal"
	// RuleOptimal: each partner sets the uniform tariff on the leader's
	// goods that maximises its own welfare given the leader's tariffs and
	// the other partners' answers — their best responses to each other,
	// found by engine.Prepare (Ignatenko et al. 2025's "optimal
	// retaliation", partner by partner rather than by the rest of the world
	// as one).
	RuleOptimal RetaliationRule = "optimal"
)

// RetaliationSpec is the `retaliation:` block: the leader's partners answer
// its tariffs by a rule, after every shock and before transshipment.
type RetaliationSpec struct {
	Rule RetaliationRule
	// Countries are the partners that retaliate; empty = every partner
	// whose goods the leader's tariffs hit harder than at the baseline.
	Countries Selector
	// Leader is the country retaliated against; Name "" = the one importer
	// whose tariffs the shocks raise.
	Leader Ref
	Pos    Pos
	// Rates is filled by the engine for RuleOptimal: each partner's tariff
	// on the leader's goods (code → decimal, every goods sector), the
	// equilibrium of their best responses. Compile applies it; without it
	// Compile leaves the partners' tariffs alone and marks the retaliation
	// pending. It is not a key of the file.
	Rates map[string]float64
}

// Retaliation is a retaliation block resolved against a dataset.
type Retaliation struct {
	Rule   RetaliationRule
	Leader int
	// LeaderFound says the leader was not given but found as the only
	// importer whose tariffs the shocks raise.
	LeaderFound bool
	// Partners are the retaliating countries, in dataset order.
	Partners []int
	// Pending is set for RuleOptimal until the engine has found the rates
	// (engine.Prepare); the compiled tariffs then lack the answer.
	Pending bool
	// Rounds, Solves and Seconds describe the search for RuleOptimal,
	// filled by the engine.
	Rounds, Solves int
	Seconds        float64
}

var retaliationKeys = []string{"rule", "countries", "leader"}

// retaliation parses the `retaliation:` block.
func (p *parser) retaliation(n *yaml.Node) (*RetaliationSpec, error) {
	const path = "retaliation"
	f, err := p.mapping(n, path, retaliationKeys)
	if err != nil {
		return nil, err
	}
	rs := &RetaliationSpec{Pos: p.posOf(deref(n), path)}
	v, ok := f.get("rule")
	if !ok {
		return nil, p.missing(f, "rule", " (none, reciprocal or optimal)")
	}
	rule, err := p.oneOf(v, sub(path, "rule"), string(RuleNone), string(RuleReciprocal), string(RuleOptimal))
	if err != nil {
		return nil, err
	}
	rs.Rule = RetaliationRule(rule)
	if rs.Countries, err = p.optSelector(f, "countries"); err != nil {
		return nil, err
	}
	if v, ok := f.get("leader"); ok {
		if rs.Leader, err = p.ref(v, sub(path, "leader")); err != nil {
			return nil, err
		}
	}
	return rs, nil
}

// applyRetaliation resolves the leader and the partners on the tariffs the
// shocks left and applies the rule: reciprocal here, optimal from the
// rates the engine found (pending without them).
func (c *compiler) applyRetaliation(rs *RetaliationSpec) (*Retaliation, error) {
	if rs.Rule == RuleNone {
		return nil, nil
	}
	c.startTariffs()
	st := &c.tariff
	N, S := st.N, st.S
	r := &Retaliation{Rule: rs.Rule}
	if rs.Leader.Name != "" {
		l, ok := c.idx.country(rs.Leader.Name)
		if !ok {
			return nil, rs.Leader.Pos.orField("retaliation.leader").errorf("%s", c.idx.unknownCountry(rs.Leader.Name))
		}
		r.Leader = l
	} else {
		raised := c.raisingImporters()
		switch len(raised) {
		case 0:
			return nil, rs.Pos.errorf("no country's import tariffs rise in this scenario, so there is nothing to retaliate against; name the country with leader:")
		case 1:
			r.Leader, r.LeaderFound = raised[0], true
		default:
			names := make([]string, len(raised))
			for k, i := range raised {
				names[k] = c.ds.Countries[i].Code
			}
			if len(names) > 6 {
				names = append(names[:6], "…")
			}
			return nil, rs.Pos.errorf("the import tariffs of %d countries rise (%s): say whose tariffs the partners answer with leader:", len(raised), strings.Join(names, ", "))
		}
	}
	L := r.Leader
	// An aggregate unit (icio-2022's ROW) answers reciprocally as its
	// members would, each mirroring the rate it faces; it cannot
	// best-respond as one economy, so under the optimal rule it keeps its
	// tariffs.
	skip := func(i int) bool { return rs.Rule == RuleOptimal && c.ds.IsAggregate(i) }
	var skipped []string
	if rs.Countries == nil {
		for i := 0; i < N; i++ {
			for s := 0; s < S && i != L; s++ {
				if k := (i*N+L)*S + s; st.cur[k] > st.base[k] {
					if skip(i) {
						skipped = append(skipped, c.ds.Countries[i].Code)
					} else {
						r.Partners = append(r.Partners, i)
					}
					break
				}
			}
		}
		if len(r.Partners) == 0 {
			return nil, rs.Pos.errorf("%s raises no tariff on any partner, so no partner retaliates by default; name them with countries:", c.ds.Countries[L].Code)
		}
	} else {
		at := rs.Pos
		at.Field = "retaliation"
		cs, err := c.idx.countries(rs.Countries, at, "countries")
		if err != nil {
			return nil, err
		}
		for _, i := range cs {
			switch {
			case i == L: // a group or "*" may include the leader
			case skip(i):
				skipped = append(skipped, c.ds.Countries[i].Code)
			default:
				r.Partners = append(r.Partners, i)
			}
		}
		if len(r.Partners) == 0 {
			return nil, rs.Pos.errorf("countries: names no country but the leader %s", c.ds.Countries[L].Code)
		}
	}
	switch rs.Rule {
	case RuleReciprocal:
		for _, j := range r.Partners {
			for s := 0; s < S; s++ {
				faced := st.cur[(j*N+L)*S+s]
				if k := (L*N+j)*S + s; faced > st.cur[k] {
					st.cur[k] = faced
				}
			}
		}
	case RuleOptimal:
		if rs.Rates == nil {
			r.Pending = true
			break
		}
		for _, j := range r.Partners {
			x, ok := rs.Rates[c.ds.Countries[j].Code]
			if !ok || !(x > -1) {
				return nil, rs.Pos.errorf("internal: no optimal retaliation rate for %s", c.ds.Countries[j].Code)
			}
			for s := 0; s < S; s++ {
				// A rate on goods, as the engine's search set it
				// (optimal.GoodsSectors): services keep their tariffs.
				if !c.ds.IsServices(s) {
					st.cur[(L*N+j)*S+s] = x
				}
			}
		}
	}
	c.note(r.describe(c))
	if n := OneSidedBaselineNote(c.ds, L); n != "" {
		c.note(n)
	}
	if len(skipped) > 0 {
		c.note(fmt.Sprintf("retaliation: %s, an aggregate of economies, keeps its tariffs under the optimal rule: it cannot best-respond as one economy", strings.Join(skipped, ", ")))
	}
	return r, nil
}

// raisingImporters lists the countries with an import tariff above the
// baseline's after the shocks, in dataset order.
func (c *compiler) raisingImporters() []int {
	st := &c.tariff
	N, S := st.N, st.S
	up := make([]bool, N)
	for k, x := range st.cur {
		if x > st.base[k] {
			up[(k/S)%N] = true
		}
	}
	var out []int
	for j, u := range up {
		if u {
			out = append(out, j)
		}
	}
	return out
}

// describe is the note a compiled retaliation leaves in the outputs.
func (r *Retaliation) describe(c *compiler) string {
	lead := c.ds.Countries[r.Leader].Code
	how := ""
	if r.LeaderFound {
		how = fmt.Sprintf(" (%s found as the only country whose import tariffs the shocks raise)", lead)
	}
	who := fmt.Sprintf("%d partners", len(r.Partners))
	if len(r.Partners) <= 8 {
		codes := make([]string, len(r.Partners))
		for k, i := range r.Partners {
			codes[k] = c.ds.Countries[i].Code
		}
		sort.Strings(codes)
		who = strings.Join(codes, ", ")
	}
	switch r.Rule {
	case RuleReciprocal:
		return fmt.Sprintf("retaliation: reciprocal — %s raise their tariffs on %s's goods, sector by sector, to the rates %s charges them (a higher own rate is kept)%s", who, lead, lead, how)
	default:
		return fmt.Sprintf("retaliation: optimal — %s each set the uniform tariff on %s's goods that maximises their own welfare given %s's tariffs and each other's answers (a Nash equilibrium among them; docs/nash.md)%s", who, lead, lead, how)
	}
}

// OneSidedBaselineNote is the caveat of an answer to the US on a dataset
// whose US tariffs carry the record's pre-2025 duties
// (data.Dataset.USRecordInBaseline): the partners' own counter-tariffs of
// 2018–19 are not in the data, so a reciprocal answer that matches the US's
// whole rate includes a match of the Section 301 duties, and an optimal
// answer is measured from the applied average. "" on other datasets or
// when the leader is not the US.
func OneSidedBaselineNote(ds *data.Dataset, leader int) string {
	head := BaselineCaveat(ds, leader)
	if head == "" {
		return ""
	}
	return head + ", so a reciprocal answer that matches the US's whole rate also matches the 301 duties, and an optimal answer is measured from the average"
}

// BaselineCaveat is the first part of OneSidedBaselineNote, which a game
// whose answers add only the increase of the US's tariffs (package
// coalition) states alone.
func BaselineCaveat(ds *data.Dataset, leader int) string {
	if ds.USRecordInBaseline == "" || leader < 0 || ds.Countries[leader].Code != "USA" {
		return ""
	}
	chn := ""
	if i, ok := ds.Index("CHN"); ok {
		if num, den := ds.GoodsTariffSums(nil, leader, i); den > 0 {
			chn = fmt.Sprintf(" (China's on US goods: %.2f%%)", 100*num/den)
		}
	}
	return "the baseline carries the US's pre-2025 Section 232 and 301 duties (" + ds.USRecordInBaseline + ") but not its partners' counter-tariffs of 2018–19 " +
		"(China's were about 20% on US goods): their tariffs on the US start from their applied averages" + chn
}
