package server

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/store"
)

// TestDefaultRunTimeoutFitsTheLongestJob: the main coalition job on
// icio-2022 timed out at 74% of the old 10-minute default on a loaded
// 2-core machine, and took 580 s even without its bands.
func TestDefaultRunTimeoutFitsTheLongestJob(t *testing.T) {
	if got := (Config{}).withDefaults().RunTimeout; got < 30*time.Minute {
		t.Errorf("default run limit %s: want at least 30m", got)
	}
}

// TestExplainTimeout: the timeout error says where the run was and what to
// do, and other errors pass through unchanged.
func TestExplainTimeout(t *testing.T) {
	s := &Server{cfg: Config{RunTimeout: 10 * time.Minute}}
	other := errors.New("solver diverged")
	cases := []struct {
		name, kind, phase string
		progress          float64
		err               error
		want, notWant     []string
	}{
		{"coalition mid-run", KindCoalition, "payoffs (targets silent)", 0.74, errRunTimeout,
			[]string{"timed out after 10m0s (the server's per-run limit)", `74% done, in phase "payoffs (targets silent)"`, "--run-timeout", `"no_bands": true`}, nil},
		{"wrapped cause", KindSolve, "", 0.5, fmt.Errorf("bands: %w", errRunTimeout),
			[]string{"50% done;", "--run-timeout", `"no_bands": true`}, []string{"in phase"}},
		{"benchmark has no bands", KindBenchmark, "", 0, errRunTimeout,
			[]string{"0% done", "--run-timeout"}, []string{"no_bands"}},
		{"other error", KindCoalition, "payoffs", 0.3, other, []string{"solver diverged"}, []string{"timed out"}},
	}
	for _, c := range cases {
		j := &job{kind: c.kind}
		if c.phase != "" {
			j.phase.Store(c.phase)
		}
		j.setProgress(c.progress)
		got := s.explainTimeout(j, c.err).Error()
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q has %q", c.name, got, w)
			}
		}
	}
}

// TestRunTimeoutSaysHowFar runs a coalition game into a tiny limit and
// reads the stored error through the API.
func TestRunTimeoutSaysHowFar(t *testing.T) {
	ts := newTestServer(t, Config{RunTimeout: 1500 * time.Millisecond})
	id := ts.post(t, map[string]any{"kind": "coalition", "builtin": "coalition-of-the-compelled"})
	doc := ts.wait(t, id, 60*time.Second)
	if doc.Status != store.Failed || doc.Error == nil {
		t.Fatalf("run past its limit: %+v", doc)
	}
	msg := *doc.Error
	for _, re := range []string{`timed out after 1\.5s`, `at \d+% done`, `serve --run-timeout`, `"no_bands": true`} {
		if !regexp.MustCompile(re).MatchString(msg) {
			t.Errorf("timeout error %q does not match %s", msg, re)
		}
	}
}
