package store

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// postgresSchema mirrors sqliteSchema. result is TEXT, not JSONB: JSONB
// would reorder keys and drop the CLI document's layout.
const postgresSchema = `
CREATE TABLE IF NOT EXISTS runs (
	seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id         TEXT             NOT NULL UNIQUE,
	kind       TEXT             NOT NULL,
	scenario   TEXT             NOT NULL DEFAULT '',
	status     TEXT             NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
	progress   DOUBLE PRECISION NOT NULL DEFAULT 0,
	created_ms BIGINT           NOT NULL,
	updated_ms BIGINT           NOT NULL,
	request    TEXT             NOT NULL,
	result     TEXT,
	error      TEXT             NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS runs_unfinished ON runs (status) WHERE status IN ('queued', 'running');
`

// OpenPostgres opens the PostgreSQL run store at url (postgres://…),
// creating its table if needed. Query parameters pgx does not know are sent
// as run-time settings, so "?search_path=myschema" selects a schema.
func OpenPostgres(ctx context.Context, url string) (Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("run store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("run store: connect to postgres: %w", err)
	}
	// Two servers starting at once must not both create the table: a
	// transaction-scoped advisory lock serialises the schema set-up.
	tx, err := db.BeginTx(ctx, nil)
	if err == nil {
		if _, err = tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7325001)"); err == nil {
			_, err = tx.ExecContext(ctx, postgresSchema)
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
	return newSQLStore(db, "postgres", true), nil
}
