package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// sqlStore implements Store over database/sql. SQLite and PostgreSQL differ
// only in their schema, placeholders, connection set-up and lock, so one
// body of queries serves both and the conformance suite checks each.
type sqlStore struct {
	db     *sql.DB
	name   string // "sqlite" or "postgres", for errors
	dollar bool   // placeholders are $1, $2, … (PostgreSQL) rather than ?
	now    func() time.Time

	// lock takes the database for this process; unlock releases it.
	lock   func(ctx context.Context) error
	unlock func() error
	mu     sync.Mutex
	locked bool

	// A run deleted while its result is being read keeps the parts for
	// those readers: deleting moves them to a key of their own (an
	// alias no run ID can be) that the readers follow, and the last
	// reader removes them. So a reader gets the whole document it
	// started, never a cut-off one (or, the ID being used again, one
	// stitched from two results), while the run is gone for everyone
	// else at once. Results are read a part per query (no connection is
	// held while a client reads), so a transaction cannot keep them.
	//
	// dmu orders deletions against reads: a deletion holds it for its
	// whole transaction; a part query, and taking or dropping a pin,
	// hold it shared. rmu guards reading.
	dmu     sync.RWMutex
	rmu     sync.Mutex
	reading map[string]*reader // by run ID
}

// reader pins a run's result while WriteResult calls read it.
type reader struct {
	n   int    // WriteResult calls reading it
	key string // where its parts are: the run ID, or its alias once deleted
}

// aliasPrefix starts the key of the parts of a run deleted while read; run
// IDs never hold a "~", so no run's parts can be taken for them.
const aliasPrefix = "~deleted~"

// Timestamps are stored as Unix milliseconds in an integer column: the same
// in both databases, no time-zone conversions, and ordering is still by Seq.
const runColumns = "seq, id, kind, scenario, status, progress, created_ms, updated_ms, result_size, error, summary"

// finishedIn is the SQL list of final states, for conditions.
const finishedIn = "('done', 'failed', 'cancelled')"

func newSQLStore(db *sql.DB, name string, dollar bool) *sqlStore {
	return &sqlStore{db: db, name: name, dollar: dollar, now: time.Now}
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
	if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrLocked) {
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
	err := s.db.QueryRowContext(ctx, s.q(`INSERT INTO runs (id, kind, scenario, status, progress, created_ms, updated_ms, request, result_size, error, summary)
		VALUES (?, ?, ?, ?, 0, ?, ?, ?, -1, '', '') RETURNING seq`),
		r.ID, r.Kind, r.Scenario, string(Queued), now.UnixMilli(), now.UnixMilli(), string(req)).Scan(&r.Seq)
	if err != nil {
		return s.wrap("create", err)
	}
	r.Status, r.Progress, r.Result, r.ResultSize, r.Error, r.Summary = Queued, 0, nil, -1, "", ""
	r.Created, r.Updated = time.UnixMilli(now.UnixMilli()), time.UnixMilli(now.UnixMilli())
	return nil
}

type scanner interface{ Scan(dest ...any) error }

// scanRun reads the columns of runColumns, and the request when withRequest.
func scanRun(sc scanner, withRequest bool) (*Run, error) {
	var r Run
	var st, req string
	var created, updated int64
	dest := []any{&r.Seq, &r.ID, &r.Kind, &r.Scenario, &st, &r.Progress, &created, &updated, &r.ResultSize, &r.Error, &r.Summary}
	if withRequest {
		dest = append(dest, &req)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	r.Status = Status(st)
	r.Created, r.Updated = time.UnixMilli(created), time.UnixMilli(updated)
	if withRequest {
		r.Request = json.RawMessage(req)
	}
	return &r, nil
}

// Head implements Store.
func (s *sqlStore) Head(ctx context.Context, id string) (*Run, error) {
	r, err := scanRun(s.db.QueryRowContext(ctx, s.q("SELECT "+runColumns+", request FROM runs WHERE id = ?"), id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return r, s.wrap("get", err)
}

// Get implements Store.
func (s *sqlStore) Get(ctx context.Context, id string) (*Run, error) {
	r, err := s.Head(ctx, id)
	if err != nil || r.ResultSize < 0 {
		return r, err
	}
	var b strings.Builder
	b.Grow(int(r.ResultSize))
	if _, err := s.WriteResult(ctx, id, &b); err != nil {
		return nil, err
	}
	r.Result = json.RawMessage(b.String())
	return r, nil
}

// WriteResult implements Store: one query per part, so no connection is
// held while the client reads, and a slow client costs one part of memory.
// The result is pinned first (see sqlStore.reading): once the run has been
// found, a deletion meanwhile cannot take its parts from this reader.
func (s *sqlStore) WriteResult(ctx context.Context, id string, w io.Writer) (int64, error) {
	rd := s.pin(id)
	defer s.unpin(id, rd)
	var size int64
	err := s.db.QueryRowContext(ctx, s.q("SELECT result_size FROM runs WHERE id = ?"), id).Scan(&size)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil || size < 0 {
		return 0, s.wrap("read result", err)
	}
	query := s.q("SELECT data FROM run_results WHERE run_id = ? AND part = ?")
	var n int64
	for part := 0; n < size; part++ {
		var data []byte
		s.dmu.RLock()
		err := s.db.QueryRowContext(ctx, query, rd.key, part).Scan(&data)
		s.dmu.RUnlock()
		if errors.Is(err, sql.ErrNoRows) {
			return n, s.wrap("read result", fmt.Errorf("run %s: part %d of its result is missing", id, part))
		}
		if err != nil {
			return n, s.wrap("read result", err)
		}
		k, err := w.Write(data)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// pin registers a reader of run id's result. It waits for a deletion in
// progress, so the reader then finds the run either deleted or pinned.
func (s *sqlStore) pin(id string) *reader {
	s.dmu.RLock()
	defer s.dmu.RUnlock()
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if s.reading == nil {
		s.reading = map[string]*reader{}
	}
	rd := s.reading[id]
	if rd == nil {
		rd = &reader{key: id}
		s.reading[id] = rd
	}
	rd.n++
	return rd
}

// unpin drops a reader; the last reader of a run deleted meanwhile removes
// the parts it kept.
func (s *sqlStore) unpin(id string, rd *reader) {
	s.dmu.RLock()
	s.rmu.Lock()
	rd.n--
	last := rd.n == 0
	if last {
		delete(s.reading, id)
	}
	s.rmu.Unlock()
	s.dmu.RUnlock()
	if !last || rd.key == id {
		return
	}
	// Not the request's context: the client may be gone, the parts
	// must go all the same (else Lock sweeps them at the next start).
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// A failure leaves them to the sweep in Lock.
	_, _ = s.db.ExecContext(ctx, s.q("DELETE FROM run_results WHERE run_id = ?"), rd.key)
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
	rows, err := s.db.QueryContext(ctx, s.q("SELECT "+runColumns+" FROM runs WHERE seq < ? ORDER BY seq DESC LIMIT ?"), before, o.Limit)
	if err != nil {
		return nil, s.wrap("list", err)
	}
	defer rows.Close()
	out := []*Run{}
	for rows.Next() {
		r, err := scanRun(rows, false)
		if err != nil {
			return nil, s.wrap("list", err)
		}
		out = append(out, r)
	}
	return out, s.wrap("list", rows.Err())
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

// Finish implements Store. The state change and the result's parts are one
// transaction: a reader that sees the run finished sees all of its result.
func (s *sqlStore) Finish(ctx context.Context, id string, o Outcome) (bool, error) {
	if !o.Status.Finished() {
		return false, fmt.Errorf("run store: Finish with status %q (want done, failed or cancelled)", o.Status)
	}
	size := int64(-1)
	if o.Result != nil {
		size = int64(len(o.Result))
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.wrap("finish", err)
	}
	defer tx.Rollback()
	// Progress becomes 1 only for a completed run; a failure keeps the
	// progress it reached, which tells how far it got.
	q := "UPDATE runs SET status = ?, result_size = ?, error = ?, summary = ?, updated_ms = ?, progress = CASE WHEN ? THEN 1 ELSE progress END WHERE id = ? AND status IN (?, ?)"
	res, err := tx.ExecContext(ctx, s.q(q), string(o.Status), size, o.Error, o.Summary, s.now().UnixMilli(), o.Status == Done, id, string(Queued), string(Running))
	if err != nil {
		return false, s.wrap("finish", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, s.wrap("finish", s.exists(ctx, id))
	}
	ins := s.q("INSERT INTO run_results (run_id, part, data) VALUES (?, ?, ?)")
	for part, off := 0, 0; off < len(o.Result); part, off = part+1, off+ResultPartSize {
		end := min(off+ResultPartSize, len(o.Result))
		if _, err := tx.ExecContext(ctx, ins, id, part, []byte(o.Result[off:end])); err != nil {
			return false, s.wrap("finish", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, s.wrap("finish", err)
	}
	return true, nil
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

// deleteWhere deletes the runs a condition on runs selects, with their
// results, in one transaction. The parts of a run whose result is being
// read (pinned) are moved to an alias instead, for its readers to finish.
func (s *sqlStore) deleteWhere(ctx context.Context, op, cond string, args ...any) (int, error) {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.wrap(op, err)
	}
	defer tx.Rollback()
	// No pin is taken or dropped while dmu is held: reading is stable.
	s.rmu.Lock()
	pinned := make([]any, 0, len(s.reading))
	for id := range s.reading {
		pinned = append(pinned, id)
	}
	s.rmu.Unlock()
	moved := map[string]string{}
	if len(pinned) > 0 {
		q := "SELECT id FROM runs WHERE (" + cond + ") AND id IN (?" + strings.Repeat(", ?", len(pinned)-1) + ")"
		rows, err := tx.QueryContext(ctx, s.q(q), append(append([]any{}, args...), pinned...)...)
		if err != nil {
			return 0, s.wrap(op, err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, s.wrap(op, err)
			}
			moved[id] = aliasPrefix + id + "~" + randomHex()
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, s.wrap(op, err)
		}
		for id, alias := range moved {
			if _, err := tx.ExecContext(ctx, s.q("UPDATE run_results SET run_id = ? WHERE run_id = ?"), alias, id); err != nil {
				return 0, s.wrap(op, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, s.q("DELETE FROM run_results WHERE run_id IN (SELECT id FROM runs WHERE "+cond+")"), args...); err != nil {
		return 0, s.wrap(op, err)
	}
	res, err := tx.ExecContext(ctx, s.q("DELETE FROM runs WHERE "+cond), args...)
	if err != nil {
		return 0, s.wrap(op, err)
	}
	n, _ := res.RowsAffected()
	if err := tx.Commit(); err != nil {
		return 0, s.wrap(op, err)
	}
	s.rmu.Lock()
	for id, alias := range moved {
		s.reading[id].key = alias
	}
	s.rmu.Unlock()
	return int(n), nil
}

func randomHex() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// Delete implements Store.
func (s *sqlStore) Delete(ctx context.Context, id string) error {
	n, err := s.deleteWhere(ctx, "delete", "id = ?", id)
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

// Prune implements Store.
func (s *sqlStore) Prune(ctx context.Context, o PruneOptions) (int, error) {
	total := 0
	if o.Keep > 0 {
		// The Keep-th newest run bounds what is kept; finished runs
		// older than it go.
		var cutoff int64
		err := s.db.QueryRowContext(ctx, s.q("SELECT seq FROM runs ORDER BY seq DESC LIMIT 1 OFFSET ?"), o.Keep-1).Scan(&cutoff)
		switch {
		case errors.Is(err, sql.ErrNoRows): // fewer runs than Keep
		case err != nil:
			return 0, s.wrap("prune", err)
		default:
			n, err := s.deleteWhere(ctx, "prune", "seq < ? AND status IN "+finishedIn, cutoff)
			if err != nil {
				return total, err
			}
			total += n
		}
	}
	if !o.Before.IsZero() {
		n, err := s.deleteWhere(ctx, "prune", "updated_ms < ? AND status IN "+finishedIn, o.Before.UnixMilli())
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// Ping implements Store.
func (s *sqlStore) Ping(ctx context.Context) error {
	var one int
	return s.wrap("ping", s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one))
}

// Lock implements Store.
func (s *sqlStore) Lock(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locked {
		return nil
	}
	if err := s.lock(ctx); err != nil {
		return err
	}
	s.locked = true
	// Parts whose run is gone were kept for readers of a run deleted
	// while read, by a process that ended before they finished: no one
	// reads them now.
	if _, err := s.db.ExecContext(ctx, "DELETE FROM run_results WHERE NOT EXISTS (SELECT 1 FROM runs WHERE runs.id = run_results.run_id)"); err != nil {
		return s.wrap("sweep deleted results", err)
	}
	return nil
}

// Close implements Store.
func (s *sqlStore) Close() error {
	s.mu.Lock()
	var uerr error
	if s.locked {
		uerr = s.unlock()
		s.locked = false
	}
	s.mu.Unlock()
	if err := s.db.Close(); err != nil {
		return err
	}
	return uerr
}
