package coalition

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// answerGame is a three-candidate game with a flat 30% threat, so that every
// increase of the bloc's tariffs on China is 0.30 and China's reciprocal
// answer is known by hand.
const answerGame = `
name: answer
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, JPN]
  threat: {rate: 0.30}
  external_tariff: match
  target_response: %s
`

func answerScenario(t *testing.T, response string) *scenario.Scenario {
	return parse(t, fmtYAML(answerGame, response))
}

// routesGame is a three-candidate game with a 50% flat threat whose
// targets' goods reroute through conduits (routes form); %s is the data.
const routesGame = `
name: routes
data: %s
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, VNM]
  threat: {rate: 0.5}
  external_tariff: match
  target_response: none
  transshipment: {elasticity: 4, cost: 0.05, capacity: 0.1}
`

func fmtYAML(y string, args ...string) string {
	for _, a := range args {
		for k := 0; k+1 < len(y); k++ {
			if y[k] == '%' && y[k+1] == 's' {
				y = y[:k] + a + y[k+2:]
				break
			}
		}
	}
	return y
}

// TestReciprocalAnswer checks the reciprocal answer by hand: the bloc raises
// its tariffs on China by 30 points, so China's tariff on the leader's and
// each member's goods rises by 30 points, on outsiders by nothing; silent,
// China changes nothing. The answer hurts the members.
func TestReciprocalAnswer(t *testing.T) {
	ds := mustDefault(t)
	usa, _ := ds.Index("USA")
	chn, _ := ds.Index("CHN")
	can, _ := ds.Index("CAN")
	jpn, _ := ds.Index("JPN")
	for _, tc := range []struct {
		response string
		want     float64
	}{{"reciprocal", 0.30}, {"none", 0}} {
		g, err := newGame(answerScenario(t, tc.response), ds)
		if err != nil {
			t.Fatal(err)
		}
		m, err := g.parseMembers("CAN")
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]float64, len(g.t0))
		g.tariffs(plain(m), buf)
		for _, c := range []struct {
			from int
			want float64
		}{{usa, tc.want}, {can, tc.want}, {jpn, 0}} {
			k := ds.At(c.from, chn, 0)
			if got := buf[k] - g.t0[k]; math.Abs(got-c.want) > 1e-12 {
				t.Errorf("%s: China's tariff on %s rises by %.4f, want %.2f", tc.response, ds.Countries[c.from].Code, got, c.want)
			}
		}
		if got := g.answerPct(chn, m, buf); math.Abs(got-100*tc.want) > 1e-9 {
			t.Errorf("%s: answer %.4f pp, want %.0f", tc.response, got, 100*tc.want)
		}
	}
	payoff := func(response string) float64 {
		g, err := newGame(answerScenario(t, response), ds)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := g.parseMembers("CAN+MEX")
		r, err := g.solve(plain(m), nil, make([]float64, len(g.t0)))
		if err != nil {
			t.Fatal(err)
		}
		return 100 * (r.Countries[can].Welfare - 1)
	}
	if with, without := payoff("reciprocal"), payoff("none"); with >= without {
		t.Errorf("Canada in the bloc: %.4f%% with China's answer, %.4f%% without; the answer should cost it", with, without)
	}
}

// TestOptimalAnswerIsBestResponse checks the optimal answer against its
// definition: no other uniform answer on the bloc (a little lower, a little
// higher, or none) gives China more welfare.
func TestOptimalAnswerIsBestResponse(t *testing.T) {
	ds := mustDefault(t)
	chn, _ := ds.Index("CHN")
	g, err := newGame(answerScenario(t, "optimal"), ds)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := g.parseMembers("CAN+MEX")
	buf := make([]float64, len(g.t0))
	sh, _, _ := g.shocks(plain(m), buf)
	r, err := g.solveAnswered(plain(m), sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	best := r.Countries[chn].Welfare
	x := g.answerPct(chn, m, buf) / 100
	if !(x > 0.01 && x < answerMax) {
		t.Fatalf("China's optimal answer %.4f: want an interior rate", x)
	}
	b0 := make([]float64, len(g.t0))
	sh0, _, _ := g.shocks(plain(m), b0)
	for _, alt := range []float64{0, x - 0.03, x + 0.03} {
		if w := welfareAnswering(t, g, sh0, m, chn, alt); w > best+1e-9 {
			t.Errorf("answer %.4f gives China Ŵ %.8f, more than its 'optimal' %.4f (%.8f)", alt, w, x, best)
		}
	}
	t.Logf("China's optimal answer on CAN+MEX+USA: %.1f%%", 100*x)
}

// TestRoutedLeakage checks the routes form of transshipment in the game: an
// infinite rerouting cost leaks nothing; a higher threat (a wider tariff
// gap) leaks more; the leading coalition's conduits include economies that
// are not candidates, with dollar amounts.
func TestRoutedLeakage(t *testing.T) {
	ds := mustDefault(t)
	const y = `
name: routed
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, VNM]
  threat: {rate: %s}
  external_tariff: match
  target_response: none
  transshipment: {elasticity: 4, cost: %s, capacity: 0.1}
`
	leak := func(threat, cost string) (float64, *game) {
		g, err := newGame(parse(t, fmtYAML(y, threat, cost)), ds)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := g.parseMembers("CAN+MEX")
		return g.leakage(m), g
	}
	if l, _ := leak("0.5", "1e6"); l != 0 {
		t.Errorf("rerouting cost 1e6: leakage %.6f, want 0", l)
	}
	low, _ := leak("0.2", "0.05")
	high, g := leak("0.5", "0.05")
	if !(low > 0 && high > low) {
		t.Errorf("leakage %.4f at a 20%% threat, %.4f at 50%%: want 0 < low < high", low, high)
	}
	rep, err := Analyze(context.Background(), g.sc, ds, Options{NoBands: true, NoResponseComparison: true, Executor: executor.Local{Workers: 2}})
	if err != nil {
		t.Fatal(err)
	}
	cs := rep.Leading.Conduits
	outsider := false
	for k, c := range cs {
		if c.ValueBn <= 0 || (k > 0 && c.ValueBn > cs[k-1].ValueBn) {
			t.Errorf("conduit %s: $%.3f bn out of order or not positive", c.Code, c.ValueBn)
		}
		if c.Candidate == "" {
			outsider = true
		}
	}
	if !outsider {
		t.Errorf("no conduit outside the candidates among %+v", cs)
	}
	// The leakage is the lessons' share, the goods rerouted to the bloc
	// over the targets' goods sales to it after the shock: a 50% threat
	// against a 5% detour reroutes a visible part of them ($2.3 bn of $308
	// bn, 0.73%; the routes weighted by the sales before the shock give
	// 1.18%) and never all of them.
	l := rep.Leading
	if l.LeakagePct <= 0.5 || l.LeakagePct >= 100 || math.Abs(l.LeakagePct-100*l.ReroutedToBlocBn/l.TargetsGoodsSalesToBlocAfterBn) > 1e-9 {
		t.Errorf("leakage %.6f%%, rerouted $%.3f bn of $%.3f bn after the shock: want their share, between 0.5%% and 100%%", l.LeakagePct, l.ReroutedToBlocBn, l.TargetsGoodsSalesToBlocAfterBn)
	}
	// The conduits carry billions of dollars, fewer than the targets sell
	// the bloc, and every candidate among them is named as one.
	lm, err := g.parseMembers(strings.Join(rep.Leading.Members, "+"))
	if err != nil {
		t.Fatal(err)
	}
	sales, sum := 0.0, 0.0
	for _, tg := range g.targets {
		for _, c := range g.blocCountries(lm) {
			sales += ds.Flow(tg, c) * ds.UnitMillions() / 1000
		}
	}
	for _, c := range cs {
		sum += c.ValueBn
		want := ""
		for _, cand := range []string{"CAN", "MEX", "VNM"} {
			if c.Code == cand {
				want = cand
			}
		}
		if c.Candidate != want {
			t.Errorf("conduit %s named candidate %q, want %q", c.Code, c.Candidate, want)
		}
	}
	if !(sum > 1 && sum < sales) {
		t.Errorf("conduits carry $%.3f bn against the targets' $%.1f bn sales to the bloc", sum, sales)
	}
}

// TestCounterBlocRestriction checks the export-restriction instrument of the
// counter-bloc what-if on icio-2022: the vital inputs banned by default,
// the share of the bloc's purchases it cuts computed from the data, and a
// cost to the restricting member that differs from answering in kind.
func TestCounterBlocRestriction(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("icio-2022 games take a while (and far longer under the race detector); the ordinary run covers it")
	}
	ds, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	const y = `
name: counter
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, JPN]
  threat: {rate: 0.3}
  target_response: none
  counter_bloc: {members: [JPN], instrument: %s}
`
	var bloc []string
	run := func(instrument string) *CounterDoc {
		rep, err := Analyze(context.Background(), parse(t, fmtYAML(y, instrument)), ds, Options{NoBands: true, NoResponseComparison: true, Executor: executor.Local{Workers: 2}})
		if err != nil {
			t.Fatal(err)
		}
		if rep.CounterBloc == nil {
			t.Fatal("no counter-bloc what-if")
		}
		// The what-if's bloc: the leader and the leading coalition's
		// members outside the counter-bloc.
		bloc = []string{"USA"}
		for _, m := range rep.Leading.Members {
			if m != "JPN" {
				bloc = append(bloc, m)
			}
		}
		return rep.CounterBloc
	}
	ex, tar := run("export_restriction"), run("tariff")
	if ex.Instrument != "export_restriction" || !ex.Ban || len(ex.RestrictedSectors) != 3 {
		t.Errorf("restriction: instrument %q, ban %v, sectors %v; want a ban on B07, C24B, C26", ex.Instrument, ex.Ban, ex.RestrictedSectors)
	}
	// The cut share by hand: CHN's and JPN's sales of the vital inputs to
	// the bloc over the bloc's purchases of them, home production included,
	// on the dataset the game is solved on.
	g, err := newGame(parse(t, fmtYAML(y, "export_restriction")), ds)
	if err != nil {
		t.Fatal(err)
	}
	ds = g.ds
	var cut, total float64
	// China's targets include Hong Kong and Macau (the US record's "CHN (incl. HKG, MAC)").
	sellers := map[string]bool{"CHN": true, "HKG": true, "MAC": true, "JPN": true}
	for _, b := range bloc {
		j, _ := ds.Index(b)
		for _, s := range ds.VitalInputs() {
			for i := range ds.Countries {
				v := ds.Trade[ds.At(i, j, s)]
				total += v
				if sellers[ds.Countries[i].Code] {
					cut += v
				}
			}
		}
	}
	if want := 100 * cut / total; math.Abs(ex.CutPct-want) > 1e-9 {
		t.Errorf("purchases cut %.4f%%, by hand %.4f%%", ex.CutPct, want)
	}
	if tar.Instrument != "tariff" || tar.CutPct != 0 {
		t.Errorf("tariff instrument reported as %q with cut %.3f", tar.Instrument, tar.CutPct)
	}
	if math.Abs(ex.CostPct["JPN"]-tar.CostPct["JPN"]) < 1e-6 {
		t.Errorf("Japan's cost is %.6f pp with either instrument", ex.CostPct["JPN"])
	}
	t.Logf("JPN cost: restriction %.4f pp, tariff %.4f pp; USA %.4f vs %.4f; cut %.2f%%", ex.CostPct["JPN"], tar.CostPct["JPN"], ex.LeaderWelfarePctChange, tar.LeaderWelfarePctChange, ex.CutPct)
}

// TestTwoTargetsAnswerEachOther: with two answering targets the answers
// are a Nash equilibrium of best responses — each target's uniform answer
// on the bloc is its best given the other's — and answering touches no
// tariff but the targets' on the bloc's goods.
func TestTwoTargetsAnswerEachOther(t *testing.T) {
	ds := mustDefault(t)
	const y = `
name: two-targets
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN, VNM]
  candidates: [CAN, MEX]
  threat: {rate: 0.30}
  external_tariff: match
  target_response: optimal
`
	g, err := newGame(parse(t, y), ds)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.answering) != 2 {
		t.Fatalf("%d answering targets, want 2", len(g.answering))
	}
	m, _ := g.parseMembers("CAN+MEX")
	buf := make([]float64, len(g.t0))
	sh, _, _ := g.shocks(plain(m), buf)
	before := append([]float64(nil), buf...)
	r, err := g.solveAnswered(plain(m), sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Only the targets' tariffs on the bloc's goods moved.
	onBloc := map[int]bool{}
	for _, c := range g.blocCountries(m) {
		for _, tg := range g.answering {
			onBloc[ds.At(c, tg, 0)] = true
		}
	}
	for k := range buf {
		if buf[k] != before[k] && !onBloc[k] {
			i, j := k/ds.N(), k%ds.N()
			t.Errorf("answering moved %s's tariff on %s (%g → %g), not a target's on the bloc", ds.Countries[j].Code, ds.Countries[i].Code, before[k], buf[k])
		}
	}
	// Each answer is a best response to the other's.
	rates := map[int]float64{}
	for _, tg := range g.answering {
		rates[tg] = g.answerPct(tg, m, buf) / 100
		if !(rates[tg] > 0.01 && rates[tg] < answerMax) {
			t.Fatalf("%s's answer %.4f: want an interior rate", ds.Countries[tg].Code, rates[tg])
		}
	}
	for _, tg := range g.answering {
		best := r.Countries[tg].Welfare
		for _, alt := range []float64{rates[tg] - 0.03, rates[tg] + 0.03} {
			sh2 := sh
			sh2.Tariff = buf
			if w := welfareAnswering(t, g, sh2, m, tg, alt); w > best+1e-9 {
				t.Errorf("%s answering %.4f gets Ŵ %.8f, more than its answer %.4f (%.8f)", ds.Countries[tg].Code, alt, w, rates[tg], best)
			}
		}
	}
	t.Logf("answers on CAN+MEX+USA: CHN %.1f%%, VNM %.1f%%", 100*rates[g.answering[0]], 100*rates[g.answering[1]])
}

// TestResponseComparisonPinned checks the side-by-side report of a game
// with China's reciprocal answer against the same game with China silent:
// the answer it reports (30 points on every bloc member, as the bloc's
// threat is a flat 30%), and an explanation that agrees with the two sides
// — which coalition changed, who left or joined, what the answer costs the
// members (most hurt first), and the stable counts.
func TestResponseComparisonPinned(t *testing.T) {
	rep, err := Analyze(context.Background(), answerScenario(t, "reciprocal"), mustDefault(t), Options{NoBands: true, Executor: executor.Local{Workers: 2}})
	if err != nil {
		t.Fatal(err)
	}
	d := rep.TargetResponseComparison
	if d == nil {
		t.Fatal("no comparison")
	}
	t.Logf("with %v (%d stable), without %v (%d stable); costs %v\n%s", d.With.Leading, d.With.StableCount, d.Without.Leading, d.Without.StableCount, d.MembersCostPct, d.Explanation)
	if d.TargetResponse != "reciprocal" || math.Abs(d.With.AnswerPct-30) > 1e-9 || d.Without.AnswerPct != 0 {
		t.Errorf("response %q, answer %.6f pp with, %.6f without; want reciprocal, 30, 0", d.TargetResponse, d.With.AnswerPct, d.Without.AnswerPct)
	}
	if d.With.StableCount != len(rep.Stable) {
		t.Errorf("stable count %d with the answer, the report lists %d", d.With.StableCount, len(rep.Stable))
	}
	in := map[string]bool{}
	for _, m := range d.With.Leading {
		in[m] = true
	}
	if len(d.MembersCostPct) != len(d.With.Leading) {
		t.Errorf("costs for %v, members %v", d.MembersCostPct, d.With.Leading)
	}
	for m, pp := range d.MembersCostPct {
		if !in[m] || !(pp < 0) {
			t.Errorf("%s: answer cost %+.4f pp (member %v); the answer hits members' exports", m, pp, in[m])
		}
	}
	// Each cost is the member's welfare in the leading coalition with the
	// answer minus its welfare in the same coalition with China silent.
	if len(d.With.Leading) > 0 {
		members := strings.Join(d.With.Leading, "+")
		withDoc, _, err := Explain(answerScenario(t, "reciprocal"), mustDefault(t), members)
		if err != nil {
			t.Fatal(err)
		}
		silentDoc, _, err := Explain(answerScenario(t, "none"), mustDefault(t), members)
		if err != nil {
			t.Fatal(err)
		}
		for m, pp := range d.MembersCostPct {
			if want := withDoc.WelfarePct[m] - silentDoc.WelfarePct[m]; math.Abs(pp-want) > 1e-9 {
				t.Errorf("%s: answer cost %+.6f pp, welfare with %+.6f minus without %+.6f = %+.6f", m, pp, withDoc.WelfarePct[m], silentDoc.WelfarePct[m], want)
			}
		}
	}
	was := map[string]bool{}
	var left, joined []string
	for _, m := range d.Without.Leading {
		was[m] = true
		if !in[m] {
			left = append(left, m)
		}
	}
	for _, m := range d.With.Leading {
		if !was[m] {
			joined = append(joined, m)
		}
	}
	ex := d.Explanation
	same := len(left) == 0 && len(joined) == 0
	checks := []struct {
		what string
		want bool
	}{
		{"is the same with and without", same},
		{"changes the leading coalition from", !same},
		{"no longer join", len(left) > 0},
		{"JPN no longer joins:", len(left) == 1 && left[0] == "JPN"},
		{"now join", len(joined) > 0},
		{"changes its members' welfare by", len(d.MembersCostPct) > 0},
		{"tariff on the bloc rises by 30.0 pp on average", true},
		{fmt.Sprintf("Stable coalitions: %d with the answer, %d without.", d.With.StableCount, d.Without.StableCount), true},
	}
	for _, c := range checks {
		if strings.Contains(ex, c.what) != c.want {
			t.Errorf("explanation says %q: %v, want %v\n%s", c.what, !c.want, c.want, ex)
		}
	}
	// Members listed most hurt first.
	last := math.Inf(-1)
	for _, part := range strings.Split(ex[strings.Index(ex, "changes its members' welfare by")+len("changes its members' welfare by "):], ", ") {
		name := strings.Fields(part)[0]
		pp, ok := d.MembersCostPct[name]
		if !ok {
			break
		}
		if pp < last {
			t.Errorf("%s (%+.4f) listed after a member hurt less (%+.4f)", name, pp, last)
		}
		last = pp
	}
}

// TestOptimalComparisonReportsTheAnswer: with optimal answers the
// comparison reports the answer China chose in the leading coalition, the
// one the coalition's own report gives.
func TestOptimalComparisonReportsTheAnswer(t *testing.T) {
	rep, err := Analyze(context.Background(), answerScenario(t, "optimal"), mustDefault(t), Options{NoBands: true, Executor: executor.Local{Workers: 2}})
	if err != nil {
		t.Fatal(err)
	}
	d := rep.TargetResponseComparison
	if d == nil || rep.Leading == nil {
		t.Fatal("no comparison or no leading coalition")
	}
	var want float64
	for _, tg := range rep.Leading.Targets {
		if tg.Code == "CHN" {
			want = tg.AnswerPct
		}
	}
	if !(want > 1) || math.Abs(d.With.AnswerPct-want) > 1e-9 {
		t.Errorf("comparison's answer %.4f pp, the leading coalition's %.4f pp (want an answer above 1 pp)", d.With.AnswerPct, want)
	}
}

// TestDefaultCounterBlocBySurplusInUSD: with no members named the
// counter-bloc is the two candidates with the largest current-account
// surpluses in dollars (IMF WEO 2024): Japan ($189 bn) and Korea ($91 bn),
// not Switzerland, whose surplus is the largest share of GDP (8.9%) but
// $79 bn. Deficit economies never join it, however many are asked for, and
// a group player counts its members' surpluses together.
func TestDefaultCounterBlocBySurplusInUSD(t *testing.T) {
	const y = `
name: counter-default
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [%s]
  threat: {rate: 0.30}
  target_response: none
  counter_bloc: {instrument: export_restriction, rate: 0.25}
`
	ds := mustDefault(t)
	for _, c := range []struct {
		candidates string
		k          int
		want       string
	}{
		{"CAN, MEX, CHE, JPN, AUS, KOR, GBR, IND", 2, "JPN+KOR"},
		{"CAN, MEX, CHE, JPN, AUS, KOR, GBR, IND", 6, "CHE+JPN+KOR"},
		{"CHE, EU27, JPN", 2, "EU27+JPN"},
	} {
		g, err := newGame(parse(t, fmtYAML(y, c.candidates)), ds)
		if err != nil {
			t.Fatal(err)
		}
		want, err := g.parseMembers(c.want)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.largestSurplusPlayers(c.k); got != want {
			t.Errorf("%s, %d largest: %s, want %s", c.candidates, c.k, g.playerNames(got), c.want)
		}
	}
}

// TestRestrictionsByHand: a restricting counter-bloc taxes the targets' and
// its members' sales of the restricted sectors to the leader and the bloc's
// members at its rate, as the export subsidy 1/(1+e) − 1 (−20% for a 25%
// tax), and leaves every other flow as the scenario had it.
func TestRestrictionsByHand(t *testing.T) {
	const y = `
name: counter-by-hand
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, JPN]
  threat: {rate: 0.30}
  target_response: none
  counter_bloc: {members: [MEX], instrument: export_restriction, rate: 0.25}
`
	ds := mustDefault(t)
	g, err := newGame(parse(t, y), ds)
	if err != nil {
		t.Fatal(err)
	}
	members, _ := g.parseMembers("CAN+JPN")
	counter, _ := g.parseMembers("MEX")
	// Named, the restricting member is Mexico, not the default (Japan, the
	// largest surplus).
	if g.counter.members != counter {
		t.Fatalf("counter-bloc %s, want the named MEX", g.playerNames(g.counter.members))
	}
	out := g.restrictions(config{members: members, counter: counter, penalized: -1, threatened: -1})
	taxed := map[int]bool{}
	for _, a := range []string{"CHN", "HKG", "MAC", "MEX"} {
		for _, b := range []string{"USA", "CAN", "JPN"} {
			i, _ := ds.Index(a)
			j, _ := ds.Index(b)
			taxed[ds.At(i, j, 0)] = true
		}
	}
	for k, v := range out {
		want := 0.0
		if taxed[k] {
			want = 1/1.25 - 1
		}
		if math.Abs(v-want) > 1e-15 {
			t.Errorf("flow %s→%s: export subsidy %g, want %g", ds.Countries[k/ds.N()].Code, ds.Countries[k%ds.N()].Code, v, want)
		}
	}
	// The restriction is in a configuration's shocks only when the
	// counter-bloc forms.
	buf := make([]float64, len(g.t0))
	sh, _, _ := g.shocks(config{members: members, penalized: -1, threatened: -1}, buf)
	for _, v := range sh.Subsidy {
		if v != 0 {
			t.Fatal("export taxes in a configuration without a counter-bloc")
		}
	}
	if sh, _, _ := g.shocks(config{members: members, counter: counter, penalized: -1, threatened: -1}, buf); !slices.Equal(sh.Subsidy, out) {
		t.Error("a configuration with the counter-bloc does not carry its export taxes")
	}
	// The note's share: the sellers' sales to the bloc over everything the
	// bloc buys (home production included), summed here flow by flow.
	var cut, total float64
	for _, b := range []string{"USA", "CAN", "JPN"} {
		j, _ := ds.Index(b)
		for i := range ds.Countries {
			v := ds.Trade[ds.At(i, j, 0)]
			total += v
			switch ds.Countries[i].Code {
			case "CHN", "HKG", "MAC", "MEX":
				cut += v
			}
		}
	}
	pct, note := g.restrictionNote(config{members: members, counter: counter, penalized: -1, threatened: -1})
	if math.Abs(pct-100*cut/total) > 1e-9 || !(pct > 1) {
		t.Errorf("cut %.4f%% of the bloc's purchases, want %.4f%%", pct, 100*cut/total)
	}
	if !strings.Contains(note, "tax their sales by 25%") || !strings.Contains(note, fmt.Sprintf("%.2f%% of the bloc's purchases", pct)) {
		t.Errorf("note %q", note)
	}
	g.counter.rate = scenario.BanRate
	if _, note := g.restrictionNote(config{members: members, counter: counter, penalized: -1, threatened: -1}); !strings.Contains(note, "ban their sales") {
		t.Errorf("a ban's note %q", note)
	}
}

// welfareAnswering is target tg's welfare when it answers the bloc m with
// the uniform additional tariff alt, every other tariff as in sh.
func welfareAnswering(t *testing.T, g *game, sh model.Shocks, m Mask, tg int, alt float64) float64 {
	t.Helper()
	b := append([]float64(nil), sh.Tariff...)
	for _, c := range g.blocCountries(m) {
		k := g.ds.At(c, tg, 0)
		b[k] = g.t0[k] + alt
	}
	sh.Tariff = b
	r, err := g.base.Solve(g.opt, sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r.Countries[tg].Welfare
}

// TestLeadingOf: the leading coalition is the best-ranked stable one, and
// the accession path's end, said so, when none is stable (a game whose
// deviations cycle).
func TestLeadingOf(t *testing.T) {
	for _, tc := range []struct {
		stable []Verdict
		final  Mask
		want   Mask
		source string
	}{
		{[]Verdict{{Members: 0b110}, {Members: 0b001}}, 0b011, 0b110, "best stable coalition by the leader's objective"},
		{nil, 0b011, 0b011, "accession path (no stable coalition)"},
		{[]Verdict{}, 0, 0, "accession path (no stable coalition)"},
	} {
		m, src := leadingOf(tc.stable, tc.final)
		if m != tc.want || src != tc.source {
			t.Errorf("leadingOf(%v, %b) = %b %q, want %b %q", tc.stable, tc.final, m, src, tc.want, tc.source)
		}
	}
}

// TestExplainResponseNamesWhoMoves: the explanation names the candidates
// that leave and those that join because of the answer, and says nothing
// of a move that did not happen.
func TestExplainResponseNamesWhoMoves(t *testing.T) {
	g, err := newGame(parse(t, smallGame), mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	bit := func(name string) Mask {
		m, err := g.parseMembers(name)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	mex, can := bit("MEX"), bit("CAN")
	for _, tc := range []struct {
		name          string
		with, without Mask
		want, not     []string
	}{
		{"the answer only adds", mex | can, mex, []string{"changes the leading coalition from MEX to CAN+MEX", "CAN now joins"}, []string{"no longer join"}},
		{"the answer only removes", mex, mex | can, []string{"from CAN+MEX to MEX", "CAN no longer joins"}, []string{"now join"}},
		{"the answer swaps", mex, can, []string{"CAN no longer joins", "MEX now joins"}, nil},
		{"nothing moves", mex, mex, []string{"is the same with and without CHN's reciprocal answer (MEX)"}, []string{"no longer join", "now join"}},
	} {
		d := &ResponseDoc{TargetResponse: scenario.ResponseReciprocal,
			With:    ResponseSide{Leading: g.playerNames(tc.with)},
			Without: ResponseSide{Leading: g.playerNames(tc.without)}}
		text := g.explainResponse(d, &core{leading: tc.with}, &core{leading: tc.without})
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q lacks %q", tc.name, text, w)
			}
		}
		// No member costs were given: no sentence about them.
		for _, w := range append(tc.not, "changes its members' welfare by") {
			if strings.Contains(text, w) {
				t.Errorf("%s: %q says %q", tc.name, text, w)
			}
		}
	}
}

// TestConduitNamesEveryCandidate: a conduit that is a candidate is named as
// one whichever bit it sits on — here Vietnam, the smallest candidate,
// player 0, rerouting China's goods into a CAN+MEX bloc.
func TestConduitNamesEveryCandidate(t *testing.T) {
	ds := mustDefault(t)
	g, err := newGame(parse(t, fmtYAML(routesGame, ds.Name)), ds)
	if err != nil {
		t.Fatal(err)
	}
	if g.players[0].Name != "VNM" {
		t.Fatalf("player 0 is %s, the test needs VNM there", g.players[0].Name)
	}
	m, _ := g.parseMembers("CAN+MEX")
	sh, routes, rt := g.shocks(plain(m), make([]float64, len(g.t0)))
	r, err := g.base.Solve(g.opt, sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := g.conduitDocs(r, routes, rt)
	for _, d := range docs {
		if d.Code == "VNM" {
			if d.Candidate != "VNM" || !(d.ValueBn > 0) {
				t.Errorf("Vietnam as a conduit: %+v", d)
			}
			return
		}
	}
	t.Errorf("Vietnam is not among the conduits %+v", docs)
}

// TestOptimalAnswerSparesServices: on a world with services, China's
// optimal answer, like every tariff of the game, falls on the bloc's goods
// only; its services tariffs stay as before the game.
func TestOptimalAnswerSparesServices(t *testing.T) {
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	g, err := newGame(parse(t, `
name: answer-icio
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX]
  threat: {rate: 0.30}
  external_tariff: match
  target_response: optimal
`), icio)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := g.parseMembers("CAN+MEX")
	buf := make([]float64, len(g.t0))
	sh, _, _ := g.shocks(plain(m), buf)
	if _, err := g.solveAnswered(plain(m), sh, nil); err != nil {
		t.Fatal(err)
	}
	serv, _ := icio.ServicesIndex()
	for _, c := range g.blocCountries(m) {
		for _, tg := range g.answering {
			if k := icio.At(c, tg, serv); buf[k] != g.t0[k] {
				t.Errorf("%s's answer moved its services tariff on %s: %.4f → %.4f", icio.Countries[tg].Code, icio.Countries[c].Code, g.t0[k], buf[k])
			}
		}
	}
	if x := g.answerPct(g.answering[0], m, buf); !(x > 1) {
		t.Errorf("China's optimal answer on the bloc's goods %.2f pp, want a positive answer", x)
	}
}
