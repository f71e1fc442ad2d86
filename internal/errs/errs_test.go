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
