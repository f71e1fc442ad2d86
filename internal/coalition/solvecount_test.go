package coalition

import (
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

func TestSolveCount(t *testing.T) {
	for _, tc := range []struct {
		k    int
		want string
	}{
		{12, "2^12 = 4096"},
		{17, "2^17 = 131072"},
		{63, "2^63 = 9223372036854775808"}, // 1<<63 as an int is negative
		{64, "2^64 ≈ 1.84e+19"},            // 1<<64 as an int is 0
		{100, "2^100 ≈ 1.27e+30"},
	} {
		if got := SolveCount(tc.k); got != tc.want {
			t.Errorf("SolveCount(%d) = %q, want %q", tc.k, got, tc.want)
		}
	}
}

// TestTooManyCandidatesCount: the refusal of a large top-K states the count
// of solves correctly, not an overflowed 0 or negative number.
func TestTooManyCandidatesCount(t *testing.T) {
	ds := mustDefault(t)
	for _, tc := range []struct {
		top  string
		want string
	}{{"63", "63 candidates need 2^63 = 9223372036854775808 solves"}, {"100", "100 candidates need 2^100 ≈ 1.27e+30 solves"}} {
		y := strings.Replace(smallGame, "candidates: [CAN, MEX, JPN, KOR]", "candidates: {top: "+tc.top+"}", 1)
		_, err := newGame(parse(t, y), ds)
		if !errs.IsInvalid(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("top %s: %v, want an invalid-input error saying %q", tc.top, err, tc.want)
		}
	}
}
