// Package errs is tradebloc's one error type: what operation failed, what kind
// of failure it was, and, where input is at fault, the file, line and field.
// The CLI maps the kind to an exit code: Invalid → 2, every other kind → 1.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error. The list is append-only: scripts may rely on the
// exit codes derived from it.
type Kind int

// The kinds of error.
const (
	Other        Kind = iota // an analysis failed for a reason not listed below
	Invalid                  // bad usage or bad input: exit code 2
	NotConverged             // the solver did not reach its tolerance
	IO                       // reading or writing a file failed
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid input"
	case NotConverged:
		return "not converged"
	case IO:
		return "I/O error"
	}
	return "error"
}

// Error is the error type used across tradebloc.
type Error struct {
	Op    string // the operation, e.g. "load dataset", "solve"
	Kind  Kind
	File  string // input file at fault, if any
	Line  int    // 1-based line in File, 0 if unknown
	Col   int    // 1-based column in File, 0 if unknown
	Field string // column or key at fault, if any
	Err   error  // the cause
}

// Error formats the error as file:line:col: field "f": cause.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString(e.Kind.String())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Invalidf returns an Invalid error located at file:line, field.
func Invalidf(file string, line int, field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, File: file, Line: line, Field: field, Err: fmt.Errorf(format, args...)}
}

// KindOf reports the kind of the first *Error in err's chain, or Other.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Other
}

// IsInvalid reports whether err is bad usage or bad input.
func IsInvalid(err error) bool { return err != nil && KindOf(err) == Invalid }

// ExitCode maps an error to the CLI exit code of DESIGN §4: 0 success,
// 2 bad usage or input, 1 anything else.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case IsInvalid(err):
		return 2
	}
	return 1
}
