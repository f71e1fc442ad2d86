package report

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers see either the old file or the whole new
// one, never a partial write. The data is flushed to disk (fsync) before the
// rename, so a crash cannot leave a renamed but empty file. A new file gets
// mode 0666 less the umask (0644 by default), as a shell redirection would;
// a file replaced keeps its mode.
//
// Errors name path as the caller gave it, never the temporary file, and a
// path that cannot be written (missing directory, a directory in its place,
// no permission) is bad input (exit code 2).
func WriteFileAtomic(path string, data []byte) error {
	if path == "" {
		return &errs.Error{Op: "write", Kind: errs.Invalid, Err: errors.New("empty output path")}
	}
	perm := fs.FileMode(0o666) // the kernel applies the umask
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return pathError(path, errIsDir)
		}
		perm = st.Mode().Perm()
	}
	dir := filepath.Dir(path)
	f, tmp, err := createTemp(dir, filepath.Base(path), perm)
	if err != nil {
		return pathError(path, err)
	}
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if werr == nil && perm != 0o666 {
		// An existing file's mode, which the umask must not narrow.
		werr = f.Chmod(perm)
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return pathError(path, werr)
	}
	syncDir(dir)
	return nil
}

// createTemp creates a new file beside the target. os.CreateTemp would fix
// its mode at 0600, which the rename would then give the user's file.
func createTemp(dir, base string, perm fs.FileMode) (*os.File, string, error) {
	for range 10 {
		var b [6]byte
		_, _ = rand.Read(b[:])
		name := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, name, err
	}
	return nil, "", errors.New("could not create a temporary file beside it")
}

// syncDir flushes the directory entry of the rename. It is best effort:
// some file systems refuse to sync a directory, and the data itself is
// already on disk.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// pathError reports a failed write of path. The cause is stripped of the
// temporary file's name (an *fs.PathError or *os.LinkError names it), so
// the message speaks of the file the user asked for.
func pathError(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	kind := errs.IO // a full or failing disk
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || errors.Is(err, errIsDir) ||
		errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.EROFS) {
		kind = errs.Invalid // the path is at fault, not the machine
	}
	return &errs.Error{Op: "write", Kind: kind, File: path, Err: errors.New("cannot write the output file: " + err.Error())}
}

var errIsDir = errors.New("it is a directory")

// Output renders into memory and, on Close, writes either to stdout or
// atomically to a file. Nothing reaches the file if rendering failed.
type Output struct {
	buf    bytes.Buffer
	path   string
	stdout io.Writer
}

// NewOutput returns an Output for path ("" or "-" means stdout).
func NewOutput(path string, stdout io.Writer) *Output {
	if path == "-" {
		path = ""
	}
	return &Output{path: path, stdout: stdout}
}

// Write buffers p.
func (o *Output) Write(p []byte) (int, error) { return o.buf.Write(p) }

// Commit writes the buffered output to its destination.
func (o *Output) Commit() error {
	if o.path == "" {
		_, err := o.stdout.Write(o.buf.Bytes())
		return err
	}
	return WriteFileAtomic(o.path, o.buf.Bytes())
}
