package coalition

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// smallGame is a four-candidate game on the embedded data with every rule
// switched on (penalty, transshipment, retaliation on members too).
const smallGame = `
name: small
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, JPN, KOR]
  member_terms: {rate: 0.10}
  threat: {schedule: liberation-day}
  external_tariff: match
  retaliation: mirror_all
  defector_penalty: 0.10
  transshipment: {share: 0.3, cost: 0.05}
`

func parse(t testing.TB, y string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse([]byte(y), "")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestExportedScenarioMatchesPayoffs checks the contract of --export: for
// every membership, solving the exported plain scenario with the ordinary
// engine gives the payoffs the (warm-started, parallel) enumeration found.
func TestExportedScenarioMatchesPayoffs(t *testing.T) {
	for _, y := range []string{smallGame, routedGame} {
		sc := parse(t, y)
		t.Run(sc.Name, func(t *testing.T) { testExport(t, sc) })
	}
}

// routedGame is smallGame with China answering reciprocally and its goods
// rerouted through every conduit (routes form).
var routedGame = strings.NewReplacer("name: small", "name: routed", "retaliation: mirror_all", "target_response: reciprocal",
	"transshipment: {share: 0.3, cost: 0.05}", "transshipment: {elasticity: 4, cost: 0.05, capacity: 0.1}").Replace(smallGame)

func testExport(t *testing.T, sc *scenario.Scenario) {
	ds := mustDefault(t)
	g, err := newGame(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	en, err := g.enumerate(context.Background(), executor.Local{Workers: 2}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	tab := g.table(en)
	for m := Mask(0); m < 16; m++ {
		y, err := Export(sc, ds, joinNames(g.playerNames(m)))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := scenario.Parse(y, "")
		if err != nil {
			t.Fatalf("exported scenario does not parse: %v\n%s", err, y)
		}
		out, err := engine.RunOn(plain, ds, engine.Settings{})
		if err != nil {
			t.Fatal(err)
		}
		for p, pl := range g.players {
			num, den := 0.0, 0.0
			for _, c := range pl.Countries {
				num += g.base.GDP[c] * 100 * (out.Result.Countries[c].Welfare - 1)
				den += g.base.GDP[c]
			}
			if d := num/den - tab.Payoff[m][p]; math.Abs(d) > 1e-9 {
				t.Errorf("members %v: %s payoff %.12f, solve of export %.12f", g.playerNames(m), pl.Name, tab.Payoff[m][p], num/den)
			}
		}
		usa := 100 * (out.Result.Countries[g.leader].Welfare - 1)
		if d := usa - en.recs[m].welfare[g.watchIndex(g.leader)]; math.Abs(d) > 1e-9 {
			t.Errorf("members %v: leader welfare differs by %g", g.playerNames(m), d)
		}
		// The leader's other objectives, against the solve document of the
		// export: its balance in % of GDP, and the targets' surplus with it.
		doc := engine.SolveDoc(out, engine.DocOptions{Leader: ds.Countries[g.leader].Code})
		surplus := 0.0
		for _, c := range doc.Countries {
			if c.Code == ds.Countries[g.leader].Code {
				if d := c.BalanceGDPPctAfter - en.recs[m].leaderBalGDP; math.Abs(d) > 1e-9 {
					t.Errorf("members %v: leader balance %g%% of GDP, solve of export %g%%", g.playerNames(m), en.recs[m].leaderBalGDP, c.BalanceGDPPctAfter)
				}
			}
			for _, tg := range g.targets {
				if c.Code == ds.Countries[tg].Code {
					surplus += *c.BalanceWithLeaderAfter
				}
			}
		}
		if d := surplus - en.recs[m].targetSurplus; math.Abs(d) > 1e-9*math.Abs(surplus) {
			t.Errorf("members %v: targets' surplus with the leader %g, solve of export %g", g.playerNames(m), en.recs[m].targetSurplus, surplus)
		}
	}
}

func TestAnalyzeSmallGame(t *testing.T) {
	sc, ds := parse(t, smallGame), mustDefault(t)
	var calls atomic.Int64 // Progress is called from the solver goroutines
	rep, err := Analyze(context.Background(), sc, ds, Options{Payoffs: true, Counter: true, Progress: func(string, int, int) { calls.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Payoffs) != 16 || rep.CounterGame == nil || rep.CounterGame.Assignments != 81 {
		t.Fatalf("payoffs %d, counter game %+v", len(rep.Payoffs), rep.CounterGame)
	}
	if calls.Load() == 0 {
		t.Error("no progress reported")
	}
	if len(rep.AccessionPath) != 4 || len(rep.RequiredThreatPct) != 4 || rep.Leading == nil {
		t.Fatalf("report incomplete: %+v", rep)
	}
	// Accession order is by leverage: Mexico and Canada export far more to
	// the US relative to GDP than Japan and Korea.
	if rep.AccessionPath[0].Candidate != "MEX" || rep.AccessionPath[1].Candidate != "CAN" {
		t.Errorf("accession order %v", rep.AccessionPath)
	}
	for _, s := range rep.Stable {
		if !s.InternallyStable || !s.ExternallyStable {
			t.Errorf("listed as stable: %+v", s)
		}
	}
	// A required threat is a tariff on that candidate alone: at the
	// reported rate joining is a best response, one grid step below it is
	// not, and the leader's cost is what independent cold solves give.
	g, _ := newGame(sc, ds)
	leading, _ := g.parseMembers(joinNames(rep.Leading.Members))
	buf := make([]float64, len(g.t0))
	outside := func(p int, rate float64) (float64, float64) {
		cfg := plain(leading &^ (1 << p))
		cfg.threatened, cfg.threat = p, rate
		r, err := g.solve(cfg, nil, buf)
		if err != nil {
			t.Fatal(err)
		}
		rec := g.record(r)
		return g.playerPayoff(rec, p), g.leaderWelfare(rec)
	}
	if len(rep.RequiredThreats) != 4 {
		t.Fatalf("required threats %+v", rep.RequiredThreats)
	}
	for _, d := range rep.RequiredThreats {
		if m := rep.RequiredThreatPct[d.Code]; (m == nil) != (d.ThreatPct == nil) || (m != nil && *m != *d.ThreatPct) {
			t.Errorf("%s: required_threat_pct %v, required_threats %v", d.Code, m, d.ThreatPct)
		}
		if d.ThreatPct == nil {
			if d.Credible || d.LeaderCostPct != nil {
				t.Errorf("%s: no threat, yet credible %v cost %v", d.Code, d.Credible, d.LeaderCostPct)
			}
			continue
		}
		p := -1
		for k, pl := range g.players {
			if pl.Name == d.Code {
				p = k
			}
		}
		in := g.playerPayoff(g.record(mustSolve(t, g, plain(leading|1<<p), buf)), p)
		u0, l0 := outside(p, 0)
		if math.Abs(d.CandidateGainUnthreatenedPct-(in-u0)) > 1e-8 {
			t.Errorf("%s: gain unthreatened %g, solves give %g", d.Code, d.CandidateGainUnthreatenedPct, in-u0)
		}
		if *d.ThreatPct == 0 {
			continue
		}
		u, l := outside(p, *d.ThreatPct/100)
		if in < u {
			t.Errorf("%s: threat %.2f%% does not compel (in %g < out %g)", d.Code, *d.ThreatPct, in, u)
		}
		if below, _ := outside(p, *d.ThreatPct/100-threatStep); in >= below {
			t.Errorf("%s: a threat one step below %.2f%% already compels", d.Code, *d.ThreatPct)
		}
		if math.Abs(*d.LeaderCostPct-(l0-l)) > 1e-8 {
			t.Errorf("%s: leader cost %g, solves give %g", d.Code, *d.LeaderCostPct, l0-l)
		}
		if d.Credible != (*d.LeaderCostPct <= d.LeaderGainPct+tol) {
			t.Errorf("%s: credible %v with cost %g and gain %g", d.Code, d.Credible, *d.LeaderCostPct, d.LeaderGainPct)
		}
	}
}

func mustSolve(t *testing.T, g *game, cfg config, buf []float64) *model.Result {
	t.Helper()
	r, err := g.solve(cfg, nil, buf)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestThreatOnOneCandidateOnly: threatening one candidate changes the
// leader's tariff on that candidate's countries and nothing else, but for
// the targets' trade: the bloc tariff on their exports moves through
// transshipment (which depends on the tariffs on outsiders), and their
// retaliation with it.
func TestThreatOnOneCandidateOnly(t *testing.T) {
	g, err := newGame(parse(t, smallGame), mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	ds := g.ds
	isTarget := map[int]bool{}
	for _, c := range g.targets {
		isTarget[c] = true
	}
	plainT, thrT := make([]float64, len(g.t0)), make([]float64, len(g.t0))
	for p := range g.players {
		for _, m := range []Mask{0, 1 << ((p + 1) % len(g.players))} {
			cfg := plain(m)
			cfg.threatened, cfg.threat = p, 0.37
			g.tariffs(plain(m), plainT)
			g.tariffs(cfg, thrT)
			changed := 0
			for i := 0; i < ds.N(); i++ {
				for j := 0; j < ds.N(); j++ {
					k := ds.At(i, j, 0)
					own := g.inPlay[i] == p && j == g.leader
					switch {
					case own:
						if thrT[k] != g.t0[k]+0.37 {
							t.Errorf("%s: leader's tariff on %s is %g, want its tariff before the game + 0.37", g.players[p].Name, ds.Countries[i].Code, thrT[k])
						}
						changed++
					case isTarget[i] || isTarget[j]:
					case thrT[k] != plainT[k]:
						t.Errorf("threat on %s changed the tariff of %s on %s: %g → %g", g.players[p].Name, ds.Countries[j].Code, ds.Countries[i].Code, plainT[k], thrT[k])
					}
				}
			}
			if changed == 0 {
				t.Errorf("threat on %s touched nothing", g.players[p].Name)
			}
		}
	}
}

// TestCounterBlocAbsorptionByHand: bloc A (surplus 100 on GDP 1000) and B
// (deficit 20 on GDP 500); the rest C (deficit 80 on GDP 2000). Combined
// surplus 80 = 5.33% of the bloc's GDP; C's absorption is 2000 + 80 = 2080,
// so the bloc needs 80/2080 = 3.846% of it; one member is in surplus.
func TestCounterBlocAbsorptionByHand(t *testing.T) {
	a := absorption([]economy{{100, 1000}, {-20, 500}}, []economy{{-80, 2000}})
	if a.combined != 80 || a.inSurplus != 1 || math.Abs(a.gdpPct()-16.0/3) > 1e-12 || math.Abs(a.restPct()-100*80.0/2080) > 1e-12 {
		t.Errorf("got %+v (gdp %% %g, rest %% %g)", a, a.gdpPct(), a.restPct())
	}
}

func TestLeakage(t *testing.T) {
	g, err := newGame(parse(t, smallGame), mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	if l := g.leakage(15); l != 0 {
		t.Errorf("everyone in: leakage %g, want 0", l)
	}
	if l := g.leakage(0); math.Abs(l-0.3) > 1e-15 {
		t.Errorf("nobody in: leakage %g, want the full share 0.3", l)
	}
	if l := g.leakage(1); !(l > 0 && l < 0.3) {
		t.Errorf("one in: leakage %g, want between 0 and 0.3", l)
	}
}

func TestBadGames(t *testing.T) {
	ds := mustDefault(t)
	tests := []struct{ name, yaml, want string }{
		{"candidate is a target", strings.Replace(smallGame, "[CAN, MEX, JPN, KOR]", "[CAN, CHN]", 1), "both a candidate and a target"},
		{"too many", strings.Replace(smallGame, "candidates: [CAN, MEX, JPN, KOR]", "candidates: {top: 17}", 1), "limited to 16 candidates"},
		{"unknown code", strings.Replace(smallGame, "[CAN, MEX, JPN, KOR]", "[CAN, XXX]", 1), "XXX"},
		{"leader as target", strings.Replace(smallGame, "targets: [CHN]", "targets: [USA]", 1), "cannot be a target"},
		{"twice", strings.Replace(smallGame, "[CAN, MEX, JPN, KOR]", "[CAN, USMCA]", 1), ""},
	}
	for _, tt := range tests {
		sc, err := scenario.Parse([]byte(tt.yaml), "")
		if err == nil {
			_, err = Analyze(context.Background(), sc, ds, Options{})
		}
		if err == nil || !errs.IsInvalid(err) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want an Invalid error mentioning %q", tt.name, err, tt.want)
		}
	}
	// The counter game refuses large K with the limit and what to do.
	sc := parse(t, strings.Replace(smallGame, "candidates: [CAN, MEX, JPN, KOR]", "candidates: {top: 9}", 1))
	if _, err := Analyze(context.Background(), sc, ds, Options{Counter: true}); err == nil || !strings.Contains(err.Error(), "limited to 8") {
		t.Errorf("counter game with 9 candidates: %v", err)
	}
}

// TestExportOnSectorWorld: --export on the input–output world writes a
// trade elasticity per sector, sector-level tariffs and the dataset's name,
// and solving the export gives the game's payoffs; on the embedded default
// the data line says so.
func TestExportOnSectorWorld(t *testing.T) {
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(strings.Replace(smallGame, "name: small\n", "name: small\ndata: icio-2022\n", 1), "retaliation: mirror_all", "retaliation: none", 1)
	sc := parse(t, y)
	g, err := newGame(sc, icio)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := g.parseMembers("CAN+MEX")
	r, err := g.solve(plain(m), nil, make([]float64, len(g.t0)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Export(sc, icio, "CAN+MEX")
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"data: \"icio-2022\"\n", "  trade_elasticity:\n    \"A01\": ", ", sector: \"C24A\", rate: "} {
		if !strings.Contains(text, want) {
			t.Errorf("export lacks %q", want)
		}
	}
	// Options left at their defaults are not written.
	for _, not := range []string{"io_variant:", "competition:", "io: false"} {
		if strings.Contains(text, not) {
			t.Errorf("export of a default model writes %q", not)
		}
	}
	plainSc, err := scenario.Parse(out, "")
	if err != nil {
		t.Fatalf("export does not parse: %v", err)
	}
	res, err := engine.RunOn(plainSc, icio, engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"USA", "CHN", "CAN", "MEX", "JPN"} {
		i, _ := icio.Index(code)
		if d := res.Result.Countries[i].Welfare - r.Countries[i].Welfare; math.Abs(d) > 1e-9 {
			t.Errorf("%s: welfare of the export differs from the game's by %g", code, d)
		}
	}
	def, err := Export(parse(t, smallGame), mustDefault(t), "CAN")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(def), "\ndata: \"embedded\"\n") {
		t.Errorf("export of a game on the default data:\n%s", def)
	}
}

// TestExportOfRoutedGame: with China's goods rerouted through conduits
// (routes form), the export writes the detours as trade costs and the
// composite tariffs, only where they differ from the baseline, and solving
// it gives the game's equilibrium — on the one-sector world and on the
// input–output world, where a trade cost names its sector.
func TestExportOfRoutedGame(t *testing.T) {
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range []*data.Dataset{mustDefault(t), icio} {
		sc := parse(t, fmtYAML(routesGame, ds.Name))
		g, err := newGame(sc, ds)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := g.parseMembers("CAN+MEX")
		buf := make([]float64, len(g.t0))
		sh, routes, _ := g.shocks(plain(m), buf)
		if len(routes) == 0 {
			t.Fatalf("%s: no route: the test needs rerouting", ds.Name)
		}
		tariffs, costs := 0, 0
		for k := range buf {
			if buf[k] != ds.Tariffs[k] {
				tariffs++
			}
			if sh.Cost[k] != 1 {
				costs++
			}
		}
		r, err := g.solve(plain(m), nil, make([]float64, len(g.t0)))
		if err != nil {
			t.Fatal(err)
		}
		out, err := Export(sc, ds, "CAN+MEX")
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		if n := strings.Count(text, "  - tariff: "); n != tariffs {
			t.Errorf("%s: %d tariffs exported, %d differ from the baseline", ds.Name, n, tariffs)
		}
		if n := strings.Count(text, "  - trade_cost: "); n != costs || costs == 0 {
			t.Errorf("%s: %d trade costs exported, %d detours", ds.Name, n, costs)
		}
		if ds.S() > 1 && !strings.Contains(text, "  - trade_cost: {importer: ") || (ds.S() > 1) != strings.Contains(text, ", sector: \"") {
			t.Errorf("%s: sectors named %v in the export", ds.Name, strings.Contains(text, ", sector: \""))
		}
		plainSc, err := scenario.Parse(out, "")
		if err != nil {
			t.Fatalf("%s: export does not parse: %v", ds.Name, err)
		}
		res, err := engine.RunOn(plainSc, ds, engine.Settings{})
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"USA", "CHN", "CAN", "MEX", "VNM"} {
			i, _ := ds.Index(code)
			if d := res.Result.Countries[i].Welfare - r.Countries[i].Welfare; math.Abs(d) > 1e-9 {
				t.Errorf("%s, %s: welfare of the export differs from the game's by %g", ds.Name, code, d)
			}
		}
	}
}

// TestExportWithoutTariffTable: a dataset without applied tariffs (a user's
// world of flows only) starts the game from free trade, and its export
// writes every tariff the game sets.
func TestExportWithoutTariffTable(t *testing.T) {
	ds := mustDefault(t).Clone()
	ds.Tariffs = nil
	out, err := Export(parse(t, smallGame), ds, "CAN")
	if err != nil {
		t.Fatal(err)
	}
	// The leader's liberation-day threat on every partner but CAN, CAN's 10%.
	if !strings.Contains(string(out), "  - tariff: {importer: USA, exporter: CAN, rate: 0.1}\n") {
		t.Errorf("the member's terms are not exported from free trade:\n%.2000s", out)
	}
}

// TestGameLeavesServicesUntaxed: on a world with a services sector the
// game's tariffs — the threat, member terms, the defector penalty, a flat
// threat on one outsider, the members' external tariff and the targets'
// answer — reach goods only, as the US schedules do; services keep their
// tariffs before the game.
func TestGameLeavesServicesUntaxed(t *testing.T) {
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(smallGame, "name: small\n", "name: small\ndata: icio-2022\n", 1)
	g, err := newGame(parse(t, y), icio)
	if err != nil {
		t.Fatal(err)
	}
	serv := slices.IndexFunc(icio.Sectors, func(s data.Sector) bool { return s.Code == "SERV" })
	c29 := slices.IndexFunc(icio.Sectors, func(s data.Sector) bool { return s.Code == "C29" })
	m, _ := g.parseMembers("CAN+MEX")
	dst := make([]float64, len(g.t0))
	for _, cfg := range []config{plain(m), {members: m, penalized: 0, threatened: 2, threat: 0.3}} {
		g.tariffs(cfg, dst)
		goodsMoved := false
		for i := range icio.Countries {
			for j := range icio.Countries {
				if k := icio.At(i, j, serv); dst[k] != g.t0[k] {
					t.Fatalf("%s on %s's services: %v → %v", icio.Countries[j].Code, icio.Countries[i].Code, g.t0[k], dst[k])
				}
				goodsMoved = goodsMoved || dst[icio.At(i, j, c29)] != g.t0[icio.At(i, j, c29)]
			}
		}
		if !goodsMoved {
			t.Fatal("no goods tariff moved: the test checks nothing")
		}
	}
}
