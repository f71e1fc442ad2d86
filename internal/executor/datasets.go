package executor

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// Datasets are the datasets a worker can compute on: the embedded ones
// (world-2023, icio-2022; unless NoEmbedded) and those added from
// directories. A unit names its
// dataset by name and hash; the worker answers only if its copy has that
// hash.
type Datasets struct {
	// NoEmbedded leaves the embedded datasets out (tests use it to give a
	// worker a different copy under the embedded name).
	NoEmbedded bool

	mu     sync.Mutex
	extra  []*data.Dataset
	hashes map[*data.Dataset]string
}

// Add makes ds available to units that name it.
func (d *Datasets) Add(ds *data.Dataset) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.extra = append(d.extra, ds)
}

// hash is ds.Hash, computed once per dataset (it reads every number).
func (d *Datasets) hash(ds *data.Dataset) string {
	if d.hashes == nil {
		d.hashes = map[*data.Dataset]string{}
	}
	h, ok := d.hashes[ds]
	if !ok {
		h = ds.Hash()
		d.hashes[ds] = h
	}
	return h
}

// candidates are the datasets called name.
func (d *Datasets) candidates(name string) ([]*data.Dataset, error) {
	var out []*data.Dataset
	for _, ds := range d.extra {
		if ds.Name == name {
			out = append(out, ds)
		}
	}
	if !d.NoEmbedded && name != data.EmbeddedAlias {
		ds, ok, err := data.Embedded(name)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, ds)
		}
	}
	return out, nil
}

// Lookup returns the dataset ref names, or a refusal naming what this side
// holds instead.
func (d *Datasets) Lookup(ref DatasetRef) (*data.Dataset, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	cands, err := d.candidates(ref.Name)
	if err != nil {
		return nil, err
	}
	var hashes []string
	for _, ds := range cands {
		h := d.hash(ds)
		if h == ref.Hash {
			return ds, nil
		}
		hashes = append(hashes, h)
	}
	if len(cands) > 0 {
		return nil, &errs.Error{Op: "executor", Kind: errs.Other, Err: fmt.Errorf(
			"dataset %s: this worker's copy has hash %s, the run's has %s (different data or tradebloc version: give every worker the client's data)",
			ref.Name, strings.Join(hashes, ", "), ref.Hash)}
	}
	return nil, &errs.Error{Op: "executor", Kind: errs.Other, Err: fmt.Errorf(
		"dataset %s: this worker has no dataset of that name (it has %s; start it with --data DIR)", ref.Name, strings.Join(d.names(), ", "))}
}

// names lists the datasets held, for messages.
func (d *Datasets) names() []string {
	var out []string
	if !d.NoEmbedded {
		out = append(out, data.EmbeddedNames()...)
	}
	for _, ds := range d.extra {
		out = append(out, ds.Name)
	}
	sort.Strings(out)
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}
