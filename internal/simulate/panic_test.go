package simulate

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

// TestRecoveredUtility: a panicking option is that option's error (the
// round reports it) and an ordinary result passes through unchanged.
func TestRecoveredUtility(t *testing.T) {
	_, _, err := recoveredUtility(func() (float64, int, error) {
		var s []float64
		return s[3], 0, nil // index out of range: a real runtime panic
	})
	if err == nil || !strings.Contains(err.Error(), "a player's option panicked: runtime error: index out of range") {
		t.Fatalf("err = %v", err)
	}
	want := errors.New("plain")
	if u, n, err := recoveredUtility(func() (float64, int, error) { return 1.5, 2, want }); u != 1.5 || n != 2 || err != want {
		t.Errorf("pass-through: %v %v %v", u, n, err)
	}
}

// TestRoundPoolRecoversPanic: one option of the real round pool panics
// (AAA's Cut in round 1, through optionHook) while the pool's other
// workers value the rest; the run returns the round's error naming the
// player, the option and the panic, instead of taking the process down.
func TestRoundPoolRecoversPanic(t *testing.T) {
	w, err := NewWorld(handScenario(), handMade(), "2026-03-01", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	aaa := mustPlayer(t, w, "AAA")
	var hit atomic.Int32
	optionHook = func(p int, c choice) {
		if p == aaa && c.action == Cut {
			hit.Add(1)
			var s []float64
			_ = s[3] // index out of range: a real runtime panic
		}
	}
	t.Cleanup(func() { optionHook = nil })
	prm := DefaultParams()
	prm.Rounds, prm.Workers = 1, 2
	_, err = w.Run(context.Background(), prm)
	if hit.Load() != 1 {
		t.Fatalf("AAA's Cut valued %d times: the test checks nothing", hit.Load())
	}
	for _, want := range []string{"round 1, AAA ", "a player's option panicked: runtime error: index out of range"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to contain %q", err, want)
		}
	}
}
