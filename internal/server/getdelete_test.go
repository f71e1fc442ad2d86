package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/store"
)

// checkGetAnswer checks one GET of a run that is being deleted: either the
// whole document (200, Content-Length bytes of JSON holding the result) or
// a clean 404 in JSON — never a 200 cut off or a dropped connection.
func checkGetAnswer(t *testing.T, resp *http.Response, body []byte, readErr error, result json.RawMessage) (whole bool) {
	t.Helper()
	if readErr != nil {
		t.Errorf("status %d, then the transfer failed after %d bytes (Content-Length %d): %v", resp.StatusCode, len(body), resp.ContentLength, readErr)
		return false
	}
	switch resp.StatusCode {
	case http.StatusOK:
		var doc RunDoc
		if err := json.Unmarshal(body, &doc); err != nil || int64(len(body)) != resp.ContentLength {
			t.Errorf("200 with %d bytes of Content-Length %d: %v", len(body), resp.ContentLength, err)
			return false
		}
		if !bytes.Equal(doc.Result, bytes.TrimSuffix(result, []byte("\n"))) {
			t.Errorf("200 with a result of %d bytes, want the stored %d", len(doc.Result), len(result))
		}
		return true
	case http.StatusNotFound:
		var e struct{ Error string }
		if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
			t.Errorf("404 without a JSON error: %q", body)
		}
	default:
		t.Errorf("status %d: %s", resp.StatusCode, body)
	}
	return false
}

// TestGetRacingDelete is the review's reproduction (H6): six clients fetch
// a 5.4 MB result while it is deleted 50 ms after the first GET. Each gets
// the whole document or a 404 (was: 4 of 6 got 200 with 1.3–4.2 MB of
// invalid JSON, shorter than their Content-Length). The clients read
// slowly, so the deletion lands while the result is being streamed.
func TestGetRacingDelete(t *testing.T) {
	ts := newTestServer(t, Config{})
	result := bigResult(5400 << 10)
	storeResult(t, ts.store, "race", result)
	var wg sync.WaitGroup
	started := make(chan struct{})
	var once sync.Once
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() { close(started) })
			resp, err := http.Get(ts.url + "/api/v1/runs/race")
			if err != nil {
				t.Errorf("GET: %v", err)
				return
			}
			defer resp.Body.Close()
			var body bytes.Buffer
			buf := make([]byte, 256<<10)
			var rerr error
			for {
				n, err := resp.Body.Read(buf)
				body.Write(buf[:n])
				if err != nil {
					if err != io.EOF {
						rerr = err
					}
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			checkGetAnswer(t, resp, body.Bytes(), rerr, result)
		}()
	}
	<-started
	time.Sleep(50 * time.Millisecond)
	if resp := ts.do(t, "DELETE", "/api/v1/runs/race", nil, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE: %d", resp.StatusCode)
	}
	wg.Wait()
	ts.errorOf(t, "GET", "/api/v1/runs/race", nil, http.StatusNotFound)
}

// hookStore calls beforeWrite as WriteResult starts, before the store reads
// anything: there a test deletes the run between the server's Head and its
// reading of the result.
type hookStore struct {
	store.Store
	beforeWrite func(id string)
}

func (h *hookStore) WriteResult(ctx context.Context, id string, w io.Writer) (int64, error) {
	if h.beforeWrite != nil {
		h.beforeWrite(id)
	}
	return h.Store.WriteResult(ctx, id, w)
}

// TestGetDeletedBeforeResult: a run deleted after GET has read its status
// but before it reads the result is a clean 404 in JSON, not a 200 whose
// connection is then dropped.
func TestGetDeletedBeforeResult(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	hs := &hookStore{Store: st}
	srv, err := New(context.Background(), Config{Store: hs, Version: testVersion})
	if err != nil {
		t.Fatal(err)
	}
	h := newHTTPTest(srv)
	t.Cleanup(func() {
		h.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = srv.Close(ctx)
		st.Close()
	})
	ts := &testServer{Server: srv, url: h.URL, store: hs}
	result := bigResult(3 * store.ResultPartSize)
	storeResult(t, st, "gone", result)
	hs.beforeWrite = func(id string) {
		if err := st.Delete(context.Background(), id); err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Error(err)
		}
	}
	resp, err := http.Get(ts.url + "/api/v1/runs/gone")
	if err != nil {
		t.Fatal(err)
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	checkGetAnswer(t, resp, body, rerr, result)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status %d, want 404", resp.StatusCode)
	}
}
