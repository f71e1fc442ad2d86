package benchmark

import (
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// Test is the balanced-trade benchmark a move is judged by: the partner's
// surplus must shrink durably, both with the leader and with the world.
//
//   - With a surplus with the leader before, it must shrink by at least
//     BilateralCutPct percent of itself. A partner with no surplus with the
//     leader meets this part trivially: the benchmark asks surplus economies
//     to adjust, and a partner already in deficit has nothing to give.
//   - With a multilateral surplus before, the balance must fall by at least
//     MultilateralCutPP percentage points of GDP. This is the part tariffs
//     alone cannot deliver: with saving fixed, a tariff diverts a surplus to
//     other markets instead of closing it. A partner in multilateral deficit
//     meets this part trivially.
//
// The defaults (10% of the bilateral surplus, 0.5 pp of GDP) are set below
// what the seed's rebalancing moves deliver at comparable sizes (2% of GDP
// of domestic demand) and above the rounding-sized drift tariffs cause.
type Test struct {
	BilateralCutPct   float64 `json:"bilateral_cut_pct"`
	MultilateralCutPP float64 `json:"multilateral_cut_pp_gdp"`
}

// DefaultTest is the benchmark without flags.
func DefaultTest() Test { return Test{BilateralCutPct: 10, MultilateralCutPP: 0.5} }

// Check validates the thresholds; errors name the flag at fault.
func (t Test) Check() error {
	if !(t.BilateralCutPct >= 0) || math.IsInf(t.BilateralCutPct, 0) {
		return &errs.Error{Op: "benchmark rule", Kind: errs.Invalid, Field: "--bilateral-cut", Err: fmt.Errorf("want a percentage ≥ 0, got %v", t.BilateralCutPct)}
	}
	if !(t.MultilateralCutPP >= 0) || math.IsInf(t.MultilateralCutPP, 0) {
		return &errs.Error{Op: "benchmark rule", Kind: errs.Invalid, Field: "--multilateral-cut", Err: fmt.Errorf("want percentage points ≥ 0, got %v", t.MultilateralCutPP)}
	}
	return nil
}

// String states the test in a line.
func (t Test) String() string {
	return fmt.Sprintf("benchmark met when the surplus with the leader shrinks ≥ %g%% and a multilateral surplus falls ≥ %g pp of GDP (no surplus: met trivially)",
		t.BilateralCutPct, t.MultilateralCutPP)
}

// Balances are one partner's balances before and after a move: bilateral
// with the leader (dataset unit) and multilateral (% of GDP).
type Balances struct {
	BilateralBefore, BilateralAfter float64
	PctGDPBefore, PctGDPAfter       float64
}

// Meets applies the test and gives a one-line reason.
func (t Test) Meets(b Balances, leader string) (bool, string) {
	bilOK, mulOK := true, true
	var bil, mul string
	if b.BilateralBefore > 0 {
		cut := 100 * (b.BilateralBefore - b.BilateralAfter) / b.BilateralBefore
		bilOK = cut >= t.BilateralCutPct
		bil = fmt.Sprintf("surplus with %s %s %.1f%%", leader, shrinks(cut), math.Abs(cut))
	} else {
		bil = "no surplus with " + leader
	}
	if b.PctGDPBefore > 0 {
		drop := b.PctGDPBefore - b.PctGDPAfter
		mulOK = drop >= t.MultilateralCutPP
		mul = fmt.Sprintf("multilateral surplus %s %.2f pp of GDP", shrinks(drop), math.Abs(drop))
	} else {
		mul = "no multilateral surplus"
	}
	switch {
	case bilOK && mulOK:
		return true, "meets: " + bil + ", " + mul
	case !bilOK && !mulOK:
		return false, fmt.Sprintf("fails: %s (< %g%%), %s (< %g)", bil, t.BilateralCutPct, mul, t.MultilateralCutPP)
	case !bilOK:
		return false, fmt.Sprintf("fails: %s (< %g%%); %s", bil, t.BilateralCutPct, mul)
	}
	return false, fmt.Sprintf("fails: %s (< %g); %s", mul, t.MultilateralCutPP, bil)
}

func shrinks(x float64) string {
	if x >= 0 {
		return "shrinks"
	}
	return "grows"
}
