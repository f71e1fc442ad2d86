package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/executor"
)

// natsFlags are the flags of commands that can run their work on NATS
// workers (docs/distributed.md): the server and how to authenticate.
type natsFlags struct {
	url     string
	creds   string
	tlsCert string
	tlsKey  string
	tlsCA   string
}

// add registers --nats and the security flags on c; what says what runs on
// the workers.
func (f *natsFlags) add(c *cobra.Command, what string) {
	c.Flags().StringVar(&f.url, "nats", "", "run "+what+" on the tradebloc workers of this NATS server (nats://HOST:4222; see docs/distributed.md)")
	c.Flags().StringVar(&f.creds, "nats-creds", "", "NATS credentials file (user JWT and NKey seed)")
	c.Flags().StringVar(&f.tlsCert, "nats-tls-cert", "", "client certificate for a NATS server that asks for one")
	c.Flags().StringVar(&f.tlsKey, "nats-tls-key", "", "key of --nats-tls-cert")
	c.Flags().StringVar(&f.tlsCA, "nats-tls-ca", "", "CA certificate (PEM file) that signed the NATS server's certificate")
}

func (f *natsFlags) options() executor.NATSOptions {
	return executor.NATSOptions{Creds: f.creds, TLSCert: f.tlsCert, TLSKey: f.tlsKey, TLSCA: f.tlsCA}
}

// executor returns the executor the flags ask for: NATS with --nats, else
// nil (the local default). close releases it.
func (f *natsFlags) executor(ctx context.Context) (ex executor.Executor, close func(), err error) {
	if f.url == "" {
		return nil, func() {}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	n, err := executor.DialNATS(ctx, f.url, f.options())
	if err != nil {
		return nil, nil, err
	}
	return n, n.Close, nil
}
