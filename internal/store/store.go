// Package store keeps the runs of `tradebloc serve` durably: one Store
// interface with a written contract, implemented over SQLite (the default,
// modernc.org/sqlite, no cgo) and PostgreSQL (pgx). Both implementations pass
// the one conformance suite in package storetest, as restic's backends do.
//
// A run moves through queued → running → done | failed. Every transition is
// a conditional update (it names the state it leaves), so a cancel racing a
// worker's finish cannot resurrect a run, and a crash never leaves a run
// "running" for good: MarkInterrupted, called when a server starts, fails
// whatever a previous process left unfinished.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Status is a run's state; the values are the HTTP API's (DESIGN §4).
type Status string

// The states of a run.
const (
	Queued  Status = "queued"
	Running Status = "running"
	Done    Status = "done"
	Failed  Status = "failed"
)

// Finished reports whether s is a final state.
func (s Status) Finished() bool { return s == Done || s == Failed }

// Run is one stored run.
type Run struct {
	ID       string
	Kind     string // solve | benchmark | coalition
	Scenario string // the scenario's name, for lists
	Status   Status
	Progress float64 // 0..1
	Created  time.Time
	Updated  time.Time
	// Request is the request body that created the run (JSON), kept so a
	// run can be inspected or repeated.
	Request json.RawMessage
	// Result is the command's JSON document (nil until done).
	Result json.RawMessage
	Error  string
	// Seq orders runs by creation; the store assigns it on Create.
	Seq int64
}

// ListOptions page through runs, newest first.
type ListOptions struct {
	Limit  int   // at most this many (≤ 0 = 50)
	Before int64 // only runs with Seq < Before (0 = from the newest)
}

// ErrNotFound is returned for an unknown run ID.
var ErrNotFound = errors.New("run not found")

// Store is the run store's contract. All methods are safe for concurrent use.
type Store interface {
	// Create inserts r (ID, Kind, Scenario, Request set by the caller) as
	// queued with progress 0, setting r.Created, r.Updated and r.Seq.
	Create(ctx context.Context, r *Run) error
	// Get returns the run with the given ID, or ErrNotFound.
	Get(ctx context.Context, id string) (*Run, error)
	// List returns runs newest first (by Seq), without their Request and
	// Result (a list must stay small whatever the runs hold).
	List(ctx context.Context, o ListOptions) ([]*Run, error)
	// Start moves a queued run to running. It reports false if the run was
	// not queued (cancelled meanwhile), and ErrNotFound for an unknown ID.
	Start(ctx context.Context, id string) (bool, error)
	// SetProgress records the progress (clamped to 0..1) of an unfinished
	// run; it is a no-op on a finished one.
	SetProgress(ctx context.Context, id string, p float64) error
	// Finish moves an unfinished run to done (with result, progress 1) or
	// failed (with errMsg). It reports false if the run had already
	// finished, so the first final state wins.
	Finish(ctx context.Context, id string, st Status, result json.RawMessage, errMsg string) (bool, error)
	// MarkInterrupted fails every unfinished run with msg and returns how
	// many it failed. A server calls it on startup: no process is working
	// on them any more.
	MarkInterrupted(ctx context.Context, msg string) (int, error)
	// Close releases the database.
	Close() error
}

// InterruptedMsg is the error given to runs a restart found unfinished.
const InterruptedMsg = "interrupted by server restart"

// Open opens the store named by dsn: a postgres:// or postgresql:// URL
// opens PostgreSQL, anything else is a SQLite file path ("" = DefaultPath).
func Open(ctx context.Context, dsn string) (Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return OpenPostgres(ctx, dsn)
	}
	if dsn == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return nil, fmt.Errorf("run store: %w", err)
		}
		dsn = p
	}
	return OpenSQLite(ctx, dsn)
}

// DefaultPath is where runs are kept without --db:
// $XDG_DATA_HOME/tradebloc/runs.db, or ~/.local/share/tradebloc/runs.db
// (the XDG default), so runs outlive the working directory a server was
// started from.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "tradebloc", "runs.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("run store: no home directory for the default database (give --db): %w", err)
	}
	return filepath.Join(home, ".local", "share", "tradebloc", "runs.db"), nil
}

func clamp01(p float64) float64 {
	switch {
	case p != p || p < 0:
		return 0
	case p > 1:
		return 1
	}
	return p
}
