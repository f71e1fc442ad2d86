package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// sqlStore implements Store over database/sql. SQLite and PostgreSQL differ
// only in their schema, placeholders and connection set-up, so one body of
// queries serves both and the conformance suite checks each.
type sqlStore struct {
	db       *sql.DB
	name     string // "sqlite" or "postgres", for errors
	dollar   bool   // placeholders are $1, $2, … (PostgreSQL) rather than ?
	now      func() time.Time
	queryGet string
}

// Timestamps are stored as Unix milliseconds in an integer column: the same
// in both databases, no time-zone conversions, and ordering is still by Seq.
const runColumns = "seq, id, kind, scenario, status, progress, created_ms, updated_ms"

func newSQLStore(db *sql.DB, name string, dollar bool) *sqlStore {
	s := &sqlStore{db: db, name: name, dollar: dollar, now: time.Now}
	s.queryGet = s.q("SELECT " + runColumns + ", request, result, error FROM runs WHERE id = ?")
	return s
}

// q rewrites ? placeholders as $n for PostgreSQL. Queries here hold no
// literal question marks.
func (s *sqlStore) q(query string) string {
	if !s.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *sqlStore) wrap(op string, err error) error {
	if err == nil || errors.Is(err, ErrNotFound) {
		return err
	}
	return fmt.Errorf("run store (%s): %s: %w", s.name, op, err)
}

// Create implements Store.
func (s *sqlStore) Create(ctx context.Context, r *Run) error {
	now := s.now()
	req := r.Request
	if req == nil {
		req = json.RawMessage("null")
	}
	err := s.db.QueryRowContext(ctx, s.q(`INSERT INTO runs (id, kind, scenario, status, progress, created_ms, updated_ms, request, error)
		VALUES (?, ?, ?, ?, 0, ?, ?, ?, '') RETURNING seq`),
		r.ID, r.Kind, r.Scenario, string(Queued), now.UnixMilli(), now.UnixMilli(), string(req)).Scan(&r.Seq)
	if err != nil {
		return s.wrap("create", err)
	}
	r.Status, r.Progress, r.Result, r.Error = Queued, 0, nil, ""
	r.Created, r.Updated = time.UnixMilli(now.UnixMilli()), time.UnixMilli(now.UnixMilli())
	return nil
}

type scanner interface{ Scan(dest ...any) error }

// scanRun reads a full row (the columns of queryGet).
func scanRun(sc scanner) (*Run, error) {
	var r Run
	var st, req string
	var created, updated int64
	var res sql.NullString
	if err := sc.Scan(&r.Seq, &r.ID, &r.Kind, &r.Scenario, &st, &r.Progress, &created, &updated, &req, &res, &r.Error); err != nil {
		return nil, err
	}
	r.Status = Status(st)
	r.Created, r.Updated = time.UnixMilli(created), time.UnixMilli(updated)
	r.Request = json.RawMessage(req)
	if res.Valid {
		r.Result = json.RawMessage(res.String)
	}
	return &r, nil
}

// Get implements Store.
func (s *sqlStore) Get(ctx context.Context, id string) (*Run, error) {
	r, err := scanRun(s.db.QueryRowContext(ctx, s.queryGet, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return r, s.wrap("get", err)
}

// List implements Store.
func (s *sqlStore) List(ctx context.Context, o ListOptions) ([]*Run, error) {
	if o.Limit <= 0 {
		o.Limit = 50
	}
	before := o.Before
	if before <= 0 {
		before = 1<<63 - 1
	}
	// error is listed too: a failed run's reason belongs in a list.
	rows, err := s.db.QueryContext(ctx, s.q("SELECT "+runColumns+", error FROM runs WHERE seq < ? ORDER BY seq DESC LIMIT ?"), before, o.Limit)
	if err != nil {
		return nil, s.wrap("list", err)
	}
	defer rows.Close()
	out := []*Run{}
	for rows.Next() {
		r, err := scanListed(rows)
		if err != nil {
			return nil, s.wrap("list", err)
		}
		out = append(out, r)
	}
	return out, s.wrap("list", rows.Err())
}

// scanListed reads a row of List (no request or result).
func scanListed(rows *sql.Rows) (*Run, error) {
	var r Run
	var st string
	var created, updated int64
	if err := rows.Scan(&r.Seq, &r.ID, &r.Kind, &r.Scenario, &st, &r.Progress, &created, &updated, &r.Error); err != nil {
		return nil, err
	}
	r.Status = Status(st)
	r.Created, r.Updated = time.UnixMilli(created), time.UnixMilli(updated)
	return &r, nil
}

// exists distinguishes "unknown ID" from "not in the state the update
// wanted" after an update touched no row.
func (s *sqlStore) exists(ctx context.Context, id string) error {
	var one int
	err := s.db.QueryRowContext(ctx, s.q("SELECT 1 FROM runs WHERE id = ?"), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Start implements Store.
func (s *sqlStore) Start(ctx context.Context, id string) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q("UPDATE runs SET status = ?, updated_ms = ? WHERE id = ? AND status = ?"),
		string(Running), s.now().UnixMilli(), id, string(Queued))
	if err != nil {
		return false, s.wrap("start", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, nil
	}
	return false, s.wrap("start", s.exists(ctx, id))
}

// SetProgress implements Store.
func (s *sqlStore) SetProgress(ctx context.Context, id string, p float64) error {
	res, err := s.db.ExecContext(ctx, s.q("UPDATE runs SET progress = ?, updated_ms = ? WHERE id = ? AND status IN (?, ?)"),
		clamp01(p), s.now().UnixMilli(), id, string(Queued), string(Running))
	if err != nil {
		return s.wrap("progress", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	return s.wrap("progress", s.exists(ctx, id))
}

// Finish implements Store.
func (s *sqlStore) Finish(ctx context.Context, id string, st Status, result json.RawMessage, errMsg string) (bool, error) {
	if !st.Finished() {
		return false, fmt.Errorf("run store: Finish with status %q (want done or failed)", st)
	}
	var res sql.NullString
	if result != nil {
		res = sql.NullString{String: string(result), Valid: true}
	}
	// Progress becomes 1 only for a completed run; a failure keeps the
	// progress it reached, which tells how far it got.
	q := "UPDATE runs SET status = ?, result = ?, error = ?, updated_ms = ?, progress = CASE WHEN ? THEN 1 ELSE progress END WHERE id = ? AND status IN (?, ?)"
	out, err := s.db.ExecContext(ctx, s.q(q), string(st), res, errMsg, s.now().UnixMilli(), st == Done, id, string(Queued), string(Running))
	if err != nil {
		return false, s.wrap("finish", err)
	}
	if n, _ := out.RowsAffected(); n == 1 {
		return true, nil
	}
	return false, s.wrap("finish", s.exists(ctx, id))
}

// MarkInterrupted implements Store.
func (s *sqlStore) MarkInterrupted(ctx context.Context, msg string) (int, error) {
	res, err := s.db.ExecContext(ctx, s.q("UPDATE runs SET status = ?, error = ?, updated_ms = ? WHERE status IN (?, ?)"),
		string(Failed), msg, s.now().UnixMilli(), string(Queued), string(Running))
	if err != nil {
		return 0, s.wrap("mark interrupted", err)
	}
	n, err := res.RowsAffected()
	return int(n), s.wrap("mark interrupted", err)
}

// Close implements Store.
func (s *sqlStore) Close() error { return s.db.Close() }
