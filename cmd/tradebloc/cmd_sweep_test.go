package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor/natstest"
)

// TestSolvePrintsBands: solve shows the band of real income by default —
// in the summary and the tables, and as "bands" in JSON — and --no-bands
// leaves it out.
func TestSolvePrintsBands(t *testing.T) {
	out, err := runCLI(t, "solve", "liberation-day")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`Uncertainty, range over θ ∈ \{3, 5\} and the central θ = 4: USA real income [+-]\d\.\d\d% to [+-]\d\.\d\d%`).MatchString(out) ||
		!strings.Contains(out, "welfare band %") {
		t.Errorf("no bands in the text:\n%.1500s", out)
	}
	js, err := runCLI(t, "solve", "liberation-day", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Countries []map[string]any `json:"countries"`
		Bands     struct {
			Over      string                                   `json:"over"`
			Countries map[string]map[string]map[string]float64 `json:"countries"`
		} `json:"bands"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	usa := doc.Bands.Countries["USA"]["welfare_pct"]
	for _, k := range []string{"p10", "p50", "p90", "min", "max"} {
		if _, ok := usa[k]; !ok {
			t.Errorf("USA's welfare band lacks %q: %v", k, usa)
		}
	}
	if len(doc.Bands.Countries) != len(doc.Countries) || doc.Bands.Over != "θ ∈ {3, 5}" {
		t.Errorf("bands over %q for %d of %d countries", doc.Bands.Over, len(doc.Bands.Countries), len(doc.Countries))
	}
	plain, err := runCLI(t, "solve", "liberation-day", "--no-bands")
	if err != nil || strings.Contains(plain, "Uncertainty") || strings.Contains(plain, "band") {
		t.Errorf("--no-bands still shows bands (%v)", err)
	}
}

// TestWorkerAndNATSCommands runs `tradebloc worker` against an embedded
// NATS server and the coalition and sweep commands with --nats: the
// coalition report is the local one but for timings, and the sweep prints
// each coalition's stable share.
func TestWorkerAndNATSCommands(t *testing.T) {
	dir := t.TempDir()
	game := filepath.Join(dir, "game.yaml")
	if err := os.WriteFile(game, []byte(cliGame), 0o644); err != nil {
		t.Fatal(err)
	}
	url := natstest.Server(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		root := newRootCommand()
		root.SetArgs([]string{"worker", "--nats", url, "--concurrency", "2"})
		root.SetOut(&strings.Builder{})
		root.SetErr(&strings.Builder{})
		done <- root.ExecuteContext(ctx)
	}()
	timing := regexp.MustCompile(`"(seconds|solves_per_second|comparison_seconds)": [0-9.e+-]+`)
	local, err := runCLI(t, "coalition", game, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	remote, err := runCLI(t, "coalition", game, "--format", "json", "--nats", url)
	if err != nil {
		t.Fatal(err)
	}
	if timing.ReplaceAllString(local, "") != timing.ReplaceAllString(remote, "") {
		t.Error("coalition --nats differs from the local run")
	}
	sw, err := runCLI(t, "sweep", game, "--theta", "3,4,5", "--nats", url)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sw, "Coalitions stable at some point (θ ∈ {3, 4, 5})") || !regexp.MustCompile(`\d+%\s+\d+%`).MatchString(sw) {
		t.Errorf("sweep output:\n%s", sw)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("worker: %v", err)
	}
}

func TestWorkerAndSweepBadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"worker"},
		{"worker", "--nats", "nats://127.0.0.1:1", "--concurrency", "-1"},
		{"sweep", "liberation-day", "--theta", "3,x"},
		{"sweep", "liberation-day", "--theta", "3", "--draws", "5"},
		{"sweep", "liberation-day", "--seed", "5"},
		{"sweep", "liberation-day", "--deficits", "purge"},
		{"sweep", "liberation-day", "--elasticities", "all"},
	} {
		if _, err := runCLI(t, args...); errs.ExitCode(err) != 2 {
			t.Errorf("%v: %v (exit %d), want bad usage", args, err, errs.ExitCode(err))
		}
	}
}
