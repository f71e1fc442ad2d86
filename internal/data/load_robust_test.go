package data

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// copyExample copies testdata/example to a temporary directory.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "d")
	if err := os.CopyFS(dir, os.DirFS("testdata/example")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLoadUnreadableFile: a dataset file that is a directory, a link that
// loops or leads nowhere is bad input (exit code 2) naming the file; it was
// an I/O error (exit code 1), and a dangling link to an optional file was
// skipped as if absent.
func TestLoadUnreadableFile(t *testing.T) {
	cases := []struct {
		name, file string
		make       func(p string) error
		want       string
	}{
		{"trade.csv a directory", "trade.csv", func(p string) error { return os.Mkdir(p, 0o755) }, "is a directory"},
		{"tariffs.csv a directory", "tariffs.csv", func(p string) error { return os.Mkdir(p, 0o755) }, "is a directory"},
		{"dataset.yaml a directory", "dataset.yaml", func(p string) error { return os.Mkdir(p, 0o755) }, "is a directory"},
		{"io.csv a directory without value_added.csv", "io.csv", func(p string) error { return os.Mkdir(p, 0o755) }, "is a directory"},
		{"trade.csv a link loop", "trade.csv", func(p string) error { return os.Symlink(filepath.Base(p), p) }, "symbolic link loop"},
		{"sectors.csv a dangling link", "sectors.csv", func(p string) error { return os.Symlink("nowhere.csv", p) }, "symbolic link to a missing file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyExample(t)
			p := filepath.Join(dir, tc.file)
			os.Remove(p)
			if err := tc.make(p); err != nil {
				t.Fatal(err)
			}
			d, err := Load(dir)
			if d != nil || errs.ExitCode(err) != 2 {
				t.Fatalf("exit code %d (%v), want 2", errs.ExitCode(err), err)
			}
			if want := p + ": " + tc.want; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q, want it to start with %q", err, want)
			}
		})
	}
}

// TestReadErrorKinds: a file the user cannot read is bad input; a failing
// disk is not.
func TestReadErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrPermission}, 2},
		{&fs.PathError{Op: "read", Path: "x", Err: syscall.EISDIR}, 2},
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.ELOOP}, 2},
		{&fs.PathError{Op: "read", Path: "x", Err: syscall.EIO}, 1},
	} {
		err := readError("d/x.csv", tc.err)
		if got := errs.ExitCode(err); got != tc.want {
			t.Errorf("%v: exit code %d, want %d", tc.err, got, tc.want)
		}
		if strings.Contains(err.Error(), "open x") || strings.Contains(err.Error(), "read x") {
			t.Errorf("%q repeats the file system's path", err)
		}
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"short", "short"},
		{strings.Repeat("a", 40), strings.Repeat("a", 40)},
		{strings.Repeat("a", 41), strings.Repeat("a", 40) + "…"},
		{strings.Repeat("é", 50), strings.Repeat("é", 40) + "…"},
	} {
		if got := Clip(tc.in); got != tc.want {
			t.Errorf("Clip(%d runes) = %q, want %q", len([]rune(tc.in)), got, tc.want)
		}
	}
}
