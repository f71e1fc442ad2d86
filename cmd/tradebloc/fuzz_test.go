package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/numparse"
	"github.com/tradebloc/tradebloc/internal/plan"
	"github.com/tradebloc/tradebloc/internal/simulate"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// FuzzParseMove: a --move value is accepted only as CODE=ACTION[:SIZE][@ROUND]
// with a decimal size in (0, 20] for rebalance only and a decimal round ≥ 1;
// what is accepted reads back the same when written out again, and what is
// refused is bad usage naming --move.
func FuzzParseMove(f *testing.F) {
	for _, s := range []string{"VNM=cut", "KOR=rebalance:2", "CAN=join@3", "KOR=rebalance:1.5@2", "=cut", "CAN=dance",
		"CAN=cut:2", "KOR=rebalance:0x1p1", "CAN=join@0x1", "CAN=join@010", "KOR=rebalance:1e-400", "CAN=join@-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := simulate.ParseMove(s)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Field != "--move" || errs.ExitCode(err) != 2 {
				t.Fatalf("ParseMove(%q): %v is not bad usage naming --move", s, err)
			}
			return
		}
		if m.Player == "" || m.Round < 1 {
			t.Fatalf("ParseMove(%q) = %+v", s, m)
		}
		if m.Action == simulate.Rebalance {
			if !(m.Size > 0 && m.Size <= 20) {
				t.Fatalf("ParseMove(%q): size %v", s, m.Size)
			}
		} else if m.Size != 0 {
			t.Fatalf("ParseMove(%q): size %v on %s", s, m.Size, m.Action)
		}
		// The size and round as written are plain decimals.
		_, rest, _ := strings.Cut(s, "=")
		rest, round, hasRound := strings.Cut(rest, "@")
		if hasRound {
			if _, err := numparse.Int(round, 0); err != nil {
				t.Fatalf("ParseMove(%q) accepted round %q", s, round)
			}
		}
		if _, size, ok := strings.Cut(rest, ":"); ok {
			if _, err := numparse.Float(size); err != nil {
				t.Fatalf("ParseMove(%q) accepted size %q", s, size)
			}
		}
		again := fmt.Sprintf("%s=%s@%d", m.Player, m.Action, m.Round)
		if m.Action == simulate.Rebalance {
			again = fmt.Sprintf("%s=%s:%s@%d", m.Player, m.Action, strconv.FormatFloat(m.Size, 'g', -1, 64), m.Round)
		}
		if m2, err := simulate.ParseMove(again); err != nil || m2 != m {
			t.Fatalf("ParseMove(%q) = %+v; written out %q reads %+v, %v", s, m, again, m2, err)
		}
	})
}

// FuzzDateFlags: the date flags (--date, --as-of of tariffs; --start of
// plan) take a calendar date written YYYY-MM-DD and nothing else: what is
// accepted is the canonical spelling of a real date, and what plan refuses
// is bad usage naming --start.
func FuzzDateFlags(f *testing.F) {
	for _, s := range []string{"2025-04-02", "2025-02-30", "2025-4-2", "20250402", "2025-04-02T00:00:00Z", " 2025-04-02", "+2025-04-02", "0000-01-01", ""} {
		f.Add(s)
	}
	pl := &plan.Plan{}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := tariffs.ParseDate(s)
		if err == nil && d.Format(time.DateOnly) != s {
			t.Fatalf("ParseDate(%q) accepted a date it writes %s", s, d.Format(time.DateOnly))
		}
		start, _, perr := plan.ResolveStart(pl, plan.Options{Start: s})
		switch {
		case s == "":
			// No --start: the plan's start or today.
		case perr != nil:
			if errs.ExitCode(perr) != 2 || !strings.Contains(perr.Error(), `field "--start"`) {
				t.Fatalf("--start %q: %v is not bad usage naming --start", s, perr)
			}
		case (err == nil) != (perr == nil) || start != s:
			t.Fatalf("--start %q: %q, %v; tariffs.ParseDate: %v", s, start, perr, err)
		}
	})
}
