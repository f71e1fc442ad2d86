package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestUsageErrorsExit2: every kind of bad usage exits 2 with a message
// naming what was wrong; a group without a subcommand shows its help.
func TestUsageErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sovle", "liberation-day"}, 2, `unknown command "sovle"`},
		{[]string{"data", "shwo"}, 2, `unknown command "shwo" for "tradebloc data"`},
		{[]string{"tariffs", "recipro"}, 2, `did you mean "reciprocal"`},
		{[]string{"--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"solve", "liberation-day", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"data", "show", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"solve", "liberation-day", "--out", filepath.Join(dir, "no", "such", "dir.json")}, 2, filepath.Join(dir, "no", "such", "dir.json") + ": "},
		{[]string{"tariffs", "reciprocal", "--out", dir}, 2, dir + ": "},
		{[]string{"simulate"}, 2, "name a built-in scenario (list: tradebloc scenarios"},
		{[]string{"compare", "liberation-day"}, 2, "accepts 2 arg(s), received 1 (see"},
		{[]string{"plan"}, 2, "name a plan (e.g. after-the-ruling)"},
		{[]string{"playbooks", "run"}, 2, "name a playbook (list: tradebloc playbooks list)"},
		{[]string{"data"}, 0, ""},
		{[]string{}, 0, ""},
	}
	for _, tt := range tests {
		_, err := runCLI(t, tt.args...)
		if got := errs.ExitCode(err); got != tt.code || (tt.want != "" && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%v: exit %d (%v), want %d and a message with %q", tt.args, got, err, tt.code, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("%v: the message names the temporary file: %v", tt.args, err)
		}
	}
}
