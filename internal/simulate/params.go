package simulate

import (
	"fmt"
	"math"
	"strings"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/numparse"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// Action is what a player does in a round.
type Action int

// The actions. Wait keeps the stance as it is (commitments made earlier go
// on).
const (
	Wait      Action = iota
	Cut              // zero tariffs on the leader's goods: a tariff-only offer
	Rebalance        // commit to shrinking the balance by Size pp of GDP
	Join             // join the leader's bloc
	Retaliate        // mirror the leader's increase on it
	Counter          // join the targets' counter-bloc
)

var actionNames = []string{"wait", "cut", "rebalance", "join", "retaliate", "counter"}

func (a Action) String() string { return actionNames[a] }

// ParseAction reads an action name.
func ParseAction(s string) (Action, bool) {
	for i, n := range actionNames {
		if n == s {
			return Action(i), true
		}
	}
	return 0, false
}

// Move is a scripted action: Player takes Action in Round (1-based).
type Move struct {
	Player string
	Action Action
	Size   float64 // Rebalance: pp of GDP
	Round  int
}

// ParseMove reads "CODE=ACTION[:SIZE][@ROUND]" (round 1 by default), e.g.
// "VNM=cut", "KOR=rebalance:2@1".
func ParseMove(s string) (Move, error) {
	bad := func(format string, args ...any) error {
		return &errs.Error{Op: "simulate", Kind: errs.Invalid, Field: "--move", Err: fmt.Errorf("%q: "+format, append([]any{s}, args...)...)}
	}
	code, rest, ok := strings.Cut(s, "=")
	if !ok || code == "" {
		return Move{}, bad("want CODE=ACTION[:SIZE][@ROUND]")
	}
	m := Move{Player: code, Round: 1}
	if act, r, ok := strings.Cut(rest, "@"); ok {
		n, err := numparse.Int(r, 0)
		if err != nil || n < 1 {
			return Move{}, bad("round %q: want a whole number ≥ 1", r)
		}
		m.Round, rest = int(n), act
	}
	name, size, hasSize := strings.Cut(rest, ":")
	a, ok := ParseAction(name)
	if !ok {
		return Move{}, bad("unknown action %q (want %s)", name, strings.Join(actionNames, ", "))
	}
	m.Action = a
	if a == Rebalance {
		m.Size = 2
		if hasSize {
			v, err := numparse.Float(size) // decimal only: not 0x1p1, 1_0
			if err != nil || !(v > 0) || v > 20 {
				return Move{}, bad("size %q: want pp of GDP in (0, 20]", size)
			}
			m.Size = v
		}
	} else if hasSize {
		return Move{}, bad("only rebalance takes a size")
	}
	return m, nil
}

// Costs are the political costs of the behavioural rule, in percentage
// points of welfare.
type Costs struct {
	Join      float64 `json:"join"`
	Cut       float64 `json:"cut"`
	Retaliate float64 `json:"retaliate"`
	Counter   float64 `json:"counter"`
	// RebalancePerPP is the political cost of each pp of GDP of rebalancing;
	// SavingPerPP the value of the saving given up (1 = a point of welfare
	// per point of GDP).
	RebalancePerPP float64 `json:"rebalance_per_pp"`
	SavingPerPP    float64 `json:"saving_per_pp"`
	Inertia        float64 `json:"inertia"`
}

// Params are the simulation's rules and parameters.
type Params struct {
	Start  string `json:"start"` // YYYY-MM-DD
	Rounds int    `json:"rounds"`
	// Q is the number of consecutive rounds the benchmark must hold before
	// relief; Grace the rounds before a staller is escalated.
	Q     int `json:"q"`
	Grace int `json:"grace"`
	// Speed λ is the share of the remaining gap to a rebalancing commitment
	// closed each quarter.
	Speed    float64 `json:"adjustment_speed"`
	Discount float64 `json:"discount"` // δ per quarter
	// EscalationStep is added to the threat on a retaliator.
	EscalationStep float64                `json:"escalation_step"`
	Sizes          []float64              `json:"rebalance_sizes_pp"` // rebalancing sizes a player considers
	Theta          float64                `json:"trade_elasticity"`   // 0 = the scenario's
	Costs          Costs                  `json:"political_costs"`
	Test           benchmark.Test         `json:"benchmark"`
	Scripted       bool                   `json:"scripted"` // only scripted moves; everyone else waits
	Moves          []Move                 `json:"-"`
	History        bool                   `json:"history"` // apply the US schedule in force at Start
	Workers        int                    `json:"-"`
	Progress       func(string, int, int) `json:"-"`

	// ThetaScale multiplies every sector's trade elasticity of the
	// scenario (0 = unscaled; Theta, when set, wins): a parameter draw on
	// a multi-sector world that keeps the sectors' ranking and ratios.
	ThetaScale float64 `json:"trade_elasticity_scale,omitempty"`
}

// DefaultParams are the defaults of `tradebloc simulate`. Why these values:
// q = 2 quarters is the shortest run that makes a fall "durable" rather than
// a quarter's noise; a one-quarter grace period matches the 2025 record
// (the April pause lasted about a quarter before rates were reset); λ = 0.25
// a quarter closes three quarters of a rebalancing gap in about five
// quarters, the pace of large current-account adjustments (e.g. Germany
// after 2001, China after 2007) that took several years; δ = 0.97 a quarter
// (about 12% a year) reflects political impatience rather than a market
// rate; the political costs are a few tenths of a point of welfare, the size
// of the welfare effects of the tariffs themselves, so they decide close
// calls without swamping the model's payoffs.
func DefaultParams() Params {
	return Params{
		Start: "2026-03-01", Rounds: 8, Q: 2, Grace: 1, Speed: 0.25, Discount: 0.97, EscalationStep: 0.10,
		Sizes: []float64{1, 2, 3},
		Costs: Costs{Join: 0.2, Cut: 0.05, Retaliate: 0.1, Counter: 0.3, RebalancePerPP: 0.1, SavingPerPP: 1, Inertia: 0.05},
		Test:  benchmark.DefaultTest(), History: true,
	}
}

// Check validates the parameters; errors name the flag.
func (p *Params) Check() error {
	bad := func(field, format string, args ...any) error {
		return &errs.Error{Op: "simulate", Kind: errs.Invalid, Field: field, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case p.Rounds < 1 || p.Rounds > 40:
		return bad("--rounds", "want 1 to 40 quarters, got %d", p.Rounds)
	case p.Q < 1:
		return bad("--q", "want at least 1 round, got %d", p.Q)
	case p.Grace < 0:
		return bad("--grace", "want ≥ 0 rounds, got %d", p.Grace)
	case !(p.Speed > 0 && p.Speed <= 1):
		return bad("--speed", "want an adjustment speed in (0, 1], got %v", p.Speed)
	case !(p.Discount > 0 && p.Discount <= 1):
		return bad("--discount", "want a discount factor in (0, 1], got %v", p.Discount)
	case p.Theta < 0 || math.IsNaN(p.Theta) || math.IsInf(p.Theta, 0):
		return bad("--theta", "want a finite θ > 0, got %v", p.Theta)
	case p.ThetaScale < 0 || math.IsNaN(p.ThetaScale) || math.IsInf(p.ThetaScale, 0):
		return bad("trade_elasticity_scale", "want a finite scale > 0, got %v", p.ThetaScale)
	}
	// A NaN cost would make every comparison of payoffs false and the
	// behavioural rule pick by accident; a negative one is a subsidy for
	// the move, which the rule is not built for.
	for _, c := range []struct {
		field string
		v     float64
	}{{"--cost-join", p.Costs.Join}, {"political_costs.cut", p.Costs.Cut}, {"--cost-retaliate", p.Costs.Retaliate},
		{"--cost-counter", p.Costs.Counter}, {"--cost-rebalance", p.Costs.RebalancePerPP},
		{"political_costs.saving_per_pp", p.Costs.SavingPerPP}, {"--inertia", p.Costs.Inertia}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			return bad(c.field, "want a finite cost ≥ 0 (welfare pp), got %v", c.v)
		}
	}
	if _, err := parseDate(p.Start); err != nil {
		return bad("--start", "want a date YYYY-MM-DD, got %q", p.Start)
	}
	if p.History && p.Start < tariffs.FirstDate {
		return bad("--start", "date %s is before the US record, which starts on %s (or --no-history to start from the scenario's tariffs)", p.Start, tariffs.FirstDate)
	}
	return p.Test.Check()
}

// CheckMoves refuses a scripted move in a round beyond the last, which
// would silently never be played. It is for moves a user typed (simulate's
// --move, the API's "moves"); a plan's branches script moves over their
// own horizon and may run fewer rounds.
func (p *Params) CheckMoves() error {
	for _, m := range p.Moves {
		if m.Round > p.Rounds {
			return &errs.Error{Op: "simulate", Kind: errs.Invalid, Field: "--move",
				Err: fmt.Errorf("%s=%s@%d: round %d is beyond the last round (--rounds %d)", m.Player, m.Action, m.Round, m.Round, p.Rounds)}
		}
	}
	return nil
}
