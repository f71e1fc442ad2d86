package plan

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// indicator is an observable early signal: a tariff or a balance.
type indicator struct {
	Name string
	kind int // 0 leader's tariff on p, 1 p's tariff on the leader, 2 p's tariff on the targets, 3 p's balance, 4 leader's balance
	p    int
}

func indicators(w *simulate.World) []indicator {
	L := w.Code()
	var out []indicator
	for p, pl := range w.Players {
		if pl.Follows < 0 {
			out = append(out,
				indicator{Name: fmt.Sprintf("%s tariff on %s, %%", L, pl.Name), kind: 0, p: p},
				indicator{Name: fmt.Sprintf("%s tariff on %s, %%", pl.Name, L), kind: 1, p: p})
		}
		// A territory's tariffs are no signpost: the leader's on it follow
		// its target's (simulate.Player.Follows), so they would only echo
		// the target's tariff under another name, and as a free port it has
		// none of its own. Its balance is its own economy's.
		out = append(out, indicator{Name: fmt.Sprintf("%s balance, %% of GDP", pl.Name), kind: 3, p: p})
		if !pl.Target {
			out = append(out, indicator{Name: fmt.Sprintf("%s tariff on the targets, %%", pl.Name), kind: 2, p: p})
		}
	}
	return append(out, indicator{Name: fmt.Sprintf("%s balance, %% of GDP", L), kind: 4})
}

func (in indicator) value(w *simulate.World, eq *simulate.Eq, t []float64) float64 {
	switch in.kind {
	case 0:
		return w.TariffPair(in.p, t).ByLeader
	case 1:
		return w.TariffPair(in.p, t).OnLeader
	case 2:
		return w.TariffOnTargets(in.p, t)
	case 3:
		return eq.PctGDP[in.p]
	}
	return eq.LeaderBal
}

// quantile of sorted xs (linear interpolation).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	h := q * float64(len(xs)-1)
	lo := int(math.Floor(h))
	hi := min(lo+1, len(xs)-1)
	return xs[lo] + (h-float64(lo))*(xs[hi]-xs[lo])
}

func ranges(xs []float64) Quantiles {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return Quantiles{P10: r3(quantile(s, 0.1)), P50: r3(quantile(s, 0.5)), P90: r3(quantile(s, 0.9))}
}

func r3(x float64) float64 { return math.Round(x*1000) / 1000 }

func column[T any](ss []sample, f func(*sample) T) []T {
	out := make([]T, len(ss))
	for k := range ss {
		out[k] = f(&ss[k])
	}
	return out
}

// summarise fills the branches of the report from the samples.
func (rep *Report) summarise(pl *Plan, w *simulate.World, samples [][]sample, ind []indicator) {
	np := len(w.Players)
	L := w.Code()
	var members []string
	if rep.Coalition != nil {
		members = rep.Coalition.Members
	}
	for b, br := range pl.Branches {
		ss := samples[b]
		bd := BranchDoc{Name: br.Name, Description: br.Description, Probability: br.Probability, Coalition: br.Coalition,
			Escalation: br.Escalation, Exclude: br.Exclude}
		for _, m := range br.Moves {
			bd.Moves = append(bd.Moves, moveText(w, m))
		}
		bd.Notes = branchNotes(w, &pl.Branches[b], members, simulate.DefaultParams().Test.MultilateralCutPP)
		if !br.Escalation && rep.Regime != "" {
			// What the stallers keep is the regime of the start date, which
			// a text written with the plan cannot know.
			bd.Description = strings.TrimSpace(bd.Description + " The stallers " + standoffText(pl.Start, rep.Regime, rep.RegimeChanges) + ".")
		}
		o := Outcomes{WelfarePct: map[string]Quantiles{}, BalancesGDPPct: map[string]Quantiles{}, TariffsPct: map[string]Quantiles{},
			MembershipFrequency: map[string]float64{}, ReliefFrequency: map[string]float64{}}
		o.WelfarePct[L] = ranges(column(ss, func(s *sample) float64 { return s.leaderW }))
		o.BalancesGDPPct[L] = ranges(column(ss, func(s *sample) float64 { return s.balances[np] }))
		for p, pp := range w.Players {
			o.BalancesGDPPct[pp.Name] = ranges(column(ss, func(s *sample) float64 { return s.balances[p] }))
			o.TariffsPct[fmt.Sprintf("%s on %s", L, pp.Name)] = ranges(column(ss, func(s *sample) float64 { return s.byLeader[p] }))
			m, r := 0, 0
			for k := range ss {
				if ss[k].members[p] {
					m++
				}
				if ss[k].relief[p] {
					r++
				}
			}
			if !pp.Target {
				o.MembershipFrequency[pp.Name] = r3(float64(m) / float64(len(ss)))
			}
			o.ReliefFrequency[pp.Name] = r3(float64(r) / float64(len(ss)))
			// A player's welfare: GDP-weighted over its countries.
			o.WelfarePct[pp.Name] = ranges(column(ss, func(s *sample) float64 {
				return model.GDPWeighted(pp.Countries, func(c int) float64 { return w.Base.GDP[c] },
					func(c int) float64 { return s.welfare[c] })
			}))
		}
		bd.Outcomes = o
		if br.Coalition {
			bd.eventBlocForms(ss, rep.Coalition, pl.Cost, func(m string) bool { return excluded(w, &br, m) })
		}
		bd.Winners, bd.Losers = winnersLosers(w, ss, rankedPerSide)
		bd.Fan = fan(ss, pl)
		rep.Branches = append(rep.Branches, bd)
	}
	if n := valuationNote(w, rep.Branches, samples); n != "" {
		rep.Notes = append(rep.Notes, n)
	}
	rep.signposts(pl, w, members, samples, ind)
}

// eventBlocForms sets the event of a coalition branch: a bloc forms (one
// player or more is a member at the end of a draw). The branch is named for
// it, yet a member joins in a draw only if its gain from joining exceeds
// the drawn political cost: on icio-2022 the game's members gained 0.01
// pp, so "bloc-forms" played a bloc in 4% of its draws and reported the
// standoff's outcomes under the bloc's name.
func (bd *BranchDoc) eventBlocForms(ss []sample, cd *CoalitionDoc, cost Range, excluded func(string) bool) {
	n := 0
	for k := range ss {
		if slices.Contains(ss[k].members, true) {
			n++
		}
	}
	f := 0.0
	if len(ss) > 0 {
		f = r3(float64(n) / float64(len(ss)))
	}
	bd.Event, bd.EventFrequency = "a bloc forms", &f
	if len(ss) == 0 || float64(n) >= MinEventFrequency*float64(len(ss)) {
		return
	}
	bd.RareEvent = true
	why := "the coalition game's leading coalition is empty"
	if cd != nil && len(cd.Members) > 0 {
		var gains []string
		for _, m := range cd.Members {
			if excluded(m) {
				continue
			}
			if g, ok := cd.GainPct[m]; ok {
				gains = append(gains, fmt.Sprintf("%s %+.2f", m, g))
			} else {
				gains = append(gains, m+" (no gain computed: joins in every draw)")
			}
		}
		why = "a member joins only if its gain from joining exceeds the political cost drawn from " + rangeText(cost) + " pp"
		if len(gains) > 0 {
			why += " (gains from joining, pp: " + strings.Join(gains, ", ") + ")"
		} else {
			why = "the branch excludes every member of the leading coalition"
		}
	}
	often := fmt.Sprintf("a bloc forms in only %.0f%% of its draws (%d of %d)", 100*f, n, len(ss))
	if n == 0 {
		often = fmt.Sprintf("no bloc forms in any of its %d draws", len(ss))
	}
	bd.Warning = fmt.Sprintf("%s: %s: %s; its outcomes are %s those of draws without a bloc", bd.Name, often, why, map[bool]string{true: "all", false: "mostly"}[n == 0])
}

// valuationNote names the winners and the losers that owe at least half
// of their median change to the valuation of a balance held fixed relative
// to world GDP (deficits: fixed), in the same direction: as a tariff lowers
// an economy's income against the world's, its fixed deficit buys more and
// its fixed surplus costs more, which is not a gain or a loss from trade
// (docs/welfare.md). Without the losers' side the note read as if only
// deficit economies' gains were suspect, while Ireland and Singapore led
// every branch's losers (after-the-ruling on world-2023: IRL -2.34%, most
// of it the valuation of its surplus). Each is named once per side, with
// the first branch where it is on that side by valuation and how many
// other branches it is so in.
func valuationNote(w *simulate.World, branches []BranchDoc, samples [][]sample) string {
	if w.Opt.Deficits != model.Fixed {
		return ""
	}
	side := func(ranked func(*BranchDoc) []Ranked) []string {
		first := map[string]int{} // the part naming each code
		more := map[string]int{}  // the later branches where it is so too
		var parts []string
		for b := range branches {
			bd := &branches[b]
			for _, x := range ranked(bd) {
				c, ok := w.Data.Index(x.Code)
				if !ok {
					continue
				}
				v := ranges(column(samples[b], func(s *sample) float64 { return s.valuation[c] })).P50
				if !owedToValuation(x.WelfarePct.P50, v) {
					continue
				}
				if _, named := first[x.Code]; named {
					more[x.Code]++
					continue
				}
				first[x.Code] = len(parts)
				parts = append(parts, fmt.Sprintf("%s %+.2f%% (valuation %+.2f pp, %s", x.Code, x.WelfarePct.P50, v, bd.Name))
			}
		}
		for code, k := range first {
			if n := more[code]; n > 0 {
				// Ireland is a loser by valuation in every branch, the
				// standoff included: one branch's numbers would hide that.
				parts[k] += fmt.Sprintf("; so in %d other branch%s", n, map[bool]string{true: "", false: "es"}[n == 1])
			}
			parts[k] += ")"
		}
		return parts
	}
	var lists []string
	if win := side(func(bd *BranchDoc) []Ranked { return bd.Winners }); len(win) > 0 {
		lists = append(lists, "winners "+strings.Join(win, ", "))
	}
	if lose := side(func(bd *BranchDoc) []Ranked { return bd.Losers }); len(lose) > 0 {
		lists = append(lists, "losers "+strings.Join(lose, ", "))
	}
	if len(lists) == 0 {
		return ""
	}
	return valuationNotePrefix + " of their median change to the valuation of a balance held fixed relative to world GDP, not to trade (as an economy's income falls against the world's, a fixed deficit buys more and a fixed surplus costs more; the reverse as it rises): " +
		strings.Join(lists, "; ") + " (docs/welfare.md; solve: welfare_deficit_valuation_pct)"
}

// valuationNotePrefix begins the report's note on the winners and losers
// whose median change is mostly the valuation of a fixed balance, so that
// a reader of Report.Notes can pick it out.
const valuationNotePrefix = "winners and losers that owe at least half"

// owedToValuation reports whether a median welfare change (%) owes at
// least half of itself to the valuation v (pp) of a fixed balance, in the
// same direction: a gain that is mostly valuation, or a loss that is. A
// valuation under 0.05 pp is noise at the precision the report prints.
func owedToValuation(change, v float64) bool {
	return v*change > 0 && math.Abs(v) >= 0.05 && math.Abs(v) >= 0.5*math.Abs(change)
}

// standoffText says what the stallers of a branch without escalation keep
// ("keep …", after a subject): the US regime in force on the start date.
// A retaliator still gets the threat, as the leader's rule escalates on it
// whatever the branch says; the callers say so.
func standoffText(start, regime string, changes []simulate.RegimeChange) string {
	s := fmt.Sprintf("keep the US regime in force on %s (%s)", start, regime)
	if len(changes) > 0 {
		var when []string
		for _, c := range changes {
			when = append(when, fmt.Sprintf("round %d, %s", c.Round, c.Date))
		}
		s += ", then the record's as it changes (" + strings.Join(when, "; ") + ")"
	}
	return s
}

// majorEconomies is how many of the largest economies (by GDP) the winners
// and losers are drawn from: positions are taken in large economies, and
// micro-economies with extreme trade-to-GDP ratios (ship registries,
// entrepôts) would otherwise top both lists.
const majorEconomies = 50

// rankedPerSide is how many winners and how many losers a branch lists.
const rankedPerSide = 5

// winnersLosers ranks the largest economies by their median welfare change
// (aggregates such as icio-2022's ROW are not economies and are left out).
func winnersLosers(w *simulate.World, ss []sample, n int) (win, lose []Ranked) {
	ds := w.Data
	idx := make([]int, 0, ds.N())
	for c := range ds.Countries {
		if !ds.IsAggregate(c) {
			idx = append(idx, c)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return ds.Countries[idx[a]].GDP > ds.Countries[idx[b]].GDP })
	var all []Ranked
	for _, c := range idx[:min(majorEconomies, len(idx))] {
		all = append(all, Ranked{Code: ds.Countries[c].Code, Name: ds.Countries[c].Name,
			WelfarePct: ranges(column(ss, func(s *sample) float64 { return s.welfare[c] }))})
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].WelfarePct.P50 > all[b].WelfarePct.P50 })
	// A winner gains and a loser loses (by the median): a branch where
	// every economy loses has no winners, rather than the least hurt.
	win, lose = []Ranked{}, []Ranked{}
	for k := 0; k < len(all) && len(win) < n && all[k].WelfarePct.P50 > 0; k++ {
		win = append(win, all[k])
	}
	for k := len(all) - 1; k >= 0 && len(lose) < n && all[k].WelfarePct.P50 < 0; k-- {
		lose = append(lose, all[k])
	}
	return win, lose
}

// fan is the leader's balance (% of GDP) by round: p10/p50/p90.
func fan(ss []sample, pl *Plan) []FanPoint {
	var out []FanPoint
	start, _ := dateOf(pl.Start)
	for t := 0; t <= pl.Rounds; t++ {
		q := ranges(column(ss, func(s *sample) float64 { return s.path[t] }))
		out = append(out, FanPoint{T: t, Date: start.AddDate(0, 3*t, 0).Format("2006-01-02"), Quantiles: q})
	}
	return out
}

// branchMedians is indicator k's median at the signpost round in every
// branch but b.
func branchMedians(samples [][]sample, b, k int) []float64 {
	var out []float64
	for o := range samples {
		if o == b || len(samples[o]) == 0 {
			continue
		}
		out = append(out, ranges(column(samples[o], func(s *sample) float64 { return s.signals[k] })).P50)
	}
	return out
}

// apartFromEach reports whether v stands at least d from every one of
// others: a signpost must tell its branch from each other branch, not
// only from their pooled median.
func apartFromEach(v float64, others []float64, d float64) bool {
	for _, o := range others {
		if math.Abs(v-o) < d {
			return false
		}
	}
	return true
}

// MinSeparation is the least gap between a branch's median and each other
// branch's for an indicator to be a signpost: half a point of a tariff
// (in %) or of a balance (in % of GDP). Balances are revised by about that
// much after they are first published, so a smaller gap could not be told
// from revisions when the date comes.
const MinSeparation = 0.5

// signposts: for each branch, the indicators at the signpost round that best
// separate it from the other branches. The threshold is halfway between the
// branch's median and the probability-weighted median of the others; the hit
// rate is the probability-weighted share of draws on the right side of it
// (this branch's draws beyond it, the others' short of it), 1 = a perfect
// signal. The indicators the model determines rank first: one the branch's
// own premises set (definitional) separates it perfectly by construction,
// and ranked by hit rate alone every branch's signposts restated its
// assumptions (the review: "CAN tariff on the targets above 28.37" for the
// branch in which Canada joins, hit rate 1.00). members are the coalition
// game's members a coalition branch makes join.
func (rep *Report) signposts(pl *Plan, w *simulate.World, members []string, samples [][]sample, ind []indicator) {
	start, _ := dateOf(pl.Start)
	date := start.AddDate(0, 3*pl.SignpostRound, 0).Format("2006-01-02")
	for b := range rep.Branches {
		var cands []Signpost
		for k, in := range ind {
			mine := column(samples[b], func(s *sample) float64 { return s.signals[k] })
			var others []float64
			var wts []float64
			wOther := 0.0
			for o := range samples {
				if o == b {
					continue
				}
				wOther += pl.Branches[o].Probability
			}
			for o := range samples {
				if o == b {
					continue
				}
				wt := 1.0 / float64(len(samples)-1)
				if wOther > 0 {
					wt = pl.Branches[o].Probability / wOther
				}
				for d := range samples[o] {
					others = append(others, samples[o][d].signals[k])
					wts = append(wts, wt/float64(len(samples[o])))
				}
			}
			if len(others) == 0 {
				continue
			}
			qm := ranges(mine)
			mo := weightedMedian(others, wts)
			if math.Abs(qm.P50-mo) < MinSeparation || !apartFromEach(qm.P50, branchMedians(samples, b, k), MinSeparation) {
				// No one could see it in the data, or it does not tell this
				// branch from one of the others.
				continue
			}
			th := (qm.P50 + mo) / 2
			above := qm.P50 > mo
			hitMine, hitOther := 0.0, 0.0
			for _, v := range mine {
				if (v > th) == above {
					hitMine++
				}
			}
			hitMine /= float64(len(mine))
			for i, v := range others {
				if (v > th) != above {
					hitOther += wts[i]
				}
			}
			dir := "below"
			if above {
				dir = "above"
			}
			cands = append(cands, Signpost{Indicator: in.Name, Round: pl.SignpostRound, Date: date, Direction: dir,
				Threshold: r3(th), Branch: qm, OthersP50: r3(mo), HitRate: r3((hitMine + hitOther) / 2),
				Definitional: definitional(w, &pl.Branches[b], members, in)})
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].Definitional != cands[j].Definitional {
				return !cands[i].Definitional
			}
			if cands[i].HitRate != cands[j].HitRate {
				return cands[i].HitRate > cands[j].HitRate
			}
			return math.Abs(cands[i].Branch.P50-cands[i].OthersP50) > math.Abs(cands[j].Branch.P50-cands[j].OthersP50)
		})
		rep.Branches[b].Signposts = cands[:min(3, len(cands))]
		if rep.Branches[b].Signposts == nil {
			rep.Branches[b].Signposts = []Signpost{}
		}
	}
}

func weightedMedian(xs, wts []float64) float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	tot := 0.0
	for _, w := range wts {
		tot += w
	}
	acc := 0.0
	for _, i := range idx {
		acc += wts[i]
		if acc >= tot/2 {
			return xs[i]
		}
	}
	return xs[idx[len(idx)-1]]
}
