package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestScenarioErrorsAtPlanKey: a plan's scenario that is not there, or
// has no coalition: block, is bad input located at the plan's `scenario`
// key (before: the scenario's name only, or "scenario "x" has no
// coalition: block" with no file); an error inside a scenario file keeps
// that file's location.
func TestScenarioErrorsAtPlanKey(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"broken.yaml": "name: broken\nmodel:\n  deficits: balanced\n",
		"plain.yaml":  "name: plain\nshocks: []\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		scenario, file string
		line, col      int
		field, want    string
	}{
		{"nosuch", "p.yaml", 2, 11, "scenario", "nosuch: no such file, and not a built-in scenario"},
		{"liberation-day", "p.yaml", 2, 11, "scenario", `scenario "liberation-day" has no coalition: block`},
		{"plain.yaml", "p.yaml", 2, 11, "scenario", `scenario "plain" has no coalition: block`},
		{"broken.yaml", filepath.Join(dir, "broken.yaml"), 3, 13, "model.deficits", "want fixed, ratio, zero or purge"},
	} {
		src := "name: p\nscenario: " + tc.scenario + "\nbranches: [{name: a, probability: 1}]\n"
		pl, err := Parse([]byte(src), "p.yaml")
		if err != nil {
			t.Fatal(err)
		}
		pl.Dir = dir
		_, err = pl.ResolveScenario()
		e, ok := err.(*errs.Error)
		if !ok || errs.ExitCode(err) != 2 || e.File != tc.file || e.Line != tc.line || e.Col != tc.col || e.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %s:%d:%d field %q containing %q", tc.scenario, err, tc.file, tc.line, tc.col, tc.field, tc.want)
		}
	}
	pl, _ := Builtin("after-the-ruling")
	if _, err := pl.ResolveScenario(); err != nil {
		t.Errorf("built-in plan: %v", err)
	}
}

// TestDecimalNumbers: a plan's numbers are decimal; YAML's other forms
// (0x10, 0o17, 1_000, 010 read as octal) are refused at their key, as
// is a nonzero number that would become 0.
func TestDecimalNumbers(t *testing.T) {
	for _, tc := range []struct{ src, field, want string }{
		{"draws: 0x10\n", "draws", "want a decimal whole number, got 0x10"},
		{"draws: 1_000\n", "draws", "want a decimal whole number, got 1_000"},
		{"draws: 010\n", "draws", "YAML reads a leading zero as octal"},
		{"seed: 0o17\n", "seed", "want a decimal whole number"},
		{"parameters:\n  trade_elasticity: 1_0\n", "parameters.trade_elasticity", `want a decimal number (digits, an optional point and exponent: 12, -0.5, 1e-3), got "1_0"`},
		{"parameters:\n  political_cost: 1e-400\n", "parameters.political_cost", "number 1e-400 is too small to represent and would become 0"},
		{"parameters:\n  trade_elasticity: 04\n", "parameters.trade_elasticity", "YAML reads a leading zero as octal"},
	} {
		_, err := Parse([]byte(tc.src+"branches: [{name: a, probability: 1}]\n"), "p.yaml")
		e, ok := err.(*errs.Error)
		if !ok || e.Field != tc.field || e.Line < 1 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want field %q containing %q", tc.src, err, tc.field, tc.want)
		}
	}
	pl, err := Parse([]byte("draws: 12\nseed: 7\nparameters:\n  trade_elasticity: 4.5\nbranches: [{name: a, probability: 1}]\n"), "p.yaml")
	if err != nil || pl.Draws != 12 || pl.Seed != 7 || pl.Theta.Low != 4.5 {
		t.Errorf("decimal numbers: %+v, %v", pl, err)
	}
}

// TestLoadDirectory: a plan path that is a directory is bad input naming
// it.
func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir)
	if errs.ExitCode(err) != 2 || !strings.HasPrefix(err.Error(), dir+": is a directory, not a plan file") {
		t.Errorf("got %v", err)
	}
}
