package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/store"
)

// Config configures a Server. Zero values mean the documented defaults.
type Config struct {
	Store   store.Store // where runs are kept (required)
	DataDir string      // datasets a posted scenario may name ("" = embedded data only)
	Workers int         // runs executed at once (default 2)
	Queue   int         // runs waiting beyond those (default 100); more get 503
	// RunTimeout bounds one run (default DefaultRunTimeout); a run past it
	// fails.
	RunTimeout time.Duration
	// CoalitionWorkers is the solver goroutines of one coalition, simulate
	// or plan run (default all cores, as the CLI: these are the long runs).
	CoalitionWorkers int
	// Executor, when set, computes the coalition and plan runs' units (the
	// NATS workers of `serve --nats`); nil = this process's cores.
	Executor executor.Executor
	// SanctionsDir holds the TIES and Martin (1992) files whose statistics
	// playbook runs show, as `playbooks run --sanctions-dir` ("" = the
	// statistics embedded in the binary).
	SanctionsDir string
	Version      string       // recorded in solve provenance, as the CLI does
	Logger       *slog.Logger // default: discard

	// KeepRuns and KeepFor are the retention of finished runs: keep the
	// KeepRuns newest runs, and none that finished more than KeepFor ago
	// (0 = no limit). Unfinished runs are never deleted.
	KeepRuns int
	KeepFor  time.Duration
	// AllowedHosts, when set, are the only host names (Host header, port
	// ignored) the server answers; others get 403. A server bound to
	// loopback sets LoopbackHosts (plus --allowed-host), which stops DNS
	// rebinding: a web page whose name resolves to 127.0.0.1 cannot read
	// the runs. nil answers any host.
	AllowedHosts []string
	// PlanSolvesPerSecond is the pace, per worker, at which a plan run's
	// size is judged against RunTimeout when it is posted (default
	// DefaultPlanSolvesPerSecond).
	PlanSolvesPerSecond float64
}

// Defaults.
const (
	DefaultWorkers = 2
	DefaultQueue   = 100
	// DefaultRunTimeout is long enough for the longest built-in job, the
	// coalition-of-the-compelled game on icio-2022 with its bands (it timed
	// out at 74% of 10 minutes on a loaded 2-core machine; without bands
	// it took 580 s there), with room to spare.
	DefaultRunTimeout = 30 * time.Minute
	// DefaultPlanSolvesPerSecond is a conservative pace of plan draws per
	// worker (the built-in plan runs about 270 solves a second per core).
	DefaultPlanSolvesPerSecond = 150
	// MaxBody is the largest request body accepted (413 beyond it).
	MaxBody = 1 << 20
)

// Server executes runs and serves the API and UI. Create it with New, serve
// Handler, and Close it to stop the workers.
type Server struct {
	cfg   Config
	store store.Store
	log   *slog.Logger

	jobs   chan *job
	base   context.Context // parent of every run's context; cancelled by Close
	stop   context.CancelCauseFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	queued int             // jobs accepted but not yet taken by a worker
	active map[string]*job // queued or running in this process
	closed bool

	handler http.Handler
	// beforeRun, if set (by tests), is called by a worker as a run starts,
	// so a test can hold workers busy deterministically.
	beforeRun func(id string)
	// retryDelays are the waits between tries of a failing store write
	// at the end of a run.
	retryDelays []time.Duration
	// paths are the server's own directories and the names errors give
	// them instead (scrub).
	paths [][2]string
}

var errShutdown = errors.New("interrupted by server shutdown")

// New fails the runs a previous process left unfinished (they can never
// complete now) and starts the worker pool.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no run store")
	}
	cfg = cfg.withDefaults()
	// The lock comes first: a second server must not mark the first one's
	// runs as interrupted.
	if err := cfg.Store.Lock(ctx); err != nil {
		return nil, err
	}
	n, err := cfg.Store.MarkInterrupted(ctx, store.InterruptedMsg)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		cfg.Logger.Info("failed runs left unfinished by a previous server", "runs", n)
	}
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Logger, jobs: make(chan *job, cfg.Queue), active: map[string]*job{},
		retryDelays: []time.Duration{time.Second, 3 * time.Second, 10 * time.Second}}
	s.paths = serverPaths(cfg)
	s.base, s.stop = context.WithCancelCause(context.Background())
	s.handler = s.routes()
	s.prune()
	for i := 0; i < cfg.Workers; i++ {
		s.wg.Add(1)
		go s.worker()
	}
	if cfg.KeepFor > 0 {
		s.wg.Add(1)
		go s.janitor()
	}
	return s, nil
}

// withDefaults fills in the documented defaults of a Config's zero values.
func (cfg Config) withDefaults() Config {
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Queue <= 0 {
		cfg.Queue = DefaultQueue
	}
	if cfg.RunTimeout <= 0 {
		cfg.RunTimeout = DefaultRunTimeout
	}
	if cfg.CoalitionWorkers <= 0 {
		cfg.CoalitionWorkers = runtime.GOMAXPROCS(0)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PlanSolvesPerSecond <= 0 {
		cfg.PlanSolvesPerSecond = DefaultPlanSolvesPerSecond
	}
	return cfg
}

// prune applies the retention settings.
func (s *Server) prune() {
	if s.cfg.KeepRuns <= 0 && s.cfg.KeepFor <= 0 {
		return
	}
	o := store.PruneOptions{Keep: s.cfg.KeepRuns}
	if s.cfg.KeepFor > 0 {
		o.Before = time.Now().Add(-s.cfg.KeepFor)
	}
	ctx, cancel := storeCtx()
	defer cancel()
	if n, err := s.store.Prune(ctx, o); err != nil {
		s.log.Warn("deleting old runs", "err", err)
	} else if n > 0 {
		s.log.Info("deleted old runs (retention)", "runs", n)
	}
}

// janitor prunes by age even while no run finishes.
func (s *Server) janitor() {
	defer s.wg.Done()
	tick := time.NewTicker(min(time.Minute, s.cfg.KeepFor/2+time.Second))
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			s.prune()
		case <-s.base.Done():
			return
		}
	}
}

// Handler is the HTTP handler of the API and UI.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops accepting runs, fails the queued and running ones ("interrupted
// by server shutdown") and waits for the workers, at most until ctx is done.
// It does not close the store (which holds the lock New took).
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.jobs)
	}
	s.mu.Unlock()
	s.stop(errShutdown)
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// NewHTTPServer wraps h in an http.Server with the timeouts a server facing
// a network needs: slow clients cannot hold connections open forever. Runs
// are asynchronous, so no request needs long.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// LoopbackHosts are the host names a server bound to loopback answers
// (besides any 127.0.0.0/8 address and names under .localhost).
var LoopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// hostAllowed checks a request's Host header against the allowed names.
func hostAllowed(host string, allowed []string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	for _, a := range allowed {
		a = strings.ToLower(strings.Trim(a, "[]"))
		if a == host {
			return true
		}
		if a == "localhost" && strings.HasSuffix(host, ".localhost") {
			return true
		}
		if ip := net.ParseIP(a); ip != nil && ip.IsLoopback() {
			if hip := net.ParseIP(host); hip != nil && hip.IsLoopback() {
				return true
			}
		}
	}
	return false
}

// serverPaths lists the server's own directories, longest first, with the
// names errors show instead: a client learns nothing of the server's disk.
func serverPaths(cfg Config) [][2]string {
	var out [][2]string
	add := func(dir, label string) {
		if dir == "" {
			return
		}
		for _, d := range []string{dir, absPath(dir), evalPath(dir)} {
			if d != "" && d != "." && d != string(filepath.Separator) {
				out = append(out, [2]string{d, label})
			}
		}
	}
	add(cfg.DataDir, "<data-dir>")
	add(cfg.SanctionsDir, "<sanctions-dir>")
	if wd, err := os.Getwd(); err == nil {
		add(wd, ".")
	}
	if home, err := os.UserHomeDir(); err == nil {
		add(home, "~")
	}
	sort.SliceStable(out, func(a, b int) bool { return len(out[a][0]) > len(out[b][0]) })
	return out
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	return a
}

func evalPath(p string) string {
	e, err := filepath.EvalSymlinks(p)
	if err != nil {
		return ""
	}
	return absPath(e)
}

// scrub replaces the server's directories in a message by their labels.
func (s *Server) scrub(msg string) string {
	for _, p := range s.paths {
		msg = strings.ReplaceAll(msg, p[0], p[1])
	}
	return msg
}

// IsLoopback reports whether a listen address binds only to loopback, so
// the CLI can warn when the server is exposed.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
