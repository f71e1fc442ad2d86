package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

// sqliteSchema is version 1 of the runs table. seq is the creation order
// (AUTOINCREMENT never reuses a number, so a page cursor stays valid after
// deletions); result holds the command's JSON text as produced, so a run's
// result is byte for byte what the CLI would print.
const sqliteSchema = `
CREATE TABLE IF NOT EXISTS runs (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	id         TEXT    NOT NULL UNIQUE,
	kind       TEXT    NOT NULL,
	scenario   TEXT    NOT NULL DEFAULT '',
	status     TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
	progress   REAL    NOT NULL DEFAULT 0,
	created_ms INTEGER NOT NULL,
	updated_ms INTEGER NOT NULL,
	request    TEXT    NOT NULL,
	result     TEXT,
	error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS runs_unfinished ON runs (status) WHERE status IN ('queued', 'running');
PRAGMA user_version = 1;
`

// OpenSQLite opens (creating if needed) the SQLite run store at path. The
// database runs in WAL mode, so readers (the run list) never wait for the
// worker writing a result, with a busy timeout so concurrent writers queue
// instead of failing with SQLITE_BUSY.
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("run store: bad SQLite path %q", path)
	}
	dsn := path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("run store: open %s: %w", path, err)
	}
	// One writer at a time is SQLite's rule; a few connections let reads
	// proceed beside it without a pile of idle handles.
	db.SetMaxOpenConns(4)
	if _, err := db.ExecContext(ctx, sqliteSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("run store: %s: %w", path, err)
	}
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		db.Close()
		return nil, fmt.Errorf("run store: %s: journal mode %q, want wal (%v)", path, mode, err)
	}
	return newSQLStore(db, "sqlite", false), nil
}
