package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// sqliteSchema is version 2 of the tables. seq is the creation order
// (AUTOINCREMENT never reuses a number, so a page cursor stays valid after
// deletions); a result is kept as the command's JSON bytes as produced, in
// parts of ResultPartSize in run_results, so that a run's result is byte
// for byte what the CLI would print and can be read back a part at a time.
const sqliteSchema = `
CREATE TABLE IF NOT EXISTS runs (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	id          TEXT    NOT NULL UNIQUE,
	kind        TEXT    NOT NULL,
	scenario    TEXT    NOT NULL DEFAULT '',
	status      TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
	progress    REAL    NOT NULL DEFAULT 0,
	created_ms  INTEGER NOT NULL,
	updated_ms  INTEGER NOT NULL,
	request     TEXT    NOT NULL,
	result_size INTEGER NOT NULL DEFAULT -1,
	error       TEXT    NOT NULL DEFAULT '',
	summary     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS runs_unfinished ON runs (status) WHERE status IN ('queued', 'running');
CREATE TABLE IF NOT EXISTS run_results (
	run_id TEXT    NOT NULL,
	part   INTEGER NOT NULL,
	data   BLOB    NOT NULL,
	PRIMARY KEY (run_id, part)
);
`

// sqliteVersion is the user_version of sqliteSchema.
const sqliteVersion = 2

// OpenSQLite opens (creating if needed) the SQLite run store at path,
// upgrading a version 1 database. The database runs in WAL mode, so readers
// (the run list) never wait for the worker writing a result, with a busy
// timeout so concurrent writers queue instead of failing with SQLITE_BUSY.
//
// A path that cannot be a run store (its directory missing, a directory, a
// file that is not a SQLite database, a database of a newer tradebloc) is
// an errs.Invalid error naming the file: the caller's input is at fault.
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, &errs.Error{Op: "run store", Kind: errs.Invalid, Err: fmt.Errorf("bad SQLite path %q (a file name without ? or #)", path)}
	}
	if err := checkSQLitePath(path); err != nil {
		return nil, err
	}
	dsn := path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("run store: open %s: %w", path, err)
	}
	// One writer at a time is SQLite's rule; a few connections let reads
	// proceed beside it without a pile of idle handles.
	db.SetMaxOpenConns(4)
	if err := migrateSQLite(ctx, db); err != nil {
		db.Close()
		return nil, sqliteOpenError(path, err)
	}
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		db.Close()
		return nil, fmt.Errorf("run store: %s: journal mode %q, want wal (%v)", path, mode, err)
	}
	s := newSQLStore(db, "sqlite", false)
	var lock *os.File
	s.lock = func(context.Context) error {
		f, err := lockFile(path + ".lock")
		if err != nil {
			return fmt.Errorf("%w (%s is locked: %v)", ErrLocked, path, err)
		}
		lock = f
		return nil
	}
	s.unlock = func() error { return lock.Close() } // closing releases the lock
	return s, nil
}

// checkSQLitePath refuses, with a message that says why, a path SQLite
// could only answer "unable to open database file" for.
func checkSQLitePath(path string) error {
	bad := func(format string, args ...any) error {
		return &errs.Error{Op: "run store", Kind: errs.Invalid, File: path, Err: fmt.Errorf(format, args...)}
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return bad("is a directory; name a SQLite file (e.g. %s)", filepath.Join(path, "runs.db"))
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return bad("%v", err)
	}
	// A new database: its directory must exist (it is not created, so
	// a mistyped path is not silently a new, empty store).
	dir := filepath.Dir(path)
	switch st, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return bad("directory %s does not exist (create it, or name a file in an existing one)", dir)
	case err != nil:
		return bad("%v", err)
	case !st.IsDir():
		return bad("%s is not a directory", dir)
	}
	return nil
}

// sqliteOpenError says what SQLite's error on opening path means: a file
// that is not a database, or one SQLite cannot open, is bad input; other
// failures (I/O, a full disk) are not.
func sqliteOpenError(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary result code
		case sqlite3.SQLITE_NOTADB:
			return &errs.Error{Op: "run store", Kind: errs.Invalid, File: path, Err: fmt.Errorf("not a SQLite database (%v)", err)}
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY:
			return &errs.Error{Op: "run store", Kind: errs.Invalid, File: path, Err: err}
		}
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return &errs.Error{Op: "run store", Kind: e.Kind, File: path, Err: err}
	}
	return fmt.Errorf("run store: %s: %w", path, err)
}

// migrateSQLite creates the tables, or upgrades version 1 (status without
// 'cancelled', the result in a column of runs, no summary) in one
// transaction.
func migrateSQLite(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version == 1 {
		if err := upgradeSQLite1(ctx, tx); err != nil {
			return fmt.Errorf("upgrading the runs table: %w", err)
		}
	}
	if version > sqliteVersion {
		return &errs.Error{Kind: errs.Invalid, Err: fmt.Errorf("database version %d is newer than this tradebloc knows (%d)", version, sqliteVersion)}
	}
	if _, err := tx.ExecContext(ctx, sqliteSchema); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", sqliteVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// upgradeSQLite1 rebuilds a version 1 runs table (SQLite cannot alter a
// CHECK constraint) and moves its results into parts. The AUTOINCREMENT
// counter is carried over, so sequence numbers are never reused.
func upgradeSQLite1(ctx context.Context, tx *sql.Tx) error {
	var next sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT seq FROM sqlite_sequence WHERE name = 'runs'").Scan(&next); err != nil && err != sql.ErrNoRows {
		return err
	}
	if _, err := tx.ExecContext(ctx, "ALTER TABLE runs RENAME TO runs_v1; DROP INDEX IF EXISTS runs_unfinished"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, sqliteSchema); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO runs (seq, id, kind, scenario, status, progress, created_ms, updated_ms, request, result_size, error)
		SELECT seq, id, kind, scenario, status, progress, created_ms, updated_ms, request, COALESCE(length(CAST(result AS BLOB)), -1), error FROM runs_v1`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, CAST(result AS BLOB) FROM runs_v1 WHERE result IS NOT NULL")
	if err != nil {
		return err
	}
	type res struct {
		id   string
		data []byte
	}
	var results []res
	for rows.Next() {
		var r res
		if err := rows.Scan(&r.id, &r.data); err != nil {
			rows.Close()
			return err
		}
		results = append(results, r)
	}
	rows.Close()
	for _, r := range results {
		for part, off := 0, 0; off < len(r.data); part, off = part+1, off+ResultPartSize {
			if _, err := tx.ExecContext(ctx, "INSERT INTO run_results (run_id, part, data) VALUES (?, ?, ?)", r.id, part, r.data[off:min(off+ResultPartSize, len(r.data))]); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE runs_v1"); err != nil {
		return err
	}
	if next.Valid {
		if _, err := tx.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'runs'", next.Int64); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) SELECT 'runs', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'runs')", next.Int64); err != nil {
			return err
		}
	}
	return nil
}
