package coalition

import (
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// ruleGame has every tariff rule switched on and a flat threat, so that the
// whole schedule of a configuration can be written down by hand.
const ruleGame = `
name: rules
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, JPN, KOR]
  member_terms: {rate: 0.10, rates: {CAN: 0.04}}
  threat: {rate: 0.25}
  external_tariff: match
  retaliation: mirror_all
  defector_penalty: 0.05
`

// TestTariffRulesByHand writes every slot of a configuration's schedule by
// the rules of docs/scenarios.md and compares: CAN and MEX members, KOR (the
// smallest candidate, player 0) in China's counter-bloc, JPN out — plain,
// penalised as a defector, and facing a threat of its own.
func TestTariffRulesByHand(t *testing.T) {
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range []*data.Dataset{mustDefault(t), icio} {
		testTariffRules(t, ds)
	}
}

func testTariffRules(t *testing.T, ds *data.Dataset) {
	g, err := newGame(parse(t, ruleGame), ds)
	if err != nil {
		t.Fatal(err)
	}
	idx := func(code string) int {
		i, ok := ds.Index(code)
		if !ok {
			t.Fatalf("%s missing", code)
		}
		return i
	}
	usa, kor, can := idx("USA"), idx("KOR"), idx("CAN")
	members := map[int]bool{can: true, idx("MEX"): true}
	if g.players[0].Name != "KOR" && ds.Name == "world-2023" {
		t.Fatalf("player 0 is %s; the test puts KOR there", g.players[0].Name)
	}
	targets, answering := map[int]bool{}, map[int]bool{}
	for _, c := range g.targets {
		targets[c] = true
	}
	for _, c := range g.answering {
		answering[c] = true // China, not its alias territories
	}
	var counter bool
	adversary := func(c int) bool { return targets[c] || counter && c == kor }
	m, _ := g.parseMembers("CAN+MEX")
	km, _ := g.parseMembers("KOR")
	jpn, kp := g.inPlay[idx("JPN")], g.inPlay[kor]
	for _, tc := range []struct {
		name string
		cfg  config
	}{
		{"plain", config{members: m, counter: km, penalized: -1, threatened: -1}},
		{"JPN penalised", config{members: m, counter: km, penalized: jpn, threatened: -1}},
		{"JPN threatened alone", config{members: m, counter: km, penalized: -1, threatened: jpn, threat: 0.4}},
		{"KOR penalised", config{members: m, penalized: kp, threatened: -1}},
		{"KOR threatened alone", config{members: m, penalized: -1, threatened: kp, threat: 0.4}},
	} {
		counter = tc.cfg.counter != 0
		got := make([]float64, len(g.t0))
		g.tariffs(tc.cfg, got)
		// China's answer is 25 points on every good of the bloc's, so its
		// summary is 25 pp, services (which it cannot reach) left out.
		for _, a := range g.answering {
			if x := g.answerPct(a, tc.cfg.members, got); math.Abs(x-25) > 1e-9 {
				t.Errorf("%s, %s: %s's answer summarised as %.4f pp, want 25", ds.Name, tc.name, ds.Countries[a].Code, x)
			}
		}
		bad := 0
		for s := 0; s < ds.S(); s++ {
			t0 := func(i, j int) float64 { return g.t0[ds.At(i, j, s)] }
			// want is the tariff importer j sets on exporter i's goods.
			services := ds.S() > 1 && ds.Sectors[s].Code == "SERV"
			want := func(i, j int) float64 {
				switch {
				case services && counter && adversary(i) && adversary(j): // rule 4 on services too
					return 0
				case services: // the game's tariffs reach goods only
					return t0(i, j)
				case j == usa && members[i] && i == can: // rule 1: member terms, CAN's own
					return t0(i, j) + 0.04
				case j == usa && members[i]: // rule 1: member terms
					return t0(i, j) + 0.10
				case j == usa && tc.cfg.threatened >= 0 && g.inPlay[i] == tc.cfg.threatened: // a threat of its own
					return t0(i, j) + 0.4
				case j == usa && tc.cfg.penalized >= 0 && g.inPlay[i] == tc.cfg.penalized: // the defector penalty on top
					return t0(i, j) + 0.25 + 0.05
				case j == usa: // the flat threat, on targets, counter and outsiders alike
					return t0(i, j) + 0.25
				case members[j] && adversary(i): // rule 2: members match the leader
					return t0(i, j) + 0.25
				case counter && adversary(i) && adversary(j): // rule 4: free trade inside the counter-bloc
					return 0
				case (i == usa || members[i]) && (answering[j] || counter && j == kor): // rule 5: China answers, KOR retaliates
					return t0(i, j) + 0.25
				}
				return t0(i, j)
			}
			for i := range ds.Countries {
				for j := range ds.Countries {
					if i == j {
						continue
					}
					w := want(i, j)
					if d := got[ds.At(i, j, s)] - w; d > 1e-12 || d < -1e-12 {
						if bad++; bad <= 5 {
							t.Errorf("%s, %s: %s→%s sector %d tariff %.4f, want %.4f", ds.Name, tc.name, ds.Countries[i].Code, ds.Countries[j].Code, s, got[ds.At(i, j, s)], w)
						}
					}
				}
			}
		}
		if bad > 5 {
			t.Errorf("%s, %s: %d slots wrong in all", ds.Name, tc.name, bad)
		}
	}
}

// TestCounterRules: a counter-bloc member faces the leader's harshest
// increase on a target when its own threat is lower (a schedule: China's
// rate above Korea's), and, restricting exports instead, it does not also
// retaliate in kind — China still does.
func TestCounterRules(t *testing.T) {
	ds := mustDefault(t)
	y := strings.Replace(ruleGame, "threat: {rate: 0.25}", "threat: {schedule: liberation-day}\n  counter_bloc: {members: [KOR], instrument: %s}", 1)
	usa, _ := ds.Index("USA")
	chn, _ := ds.Index("CHN")
	kor, _ := ds.Index("KOR")
	can, _ := ds.Index("CAN")
	for _, instrument := range []string{"tariff", "export_restriction"} {
		g, err := newGame(parse(t, fmtYAML(y, instrument)), ds)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := g.parseMembers("CAN+MEX")
		km, _ := g.parseMembers("KOR")
		got := make([]float64, len(g.t0))
		g.tariffs(config{members: m, counter: km, penalized: -1, threatened: -1}, got)
		at := func(i, j int) int { return ds.At(i, j, 0) }
		incCHN := g.threat[at(chn, usa)] - g.t0[at(chn, usa)]
		incKOR := g.threat[at(kor, usa)] - g.t0[at(kor, usa)]
		if !(incCHN > incKOR) {
			t.Fatalf("the schedule raises CHN by %.3f, KOR by %.3f: the test needs China's higher", incCHN, incKOR)
		}
		if w := g.t0[at(kor, usa)] + incCHN; got[at(kor, usa)] != w {
			t.Errorf("%s: the leader's tariff on KOR %.4f, want China's increase on its own: %.4f", instrument, got[at(kor, usa)], w)
		}
		wantKOR := g.t0[at(usa, kor)] + incCHN // KOR mirrors the leader's increase on it
		if instrument == "export_restriction" {
			wantKOR = g.t0[at(usa, kor)]
		}
		if got[at(usa, kor)] != wantKOR {
			t.Errorf("%s: KOR's tariff on the leader %.4f, want %.4f", instrument, got[at(usa, kor)], wantKOR)
		}
		if w := g.t0[at(can, chn)] + incCHN; got[at(can, chn)] != w {
			t.Errorf("%s: China's answer on CAN %.4f, want %.4f", instrument, got[at(can, chn)], w)
		}
	}
}

// TestTransshipmentByHand: in the legacy form a share σ·o of the targets'
// sales to each bloc country b (the leader and the members) escapes b's
// tariff on them through the candidates that stayed out, paying b's
// trade-weighted tariff on those outsiders plus the rerouting cost — where
// that is cheaper; o is the outsiders' share of the candidates' purchases
// from the targets. Written out from the schedule without transshipment.
func TestTransshipmentByHand(t *testing.T) {
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range []*data.Dataset{mustDefault(t), icio} {
		// Without retaliation, which would mirror the composite tariffs.
		y := strings.Replace(smallGame, "retaliation: mirror_all", "retaliation: none", 1)
		g, err := newGame(parse(t, y), ds)
		if err != nil {
			t.Fatal(err)
		}
		g0, err := newGame(parse(t, strings.Replace(y, "  transshipment: {share: 0.3, cost: 0.05}\n", "", 1)), ds)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := g.parseMembers("CAN+MEX")
		inBloc, outside := map[int]bool{g.leader: true}, map[int]bool{}
		for _, code := range []string{"CAN", "MEX"} {
			i, _ := ds.Index(code)
			inBloc[i] = true
		}
		for _, code := range []string{"JPN", "KOR"} {
			i, _ := ds.Index(code)
			outside[i] = true
		}
		in, out := 0.0, 0.0
		for _, tg := range g.targets {
			for c := range ds.Countries {
				for s := 0; s < ds.S(); s++ {
					x := ds.Trade[ds.At(tg, c, s)]
					if inBloc[c] && c != g.leader {
						in += x
					} else if outside[c] {
						out += x
					}
				}
			}
		}
		so := 0.3 * out / (in + out)
		if l := g.leakage(m); math.Abs(l-so) > 1e-12 {
			t.Errorf("%s: leakage %.6f, want %.6f", ds.Name, l, so)
		}
		want := make([]float64, len(g.t0))
		g0.tariffs(plain(m), want)
		moved := 0
		for b := range inBloc {
			for s := 0; s < ds.S(); s++ {
				num, den := 0.0, 0.0
				for c := range outside {
					w := ds.Trade[ds.At(c, b, s)]
					num += w * want[ds.At(c, b, s)]
					den += w
				}
				if den == 0 {
					continue
				}
				via := num/den + 0.05
				for _, tg := range g.targets {
					if k := ds.At(tg, b, s); via < want[k] {
						want[k] = (1-so)*want[k] + so*via
						moved++
					}
				}
			}
		}
		if moved == 0 {
			t.Fatalf("%s: no tariff moved by transshipment", ds.Name)
		}
		got := make([]float64, len(g.t0))
		g.tariffs(plain(m), got)
		bad := 0
		for k := range got {
			if math.Abs(got[k]-want[k]) > 1e-12 {
				if bad++; bad <= 5 {
					t.Errorf("%s: slot %d tariff %.6f, want %.6f", ds.Name, k, got[k], want[k])
				}
			}
		}
	}
}

// TestNoReliefNote: a candidate whose member rate is not below the threat it
// escapes (Canada's 10% on its whole base against Liberation Day's duty on
// its non-USMCA goods, Britain's 10% against the 10% baseline) is named;
// Canada with a rate on the covered goods only, and Japan (24% threat), are
// not.
func TestNoReliefNote(t *testing.T) {
	ds := mustDefault(t)
	const y = "name: x\ncoalition:\n  candidates: [CAN, GBR, JPN]\n  threat: {schedule: liberation-day}\n  member_terms: %s\n"
	for _, tc := range []struct {
		terms      string
		named, not []string
	}{
		{"{rate: 0.10}", []string{"CAN (+10% as a member, +10% under the threat)", "GBR (+10% as a member, +10% under the threat)"}, []string{"JPN"}},
		{"{rate: 0.10, rates: {CAN: 0.04}}", []string{"GBR (+10%"}, []string{"CAN", "JPN"}},
		{"{rate: 0.09}", nil, []string{"CAN", "GBR", "JPN"}},
		{"{baseline: true}", nil, []string{"CAN", "GBR", "JPN"}},
	} {
		g, err := newGame(parse(t, fmtYAML(y, tc.terms)), ds)
		if err != nil {
			t.Fatal(err)
		}
		note := ""
		for _, n := range g.notes {
			if strings.HasPrefix(n, "member terms give no tariff relief") {
				note = n
			}
		}
		if (note != "") != (len(tc.named) > 0) {
			t.Errorf("%s: note %q, want one naming %v", tc.terms, note, tc.named)
		}
		for _, w := range tc.named {
			if !strings.Contains(note, w) {
				t.Errorf("%s: note %q does not name %q", tc.terms, note, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(note, w) {
				t.Errorf("%s: note %q names %s, whose terms are below its threat", tc.terms, note, w)
			}
		}
	}
}
