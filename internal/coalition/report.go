package coalition

import (
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
)

// Report is the result of `tradebloc coalition` (DESIGN §4: keys may be
// added, never renamed).
type Report struct {
	Scenario          string              `json:"scenario"`
	Leader            string              `json:"leader"`
	Targets           []string            `json:"targets"`
	Candidates        []string            `json:"candidates"`
	CandidateMembers  map[string][]string `json:"candidate_members,omitempty"` // players that are groups
	Objective         string              `json:"objective"`
	Solves            int                 `json:"solves"`
	Seconds           float64             `json:"seconds"`
	SolvesPerSecond   float64             `json:"solves_per_second"`
	MeanIterations    float64             `json:"mean_iterations"` // per solve of the 2^K enumeration
	Stable            []StableDoc         `json:"stable"`          // the best maxStableReported of them
	AccessionPath     []StepDoc           `json:"accession_path"`
	AccessionFinal    []string            `json:"accession_final"`
	RequiredThreatPct map[string]*float64 `json:"required_threat_pct"`
	LeadingSource     string              `json:"leading_source"`
	Leading           *CoalitionDoc       `json:"leading"`
	// Terms says in words what members pay and what the others face;
	// MemberRatePct is each candidate's member rate, the leader's
	// additional tariff on it once it joins (absent when members keep
	// their rates before the game).
	Terms         string             `json:"terms"`
	MemberRatePct map[string]float64 `json:"member_rate_pct,omitempty"`
	// TradeCoverage is what every balance covers: "goods" (world-2023) or
	// "goods and services" (icio-2022).
	TradeCoverage string `json:"trade_coverage"`
	// Numeraire is the model's price normalisation (scenario key
	// model.numeraire): dollar figures after the game are in its units.
	Numeraire string `json:"numeraire,omitempty"`

	// StableCount is the number of stable coalitions; Stable lists the best
	// of them by the leader's objective.
	StableCount int `json:"stable_count"`
	// LeaderWelfareNoBlocPct is the leader's welfare change with no members
	// (every candidate faces the threat); LeaderBest is the membership that
	// maximises the leader's welfare, stable or not.
	LeaderWelfareNoBlocPct float64    `json:"leader_welfare_no_bloc_pct"`
	LeaderBest             *PayoffDoc `json:"leader_best_membership"`
	// LeaderWelfareNoBlocExValuationPct is LeaderWelfareNoBlocPct without
	// the valuation of the leader's deficit kept fixed relative to world
	// GDP, as solve's "without" figure (absent when the closure has none).
	LeaderWelfareNoBlocExValuationPct *float64 `json:"leader_welfare_no_bloc_ex_valuation_pct,omitempty"`
	// CandidatesStatus says, in accession-path order, why each candidate is
	// in or out of the leading coalition.
	CandidatesStatus []StatusDoc `json:"candidates_status"`
	// AccessionVsLeading reconciles the accession path with the leading
	// coalition in words; AccessionOrderToLeading is an order of accession
	// that ends at the leading coalition (null if none does).
	AccessionVsLeading      string   `json:"accession_vs_leading"`
	AccessionOrderToLeading []string `json:"accession_order_to_leading"`
	// RequiredThreats details required_threat_pct, in accession-path order.
	RequiredThreats []ThreatDoc `json:"required_threats"`
	// TargetResponse is how the targets answer the bloc (none, reciprocal
	// or optimal); TargetResponseComparison sets the leading coalition
	// beside the one of the same game with silent targets, and
	// ComparisonSeconds is what that second game took.
	TargetResponse           string            `json:"target_response"`
	TargetResponseComparison *ResponseDoc      `json:"target_response_comparison,omitempty"`
	ComparisonSeconds        float64           `json:"comparison_seconds,omitempty"`
	CounterBloc              *CounterDoc       `json:"counter_bloc,omitempty"`
	CounterGame              *CounterGameDoc   `json:"counter_game,omitempty"`
	Payoffs                  []PayoffDoc       `json:"payoffs,omitempty"`
	Rules                    map[string]string `json:"rules"`
	Notes                    []string          `json:"notes,omitempty"`
	// TargetAliases maps each target the game added to the named one whose
	// US tariff rate it pays ({"HKG": "CHN", "MAC": "CHN"}): the targets
	// were extended so that the bloc's tariffs cannot be escaped through
	// them.
	TargetAliases map[string]string `json:"target_aliases,omitempty"`
	// Bands is the uncertainty of the result over a small sweep
	// (scenario.DefaultVariants): how often each listed stable coalition is
	// still stable, and the range of the leading coalition's payoffs.
	Bands *report.Bands `json:"bands,omitempty"`
	// Provenance records the data and model options the game was solved
	// with, as a solve's result does, so that two results can be checked
	// for like with like.
	Provenance *report.Provenance `json:"provenance,omitempty"`

	extraSolves int
}

// StableDoc is one stable coalition.
type StableDoc struct {
	Members                  []string           `json:"members"`
	InternallyStable         bool               `json:"internally_stable"`
	ExternallyStable         bool               `json:"externally_stable"`
	GroupStable              bool               `json:"group_stable"`
	WelfarePct               map[string]float64 `json:"welfare_pct"`
	LeaderObjective          float64            `json:"leader_objective"`
	TargetsSurplusWithLeader float64            `json:"targets_surplus_with_leader_bn"`
	LeakagePct               float64            `json:"transshipment_leakage_pct"`
	Lessons                  *LessonsDoc        `json:"lessons,omitempty"`
	// TargetsWelfarePct is the targets' GDP-weighted welfare change.
	TargetsWelfarePct float64 `json:"targets_welfare_pct"`
	// LeaderWelfareVsNoBlocPP is the leader's welfare here minus with no
	// members, percentage points.
	LeaderWelfareVsNoBlocPP float64 `json:"leader_welfare_vs_no_bloc_pp"`
	// StableShare is the share of the bands' points at which the coalition
	// is stable too (absent with --no-bands).
	StableShare *float64 `json:"stable_share,omitempty"`
}

// StatusDoc is why a candidate is in or out of a coalition.
type StatusDoc struct {
	Code   string `json:"code"`
	Member bool   `json:"member"`
	// Status is "joins", "locked in" or "stays out" (or, in a coalition
	// that is not stable, "would leave" or "would join").
	Status string `json:"status"`
	// JoinGainPct is the candidate's gain from joining, pp of welfare: for
	// a member, its payoff in the coalition minus without it; for an
	// outsider, its payoff with it in minus as it is.
	JoinGainPct float64 `json:"join_gain_pct"`
	// LeaveGainPct (members) is its payoff after leaving, paying the
	// defector penalty, minus its payoff as a member; null for outsiders.
	LeaveGainPct *float64 `json:"leave_gain_pct"`
	// JoinsOnAccessionPath says whether it joins on the accession path
	// (absent in --explain, which does not play the path).
	JoinsOnAccessionPath *bool  `json:"joins_on_accession_path,omitempty"`
	Reason               string `json:"reason"`
}

// ThreatDoc is the threat that compels one candidate to join the leading
// coalition: an additional tariff on that candidate alone.
type ThreatDoc struct {
	Code string `json:"code"`
	// ThreatPct is the additional tariff, %; null = no threat up to 100
	// points compels; 0 = joins unthreatened.
	ThreatPct *float64 `json:"threat_pct"`
	// LeaderCostPct is the leader's welfare with the candidate outside and
	// not threatened minus outside and threatened (pp; negative = the
	// threat pays for itself); null with no threat.
	LeaderCostPct *float64 `json:"leader_cost_pct"`
	// LeaderGainPct is the leader's welfare with the candidate in minus
	// outside and not threatened (pp).
	LeaderGainPct float64 `json:"leader_gain_pct"`
	// CandidateGainUnthreatenedPct is the candidate's gain from joining
	// when outside it would not be threatened (pp).
	CandidateGainUnthreatenedPct float64 `json:"candidate_gain_unthreatened_pct"`
	// Credible: the leader's cost does not exceed its gain.
	Credible bool `json:"credible"`
}

// StepDoc is one candidate's move on the accession path.
type StepDoc struct {
	Candidate   string  `json:"candidate"`
	LeveragePct float64 `json:"leverage_pct"`
	Joins       bool    `json:"joins"`
	GainPct     float64 `json:"gain_pct"`
}

// CoalitionDoc describes one coalition in full.
type CoalitionDoc struct {
	Members          []string           `json:"members"`
	InternallyStable bool               `json:"internally_stable"`
	ExternallyStable bool               `json:"externally_stable"`
	GroupStable      bool               `json:"group_stable"`
	WelfarePct       map[string]float64 `json:"welfare_pct"`
	Targets          []TargetDoc        `json:"targets"`
	LeakagePct       float64            `json:"transshipment_leakage_pct"`
	// Conduits values the targets' goods rerouted to the bloc and the rest
	// of the world by conduit (routes form of transshipment), candidates
	// or not, largest first.
	Conduits []ConduitDoc `json:"transshipment_conduits,omitempty"`
	Lessons  LessonsDoc   `json:"lessons"`
	// LeaderWelfareNoBlocPct is the leader's welfare change with no
	// members, for comparison with its welfare here.
	LeaderWelfareNoBlocPct float64 `json:"leader_welfare_no_bloc_pct"`
	// LeaderWelfareExValuationPct and LeaderWelfareNoBlocExValuationPct
	// are the leader's welfare here and with no members without the
	// valuation of its deficit kept fixed relative to world GDP, as solve's
	// "without" figure (absent when the closure has none; the no-bloc one
	// in the full run's leading coalition only).
	LeaderWelfareExValuationPct       *float64 `json:"leader_welfare_ex_valuation_pct,omitempty"`
	LeaderWelfareNoBlocExValuationPct *float64 `json:"leader_welfare_no_bloc_ex_valuation_pct,omitempty"`
	// ReroutedToBlocBn is the value of the targets' goods rerouted through
	// conduits to the bloc (leader and members) at the equilibrium's flows;
	// TargetsGoodsSalesToBloc… are the targets' goods sales to the bloc
	// before and after the shock (by origin, rerouted goods included): the
	// two bases the leakage can be measured on (routes-form transshipment
	// only).
	ReroutedToBlocBn                float64 `json:"transshipment_rerouted_to_bloc_bn,omitempty"`
	TargetsGoodsSalesToBlocBeforeBn float64 `json:"targets_goods_sales_to_bloc_before_bn,omitempty"`
	TargetsGoodsSalesToBlocAfterBn  float64 `json:"targets_goods_sales_to_bloc_after_bn,omitempty"`
	// CandidatesStatus, Solves and Seconds are filled by --explain: why
	// each candidate is in or out of this coalition, and what it took.
	CandidatesStatus []StatusDoc `json:"candidates_status,omitempty"`
	Solves           int         `json:"solves,omitempty"`
	Seconds          float64     `json:"seconds,omitempty"`
}

// TargetDoc is a target's position under a coalition (USD bn).
type TargetDoc struct {
	Code       string  `json:"code"`
	WelfarePct float64 `json:"welfare_pct"`
	// WelfareValuationPct is the part of welfare_pct (pp) that is the
	// valuation of the target's deficit kept fixed relative to world GDP,
	// as in `solve` (absent when none): Macau's goods deficit of a third
	// of its GDP is the case in point.
	WelfareValuationPct     *float64 `json:"welfare_deficit_valuation_pct,omitempty"`
	SurplusWithLeaderBefore float64  `json:"surplus_with_leader_before_bn"`
	SurplusWithLeaderAfter  float64  `json:"surplus_with_leader_after_bn"`
	// GoodsSurplusWithLeader… are the same balance on goods alone, on a
	// world with a services sector (absent on a goods-only world).
	GoodsSurplusWithLeaderBefore *float64 `json:"goods_surplus_with_leader_before_bn,omitempty"`
	GoodsSurplusWithLeaderAfter  *float64 `json:"goods_surplus_with_leader_after_bn,omitempty"`
	BalanceBefore                float64  `json:"balance_before_bn"`
	BalanceAfter                 float64  `json:"balance_after_bn"`
	BalanceGDPPctBefore          float64  `json:"balance_gdp_pct_before"`
	BalanceGDPPctAfter           float64  `json:"balance_gdp_pct_after"`
	// CurrentAccountGDPPct2023 is the target's 2023 current account (% of
	// GDP) from the dataset's macro table, absent where it has none: the
	// external balance the trade balance above is part of.
	CurrentAccountGDPPct2023 *float64 `json:"current_account_gdp_pct_2023,omitempty"`
	// GDP…Bn is the target's GDP before and after (after in the
	// numeraire's units, as every dollar figure after the game): a share of
	// GDP can move against the dollars it divides.
	GDPBeforeBn float64 `json:"gdp_before_bn"`
	GDPAfterBn  float64 `json:"gdp_after_bn"`
	// GoodsExportsToLeader… and GoodsImportsFromLeader… are the target's
	// goods trade with the leader before and after (direct flows, as the
	// surplus above: rerouted goods are the conduits'; goods alone on a
	// world with services).
	GoodsExportsToLeaderBefore   float64 `json:"goods_exports_to_leader_before_bn"`
	GoodsExportsToLeaderAfter    float64 `json:"goods_exports_to_leader_after_bn"`
	GoodsImportsFromLeaderBefore float64 `json:"goods_imports_from_leader_before_bn"`
	GoodsImportsFromLeaderAfter  float64 `json:"goods_imports_from_leader_after_bn"`
	// CensusGap sets the target's baseline goods balance with the leader
	// beside Census 2024 where the two are far apart (the rule of
	// `surplus --all`; absent otherwise, or when the leader is not the US).
	CensusGap *report.CensusGap `json:"census_2024_gap,omitempty"`
	// AnswerPct is the target's answer: the increase of its tariff on the
	// leader's and the members' goods, weighted by its baseline imports
	// from them (pp; 0 with target_response: none).
	AnswerPct float64 `json:"answer_tariff_pct"`
}

// ConduitDoc is the value of the targets' goods rerouted through one
// conduit in an equilibrium (USD bn at producer prices).
type ConduitDoc struct {
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	ValueBn float64 `json:"value_bn"`
	// Candidate is the player the conduit belongs to ("" = not a
	// candidate of the game).
	Candidate string `json:"candidate,omitempty"`
}

// LessonsDoc measures the four lessons of history for a coalition.
type LessonsDoc struct {
	Unity                UnityDoc           `json:"unity"`
	LeveragePct          map[string]float64 `json:"leverage_pct"`
	IntegrationBeforePct float64            `json:"integration_before_pct"`
	IntegrationAfterPct  float64            `json:"integration_after_pct"`
}

// UnityDoc: the largest gain any member would get from defecting.
type UnityDoc struct {
	United              bool    `json:"united"`
	MaxDefectionGainPct float64 `json:"max_defection_gain_pct"`
	MostTempted         string  `json:"most_tempted,omitempty"`
}

// CounterDoc is the counter-bloc what-if: its cost to members and whether it
// can absorb their surpluses ("they can't all be net exporters").
type CounterDoc struct {
	Members []string `json:"members"`
	// MembersSource says how the candidates in it were chosen.
	MembersSource string `json:"members_source"`
	// Instrument is tariff (answer in kind, free trade inside) or
	// export_restriction; with the latter, the sectors restricted, the
	// export tax (a ban is reported as ban), and the share of the bloc's
	// purchases of those sectors the restriction covers.
	Instrument                     string             `json:"instrument"`
	RestrictedSectors              []string           `json:"restricted_sectors,omitempty"`
	RestrictionPct                 float64            `json:"restriction_rate_pct,omitempty"`
	Ban                            bool               `json:"ban,omitempty"`
	CutPct                         float64            `json:"purchases_cut_pct,omitempty"`
	Note                           string             `json:"note,omitempty"`
	CostPct                        map[string]float64 `json:"welfare_change_vs_leading_pct"`
	LeaderWelfarePctChange         float64            `json:"leader_welfare_change_pct"`
	CombinedBalanceBefore          float64            `json:"combined_balance_before_bn"`
	CombinedBalanceAfter           float64            `json:"combined_balance_after_bn"`
	CombinedBalanceGDPPctBefore    float64            `json:"combined_balance_gdp_pct_before"`
	CombinedBalanceGDPPctAfter     float64            `json:"combined_balance_gdp_pct_after"`
	ShareOfRestAbsorptionPctBefore float64            `json:"surplus_share_of_rest_absorption_pct_before"`
	ShareOfRestAbsorptionPctAfter  float64            `json:"surplus_share_of_rest_absorption_pct_after"`
	MembersInSurplus               int                `json:"members_in_surplus"`
	CanAbsorb                      bool               `json:"can_absorb"`
	Verdict                        string             `json:"verdict"`
}

// CounterGameDoc is the 3^K counter-coalition game's Nash-stable assignments.
type CounterGameDoc struct {
	Assignments int                  `json:"assignments"`
	Stable      []CounterEquilibrium `json:"stable"`
}

// CounterEquilibrium is one Nash-stable assignment.
type CounterEquilibrium struct {
	Leader          []string `json:"leader_bloc"`
	Counter         []string `json:"counter_bloc"`
	Neither         []string `json:"neither"`
	LeaderObjective float64  `json:"leader_objective"`
}

// PayoffDoc is one membership's payoffs.
type PayoffDoc struct {
	Members    []string           `json:"members"`
	WelfarePct map[string]float64 `json:"welfare_pct"`
}

// termsText says what members pay and what everyone else faces.
func (g *game) termsText() string {
	var b strings.Builder
	if g.spec.MemberBaseline {
		b.WriteString("members keep their tariffs before the game")
	} else {
		b.WriteString("members pay their tariff before the game plus " + ratePct(g.spec.MemberRate))
		var own []string
		for k := len(g.players) - 1; k >= 0; k-- {
			if p := g.players[k]; p.MemberRate != g.spec.MemberRate {
				own = append(own, p.Name+" "+ratePct(p.MemberRate))
			}
		}
		if len(own) > 0 {
			b.WriteString(" (" + strings.Join(own, ", ") + ")")
		}
	}
	b.WriteString("; every other partner, targets included, faces the threat: ")
	if g.spec.ThreatSchedule != "" {
		b.WriteString("schedule " + g.spec.ThreatSchedule)
		if d := g.spec.ThreatScheduleDate; d != "" {
			b.WriteString(" on " + d)
		}
		if d := g.spec.ThreatScheduleSince; d != "" {
			b.WriteString(" (the change since " + d + ")")
		}
	} else {
		b.WriteString("its tariff before the game plus " + ratePct(g.spec.ThreatRate))
	}
	return b.String()
}

// coverageOf names what a dataset's balances cover.
func coverageOf(ds *data.Dataset) string {
	if ds.Coverage == "" {
		return data.CoverageGoods
	}
	return ds.Coverage
}

// unitsText says in what units the dollar figures under a coalition are:
// the model's numeraire ("" when the report does not name it).
func (r *Report) unitsText() string {
	if r.Numeraire == "" {
		return ""
	}
	w := numeraireOf(r.Numeraire)
	if w.held == "" {
		return w.in + " (the model's numeraire)"
	}
	return w.in + " (the model's numeraire: " + w.held + ")"
}

// balanceWord is "goods" or "goods and services", for labels.
func (r *Report) balanceWord() string {
	if r.TradeCoverage == "" {
		return data.CoverageGoods
	}
	return r.TradeCoverage
}

func (g *game) newReport() *Report {
	rep := &Report{
		Scenario: g.sc.Name, Leader: g.ds.Countries[g.leader].Code, Targets: g.names(g.targets),
		Objective: g.spec.Objective, Notes: append([]string(nil), g.notes...), TradeCoverage: coverageOf(g.ds),
		Numeraire: engine.NumeraireName(g.opt, g.ds),
		Rules: map[string]string{
			"payoff":             "each candidate's welfare change (%) from the model; a group's is its members' GDP-weighted mean",
			"internal_stability": "no member gains by leaving (with a defector penalty, the leaver pays it)",
			"external_stability": "no outsider gains by joining",
			"group_stability":    "no subgroup of members all gain by leaving together (Nordhaus 2015); unpenalised",
			"accession_path":     "candidates by leverage (exports to the leader / GDP), each joining if it gains given those already in",
			"required_threat":    "smallest additional tariff on that candidate alone (every other outsider and the targets keep the threat) that makes joining the leading coalition a best response; null = more than 100 points",
			"threat_credibility": "leader_cost_pct = the leader's welfare with the candidate outside and not threatened minus outside and threatened; leader_gain_pct = with the candidate in minus outside and not threatened; not credible when the cost exceeds the gain",
			"status":             "joins: a member that gains by joining the others; locked in: a member for which joining does not pay but leaving, with the defector penalty, costs more; stays out: an outsider that does not gain by joining",
			"leader_no_bloc":     "the leader's welfare with no members: every candidate faces the threat",
			"leading":            "the best stable coalition by the leader's objective, else the accession path's end",
		},
	}
	prov := report.NewProvenance(g.ds, g.opt, "", rep.Numeraire)
	rep.Provenance = &prov
	rep.Terms = g.termsText()
	for a, t := range g.aliasOf {
		if rep.TargetAliases == nil {
			rep.TargetAliases = map[string]string{}
		}
		rep.TargetAliases[g.ds.Countries[a].Code] = g.ds.Countries[t].Code
	}
	for k := len(g.players) - 1; k >= 0; k-- { // largest first
		p := g.players[k]
		rep.Candidates = append(rep.Candidates, p.Name)
		if !g.spec.MemberBaseline {
			if rep.MemberRatePct == nil {
				rep.MemberRatePct = map[string]float64{}
			}
			rep.MemberRatePct[p.Name] = 100 * p.MemberRate
		}
		if len(p.Countries) > 1 || g.ds.Countries[p.Countries[0]].Code != p.Name {
			if rep.CandidateMembers == nil {
				rep.CandidateMembers = map[string][]string{}
			}
			rep.CandidateMembers[p.Name] = g.names(p.Countries)
		}
	}
	return rep
}

// exportYAML writes the plain scenario of a membership: the model options and
// every tariff that differs from the dataset baseline as an explicit rate
// (and every trade-cost change as a factor), full precision.
// rateField writes a tariff for an exported scenario: 12 significant digits
// (the game's sums such as 0.1349 + 0.2 carry binary noise in the 17th that
// no reader wants, and moves results by less than 1e-12), as a decimal
// `rate` up to 100% and as `rate_pct` above, where a decimal would be read
// as a likely percent.
func rateField(x float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if data.TooHighForDecimal(r) {
		return "rate_pct: " + data.FormatPercent(r)
	}
	return "rate: " + strconv.FormatFloat(r, 'g', -1, 64)
}

func (g *game) exportYAML(m Mask, t, cost []float64) []byte {
	ds, sc := g.ds, g.sc
	var b strings.Builder
	q := strconv.Quote
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	b.WriteString("# Plain scenario exported by `tradebloc coalition --export` for the members below.\n")
	b.WriteString("# Every tariff that differs from the dataset baseline is written out; solving this\n")
	b.WriteString("# file gives the same welfare as the coalition game's payoff for this membership.\n")
	b.WriteString("# Rerouted goods (routes-form transshipment) are folded into the tariffs, so bilateral\n")
	b.WriteString("# flows and balances can differ from the game's, where rerouted goods pass the conduits.\n")
	b.WriteString("name: " + q(sc.Name+"/"+joinNames(g.playerNames(m))) + "\n")
	b.WriteString("description: " + q("coalition "+joinNames(g.playerNames(m))+" of scenario "+sc.Name) + "\n")
	dataName := sc.Data
	if dataName == "" {
		dataName = "embedded"
	}
	if d := sc.DataDir(); d != "" {
		if abs, err := filepath.Abs(d); err == nil {
			d = abs
		}
		dataName = d
	}
	b.WriteString("data: " + q(dataName) + "\n")
	b.WriteString("model:\n")
	o := g.opt
	if len(o.Theta) == 1 {
		b.WriteString("  trade_elasticity: " + f(o.Theta[0]) + "\n")
	} else {
		b.WriteString("  trade_elasticity:\n")
		for s, th := range o.Theta {
			b.WriteString("    " + q(ds.Sectors[s].Code) + ": " + f(th) + "\n")
		}
	}
	b.WriteString("  deficits: " + o.Deficits.String() + "\n")
	b.WriteString("  labor_supply_elasticity: " + f(o.Kappa) + "\n")
	b.WriteString("  scale_elasticity: " + f(o.Psi) + "\n")
	b.WriteString("  tariff_revenue: " + o.Revenue.String() + "\n")
	b.WriteString("  welfare: " + o.Welfare.String() + "\n")
	if o.NoIO {
		b.WriteString("  io: false\n")
	}
	if o.Competition != model.Perfect {
		b.WriteString("  competition: " + o.Competition.String() + "\n")
	}
	if o.IOVariant != model.CaliendoParroIO {
		b.WriteString("  io_variant: " + o.IOVariant.String() + "\n")
	}
	b.WriteString("  numeraire: " + engine.NumeraireName(g.opt, ds) + "\n")
	var shocks strings.Builder
	N, S := ds.N(), ds.S()
	n := 0
	for j := 0; j < N; j++ {
		for i := 0; i < N; i++ {
			for s := 0; s < S; s++ {
				k := ds.At(i, j, s)
				base := 0.0
				if len(ds.Tariffs) > 0 {
					base = ds.Tariffs[k]
				}
				if t[k] == base {
					continue
				}
				shocks.WriteString("  - tariff: {importer: " + ds.Countries[j].Code + ", exporter: " + ds.Countries[i].Code)
				if S > 1 {
					shocks.WriteString(", sector: " + q(ds.Sectors[s].Code))
				}
				shocks.WriteString(", " + rateField(t[k]) + "}\n")
				n++
			}
		}
	}
	for k, c := range cost {
		if c == 1 {
			continue
		}
		i, j, s := k/(N*S), (k/S)%N, k%S
		shocks.WriteString("  - trade_cost: {importer: " + ds.Countries[j].Code + ", exporter: " + ds.Countries[i].Code)
		if S > 1 {
			shocks.WriteString(", sector: " + q(ds.Sectors[s].Code))
		}
		shocks.WriteString(", factor: " + f(c) + "}\n")
		n++
	}
	if n == 0 {
		b.WriteString("shocks: []\n")
	} else {
		b.WriteString("shocks:\n" + shocks.String())
	}
	return []byte(b.String())
}

// sortedKeys returns a map's keys in order (for stable text output).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
