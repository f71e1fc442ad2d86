package main

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/optimal"
)

// andList joins items as "A", "A and B" or "A, B and C".
func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// unionRangeNote explains the spread of a customs union's members'
// welfare in a tariff war (world-2023's USA, CHN and EU27: MLT −0.43% to
// NLD +1.34%, the highest NLD, SVN, CZE, BGR). The model books a member's
// imports from outside the union, and so the revenue and terms-of-trade
// gain of the common external tariff on them, to the member where they
// are declared, often the port of entry rather than where the goods are
// used (the Rotterdam effect): at that equilibrium the revenue is 4.67% of
// the Netherlands' GDP and 5.77% of Slovenia's (Koper), against 1.86% for
// the union. In EU law the member keeps a quarter of the customs duties
// it collects, the rest going to the EU budget (Council Decision (EU,
// Euratom) 2020/2053), which the model does not do. "" for a union of
// fewer than four members, a narrow range (under 0.5 pp), or when the
// revenue does not follow the range: the four highest members' tariff
// revenue, in percent of their GDP, averages less than 1.5 times the
// union's (in the war where every economy plays, Luxembourg, the highest,
// collects 0.60% of its GDP against the union's 1.38%: there the members
// differ by what the other players' tariffs do to them).
func unionRangeNote(name string, members []int, out *model.Result) string {
	if len(members) < 4 {
		return ""
	}
	idx := append([]int(nil), members...)
	sort.SliceStable(idx, func(a, z int) bool { return out.Countries[idx[a]].Welfare > out.Countries[idx[z]].Welfare })
	hi, lo := out.Countries[idx[0]], out.Countries[idx[len(idx)-1]]
	if 100*(hi.Welfare-lo.Welfare) < 0.5 {
		return ""
	}
	var top, revenue []string
	for _, c := range idx[:4] {
		top = append(top, out.Countries[c].Code)
	}
	var rev, gdp, topShare float64
	for _, c := range members {
		rev += out.Countries[c].RevenueAfter
		gdp += out.Countries[c].GDPAfter
	}
	for _, c := range idx[:4] {
		if cr := out.Countries[c]; cr.GDPAfter > 0 {
			topShare += cr.RevenueAfter / cr.GDPAfter / 4
		}
	}
	if !(gdp > 0) || topShare < 1.5*rev/gdp {
		return ""
	}
	for _, c := range idx[:2] {
		cr := out.Countries[c]
		if cr.GDPAfter > 0 {
			revenue = append(revenue, fmt.Sprintf("%.2f%% of %s's GDP", 100*cr.RevenueAfter/cr.GDPAfter, cr.Code))
		}
	}
	s := fmt.Sprintf("%s's members range from %s %+.2f%% to %s %+.2f%% (the highest: %s). The model books a member's imports from outside the union, and with them the revenue and the terms-of-trade gain of the common external tariff, to the member where the goods are declared, often the port of entry rather than where they are used (the Rotterdam effect)",
		name, lo.Code, pct(lo.Welfare), hi.Code, pct(hi.Welfare), strings.Join(top, ", "))
	if len(revenue) == 2 {
		s += fmt.Sprintf(": tariff revenue here is %s against %.2f%% of the union's", andList(revenue), 100*rev/gdp)
	}
	return s + ". In EU law a member keeps a quarter of the customs duties it collects and 75% go to the EU budget, so the spread between members overstates who gains; the union's welfare, weighted by GDP, is what it maximises (docs/nash.md)."
}

// smallPlayerNote explains, once, why small players' Nash rates are not
// near zero and can exceed a large economy's (world-2023, every economy
// playing: Mali 26.31% above the USA's 26.03%): every player's rate lies
// near 1/θ because in the Armington model each has market power over its
// own variety, as smallEconomyNote says of one country's optimum. It names
// the player that buys the least of world imports among those with the
// highest rates, against the largest player by GDP; "" without a player
// buying under smallImportShare of world imports.
func smallPlayerNote(b *model.Baseline, players []nashPlayer, rates []float64, theta []float64) string {
	world := 0.0
	for _, m := range b.Imp {
		world += m
	}
	gdp := func(p nashPlayer) float64 {
		g := 0.0
		for _, c := range p.countries {
			g += b.GDP[c]
		}
		return g
	}
	big, small := -1, -1
	for p, pl := range players {
		if big < 0 || gdp(pl) > gdp(players[big]) {
			big = p
		}
		if len(pl.countries) == 1 && b.Imp[pl.countries[0]]/world < smallImportShare && (small < 0 || rates[p] > rates[small]) {
			small = p
		}
	}
	if small < 0 || big == small {
		return ""
	}
	rel := "above"
	if rates[small] < rates[big] {
		rel = "against"
	}
	return fmt.Sprintf("Small players' rates are not near zero: %s, which buys %.2f%% of world imports, sets %.2f%%, %s %s's %.2f%%. In the Armington model every country has market power over its own variety, which no other country makes, so even a small economy's optimal tariff tends to %s as its share of world trade goes to zero, not to the zero of the textbook's price-taking small open economy (docs/optimal-tariffs.md, TestSmallEconomy).",
		players[small].name, 100*b.Imp[players[small].countries[0]]/world, 100*rates[small], rel, players[big].name, 100*rates[big], armingtonLimit(theta))
}

// playersTariffNote says that each player's Nash rate is its whole tariff,
// which replaces its tariffs of the scenario and the differences between
// partners they carry, and names the largest of these over the players (by
// the revenue each is worth at baseline): world-2023's US tariffs carry
// China's 10.11 pp of pre-2025 Section 232 and 301 duties above their
// average, which the US's Nash rate drops. "" when no player's tariffs
// differ by minPremiumPP on a partner selling it minPremiumShare.
func playersTariffNote(ds *data.Dataset, b *model.Baseline, tariffs []float64, players []nashPlayer, mask []bool) string {
	type named struct {
		player string
		first  int // the player's first country
		avg    float64
		p      optimal.Premium
		weight float64 // the premium's revenue at baseline
	}
	var list []named
	for _, pl := range players {
		avg, prem := optimal.Premiums(b, tariffs, pl.countries, mask)
		np := namedPremiums(prem)
		if len(np) == 0 {
			continue
		}
		imp := 0.0
		for _, c := range pl.countries {
			imp += b.Imp[c]
		}
		list = append(list, named{pl.name, pl.countries[0], avg, np[0], math.Abs(np[0].PremiumPP) * np[0].ImportShare * imp})
	}
	if len(list) == 0 {
		return ""
	}
	sort.SliceStable(list, func(a, z int) bool { return list[a].weight > list[z].weight })
	var parts []string
	for _, x := range list[:min(3, len(list))] {
		dir := "above"
		if x.p.PremiumPP < 0 {
			dir = "below"
		}
		s := fmt.Sprintf("%s's tariff on %s, %.2f pp %s its average of %.2f%%", x.player, b.Codes[x.p.Exporter], math.Abs(x.p.PremiumPP), dir, x.avg)
		if r := usRecordNote(ds, x.first); r != "" && x.p.PremiumPP > 0 {
			s += ": " + r
		}
		parts = append(parts, s)
	}
	return "Each player's rate is its whole tariff: it replaces the player's tariffs of the scenario and the differences between partners they carry (docs/nash.md), the largest: " + strings.Join(parts, "; ") + "."
}
