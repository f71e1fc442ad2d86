package benchmark

import (
	"fmt"
	"math"
	"strconv"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// Measure is the balance a partner's adjustment is judged on (`--rule`).
type Measure string

// The measures. Multilateral is the default: the surplus rule classifies
// economies by their current account, a multilateral saving-based measure,
// so the benchmark judges the same thing, the partner's overall balance.
const (
	Multilateral Measure = "multilateral" // overall balance falls ≥ MultilateralCutPP of GDP
	Bilateral    Measure = "bilateral"    // surplus with the leader shrinks ≥ BilateralCutPct of itself
	Both         Measure = "both"         // both conditions
)

// ParseMeasure reads a `--rule` value.
func ParseMeasure(s string) (Measure, bool) {
	switch m := Measure(s); m {
	case Multilateral, Bilateral, Both:
		return m, true
	}
	return "", false
}

// Test is the balanced-trade benchmark a move is judged by. It asks
// adjustment only of persistent-surplus economies (Rule, on the IMF current
// account); any other economy is not asked to adjust and is reported as such.
// A persistent-surplus economy meets the benchmark when the parts its Measure
// names hold:
//
//   - multilateral: its overall balance in the model falls by at least
//     MultilateralCutPP percentage points of GDP. It is the change that is
//     judged, whatever the sign of the goods balance: the economy is chosen
//     by its current account, which includes income flows the one-good model
//     does not move, so a goods deficit in the data is no evidence that it
//     has nothing to adjust. This is the part tariffs alone cannot deliver:
//     with saving fixed, a tariff diverts a surplus to other markets instead
//     of closing it.
//   - bilateral: its surplus with the leader shrinks by at least
//     BilateralCutPct percent of itself. Without a surplus with the leader
//     before or after there is nothing to cut and the part does not bind
//     (the reason says so). Without one before but with one after, a
//     surplus appears: the part fails, since the move took the balance the
//     wrong way (Singapore under Liberation Day, −$9.1 bn → +$16.8 bn, was
//     once passed as having "no surplus to cut").
//
// The defaults (0.5 pp of GDP, 10% of the bilateral surplus) are set below
// what the seed's rebalancing moves deliver at comparable sizes (2% of GDP
// of domestic demand) and above the rounding-sized drift tariffs cause. The
// zero Measure means Multilateral.
type Test struct {
	Measure           Measure `json:"rule"`
	BilateralCutPct   float64 `json:"bilateral_cut_pct"`
	MultilateralCutPP float64 `json:"multilateral_cut_pp_gdp"`
}

// DefaultTest is the benchmark without flags.
func DefaultTest() Test {
	return Test{Measure: Multilateral, BilateralCutPct: 10, MultilateralCutPP: 0.5}
}

// measure is the Measure in force.
func (t Test) measure() Measure {
	if t.Measure == "" {
		return Multilateral
	}
	return t.Measure
}

// Check validates the thresholds; errors name the flag at fault.
func (t Test) Check() error {
	if _, ok := ParseMeasure(string(t.measure())); !ok {
		return &errs.Error{Op: "benchmark rule", Kind: errs.Invalid, Field: "--rule", Err: fmt.Errorf("unknown rule %q (want bilateral, multilateral or both)", t.Measure)}
	}
	if !(t.BilateralCutPct >= 0) || math.IsInf(t.BilateralCutPct, 0) {
		return &errs.Error{Op: "benchmark rule", Kind: errs.Invalid, Field: "--bilateral-cut", Err: fmt.Errorf("want a percentage ≥ 0, got %v", t.BilateralCutPct)}
	}
	if !(t.MultilateralCutPP >= 0) || math.IsInf(t.MultilateralCutPP, 0) {
		return &errs.Error{Op: "benchmark rule", Kind: errs.Invalid, Field: "--multilateral-cut", Err: fmt.Errorf("want percentage points ≥ 0, got %v", t.MultilateralCutPP)}
	}
	return nil
}

// String states the test in a line: who is asked, and what meets it.
func (t Test) String() string {
	return fmt.Sprintf("rule %s: a persistent-surplus economy meets the benchmark when %s; an economy that is not a persistent-surplus economy is not asked to adjust",
		t.measure(), t.condition())
}

// Condition states what meets the test, for reports that judge every
// partner as asked to adjust (the simulator's players).
func (t Test) Condition() string {
	return fmt.Sprintf("benchmark (rule %s): met when %s", t.measure(), t.condition())
}

func (t Test) condition() string {
	mul := fmt.Sprintf("its multilateral balance falls by ≥ %g pp of GDP (the change, whatever the sign of the balance)", t.MultilateralCutPP)
	bil := fmt.Sprintf("its surplus with the leader shrinks by ≥ %g%% (no surplus with the leader before or after: that part does not bind; one that appears fails it)", t.BilateralCutPct)
	switch t.measure() {
	case Bilateral:
		return bil
	case Both:
		return mul + " and " + bil
	}
	return mul
}

// Balances are one partner's balances before and after a move: bilateral
// with the leader (dataset unit) and multilateral (% of GDP).
//
// WorldGDP is world GDP after over before, RelativeGDP the partner's GDP
// relative to the world's, after over before (0 means 1 for either). Judge
// compares levels relative to world GDP: the multilateral change is
// 100·(B/W − B'/W')·W/G, the fall of the balance relative to world output
// in pp of the partner's GDP before, which is
// PctGDPBefore − PctGDPAfter·RelativeGDP. Neither the numeraire nor a move
// of the partner's GDP against the world's then counts as adjustment: a
// balance that stays fixed relative to world GDP (a tariff under `fixed`
// deficits, the closure's saving assumption) has changed by nothing, while
// its ratio to a shrinking GDP moves in proportion to the balance (4.5 pp
// for a deficit of 115% of GDP and a GDP 4% lower).
type Balances struct {
	BilateralBefore, BilateralAfter float64
	PctGDPBefore, PctGDPAfter       float64
	WorldGDP, RelativeGDP           float64
	// UnitMillions is the dataset's unit in USD millions, for the reason's
	// amounts in dollars; 0 writes them in the dataset's unit.
	UnitMillions float64
}

// scales returns WorldGDP and RelativeGDP with 0 read as 1.
func (b Balances) scales() (world, rel float64) {
	world, rel = b.WorldGDP, b.RelativeGDP
	if world == 0 {
		world = 1
	}
	if rel == 0 {
		rel = 1
	}
	return world, rel
}

// Part is the outcome of one condition of the test.
type Part string

// The outcomes of a part.
const (
	PartMet       Part = "met"
	PartFailed    Part = "failed"
	PartNoSurplus Part = "no_surplus" // bilateral part without a surplus with the leader before or after: does not bind
)

// label is a part's outcome as the reason of a two-part rule names it.
func (p Part) label() string {
	switch p {
	case PartMet:
		return "met"
	case PartNoSurplus:
		return "does not bind"
	}
	return "fails"
}

// Verdict is the benchmark's judgement of one partner, with each part
// evaluated whatever the Measure, so that a report can show both.
type Verdict struct {
	// AskedToAdjust: the partner is a persistent-surplus economy. One that
	// is not is not asked to adjust; MeetsBenchmark is then true (nothing
	// stands between it and relief) and Reason says why.
	AskedToAdjust bool `json:"asked_to_adjust"`
	// BilateralCutPct is the surplus with the leader cut, in % of itself,
	// levels relative to world GDP (nil without a surplus with the leader
	// before).
	BilateralCutPct *float64 `json:"bilateral_surplus_cut_pct"`
	// BilateralSurplusAppears: no surplus with the leader before, one
	// after. The bilateral part is then "failed" (there was nothing to cut,
	// and the move made something to cut), where before this field existed
	// it was "no_surplus".
	BilateralSurplusAppears bool `json:"bilateral_surplus_appears,omitempty"`
	// MultilateralDropPP is the fall of the multilateral balance relative
	// to world GDP, pp of the partner's GDP before (positive = the balance
	// falls; see Balances).
	MultilateralDropPP float64 `json:"multilateral_drop_pp_gdp"`
	BilateralPart      Part    `json:"bilateral_part"`
	MultilateralPart   Part    `json:"multilateral_part"`
	// TestMet: the parts the Measure names hold — what the benchmark asks of
	// a persistent-surplus economy, also reported for the others.
	TestMet        bool   `json:"balance_test_met"`
	MeetsBenchmark bool   `json:"meets_benchmark"`
	Reason         string `json:"reason"`
}

// Judge applies the test to a partner whose balances are b; persistent says
// whether the surplus rule classifies it as a persistent-surplus economy.
func (t Test) Judge(b Balances, persistent bool, leader string) Verdict {
	v := Verdict{AskedToAdjust: persistent}
	world, rel := b.scales()
	v.MultilateralDropPP = b.PctGDPBefore - b.PctGDPAfter*rel
	v.MultilateralPart = PartFailed
	if v.MultilateralDropPP >= t.MultilateralCutPP {
		v.MultilateralPart = PartMet
	}
	mul := "multilateral balance unchanged relative to world GDP"
	if math.Abs(v.MultilateralDropPP) >= 0.005 {
		mul = fmt.Sprintf("multilateral balance %s %.2f pp of GDP", falls(v.MultilateralDropPP), math.Abs(v.MultilateralDropPP))
	}
	var bil string
	bilNeed := fmt.Sprintf(" (need ≥ %g%%)", t.BilateralCutPct)
	switch {
	case b.BilateralBefore > 0:
		cut := 100 * (b.BilateralBefore - b.BilateralAfter/world) / b.BilateralBefore
		v.BilateralCutPct = &cut
		v.BilateralPart = PartFailed
		if cut >= t.BilateralCutPct {
			v.BilateralPart = PartMet
		}
		bil = fmt.Sprintf("surplus with %s %s %.1f%%", leader, shrinks(cut), math.Abs(cut))
	case b.BilateralAfter > 0:
		// No surplus before, one after: judged on "before" alone this
		// read as nothing to cut, though the move made a surplus.
		v.BilateralPart, v.BilateralSurplusAppears = PartFailed, true
		bil = fmt.Sprintf("a surplus with %s appears: %s → %s", leader, amount(b.BilateralBefore, b.UnitMillions), amount(b.BilateralAfter, b.UnitMillions))
		bilNeed = " (need none after)"
	default:
		v.BilateralPart = PartNoSurplus
		bil = fmt.Sprintf("no surplus with %s to cut", leader)
		bilNeed = ": part does not bind"
	}
	mulNeed := fmt.Sprintf(" (need a fall ≥ %g)", t.MultilateralCutPP)
	var parts []Part
	var text string
	switch t.measure() {
	case Bilateral:
		parts, text = []Part{v.BilateralPart}, bil+bilNeed
	case Both:
		// Each part labelled, so that a part met is not read as a reason
		// for "fails" (China under Liberation Day fails the multilateral
		// part and meets the bilateral one).
		if v.BilateralPart == PartNoSurplus {
			bilNeed = ""
		}
		parts = []Part{v.MultilateralPart, v.BilateralPart}
		text = "multilateral part " + v.MultilateralPart.label() + ": " + mul + mulNeed +
			"; bilateral part " + v.BilateralPart.label() + ": " + bil + bilNeed
	default:
		parts, text = []Part{v.MultilateralPart}, mul+mulNeed
	}
	v.TestMet = true
	for _, p := range parts {
		if p == PartFailed {
			v.TestMet = false
		}
	}
	verdict := "fails"
	if v.TestMet {
		verdict = "meets"
	}
	if !persistent {
		v.MeetsBenchmark = true
		would := "would fail"
		if v.TestMet {
			would = "would meet"
		}
		v.Reason = fmt.Sprintf("not asked to adjust: not a persistent-surplus economy; the test %s: %s", would, text)
		return v
	}
	v.MeetsBenchmark = v.TestMet
	v.Reason = verdict + ": " + text
	return v
}

// Meets judges an economy that is asked to adjust (as the simulator's
// partners are) and gives a one-line reason.
func (t Test) Meets(b Balances, leader string) (bool, string) {
	v := t.Judge(b, true, leader)
	return v.MeetsBenchmark, v.Reason
}

// amount writes a level in the dataset's unit for a reason, with its sign
// ("−$9.1 bn", "+$14.7 mn" where $bn would round to 0); unitMillions 0
// writes the dataset's unit.
func amount(x, unitMillions float64) string {
	v, cur, unit := math.Abs(x), "", " (dataset unit)"
	if unitMillions > 0 {
		v, cur, unit = v*unitMillions/1000, "$", " bn"
		if v < 0.05 {
			v, unit = v*1000, " mn"
		}
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	switch {
	case s == "0.0":
		return cur + s + unit // no sign on a rounded zero
	case x < 0:
		return "−" + cur + s + unit
	}
	return "+" + cur + s + unit
}

func shrinks(x float64) string {
	if x >= 0 {
		return "shrinks"
	}
	return "grows"
}

func falls(x float64) string {
	if x >= 0 {
		return "falls"
	}
	return "rises"
}
