// Package executortest is the conformance suite every executor.Executor
// passes (as restic's backend/test suite is for its backends): results keyed
// by unit, once each; errors keep their kind; a handler's panic is its
// unit's error; cancellation stops a run; progress counts every unit's size;
// a bad batch is refused whole.
package executortest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
)

// The kinds this suite registers.
const (
	// KindDigest hashes its spec with the dataset's name and hash: a result
	// that says which data computed it.
	KindDigest = "executortest.digest"
)

// Spec is the input of a KindDigest unit.
type Spec struct {
	N int `json:"n"`
	// Fail makes the unit fail with an error of this kind, on this field.
	Fail      bool      `json:"fail,omitempty"`
	FailKind  errs.Kind `json:"fail_kind,omitempty"`
	FailField string    `json:"fail_field,omitempty"`
	// SleepMS delays the unit (a long unit, for cancellation).
	SleepMS int `json:"sleep_ms,omitempty"`
	// Panic makes the unit panic with this value (a handler's bug).
	Panic string `json:"panic,omitempty"`
}

var (
	countMu sync.Mutex
	counts  = map[int]int{}
)

// Computed is how many times units with spec N were computed in this
// process (redeliveries and dropped runs show up here).
func Computed(n int) int {
	countMu.Lock()
	defer countMu.Unlock()
	return counts[n]
}

func init() {
	executor.Register(KindDigest, func(ctx context.Context, ds *data.Dataset, spec []byte) ([]byte, error) {
		var s Spec
		if err := json.Unmarshal(spec, &s); err != nil {
			return nil, err
		}
		countMu.Lock()
		counts[s.N]++
		countMu.Unlock()
		if s.SleepMS > 0 {
			select {
			case <-time.After(time.Duration(s.SleepMS) * time.Millisecond):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if s.Panic != "" {
			panic(s.Panic)
		}
		if s.Fail {
			return nil, &errs.Error{Op: "digest", Kind: s.FailKind, Field: s.FailField, Err: fmt.Errorf("unit %d fails as asked", s.N)}
		}
		return Digest(ds, s.N), nil
	})
}

// Digest is the result a KindDigest unit with spec N has on ds.
func Digest(ds *data.Dataset, n int) []byte {
	h := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d", ds.Name, ds.Hash(), n))
	return h[:]
}

// Units builds n KindDigest units on ds with specs 0..n-1 offset by base,
// sizes 1, 2, 3, 1, 2, 3, …
func Units(ds *data.Dataset, base, n int, edit func(*Spec)) []executor.Unit {
	out := make([]executor.Unit, n)
	for i := range out {
		s := Spec{N: base + i}
		if edit != nil {
			edit(&s)
		}
		b, _ := json.Marshal(s)
		out[i] = executor.Unit{ID: fmt.Sprintf("u%d", i), Kind: KindDigest, Dataset: executor.RefOf(ds), Spec: b, Size: 1 + i%3}
	}
	return out
}

// Run runs the suite against the executor newExec returns. Spec numbers are
// drawn from base up, so suites of several executors in one process do not
// share them.
func Run(t *testing.T, newExec func(t *testing.T) executor.Executor, base int) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ResultsOncePerUnit", func(t *testing.T) {
		ex := newExec(t)
		units := Units(ds, base, 40, nil)
		got := make([][]byte, len(units))
		calls := make([]int, len(units))
		var last, total int
		monotone := true
		err := ex.Run(context.Background(), &executor.Batch{Data: ds, Units: units, Phase: "suite",
			Done: func(i int, res []byte) error {
				calls[i]++
				got[i] = append([]byte(nil), res...)
				return nil
			},
			Progress: func(phase string, done, tot int) {
				if phase != "suite" || done < last {
					monotone = false
				}
				last, total = done, tot
			}})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for i, u := range units {
			want += u.Size
			if calls[i] != 1 {
				t.Errorf("unit %s: Done called %d times", u.ID, calls[i])
			}
			if string(got[i]) != string(Digest(ds, base+i)) {
				t.Errorf("unit %s: wrong result", u.ID)
			}
		}
		if !monotone || last != want || total != want {
			t.Errorf("progress ended at %d of %d (monotone %v), want %d of %d", last, total, monotone, want, want)
		}
	})
	t.Run("ErrorKeepsKind", func(t *testing.T) {
		ex := newExec(t)
		units := Units(ds, base+100, 6, func(s *Spec) {
			if s.N == base+103 {
				s.Fail, s.FailKind, s.FailField = true, errs.NotConverged, "model.trade_elasticity"
			}
		})
		err := ex.Run(context.Background(), &executor.Batch{Data: ds, Units: units, Done: func(int, []byte) error { return nil }})
		if errs.KindOf(err) != errs.NotConverged || !strings.Contains(err.Error(), `field "model.trade_elasticity": unit `+fmt.Sprint(base+103)+" fails as asked") {
			t.Errorf("got %v (kind %v), want the unit's NotConverged error with its field", err, errs.KindOf(err))
		}
	})
	t.Run("PanicIsUnitError", func(t *testing.T) {
		// A handler's panic is that unit's error, not the end of the
		// process (which would end this test binary).
		ex := newExec(t)
		units := Units(ds, base+150, 6, func(s *Spec) {
			if s.N == base+152 {
				s.Panic = "nil map in a test handler"
			}
		})
		err := ex.Run(context.Background(), &executor.Batch{Data: ds, Units: units, Done: func(int, []byte) error { return nil }})
		if err == nil {
			t.Fatal("a run with a panicking unit succeeded")
		}
		for _, want := range []string{"unit u2 (kind " + KindDigest + ") panicked", ": nil map in a test handler (a bug in tradebloc"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
		if k := errs.KindOf(err); k != errs.Other {
			t.Errorf("kind %v, want %v (a bug, not bad input)", k, errs.Other)
		}
	})
	t.Run("DoneErrorStops", func(t *testing.T) {
		ex := newExec(t)
		stop := errors.New("stop here")
		err := ex.Run(context.Background(), &executor.Batch{Data: ds, Units: Units(ds, base+200, 5, nil), Done: func(int, []byte) error { return stop }})
		if !errors.Is(err, stop) && (err == nil || err.Error() != stop.Error()) {
			t.Errorf("got %v, want Done's error", err)
		}
	})
	t.Run("Cancel", func(t *testing.T) {
		ex := newExec(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		units := Units(ds, base+300, 8, func(s *Spec) { s.SleepMS = 200 })
		start := time.Now()
		err := ex.Run(ctx, &executor.Batch{Data: ds, Units: units, Done: func(int, []byte) error { cancel(); return nil }})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("cancelled run took %v", d)
		}
	})
	t.Run("RefusesBadBatch", func(t *testing.T) {
		ex := newExec(t)
		noop := func(int, []byte) error { return nil }
		twice := Units(ds, base+400, 2, nil)
		twice[1].ID = twice[0].ID
		other := Units(ds, base+410, 2, nil)
		other[1].Dataset.Hash = "0123456789abcdef"
		unknown := Units(ds, base+420, 2, nil)
		unknown[0].Kind = "executortest.nosuchkind"
		for _, c := range []struct {
			name  string
			units []executor.Unit
			want  string
		}{
			{"duplicate id", twice, "given twice"},
			{"other data", other, "refused"},
			{"unknown kind", unknown, "no handler"},
		} {
			err := ex.Run(context.Background(), &executor.Batch{Data: ds, Units: c.units, Done: noop})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
			}
		}
		if err := ex.Run(context.Background(), &executor.Batch{Data: ds, Done: noop}); err != nil {
			t.Errorf("empty batch: %v", err)
		}
	})
}
