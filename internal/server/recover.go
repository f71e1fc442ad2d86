package server

import (
	"errors"
	"net/http"

	"github.com/tradebloc/tradebloc/internal/executor"
)

// recoverPanics answers a handler's panic (a bug) with a JSON 500, as every
// API error is answered, and logs the panic with its stack in the server's
// log. net/http's own recovery drops the connection, so the client saw an
// empty reply or a reset and the stack went to stderr, not to the log. A
// panic after the status line was sent still aborts the connection — the
// only way left to tell the client the answer is incomplete — and
// http.ErrAbortHandler, a deliberate abort (writeRunDoc), passes through.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &startedWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			value, stack := executor.RecoveredPanic(v)
			s.log.Error("an HTTP handler panicked (a bug)", "method", r.Method, "path", r.URL.Path, "panic", value, "stack", stack, "answered", !sw.started)
			if sw.started {
				panic(http.ErrAbortHandler)
			}
			// Headers the handler set for the answer it did not send.
			for _, k := range []string{"Content-Length", "Content-Encoding", "Content-Disposition", "Allow", "Retry-After"} {
				w.Header().Del(k)
			}
			// Not the panic value: it may show the server's internals;
			// the log has it.
			writeError(w, http.StatusInternalServerError, "internal error: the server failed on "+r.Method+" "+quoteID(r.URL.Path)+
				"; this is a bug, please report it (the server's log has the details)")
		}()
		next.ServeHTTP(sw, r)
	})
}

// startedWriter notes whether the response has started (its status line
// sent), after which an error can no longer be answered.
type startedWriter struct {
	http.ResponseWriter
	started bool
}

func (w *startedWriter) WriteHeader(code int) {
	if code >= 200 { // 1xx answers are informational: the real one is still due
		w.started = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *startedWriter) Write(p []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *startedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// connWriter is the connection's own writer under recoverPanics' wrapper:
// http.MaxBytesReader marks a response whose body was too large (to close
// the connection after it) only on net/http's writer.
func connWriter(w http.ResponseWriter) http.ResponseWriter {
	if sw, ok := w.(*startedWriter); ok {
		return sw.ResponseWriter
	}
	return w
}
