package simulate

import (
	"errors"
	"strings"
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
