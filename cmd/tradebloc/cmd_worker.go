package main

import (
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
)

func init() { register(newWorkerCommand) }

type workerOptions struct {
	nats        natsFlags
	concurrency int
	data        []string
	name        string
}

func newWorkerCommand() *cobra.Command {
	var o workerOptions
	c := &cobra.Command{
		Use:   "worker --nats URL",
		Short: "Compute units of coalition games, plans and sweeps for clients on a NATS server",
		Long: `Pull units of work from the NATS JetStream work queue (stream ` + executor.WorkStream + `),
compute them and publish their results, until interrupted. Start one worker
per machine (each computes --concurrency units at once) and run coalition,
plan or sweep with --nats URL, or serve with --nats URL.

A worker has the embedded datasets; --data DIR adds a dataset directory
(repeatable). A unit names its dataset by name and content hash: a worker
whose copy differs refuses it, and the client's run fails with both hashes.
A worker that dies mid-unit loses nothing: the server hands the unit to
another worker after the ack wait. docs/distributed.md has the deployment
(nats-server -js, docker compose, Kubernetes) and what travels on the wire.`,
		Example: `  nats-server -js &
  tradebloc worker --nats nats://127.0.0.1:4222 --concurrency 2 &
  tradebloc coalition coalition-of-the-compelled --nats nats://127.0.0.1:4222`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error { return runWorker(c, &o) },
	}
	o.nats.add(c, "units")
	c.Flags().IntVar(&o.concurrency, "concurrency", 0, fmt.Sprintf("units computed at once, at most %d (default: all cores)", maxWorkerConcurrency))
	c.Flags().StringArrayVar(&o.data, "data", nil, "also serve this dataset directory (repeatable)")
	c.Flags().StringVar(&o.name, "name", "", "worker name in logs and results (default HOST/PID)")
	return c
}

// maxWorkerConcurrency bounds --concurrency: each unit computed at once is
// a loop fetching from the server and a solve in memory, and a unit is
// seconds of work for one core, so more than this is a typo (100000000
// started as many loops).
const maxWorkerConcurrency = 1024

func runWorker(c *cobra.Command, o *workerOptions) error {
	if o.nats.url == "" {
		return &errs.Error{Kind: errs.Invalid, Field: "--nats", Err: fmt.Errorf("a worker needs the NATS server's URL (see '%s --help')", c.CommandPath())}
	}
	if o.concurrency < 0 || o.concurrency > maxWorkerConcurrency {
		return &errs.Error{Kind: errs.Invalid, Field: "--concurrency", Err: fmt.Errorf("want a whole number from 0 (all cores) to %d, got %d", maxWorkerConcurrency, o.concurrency)}
	}
	ds := &executor.Datasets{}
	for _, dir := range o.data {
		d, err := loadDataset(dir)
		if err != nil {
			return withField(err, "--data")
		}
		engine.Retain(d) // calibrated once, not once per unit
		ds.Add(d)
	}
	ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := log.New(c.ErrOrStderr(), "tradebloc: ", log.LstdFlags)
	w := &executor.Worker{Concurrency: o.concurrency, Datasets: ds, Log: logger.Printf}
	opts := o.nats.options()
	opts.Name = o.name
	return w.Serve(ctx, o.nats.url, opts)
}
