package executor_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"

	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/executor/executortest"
)

func TestLocalConformance(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3} {
		executortest.Run(t, func(*testing.T) executor.Executor { return executor.Local{Workers: n} }, 1000*n)
	}
}

// TestLocalPanic: a panic on one of the local executor's goroutines — in a
// unit's handler, or in the caller's Done or Progress, which run there too —
// fails the run with a one-line error saying what panicked and with what
// value, exit code 1, the stack kept for a log (PanicStack). Before, the
// panic killed the process (the CLI with a Go stack dump, `serve` with
// every user's runs): here, the test binary.
func TestLocalPanic(t *testing.T) {
	t.Parallel()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	noop := func(int, []byte) error { return nil }
	for k, c := range []struct {
		name     string
		panicOn  int // the unit whose handler panics, -1 none
		done     func(int, []byte) error
		progress func(string, int, int)
		want     string
		stack    []string // the panicking function and file, in the stack
	}{
		{"handler", 3, noop, nil,
			"unit u3 (kind " + executortest.KindDigest + ") panicked in the local executor: handler bug (a bug in tradebloc; please report it)",
			[]string{"executortest.init", "suite.go:"}},
		{"Done", -1, func(i int, _ []byte) error {
			if i == 2 {
				panic("Done bug")
			}
			return nil
		}, nil, "the batch's Done or Progress for unit u2 (kind " + executortest.KindDigest + ") panicked in the local executor: Done bug (a bug in tradebloc; please report it)",
			[]string{"executor_test.TestLocalPanic", "local_test.go:"}},
		{"Progress", -1, noop, func(_ string, done, _ int) {
			var none []int
			_ = none[done] // a runtime error, not a string
		}, "panicked in the local executor: runtime error: index out of range [",
			[]string{"executor_test.TestLocalPanic", "local_test.go:"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			base := 2000 + 100*k
			units := executortest.Units(ds, base, 8, func(s *executortest.Spec) {
				if s.N == base+c.panicOn {
					s.Panic = "handler bug"
				}
			})
			err := executor.Local{Workers: 3}.Run(context.Background(), &executor.Batch{Data: ds, Units: units, Done: c.done, Progress: c.progress})
			if err == nil {
				t.Fatal("the run succeeded")
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") {
				t.Errorf("error %q, want one line with %q", msg, c.want)
			}
			if code := errs.ExitCode(err); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			stack := executor.PanicStack(err)
			for _, want := range c.stack {
				if !strings.Contains(stack, want) {
					t.Errorf("stack does not show %q:\n%s", want, stack)
				}
			}
			if strings.Contains(stack, "runtime/panic.go") {
				t.Errorf("stack starts above the panicking frame:\n%s", stack)
			}
		})
	}
	// A plain error has no stack.
	if s := executor.PanicStack(errs.Invalidf("f", 1, "x", "bad")); s != "" {
		t.Errorf("PanicStack of a plain error: %q", s)
	}
}
