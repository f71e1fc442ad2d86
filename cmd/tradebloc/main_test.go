package main

import (
	"context"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/executor/executortest"
)

// TestReportErrorDebug: an error reporting a panic (a unit's handler
// panicked in the local executor, as a CLI run's would) prints one line,
// and with TRADEBLOC_DEBUG=1 the panicking frames after it; an ordinary
// error prints one line either way, and no error prints nothing.
func TestReportErrorDebug(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	units := executortest.Units(ds, 9100, 2, func(s *executortest.Spec) {
		if s.N == 9101 {
			s.Panic = "debug test bug"
		}
	})
	panicErr := executor.Local{Workers: 1}.Run(context.Background(), &executor.Batch{Data: ds, Units: units, Done: func(int, []byte) error { return nil }})
	if panicErr == nil || executor.PanicStack(panicErr) == "" {
		t.Fatalf("the run's error %v reports no panic: the test checks nothing", panicErr)
	}
	plain := errs.Invalidf("scenario.yaml", 3, "shocks", "bad")
	for _, tc := range []struct {
		name  string
		err   error
		debug bool
		lines int      // lines printed
		want  []string // in the output
	}{
		{"panic", panicErr, false, 1, []string{"tradebloc: ", "panicked in the local executor: debug test bug"}},
		{"panic, debug", panicErr, true, -1, []string{"panicked in the local executor: debug test bug (a bug in tradebloc; please report it)\nTRADEBLOC_DEBUG=1: the panic's stack:\n",
			"executortest.init", "suite.go:"}},
		{"plain, debug", plain, true, 1, []string{"tradebloc: ", "bad"}},
		{"none, debug", nil, true, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			reportError(&b, tc.err, tc.debug)
			out := b.String()
			n := strings.Count(out, "\n")
			switch {
			case tc.lines >= 0 && n != tc.lines:
				t.Errorf("%d lines, want %d:\n%s", n, tc.lines, out)
			case tc.lines < 0 && n < 3:
				t.Errorf("%d lines, want the message and a stack:\n%s", n, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "TRADEBLOC_DEBUG") != (tc.debug && tc.lines < 0) {
				t.Errorf("stack shown where it should not be, or not where it should:\n%s", out)
			}
		})
	}
}

// TestDebugOn: TRADEBLOC_DEBUG=1 turns the stack on; unset, empty or any
// other value leaves it off.
func TestDebugOn(t *testing.T) {
	for v, want := range map[string]bool{"1": true, "": false, "0": false, "yes": false} {
		env := map[string]string{"TRADEBLOC_DEBUG": v, "OTHER": "1"}
		if got := debugOn(func(k string) string { return env[k] }); got != want {
			t.Errorf("TRADEBLOC_DEBUG=%q: debug %v, want %v", v, got, want)
		}
	}
}
