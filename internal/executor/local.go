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

// Run computes the units on min(Workers, units) goroutines, each taking the
// next unit not yet taken.
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
				res, err := compute(ctx, b.Data, u)
				mu.Lock()
				switch {
				case firstErr != nil:
				case err != nil:
					fail(err)
				default:
					if err := b.Done(i, res); err != nil {
						fail(err)
						break
					}
					done += u.size()
					if b.Progress != nil {
						b.Progress(b.Phase, done, total)
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
