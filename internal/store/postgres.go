package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/tradebloc/tradebloc/internal/errs"
)

// postgresSchema mirrors sqliteSchema. Results are BYTEA parts, not JSONB:
// JSONB would reorder keys and drop the CLI document's layout.
const postgresSchema = `
CREATE TABLE IF NOT EXISTS runs (
	seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id          TEXT             NOT NULL UNIQUE,
	kind        TEXT             NOT NULL,
	scenario    TEXT             NOT NULL DEFAULT '',
	status      TEXT             NOT NULL CONSTRAINT runs_status_check CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
	progress    DOUBLE PRECISION NOT NULL DEFAULT 0,
	created_ms  BIGINT           NOT NULL,
	updated_ms  BIGINT           NOT NULL,
	request     TEXT             NOT NULL,
	result_size BIGINT           NOT NULL DEFAULT -1,
	error       TEXT             NOT NULL DEFAULT '',
	summary     TEXT             NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS runs_unfinished ON runs (status) WHERE status IN ('queued', 'running');
CREATE TABLE IF NOT EXISTS run_results (
	run_id TEXT    NOT NULL,
	part   INTEGER NOT NULL,
	data   BYTEA   NOT NULL,
	PRIMARY KEY (run_id, part)
);
`

// Advisory lock keys (pg_advisory_*(key1, key2)): schema set-up, and the
// lock a server holds on its schema's runs for its lifetime.
const (
	pgSchemaLockKey = 7325001
	pgServerLockKey = 7325002
)

// OpenPostgres opens the PostgreSQL run store at url (postgres://…),
// creating its tables if needed and upgrading those of version 1. Query
// parameters pgx does not know are sent as run-time settings, so
// "?search_path=myschema" selects a schema.
//
// A URL pgx cannot parse is an errs.Invalid error; a server that does not
// answer is not (the URL may be right and the server down).
func OpenPostgres(ctx context.Context, url string) (Store, error) {
	if _, err := pgx.ParseConfig(url); err != nil {
		return nil, &errs.Error{Op: "run store", Kind: errs.Invalid, Err: fmt.Errorf("postgres URL: %w", err)}
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("run store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("run store: connect to postgres: %w", err)
	}
	// Two servers starting at once must not both create the tables: a
	// transaction-scoped advisory lock serialises the set-up.
	tx, err := db.BeginTx(ctx, nil)
	if err == nil {
		if _, err = tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", pgSchemaLockKey); err == nil {
			err = migratePostgres(ctx, tx)
		}
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("run store: postgres schema: %w", err)
	}
	s := newSQLStore(db, "postgres", true)
	// A session-level advisory lock, keyed by the schema, held on one
	// connection set aside for it: the server's claim on these runs. The
	// database drops it when the connection ends, so a crashed server
	// leaves no stale lock.
	var conn *sql.Conn
	s.lock = func(ctx context.Context) error {
		c, err := db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("run store (postgres): lock: %w", err)
		}
		var ok bool
		if err := c.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, hashtext(current_schema()))", pgServerLockKey).Scan(&ok); err != nil {
			c.Close()
			return fmt.Errorf("run store (postgres): lock: %w", err)
		}
		if !ok {
			c.Close()
			return fmt.Errorf("%w (PostgreSQL advisory lock %d on this schema is held)", ErrLocked, pgServerLockKey)
		}
		conn = c
		return nil
	}
	s.unlock = func() error {
		if conn == nil {
			return nil
		}
		// Release the lock on its own session first: closing the
		// connection ends the session too, but the server notices that
		// asynchronously, so a store opened right after could still find
		// the lock held.
		_, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", pgServerLockKey)
		return errors.Join(err, conn.Close())
	}
	return s, nil
}

// migratePostgres creates the tables, or upgrades those of version 1
// (status without 'cancelled', the result in a column of runs, no summary).
func migratePostgres(ctx context.Context, tx *sql.Tx) error {
	var v1 bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'runs' AND column_name = 'result')`).Scan(&v1)
	if err != nil {
		return err
	}
	if !v1 {
		_, err := tx.ExecContext(ctx, postgresSchema)
		return err
	}
	for _, q := range []string{
		"ALTER TABLE runs DROP CONSTRAINT IF EXISTS runs_status_check",
		"ALTER TABLE runs ADD CONSTRAINT runs_status_check CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled'))",
		"ALTER TABLE runs ADD COLUMN IF NOT EXISTS result_size BIGINT NOT NULL DEFAULT -1",
		"ALTER TABLE runs ADD COLUMN IF NOT EXISTS summary TEXT NOT NULL DEFAULT ''",
		postgresSchema,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	// Move each result into parts; a part boundary may split a UTF-8
	// sequence, which BYTEA does not mind.
	rows, err := tx.QueryContext(ctx, "SELECT id, convert_to(result, 'UTF8') FROM runs WHERE result IS NOT NULL")
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
			if _, err := tx.ExecContext(ctx, "INSERT INTO run_results (run_id, part, data) VALUES ($1, $2, $3)", r.id, part, r.data[off:min(off+ResultPartSize, len(r.data))]); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE runs SET result_size = $1 WHERE id = $2", len(r.data), r.id); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, "ALTER TABLE runs DROP COLUMN result")
	return err
}
