package executor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// NATS runs units on the workers pulling from a NATS JetStream work queue
// (tradebloc worker, on any machine). It is safe for concurrent batches.
type NATS struct {
	url string
	nc  *nats.Conn
	r   *resources
}

// DialNATS connects to the server at url and prepares the work queue.
func DialNATS(ctx context.Context, url string, o NATSOptions) (*NATS, error) {
	if o.Name == "" {
		host, _ := os.Hostname()
		o.Name = fmt.Sprintf("tradebloc client %s/%d", host, os.Getpid())
	}
	nc, err := connect(url, o)
	if err != nil {
		return nil, err
	}
	r, err := setup(ctx, nc, o)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return &NATS{url: url, nc: nc, r: r}, nil
}

// Close closes the connection.
func (n *NATS) Close() { n.nc.Close() }

func (n *NATS) String() string { return "nats " + n.nc.ConnectedUrlRedacted() }

// runInfo is the value of a run's key in RunsBucket, for operators.
type runInfo struct {
	Client  string    `json:"client"`
	Units   int       `json:"units"`
	Phase   string    `json:"phase,omitempty"`
	Started time.Time `json:"started"`
}

func newRunID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Run publishes the batch's units on a subject of their own and collects the
// results as workers publish them.
func (n *NATS) Run(ctx context.Context, b *Batch) error {
	_, total, err := b.check()
	if err != nil || len(b.Units) == 0 {
		return err
	}
	r, run := n.r, newRunID()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	info, _ := json.Marshal(runInfo{Client: n.nc.Opts.Name, Units: len(b.Units), Phase: b.Phase, Started: time.Now().UTC()})
	if _, err := r.runs.Put(ctx, run, info); err != nil {
		return natsErr("register run", err)
	}
	defer func() {
		// Whatever the outcome, the run's leftovers go: units not yet
		// taken, results not read, the registration.
		cctx, ccancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer ccancel()
		r.purgeRun(cctx, run)
		_ = r.runs.Delete(cctx, run)
	}()
	go n.heartbeat(ctx, run, info)

	results := make(chan jetstream.Msg, 256)
	cons, err := r.js.OrderedConsumer(ctx, ResultStream, jetstream.OrderedConsumerConfig{FilterSubjects: []string{resultPrefix + run}})
	if err != nil {
		return natsErr("results consumer", err)
	}
	cc, err := cons.Consume(func(m jetstream.Msg) {
		select {
		case results <- m:
		case <-ctx.Done():
		}
	})
	if err != nil {
		return natsErr("results consumer", err)
	}
	defer func() {
		cancel() // first, so that a handler waiting to hand over a result returns
		cc.Stop()
	}()
	exceeded := make(chan uint64, 16)
	sub, err := n.nc.Subscribe(jetstream.DefaultAPIPrefix+"EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES."+WorkStream+"."+WorkerConsumer, func(m *nats.Msg) {
		var adv struct {
			StreamSeq uint64 `json:"stream_seq"`
		}
		if json.Unmarshal(m.Data, &adv) == nil {
			select {
			case exceeded <- adv.StreamSeq:
			default:
			}
		}
	})
	if err != nil {
		return natsErr("advisories", err)
	}
	defer sub.Unsubscribe()

	index := make(map[string]int, len(b.Units))
	for i := range b.Units {
		index[b.Units[i].ID] = i
	}
	seqs, err := n.publish(ctx, run, b.Units)
	if err != nil {
		return err
	}
	got := make([]bool, len(b.Units))
	done, items := 0, 0
	for done < len(b.Units) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case seq := <-exceeded:
			if i, ok := seqs[seq]; ok && !got[i] {
				return &errs.Error{Op: "executor", Kind: errs.Other, Err: fmt.Errorf(
					"unit %s was handed to workers %d times without a result (does it crash them? see the workers' logs)", b.Units[i].ID, r.opts.MaxDeliver)}
			}
		case m := <-results:
			i, ok := index[m.Headers().Get(hdrUnit)]
			if !ok || got[i] {
				continue // a unit computed twice counts once
			}
			if e := m.Headers().Get(hdrError); e != "" {
				return decodeError(e)
			}
			if err := b.Done(i, m.Data()); err != nil {
				return err
			}
			got[i] = true
			done++
			items += b.Units[i].size()
			if b.Progress != nil {
				b.Progress(b.Phase, items, total)
			}
		}
	}
	return nil
}

// publish sends the units and waits for the server to store them; it
// returns the stream sequence of each (to recognise its advisories).
func (n *NATS) publish(ctx context.Context, run string, units []Unit) (map[uint64]int, error) {
	futures := make([]jetstream.PubAckFuture, len(units))
	for i := range units {
		body, err := json.Marshal(&units[i])
		if err != nil {
			return nil, &errs.Error{Op: "executor", Kind: errs.Other, Err: err}
		}
		msg := &nats.Msg{Subject: workPrefix + run, Data: body, Header: nats.Header{}}
		msg.Header.Set(hdrRun, run)
		if futures[i], err = n.r.js.PublishMsgAsync(msg, jetstream.WithMsgID(run+"/"+units[i].ID)); err != nil {
			return nil, natsErr("publish unit", err)
		}
	}
	seqs := make(map[uint64]int, len(units))
	for i, f := range futures {
		select {
		case ack := <-f.Ok():
			seqs[ack.Sequence] = i
		case err := <-f.Err():
			return nil, natsErr("publish unit "+units[i].ID, err)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return seqs, nil
}

// heartbeat keeps the run's key alive while the client runs.
func (n *NATS) heartbeat(ctx context.Context, run string, info []byte) {
	t := time.NewTicker(n.r.opts.RunTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, _ = n.r.runs.Put(ctx, run, info)
		}
	}
}
