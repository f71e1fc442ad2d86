package scenario

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// DefaultTop is how many of the leader's largest partners are the candidates
// when a coalition block names none.
const DefaultTop = 12

// Candidate is a resolved candidate of a coalition block: one country, or a
// group (EU27) acting as one player.
type Candidate struct {
	Name      string
	Countries []int
	// MemberRate is the leader's additional tariff on it once it joins:
	// member_terms.rates for it, else member_terms.rate (0 with baseline).
	MemberRate float64
}

// ResolvedCoalition is a coalition block resolved against a dataset. The
// coalition game and the negotiation simulator both start from it, so they
// agree on who plays.
type ResolvedCoalition struct {
	Leader     int
	Targets    []int
	Candidates []Candidate
	// DefaultTargets is set when the block named no targets and the largest
	// current-account surplus economy was taken.
	DefaultTargets bool
	// AliasOf maps each target added because US tariff law counts it as
	// part of a named target (Hong Kong and Macau with China,
	// tariffs.Aliases) to that target.
	AliasOf map[int]int
}

func coalitionError(format string, args ...any) error {
	return &errs.Error{Op: "coalition", Kind: errs.Invalid, Field: "coalition", Err: fmt.Errorf(format, args...)}
}

// Resolve resolves the block on ds: the leader (one country), the targets
// (named, or the economy with the largest current-account surplus in USD,
// 2024, plus the territories US tariffs count as part of a target: Hong Kong
// and Macau with China), and the candidates (named codes or groups, or the leader's Top
// largest partners by two-way trade, targets excluded). A country may be
// only one of leader, target and candidate.
func (cs *CoalitionSpec) Resolve(ds *data.Dataset) (*ResolvedCoalition, error) {
	rc := &ResolvedCoalition{}
	idx, err := ResolveCountries(ds, Selector{cs.Leader}, "coalition.leader")
	if err != nil {
		return nil, err
	}
	if len(idx) != 1 {
		return nil, coalitionError("coalition.leader: %q names %d countries; want one", cs.Leader.Name, len(idx))
	}
	rc.Leader = idx[0]
	role := make([]string, ds.N())
	// An aggregate (ROW) is not a country: it cannot lead, be targeted or
	// join, and the default candidates and target skip it.
	for i := range ds.Countries {
		if ds.IsAggregate(i) {
			role[i] = "an aggregate"
		}
	}
	if role[rc.Leader] != "" {
		return nil, aggregateError(ds, rc.Leader, "coalition.leader")
	}
	role[rc.Leader] = "the leader"
	if len(cs.Targets) > 0 {
		if rc.Targets, err = ResolveCountries(ds, cs.Targets, "coalition.targets"); err != nil {
			return nil, err
		}
	} else {
		rc.Targets, rc.DefaultTargets = []int{largestSurplus(ds, rc.Leader)}, true
	}
	for _, t := range rc.Targets {
		if ds.IsAggregate(t) {
			return nil, aggregateError(ds, t, "coalition.targets")
		}
		if t == rc.Leader {
			return nil, coalitionError("coalition: the leader %s cannot be a target", ds.Countries[t].Code)
		}
		role[t] = "a target"
	}
	rc.addAliasTargets(ds, role)
	add := func(name string, members []int) error {
		c := Candidate{Name: name}
		for _, i := range members {
			switch role[i] {
			case "":
			case "a target":
				if t, ok := rc.AliasOf[i]; ok {
					return coalitionError("coalition.candidates: %s is a target: US tariffs count it as part of %s (EO 14257 Annex I, \"China, including Hong Kong and Macau\"), so it is targeted with it", ds.Countries[i].Code, ds.Countries[t].Code)
				}
				return coalitionError("coalition.candidates: %s is a target; a country cannot be both a candidate and a target", ds.Countries[i].Code)
			case "the leader":
				return coalitionError("coalition.candidates: %s is the leader, not a candidate", ds.Countries[i].Code)
			case "an aggregate":
				if len(members) == 1 {
					return aggregateError(ds, i, "coalition.candidates")
				}
				continue // a group's members only ever include countries; "*" would not
			default:
				return coalitionError("coalition.candidates: %s appears twice (in %s and %s)", ds.Countries[i].Code, role[i], name)
			}
			role[i] = name
			c.Countries = append(c.Countries, i)
		}
		rc.Candidates = append(rc.Candidates, c)
		return nil
	}
	if len(cs.Candidates) > 0 {
		for _, r := range cs.Candidates {
			members, err := ResolveCountries(ds, Selector{r}, "coalition.candidates")
			if err != nil {
				return nil, err
			}
			if err := add(r.Name, members); err != nil {
				return nil, err
			}
		}
	} else {
		k := cs.Top
		if k == 0 {
			k = DefaultTop
		}
		// The partners are trade-policy units: an EU member enters as the
		// EU27 (data.PolicyUnit), ranked by its members' trade together,
		// as a named EU27 candidate would be.
		type partner struct {
			name    string
			members []int
			trade   float64
		}
		var ps []partner
		for _, u := range ds.PolicyUnits() {
			p := partner{name: u.Name}
			for _, m := range u.Members {
				if role[m] == "" {
					p.members = append(p.members, m)
					p.trade += ds.Flow(m, rc.Leader) + ds.Flow(rc.Leader, m)
				}
			}
			if len(p.members) > 0 {
				ps = append(ps, p)
			}
		}
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].trade > ps[b].trade })
		for _, p := range ps[:min(k, len(ps))] {
			if err := add(p.name, p.members); err != nil {
				return nil, err
			}
		}
	}
	if len(rc.Candidates) == 0 {
		return nil, coalitionError("coalition: no candidates")
	}
	if err := cs.resolveMemberRates(rc.Candidates); err != nil {
		return nil, err
	}
	return rc, nil
}

// resolveMemberRates gives each candidate its member rate, refusing a
// rate for a name that is not a candidate. When the candidates are the
// leader's top partners (Top, as `--top K` sets them), a rate for a partner
// outside the top K is the terms it would get as a candidate, not an error:
// `simulate coalition-of-the-compelled --top 2` refused Canada's rate.
func (cs *CoalitionSpec) resolveMemberRates(cands []Candidate) error {
	for k := range cands {
		cands[k].MemberRate = cs.MemberRate
	}
	for _, mr := range cs.MemberRates {
		k := slices.IndexFunc(cands, func(c Candidate) bool { return c.Name == mr.Name })
		if k < 0 && cs.Top > 0 && len(cs.Candidates) == 0 {
			continue
		}
		if k < 0 {
			names := make([]string, len(cands))
			for i, c := range cands {
				names[i] = c.Name
			}
			return mr.Pos.errorf("%q is not a candidate, so it has no member terms (candidates: %s)", mr.Name, strings.Join(names, ", "))
		}
		cands[k].MemberRate = mr.Rate
	}
	return nil
}

// aggregateError refuses an aggregate unit in a role only a country can
// play.
func aggregateError(ds *data.Dataset, i int, key string) error {
	c := ds.Countries[i]
	return coalitionError("%s: %s stands for %d economies (%s members.csv), not a country; it cannot play in the coalition game", key, c.Code, len(ds.Members[c.Code]), ds.Name)
}

// addAliasTargets adds to the targets the territories that pay a target's
// US rate (tariffs.AliasesOf: HKG and MAC for CHN) and are in the dataset,
// so that the bloc's tariffs cannot be escaped through them; the leader's
// threat, a US schedule, already gives them the target's rate.
func (rc *ResolvedCoalition) addAliasTargets(ds *data.Dataset, role []string) {
	for _, t := range slices.Clone(rc.Targets) {
		for _, code := range tariffs.AliasesOf(ds.Countries[t].Code) {
			i, ok := ds.Index(code)
			if !ok || i == rc.Leader || role[i] != "" {
				continue
			}
			if rc.AliasOf == nil {
				rc.AliasOf = map[int]int{}
			}
			rc.Targets = append(rc.Targets, i)
			rc.AliasOf[i] = t
			role[i] = "a target"
		}
	}
}

// largestSurplus is the economy (not the leader) with the largest 2024
// current-account surplus in USD (IMF WEO), China on today's data; without CA
// data, the largest goods surplus in the trade matrix.
func largestSurplus(ds *data.Dataset, leader int) int {
	best, bestV := -1, math.Inf(-1)
	for i, c := range ds.Countries {
		m, ok := ds.Macro[c.Code]
		if !ok || i == leader || ds.IsAggregate(i) || math.IsNaN(m.CAPctGDP2024) {
			continue
		}
		if v := m.CAPctGDP2024 * c.GDP; v > bestV {
			best, bestV = i, v
		}
	}
	if best >= 0 {
		return best
	}
	for i := range ds.Countries {
		if i == leader || ds.IsAggregate(i) {
			continue
		}
		if bal := ds.GoodsBalance(i); bal > bestV {
			best, bestV = i, bal
		}
	}
	return best
}

// SoloMemberNote says, for the candidates that are an EU member named on
// its own, that they play with a trade policy of their own, which no EU
// member has today: the union's common commercial policy sets its tariffs.
// The game is then a counterfactual (members as before the Treaty of Rome),
// which a reader of `candidates: [DEU]` may not have meant; it is played,
// not refused, as a user may want exactly that counterfactual. "" when no
// candidate is one.
func SoloMemberNote(ds *data.Dataset, cands []Candidate) string {
	var solo []string
	for _, c := range cands {
		if len(c.Countries) != 1 {
			continue
		}
		if unit, _ := ds.PolicyUnit(c.Countries[0]); unit != ds.Countries[c.Countries[0]].Code {
			solo = append(solo, ds.Countries[c.Countries[0]].Code)
		}
	}
	if len(solo) == 0 {
		return ""
	}
	verb, sets, pron := "plays", "sets", "its"
	if len(solo) > 1 {
		verb, sets, pron = "play", "set", "their"
	}
	return fmt.Sprintf("%s %s with a trade policy of %s own, which no %s member has: the union's common commercial policy (Art. 207 TFEU) sets %s tariffs, so the result is a counterfactual in which %s %s %s own, as before the Treaty of Rome (1958). Name %s as a candidate to play the union as one.",
		strings.Join(solo, ", "), verb, pron, data.CommonPolicyGroup, pron, strings.Join(solo, ", "), sets, pron, data.CommonPolicyGroup)
}
