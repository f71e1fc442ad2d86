package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/tradebloc/tradebloc/internal/store"
	"github.com/tradebloc/tradebloc/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) (store.Store, func() store.Store) {
		path := filepath.Join(t.TempDir(), "runs.db")
		open := func() store.Store {
			s, err := store.OpenSQLite(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		return open(), open
	})
}

// TestPostgres runs the suite against the server named by
// TRADEBLOC_TEST_PG (a postgres:// URL; .ci/run starts one). Each store gets
// a schema of its own, dropped afterwards. Under CI the variable is
// required: a silently skipped database test would prove nothing.
func TestPostgres(t *testing.T) {
	base := os.Getenv("TRADEBLOC_TEST_PG")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but TRADEBLOC_TEST_PG is not: .ci/run must start PostgreSQL and export its URL")
		}
		t.Skip("TRADEBLOC_TEST_PG not set (a postgres:// URL); skipping the PostgreSQL store")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if err := admin.Ping(); err != nil {
		t.Fatalf("TRADEBLOC_TEST_PG=%s: %v", base, err)
	}
	storetest.Run(t, func(t *testing.T) (store.Store, func() store.Store) {
		b := make([]byte, 6)
		rand.Read(b)
		schema := "tbtest_" + hex.EncodeToString(b)
		if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		open := func() store.Store {
			s, err := store.Open(context.Background(), u.String())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		return open(), open
	})
}

func TestOpenDefaultPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	p, err := store.DefaultPath()
	if err != nil || p != filepath.Join(dir, "tradebloc", "runs.db") {
		t.Fatalf("DefaultPath = %q, %v", p, err)
	}
	s, err := store.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(p); err != nil {
		t.Errorf("the default database was not created: %v", err)
	}
}

// v1Schema is the runs table as version 1 wrote it (status without
// 'cancelled', the result in a column, no summary), for the upgrade tests.
const v1Schema = `CREATE TABLE runs (
	seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, scenario TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')), progress REAL NOT NULL DEFAULT 0,
	created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, request TEXT NOT NULL, result TEXT, error TEXT NOT NULL DEFAULT '');
CREATE INDEX runs_unfinished ON runs (status) WHERE status IN ('queued', 'running');
PRAGMA user_version = 1;`

// v1Result is a stored result of version 1, longer than a part and with
// non-ASCII text.
var v1Result = `{"name": "Côte d'Ivoire", "pad": "` + strings.Repeat("x", store.ResultPartSize) + `"}`

// checkUpgraded checks a store opened over a version 1 database.
func checkUpgraded(t *testing.T, s store.Store, lastSeq int64) {
	t.Helper()
	ctx := context.Background()
	g, err := s.Get(ctx, "done1")
	if err != nil || g.Status != store.Done || string(g.Result) != v1Result || g.ResultSize != int64(len(v1Result)) {
		t.Fatalf("done1 after the upgrade: %v %+v", err, g)
	}
	if g, err := s.Get(ctx, "q1"); err != nil || g.Status != store.Queued || g.Result != nil || g.ResultSize != -1 {
		t.Fatalf("q1 after the upgrade: %v %+v", err, g)
	}
	r := &store.Run{ID: "new", Kind: "solve", Request: json.RawMessage(`{}`)}
	if err := s.Create(ctx, r); err != nil || r.Seq <= lastSeq {
		t.Fatalf("a new run got seq %d (%v); the old counter was %d", r.Seq, err, lastSeq)
	}
	if ok, err := s.Finish(ctx, "q1", store.Outcome{Status: store.Cancelled, Error: "cancelled by request"}); !ok || err != nil {
		t.Fatalf("cancelling after the upgrade: %v %v", ok, err)
	}
}

// TestSQLiteUpgradeV1: a version 1 database is upgraded in place, keeping
// its runs, results and sequence counter.
func TestSQLiteUpgradeV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{v1Schema,
		`INSERT INTO runs (id, kind, status, created_ms, updated_ms, request) VALUES ('q1', 'solve', 'queued', 1, 1, '{}')`,
		`INSERT INTO runs (id, kind, status, created_ms, updated_ms, request, result, progress) VALUES ('done1', 'solve', 'done', 1, 2, '{}', '` + strings.ReplaceAll(v1Result, "'", "''") + `', 1)`,
		`INSERT INTO runs (id, kind, status, created_ms, updated_ms, request) VALUES ('gone', 'solve', 'failed', 1, 1, '{}')`,
		`DELETE FROM runs WHERE id = 'gone'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkUpgraded(t, s, 3)
}

// TestPostgresUpgradeV1 upgrades a version 1 schema on PostgreSQL.
func TestPostgresUpgradeV1(t *testing.T) {
	base := os.Getenv("TRADEBLOC_TEST_PG")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but TRADEBLOC_TEST_PG is not")
		}
		t.Skip("TRADEBLOC_TEST_PG not set")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tbtest_v1_" + hex.EncodeToString(b)
	defer admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	for _, q := range []string{"CREATE SCHEMA " + schema,
		`CREATE TABLE ` + schema + `.runs (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
			scenario TEXT NOT NULL DEFAULT '', status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
			progress DOUBLE PRECISION NOT NULL DEFAULT 0, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL, request TEXT NOT NULL,
			result TEXT, error TEXT NOT NULL DEFAULT '')`,
		`INSERT INTO ` + schema + `.runs (id, kind, status, created_ms, updated_ms, request) VALUES ('q1', 'solve', 'queued', 1, 1, '{}')`,
		`INSERT INTO ` + schema + `.runs (id, kind, status, created_ms, updated_ms, request, result, progress) VALUES ('done1', 'solve', 'done', 1, 2, '{}', '` + strings.ReplaceAll(v1Result, "'", "''") + `', 1)`,
		`INSERT INTO ` + schema + `.runs (id, kind, status, created_ms, updated_ms, request) VALUES ('gone', 'solve', 'failed', 1, 1, '{}')`,
		`DELETE FROM ` + schema + `.runs WHERE id = 'gone'`,
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := store.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkUpgraded(t, s, 3)
}

// checkSweep: parts left without a run (kept for a reader of a run deleted
// while read, by a process that ended before the reader finished) are
// removed when a server takes the database (Lock); a live run's stay.
// table is the run_results table as raw can name it.
func checkSweep(t *testing.T, s store.Store, raw *sql.DB, table, ph string) {
	t.Helper()
	ctx := context.Background()
	live := json.RawMessage(`{"pad": "` + strings.Repeat("x", store.ResultPartSize) + `"}`)
	if err := s.Create(ctx, &store.Run{ID: "live", Kind: "solve", Request: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Finish(ctx, "live", store.Outcome{Status: store.Done, Result: live}); !ok || err != nil {
		t.Fatal(ok, err)
	}
	for part := 0; part < 2; part++ {
		if _, err := raw.Exec("INSERT INTO "+table+" (run_id, part, data) VALUES ("+ph+")", "~deleted~gone~0123", part, []byte("xx")); err != nil {
			t.Fatal(err)
		}
	}
	count := func(id string) int {
		var n int
		if err := raw.QueryRow("SELECT count(*) FROM " + table + " WHERE run_id = '" + id + "'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := s.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count("~deleted~gone~0123"); n != 0 {
		t.Errorf("%d parts of a deleted run left after Lock, want 0", n)
	}
	if g, err := s.Get(ctx, "live"); err != nil || string(g.Result) != string(live) || count("live") != 2 {
		t.Errorf("the live run's result after Lock: %v, %d bytes, %d parts", err, len(g.Result), count("live"))
	}
}

func TestSQLiteLockSweepsDeletedResults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	s, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	checkSweep(t, s, raw, "run_results", "?, ?, ?")
}

func TestPostgresLockSweepsDeletedResults(t *testing.T) {
	base := os.Getenv("TRADEBLOC_TEST_PG")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but TRADEBLOC_TEST_PG is not")
		}
		t.Skip("TRADEBLOC_TEST_PG not set")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "tbtest_sweep_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := store.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkSweep(t, s, admin, schema+".run_results", "$1, $2, $3")
}
