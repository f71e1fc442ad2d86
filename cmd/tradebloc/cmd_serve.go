package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/numparse"
	"github.com/tradebloc/tradebloc/internal/playbook"
	"github.com/tradebloc/tradebloc/internal/server"
	"github.com/tradebloc/tradebloc/internal/store"
)

func init() { register(newServeCommand) }

type serveOptions struct {
	addr       string
	db         string
	dataDir    string
	workers    int
	queue      int
	runTimeout time.Duration
	sanctions  string
	keepRuns   string
	allowed    []string
	nats       natsFlags
}

func newServeCommand() *cobra.Command {
	var o serveOptions
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API and the web UI",
		Long: `Serve the HTTP API (runs of solve, benchmark, coalition, simulate, playbook
and plan analyses; the built-in scenarios, playbooks and plans; /healthz;
described at /api/v1/openapi.json) and the web UI at / from this one binary.

Runs are kept in a database and survive restarts: SQLite by default at
$XDG_DATA_HOME/tradebloc/runs.db (~/.local/share/tradebloc/runs.db), another
SQLite file with --db PATH, or PostgreSQL with --db postgres://user@host/db.
Runs a previous server left queued or running are marked failed on start.

Posted scenarios may use the embedded dataset or a dataset directory under
--data-dir, named relative to it; nothing else on the server's disk.
The server binds to loopback unless --addr says otherwise; on loopback it
answers only requests addressed to a loopback name (localhost, 127.0.0.1,
::1), which stops DNS rebinding; --allowed-host adds the names a deployment
is reached by (and restricts a server bound beyond loopback to them).

Finished runs are kept until deleted (DELETE /api/v1/runs/ID) unless
--keep-runs bounds them: a number keeps that many newest runs, a duration
(72h, 30d) deletes those finished longer ago. One server at a time may use a
database; a second one is refused.

With --nats URL, coalition and plan runs are computed by tradebloc workers on
that NATS server (docs/distributed.md); run progress counts their units. A
dataset under --data-dir must then be given to the workers too (worker
--data DIR).`,
		Example: `  tradebloc serve
  tradebloc serve --addr 127.0.0.1:9000 --db ./runs.db --data-dir ./datasets
  tradebloc serve --db postgres://tradebloc@localhost/tradebloc --workers 4`,
		Args: usageArgs(cobra.NoArgs),
		// --workers here is runs at once, ≥ 1, not a count where 0 means
		// all cores: runServe checks the ranges.
		Annotations: map[string]string{ownRanges: ""},
		RunE:        func(c *cobra.Command, _ []string) error { return runServe(c, &o) },
	}
	f := c.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (loopback by default)")
	f.StringVar(&o.db, "db", "", "run store: a SQLite file or a postgres:// URL (default $XDG_DATA_HOME/tradebloc/runs.db)")
	f.StringVar(&o.dataDir, "data-dir", "", "directory of dataset directories that posted scenarios may name")
	f.IntVar(&o.workers, "workers", server.DefaultWorkers, fmt.Sprintf("runs executed at once (1 to %d)", maxServeWorkers))
	f.IntVar(&o.queue, "queue", server.DefaultQueue, fmt.Sprintf("runs waiting beyond those (1 to %d); more are refused with 503", maxServeQueue))
	f.DurationVar(&o.runTimeout, "run-timeout", server.DefaultRunTimeout, "longest a run may take (a run past it fails, saying how far it got)")
	f.StringVar(&o.keepRuns, "keep-runs", "", "retention of finished runs: a number (keep the N newest) or a duration such as 72h or 30d, at most 36500 days (default: keep all)")
	f.StringSliceVar(&o.allowed, "allowed-host", nil, "host name the server may be reached by (repeatable); on loopback added to localhost, 127.0.0.1 and ::1")
	o.nats.add(c, "coalition and plan runs")
	f.StringVar(&o.sanctions, "sanctions-dir", "", "recompute the TIES and Martin (1992) statistics of playbook runs from the CSV files in this directory (default: the statistics embedded in tradebloc)")
	return c
}

// The bounds of serve's numbers. A run solves on every core, so more runs
// at once than maxServeWorkers only share the cores and multiply the
// memory; a queue is a channel of that capacity, allocated at start
// (9e18 panicked, 1e8 exhausted memory starting goroutines).
const (
	maxServeWorkers = 256
	maxServeQueue   = 100_000
	// maxKeepDays bounds --keep-runs as an age: a century, far below
	// where days in nanoseconds overflow (106,751).
	maxKeepDays = 36_500
)

func runServe(c *cobra.Command, o *serveOptions) error {
	for _, n := range []struct {
		flag   string
		v, max int
	}{{"--workers", o.workers, maxServeWorkers}, {"--queue", o.queue, maxServeQueue}} {
		if n.v < 1 || n.v > n.max {
			return &errs.Error{Kind: errs.Invalid, Field: n.flag, Err: fmt.Errorf("want a whole number from 1 to %d, got %d", n.max, n.v)}
		}
	}
	if o.runTimeout <= 0 {
		return &errs.Error{Kind: errs.Invalid, Field: "--run-timeout", Err: fmt.Errorf("want a duration > 0 (10m, 1h), got %v", o.runTimeout)}
	}
	if o.dataDir != "" {
		if st, err := os.Stat(o.dataDir); err != nil || !st.IsDir() {
			return &errs.Error{Kind: errs.Invalid, Field: "--data-dir", Err: fmt.Errorf("%s is not a directory", o.dataDir)}
		}
	}
	if o.sanctions != "" {
		// Checked now: a bad directory is the operator's mistake, not a
		// note in every playbook run.
		if _, err := playbook.ReadSanctions(o.sanctions); err != nil {
			return &errs.Error{Kind: errs.Invalid, Field: "--sanctions-dir", Err: err}
		}
	}
	keepRuns, keepFor, err := parseKeepRuns(o.keepRuns)
	if err != nil {
		return err
	}
	var allowed []string
	switch {
	case server.IsLoopback(o.addr):
		allowed = append(append(allowed, server.LoopbackHosts...), o.allowed...)
	case len(o.allowed) > 0:
		allowed = o.allowed
	}
	ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(c.ErrOrStderr(), nil))

	ex, closeEx, err := o.nats.executor(ctx)
	if err != nil {
		return err
	}
	defer closeEx()
	st, err := store.Open(ctx, o.db)
	if err != nil {
		// Named by the flag: a path that cannot be a run store is bad
		// usage (exit 2); a database that does not answer is not.
		return &errs.Error{Kind: errs.KindOf(err), Field: "--db", Err: err}
	}
	defer st.Close()
	srv, err := server.New(ctx, server.Config{Store: st, DataDir: o.dataDir, Workers: o.workers, Queue: o.queue,
		RunTimeout: o.runTimeout, SanctionsDir: o.sanctions, Version: version, Logger: log,
		KeepRuns: keepRuns, KeepFor: keepFor, AllowedHosts: allowed, Executor: ex})
	if errors.Is(err, store.ErrLocked) {
		return &errs.Error{Kind: errs.Invalid, Field: "--db", Err: fmt.Errorf("%w: stop the other server, or give this one its own --db", err)}
	}
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &errs.Error{Kind: errs.Invalid, Field: "--addr", Err: err}
	}
	if !server.IsLoopback(o.addr) {
		log.Warn("listening beyond loopback: anyone who can reach this address can run analyses", "addr", o.addr)
		if len(allowed) == 0 {
			log.Warn("no --allowed-host: requests for any host name are answered", "addr", o.addr)
		}
	}
	hs := server.NewHTTPServer(srv.Handler())
	fmt.Fprintf(c.OutOrStdout(), "tradebloc: serving on http://%s (runs in %s)\n", ln.Addr(), describeDB(o.db))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("shutdown", "err", err)
	}
	return srv.Close(shut)
}

// parseKeepRuns reads --keep-runs: "" (keep all), a count in decimal, or
// an age of at most maxKeepDays (Go's 72h form, or whole days as 30d).
func parseKeepRuns(v string) (int, time.Duration, error) {
	if v == "" {
		return 0, 0, nil
	}
	bad := func() (int, time.Duration, error) {
		return 0, 0, &errs.Error{Kind: errs.Invalid, Field: "--keep-runs", Err: fmt.Errorf("want a number of runs (500) or a duration (72h, 30d) of at most %d days, got %q", maxKeepDays, v)}
	}
	if n, err := numparse.Int(v, 0); err == nil {
		if n < 1 {
			return bad()
		}
		return int(n), 0, nil
	}
	if d, ok := strings.CutSuffix(v, "d"); ok {
		n, err := numparse.Int(d, 0)
		if err != nil || n < 1 || n > maxKeepDays {
			return bad()
		}
		return 0, time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 || d > maxKeepDays*24*time.Hour {
		return bad()
	}
	return 0, d, nil
}

// describeDB names the store without a PostgreSQL password.
func describeDB(db string) string {
	if db == "" {
		p, _ := store.DefaultPath()
		return p
	}
	if u, err := urlRedacted(db); err == nil {
		return u
	}
	return db
}

func urlRedacted(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return s, err
	}
	return u.Redacted(), nil
}
