// Package plan is the contingency planner of `tradebloc plan`: a plan file
// declares branches (what the players do) with probabilities and the
// uncertainty of the parameters (trade elasticity θ, adjustment speed,
// political cost); Run plays every branch forward (package simulate, with
// the branch's moves scripted) at parameters drawn by seeded Monte Carlo on
// all cores and summarises each branch: outcome ranges, membership
// frequencies, the signposts that tell it apart from the others early, and
// the winners and losers.
package plan

// Plan is one parsed plan file.
type Plan struct {
	Name        string
	Description string
	Source      string
	Scenario    string // a built-in scenario name or a path (resolved against the plan's directory)
	// ScenarioLine and ScenarioCol locate the `scenario` key's value (0
	// when the plan takes the default), for errors about the scenario.
	ScenarioLine, ScenarioCol int
	// Start is the date the plan file gives ("" = none: the plan starts
	// on the day it is run, unless Options.Start says otherwise).
	Start  string
	Rounds int
	Draws  int
	Seed   uint64
	Top    int // players: the top K partners of the leader (0 = the scenario's candidates)
	// SignpostRound is the round whose observables are the signposts.
	SignpostRound int
	Q, Grace      int
	Theta         Range
	Speed         Range
	Cost          Range // political cost of joining the bloc, welfare pp
	Branches      []Branch

	File string
	Dir  string
}

// Range is a parameter's uniform range; Low == High fixes it.
type Range struct{ Low, High float64 }

// Mid is the central value.
func (r Range) Mid() float64 { return (r.Low + r.High) / 2 }

// Branch is one way events may unfold.
type Branch struct {
	Name        string
	Description string
	Probability float64
	// Coalition: the leading coalition of the coalition game (solved once at
	// central parameters) joins at JoinRound; in each draw a member joins
	// only if its gain from joining exceeds the drawn political cost.
	Coalition bool
	Exclude   []string // players kept out of the coalition in this branch
	JoinRound int
	// Escalation false: the leader does not escalate on stallers.
	Escalation bool
	Moves      []Move
	Line       int
}

// Move is a scripted action of a branch.
type Move struct {
	Player string
	Action string
	Size   float64
	Round  int
}
