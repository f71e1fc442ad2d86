package executor

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// DatasetRef names a dataset by its name and content hash (data.Dataset.Hash).
type DatasetRef struct {
	Name string `json:"name"`
	Hash string `json:"hash"`
}

// RefOf is the reference to ds that units carry.
func RefOf(ds *data.Dataset) DatasetRef { return DatasetRef{Name: ds.Name, Hash: ds.Hash()} }

func (r DatasetRef) String() string { return r.Name + " (hash " + r.Hash + ")" }

// Unit is one self-describing piece of work (see the package contract).
type Unit struct {
	// ID is unique within its batch; results are keyed by it.
	ID string `json:"id"`
	// Kind names the registered Handler that computes the unit.
	Kind    string     `json:"kind"`
	Dataset DatasetRef `json:"dataset"`
	// Spec is the kind's input: scenario, parameter draw, warm-start hint.
	Spec json.RawMessage `json:"spec"`
	// Size is how much progress the unit is worth (memberships solved,
	// draws played); 0 counts as 1.
	Size int `json:"size,omitempty"`
}

func (u *Unit) size() int { return max(u.Size, 1) }

// Batch is a set of units submitted together, and what to do with their
// results.
type Batch struct {
	// Data is the dataset every unit names. The local executor computes on
	// it; a worker uses its own copy after checking the hash.
	Data  *data.Dataset
	Units []Unit
	// Done receives unit i's result: exactly once per unit, never
	// concurrently. An error from it stops the batch.
	Done func(i int, result []byte) error
	// Phase and Progress report progress (Progress may be nil): done and
	// total count the units' Size.
	Phase    string
	Progress func(phase string, done, total int)
}

// check validates a batch before it is run: a programming error here is
// refused, not half run.
func (b *Batch) check() (DatasetRef, int, error) {
	if b.Data == nil || b.Done == nil {
		return DatasetRef{}, 0, &errs.Error{Op: "executor", Kind: errs.Other, Err: fmt.Errorf("a batch needs Data and Done")}
	}
	ref := RefOf(b.Data)
	seen := make(map[string]bool, len(b.Units))
	total := 0
	for i := range b.Units {
		u := &b.Units[i]
		if seen[u.ID] {
			return ref, 0, &errs.Error{Op: "executor", Kind: errs.Other, Err: fmt.Errorf("unit id %q given twice in one batch", u.ID)}
		}
		seen[u.ID] = true
		if u.Dataset != ref {
			return ref, 0, refusal(u, ref, u.Dataset)
		}
		total += u.size()
	}
	return ref, total, nil
}

// Executor computes batches of units.
type Executor interface {
	// Run computes every unit of b and hands each result to b.Done. It
	// returns when all are done, on the first error (a handler's, a
	// refusal, Done's) or when ctx ends.
	Run(ctx context.Context, b *Batch) error
	// String describes the executor for reports and logs ("local, 2
	// goroutines", "nats://host:4222").
	String() string
}

// Handler computes a unit of its kind on ds, the dataset the unit names,
// from the unit's spec. It must be deterministic (the same bytes for the same
// spec and data) and safe to call concurrently.
type Handler func(ctx context.Context, ds *data.Dataset, spec []byte) ([]byte, error)

var (
	regMu    sync.RWMutex
	handlers = map[string]Handler{}
)

// Register makes h compute units of kind. Packages register their kinds in
// init; registering a kind twice is a programming error and panics.
func Register(kind string, h Handler) {
	regMu.Lock()
	defer regMu.Unlock()
	if _, ok := handlers[kind]; ok {
		panic("executor: kind " + kind + " registered twice")
	}
	handlers[kind] = h
}

// handler returns the handler of kind.
func handler(kind string) (Handler, error) {
	regMu.RLock()
	defer regMu.RUnlock()
	if h, ok := handlers[kind]; ok {
		return h, nil
	}
	return nil, &errs.Error{Op: "executor", Kind: errs.Other,
		Err: fmt.Errorf("no handler for units of kind %q (a worker of another tradebloc version?)", kind)}
}

// compute runs one unit on ds.
func compute(ctx context.Context, ds *data.Dataset, u *Unit) ([]byte, error) {
	h, err := handler(u.Kind)
	if err != nil {
		return nil, err
	}
	return h(ctx, ds, u.Spec)
}

// refusal is the error of a unit naming data that the computing side does
// not hold: a different hash is a different answer, never computed.
func refusal(u *Unit, have, want DatasetRef) error {
	return &errs.Error{Op: "executor", Kind: errs.Other, Err: fmt.Errorf(
		"unit %s refused: it needs dataset %s, and the data here is %s (another version of the data? start the worker with the same data or tradebloc version)",
		u.ID, want, have)}
}
