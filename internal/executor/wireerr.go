package executor

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// wireError is an error as a worker sends it back: its kind and location
// survive, so the client fails with the same message and exit code as a
// local run would.
type wireError struct {
	Op    string    `json:"op,omitempty"`
	Kind  errs.Kind `json:"kind"`
	File  string    `json:"file,omitempty"`
	Line  int       `json:"line,omitempty"`
	Col   int       `json:"col,omitempty"`
	Field string    `json:"field,omitempty"`
	Msg   string    `json:"msg"`
}

func encodeError(err error) string {
	w := wireError{Kind: errs.KindOf(err), Msg: err.Error()}
	var e *errs.Error
	// Only an *errs.Error at the top keeps its parts; one deeper in the chain
	// is already spelled out in the message.
	if errors.As(err, &e) && e == err {
		w = wireError{Op: e.Op, Kind: e.Kind, File: e.File, Line: e.Line, Col: e.Col, Field: e.Field}
		if e.Err != nil {
			w.Msg = e.Err.Error()
		}
	}
	b, _ := json.Marshal(w)
	return string(b)
}

// decodeError reads a Tradebloc-Error header. One that is not a wireError
// is shown quoted and cut short: it may hold any bytes (not UTF-8, which a
// PostgreSQL run store refuses to keep as a run's error) and any length.
func decodeError(s string) error {
	var w wireError
	if err := json.Unmarshal([]byte(s), &w); err != nil {
		return &errs.Error{Op: "executor", Kind: errs.Other, Err: fmt.Errorf("a worker sent an unreadable error: %.200q", s)}
	}
	e := &errs.Error{Op: w.Op, Kind: w.Kind, File: w.File, Line: w.Line, Col: w.Col, Field: w.Field}
	if w.Msg != "" {
		e.Err = errors.New(w.Msg)
	}
	return e
}
