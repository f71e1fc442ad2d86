package server

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
)

// uiFS is the web UI: our own HTML, CSS and JS (no third-party files), and
// the hand-written OpenAPI document.
//
//go:embed ui
var uiFS embed.FS

// csp allows only this origin's scripts, styles and connections: no inline
// script, no framing, no plugins.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /api/v1/openapi.json", serveFile("ui/openapi.json", "application/json; charset=utf-8"))
	mux.HandleFunc("GET /api/v1/scenarios", s.handleScenarios)
	mux.HandleFunc("GET /api/v1/playbooks", s.handlePlaybooks)
	mux.HandleFunc("GET /api/v1/plans", s.handlePlans)
	mux.HandleFunc("POST /api/v1/runs", s.handleCreateRun)
	mux.HandleFunc("GET /api/v1/runs", s.handleListRuns)
	mux.HandleFunc("GET /api/v1/runs/{id}", s.handleGetRun)
	mux.HandleFunc("DELETE /api/v1/runs/{id}", s.handleDelete)
	mux.HandleFunc("POST /api/v1/runs/{id}/cancel", s.handleCancel)

	static, _ := fs.Sub(uiFS, "ui")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	// The UI is one page; /runs/{id} and /compare are its stable links.
	index := serveFile("ui/index.html", "text/html; charset=utf-8")
	mux.HandleFunc("GET /{$}", index)
	mux.HandleFunc("GET /runs/{id}", index)
	mux.HandleFunc("GET /compare", index)
	// Browsers ask for /favicon.ico whatever the page links: our own icon.
	mux.HandleFunc("GET /favicon.ico", serveFile("ui/icon.svg", "image/svg+xml"))
	// Whatever no pattern takes is answered in JSON, as every API error
	// is (ServeMux's own 404 and 405 are text/plain).
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// A path asked with the wrong method is a 405 naming the
		// methods it takes, not a "not found".
		if allow := allowedMethods(mux, r, "/"); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s (allowed: %s; see /api/v1/openapi.json)", r.Method, quoteID(r.URL.Path), strings.Join(allow, ", ")))
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeError(w, http.StatusNotFound, "no such API endpoint: "+r.Method+" "+quoteID(r.URL.Path)+" (see /api/v1/openapi.json)")
			return
		}
		writeError(w, http.StatusNotFound, "no such page: "+quoteID(r.URL.Path)+" (the UI is at /, the API at /api/v1/, described at /api/v1/openapi.json)")
	})

	// Cross-origin protection refuses state-changing requests that a
	// browser sends from another site (Sec-Fetch-Site / Origin), so a web
	// page cannot make a colleague's browser queue runs on a server bound
	// to their loopback. curl and scripts send neither header and pass.
	cop := http.NewCrossOriginProtection()
	// Refused as every API error is, in JSON, not the default text/plain.
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross-origin request refused: a page of another site may not change runs here (send it from this server's own pages, or from a script without Origin and Sec-Fetch-Site headers)")
	}))
	// Outermost, so that a panic anywhere below is answered in JSON.
	return s.recoverPanics(s.checkHost(securityHeaders(cop.Handler(mux))))
}

// checkHost answers 403 to a request whose Host is not an allowed name
// (Config.AllowedHosts). On loopback this stops DNS rebinding: a hostile
// page whose name has been pointed at 127.0.0.1 sends its own name as Host.
func (s *Server) checkHost(next http.Handler) http.Handler {
	if len(s.cfg.AllowedHosts) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hostAllowed(r.Host, s.cfg.AllowedHosts) {
			writeError(w, http.StatusForbidden, fmt.Sprintf("host %q is not served here (allowed: %s; start the server with --allowed-host NAME to add one)",
				r.Host, strings.Join(s.cfg.AllowedHosts, ", ")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedMethods lists the methods for which mux has a pattern matching
// r's path other than catchAll (HEAD with GET, as ServeMux serves it).
func allowedMethods(mux *http.ServeMux, r *http.Request, catchAll string) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != catchAll {
			out = append(out, m)
		}
	}
	return out
}

func serveFile(name, contentType string) http.HandlerFunc {
	b, err := uiFS.ReadFile(name)
	if err != nil {
		panic("server: embedded " + name + " missing") // a build error, caught by tests
	}
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(b)
	}
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" {
			h.Set("Cache-Control", "no-store") // runs change; never serve a stale status
		}
		next.ServeHTTP(w, r)
	})
}
