package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/optimal"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func init() { register(newNashCommand) }

type nashOptions struct {
	output    outputFlags
	data      dataFlag
	countries []string
	top       int
	maxRate   float64
	start     float64
	maxRounds int
	noVerify  bool
	quiet     bool
	// services taxes the services sector too (--include-services).
	services bool
}

func newNashCommand() *cobra.Command {
	var opts nashOptions
	c := &cobra.Command{
		Use:   "nash [SCENARIO]",
		Short: "Find the Nash equilibrium of a tariff war",
		Long: `Find the tariff war's Nash equilibrium: every player sets the uniform import
tariff (one rate on all partners, in every sector) that maximises its own
welfare given the other players' rates; countries that do not play keep the
tariffs of SCENARIO (default: the dataset's baseline with trade imbalances
purged, as the literature computes tariff wars). Players: --countries (codes
or group names), or the --top N largest economies by GDP, or by default every
country of the dataset (an aggregate unit such as icio-2022's ROW does not
play). The EU27 plays as one, whichever way its members are named: a common
commercial policy sets one external tariff, tariffs inside it do not change,
and its welfare is its members' weighted by GDP. On a world with a services
sector (icio-2022's SERV) the rates are tariffs on goods, services keeping
the scenario's tariffs; --include-services taxes every sector, as
Lashkaripour (2021) does.

The search takes simultaneous Newton steps on the players' first-order
conditions, with derivatives from warm-started solves, and certifies the
result with each player's exact best response to the others (see
docs/nash.md). Every model option of the scenario applies; the literature
computes tariff wars on data with trade imbalances purged (model.deficits:
purge).

Reported: each player's Nash tariff, every country's welfare change against
the scenario's baseline, the averages over the players, the GDP-weighted
world change and the largest loss of a country that does not play, the
rounds, solves,
time and how far the last best responses were from the equilibrium.

Exit codes: 0 converged, 1 no equilibrium found (the document says why),
2 bad usage or input.`,
		Example: `  tradebloc nash
  tradebloc nash --top 10 my-purged-scenario.yaml --format json
  tradebloc nash --countries USA,CHN,EU27 --data ./wiod2014`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runNash(c, &opts, args) },
	}
	opts.output.add(c)
	opts.data.add(c)
	c.Flags().StringSliceVar(&opts.countries, "countries", nil, "the players: country codes or group names, comma-separated (default: every country)")
	c.Flags().IntVar(&opts.top, "top", 0, "the players are the N largest economies by GDP; the rest keep the scenario's tariffs")
	c.Flags().Float64Var(&opts.maxRate, "max-rate", 10, "upper bound of every rate, as a decimal (10 = 1000%)")
	c.Flags().Float64Var(&opts.start, "start", 0.25, "every player's starting rate, as a decimal")
	c.Flags().IntVar(&opts.maxRounds, "max-rounds", 60, "cap on the Newton rounds of each phase")
	c.Flags().BoolVar(&opts.noVerify, "no-verify", false, "skip the exact best responses that certify the equilibrium (faster; the first- and second-order conditions remain the check)")
	c.Flags().BoolVar(&opts.quiet, "quiet", false, "no progress on stderr")
	c.Flags().BoolVar(&opts.services, "include-services", false, "on a world with a services sector, tax it too (default: goods only)")
	return c
}

// nashDoc is the JSON of `tradebloc nash` (DESIGN §4; keys added).
type nashDoc struct {
	Scenario   string             `json:"scenario"`
	Dataset    string             `json:"dataset"`
	Deficits   string             `json:"deficits"`
	Players    []string           `json:"players"`
	Converged  bool               `json:"converged"`
	Iterations int                `json:"iterations"`
	TariffsPct map[string]float64 `json:"tariffs_pct"`
	WelfarePct map[string]float64 `json:"welfare_pct"`
	// PlayerMembers and PlayerWelfarePct describe players that are a
	// customs union (the EU27): its member countries, and its welfare, the
	// members' weighted by GDP (the objective it maximises). Countries keep
	// their own entries in welfare_pct.
	PlayerMembers    map[string][]string `json:"player_members,omitempty"`
	PlayerWelfarePct map[string]float64  `json:"player_welfare_pct,omitempty"`
	// AverageTariffPct and AverageWelfarePct are simple means over the
	// players (as Lashkaripour 2021 averages his Table 1).
	AverageTariffPct  float64 `json:"average_tariff_pct"`
	AverageWelfarePct float64 `json:"average_welfare_pct"`
	// WorldWelfarePct is every country's welfare change weighted by its
	// baseline GDP, players and bystanders alike. BystanderWelfarePct is
	// the same over the countries that do not play, and
	// LargestBystanderLoss the one that loses most (both absent when
	// every country plays).
	WorldWelfarePct      float64        `json:"world_welfare_pct"`
	BystanderWelfarePct  *float64       `json:"bystander_welfare_pct,omitempty"`
	LargestBystanderLoss *countryChange `json:"largest_bystander_loss,omitempty"`
	// LargestMajorBystanderLoss is the largest loss of a country that does
	// not play among the report.MajorEconomies largest economies by
	// baseline GDP (solve's rule): the text headlines it, since the
	// largest loss of all is usually a micro-economy's (a ship registry,
	// the Marshall Islands, at −29%). Absent when no such economy stays
	// out of the game.
	LargestMajorBystanderLoss *countryChange `json:"largest_major_bystander_loss,omitempty"`
	// MajorEconomies is how many economies that ranking is among.
	MajorEconomies int `json:"major_economies,omitempty"`
	// LargestUnflaggedBystanderLoss is the largest loss of a non-player
	// the dataset's plausibility rule does not flag, present when the
	// largest of all is a flagged economy's (world-2023's three largest:
	// the Marshall Islands, −22.9%, whose figure says more about its data
	// than about the war).
	LargestUnflaggedBystanderLoss *countryChange `json:"largest_unflagged_bystander_loss,omitempty"`
	// DataFlags are the economies the dataset's plausibility rule flags
	// (data.Dataset.QualityFlags: a balance beyond ±60% of GDP), marked in
	// the text's table of non-players too: their results are unreliable.
	DataFlags []data.QualityFlag `json:"data_flags,omitempty"`
	// SectorsTaxed is "goods" where the players' rates leave a services
	// sector at the scenario's tariffs (the default on icio-2022), else
	// "all".
	SectorsTaxed string `json:"sectors_taxed"`
	// BestResponseGapPct is the largest distance, in percentage points, of
	// a player's exact best response from its Nash rate (null without
	// verification); MaxGradient the largest |dŴ/dt| at the end.
	BestResponseGapPct *float64 `json:"best_response_gap_pct"`
	// BestResponseGainPct is the most welfare (pp) a player gains by
	// moving to its exact best response (null without verification).
	BestResponseGainPct *float64 `json:"best_response_gain_pct"`
	MaxGradient         float64  `json:"max_gradient"`
	Rounds              int      `json:"rounds"`
	Sweeps              int      `json:"sweeps"`
	Solves              int      `json:"solves"`
	Seconds             float64  `json:"seconds"`
	Reason              string   `json:"reason,omitempty"`
	Notes               []string `json:"notes,omitempty"`
}

// countryChange is one country's welfare change.
type countryChange struct {
	Code       string  `json:"code"`
	WelfarePct float64 `json:"welfare_pct"`
	// DataFlag: the dataset's plausibility rule flags the economy.
	DataFlag bool `json:"data_flag,omitempty"`
}

func runNash(c *cobra.Command, opts *nashOptions, args []string) error {
	if opts.top < 0 || (opts.top > 0 && len(opts.countries) > 0) {
		return &errs.Error{Kind: errs.Invalid, Field: "--top", Err: fmt.Errorf("--top takes a count ≥ 1 and cannot be combined with --countries")}
	}
	if !(opts.maxRate > 0) || !(opts.start >= 0) || opts.start > opts.maxRate {
		return &errs.Error{Kind: errs.Invalid, Field: "--max-rate/--start", Err: fmt.Errorf("want 0 ≤ start ≤ max-rate and max-rate > 0")}
	}
	if opts.maxRounds < 1 {
		return &errs.Error{Kind: errs.Invalid, Field: "--max-rounds", Err: fmt.Errorf("want at least 1 round")}
	}
	// Without a scenario the war is played on the baseline with trade
	// imbalances purged, as the literature computes tariff wars: with the
	// imbalances kept as fixed transfers, a deficit country's tariff also
	// extracts its transfer and a surplus economy's fixed surplus is valued
	// against a shrinking income (docs/nash.md, Closures).
	sc := &scenario.Scenario{Name: "baseline (imbalances purged)", Description: "the dataset's baseline with trade imbalances purged",
		Model: scenario.ModelSpec{Deficits: model.Purge}}
	if len(args) == 1 {
		var err error
		if sc, err = resolveScenario(c, args, args[0]); err != nil {
			return err
		}
	}
	ds, err := loadScenarioData(sc, opts.data.path)
	if err != nil {
		return err
	}
	pds, comp, err := engine.Prepare(sc, ds)
	if err != nil {
		return err
	}
	b, err := engine.BaselineFor(pds, comp.Options)
	if err != nil {
		return err
	}
	players, unitNotes, err := nashPlayers(pds, b, opts)
	if err != nil {
		return err
	}
	set := optimal.NashSettings{MaxRate: opts.maxRate, Verify: !opts.noVerify, MaxRounds: opts.maxRounds, MaxSweeps: 10}
	var prog *report.Progress
	if !opts.quiet {
		prog = report.NewProgress(os.Stderr)
		set.Progress = func(p optimal.NashProgress) {
			if p.Phase == "newton" {
				prog.Update(fmt.Sprintf("nash: Newton rounds (%d solves)", p.Solves), p.Round, set.MaxRounds+1)
			} else {
				prog.Update(fmt.Sprintf("nash: best responses (%d solves)", p.Solves), p.Round, set.MaxSweeps+1)
			}
		}
	}
	g := optimal.Game{Base: b, Options: comp.Options, Shocks: comp.Shocks, Sectors: optimal.GoodsSectors(pds, opts.services)}
	for _, p := range players {
		pl := optimal.Player{Country: p.countries[0], Members: p.countries[1:]}
		if len(p.countries) > 1 {
			pl.Name = p.name
		}
		g.Players = append(g.Players, pl)
		g.Start = append(g.Start, opts.start)
	}
	res, err := optimal.Nash(g, set)
	if prog != nil {
		prog.Done()
	}
	if err != nil {
		return &errs.Error{Op: "nash", Kind: errs.NotConverged, Err: err}
	}
	doc := newNashDoc(sc, ds, comp, g, players, res)
	doc.Notes = append(unitNotes, doc.Notes...)
	if sv, ok := pds.ServicesIndex(); ok {
		if g.Sectors != nil {
			doc.Notes = append(doc.Notes, fmt.Sprintf("sectors taxed: goods — the players' rates leave services (%s) at the scenario's tariffs, as the US schedules do; --include-services taxes every sector, as Lashkaripour (2021) does", pds.Sectors[sv].Code))
		} else {
			doc.Notes = append(doc.Notes, fmt.Sprintf("sectors taxed: all, services (%s) included (--include-services), as Lashkaripour (2021) computes tariff wars", pds.Sectors[sv].Code))
		}
	}
	if err := opts.output.emit(c, func(w io.Writer, f report.Format) error { return doc.write(w, f, pds) }); err != nil {
		return err
	}
	if !res.Converged {
		return &errs.Error{Op: "nash", Kind: errs.NotConverged, Err: fmt.Errorf("no equilibrium found: %s", res.Reason)}
	}
	return nil
}

// nashPlayer is one player of the war: a country, or the EU27 as one
// (data.PolicyUnit: a common commercial policy sets one external tariff).
type nashPlayer struct {
	name      string
	countries []int // dataset order
}

// nashPlayers resolves --countries (codes or groups) or --top N (largest
// GDP first) to players in dataset order; default every country. An EU
// member plays as the EU27, whichever way it is named, and notes say so.
func nashPlayers(ds *data.Dataset, b *model.Baseline, opts *nashOptions) ([]nashPlayer, []string, error) {
	N := ds.N()
	// An aggregate unit (icio-2022's ROW) is not a country and does not
	// play unless the data have no such mark (WIOD's rest of the world,
	// loaded from a directory without members.csv, plays as Lashkaripour's).
	var units []nashPlayer
	unitOf := make([]int, N)
	for i := range unitOf {
		unitOf[i] = -1
	}
	for u, pu := range ds.PolicyUnits() {
		units = append(units, nashPlayer{name: pu.Name, countries: pu.Members})
		for _, c := range pu.Members {
			unitOf[c] = u
		}
	}
	var notes []string
	union := func(u nashPlayer) string {
		return fmt.Sprintf("%s plays as one (%d members): a common commercial policy sets one external tariff, and tariffs inside it do not change; its welfare is its members' weighted by GDP", u.name, len(u.countries))
	}
	pick := func(in []bool) ([]nashPlayer, []string, error) {
		var out []nashPlayer
		for u, on := range in {
			if on {
				out = append(out, units[u])
				if len(units[u].countries) > 1 {
					notes = append(notes, union(units[u]))
				}
			}
		}
		if len(out) < 1 {
			return nil, nil, &errs.Error{Kind: errs.Invalid, Field: "--countries", Err: fmt.Errorf("no players")}
		}
		return out, notes, nil
	}
	in := make([]bool, len(units))
	switch {
	case opts.top > 0:
		gdp := func(u int) float64 {
			g := 0.0
			for _, c := range units[u].countries {
				g += b.GDP[c]
			}
			return g
		}
		idx := make([]int, len(units))
		for u := range idx {
			idx[u] = u
		}
		sort.SliceStable(idx, func(a, z int) bool { return gdp(idx[a]) > gdp(idx[z]) })
		for _, u := range idx[:min(opts.top, len(idx))] {
			in[u] = true
		}
	case len(opts.countries) == 0:
		for u := range in {
			in[u] = true
		}
	default:
		for _, name := range opts.countries {
			name = strings.TrimSpace(name)
			if i, ok := ds.Index(name); ok {
				if ds.IsAggregate(i) {
					return nil, nil, &errs.Error{Kind: errs.Invalid, Field: "--countries", Err: ds.AggregateError(i)}
				}
				if u := units[unitOf[i]]; u.name != name {
					notes = append(notes, fmt.Sprintf("%s has no tariff of its own: it plays as %s", name, u.name))
				}
				in[unitOf[i]] = true
				continue
			}
			members, ok := ds.Groups[name]
			if !ok {
				return nil, nil, &errs.Error{Kind: errs.Invalid, Field: "--countries", Err: unknownPlayer(ds, name)}
			}
			for _, m := range members {
				if i, ok := ds.Index(m); ok && !ds.IsAggregate(i) {
					in[unitOf[i]] = true
				}
			}
		}
	}
	return pick(in)
}

// unknownPlayer says why name, neither a country nor a group of ds, is no
// player: Dataset.CheckCountry's message, with its hints (the upper-case
// code a lower-case one means, the aggregate a missing economy is part
// of). A group, which plays here, is named in upper case rather than
// refused as CheckCountry refuses it where one country is wanted.
func unknownPlayer(ds *data.Dataset, name string) error {
	if g := strings.ToUpper(name); len(ds.Groups[g]) > 0 {
		return fmt.Errorf("unknown country or group %q in dataset %s (group names are upper case: %s)", name, ds.Name, g)
	}
	if _, err := ds.CheckCountry(name); err != nil {
		return err
	}
	// Not reached: name is no country of ds (nashPlayers looked it up).
	return fmt.Errorf("%s", ds.UnknownCountry(name))
}

func newNashDoc(sc *scenario.Scenario, ds *data.Dataset, comp *scenario.Compiled, g optimal.Game, players []nashPlayer, res *optimal.NashResult) *nashDoc {
	b := g.Base
	doc := &nashDoc{Scenario: sc.Name, Dataset: ds.Name, Deficits: comp.Options.Deficits.String(), Converged: res.Converged,
		Iterations: res.Rounds + res.Sweeps, Rounds: res.Rounds, Sweeps: res.Sweeps, Solves: res.Solves, Seconds: res.Seconds,
		TariffsPct: map[string]float64{}, WelfarePct: map[string]float64{}, Reason: res.Reason, Notes: comp.Notes,
		SectorsTaxed: optimal.SectorsTaxed(g.Sectors)}
	for p, pl := range players {
		doc.Players = append(doc.Players, pl.name)
		doc.TariffsPct[pl.name] = 100 * res.Rates[p]
		w := pct(g.PlayerWelfare(res.Outcome, p))
		doc.AverageTariffPct += 100 * res.Rates[p] / float64(len(players))
		doc.AverageWelfarePct += w / float64(len(players))
		if len(pl.countries) > 1 {
			if doc.PlayerMembers == nil {
				doc.PlayerMembers, doc.PlayerWelfarePct = map[string][]string{}, map[string]float64{}
			}
			for _, c := range pl.countries {
				doc.PlayerMembers[pl.name] = append(doc.PlayerMembers[pl.name], b.Codes[c])
			}
			doc.PlayerWelfarePct[pl.name] = w
		}
	}
	for _, cr := range res.Outcome.Countries {
		doc.WelfarePct[cr.Code] = pct(cr.Welfare)
	}
	for _, f := range ds.QualityFlags() {
		// From the dataset as loaded: the purged world the war is played
		// on has no imbalance left to flag.
		if _, ok := doc.WelfarePct[f.Code]; ok {
			doc.DataFlags = append(doc.DataFlags, f)
		}
	}
	doc.bystanders(b, res.Outcome, players, ds.IsAggregate)
	if n := playersTariffNote(ds, b, comp.Shocks.Tariff, players, g.Sectors); n != "" {
		doc.Notes = append(doc.Notes, n)
	}
	if res.Converged {
		// What the equilibrium's figures are read with; a search that did
		// not converge has no equilibrium to explain.
		for _, pl := range players {
			if n := unionRangeNote(pl.name, pl.countries, res.Outcome); len(pl.countries) > 1 && n != "" {
				doc.Notes = append(doc.Notes, n)
			}
		}
		if n := smallPlayerNote(b, players, res.Rates, comp.Options.Theta); n != "" {
			doc.Notes = append(doc.Notes, n)
		}
	}
	for _, g := range res.Gradient {
		if a := abs(g); a > doc.MaxGradient {
			doc.MaxGradient = a
		}
	}
	if res.BestResponse != nil {
		v, g := 100*res.Gap, 100*res.Gain
		doc.BestResponseGapPct, doc.BestResponseGainPct = &v, &g
	}
	if d := comp.Options.Deficits; d == model.Fixed || d == model.Ratio {
		doc.Notes = append(doc.Notes, fmt.Sprintf("deficits: %s — the trade imbalances stay in the data, so a player's tariff also moves the transfer it receives; tariff wars in the literature (Ossa 2014, Lashkaripour 2021) are computed with imbalances purged (model.deficits: purge)", d))
		deficit := map[string]bool{}
		for j, code := range b.Codes {
			deficit[code] = b.D[j] > 0
		}
		if s := transferPattern(doc.TariffsPct, doc.WelfarePct, deficit, doc.AverageWelfarePct); s != "" {
			doc.Notes = append(doc.Notes, s)
		}
		if s := report.ValuationNote(res.Outcome, 5); s != "" {
			doc.Notes = append(doc.Notes, s)
		}
	}
	var flagged []string
	for _, f := range doc.DataFlags {
		flagged = append(flagged, fmt.Sprintf("%s (%+.0f%% of GDP)", f.Code, f.BalancePctGDP))
	}
	if len(flagged) > 0 {
		doc.Notes = append(doc.Notes, fmt.Sprintf("Data flag: %s beyond ±%d%% of GDP, likely ship registrations, aid-financed imports or re-exports; results for these are unreliable: %s.",
			ds.BalanceName(), data.MaxBalancePctGDP, strings.Join(flagged, ", ")))
	}
	return doc
}

// bystanders fills the GDP-weighted world and bystander welfare changes,
// the largest loss of a country that does not play, and a note: the
// players' simple mean leaves out those who bear part of the cost without
// a tariff of their own (icio-2022's top six: Singapore −5.8%). An economy
// of doc.DataFlags is never called the largest loser of all without its
// flag: the note names the largest loss among the unflagged and the
// flagged ones above it apart (world-2023's USA, CHN and EU27: the Marshall
// Islands' −22.9% and Liberia's −6.8%, ship registries, before Gambia's
// −5.8%).
func (doc *nashDoc) bystanders(b *model.Baseline, out *model.Result, players []nashPlayer, aggregate func(int) bool) {
	plays := make([]bool, b.N)
	for _, pl := range players {
		for _, c := range pl.countries {
			plays[c] = true
		}
	}
	// The largest economies by baseline GDP, aggregates (ROW) left out, as
	// solve ranks its winners and losers.
	var major []int
	for j := range b.N {
		if !aggregate(j) {
			major = append(major, j)
		}
	}
	sort.SliceStable(major, func(a, z int) bool { return b.GDP[major[a]] > b.GDP[major[z]] })
	if len(major) > report.MajorEconomies {
		major = major[:report.MajorEconomies]
	}
	doc.MajorEconomies = len(major)
	for _, j := range major {
		if w := pct(out.Countries[j].Welfare); !plays[j] && (doc.LargestMajorBystanderLoss == nil || w < doc.LargestMajorBystanderLoss.WelfarePct ||
			(w == doc.LargestMajorBystanderLoss.WelfarePct && out.Countries[j].Code < doc.LargestMajorBystanderLoss.Code)) {
			doc.LargestMajorBystanderLoss = &countryChange{Code: out.Countries[j].Code, WelfarePct: w}
		}
	}
	flagged := func(code string) bool { _, ok := data.QualityFlagOf(doc.DataFlags, code); return ok }
	var world, worldGDP, by, byGDP float64
	var unflagged *countryChange
	// lower reports whether w (of code) ranks before c, the larger loss first.
	lower := func(w float64, code string, c *countryChange) bool {
		return c == nil || w < c.WelfarePct || (w == c.WelfarePct && code < c.Code)
	}
	for j, cr := range out.Countries {
		w := pct(cr.Welfare)
		world += b.GDP[j] * w
		worldGDP += b.GDP[j]
		if plays[j] {
			continue
		}
		by += b.GDP[j] * w
		byGDP += b.GDP[j]
		if lower(w, cr.Code, doc.LargestBystanderLoss) {
			doc.LargestBystanderLoss = &countryChange{Code: cr.Code, WelfarePct: w, DataFlag: flagged(cr.Code)}
		}
		if !flagged(cr.Code) && lower(w, cr.Code, unflagged) {
			unflagged = &countryChange{Code: cr.Code, WelfarePct: w}
		}
	}
	// The flagged non-players that lose more than the largest unflagged
	// loss, largest first: the note names them apart.
	var above []string
	if l := doc.LargestBystanderLoss; l != nil && l.DataFlag {
		doc.LargestUnflaggedBystanderLoss = unflagged
		type fc struct {
			code string
			w    float64
		}
		var list []fc
		for j, cr := range out.Countries {
			if w := pct(cr.Welfare); !plays[j] && flagged(cr.Code) && (unflagged == nil || lower(w, cr.Code, unflagged)) {
				list = append(list, fc{cr.Code, w})
			}
		}
		sort.Slice(list, func(a, z int) bool {
			if list[a].w != list[z].w {
				return list[a].w < list[z].w
			}
			return list[a].code < list[z].code
		})
		for k, x := range list {
			if k == 3 {
				above = append(above, fmt.Sprintf("%d more", len(list)-3))
				break
			}
			above = append(above, fmt.Sprintf("%s (%+.3f%%)", x.code, x.w))
		}
	}
	if worldGDP > 0 {
		doc.WorldWelfarePct = world / worldGDP
	}
	if doc.LargestBystanderLoss == nil || byGDP <= 0 {
		// Both or neither: the text reads the share beside the largest loss.
		doc.LargestBystanderLoss, doc.LargestMajorBystanderLoss, doc.MajorEconomies, doc.LargestUnflaggedBystanderLoss = nil, nil, 0, nil
		return
	}
	if doc.LargestMajorBystanderLoss == nil {
		doc.MajorEconomies = 0
	}
	v := by / byGDP
	doc.BystanderWelfarePct = &v
	l := doc.LargestBystanderLoss
	head := "Countries that do not play bear part of the cost"
	if v >= 0 && l.WelfarePct >= 0 {
		head = "Countries that do not play gain on balance"
	}
	// flaggedAbove names the flagged economies that lose more than u.
	flaggedAbove := fmt.Sprintf("the data-flagged %s lose more, but their balances lie beyond ±%d%% of GDP and their results are unreliable", andList(above), data.MaxBalancePctGDP)
	if len(above) == 1 {
		flaggedAbove = fmt.Sprintf("the data-flagged %s loses more, but its balance lies beyond ±%d%% of GDP and its result is unreliable", above[0], data.MaxBalancePctGDP)
	}
	var loss string
	switch m, u := doc.LargestMajorBystanderLoss, unflagged; {
	case m == nil && !l.DataFlag:
		loss = fmt.Sprintf("%s's by %+.3f%% (the largest loss among them)", l.Code, l.WelfarePct)
	case m == nil && u == nil:
		loss = fmt.Sprintf("%s's by %+.3f%% (the largest loss among them, but the data flag it: balance beyond ±%d%% of GDP, results unreliable)", l.Code, l.WelfarePct, data.MaxBalancePctGDP)
	case m == nil:
		loss = fmt.Sprintf("%s's by %+.3f%% (the largest loss among those the data do not flag: %s)", u.Code, u.WelfarePct, flaggedAbove)
	default:
		loss = fmt.Sprintf("%s's by %+.3f%% (the largest loss among those of the %d largest economies that do not play", m.Code, m.WelfarePct, doc.MajorEconomies)
		switch {
		case m.Code == l.Code:
		case !l.DataFlag:
			loss += fmt.Sprintf("; %s's, %+.3f%%, is the largest of all", l.Code, l.WelfarePct)
		case u != nil && u.Code != m.Code:
			loss += fmt.Sprintf("; %s's, %+.3f%%, is the largest of all those the data do not flag: %s", u.Code, u.WelfarePct, flaggedAbove)
		default:
			loss += "; only " + flaggedAbove
		}
		loss += ")"
	}
	prefix := ""
	if !doc.Converged {
		// The figures are the last round's; the title of the summary says
		// so, and so must the sentence that quotes them.
		prefix = "Not an equilibrium (did not converge), at the last round: "
		head = strings.ToLower(head[:1]) + head[1:]
	}
	doc.Notes = append(doc.Notes, fmt.Sprintf("%s%s: their welfare changes by %+.3f%% weighted by GDP, and %s; the world's, weighted by GDP, by %+.3f%%, against the players' simple mean of %+.3f%%.",
		prefix, head, v, loss, doc.WorldWelfarePct, doc.AverageWelfarePct))
}

// notEquilibrium labels the figures of a war whose search did not converge:
// they are the last round's, which no player would keep.
const notEquilibrium = "not an equilibrium (did not converge)"

// transferPattern names, under a closure that keeps the imbalances, the
// two marks the transfers leave on a tariff war: players whose rate is
// more than twice the median (a deficit country's tariff also extracts its
// transfer) and, in a war that costs the players on average, the largest
// gains of deficit economies (their fixed transfer grows relative to their
// shrinking income). "" when neither shows.
func transferPattern(rates, welfare map[string]float64, deficit map[string]bool, avgWelfare float64) string {
	if len(rates) == 0 {
		return ""
	}
	var rs []float64
	for _, r := range rates {
		rs = append(rs, r)
	}
	sort.Float64s(rs)
	med := rs[len(rs)/2]
	if len(rs)%2 == 0 {
		med = (rs[len(rs)/2-1] + rs[len(rs)/2]) / 2
	}
	var high, gains []string
	for _, code := range slices.Sorted(maps.Keys(rates)) {
		if med > 0 && rates[code] > 2*med {
			high = append(high, fmt.Sprintf("%s %.1f%%", code, rates[code]))
		}
	}
	if avgWelfare < 0 {
		codes := slices.Sorted(maps.Keys(welfare))
		sort.SliceStable(codes, func(a, b int) bool { return welfare[codes[a]] > welfare[codes[b]] })
		for _, code := range codes {
			if len(gains) == 3 || welfare[code] <= 0 {
				break
			}
			if deficit[code] {
				gains = append(gains, fmt.Sprintf("%s %+.1f%%", code, welfare[code]))
			}
		}
	}
	var parts []string
	if len(high) > 0 {
		parts = append(parts, fmt.Sprintf("rates above twice the median (%.1f%%): %s", med, strings.Join(high, ", ")))
	}
	if len(gains) > 0 {
		parts = append(parts, "the largest gains in a war that costs the players on average are deficit economies': "+strings.Join(gains, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	return "What the transfers do here — " + strings.Join(parts, "; ") + ". Compare under model.deficits: purge (docs/nash.md, Closures)."
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func (d *nashDoc) write(w io.Writer, f report.Format, ds *data.Dataset) error {
	if f == report.JSON {
		return report.WriteJSON(w, d)
	}
	num := func(x float64, prec int) string {
		s := fmt.Sprintf("%.*f", prec, x)
		if strings.Trim(s, "-0.") == "" {
			s = strings.TrimPrefix(s, "-") // no "-0.000"
		}
		return s
	}
	title := fmt.Sprintf("Nash tariff war (scenario %s, %d players)", d.Scenario, len(d.Players))
	// A search that did not converge leaves the last round's rates, which
	// are no equilibrium: its averages are labelled so (JSON keeps them,
	// with converged: false).
	unit := "(%)"
	if !d.Converged {
		title += ": " + notEquilibrium
		unit = "(%, not an equilibrium)"
	}
	sum := &report.Table{Name: "summary", Title: title,
		Columns: []string{"measure", "value"}, Numeric: []bool{false, true}}
	sum.Add("average Nash tariff "+unit, num(d.AverageTariffPct, 2))
	sum.Add("average welfare change "+unit, num(d.AverageWelfarePct, 3))
	sum.Add("world welfare change, GDP-weighted "+unit, num(d.WorldWelfarePct, 3))
	if d.LargestBystanderLoss != nil && d.BystanderWelfarePct != nil {
		sum.Add("non-players' welfare change, GDP-weighted "+unit, num(*d.BystanderWelfarePct, 3))
		l, among := d.LargestBystanderLoss, ""
		if m := d.LargestMajorBystanderLoss; m != nil {
			// The largest economies', as solve ranks them: the largest
			// loss of all is a micro-economy's, in the note.
			l, among = m, fmt.Sprintf(" among the %d largest economies", d.MajorEconomies)
		} else if u := d.LargestUnflaggedBystanderLoss; u != nil {
			// Not a figure the data flag as unreliable.
			l, among = u, " among economies the data do not flag"
		}
		label := "largest non-player loss"
		if l.WelfarePct >= 0 {
			label = "smallest non-player gain" // nobody outside loses
		}
		sum.Add(fmt.Sprintf("%s%s: %s %s", label, among, l.Code, unit), num(l.WelfarePct, 3))
	}
	sum.Add("sectors taxed", d.SectorsTaxed)
	sum.Add("converged", fmt.Sprint(d.Converged))
	if d.BestResponseGapPct != nil {
		sum.Add("largest best-response gap (pp of tariff)", fmt.Sprintf("%.2g", *d.BestResponseGapPct))
		sum.Add("largest gain from it (pp of welfare)", fmt.Sprintf("%.2g", *d.BestResponseGainPct))
	}
	sum.Add("Newton rounds", fmt.Sprint(d.Rounds))
	sum.Add("best-response sweeps", fmt.Sprint(d.Sweeps))
	sum.Add("solves", fmt.Sprint(d.Solves))
	sum.Add("seconds", fmt.Sprintf("%.1f", d.Seconds))
	if d.Reason != "" {
		sum.Notes = append(sum.Notes, d.Reason)
	}
	sum.Notes = append(sum.Notes, d.Notes...)
	sum.Notes = append(sum.Notes, "Welfare changes are against the scenario's baseline; averages are simple means over the players (docs/nash.md).")
	name := map[string]string{}
	for _, c := range ds.Countries {
		name[c.Code] = c.Name
	}
	plTitle := "Players: Nash tariff and welfare change (%), highest tariff first"
	if !d.Converged {
		plTitle = "Players at the last round, " + notEquilibrium + ": tariff and welfare change (%), highest tariff first"
	}
	pl := &report.Table{Name: "players", Title: plTitle,
		Columns: []string{"code", "name", "nash_tariff_pct", "welfare_pct"}, Numeric: []bool{false, false, true, true}}
	codes := append([]string(nil), d.Players...)
	sort.SliceStable(codes, func(a, z int) bool {
		ta, tz := d.TariffsPct[codes[a]], d.TariffsPct[codes[z]]
		if ta != tz {
			return ta > tz
		}
		return codes[a] < codes[z]
	})
	inUnion := map[string]bool{}
	for u, members := range d.PlayerMembers {
		// The union's welfare is a GDP-weighted mean; its members' range
		// shows who gains and who loses inside it.
		lo, hi := members[0], members[0]
		for _, m := range members {
			inUnion[m] = true
			if d.WelfarePct[m] < d.WelfarePct[lo] {
				lo = m
			}
			if d.WelfarePct[m] > d.WelfarePct[hi] {
				hi = m
			}
		}
		name[u] = fmt.Sprintf("%s (%d members weighted by GDP; %s %+.2f to %s %+.2f)", u, len(members), lo, d.WelfarePct[lo], hi, d.WelfarePct[hi])
	}
	for _, c := range codes {
		w, ok := d.PlayerWelfarePct[c]
		if !ok {
			w = d.WelfarePct[c]
		}
		pl.Add(c, name[c], num(d.TariffsPct[c], 2), num(w, 3))
	}
	tables := []*report.Table{sum, pl}
	if len(d.Players)+len(inUnion) < len(d.WelfarePct)+len(d.PlayerMembers) {
		// data_flag goes last, as new CSV columns do.
		others := &report.Table{Name: "others", Title: "Countries that do not play: welfare change (%), largest losses first",
			Columns: []string{"code", "name", "welfare_pct", "data_flag"}, Numeric: []bool{false, false, true, false}}
		if len(d.DataFlags) > 0 {
			others.Notes = append(others.Notes, dataFlagColumnNote)
		}
		var rest []string
		for c := range d.WelfarePct {
			if _, ok := d.TariffsPct[c]; !ok && !inUnion[c] {
				rest = append(rest, c)
			}
		}
		sort.Slice(rest, func(a, z int) bool {
			wa, wz := d.WelfarePct[rest[a]], d.WelfarePct[rest[z]]
			if wa != wz {
				return wa < wz
			}
			return rest[a] < rest[z]
		})
		for _, c := range rest {
			others.Add(c, name[c], num(d.WelfarePct[c], 3), dataFlagCell(d.DataFlags, c))
		}
		tables = append(tables, others)
	}
	if f == report.CSV {
		return report.WriteCSVTables(w, tables, "")
	}
	for k, t := range tables {
		if k > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if err := t.Write(w, f); err != nil {
			return err
		}
	}
	return nil
}
