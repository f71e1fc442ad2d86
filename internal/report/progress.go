package report

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Progress reports long work on stderr. The engines report through a
// callback and never print; this is the UI side.
//
// On a terminal it draws a bar with the time left, redrawn in place. On
// anything else (a log file, a CI job, a pipe) it prints a plain line every
// few seconds and when a phase ends, so that a long run is visibly alive
// without filling the log with carriage returns:
//
//	tradebloc: draws 1200/6000 (20%), 0:12 elapsed, about 0:48 left
type Progress struct {
	w     io.Writer
	tty   bool
	now   func() time.Time
	every time.Duration // between plain lines

	mu         sync.Mutex
	phase      string
	phaseStart time.Time
	lastDraw   time.Time
	lastLine   time.Time
	drawn      bool
}

// LineInterval is how often a non-terminal gets a progress line.
const LineInterval = 5 * time.Second

// NewProgress returns the progress reporter for f: a bar if f is a
// terminal, plain lines otherwise.
func NewProgress(f *os.File) *Progress {
	st, err := f.Stat()
	return newProgress(f, err == nil && st.Mode()&os.ModeCharDevice != 0, time.Now, LineInterval)
}

func newProgress(w io.Writer, tty bool, now func() time.Time, every time.Duration) *Progress {
	return &Progress{w: w, tty: tty, now: now, every: every}
}

// Update reports done of total in a phase; safe from any goroutine. A
// terminal's bar is redrawn at most ten times a second.
func (p *Progress) Update(phase string, done, total int) {
	if p == nil || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if phase != p.phase {
		p.phase, p.phaseStart, p.lastLine = phase, now, now
	}
	elapsed := now.Sub(p.phaseStart)
	if p.tty {
		if done < total && now.Sub(p.lastDraw) < 100*time.Millisecond {
			return
		}
		p.lastDraw = now
		const width = 30
		fill := width * min(done, total) / total
		fmt.Fprintf(p.w, "\r\033[K[%s%s] %3d%% %s %d/%d%s", strings.Repeat("=", fill), strings.Repeat(" ", width-fill),
			100*done/total, phase, done, total, eta(elapsed, done, total, ", "))
		p.drawn = true
		return
	}
	// A plain line when the interval has passed, and one when a phase that
	// lasted long enough to be reported ends.
	if (done < total && now.Sub(p.lastLine) < p.every) || (done >= total && elapsed < p.every) {
		return
	}
	p.lastLine = now
	if done >= total {
		fmt.Fprintf(p.w, "tradebloc: %s %d/%d done in %s\n", phase, done, total, clock(elapsed))
		return
	}
	fmt.Fprintf(p.w, "tradebloc: %s %d/%d (%d%%), %s elapsed%s\n", phase, done, total, 100*done/total, clock(elapsed), eta(elapsed, done, total, ", "))
}

// eta is ", about 0:48 left" from the pace so far ("" before any progress).
func eta(elapsed time.Duration, done, total int, sep string) string {
	if done <= 0 || done >= total || elapsed <= 0 {
		return ""
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	return sep + "about " + clock(left) + " left"
}

// clock formats a duration as m:ss, or h:mm:ss from an hour.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Done clears the bar on a terminal.
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
