package playbook

import (
	"fmt"

	"github.com/tradebloc/tradebloc/internal/data"

	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Each playbook: the episode, today's coalition, the mechanism as model
// shocks, and its defining feature. Rates are decimals; iceberg factors
// multiply trade costs (an export control or embargo is a trade-cost wedge
// on the flows it covers, which keeps prices finite while cutting the flows
// by (1/factor)^θ ≈ 94% at a factor of 2 with θ = 4).

// each calls f for every goods sector: every sector of a one-sector world,
// all but services (data.ServicesSector) on a world with sectors. The
// episodes' tariffs, embargoes and export controls were on goods; a
// border tax on services would be a measure none of them took.
func each(ds *data.Dataset, f func(s int)) {
	for s := range ds.Sectors {
		if !ds.IsServices(s) {
			f(s)
		}
	}
}

func imperial() *Playbook {
	return &Playbook{
		Name: "imperial-preference", Period: "1932",
		Summary:   "Preferential bloc: members cut tariffs among themselves and raise a common tariff on everyone else",
		Mechanism: "the leader and its five largest partners (not the target) set their tariffs on each other to zero and add 10 pp on all non-members (the 1932 Import Duties Act's general 10%)",
		Account: Account{Dates: "Import Duties Act (Feb 1932); Ottawa Agreements (Aug 1932) to the post-war GATT",
			Members: "United Kingdom, Canada, Australia, New Zealand, South Africa, India, Southern Rhodesia, Newfoundland",
			Outcome: "intra-Empire trade shares rose (the Empire's share of UK imports from about 30% in 1931 to about 40% by 1938), at the cost of trade with the US and Germany",
			Sources: []string{"Ottawa Agreements Act 1932", "Glickman (1947), 'The British Imperial Preference System', QJE 61(3)", "seed essay 'Coalition of the Compelled'"}},
		members: func(x *world) []int { return append([]int{x.leader}, topPartners(x.ds, x.leader, 5, x.target)...) },
		apply: func(x *world, sh *shocks, acting []int) {
			ds := x.ds
			for _, m := range acting {
				for c := range ds.Countries {
					if c == m {
						continue
					}
					each(ds, func(s int) {
						if x.in(c, acting) {
							sh.tariff[ds.At(c, m, s)] = 0
						} else {
							sh.tariff[ds.At(c, m, s)] += 0.10
						}
					})
				}
			}
		},
		feature: func(x *world, r *outcome) Feature {
			in := func(c int) bool { return x.in(c, x.members) }
			out := func(c int) bool { return !x.in(c, x.members) }
			ib, ia := x.avgTariff(x.ds.Tariffs, in, in), x.avgTariff(r.t, in, in)
			eb, ea := x.avgTariff(x.ds.Tariffs, in, out), x.avgTariff(r.t, in, out)
			return Feature{Holds: ia < ib && ea > eb,
				Text: fmt.Sprintf("intra-bloc tariff %.2f%% → %.2f%%, external tariff %.2f%% → %.2f%%", ib, ia, eb, ea),
				Values: map[string]float64{"intra_tariff_before_pct": r3(ib), "intra_tariff_after_pct": r3(ia),
					"external_tariff_before_pct": r3(eb), "external_tariff_after_pct": r3(ea)}}
		},
	}
}

// embargo returns the shocks of a coalition cutting trade with the target.
func embargoImports(x *world, sh *shocks, acting []int, add float64) {
	ds := x.ds
	for _, m := range acting {
		if m != x.target {
			each(ds, func(s int) { sh.tariff[ds.At(x.target, m, s)] += add })
		}
	}
}

func embargoExports(x *world, sh *shocks, acting []int, factor float64) {
	ds := x.ds
	for _, m := range acting {
		if m != x.target {
			each(ds, func(s int) { sh.cost[ds.At(m, x.target, s)] *= factor })
		}
	}
}

// importsFrom sums the target's exports to a set, before and after.
func (x *world) exportsOfTarget(r *outcome, set func(int) bool) (before, after float64) {
	for c := range x.ds.Countries {
		if c != x.target && set(c) {
			before += x.ds.Flow(x.target, c)
			after += sumS(x.ds, r.flows, x.target, c)
		}
	}
	return
}

func continental() *Playbook {
	return &Playbook{
		Name: "continental-system", Period: "1806–1814", Sanctions: true,
		Summary:   "Coalition embargo on the target, with leakage through neutrals",
		Mechanism: "the leader and its six largest partners embargo the target both ways (a 100 pp tariff on its goods and a doubling of the cost of exporting to it); neutrals trade freely, so the target's goods leak to them",
		Account: Account{Dates: "Berlin Decree (Nov 1806), Milan Decree (Dec 1807) to Napoleon's fall (1814)",
			Members: "France and its allies and dependants (the Confederation of the Rhine, Spain, Italy, the Netherlands, Denmark; Russia 1807–10)",
			Outcome: "failed: Britain re-routed trade through smuggling and neutral markets (Latin America), Russia left in 1810, continental economies suffered",
			Sources: []string{"Heckscher (1922), The Continental System", "Juhász (2018), 'Temporary Protection and Technology Adoption', AER 108(11)", "seed essay"}},
		members: func(x *world) []int { return append([]int{x.leader}, topPartners(x.ds, x.leader, 6, x.target)...) },
		apply: func(x *world, sh *shocks, acting []int) {
			embargoImports(x, sh, acting, 1.0)
			embargoExports(x, sh, acting, 2)
		},
		feature: func(x *world, r *outcome) Feature {
			mb, ma := x.exportsOfTarget(r, func(c int) bool { return x.in(c, x.members) })
			nb, na := x.exportsOfTarget(r, func(c int) bool { return !x.in(c, x.members) })
			return Feature{Holds: ma < mb && na > nb,
				Text:   fmt.Sprintf("target's exports to the coalition %s → %s, to neutrals %s → %s (leakage)", x.bn(mb), x.bn(ma), x.bn(nb), x.bn(na)),
				Values: map[string]float64{"to_coalition_change_pct": r3(100 * (ma/mb - 1)), "to_neutrals_change_pct": r3(100 * (na/nb - 1))}}
		},
	}
}

func cocom() *Playbook {
	pb := &Playbook{
		Name: "cocom", Period: "1949–1994", Sanctions: true, ImportSide: true,
		Summary:   "Export controls on the target, with a Battle-Act penalty on leaky members",
		Mechanism: "the leader and its six largest partners raise the cost of exporting to the target by 50% (export controls); the member that exports most to the target applies only half, and the leader puts a 25 pp penalty tariff on it (the Battle Act's aid cut-off)",
		Account: Account{Dates: "CoCom set up Nov 1949; Mutual Defense Assistance Control (Battle) Act Oct 1951; dissolved Mar 1994",
			Members: "the US, NATO allies (less Iceland), Japan (1952), Australia (1989)",
			Outcome: "held for four decades and slowed the Soviet bloc's access to technology, though allies chafed (e.g. the 1982 pipeline dispute) and enforcement relied on US leverage",
			Sources: []string{"Mutual Defense Assistance Control Act of 1951 (Pub. L. 82-213)", "Mastanduno (1992), Economic Containment: CoCom and the Politics of East-West Trade", "seed essay"}},
		members: func(x *world) []int { return append([]int{x.leader}, topPartners(x.ds, x.leader, 6, x.target)...) },
	}
	leaky := func(x *world) int {
		best, bv := -1, -1.0
		for _, m := range x.members {
			if m != x.leader && x.ds.Flow(m, x.target) > bv {
				best, bv = m, x.ds.Flow(m, x.target)
			}
		}
		return best
	}
	pb.apply = func(x *world, sh *shocks, acting []int) {
		if len(x.extra) == 0 {
			x.extra = []int{leaky(x)}
		}
		lk := x.extra[0]
		for _, m := range acting {
			f := 1.5
			if m == lk {
				f = 1.25
				if x.in(x.leader, acting) {
					each(x.ds, func(s int) { sh.tariff[x.ds.At(m, x.leader, s)] += 0.25 })
				}
			}
			embargoExports(x, sh, []int{m}, f)
		}
	}
	pb.feature = func(x *world, r *outcome) Feature {
		lk := x.extra[0]
		// The leaky member's choice: full compliance without the penalty vs leaking with it.
		comply, err := x.solve(x.members, func(x *world, sh *shocks, acting []int) { embargoExports(x, sh, acting, 1.5) })
		if err != nil {
			return Feature{Text: err.Error()}
		}
		wLeak := 100 * (r.r.Countries[lk].Welfare - 1)
		wComply := 100 * (comply.r.Countries[lk].Welfare - 1)
		mb, ma := 0.0, 0.0
		for _, m := range x.members {
			if m != x.target {
				mb += x.ds.Flow(m, x.target)
				ma += sumS(x.ds, r.flows, m, x.target)
			}
		}
		return Feature{Holds: ma < mb && wLeak < wComply,
			Text:   fmt.Sprintf("members' exports to the target %s → %s; %s's welfare leaking with the penalty %.3f%% vs complying %.3f%%: the penalty makes compliance pay", x.bn(mb), x.bn(ma), x.ds.Countries[lk].Code, wLeak, wComply),
			Values: map[string]float64{"members_exports_to_target_change_pct": r3(100 * (ma/mb - 1)), "leaky_welfare_leak_pct": r3(wLeak), "leaky_welfare_comply_pct": r3(wComply)}}
	}
	return pb
}

func abcd() *Playbook {
	return &Playbook{
		Name: "abcd-embargo", Period: "1940–1941", Sanctions: true, ImportSide: true,
		Summary:   "Coordinated embargo by a few suppliers",
		Mechanism: "the leader and the target's three other largest suppliers double the cost of exporting to it (an embargo on what it buys)",
		Account: Account{Dates: "US export licensing (Jul 1940), scrap-iron embargo (Sep 1940), asset freeze and oil embargo (Jul–Aug 1941)",
			Members: "the United States, Britain, China and the Netherlands (Dutch East Indies)",
			Outcome: "cut Japan off from about 90% of its oil imports; Japan chose war (Dec 1941) rather than compliance",
			Sources: []string{"Executive Order 8832 (26 Jul 1941)", "Miller (2007), Bankrupting the Enemy", "seed essay"}},
		members: func(x *world) []int {
			return append([]int{x.leader}, topSuppliers(x.ds, x.target, 3, x.leader)...)
		},
		apply: func(x *world, sh *shocks, acting []int) { embargoExports(x, sh, acting, 2) },
		feature: func(x *world, r *outcome) Feature {
			b, a := 0.0, 0.0
			for _, m := range x.members {
				b += x.ds.Flow(m, x.target)
				a += sumS(x.ds, r.flows, m, x.target)
			}
			tw := 100 * (r.r.Countries[x.target].Welfare - 1)
			return Feature{Holds: a < 0.5*b && tw < 0,
				Text:   fmt.Sprintf("the suppliers' exports to the target fall %.0f%%; the target's welfare %.3f%%", 100*(1-a/b), tw),
				Values: map[string]float64{"suppliers_exports_change_pct": r3(100 * (a/b - 1)), "target_welfare_pct": r3(tw)}}
		},
	}
}

func chicken() *Playbook {
	pb := &Playbook{
		Name: "chicken-war", Period: "1962–1963",
		Summary:   "Customs union's common external tariff met by targeted retaliation",
		Mechanism: "the leader and its four largest partners adopt a common external tariff on the target (each member's tariff on it raised to the highest member rate plus 20 pp); the target retaliates with 25 pp on the one member most exposed to it (the 'chicken tax' aimed at a few products and countries)",
		Account: Account{Dates: "EEC common agricultural policy raises poultry levies (Jul 1962); US 'chicken tax' (Proclamation 3564, Dec 1963)",
			Members: "the EEC six (France, West Germany, Italy, Belgium, the Netherlands, Luxembourg) against the United States",
			Outcome: "the EEC held its common tariff; the US 25% tariff on light trucks, potato starch, dextrin and brandy, aimed at Germany and France, outlived the dispute (the truck tariff still stands)",
			Sources: []string{"Proclamation 3564 (4 Dec 1963)", "Talbot (1978), The Chicken War", "seed essay"}},
		members: func(x *world) []int { return append([]int{x.leader}, topPartners(x.ds, x.leader, 4, x.target)...) },
	}
	victim := func(x *world) int {
		best, bv := -1, -1.0
		for _, m := range x.members {
			if v := x.ds.Flow(m, x.target); v > bv {
				best, bv = m, v
			}
		}
		return best
	}
	pb.apply = func(x *world, sh *shocks, acting []int) {
		ds := x.ds
		if len(x.extra) == 0 {
			x.extra = []int{victim(x)}
		}
		each(ds, func(s int) {
			cet := 0.0
			for _, m := range x.members {
				cet = max(cet, ds.Tariffs[ds.At(x.target, m, s)])
			}
			for _, m := range acting {
				sh.tariff[ds.At(x.target, m, s)] = cet + 0.20
			}
			if v := x.extra[0]; x.in(v, acting) {
				sh.tariff[ds.At(v, x.target, s)] += 0.25
			}
		})
	}
	pb.feature = func(x *world, r *outcome) Feature {
		ds := x.ds
		v := x.extra[0]
		uniform := true
		first := r.t[ds.At(x.target, x.members[0], 0)]
		for _, m := range x.members {
			uniform = uniform && r.t[ds.At(x.target, m, 0)] == first
		}
		others, n := 0.0, 0
		for _, m := range x.members {
			if m != v {
				others += 100 * (r.r.Countries[m].Welfare - 1)
				n++
			}
		}
		others /= float64(max(n, 1))
		vw := 100 * (r.r.Countries[v].Welfare - 1)
		return Feature{Holds: uniform && vw < others,
			Text:   fmt.Sprintf("common external tariff on the target %.1f%% for every member; retaliation on %s: its welfare %.3f%% vs %.3f%% for the other members on average", 100*first, ds.Countries[v].Code, vw, others),
			Values: map[string]float64{"cet_pct": r3(100 * first), "victim_welfare_pct": r3(vw), "other_members_welfare_pct": r3(others)}}
	}
	return pb
}

func opec() *Playbook {
	return &Playbook{
		Name: "opec-embargo", Period: "1973–1974", Sanctions: true, Reverse: true,
		Summary:   "Producers' coalition restricting its exports to the target",
		Mechanism: "today's counter-coalition (the seed essay's role reversal: surplus economies weaponising supply): the target and the leader's two largest suppliers outside the USMCA restrict their exports to the leader — on a world with ICIO sectors (icio-2022) they cut off the vital inputs, metal ores, non-ferrous metals and electronics (B07, C24B, C26: an export_restriction ban, as the 1973 embargo cut oil); on a one-sector world they tax all their sales to it by 25%",
		Account: Account{Dates: "Oct 1973 to Mar 1974",
			Members: "the Arab members of OPEC (OAPEC) with Egypt and Syria, against the US, the Netherlands and others",
			Outcome: "oil prices roughly quadrupled and the producers' revenues soared, but the embargo was lifted without its political aims met; consumers responded with the IEA and new supply",
			Sources: []string{"OAPEC communiqué (17 Oct 1973)", "Licklider (1988), 'The Power of Oil', International Studies Quarterly 32(2)", "seed essay"}},
		members: func(x *world) []int {
			ex := []int{x.leader}
			for _, g := range []string{"CAN", "MEX"} {
				if c, ok := x.ds.Index(g); ok {
					ex = append(ex, c)
				}
			}
			return append([]int{x.target}, topSuppliers(x.ds, x.leader, 2, append(ex, x.target)...)...)
		},
		apply: func(x *world, sh *shocks, acting []int) {
			ds := x.ds
			vital := ds.VitalInputs()
			for _, m := range acting {
				if len(vital) == 0 {
					each(ds, func(s int) { sh.sub[ds.At(m, x.leader, s)] = 1/1.25 - 1 })
					continue
				}
				for _, s := range vital {
					sh.sub[ds.At(m, x.leader, s)] = 1/(1+scenario.BanRate) - 1
				}
			}
		},
		feature: func(x *world, r *outcome) Feature {
			b, a := 0.0, 0.0
			for _, m := range x.members {
				b += x.ds.Flow(m, x.leader)
				a += sumS(x.ds, r.flows, m, x.leader)
			}
			p := 100 * (r.r.Countries[x.leader].PriceIndex - 1)
			return Feature{Holds: a < b && p > 0,
				Text:   fmt.Sprintf("the producers' exports to %s fall %.0f%%; %s's price index rises %.2f%%", x.ds.Countries[x.leader].Code, 100*(1-a/b), x.ds.Countries[x.leader].Code, p),
				Values: map[string]float64{"producers_exports_change_pct": r3(100 * (a/b - 1)), "leader_price_index_pct": r3(p)}}
		},
	}
}

func league() *Playbook {
	pb := &Playbook{
		Name: "league-sanctions", Period: "1935–1936", Sanctions: true,
		Summary:   "Coalition sanctions undone by defectors",
		Mechanism: "the leader and its six largest partners put a 50 pp tariff on the target's goods, except the two members that import most from it, which defect and trade on",
		Account: Account{Dates: "League sanctions voted Oct 1935 after the invasion of Ethiopia; lifted Jul 1936",
			Members: "52 League members; the US and Germany outside, and oil, coal and steel left off the list",
			Outcome: "failed: Italy completed the conquest in May 1936; non-members and half-hearted members kept trading",
			Sources: []string{"League of Nations Assembly resolutions (Oct 1935)", "Martin (1992), Coercive Cooperation", "seed essay"}},
		members: func(x *world) []int { return append([]int{x.leader}, topPartners(x.ds, x.leader, 6, x.target)...) },
	}
	defectors := func(x *world) []int {
		var ms []int
		for _, m := range x.members {
			if m != x.leader {
				ms = append(ms, m)
			}
		}
		for i := range ms {
			for j := i + 1; j < len(ms); j++ {
				if x.ds.Flow(x.target, ms[j]) > x.ds.Flow(x.target, ms[i]) {
					ms[i], ms[j] = ms[j], ms[i]
				}
			}
		}
		return ms[:min(2, len(ms))]
	}
	pb.apply = func(x *world, sh *shocks, acting []int) {
		if len(x.extra) == 0 {
			x.extra = defectors(x)
		}
		var act []int
		for _, m := range acting {
			if !x.in(m, x.extra) {
				act = append(act, m)
			}
		}
		embargoImports(x, sh, act, 0.5)
	}
	pb.feature = func(x *world, r *outcome) Feature {
		unity, err := x.solve(x.members, func(x *world, sh *shocks, acting []int) { embargoImports(x, sh, acting, 0.5) })
		if err != nil {
			return Feature{Text: err.Error()}
		}
		tw := 100 * (r.r.Countries[x.target].Welfare - 1)
		tu := 100 * (unity.r.Countries[x.target].Welfare - 1)
		db, da := 0.0, 0.0
		for _, d := range x.extra {
			db += x.ds.Flow(x.target, d)
			da += sumS(x.ds, r.flows, x.target, d)
		}
		return Feature{Holds: da > db && tw > tu,
			Text:   fmt.Sprintf("the defectors' imports from the target rise %.1f%%; the target's welfare %.3f%% with defectors vs %.3f%% under unity", 100*(da/db-1), tw, tu),
			Values: map[string]float64{"defectors_imports_change_pct": r3(100 * (da/db - 1)), "target_welfare_pct": r3(tw), "target_welfare_unity_pct": r3(tu)}}
	}
	return pb
}
