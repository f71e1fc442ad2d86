package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorMessageAndExitCode(t *testing.T) {
	tests := []struct {
		err  error
		msg  string
		code int
	}{
		{nil, "", 0},
		{Invalidf("trade.csv", 7, "value", "negative value %g", -1.0), `trade.csv:7: field "value": negative value -1`, 2},
		{fmt.Errorf("wrap: %w", Invalidf("a.yaml", 3, "", "bad")), "wrap: a.yaml:3: bad", 2},
		{&Error{Op: "solve", Kind: NotConverged, Err: errors.New("residual 1e-3 after 500 iterations")}, "residual 1e-3 after 500 iterations", 1},
		{errors.New("plain"), "plain", 1},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.code {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.code)
		}
		if tt.err != nil && tt.err.Error() != tt.msg {
			t.Errorf("message %q, want %q", tt.err.Error(), tt.msg)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"traiff", "tariff", 1}, {"tariff", "tariff", 0}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"tarrifs", "tariffs", 2}} {
		if got := EditDistance(tc.a, tc.b); got != tc.d {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

func TestSuggest(t *testing.T) {
	allowed := []string{"tariffs", "trade", "io"}
	for _, tc := range []struct{ word, want string }{{"tarrifs", "tariffs"}, {"trades", "trade"}, {"population", ""}} {
		if got := Suggest(tc.word, allowed); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
