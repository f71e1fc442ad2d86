package report

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Progress draws a progress bar for long work on a terminal (stderr). The
// engines report through a callback and never print; this is the UI side.
// On a non-terminal it stays silent, so logs and pipes are not littered with
// carriage returns.
type Progress struct {
	w     io.Writer
	tty   bool
	mu    sync.Mutex
	last  time.Time
	drawn bool
}

// NewProgress returns a progress bar on f, active only if f is a terminal.
func NewProgress(f *os.File) *Progress {
	st, err := f.Stat()
	return &Progress{w: f, tty: err == nil && st.Mode()&os.ModeCharDevice != 0}
}

// Update reports done of total in a phase; safe from any goroutine. Draws
// are throttled to ten a second.
func (p *Progress) Update(phase string, done, total int) {
	if p == nil || !p.tty || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	} else {
		p.last = now
	}
	const width = 30
	fill := width * done / total
	fmt.Fprintf(p.w, "\r[%s%s] %3d%% %s %d/%d", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), 100*done/total, phase, done, total)
	p.drawn = true
}

// Done clears the bar.
func (p *Progress) Done() {
	if p == nil || !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
