package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/store"
)

const testVersion = "test-1"

type testServer struct {
	*Server
	url   string
	store store.Store
	path  string
}

// newTestServer starts a server over a fresh SQLite store on loopback.
func newTestServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "runs.db")
	return startTestServer(t, cfg, path)
}

func startTestServer(t *testing.T, cfg Config, path string) *testServer {
	t.Helper()
	return startWrappedServer(t, cfg, path, nil)
}

// startWrappedServer is startTestServer with the server's store wrapped by
// wrap (nil: not wrapped), for a test that makes the store misbehave.
func startWrappedServer(t *testing.T, cfg Config, path string, wrap func(store.Store) store.Store) *testServer {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store = st
	if wrap != nil {
		cfg.Store = wrap(st)
	}
	if cfg.Version == "" {
		cfg.Version = testVersion
	}
	srv, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	ts := &testServer{Server: srv, url: hs.URL, store: st, path: path}
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = srv.Close(ctx)
		st.Close()
	})
	return ts
}

// do sends a request and decodes a JSON answer into out (if not nil).
func (ts *testServer) do(t *testing.T, method, path string, body any, out any) *http.Response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		enc, _ := json.Marshal(b)
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, ts.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d, decoding %q: %v", method, path, resp.StatusCode, b, err)
		}
	}
	return resp
}

// post creates a run and returns its ID, failing unless the answer is 201.
func (ts *testServer) post(t *testing.T, body any) string {
	t.Helper()
	var out struct{ ID, Status string }
	resp := ts.do(t, "POST", "/api/v1/runs", body, &out)
	if resp.StatusCode != http.StatusCreated || out.ID == "" || out.Status != "queued" {
		t.Fatalf("POST %v: %d %+v", body, resp.StatusCode, out)
	}
	return out.ID
}

// wait polls a run until it has finished.
func (ts *testServer) wait(t *testing.T, id string, within time.Duration) RunDoc {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var doc RunDoc
		ts.do(t, "GET", "/api/v1/runs/"+id, nil, &doc)
		if doc.Status.Finished() {
			return doc
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %s still %s after %s", id, doc.Status, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// errorOf checks an error answer's status and returns its message.
func (ts *testServer) errorOf(t *testing.T, method, path string, body any, want int) string {
	t.Helper()
	var out struct{ Error string }
	resp := ts.do(t, method, path, body, &out)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d (%q), want %d", method, path, resp.StatusCode, out.Error, want)
	}
	if out.Error == "" {
		t.Fatalf("%s %s: no error message", method, path)
	}
	return out.Error
}
