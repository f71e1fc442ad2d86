package plan

import (
	"context"
	"sync"

	"github.com/tradebloc/tradebloc/internal/executor"
)

// announcing is an executor that reports each batch at its start, under
// its phase with prefix in front. Executors report a phase only as units
// finish, and a progress reporter times a phase from its first report
// (report.Progress): on icio-2022 a unit of the coalition game is 128
// solves, about ten seconds, so no phase of the game lasted long enough
// after its first report to earn a line, and its minute passed without
// one. The prefix says whose phase it is ("coalition game: payoffs").
//
// Consecutive batches of one phase are reported as one (done and total
// add up), since the reporter keeps one clock per phase name: a batch of
// one unit after a long one would otherwise read "1/1 done in 0:27".
type announcing struct {
	executor.Executor
	prefix string
	last   *phaseCount // nil: every batch on its own
}

// phaseCount is the phase of the last batch and its count so far.
type phaseCount struct {
	mu    sync.Mutex
	phase string
	total int
}

func announce(ex executor.Executor, prefix string) announcing {
	return announcing{Executor: ex, prefix: prefix, last: &phaseCount{}}
}

// Run implements executor.Executor.
func (a announcing) Run(ctx context.Context, b *executor.Batch) error {
	if b.Progress == nil {
		return a.Executor.Run(ctx, b)
	}
	total := 0
	for _, u := range b.Units {
		total += max(u.Size, 1)
	}
	report, phase, base := b.Progress, a.prefix+b.Phase, 0
	if a.last != nil {
		a.last.mu.Lock()
		if a.last.phase == phase {
			base = a.last.total
		}
		a.last.phase, a.last.total = phase, base+total
		a.last.mu.Unlock()
	}
	c := *b
	c.Phase = phase
	c.Progress = func(_ string, done, n int) { report(phase, base+done, base+n) }
	report(phase, base, base+total)
	return a.Executor.Run(ctx, &c)
}
