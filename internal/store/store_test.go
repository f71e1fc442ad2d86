package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
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
