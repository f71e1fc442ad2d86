//go:build unix

package report

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestBatchAllOrNone: when one output of a batch cannot be written, none
// is: the file that could be written keeps its old content (or stays
// absent) and no temporary file is left behind.
func TestBatchAllOrNone(t *testing.T) {
	dir := t.TempDir()
	old := writeTemp(t, dir, "old.csv") // content "x"
	fresh := filepath.Join(dir, "fresh.csv")
	var b Batch
	b.Add(fresh, []byte("new"))
	b.Add(old, []byte("new"))
	b.Add(filepath.Join(dir, "nodir", "o.json"), []byte("new"))
	err := b.Commit()
	if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "nodir") {
		t.Fatalf("err %v (exit %d), want exit 2 naming nodir", err, errs.ExitCode(err))
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("fresh.csv written although the batch failed")
	}
	if got, _ := os.ReadFile(old); string(got) != "x" {
		t.Errorf("old.csv = %q, want it untouched", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	b = Batch{}
	b.Add(fresh, []byte("a"))
	b.Add(old, []byte("b"))
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{fresh: "a", old: "b"} {
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
}

// TestCheckOutput: the paths WriteFileAtomic would refuse are refused
// before any work, as bad input naming the path; writable ones pass and
// leave nothing behind.
func TestCheckOutput(t *testing.T) {
	dir := t.TempDir()
	file := writeTemp(t, dir, "file")
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing directory", filepath.Join(dir, "nope", "out.json"), "does not exist"},
		{"a directory", dir, "is a directory"},
		{"under a file", filepath.Join(file, "out.json"), "is not a directory"},
		{"empty", "", "empty output path"},
	} {
		err := CheckOutput(tc.path)
		if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v (exit %d), want exit 2 and %q", tc.name, err, errs.ExitCode(err), tc.want)
		}
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		if err := CheckOutput(filepath.Join(ro, "o.json")); errs.ExitCode(err) != 2 {
			t.Errorf("read-only directory: %v, want exit 2", err)
		}
	}
	for _, ok := range []string{filepath.Join(dir, "new.json"), file} {
		if err := CheckOutput(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "tmp-") {
			t.Errorf("probe left %s behind", e.Name())
		}
	}
}

// TestCheckOutputs: an output that is an input, or another output, or
// lies in an input directory, is refused naming its flag; other outputs
// pass.
func TestCheckOutputs(t *testing.T) {
	dir := t.TempDir()
	sc := writeTemp(t, dir, "sc.yaml")
	ds := filepath.Join(dir, "ds")
	if err := os.Mkdir(ds, 0o755); err != nil {
		t.Fatal(err)
	}
	writeTemp(t, ds, "trade.csv")
	hard := filepath.Join(dir, "hard.yaml")
	if err := os.Link(sc, hard); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("sc.yaml", link); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	inputs := []Input{{"SCENARIO", "sc.yaml"}, {"--data", ds}}
	for _, tc := range []struct {
		name    string
		outputs []OutputPath
		flag    string // "" = accepted
		want    string
	}{
		{"fresh outputs", []OutputPath{{"--out", "o.json"}, {"--shocks-out", "s.csv"}}, "", ""},
		{"stdout twice", []OutputPath{{"--out", "-"}, {"--shocks-out", ""}}, "", ""},
		{"the scenario", []OutputPath{{"--out", "sc.yaml"}}, "--out", "overwrite sc.yaml"},
		{"the scenario, spelt otherwise", []OutputPath{{"--out", "./x/../sc.yaml"}}, "--out", "overwrite"},
		{"the scenario, absolute", []OutputPath{{"--out", filepath.Join(dir, "sc.yaml")}}, "--out", "overwrite"},
		{"a hard link to the scenario", []OutputPath{{"--out", "hard.yaml"}}, "--out", "overwrite"},
		{"a symlink to the scenario", []OutputPath{{"--out", "link.yaml"}}, "--out", "overwrite"},
		{"a dataset file", []OutputPath{{"--out", filepath.Join(ds, "trade.csv")}}, "--out", "a directory this command reads (--data)"},
		{"a new file in the dataset", []OutputPath{{"--shocks-out", "ds/new.csv"}}, "--shocks-out", "a directory this command reads"},
		{"two outputs, one file", []OutputPath{{"--out", "same.csv"}, {"--shocks-out", "./same.csv"}}, "--shocks-out", "--out and --shocks-out name the same file"},
		{"a bad path first", []OutputPath{{"--html", "nodir/p.html"}}, "--html", "does not exist"},
	} {
		err := CheckOutputs(tc.outputs, inputs)
		if tc.flag == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), `field "`+tc.flag+`"`) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v (exit %d), want exit 2 naming %s and %q", tc.name, err, errs.ExitCode(err), tc.flag, tc.want)
		}
	}
	if got, _ := os.ReadFile(sc); string(got) != "x" {
		t.Errorf("the scenario was changed: %q", got)
	}
}

// TestWriteFileAtomicSymlink: writing to a symbolic link replaces the file
// it points to and keeps the link; a dangling link creates its target.
func TestWriteFileAtomicSymlink(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	target := writeTemp(t, sub, "target.csv")
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink("sub/target.csv", link); err != nil {
		t.Fatal(err)
	}
	chain := filepath.Join(dir, "chain.csv")
	if err := os.Symlink("link.csv", chain); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.csv")
	if err := os.Symlink("sub/later.csv", dangling); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ write, file, data string }{
		{link, target, "one"},
		{chain, target, "two"},
		{dangling, filepath.Join(sub, "later.csv"), "three"},
	} {
		if err := WriteFileAtomic(tc.write, []byte(tc.data)); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(tc.write); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link", tc.write)
		}
		if got, _ := os.ReadFile(tc.file); string(got) != tc.data {
			t.Errorf("%s = %q after writing %s, want %q", tc.file, got, tc.write, tc.data)
		}
	}
	loop := filepath.Join(dir, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(loop, []byte("x")); errs.ExitCode(err) != 2 {
		t.Errorf("a loop of links: %v, want exit 2", err)
	}
}

// TestWriteFileAtomicFIFO: a pipe is written in place, not replaced by a
// regular file (as a rename would do to /dev/stdout or /dev/null).
func TestWriteFileAtomicFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skip("no FIFO:", err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(p)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	if err := CheckOutput(p); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte("through the pipe")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe" {
		t.Errorf("reader got %q", s)
	}
	if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", fi.Mode())
	}
}

// TestReadInput: a missing file, a directory and a path under a file are
// bad input naming the file; a file is read.
func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	file := writeTemp(t, dir, "sc.yaml")
	for _, tc := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "nope.yaml"), "cannot read the scenario file: no such file"},
		{"a directory", dir, "is a directory, not a scenario file"},
		{"under a file", filepath.Join(file, "x.yaml"), "not a directory"},
	} {
		_, err := ReadInput("load scenario", "scenario", tc.path)
		if errs.ExitCode(err) != 2 || !strings.HasPrefix(err.Error(), tc.path+": ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v (exit %d), want exit 2, the path and %q", tc.name, err, errs.ExitCode(err), tc.want)
		}
	}
	if os.Geteuid() != 0 {
		locked := writeTemp(t, dir, "locked.yaml")
		os.Chmod(locked, 0)
		if _, err := ReadInput("load scenario", "scenario", locked); errs.ExitCode(err) != 2 {
			t.Errorf("unreadable file: %v, want exit 2", err)
		}
	}
	if b, err := ReadInput("load scenario", "scenario", file); err != nil || string(b) != "x" {
		t.Errorf("read %q, %v", b, err)
	}
}
