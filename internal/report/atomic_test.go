//go:build unix

package report

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestWriteFileAtomicBadPath: a path that cannot be written is bad input
// (exit 2), and the message names the path given, never the temporary file.
func TestWriteFileAtomicBadPath(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, path string }{
		{"missing directory", filepath.Join(dir, "nope", "out.json")},
		{"a directory", dir},
		{"under a file", filepath.Join(writeTemp(t, dir, "file"), "out.json")},
	} {
		err := WriteFileAtomic(tc.path, []byte("x"))
		if errs.ExitCode(err) != 2 {
			t.Errorf("%s: exit %d (%v), want 2", tc.name, errs.ExitCode(err), err)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, tc.path+": ") || strings.Contains(msg, ".tmp-") {
			t.Errorf("%s: message %q should start with the path given and not name a temp file", tc.name, msg)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func writeTemp(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWriteFileAtomicMode: a new file gets 0666 less the umask (0644 under
// the usual 022), not the 0600 of a temporary file; a replaced file keeps
// its mode.
func TestWriteFileAtomicMode(t *testing.T) {
	dir := t.TempDir()
	for _, umask := range []int{0o022, 0o002, 0o077} {
		old := syscall.Umask(umask)
		p := filepath.Join(dir, "new.csv")
		os.Remove(p)
		err := WriteFileAtomic(p, []byte("a,b\n"))
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if want := os.FileMode(0o666 &^ umask); st.Mode().Perm() != want {
			t.Errorf("umask %03o: mode %v, want %v", umask, st.Mode().Perm(), want)
		}
	}
	p := filepath.Join(dir, "kept.csv")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	b, _ := os.ReadFile(p)
	if st.Mode().Perm() != 0o640 || string(b) != "new" {
		t.Errorf("replaced file: mode %v content %q, want 0640 and \"new\"", st.Mode().Perm(), b)
	}
}

// TestPathErrorKinds: an output file's path faults are bad input (exit 2)
// by the rule of data.PathAtFault, the dataset directories' too, plus a
// directory where the file was named; a full disk is an I/O error (exit
// 1). The message names the file asked for, not the temporary one. A
// directory in the rename's way (EEXIST, ENOTEMPTY) was an I/O error here
// and bad input for `data export`.
func TestPathErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{&os.LinkError{Op: "rename", Old: ".out.tmp-1", New: "out", Err: fs.ErrPermission}, 2},
		{&os.LinkError{Op: "rename", Old: ".out.tmp-1", New: "out", Err: syscall.ENOTEMPTY}, 2},
		{&os.LinkError{Op: "rename", Old: ".out.tmp-1", New: "out", Err: syscall.EEXIST}, 2},
		{&fs.PathError{Op: "open", Path: ".out.tmp-1", Err: syscall.ENOTDIR}, 2},
		{errIsDir, 2},
		{&fs.PathError{Op: "write", Path: ".out.tmp-1", Err: syscall.ENOSPC}, 1},
		{&fs.PathError{Op: "write", Path: ".out.tmp-1", Err: syscall.EIO}, 1},
	} {
		err := pathError("out", tc.err)
		if got := errs.ExitCode(err); got != tc.want {
			t.Errorf("%v: exit code %d, want %d", tc.err, got, tc.want)
		}
		if !strings.HasPrefix(err.Error(), "out: ") || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("message %q should name out and no temporary path", err)
		}
	}
}
