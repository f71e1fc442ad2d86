package report

import (
	"strings"
	"testing"
	"time"
)

// fakeClock advances only when told.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// TestProgressLinesWithoutTerminal: off a terminal a long run prints a
// plain line every interval with the time left, and one when the phase
// ends; updates in between print nothing, and no carriage return appears.
func TestProgressLinesWithoutTerminal(t *testing.T) {
	var b strings.Builder
	c := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newProgress(&b, false, c.now, 5*time.Second)
	p.Update("draws", 0, 600)
	for done := 1; done <= 600; done++ {
		c.t = c.t.Add(100 * time.Millisecond) // 60 s in all
		p.Update("draws", done, 600)
	}
	p.Done()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 12 {
		t.Fatalf("%d lines, want one per 5 s of a 60 s run and a last one:\n%s", len(lines), b.String())
	}
	if want := "tradebloc: draws 50/600 (8%), 0:05 elapsed, about 0:55 left"; lines[0] != want {
		t.Errorf("first line %q, want %q", lines[0], want)
	}
	if want := "tradebloc: draws 600/600 done in 1:00"; lines[len(lines)-1] != want {
		t.Errorf("last line %q, want %q", lines[len(lines)-1], want)
	}
	if strings.Contains(b.String(), "\r") {
		t.Error("carriage returns in a log")
	}
	// A short phase prints nothing at all.
	b.Reset()
	p.Update("threats", 1, 2)
	p.Update("threats", 2, 2)
	if b.Len() != 0 {
		t.Errorf("short phase printed %q", b.String())
	}
}

// TestProgressBarShowsETA: the terminal bar carries the time left.
func TestProgressBarShowsETA(t *testing.T) {
	var b strings.Builder
	c := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newProgress(&b, true, c.now, 5*time.Second)
	p.Update("payoffs", 0, 100)
	c.t = c.t.Add(30 * time.Second)
	p.Update("payoffs", 25, 100)
	if !strings.Contains(b.String(), "payoffs 25/100, about 1:30 left") {
		t.Errorf("bar %q lacks the time left", b.String())
	}
	if clock(3725*time.Second) != "1:02:05" {
		t.Errorf("clock(3725 s) = %q", clock(3725*time.Second))
	}
}
