package plan

import (
	"context"
	"fmt"
	"time"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// Report is the JSON of `tradebloc plan` (DESIGN §4: keys may be added,
// never renamed; the same seed gives the same output but `seconds` and
// `solves_per_second`).
type Report struct {
	Plan        string   `json:"plan"`
	Description string   `json:"description,omitempty"`
	Source      string   `json:"source,omitempty"`
	Scenario    string   `json:"scenario"`
	Leader      string   `json:"leader"`
	Start       string   `json:"start"`
	StartFrom   string   `json:"start_from"` // option, plan or today
	Notes       []string `json:"notes,omitempty"`
	// Regime describes the US regime in force on the start date, from
	// which round 0 starts (simulate.RegimeSummary; "" when the leader is
	// not the US or the start is before the record). A branch without
	// escalation keeps it for the stallers, so its description says what
	// it is that day rather than what it was when the plan was written.
	Regime string `json:"regime_at_start,omitempty"`
	// RegimeChanges are the rounds in which the record's regime changes
	// within the horizon (a measure lapses or a dated step takes effect):
	// every branch plays them, since the game's relief and escalation
	// apply on top of the regime in force on each round's date.
	RegimeChanges   []simulate.RegimeChange `json:"regime_changes,omitempty"`
	Rounds          int                     `json:"rounds"`
	Seed            uint64                  `json:"seed"`
	Draws           int                     `json:"draws"`
	Seconds         float64                 `json:"seconds"`
	Solves          int                     `json:"solves"`
	SolvesPerSecond float64                 `json:"solves_per_second"`
	Workers         int                     `json:"workers"`
	Parameters      map[string]Range        `json:"parameters"`
	Coalition       *CoalitionDoc           `json:"coalition,omitempty"`
	Branches        []BranchDoc             `json:"branches"`
	Tornado         *Tornado                `json:"tornado"`

	// ThetaScale is, on a multi-sector world, the range of the common
	// scale of the sectors' trade elasticities that the drawn
	// trade_elasticity stands for (θ/4: every sector's θ × 0.75 to 1.5
	// for θ from 3 to 6); nil on a one-sector world, where θ is drawn
	// itself.
	ThetaScale *Range `json:"trade_elasticity_scale,omitempty"`
}

// MarshalJSON-friendly range.
func (r Range) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"low":%g,"high":%g}`, r.Low, r.High), nil
}

// CoalitionDoc is the coalition game solved once at central parameters.
type CoalitionDoc struct {
	Members    []string           `json:"members"`
	Source     string             `json:"source"`
	GainPct    map[string]float64 `json:"join_gain_pct"`
	Candidates int                `json:"candidates"`
	Theta      float64            `json:"trade_elasticity"`
	Solves     int                `json:"solves"`
	Seconds    float64            `json:"seconds"`

	// ThetaScale is, on a multi-sector world, the scale of every sector's
	// trade elasticity the game is solved at: that of Theta, the centre of
	// the plan's trade_elasticity range (Theta/4). 0 on a one-sector
	// world, where the game is solved at θ = Theta.
	ThetaScale float64 `json:"trade_elasticity_scale,omitempty"`
}

// BranchDoc is one branch's summary.
type BranchDoc struct {
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Probability float64    `json:"probability"`
	Coalition   bool       `json:"coalition"`
	Escalation  bool       `json:"escalation"`
	Exclude     []string   `json:"exclude,omitempty"`
	Moves       []string   `json:"moves"`
	Outcomes    Outcomes   `json:"outcomes"`
	Signposts   []Signpost `json:"signposts"`
	Winners     []Ranked   `json:"winners"`
	Losers      []Ranked   `json:"losers"`
	Fan         []FanPoint `json:"fan_leader_balance_gdp_pct"`

	// Event is what defines the branch when it need not happen in every
	// draw: "a bloc forms" in a coalition branch, where a member joins
	// only if its gain from joining exceeds the drawn political cost; ""
	// when the branch's moves are scripted and happen in every draw.
	Event string `json:"event,omitempty"`
	// EventFrequency is the share of the branch's draws in which Event
	// happens (nil without one).
	EventFrequency *float64 `json:"event_frequency,omitempty"`
	// RareEvent flags an Event that happens in fewer than half of the
	// draws (MinEventFrequency): the branch's outcomes are then mostly
	// those of draws in which it did not happen, and its name promises
	// what it mostly does not show. Warning says so in words.
	RareEvent bool   `json:"rare_event,omitempty"`
	Warning   string `json:"warning,omitempty"`

	// Notes say what the branch's premises do in the model where their
	// words suggest otherwise (branchNotes): a move named for a member of
	// a player of several, played at the member's share of the group's
	// GDP; a premise about a player the leader does not ask to adjust,
	// which cannot change its relief.
	Notes []string `json:"notes,omitempty"`
}

// MinEventFrequency is the least share of its draws in which a branch's
// defining event (BranchDoc.Event) must happen not to be flagged.
const MinEventFrequency = 0.5

// Outcomes are the outcome ranges at the last round.
type Outcomes struct {
	WelfarePct     map[string]Quantiles `json:"welfare_pct"`
	BalancesGDPPct map[string]Quantiles `json:"balances_gdp_pct"`
	TariffsPct     map[string]Quantiles `json:"tariffs_pct"`
	// MembershipFrequency is, per player but the targets, the share of
	// draws in which it is a member of the bloc at the last round.
	MembershipFrequency map[string]float64 `json:"membership_frequency"`
	// ReliefFrequency is, per player, the share of draws in which at the
	// last round it is a member (so it is never below MembershipFrequency)
	// or has a relief that lowers the leader's tariff on it. A relief that
	// lowers none (the member terms are not below the rates in force:
	// simulate's relief_no_change) only spares the player escalation and
	// does not count: an expert reads "relief in 80% of draws" as a US
	// tariff that fell. A territory (HKG, MAC) has its target's relief,
	// counted where it lowers the territory's own tariff.
	ReliefFrequency map[string]float64 `json:"relief_frequency"`
}

// Quantiles of a distribution over draws.
type Quantiles struct {
	P10 float64 `json:"p10"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
}

// Signpost is an early observable that tells a branch apart.
type Signpost struct {
	Indicator string    `json:"indicator"`
	Round     int       `json:"round"`
	Date      string    `json:"date"`
	Direction string    `json:"direction"`
	Threshold float64   `json:"threshold"`
	Branch    Quantiles `json:"branch"`
	OthersP50 float64   `json:"others_p50"`
	HitRate   float64   `json:"hit_rate"`
	// Definitional marks an indicator the branch's own premises set (its
	// scripted moves, the coalition it assumes, no escalation): it tells
	// the branch apart only by restating its assumption, and ranks after
	// every indicator the model determines.
	Definitional bool `json:"definitional,omitempty"`
}

// Ranked is a winner or loser.
type Ranked struct {
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	WelfarePct Quantiles `json:"welfare_pct"`
}

// FanPoint is one round of a fan chart.
type FanPoint struct {
	T    int    `json:"t"`
	Date string `json:"date"`
	Quantiles
}

// Tornado is the sensitivity of the probability-weighted leader's welfare
// (last round) to each parameter the plan lets vary, from its low to its
// high value with the others at their centre.
type Tornado struct {
	Outcome string  `json:"outcome"`
	Base    float64 `json:"base"`
	Bars    []Bar   `json:"bars"`
	// Fixed names the parameters the plan fixes (low = high, or left out):
	// they have no bar, since a bar of zero width would read as a
	// parameter that was varied and mattered nothing.
	Fixed []string `json:"fixed,omitempty"`
}

// Bar is one parameter of a tornado chart.
type Bar struct {
	Parameter string  `json:"parameter"`
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
	AtLow     float64 `json:"outcome_at_low"`
	AtHigh    float64 `json:"outcome_at_high"`
}

func dateOf(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

func invalidAt(pl *Plan, line int, format string, args ...any) error {
	return &errs.Error{Op: "plan", Kind: errs.Invalid, File: pl.File, Line: line, Err: fmt.Errorf(format, args...)}
}

// tornado computes the sensitivity chart: 1 + 2 × (parameters that vary)
// runs per branch.
func tornado(ctx context.Context, run *runner, w *simulate.World, pl *Plan) (*Tornado, int, error) {
	mid := draw{pl.Theta.Mid(), pl.Speed.Mid(), pl.Cost.Mid()}
	params := []struct {
		name string
		g    Range
		set  func(*draw, float64)
	}{
		{"trade_elasticity", pl.Theta, func(d *draw, v float64) { d.theta = v }},
		{"adjustment_speed", pl.Speed, func(d *draw, v float64) { d.speed = v }},
		{"political_cost", pl.Cost, func(d *draw, v float64) { d.cost = v }},
	}
	// Draws: the central one, then each parameter that varies at its low
	// and high end (a fixed one would only repeat the central run).
	draws := []draw{mid}
	t := &Tornado{Outcome: fmt.Sprintf("%s welfare %% at round %d, probability-weighted over branches", w.Code(), pl.Rounds), Bars: []Bar{}}
	varied := params[:0:0]
	for _, p := range params {
		if p.g.Low == p.g.High {
			t.Fixed = append(t.Fixed, p.name)
			continue
		}
		varied = append(varied, p)
		lo, hi := mid, mid
		p.set(&lo, p.g.Low)
		p.set(&hi, p.g.High)
		draws = append(draws, lo, hi)
	}
	nb := len(pl.Branches)
	var jobs []job
	for _, d := range draws {
		for b := range nb {
			jobs = append(jobs, job{Branch: b, Theta: d.theta, Speed: d.speed, Cost: d.cost})
		}
	}
	// Each draw's outcome is the probability-weighted leader's welfare,
	// summed in branch order.
	leaderW := make([]float64, len(jobs))
	solves := 0
	if err := run.run(ctx, "tornado", jobs, func(k int, s sample, n int) { leaderW[k], solves = s.leaderW, solves+n }); err != nil {
		return nil, solves, err
	}
	outcome := func(d int) float64 {
		v := 0.0
		for b := range nb {
			v += pl.Branches[b].Probability * leaderW[d*nb+b]
		}
		return r3(v)
	}
	t.Base = outcome(0)
	for k, p := range varied {
		t.Bars = append(t.Bars, Bar{Parameter: p.name, Low: p.g.Low, High: p.g.High, AtLow: outcome(1 + 2*k), AtHigh: outcome(2 + 2*k)})
	}
	return t, solves, nil
}
