package build

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

// copyInputs copies the compiled tables to a temporary tree with the ICIO
// files beside them (ICIODir), as ../shared lays them out, and returns the
// compiled directory.
func copyInputs(t *testing.T) string {
	t.Helper()
	shared := filepath.Join(testutil.SharedDir(t), "data")
	dst := filepath.Join(t.TempDir(), "data", "compiled")
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(shared, "compiled"))); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(ICIODir(dst)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(ICIODir(filepath.Join(shared, "compiled")), ICIODir(dst)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// invalidAt checks that err is bad input (exit code 2) whose message holds
// every part of want.
func invalidAt(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one with %q", want)
	}
	if errs.ExitCode(err) != 2 {
		t.Errorf("exit code %d for %v, want 2", errs.ExitCode(err), err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}

// TestBuildMissingColumn: a compiled table without a column the generator
// reads is bad input naming the file and the column (it used to panic).
func TestBuildMissingColumn(t *testing.T) {
	dir := copyInputs(t)
	p := filepath.Join(dir, baciFile)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	head, rest, _ := strings.Cut(string(b), "\n")
	head = strings.Replace(head, "value_usd_mn", "value_usd_mnX", 1)
	if err := os.WriteFile(p, []byte(head+"\n"+rest), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(dir)
	invalidAt(t, err, baciFile+":1", `field "value_usd_mn"`, "missing column")
}

// TestEveryColumnChecked: every table both worlds read, without any one of
// the columns the generator reads from it, is refused when it is read,
// naming the file and the column. A build reads every column it declares
// (get panics on an undeclared one), so no missing column can reach get.
func TestEveryColumnChecked(t *testing.T) {
	compiled := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	read := map[string][]string{}
	readHook = func(p string, required []string) {
		read[p] = append(read[p], required...)
	}
	defer func() { readHook = nil }()
	if _, err := Build(compiled); err != nil {
		t.Fatal(err)
	}
	if _, err := BuildICIO(compiled); err != nil {
		t.Fatal(err)
	}
	readHook = nil
	if len(read) < 14 {
		t.Errorf("%d tables read, want the 14 of both worlds at least", len(read))
	}
	for p, cols := range read {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		head, rest, _ := strings.Cut(string(b), "\n")
		head, cr := strings.CutSuffix(head, "\r")
		if cr {
			rest = "\r\n" + rest
		} else {
			rest = "\n" + rest
		}
		slices.Sort(cols)
		for _, c := range slices.Compact(cols) {
			fields := strings.Split(head, ",")
			k := slices.Index(fields, c)
			if k < 0 {
				t.Errorf("%s: no column %s in %q", p, c, head)
				continue
			}
			fields[k] = c + "_renamed"
			_, err := parseSource(p, []byte(strings.Join(fields, ",")+rest), cols)
			invalidAt(t, err, filepath.Base(p)+":1", `field "`+c+`"`, "missing column")
		}
	}
}

// TestReadersRefuseBadInput: content errors in the compiled tables are bad
// input (exit code 2) naming file, line and field; they used to be plain
// errors (exit code 1) without a field, or a panic.
func TestReadersRefuseBadInput(t *testing.T) {
	const baciHead = "exporter_iso3,importer_iso3,value_usd_mn,year,source\n"
	const caHead = "iso3,country,year,ca_pct_gdp,is_projection,source\n"
	cases := []struct {
		name, file, body string
		read             func(dir string) error
		want             []string
	}{
		{"empty table", baciFile, baciHead, readBACIOnly, []string{baciFile + ":2", "no data rows"}},
		{"empty file", baciFile, "", readBACIOnly, []string{baciFile + ":1", "empty file"}},
		{"parse error", baciFile, baciHead + "AAA,BBB,1,2023,x\nAAA,CCC,\"1,2023,x\nAAA,DDD,1,2023,x\n", readBACIOnly,
			[]string{baciFile + ":4", "quote", "record that starts on line 3"}},
		{"wrong field count", baciFile, baciHead + "AAA,BBB,1,2023\n", readBACIOnly, []string{baciFile + ":2", "wrong number of fields"}},
		{"not a number", baciFile, baciHead + "AAA,BBB,1,2023,x\nAAA,CCC,abc,2023,x\n", readBACIOnly, []string{baciFile + ":3", `"value_usd_mn"`, `not a number: "abc"`}},
		{"NaN", baciFile, baciHead + "AAA,BBB,NaN,2023,x\n", readBACIOnly, []string{baciFile + ":2", `"value_usd_mn"`, "finite"}},
		{"missing value", baciFile, baciHead + "AAA,BBB,,2023,x\n", readBACIOnly, []string{baciFile + ":2", `"value_usd_mn"`, "missing value"}},
		{"negative", baciFile, baciHead + "AAA,BBB,-1,2023,x\n", readBACIOnly, []string{baciFile + ":2", `"value_usd_mn"`, "negative"}},
		{"repeated flow", baciFile, baciHead + "AAA,BBB,1,2023,x\nAAA,BBB,2,2023,x\n", readBACIOnly, []string{baciFile + ":3", "repeated flow AAA→BBB", "line 2"}},
		{"domestic flow", baciFile, baciHead + "AAA,AAA,1,2023,x\n", readBACIOnly, []string{baciFile + ":2", `"importer_iso3"`, "both AAA"}},
		{"bad code", baciFile, baciHead + "AAA,B B,1,2023,x\n", readBACIOnly, []string{baciFile + ":2", `"importer_iso3"`, `"B B"`}},
		{"huge cell clipped", baciFile, baciHead + "AAA,BBB," + strings.Repeat("9x", 1<<19) + ",2023,x\n", readBACIOnly,
			[]string{baciFile + ":2", `"` + strings.Repeat("9x", 20) + `…"`}},
		{"CA year", caFile, caHead + "USA,US,-2020,-3,False,x\n", readCAOnly, []string{caFile + ":2", `"year"`, "outside"}},
		{"CA not a year", caFile, caHead + "USA,US,20x0,-3,False,x\n", readCAOnly, []string{caFile + ":2", `"year"`, "not a whole year"}},
		{"CA projection flag", caFile, caHead + "USA,US,2020,-3,maybe,x\n", readCAOnly, []string{caFile + ":2", `"is_projection"`, `"maybe"`}},
		{"ICIO unknown unit", icioTradeFile, "exporter,importer,sector,value_usd_mn\nAAA,QQQ,C01,1\n", readICIOOnly,
			[]string{icioTradeFile + ":2", `"importer"`, `unknown unit "QQQ"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.file == icioTradeFile {
				if err := os.WriteFile(filepath.Join(dir, icioCountriesFile), []byte("code,name\nAAA,A\nROW,Rest\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			err := tc.read(dir)
			invalidAt(t, err, tc.want...)
			if len(err.Error()) > 500 {
				t.Errorf("message of %d bytes", len(err.Error()))
			}
		})
	}
}

func readBACIOnly(dir string) error { _, _, err := readBACI(dir); return err }
func readCAOnly(dir string) error   { _, err := readCurrentAccount(dir); return err }
func readICIOOnly(dir string) error { _, err := readICIO(dir); return err }

// TestBuildUnknownEconomy: a BACI code no compiled table names is refused
// at its first line in the BACI table (it was an error without file or
// line, exit code 1).
func TestBuildUnknownEconomy(t *testing.T) {
	dir := copyInputs(t)
	p := filepath.Join(dir, baciFile)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	lines[2] = "QQQ" + lines[2][strings.Index(lines[2], ","):]
	if err := os.WriteFile(p, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(dir)
	invalidAt(t, err, baciFile+":3", `"exporter_iso3"`, `unknown economy "QQQ"`)
}

// TestBuildMissingICIO: a missing ICIO file is named with its absolute
// path as well, however --from was written.
func TestBuildMissingICIO(t *testing.T) {
	src := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	root := t.TempDir()
	dst := filepath.Join(root, "compiled")
	if err := os.Symlink(src, dst); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	_, err := Build("compiled")
	abs := filepath.Join(root, "external", "tariffwar_multisector", icioCountriesFile)
	invalidAt(t, err, filepath.Join("external", "tariffwar_multisector", icioCountriesFile)+": missing input table", abs)
	var e *errs.Error
	if !errors.As(err, &e) || e.Op != "build" {
		t.Errorf("error %#v, want an *errs.Error of op build", err)
	}
}
