package executor

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// The JetStream names shared by clients and workers (docs/distributed.md).
const (
	// WorkStream is the work queue: one subject per run, each message a
	// Unit as JSON; a message leaves the stream when a worker acks it.
	WorkStream = "TRADEBLOC_WORK"
	workPrefix = "tradebloc.work."
	// ResultStream keeps results until the client has read them (or an
	// hour): one subject per run, each message a unit's result.
	ResultStream = "TRADEBLOC_RESULTS"
	resultPrefix = "tradebloc.result."
	// WorkerConsumer is the durable pull consumer every worker pulls from.
	WorkerConsumer = "tradebloc-workers"
	// RunsBucket is a key–value bucket with a key per live run, refreshed
	// by its client: a run whose key has expired has lost its client.
	RunsBucket = "tradebloc_runs"

	hdrRun    = "Tradebloc-Run"
	hdrUnit   = "Tradebloc-Unit"
	hdrWorker = "Tradebloc-Worker"
	hdrError  = "Tradebloc-Error"
)

// NATSOptions configure the connection to a NATS server and the JetStream
// resources shared by clients and workers. The zero value is usable.
type NATSOptions struct {
	// Name is the connection name the server shows (nats server report
	// connections).
	Name string
	// Creds is a NATS credentials file (user JWT and NKey seed).
	Creds string
	// TLSCert and TLSKey are a client certificate; TLSCA verifies the
	// server. A tls:// URL or any of them turns TLS on. User and password
	// or a token go in the URL (nats://user:pass@host:4222).
	TLSCert, TLSKey, TLSCA string

	// AckWait is how long a unit may go without word from its worker
	// (which sends a heartbeat every AckWait/3 while computing) before it
	// is handed to another worker: the time to notice a dead worker.
	AckWait time.Duration
	// RunTTL is how long a run outlives its client's last heartbeat (sent
	// every RunTTL/3): workers then drop the run's remaining units.
	RunTTL time.Duration
	// MaxDeliver is how many times a unit is handed out before the run
	// fails (a unit that kills every worker that takes it).
	MaxDeliver int
}

func (o NATSOptions) withDefaults() NATSOptions {
	if o.AckWait <= 0 {
		o.AckWait = 30 * time.Second
	}
	if o.RunTTL <= 0 {
		o.RunTTL = 30 * time.Second
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = 5
	}
	return o
}

// connect opens a connection that keeps reconnecting: a server restart
// pauses a run rather than failing it.
func connect(url string, o NATSOptions) (*nats.Conn, error) {
	opts := []nats.Option{nats.Name(o.Name), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second)}
	if o.Creds != "" {
		opts = append(opts, nats.UserCredentials(o.Creds))
	}
	if o.TLSCert != "" || o.TLSKey != "" {
		opts = append(opts, nats.ClientCert(o.TLSCert, o.TLSKey))
	}
	if o.TLSCA != "" {
		opts = append(opts, nats.RootCAs(o.TLSCA))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, &errs.Error{Op: "connect to NATS", Kind: errs.Other, Err: fmt.Errorf("%s: %w", url, err)}
	}
	return nc, nil
}

// resources are the streams, consumer and bucket of a deployment.
type resources struct {
	js      jetstream.JetStream
	work    jetstream.Stream
	results jetstream.Stream
	cons    jetstream.Consumer
	runs    jetstream.KeyValue
	opts    NATSOptions
}

// setup creates or updates the shared resources; clients and workers both
// call it, so either may start first.
func setup(ctx context.Context, nc *nats.Conn, o NATSOptions) (*resources, error) {
	o = o.withDefaults()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, natsErr("JetStream", err)
	}
	r := &resources{js: js, opts: o}
	if r.work, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: WorkStream, Description: "tradebloc work units, one subject per run",
		Subjects: []string{workPrefix + ">"}, Retention: jetstream.WorkQueuePolicy,
		MaxAge: 24 * time.Hour, Duplicates: 2 * time.Minute,
	}); err != nil {
		return nil, natsErr("stream "+WorkStream+" (is JetStream enabled? nats-server -js)", err)
	}
	if r.results, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: ResultStream, Description: "tradebloc results, one subject per run",
		Subjects: []string{resultPrefix + ">"}, Retention: jetstream.LimitsPolicy,
		MaxAge: time.Hour, Duplicates: 2 * time.Minute,
	}); err != nil {
		return nil, natsErr("stream "+ResultStream, err)
	}
	if r.cons, err = js.CreateOrUpdateConsumer(ctx, WorkStream, jetstream.ConsumerConfig{
		Durable: WorkerConsumer, Description: "tradebloc workers",
		AckPolicy: jetstream.AckExplicitPolicy, AckWait: o.AckWait, MaxDeliver: o.MaxDeliver,
		FilterSubject: workPrefix + ">",
	}); err != nil {
		return nil, natsErr("consumer "+WorkerConsumer, err)
	}
	if r.runs, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: RunsBucket, Description: "live tradebloc runs", TTL: o.RunTTL,
	}); err != nil {
		return nil, natsErr("bucket "+RunsBucket, err)
	}
	return r, nil
}

// purgeRun drops a run's remaining units and results.
func (r *resources) purgeRun(ctx context.Context, run string) {
	_ = r.work.Purge(ctx, jetstream.WithPurgeSubject(workPrefix+run))
	_ = r.results.Purge(ctx, jetstream.WithPurgeSubject(resultPrefix+run))
}

func natsErr(what string, err error) error {
	return &errs.Error{Op: "NATS", Kind: errs.Other, Err: fmt.Errorf("%s: %w", what, err)}
}
