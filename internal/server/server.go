package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/tradebloc/tradebloc/internal/store"
)

// Config configures a Server. Zero values mean the documented defaults.
type Config struct {
	Store   store.Store // where runs are kept (required)
	DataDir string      // datasets a posted scenario may name ("" = embedded data only)
	Workers int         // runs executed at once (default 2)
	Queue   int         // runs waiting beyond those (default 100); more get 503
	// RunTimeout bounds one run (default 10 minutes); a run past it fails.
	RunTimeout time.Duration
	// CoalitionWorkers is the solver goroutines of one coalition, simulate
	// or plan run (default all cores, as the CLI: these are the long runs).
	CoalitionWorkers int
	// SanctionsDir holds the TIES and Martin (1992) files whose statistics
	// playbook runs show, as `playbooks run --sanctions-dir` ("" = the
	// statistics embedded in the binary).
	SanctionsDir string
	Version      string       // recorded in solve provenance, as the CLI does
	Logger       *slog.Logger // default: discard
}

// Defaults.
const (
	DefaultWorkers    = 2
	DefaultQueue      = 100
	DefaultRunTimeout = 10 * time.Minute
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
}

var errShutdown = errors.New("interrupted by server shutdown")

// New fails the runs a previous process left unfinished (they can never
// complete now) and starts the worker pool.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no run store")
	}
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
	n, err := cfg.Store.MarkInterrupted(ctx, store.InterruptedMsg)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		cfg.Logger.Info("failed runs left unfinished by a previous server", "runs", n)
	}
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Logger, jobs: make(chan *job, cfg.Queue), active: map[string]*job{}}
	s.base, s.stop = context.WithCancelCause(context.Background())
	s.handler = s.routes()
	for i := 0; i < cfg.Workers; i++ {
		s.wg.Add(1)
		go s.worker()
	}
	return s, nil
}

// Handler is the HTTP handler of the API and UI.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops accepting runs, fails the queued and running ones ("interrupted
// by server shutdown") and waits for the workers, at most until ctx is done.
// It does not close the store.
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
