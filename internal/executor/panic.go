package executor

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// panicError is the error of a unit whose handler panicked: a bug in
// tradebloc, never a property of the input.
type panicError struct {
	what  string // "unit ID (kind K)"
	where string // "on worker W", "in the local executor"
	note  string // what became of the unit, where the stack is
	value string // the panic value, cut at maxPanicValue
	stack string // the panicking frames (shortStack)
}

func (e *panicError) Error() string {
	return fmt.Sprintf("%s panicked %s: %s (a bug in tradebloc; %s)", e.what, e.where, e.value, e.note)
}

// newPanicError is the error of what's panic v, recovered by the deferred
// function that calls it (the stack is taken here).
func newPanicError(v any, what, where, note string) error {
	value, stack := RecoveredPanic(v)
	return &errs.Error{Op: "executor", Kind: errs.Other,
		Err: &panicError{what: what, where: where, note: note, value: value, stack: stack}}
}

// maxPanicValue bounds the panic value a unit's error repeats (it travels
// in a message header and is stored with the run).
const maxPanicValue = 300

// computeRecovered is compute with a handler's panic recovered, for both
// executors: the panic becomes the unit's error (a *panicError, wrapped in
// an *errs.Error so that it keeps its kind on the wire) carrying the panic
// value and a short stack. Left alone, the panic would kill the process —
// a worker with every unit it was computing, or the CLI or `serve` with
// every run in it — from a goroutine the executor's caller cannot recover.
// where and note complete the message (panicError).
func computeRecovered(ctx context.Context, ds *data.Dataset, u *Unit, where, note string) (res []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			res, err = nil, newPanicError(v, "unit "+u.ID+" (kind "+u.Kind+")", where, note)
		}
	}()
	return compute(ctx, ds, u)
}

// asPanic returns the *panicError in err's chain, or nil.
func asPanic(err error) *panicError {
	var pe *panicError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

// PanicStack returns the stack of the panic that err reports (a unit's error
// from the Local executor, which recovered its handler's panic), cut to
// the panicking frames, or "" if err reports none. It is for the log of the
// process that ran the unit: the message says what panicked, the stack is
// for the bug report. (A NATS worker logs the stack itself; it does not
// travel with the error.)
func PanicStack(err error) string {
	if pe := asPanic(err); pe != nil {
		return pe.stack
	}
	return ""
}

// RecoveredPanic describes a panic value v just recovered: v as text, cut
// at 300 bytes, and the panicking goroutine's stack cut to the panicking
// code's frames (at most 12). Call it from the deferred function that
// called recover, while the panicking frames are still on the stack.
func RecoveredPanic(v any) (value, stack string) {
	value = fmt.Sprint(v)
	if len(value) > maxPanicValue {
		value = value[:maxPanicValue] + "…"
	}
	// Valid UTF-8 whatever the value holds: a PostgreSQL run store
	// refuses to keep anything else as a run's error.
	value = strings.ToValidUTF8(value, "\uFFFD")
	return value, shortStack(debug.Stack(), panicFrames)
}

// panicFrames is how many frames of a panicking goroutine's stack a log
// shows: where it panicked and the calls that led there, not the whole
// goroutine dump.
const panicFrames = 12

// shortStack cuts a debug.Stack dump taken in a deferred recover to the
// frames of the panicking code: from the one below runtime's panic frame,
// at most frames of them (two lines each).
func shortStack(stack []byte, frames int) string {
	lines := strings.Split(strings.TrimRight(string(stack), "\n"), "\n")
	for k, l := range lines {
		if strings.HasPrefix(l, "panic(") && k+2 < len(lines) {
			lines = lines[k+2:] // the panic frame's function and file lines
			break
		}
	}
	if len(lines) > 2*frames {
		lines = append(lines[:2*frames], "\t…")
	}
	return strings.Join(lines, "\n")
}
