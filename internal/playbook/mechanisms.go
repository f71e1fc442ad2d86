package playbook

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
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
		members: leaderAnd(5),
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
			return Feature{Holds: ia < ib && ea > eb, Setting: everyMember,
				Text: fmt.Sprintf("intra-bloc tariff %.2f%% → %.2f%%, external tariff %.2f%% → %.2f%%", ib, ia, eb, ea),
				Values: map[string]float64{"intra_tariff_before_pct": r3(ib), "intra_tariff_after_pct": r3(ia),
					"external_tariff_before_pct": r3(eb), "external_tariff_after_pct": r3(ea)}}
		},
	}
}

// embargoImports adds add to the acting countries' tariffs on the target's
// goods (every country of the target's unit).
func embargoImports(x *world, sh *shocks, acting []int, add float64) {
	ds := x.ds
	for _, m := range acting {
		if x.target.has(m) {
			continue
		}
		for _, t := range x.target.cs {
			each(ds, func(s int) { sh.tariff[ds.At(t, m, s)] += add })
		}
	}
}

// embargoExports multiplies the acting countries' cost of exporting to the
// target by factor.
func embargoExports(x *world, sh *shocks, acting []int, factor float64) {
	ds := x.ds
	for _, m := range acting {
		if x.target.has(m) {
			continue
		}
		for _, t := range x.target.cs {
			each(ds, func(s int) { sh.cost[ds.At(m, t, s)] *= factor })
		}
	}
}

// exportsOfTarget sums the target's exports to a set, before and after.
func (x *world) exportsOfTarget(r *outcome, set func(int) bool) (before, after float64) {
	return x.targetTrade(nil, true, set), x.targetTrade(r.flows, true, set)
}

func continental() *Playbook {
	return &Playbook{
		Name: "continental-system", Period: "1806–1814", Sanctions: true,
		Summary:   "Coalition embargo on the target, with leakage through neutrals",
		Mechanism: "the leader and its six largest partners embargo the target both ways (a 100 pp tariff on its goods and a doubling of the cost of exporting to it); neutrals trade freely, so the target's goods leak to them. With France leading against Britain (--leader FRA --target GBR), as in 1806, the EU27 leads: France has no trade policy of its own today, so Napoleon's decree would be an EU measure, as the EU's sanctions on Russia are",
		Account: Account{Dates: "Berlin Decree (Nov 1806), Milan Decree (Dec 1807) to Napoleon's fall (1814)",
			Members: "France and its allies and dependants (the Confederation of the Rhine, Spain, Italy, the Netherlands, Denmark; Russia 1807–10)",
			Outcome: "failed: Britain re-routed trade through smuggling and neutral markets (Latin America), Russia left in 1810, continental economies suffered",
			Sources: []string{"Heckscher (1922), The Continental System", "Juhász (2018), 'Temporary Protection and Technology Adoption', AER 108(11)", "seed essay"}},
		members: leaderAnd(6),
		apply: func(x *world, sh *shocks, acting []int) {
			embargoImports(x, sh, acting, 1.0)
			embargoExports(x, sh, acting, 2)
		},
		feature: func(x *world, r *outcome) Feature {
			mb, ma := x.exportsOfTarget(r, func(c int) bool { return x.in(c, x.members) })
			nb, na := x.exportsOfTarget(r, func(c int) bool { return !x.in(c, x.members) })
			return Feature{Holds: ma < mb && na > nb, Setting: everyMember,
				Text:   fmt.Sprintf("target's exports to the coalition %s → %s, to neutrals %s → %s%s", x.bn(mb), x.bn(ma), x.bn(nb), x.bn(na), neutralsLabel(nb, na)),
				Values: map[string]float64{"to_coalition_change_pct": r3(100 * (ma/mb - 1)), "to_neutrals_change_pct": r3(100 * (na/nb - 1))}}
		},
	}
}

// neutralsLabel says what the target's exports to the neutrals did: they
// leak there only if they rise. With France leading against Britain the
// EU27 embargo costs Britain so much income that its exports to the
// neutrals fall too ($119 bn → $80 bn), which "(leakage)" misread.
func neutralsLabel(before, after float64) string {
	if after > before {
		return " (leakage)"
	}
	return " (no leakage: they fall too)"
}

func cocom() *Playbook {
	pb := &Playbook{
		Name: "cocom", Period: "1949–1994", Sanctions: true, ImportSide: true,
		Summary:   "Export controls on the target, with a Battle-Act penalty on leaky members",
		Mechanism: "the leader and its six largest partners raise the cost of exporting to the target by 50% (export controls); the member that exports most to the target applies only half, and the leader puts a 25 pp penalty tariff on every member that does not apply the controls in full, the leaky one or one that leaves (the Battle Act's aid cut-off for any country shipping embargoed goods)",
		Account: Account{Dates: "CoCom set up Nov 1949; Mutual Defense Assistance Control (Battle) Act Oct 1951; dissolved Mar 1994",
			Members: "the US, NATO allies (less Iceland), Japan (1952), Australia (1989)",
			Outcome: "held for four decades and slowed the Soviet bloc's access to technology, though allies chafed (e.g. the 1982 pipeline dispute) and enforcement relied on US leverage",
			Sources: []string{"Mutual Defense Assistance Control Act of 1951 (Pub. L. 82-213)", "Mastanduno (1992), Economic Containment: CoCom and the Politics of East-West Trade", "seed essay"}},
		members:   leaderAnd(6),
		defection: "leaving the controls and paying the Battle-Act penalty",
		notUnited: "the penalty alone does not hold the coalition together: the feature holds only as long as members are held to it by more (carrots, a larger penalty or enforcement)",
	}
	leaky := func(x *world) unit {
		var best unit
		bv := -1.0
		for _, u := range x.units {
			if v := flow(x.ds, u, x.target); !u.is(x.leader) && v > bv {
				best, bv = u, v
			}
		}
		return best
	}
	pb.apply = func(x *world, sh *shocks, acting []int) {
		ds := x.ds
		if len(x.extra) == 0 {
			x.extra = []unit{leaky(x)}
		}
		lk := x.extra[0]
		for _, m := range acting {
			f := 1.5
			if lk.has(m) {
				f = 1.25
			}
			embargoExports(x, sh, []int{m}, f)
		}
		if !x.in(x.leader.cs[0], acting) {
			return
		}
		// The Battle Act cut aid to any country that shipped embargoed
		// goods, whether it leaked or left CoCom: a member that defects
		// pays the penalty the leaky one pays, so the unity lesson weighs
		// defection against it too.
		for _, u := range x.units {
			if u.is(x.leader) || (!u.is(lk) && x.in(u.cs[0], acting)) {
				continue
			}
			for _, l := range x.leader.cs {
				for _, c := range u.cs {
					each(ds, func(s int) { sh.tariff[ds.At(c, l, s)] += 0.25 })
				}
			}
		}
	}
	pb.feature = func(x *world, r *outcome) Feature {
		lk := x.extra[0]
		// The leaky member's three choices while the others comply: in full
		// (no penalty), leaking (the playbook's equilibrium) or leaving
		// (penalised as well).
		comply, err := x.solve(x.members, func(x *world, sh *shocks, acting []int) { embargoExports(x, sh, acting, 1.5) })
		if err != nil {
			return Feature{Text: err.Error()}
		}
		leave, err := x.solve(without(x.members, lk), pb.apply)
		if err != nil {
			return Feature{Text: err.Error()}
		}
		wLeak, wComply, wLeave := x.welfarePct(r.r, lk), x.welfarePct(comply.r, lk), x.welfarePct(leave.r, lk)
		inBloc := func(c int) bool { return x.in(c, x.members) }
		mb, ma := x.targetTrade(nil, false, inBloc), x.targetTrade(r.flows, false, inBloc)
		pays := wComply > wLeak && wComply > wLeave
		verdict := "the penalty makes full compliance pay"
		if !pays {
			verdict = "the penalty does not make full compliance pay"
		}
		return Feature{Holds: ma < mb && pays, Setting: fmt.Sprintf("%s leaks and is penalised, the others comply", lk.name),
			Text: fmt.Sprintf("members' exports to the target %s → %s; %s's welfare complying in full %.3f%%, leaking with the penalty %.3f%%, leaving the controls with the penalty %.3f%%: %s",
				x.bn(mb), x.bn(ma), lk.name, wComply, wLeak, wLeave, verdict),
			Values: map[string]float64{"members_exports_to_target_change_pct": r3(100 * (ma/mb - 1)), "leaky_welfare_leak_pct": r3(wLeak),
				"leaky_welfare_comply_pct": r3(wComply), "leaky_welfare_leave_pct": r3(wLeave)}}
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
		members: func(x *world) []unit {
			return append([]unit{x.leader}, topSuppliers(x.ds, x.target, 3, x.leader)...)
		},
		apply: func(x *world, sh *shocks, acting []int) { embargoExports(x, sh, acting, 2) },
		feature: func(x *world, r *outcome) Feature {
			inBloc := func(c int) bool { return x.in(c, x.members) }
			b, a := x.targetTrade(nil, false, inBloc), x.targetTrade(r.flows, false, inBloc)
			tw := x.welfarePct(r.r, x.target)
			return Feature{Holds: a < 0.5*b && tw < 0, Setting: everyMember,
				Text:   fmt.Sprintf("the suppliers' exports to the target fall %.0f%%; the target's welfare %.3f%%", 100*(1-a/b), tw),
				Values: map[string]float64{"suppliers_exports_change_pct": r3(100 * (a/b - 1)), "target_welfare_pct": r3(tw)}}
		},
	}
}

func chicken() *Playbook {
	pb := &Playbook{
		Name: "chicken-war", Period: "1962–1963",
		Summary:   "Customs union's common external tariff met by targeted retaliation",
		Mechanism: "the leader and its four largest partners adopt a common external tariff on the target (each member's tariff on it raised to the highest member rate plus 20 pp); the target retaliates with 25 pp on the one member most exposed to it (the 'chicken tax' aimed at a few products and countries). With a European leader against the US (--leader FRA --target USA), the EU27 plays the EEC's part",
		Account: Account{Dates: "EEC common agricultural policy raises poultry levies (Jul 1962); US 'chicken tax' (Proclamation 3564, Dec 1963)",
			Members: "the EEC six (France, West Germany, Italy, Belgium, the Netherlands, Luxembourg) against the United States",
			Outcome: "the EEC held its common tariff; the US 25% tariff on light trucks, potato starch, dextrin and brandy, aimed at Germany and France, outlived the dispute (the truck tariff still stands)",
			Sources: []string{"Proclamation 3564 (4 Dec 1963)", "Talbot (1978), The Chicken War", "seed essay"}},
		members: leaderAnd(4),
	}
	victim := func(x *world) unit {
		var best unit
		bv := -1.0
		for _, u := range x.units {
			if v := flow(x.ds, u, x.target); v > bv {
				best, bv = u, v
			}
		}
		return best
	}
	pb.apply = func(x *world, sh *shocks, acting []int) {
		ds := x.ds
		if len(x.extra) == 0 {
			x.extra = []unit{victim(x)}
		}
		v := x.extra[0]
		each(ds, func(s int) {
			cet := 0.0
			for _, m := range x.members {
				for _, t := range x.target.cs {
					cet = max(cet, ds.Tariffs[ds.At(t, m, s)])
				}
			}
			for _, m := range acting {
				for _, t := range x.target.cs {
					sh.tariff[ds.At(t, m, s)] = cet + 0.20
				}
			}
			if x.in(v.cs[0], acting) {
				for _, c := range v.cs {
					for _, t := range x.target.cs {
						sh.tariff[ds.At(c, t, s)] += 0.25
					}
				}
			}
		})
	}
	pb.feature = func(x *world, r *outcome) Feature {
		ds := x.ds
		v := x.extra[0]
		uniform := true
		first := r.t[ds.At(x.target.cs[0], x.members[0], 0)]
		for _, m := range x.members {
			for _, t := range x.target.cs {
				uniform = uniform && r.t[ds.At(t, m, 0)] == first
			}
		}
		others, n := 0.0, 0
		for _, u := range x.units {
			if !u.is(v) {
				others += x.welfarePct(r.r, u)
				n++
			}
		}
		others /= float64(max(n, 1))
		vw := x.welfarePct(r.r, v)
		return Feature{Holds: uniform && vw < others, Setting: everyMember,
			Text:   fmt.Sprintf("common external tariff on the target %.1f%% for every member; retaliation on %s: its welfare %.3f%% vs %.3f%% for the other members on average", 100*first, v.name, vw, others),
			Values: map[string]float64{"cet_pct": r3(100 * first), "victim_welfare_pct": r3(vw), "other_members_welfare_pct": r3(others)}}
	}
	return pb
}

// opecTax is the producers' export tax on a one-sector world (a 25% markup
// on their sales to the leader).
const opecTax = 0.25

func opec() *Playbook {
	return &Playbook{
		Name: "opec-embargo", Period: "1973–1974", Sanctions: true, Reverse: true,
		Summary:   "Producers' coalition restricting its exports to the target",
		Mechanism: "today's counter-coalition (the seed essay's role reversal: surplus economies weaponising supply): the target and the leader's two largest suppliers outside the USMCA restrict their exports to the leader — on a world with ICIO sectors (icio-2022) they cut off the vital inputs, metal ores, non-ferrous metals and electronics (B07, C24B, C26: an export_restriction ban, as the 1973 embargo cut oil); on a one-sector world they tax all their sales to it by 25%. The leader's price effect is its consumer price index relative to its wage (the fall of its real wage), a unit-free figure, beside what the tax would add passed on in full on the producers' share of its spending",
		Account: Account{Dates: "Oct 1973 to Mar 1974",
			Members: "the Arab members of OPEC (OAPEC) with Egypt and Syria, against the US, the Netherlands and others",
			Outcome: "oil prices roughly quadrupled and the producers' revenues soared, but the embargo was lifted without its political aims met; consumers responded with the IEA and new supply",
			Sources: []string{"OAPEC communiqué (17 Oct 1973)", "Licklider (1988), 'The Power of Oil', International Studies Quarterly 32(2)", "seed essay"}},
		members: func(x *world) []unit {
			ex := []unit{x.leader, x.target}
			for _, g := range []string{"CAN", "MEX"} {
				if c, ok := x.ds.Index(g); ok {
					ex = append(ex, unitOf(x.ds, c))
				}
			}
			return append([]unit{x.target}, topSuppliers(x.ds, x.leader, 2, ex...)...)
		},
		apply: func(x *world, sh *shocks, acting []int) {
			ds := x.ds
			vital := ds.VitalInputs()
			for _, m := range acting {
				for _, l := range x.leader.cs {
					if len(vital) == 0 {
						each(ds, func(s int) { sh.sub[ds.At(m, l, s)] = 1/(1+opecTax) - 1 })
						continue
					}
					for _, s := range vital {
						sh.sub[ds.At(m, l, s)] = 1/(1+scenario.BanRate) - 1
					}
				}
			}
		},
		feature: func(x *world, r *outcome) Feature {
			ds := x.ds
			b, a, spend := 0.0, 0.0, 0.0
			for _, l := range x.leader.cs {
				for _, m := range x.members {
					b += ds.GoodsFlow(nil, m, l)
					a += ds.GoodsFlow(r.flows, m, l)
				}
				spend += x.b.E[l]
			}
			// P̂/ŵ: the leader's consumer prices relative to its wage, free of
			// the numeraire that P̂ alone is measured in (world GDP), so that
			// a rise in the leader's wage against the world's is not read as
			// inflation. GDP-weighted over a group leader.
			gdp := func(c int) float64 { return x.b.GDP[c] }
			p := 100 * (model.GDPWeighted(x.leader.cs, gdp, func(c int) float64 { return 1 / r.r.Countries[c].RealWage }) - 1)
			rw := 100 * (model.GDPWeighted(x.leader.cs, gdp, func(c int) float64 { return r.r.Countries[c].RealWage }) - 1)
			share := 100 * b / spend
			name := x.leader.name
			vals := map[string]float64{"producers_exports_change_pct": r3(100 * (a/b - 1)), "leader_prices_relative_to_wage_pct": r3(p),
				"leader_real_wage_pct": r3(rw), "producers_share_of_leader_spending_pct": r3(share)}
			text := fmt.Sprintf("the producers' exports to %s fall %.0f%%; %s's consumer prices rise %.2f%% relative to its wage (real wage %+.2f%%)", name, 100*(1-a/b), name, p, rw)
			if len(ds.VitalInputs()) == 0 {
				// The first-order benchmark: the tax passed on in full with
				// no substitution, on the producers' share of spending.
				vals["full_pass_through_pct"] = r3(share * opecTax)
				text += fmt.Sprintf(": their goods are %.1f%% of %s's spending, so the %.0f%% tax passed on in full would add %.2f%%", share, name, 100*opecTax, share*opecTax)
			}
			return Feature{Holds: a < b && p > 0, Setting: "every producer takes part", Text: text, Values: vals}
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
		members:       leaderAnd(6),
		notUnited:     "the sanctions would unravel further: the feature's defectors would not be the last",
		specialDefect: true,
	}
	defectors := func(x *world) []unit {
		var us []unit
		for _, u := range x.units {
			if !u.is(x.leader) {
				us = append(us, u)
			}
		}
		sort.SliceStable(us, func(i, j int) bool { return flow(x.ds, x.target, us[i]) > flow(x.ds, x.target, us[j]) })
		return us[:min(2, len(us))]
	}
	pb.apply = func(x *world, sh *shocks, acting []int) {
		if len(x.extra) == 0 {
			x.extra = defectors(x)
		}
		embargoImports(x, sh, without(acting, x.extra...), 0.5)
	}
	pb.feature = func(x *world, r *outcome) Feature {
		unity, err := x.solve(x.members, func(x *world, sh *shocks, acting []int) { embargoImports(x, sh, acting, 0.5) })
		if err != nil {
			return Feature{Text: err.Error()}
		}
		tw, tu := x.welfarePct(r.r, x.target), x.welfarePct(unity.r, x.target)
		defecting := func(c int) bool { return slices.ContainsFunc(x.extra, func(u unit) bool { return u.has(c) }) }
		db, da := x.targetTrade(nil, true, defecting), x.targetTrade(r.flows, true, defecting)
		var names []string
		for _, u := range x.extra {
			names = append(names, u.name)
		}
		return Feature{Holds: da > db && tw > tu, Setting: fmt.Sprintf("%s trade on while the others sanction", strings.Join(names, " and ")),
			Text:   fmt.Sprintf("the defectors' imports from the target rise %.1f%%; the target's welfare %.3f%% with defectors vs %.3f%% under unity", 100*(da/db-1), tw, tu),
			Values: map[string]float64{"defectors_imports_change_pct": r3(100 * (da/db - 1)), "target_welfare_pct": r3(tw), "target_welfare_unity_pct": r3(tu)}}
	}
	return pb
}

// everyMember is the setting of a feature measured with the whole
// coalition acting.
const everyMember = "every member takes part"

// leaderAnd picks the leader and its k largest partners (units: the EU27
// counts as one), the target excluded.
func leaderAnd(k int) func(x *world) []unit {
	return func(x *world) []unit {
		return append([]unit{x.leader}, topPartners(x.ds, x.leader, k, x.target)...)
	}
}
