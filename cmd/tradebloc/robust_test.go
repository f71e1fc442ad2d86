package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// robustDir is a fresh directory holding a copy of the example dataset
// (ds), sc_basic.yaml (a 10% tariff of AAA on everyone) and the files
// given.
func robustDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "ds"), os.DirFS(filepath.Join("..", "..", "internal", "data", "testdata", "example"))); err != nil {
		t.Fatal(err)
	}
	all := map[string]string{"sc_basic.yaml": "name: basic\ndata: ds\nshocks:\n  - tariff: {importer: AAA, exporter: \"*\", rate: 0.10}\n"}
	for k, v := range files {
		all[k] = v
	}
	for name, body := range all {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// wantExit2 checks that err is bad usage (exit 2) whose message holds
// every want.
func wantExit2(t *testing.T, name string, err error, want ...string) {
	t.Helper()
	if errs.ExitCode(err) != 2 {
		t.Errorf("%s: exit %d (%v), want 2", name, errs.ExitCode(err), err)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: %q, want it to contain %q", name, err, w)
		}
	}
}

// TestOutputsAllOrNone (H3): a command with two outputs checks both
// before it computes anything and writes both or neither. Before, `solve
// --shocks-out s1.csv --out nodir/o.json` wrote s1.csv and exited 2, and
// `plan --html p.html --out nodir/o.json` played the whole plan, wrote
// p.html and then exited 2.
func TestOutputsAllOrNone(t *testing.T) {
	dir := robustDir(t, nil)
	p := func(s string) string { return filepath.Join(dir, s) }
	for _, tc := range []struct {
		name string
		args []string
		left string // the other output, which must not be written
		want []string
	}{
		{"solve", []string{"solve", p("sc_basic.yaml"), "--shocks-out", p("s1.csv"), "--out", p("nodir/o.json")}, "s1.csv", []string{`field "--out"`, "directory " + p("nodir") + " does not exist"}},
		{"solve, bad shocks-out", []string{"solve", p("sc_basic.yaml"), "--out", p("o.json"), "--shocks-out", p("nodir/s.csv")}, "o.json", []string{`field "--shocks-out"`}},
		// The plan and --tolerance are bad too: the output is refused
		// first, so it is checked before any of them is read.
		{"plan", []string{"plan", "no-such-plan", "--draws", "2", "--html", p("p.html"), "--out", p("nodir/o.json")}, "p.html", []string{`field "--out"`}},
		{"solve, before its flags", []string{"solve", "no-such-scenario", "--tolerance", "1", "--out", p("nodir/o.json")}, "", []string{`field "--out"`}},
		{"plan, html a directory", []string{"plan", "after-the-ruling", "--html", dir}, "", []string{`field "--html"`, "is a directory"}},
	} {
		_, err := runCLI(t, tc.args...)
		wantExit2(t, tc.name, err, tc.want...)
		if tc.left != "" {
			if _, err := os.Stat(p(tc.left)); !os.IsNotExist(err) {
				t.Errorf("%s: %s written although the command failed", tc.name, tc.left)
			}
		}
	}
	if _, err := runCLI(t, "solve", p("sc_basic.yaml"), "--no-bands", "--format", "json", "--shocks-out", p("s.csv"), "--out", p("o.json")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"s.csv", "o.json"} {
		if b, err := os.ReadFile(p(f)); err != nil || len(b) == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestOutputNotAnInput (M1): an output that is one of the command's inputs
// (the scenario, a CSV file it names, a file of the dataset directory) or
// another output is refused before anything is computed; before, `solve
// sc.yaml --out sc.yaml` replaced the scenario with its results.
func TestOutputNotAnInput(t *testing.T) {
	dir := robustDir(t, map[string]string{
		"rates.yaml": "data: ds\nshocks:\n  - tariff: {importer: AAA, file: rates.csv}\n",
		"rates.csv":  "exporter,rate\nBBB,0.2\n",
		"pay.csv":    "members,country,payoff\n,CAN,0\nCAN,CAN,1\n",
	})
	p := func(s string) string { return filepath.Join(dir, s) }
	if err := os.Symlink("sc_basic.yaml", p("link.yaml")); err != nil {
		t.Fatal(err)
	}
	sc, _ := os.ReadFile(p("sc_basic.yaml"))
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"the scenario", []string{"solve", p("sc_basic.yaml"), "--out", p("sc_basic.yaml")}, []string{`field "--out"`, "would overwrite", "(SCENARIO)"}},
		{"a link to the scenario", []string{"solve", p("sc_basic.yaml"), "--out", p("link.yaml")}, []string{"would overwrite"}},
		{"the scenario's CSV", []string{"solve", p("rates.yaml"), "--shocks-out", p("rates.csv")}, []string{`field "--shocks-out"`, "would overwrite " + p("rates.csv")}},
		{"the scenario's dataset", []string{"solve", p("sc_basic.yaml"), "--out", p("ds/trade.csv")}, []string{"a directory this command reads"}},
		{"the --data dataset", []string{"benchmark", "liberation-day", "--data", p("ds"), "--out", p("ds/trade.csv")}, []string{"(--data)"}},
		{"two outputs", []string{"solve", p("sc_basic.yaml"), "--out", p("same.csv"), "--shocks-out", p("./same.csv")}, []string{"--out and --shocks-out name the same file"}},
		{"the payoff table", []string{"coalition", "stability", "--payoffs", p("pay.csv"), "--out", p("pay.csv")}, []string{"(--payoffs)"}},
	} {
		_, err := runCLI(t, tc.args...)
		wantExit2(t, tc.name, err, tc.want...)
	}
	if got, _ := os.ReadFile(p("sc_basic.yaml")); string(got) != string(sc) {
		t.Errorf("the scenario was overwritten: %q", got)
	}
	if got, _ := os.ReadFile(p("rates.csv")); string(got) != "exporter,rate\nBBB,0.2\n" {
		t.Errorf("rates.csv was overwritten: %q", got)
	}
	// A plan's scenario file is an input too, checked before the plan runs.
	pdir := robustDir(t, map[string]string{
		"plan.yaml": "scenario: coal.yaml\nbranches: [{name: a, probability: 1}]\n",
		"coal.yaml": "name: coal\ncoalition: {leader: USA, targets: [CHN], candidates: [CAN, MEX]}\n",
	})
	_, err := runCLI(t, "plan", filepath.Join(pdir, "plan.yaml"), "--out", filepath.Join(pdir, "coal.yaml"))
	wantExit2(t, "the plan's scenario", err, "would overwrite "+filepath.Join(pdir, "coal.yaml"))
}

// TestOutputThroughSymlink: --out naming a symbolic link writes the file
// it points to and leaves the link a link (before: the link was replaced
// by a regular file).
func TestOutputThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.csv")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink("target.csv", link); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "scenarios", "--format", "csv", "--out", link); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	if b, _ := os.ReadFile(target); !strings.HasPrefix(string(b), "name,description") {
		t.Errorf("target holds %.40q", b)
	}
}

// TestUnreadableInputs (H4): a scenario or plan path that is a directory,
// or lies under a file, is exit 2 naming it, for solve as for plan
// (before: solve exited 1 with "read DIR: is a directory").
func TestUnreadableInputs(t *testing.T) {
	dir := robustDir(t, nil)
	empty := filepath.Join(dir, "emptydir")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	under := filepath.Join(dir, "sc_basic.yaml", "x.yaml")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"solve", empty}, empty + ": is a directory, not a scenario file"},
		{[]string{"coalition", empty}, empty + ": is a directory, not a scenario file"},
		{[]string{"plan", empty}, empty + ": is a directory, not a plan file"},
		{[]string{"solve", under}, under + ": cannot read the scenario file: not a directory"},
		{[]string{"coalition", "stability", "--payoffs", empty}, ""},
		{[]string{"coalition", "stability", "--payoffs", filepath.Join(dir, "nope.csv")}, "cannot read the payoff file: no such file"},
	} {
		_, err := runCLI(t, tc.args...)
		wantExit2(t, strings.Join(tc.args, " "), err, tc.want)
	}
}

// TestSanctionsDirRefused (H5): an explicit --sanctions-dir that is
// missing, empty or holds garbage is exit 2 naming the flag and the file,
// as `serve --sanctions-dir` refuses it; before, the run succeeded (exit
// 0) with a note.
func TestSanctionsDirRefused(t *testing.T) {
	dir := robustDir(t, map[string]string{
		"empty/.keep": "",
		"garbage/ties_v4_1_imposed_sanctions_extract.csv":  "\x00\x01garbage\n",
		"garbage/martin1992_multilateral_sanctions.csv":    "num,cost,coop\n1,2,3\n",
		"badcell/ties_v4_1_imposed_sanctions_extract.csv":  "sender,success,formal_alliance\nUSA,1,0\n",
		"badcell/martin1992_multilateral_sanctions.csv":    "num,cost,coop\n1,2,3\n2,x,1\n",
		"nocolumn/ties_v4_1_imposed_sanctions_extract.csv": "sender,formal_alliance\nUSA,0\n",
		"nocolumn/martin1992_multilateral_sanctions.csv":   "num,cost,coop\n1,2,3\n",
	})
	for _, tc := range []struct{ dir, want string }{
		{"nosuch", "no such directory"},
		{"empty", "cannot read the sanctions file: no such file"},
		{"garbage", `missing column "sender"`},
		{"badcell", `martin1992_multilateral_sanctions.csv:3: field "cost"`},
		{"nocolumn", `field "success": missing column "success"`},
	} {
		for _, pb := range []string{"cocom", "imperial-preference"} {
			_, err := runCLI(t, "playbooks", "run", pb, "--sanctions-dir", filepath.Join(dir, tc.dir), "--format", "json")
			wantExit2(t, pb+" "+tc.dir, err, `field "--sanctions-dir"`, tc.want)
		}
	}
}

// TestLocatedInputErrors (M2): errors name the file, line and field the
// user wrote, or the flag: a trade-cost change out of its bounds (before:
// "expenditure of AAA would be non-positive" with no location), a
// scenario's missing dataset directory, a plan's scenario, the benchmark
// paths' sizes (before: an internal "shocks[1].rebalance" of
// builtin/liberation-day.yaml) and coalition stability's --leader
// (before: the payoff file's "country" column).
func TestLocatedInputErrors(t *testing.T) {
	dir := robustDir(t, map[string]string{
		"tc.yaml":     "data: ds\nshocks:\n  - trade_cost: {importer: AAA, exporter: BBB, partial_effect: 710}\n",
		"tf.yaml":     "data: ds\nshocks:\n  - trade_cost: {importer: AAA, exporter: BBB, factor: 1e-100}\n",
		"tcsv.yaml":   "data: ds\nshocks:\n  - trade_cost: {file: costs.csv}\n",
		"costs.csv":   "exporter,importer,partial_effect\nBBB,AAA,710\n",
		"dn.yaml":     "name: dn\ndata: ./nope\n",
		"pl.yaml":     "name: p\nscenario: nosuch\nbranches: [{name: a, probability: 1}]\n",
		"pl2.yaml":    "name: p\nscenario: liberation-day\nbranches: [{name: a, probability: 1}]\n",
		"pay.csv":     "members,country,payoff\n,CAN,0\nCAN,CAN,1\n",
		"own.yaml":    "data: ds\nshocks:\n  - tariff: {importer: AAA, file: own.csv}\n",
		"own.csv":     "exporter,rate\nBBB,0.1\nAAA,0.2\n",
		"cols.csv":    "members,country,payoff,note\n,CAN,0,x\n",
		"payhex.csv":  "members,country,payoff\n,CAN,0x1p4\nCAN,CAN,1\n",
		"ratesep.csv": "exporter,rate\nBBB,1_0%\n",
		"sep.yaml":    "data: ds\nshocks:\n  - tariff: {importer: AAA, file: ratesep.csv}\n",
	})
	p := func(s string) string { return filepath.Join(dir, s) }
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"partial effect", []string{"solve", p("tc.yaml")}, []string{p("tc.yaml") + ":3:64", `field "shocks[0].trade_cost.partial_effect"`, "from −20 to 20"}},
		{"factor", []string{"solve", p("tf.yaml")}, []string{p("tf.yaml") + ":3:56", "factor must be from 0.001 to 1000"}},
		{"costs file", []string{"solve", p("tcsv.yaml")}, []string{p("costs.csv") + ":2:9", `field "partial_effect"`}},
		{"data dir", []string{"solve", p("dn.yaml")}, []string{p("dn.yaml") + ":2:7", `field "data"`, "no dataset directory"}},
		{"plan scenario", []string{"plan", p("pl.yaml")}, []string{p("pl.yaml") + ":2:11", `field "scenario"`, "not a built-in scenario"}},
		{"plan scenario without coalition", []string{"plan", p("pl2.yaml")}, []string{p("pl2.yaml") + ":2:11", `field "scenario"`, "has no coalition: block"}},
		{"revalue", []string{"benchmark", "paths", "VNM", "--revalue", "-100"}, []string{`field "--revalue"`, "--revalue -100 cannot be priced"}},
		{"subsidy", []string{"benchmark", "paths", "VNM", "--subsidy", "1e308"}, []string{`field "--subsidy"`, "at most 100"}},
		{"stability leader", []string{"coalition", "stability", "--payoffs", p("pay.csv"), "--leader", "ZZZ"}, []string{`field "--leader": ZZZ has no payoff in ` + p("pay.csv")}},
		{"stability leader case", []string{"coalition", "stability", "--payoffs", p("pay.csv"), "--leader", "can"}, []string{"country codes are upper case: CAN"}},
		{"payoff columns", []string{"coalition", "stability", "--payoffs", p("cols.csv")}, []string{p("cols.csv") + ":1", `unknown column "note"`}},
		{"payoff hexadecimal", []string{"coalition", "stability", "--payoffs", p("payhex.csv")}, []string{p("payhex.csv") + ":2", `got "0x1p4"`}},
		{"rate row on its own importer", []string{"solve", p("own.yaml")}, []string{p("own.csv") + ":3", `field "exporter"`, "selects no pair"}},
		{"rate with separator", []string{"solve", p("sep.yaml")}, []string{p("ratesep.csv") + ":2", `got "1_0%"`}},
	} {
		_, err := runCLI(t, tc.args...)
		wantExit2(t, tc.name, err, tc.want...)
	}
}

// TestFlagValues (M3 and the low ones): flags take plain decimal numbers in
// their ranges, counts are ≥ 0, conflicting flags are refused and codes
// are upper case, each with exit 2 naming the flag.
func TestFlagValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"tariffs", "reciprocal", "--phi", "1e-320", "--format", "json"}, []string{`field "--phi"`, "from 0.01 to 1"}},
		{[]string{"tariffs", "reciprocal", "--epsilon", "1e9"}, []string{`field "--epsilon"`}},
		{[]string{"tariffs", "reciprocal", "--floor", "1000"}, []string{`field "--floor"`}},
		{[]string{"tariffs", "reciprocal", "--phi", "0x1p-2"}, []string{`"--phi" flag`, `got "0x1p-2"`}},
		{[]string{"tariffs", "timeline", "--as-of", "2025-01-01", "--date", "2025-02-02"}, []string{"--as-of/--date", "give one of them"}},
		{[]string{"tariffs", "effective", "--partner", "zzz"}, []string{`--partner: "zzz" is not a US trading partner`}},
		{[]string{"tariffs", "effective", "--sector", "z99"}, []string{`--sector: unknown sector "z99"`}},
		{[]string{"solve", "liberation-day", "--tolerance", "1e300"}, []string{`field "--tolerance"`, "at most 1e-06"}},
		{[]string{"solve", "liberation-day", "--max-iterations", "0x10"}, []string{`"--max-iterations" flag`, "want a decimal whole number"}},
		{[]string{"solve", "liberation-day", "--tolerance", "1e-400"}, []string{"would become 0"}},
		{[]string{"plan", "after-the-ruling", "--draws", "1_000"}, []string{`"--draws" flag`}},
		{[]string{"plan", "after-the-ruling", "--seed", "-7"}, []string{`field "--seed"`, "want a seed ≥ 0 (or -1, the default, for the plan's)"}},
		{[]string{"plan", "after-the-ruling", "--workers", "-1"}, []string{`"--workers" flag`, "want a whole number ≥ 0"}},
		{[]string{"coalition", "coalition-of-the-compelled", "--workers", "-1"}, []string{`"--workers" flag`}},
		{[]string{"sweep", "liberation-day", "--workers", "-3"}, []string{`"--workers" flag`}},
		{[]string{"simulate", "coalition-of-the-compelled", "--top", "-2"}, []string{`"--top" flag`}},
		{[]string{"simulate", "coalition-of-the-compelled", "--speed", "1e-400"}, []string{`"--speed" flag`, "would become 0"}},
		{[]string{"simulate", "coalition-of-the-compelled", "--move", "CAN=rebalance:0x1p1"}, []string{`field "--move"`}},
		{[]string{"simulate", "coalition-of-the-compelled", "--move", "CAN=join@0x1"}, []string{`field "--move"`}},
		{[]string{"coalition", "coalition-of-the-compelled", "--explain", "CAN+CAN"}, []string{`field "--explain"`, "CAN given twice"}},
		{[]string{"coalition", "coalition-of-the-compelled", "--export", "CAN++MEX"}, []string{`field "--export"`, "empty code"}},
		{[]string{"coalition", "coalition-of-the-compelled", "--explain", "can"}, []string{"country codes are upper case: CAN"}},
	} {
		_, err := runCLI(t, tc.args...)
		wantExit2(t, strings.Join(tc.args, " "), err, tc.want...)
	}
}

// TestMoveUpperCaseHint: a scripted move naming a player in lower case
// gets its upper-case spelling, as other commands' codes do.
func TestMoveUpperCaseHint(t *testing.T) {
	_, err := runCLI(t, "simulate", "coalition-of-the-compelled", "--move", "can=join", "--rounds", "1", "--format", "json")
	wantExit2(t, "--move can=join", err, `"can" is not a player (country codes are upper case: CAN)`)
}
