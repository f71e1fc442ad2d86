package coalition

import (
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// horizonText is the headline's caveat on time: every figure is the
// model's long run, trade fully adjusted to the tariffs; a reader of "US
// exports to China fall 94%" must not take it for next year's.
func (r *Report) horizonText() string {
	theta := "long-run trade elasticities"
	if p := r.Provenance; p != nil && len(p.Model.TradeElasticity) > 0 {
		theta += ", " + p.Model.ThetaText()
	}
	return "Horizon: the long run. Every figure is the equilibrium once trade has fully adjusted to the new tariffs, at " + theta +
		". The model has no path to it; in the first years trade falls less."
}

// dataset names the dataset the game was played on ("" when the report
// does not record it).
func (r *Report) dataset() string {
	if r.Provenance == nil {
		return ""
	}
	return r.Provenance.Dataset
}

// numeraireUnits names the units of the dollar figures after the game,
// for a sentence that explains a share of GDP by the numeraire.
func (r *Report) numeraireUnits() string {
	if r.Numeraire == "" {
		return "the model's numeraire"
	}
	return numeraireOf(r.Numeraire).units + " (the model's numeraire)"
}

// numeraireWords are the words for a numeraire (scenario.Numeraire*, or a
// country's code: its wage): its units ("units of world GDP"), the
// phrase that puts a figure in them ("in units of world GDP") and what
// it holds at its level in the data ("" for a country's wage, which the
// phrase says). numeraireUnits and unitsText read one table.
type numeraireWords struct{ units, in, held string }

func numeraireOf(n string) numeraireWords {
	switch n {
	case scenario.NumeraireWorldPrice:
		return numeraireWords{"world-price units", "at constant world prices", "the world consumer price index is held at its level in the data"}
	case scenario.NumeraireWorldGDP:
		return numeraireWords{"units of world GDP", "in units of world GDP", "world GDP is held at its level in the data"}
	case scenario.NumeraireWorldWage:
		return numeraireWords{"units of the world wage", "in units of the world wage", "world wages are held at their level in the data"}
	}
	u := fmt.Sprintf("units of %s's wage", n)
	return numeraireWords{u, "in " + u, ""}
}

// targetText is a target's headline sentence: its balance with the
// leader (on a world with services the goods balance first, the whole
// balance second), its overall balance, and its real income with the
// valuation of its fixed balance where solve would give it.
func (r *Report) targetText(t TargetDoc) string {
	// A territory in deficit with the leader (HKG, MAC) has a balance with
	// it, not a surplus.
	word := func(before float64) string {
		if before < 0 {
			return "balance"
		}
		return "surplus"
	}
	var with string
	if t.GoodsSurplusWithLeaderBefore != nil && t.GoodsSurplusWithLeaderAfter != nil {
		// Tariffs reach goods only; with the overall balance fixed,
		// services move to keep it there, so the whole balance with the
		// leader can swing without goods moving (icio-2022: China's goods
		// surplus with the US falls $246 bn, the whole one $192 bn).
		gb, ga := *t.GoodsSurplusWithLeaderBefore, *t.GoodsSurplusWithLeaderAfter
		with = fmt.Sprintf("goods %s with %s goes from %s to %s%s; goods and services together, from %s to %s (services, which no tariff reaches, move to keep the overall balance at its fixed level)",
			word(gb), r.Leader, bn(gb), bn(ga), changeText(gb, ga), bn(t.SurplusWithLeaderBefore), bn(t.SurplusWithLeaderAfter))
	} else {
		with = fmt.Sprintf("%s with %s goes from %s to %s%s", word(t.SurplusWithLeaderBefore), r.Leader,
			bn(t.SurplusWithLeaderBefore), bn(t.SurplusWithLeaderAfter), changeText(t.SurplusWithLeaderBefore, t.SurplusWithLeaderAfter))
	}
	valuation := ""
	if v := t.WelfareValuationPct; report.HeadlineValuation(v) {
		valuation = fmt.Sprintf(" (of which %+.2f pp is the valuation of its balance kept fixed relative to world GDP; %+.2f%% without it)", *v, t.WelfarePct-*v)
	}
	return fmt.Sprintf("Under it %s's %s; its overall %s balance from %+.1f%% to %+.1f%% of GDP (%s → %s)%s; its real income changes by %+.2f%%%s.",
		t.Code, with, r.balanceWord(), t.BalanceGDPPctBefore, t.BalanceGDPPctAfter, bn(t.BalanceBefore), bn(t.BalanceAfter), r.shareText(t), t.WelfarePct, valuation)
}

// minChangeBase (USD bn) is the smallest balance or flow whose percentage
// change the headline gives: on a smaller base a move of a few hundred
// million dollars reads as +1,900%.
const minChangeBase = 1.0

// changeText is a balance's percentage change, " (-62%)", where it means
// something: a base of at least minChangeBase that keeps its sign.
func changeText(before, after float64) string {
	if math.Abs(before) < minChangeBase || before*after <= 0 {
		return ""
	}
	return fmt.Sprintf(" (%+.0f%%)", 100*(after/before-1))
}

// shareText explains a share of GDP that moves against the dollars it
// divides, or without them: China's goods surplus rises from 3.3% to 3.5%
// of GDP while it falls from $594 bn to $591 bn, because China's GDP falls
// in the numeraire's units, not because its surplus grows. "" when the
// share's move does not show at one decimal or the dollars move with it.
func (r *Report) shareText(t TargetDoc) string {
	ds, dv := t.BalanceGDPPctAfter-t.BalanceGDPPctBefore, t.BalanceAfter-t.BalanceBefore
	still := bn(t.BalanceBefore) == bn(t.BalanceAfter)
	if math.Abs(ds) < 0.05 || (ds*dv >= 0 && !still) || t.GDPBeforeBn <= 0 || t.GDPAfterBn <= 0 {
		return ""
	}
	gdp := 100 * (t.GDPAfterBn/t.GDPBeforeBn - 1)
	verb := "falls"
	if gdp > 0 {
		verb = "rises"
	}
	how := "against the dollars"
	if still {
		how = "while the dollars stay put"
	}
	return fmt.Sprintf(" — the share moves %s because %s's GDP %s %.1f%% in %s", how, t.Code, verb, math.Abs(gdp), r.numeraireUnits())
}

// tradeText is the target's goods trade with the leader before and after,
// each way: the collapse behind the change of the balance ("" when both
// flows are under minChangeBase, Macau's).
func (t TargetDoc) tradeText(leader string) string {
	if t.GoodsExportsToLeaderBefore < minChangeBase && t.GoodsImportsFromLeaderBefore < minChangeBase {
		return ""
	}
	move := func(before, after float64) string {
		if before < minChangeBase {
			return fmt.Sprintf("go from $%.1f bn to $%.1f bn", before, after)
		}
		pct := 100 * (after/before - 1)
		verb := "fall"
		if pct > 0 {
			verb = "rise"
		}
		return fmt.Sprintf("%s %.1f%% ($%.1f bn → $%.1f bn)", verb, math.Abs(pct), before, after)
	}
	return fmt.Sprintf("%s's goods exports to %s %s; %s's to %s %s.", t.Code, leader, move(t.GoodsExportsToLeaderBefore, t.GoodsExportsToLeaderAfter),
		leader, t.Code, move(t.GoodsImportsFromLeaderBefore, t.GoodsImportsFromLeaderAfter))
}

// leaderLevels is the leader's welfare under the leading coalition (v)
// and with no bloc, each with its figure without the valuation of its
// deficit kept fixed relative to world GDP when solve's rule for a
// headline economy gives it for either (report.HeadlineValuation): "-0.09%
// under it (+0.22% without the valuation …), against +0.15% with no
// members (+0.46% without it; …): -0.24 pp." and the sentence that says the
// levels lean on the closure and their gap is what survives it.
func (r *Report) leaderLevels(v float64) string {
	base := fmt.Sprintf("%s's real income changes by %+.2f%% under it, against %+.2f%% with no members (every candidate facing the threat): %+.2f pp.",
		r.Leader, v, r.LeaderWelfareNoBlocPct, v-r.LeaderWelfareNoBlocPct)
	l := r.Leading
	if l == nil || l.LeaderWelfareExValuationPct == nil || r.LeaderWelfareNoBlocExValuationPct == nil {
		return base
	}
	ex, ex0 := *l.LeaderWelfareExValuationPct, *r.LeaderWelfareNoBlocExValuationPct
	val, val0 := v-ex, r.LeaderWelfareNoBlocPct-ex0
	if !report.HeadlineValuation(&val) && !report.HeadlineValuation(&val0) {
		return base
	}
	return fmt.Sprintf("%s's real income changes by %+.2f%% under it (%+.2f%% without the valuation of its deficit kept fixed relative to world GDP), against %+.2f%% with no members (%+.2f%% without it; every candidate facing the threat): %+.2f pp (%+.2f pp without it). "+
		"The levels lean on the deficit closure: the valuation is %+.2f pp of the level under it and %+.2f pp of the level with no members, and model.deficits: ratio has none; the gap between bloc and no bloc is what survives the closure.",
		r.Leader, v, ex, r.LeaderWelfareNoBlocPct, ex0, v-r.LeaderWelfareNoBlocPct, ex-ex0, val, val0)
}

// leakageText is the lessons' sentence on transshipment: what share of the
// targets' sales to the bloc the model reroutes through third countries.
// With the routes it is measured in dollars on both bases, the sales after
// the shock (which the bloc's tariffs shrink) and before it, each named:
// 3.2% of $160 bn is 0.85% of $603 bn.
func (l *CoalitionDoc) leakageText() string {
	if l.TargetsGoodsSalesToBlocBeforeBn > 0 && l.TargetsGoodsSalesToBlocAfterBn > 0 {
		return fmt.Sprintf("%.1f%% of the targets' goods sales to the bloc after the shock is rerouted through third countries in the model ($%.1f bn of $%.0f bn); against their sales before it ($%.0f bn), %.2f%%",
			100*l.ReroutedToBlocBn/l.TargetsGoodsSalesToBlocAfterBn, l.ReroutedToBlocBn, l.TargetsGoodsSalesToBlocAfterBn, l.TargetsGoodsSalesToBlocBeforeBn, 100*l.ReroutedToBlocBn/l.TargetsGoodsSalesToBlocBeforeBn)
	}
	return fmt.Sprintf("%.1f%% of the targets' exports to the bloc is rerouted through outsiders in the model", l.LeakagePct)
}
