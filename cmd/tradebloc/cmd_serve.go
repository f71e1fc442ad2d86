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
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
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
The server binds to loopback unless --addr says otherwise.`,
		Example: `  tradebloc serve
  tradebloc serve --addr 127.0.0.1:9000 --db ./runs.db --data-dir ./datasets
  tradebloc serve --db postgres://tradebloc@localhost/tradebloc --workers 4`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runServe(c, &o) },
	}
	f := c.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen address (loopback by default)")
	f.StringVar(&o.db, "db", "", "run store: a SQLite file or a postgres:// URL (default $XDG_DATA_HOME/tradebloc/runs.db)")
	f.StringVar(&o.dataDir, "data-dir", "", "directory of dataset directories that posted scenarios may name")
	f.IntVar(&o.workers, "workers", server.DefaultWorkers, "runs executed at once")
	f.IntVar(&o.queue, "queue", server.DefaultQueue, "runs waiting beyond those; more are refused with 503")
	f.DurationVar(&o.runTimeout, "run-timeout", server.DefaultRunTimeout, "longest a run may take")
	f.StringVar(&o.sanctions, "sanctions-dir", "", "recompute the TIES and Martin (1992) statistics of playbook runs from the CSV files in this directory (default: the statistics embedded in tradebloc)")
	return c
}

func runServe(c *cobra.Command, o *serveOptions) error {
	if o.workers < 1 || o.queue < 1 || o.runTimeout <= 0 {
		return &errs.Error{Kind: errs.Invalid, Field: "--workers/--queue/--run-timeout", Err: errors.New("must be positive")}
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
	ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(c.ErrOrStderr(), nil))

	st, err := store.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := server.New(ctx, server.Config{Store: st, DataDir: o.dataDir, Workers: o.workers, Queue: o.queue,
		RunTimeout: o.runTimeout, SanctionsDir: o.sanctions, Version: version, Logger: log})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &errs.Error{Kind: errs.Invalid, Field: "--addr", Err: err}
	}
	if !server.IsLoopback(o.addr) {
		log.Warn("listening beyond loopback: anyone who can reach this address can run analyses", "addr", o.addr)
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
