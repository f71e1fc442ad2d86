package executor

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Local runs units on goroutines of this process. Its zero value uses every
// core.
type Local struct {
	Workers int // goroutines; 0 = GOMAXPROCS
}

func (l Local) workers() int {
	if l.Workers > 0 {
		return l.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func (l Local) String() string { return fmt.Sprintf("local, %d goroutines", l.workers()) }

// localPanicNote ends the error of a unit whose handler panicked here. The
// stack is on the error (PanicStack), for the log of a server; the CLI
// shows the message alone.
const localPanicNote = "please report it"

// Run computes the units on min(Workers, units) goroutines, each taking the
// next unit not yet taken. A panic in a handler, or in b's Done or Progress
// (which run on those goroutines), is recovered and fails the run as that
// unit's error: on a goroutine of its own it would kill the process, with
// every other run of a server, out of the caller's reach.
func (l Local) Run(ctx context.Context, b *Batch) error {
	_, total, err := b.check()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		mu       sync.Mutex // serialises Done and progress
		done     int
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	for range min(l.workers(), len(b.Units)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(b.Units) || ctx.Err() != nil {
					return
				}
				u := &b.Units[i]
				res, err := computeRecovered(ctx, b.Data, u, "in the local executor", localPanicNote)
				mu.Lock()
				switch {
				case firstErr != nil:
				case err != nil:
					fail(err)
				default:
					if err := deliver(b, i, res, &done, total); err != nil {
						fail(err)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// deliver hands unit i's result to b.Done and reports the progress, with a
// panic in either recovered as an error: they are the caller's code, run on
// the executor's goroutines. The caller holds the lock that serialises them.
func deliver(b *Batch, i int, res []byte, done *int, total int) (err error) {
	u := &b.Units[i]
	defer func() {
		if v := recover(); v != nil {
			err = newPanicError(v, "the batch's Done or Progress for unit "+u.ID+" (kind "+u.Kind+")", "in the local executor", localPanicNote)
		}
	}()
	if err := b.Done(i, res); err != nil {
		return err
	}
	*done += u.size()
	if b.Progress != nil {
		b.Progress(b.Phase, *done, total)
	}
	return nil
}
