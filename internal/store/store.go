// Package store keeps the runs of `tradebloc serve` durably: one Store
// interface with a written contract, implemented over SQLite (the default,
// modernc.org/sqlite, no cgo) and PostgreSQL (pgx). Both implementations pass
// the one conformance suite in package storetest, as restic's backends do.
//
// A run moves through queued → running → done | failed | cancelled. Every
// transition is a conditional update (it names the state it leaves), so a
// cancel racing a worker's finish cannot resurrect a run, and a crash never
// leaves a run "running" for good: MarkInterrupted, called when a server
// starts, fails whatever a previous process left unfinished.
//
// A result is stored in parts (ResultPartSize bytes each) beside its run and
// read back part by part (WriteResult), so serving a large result to many
// clients at once costs a part's memory per client, not the whole document.
// A run deleted while its result is being read keeps the parts until those
// readers finish, so none of them gets a cut-off document.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Status is a run's state; the values are the HTTP API's (DESIGN §4).
type Status string

// The states of a run.
const (
	Queued    Status = "queued"
	Running   Status = "running"
	Done      Status = "done"
	Failed    Status = "failed"
	Cancelled Status = "cancelled" // stopped by request
)

// Finished reports whether s is a final state.
func (s Status) Finished() bool { return s == Done || s == Failed || s == Cancelled }

// Run is one stored run.
type Run struct {
	ID       string
	Kind     string // solve | benchmark | coalition | …
	Scenario string // the scenario's name, for lists
	Status   Status
	Progress float64 // 0..1
	Created  time.Time
	Updated  time.Time
	// Request is the request body that created the run (JSON), kept so a
	// run can be inspected or repeated.
	Request json.RawMessage
	// Result is the command's JSON document (nil until finished with one).
	// Head leaves it nil; ResultSize says whether there is one.
	Result json.RawMessage
	// ResultSize is the result's length in bytes, -1 when there is none.
	ResultSize int64
	Error      string
	// Summary is a few plain-language sentences on the result, stored with
	// it so that showing a run never needs to parse its result.
	Summary string
	// Seq orders runs by creation; the store assigns it on Create.
	Seq int64
}

// Outcome is how a run finished: Status Done, Failed or Cancelled, the
// result document (may be nil, also for a failure that has one), the
// error message and the summary.
type Outcome struct {
	Status  Status
	Result  json.RawMessage
	Error   string
	Summary string
}

// ListOptions page through runs, newest first.
type ListOptions struct {
	Limit  int   // at most this many (≤ 0 = 50)
	Before int64 // only runs with Seq < Before (0 = from the newest)
}

// PruneOptions say which finished runs retention deletes: those beyond
// the Keep newest runs (0 = no limit by count), and those that finished
// before Before (zero = no limit by age). Unfinished runs are never pruned.
type PruneOptions struct {
	Keep   int
	Before time.Time
}

// Errors of the store.
var (
	// ErrNotFound is returned for an unknown run ID.
	ErrNotFound = errors.New("run not found")
	// ErrLocked is returned by Lock when another server holds the database.
	ErrLocked = errors.New("the run store is in use by another tradebloc server")
)

// ResultPartSize is the size of the parts a result is stored and read in.
const ResultPartSize = 256 << 10

// Store is the run store's contract. All methods are safe for concurrent use.
type Store interface {
	// Create inserts r (ID, Kind, Scenario, Request set by the caller) as
	// queued with progress 0, setting r.Created, r.Updated and r.Seq.
	Create(ctx context.Context, r *Run) error
	// Get returns the run with the given ID and its whole result, or
	// ErrNotFound.
	Get(ctx context.Context, id string) (*Run, error)
	// Head returns the run without its result (Result nil, ResultSize
	// set), or ErrNotFound.
	Head(ctx context.Context, id string) (*Run, error)
	// WriteResult writes the run's result to w part by part, holding at
	// most one part in memory, and returns the bytes written. A run
	// without a result writes nothing; an unknown one is ErrNotFound,
	// before anything is written. Once the run is found, the whole
	// result is written even if the run is deleted (or pruned, or its ID
	// used again) meanwhile: a reader never gets a cut-off document.
	WriteResult(ctx context.Context, id string, w io.Writer) (int64, error)
	// List returns runs newest first (by Seq), without their Request and
	// Result (a list must stay small whatever the runs hold).
	List(ctx context.Context, o ListOptions) ([]*Run, error)
	// Start moves a queued run to running. It reports false if the run was
	// not queued (cancelled meanwhile), and ErrNotFound for an unknown ID.
	Start(ctx context.Context, id string) (bool, error)
	// SetProgress records the progress (clamped to 0..1) of an unfinished
	// run; it is a no-op on a finished one.
	SetProgress(ctx context.Context, id string, p float64) error
	// Finish moves an unfinished run to its final state, with its result,
	// error and summary (progress 1 when done; a failure keeps the
	// progress it reached). It reports false if the run had already
	// finished, so the first final state wins; the result is stored
	// whole or not at all.
	Finish(ctx context.Context, id string, o Outcome) (bool, error)
	// MarkInterrupted fails every unfinished run with msg and returns how
	// many it failed. A server calls it on startup: no process is working
	// on them any more.
	MarkInterrupted(ctx context.Context, msg string) (int, error)
	// Delete removes a run and its result, whatever its state, or returns
	// ErrNotFound. The run is gone at once (Head, Get, List, a new
	// WriteResult); a WriteResult already reading it finishes.
	Delete(ctx context.Context, id string) error
	// Prune deletes the finished runs o selects and returns how many.
	Prune(ctx context.Context, o PruneOptions) (int, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Lock takes the database for this process until Close: a second
	// process (another server on the same database) gets ErrLocked, so it
	// cannot mark the first one's runs as interrupted. It then removes
	// what a previous process kept of runs deleted while being read.
	Lock(ctx context.Context) error
	// Close releases the lock and the database.
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
