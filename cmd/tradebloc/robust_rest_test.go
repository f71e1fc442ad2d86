package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataShowOutputGuarded: `data show --out` is checked as every other
// command's output is, before the dataset is loaded, and with the flag
// named: a missing directory, a directory, a path under a file, and an
// output into the dataset directory it reads are exit 2 naming --out.
// Before, `data show --data ds --out ds/countries.csv` replaced the
// dataset's countries.csv with the summary (exit 0), an output beside
// it made the dataset invalid, and a bad path was reported without the
// flag after the dataset was loaded.
func TestDataShowOutputGuarded(t *testing.T) {
	dir := robustDir(t, map[string]string{"bad/countries.csv": "nonsense\n"})
	p := func(s string) string { return filepath.Join(dir, s) }
	countries, err := os.ReadFile(p("ds/countries.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"a dataset file", []string{"data", "show", "--data", p("ds"), "--out", p("ds/countries.csv")}, []string{`field "--out"`, "a directory this command reads (--data)"}},
		{"beside the dataset files", []string{"data", "show", "--data", p("ds"), "--out", p("ds/summary.json")}, []string{`field "--out"`, "a directory this command reads"}},
		{"missing directory, before the dataset", []string{"data", "show", "--data", p("bad"), "--out", p("nodir/o.json")}, []string{`field "--out"`, "directory " + p("nodir") + " does not exist"}},
		{"a directory", []string{"data", "show", "--out", dir}, []string{`field "--out"`, "is a directory"}},
		{"under a file", []string{"data", "show", "--out", p("sc_basic.yaml/o.json")}, []string{`field "--out"`}},
	} {
		_, err := runCLI(t, tc.args...)
		wantExit2(t, tc.name, err, tc.want...)
	}
	if got, _ := os.ReadFile(p("ds/countries.csv")); string(got) != string(countries) {
		t.Errorf("the dataset's countries.csv was overwritten: %.60q", got)
	}
	if _, err := os.Stat(p("ds/summary.json")); !os.IsNotExist(err) {
		t.Error("an output was written into the dataset directory")
	}
	// A good --out is written whole, no temporary file left beside it.
	if _, err := runCLI(t, "data", "show", "--data", p("ds"), "--format", "json", "--out", p("o.json")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p("o.json")); !strings.Contains(string(b), `"countries"`) {
		t.Errorf("o.json holds %.60q", b)
	}
	if left, _ := filepath.Glob(p(".*tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestDataDirOutputsGuarded: the dataset directories `data export` and
// `data build` write are checked before any work and may not be one of
// their inputs. Before, `data build --out X --from X` went on to build
// (its inputs' directory to be replaced by the dataset), export's target
// was checked only after its dataset was loaded, and build's refusal of a
// file as --out did not name the flag.
func TestDataDirOutputsGuarded(t *testing.T) {
	dir := robustDir(t, map[string]string{
		"bad/countries.csv":     "nonsense\n",
		"full/README.md":        "taken\n",
		"shared/compiled/x.csv": "a\n",
		"shared/external/.keep": "",
		"shared/external/tariffwar_multisector/icio_trade_2022.csv": "a\n",
	})
	p := func(s string) string { return filepath.Join(dir, s) }
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"export over its --data", []string{"data", "export", p("ds"), "--data", p("ds")}, []string{`field "DIR"`, "the dataset it exports (--data)"}},
		{"export, before the dataset", []string{"data", "export", p("full"), "--data", p("bad")}, []string{`field "DIR"`, "not empty"}},
		{"export onto a file", []string{"data", "export", p("sc_basic.yaml"), "--data", p("bad")}, []string{`field "DIR"`, "not a directory"}},
		{"build over --from", []string{"data", "build", "--from", p("shared/compiled"), "--out", p("shared/compiled")}, []string{`field "--out"`, "is --from"}},
		{"build over the ICIO tables", []string{"data", "build", "--from", p("shared/compiled"), "--out", p("shared/external/tariffwar_multisector")}, []string{`field "--out"`, "the OECD ICIO tables"}},
		{"build onto a file", []string{"data", "build", "--from", p("shared/compiled"), "--out", p("sc_basic.yaml")}, []string{`field "--out"`, "not a directory"}},
	} {
		_, err := runCLI(t, tc.args...)
		wantExit2(t, tc.name, err, tc.want...)
	}
	if b, _ := os.ReadFile(p("shared/compiled/x.csv")); string(b) != "a\n" {
		t.Errorf("--from's table changed: %q", b)
	}
}

// TestServeFlagValues: serve's numbers are decimal and bounded, each bad
// one exit 2 naming its flag, before a store is opened. Before, --workers
// 0x10 and 1_000 were read (as 16 and 1000) and served, --queue
// 9000000000000000000 panicked in makechan, --workers 100000000 exhausted
// memory starting goroutines, --keep-runs 99999999999999d overflowed to a
// negative age, and a zero --workers, --queue or --run-timeout was blamed
// on all three flags at once. (The --db under a file makes a
// run that gets past the flags fail there, naming --db, rather than
// serve.)
func TestServeFlagValues(t *testing.T) {
	dir := robustDir(t, nil)
	db := filepath.Join(dir, "sc_basic.yaml", "runs.db")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--workers", "0x10"}, []string{`"--workers" flag`, "want a decimal whole number"}},
		{[]string{"--workers", "1_000"}, []string{`"--workers" flag`}},
		{[]string{"--queue", "1e3"}, []string{`"--queue" flag`}},
		{[]string{"--workers", "0"}, []string{`field "--workers"`, "from 1 to 256"}},
		{[]string{"--workers", "100000000"}, []string{`field "--workers"`, "from 1 to 256"}},
		{[]string{"--queue", "-1"}, []string{`field "--queue"`, "from 1 to 100000"}},
		{[]string{"--queue", "9000000000000000000"}, []string{`field "--queue"`, "from 1 to 100000"}},
		{[]string{"--run-timeout", "0s"}, []string{`field "--run-timeout"`}},
		{[]string{"--keep-runs", "99999999999999d"}, []string{`field "--keep-runs"`, "at most 36500 days"}},
		{[]string{"--keep-runs", "2000000h"}, []string{`field "--keep-runs"`, "at most 36500 days"}},
		{[]string{"--keep-runs", "0x10"}, []string{`field "--keep-runs"`}},
		{[]string{"--keep-runs", "1_000"}, []string{`field "--keep-runs"`}},
		{[]string{"--keep-runs", "1e3d"}, []string{`field "--keep-runs"`}},
	} {
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, tc.args...)
		_, err := runCLI(t, args...)
		wantExit2(t, strings.Join(tc.args, " "), err, tc.want...)
	}
}

// TestWorkerFlagValues: the worker's --concurrency is bounded (before,
// 100000000 started as many fetch loops) and a --data it cannot load
// names the flag; both before it connects to NATS (the port here refuses
// connections, which would be exit 1).
func TestWorkerFlagValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--concurrency", "100000000"}, []string{`field "--concurrency"`, "from 0 (all cores) to 1024"}},
		{[]string{"--concurrency", "0x10"}, []string{`"--concurrency" flag`}},
		{[]string{"--data", filepath.Join(t.TempDir(), "nosuch")}, []string{`field "--data"`}},
	} {
		args := append([]string{"worker", "--nats", "nats://127.0.0.1:1"}, tc.args...)
		_, err := runCLI(t, args...)
		wantExit2(t, strings.Join(tc.args, " "), err, tc.want...)
	}
}
