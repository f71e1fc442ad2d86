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

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers see either the old file or the whole new
// one, never a partial write. The data is flushed to disk (fsync) before the
// rename, so a crash cannot leave a renamed but empty file. A new file gets
// mode 0666 less the umask (0644 by default), as a shell redirection would;
// a file replaced keeps its mode.
//
// A symbolic link is written through: the file it points to (at the end of
// a chain of links) is replaced and the link stays a link, as a shell
// redirection would do. A device or pipe (/dev/null, /dev/stdout, a FIFO)
// is written in place: a rename would replace the device node itself.
//
// Errors name path as the caller gave it, never the temporary file, and a
// path that cannot be written (missing directory, a directory in its place,
// no permission) is bad input (exit code 2).
func WriteFileAtomic(path string, data []byte) error {
	s, err := stage(path, data)
	if err != nil {
		return err
	}
	return s.commit()
}

// staged is an output written to its temporary file and waiting for the
// rename that publishes it.
type staged struct {
	path   string // as the caller gave it, for errors
	target string // the file replaced: path, or the end of its chain of links
	tmp    string // the temporary file; "" for a device written in place
	data   []byte // what a device gets at commit
}

// stage writes data to a temporary file beside path's target (see
// WriteFileAtomic), flushed and ready to be renamed by commit.
func stage(path string, data []byte) (*staged, error) {
	if path == "" {
		return nil, &errs.Error{Op: "write", Kind: errs.Invalid, Err: errors.New("empty output path")}
	}
	if special(path) {
		return &staged{path: path, target: path, data: data}, nil
	}
	target, err := resolveOutput(path)
	if err != nil {
		return nil, pathError(path, err)
	}
	perm := fs.FileMode(0o666) // the kernel applies the umask
	if st, err := os.Stat(target); err == nil {
		if st.IsDir() {
			return nil, pathError(path, errIsDir)
		}
		perm = st.Mode().Perm()
	}
	f, tmp, err := createTemp(filepath.Dir(target), filepath.Base(target), perm)
	if err != nil {
		return nil, pathError(path, err)
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
	if werr != nil {
		os.Remove(tmp)
		return nil, pathError(path, werr)
	}
	return &staged{path: path, target: target, tmp: tmp}, nil
}

// commit publishes a staged output: the rename, or the write to a device.
// The temporary file is removed if the rename fails.
func (s *staged) commit() error {
	if s.tmp == "" {
		f, err := os.OpenFile(s.target, os.O_WRONLY, 0)
		if err != nil {
			return pathError(s.path, err)
		}
		_, err = f.Write(s.data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return pathError(s.path, err)
		}
		return nil
	}
	if err := os.Rename(s.tmp, s.target); err != nil {
		os.Remove(s.tmp)
		return pathError(s.path, err)
	}
	syncDir(filepath.Dir(s.target))
	return nil
}

// abort removes a staged output's temporary file.
func (s *staged) abort() {
	if s.tmp != "" {
		os.Remove(s.tmp)
	}
}

// special reports whether path is an existing device, pipe or socket (after
// following links): a file that is written in place, never replaced.
func special(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir() && !st.Mode().IsRegular()
}

// maxLinks bounds a chain of symbolic links, as the kernel does (ELOOP).
const maxLinks = 40

// resolveOutput follows path's last element through symbolic links to the
// file a write replaces, so that the link is kept and the file it names is
// written, as a shell redirection does. A dangling link resolves to the
// missing file it names, which the write creates. Links among the parent
// directories need no resolving: a rename works through them.
func resolveOutput(path string) (string, error) {
	p := path
	for range maxLinks {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p, nil // not a link, or nothing there: the file is p
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", syscall.ELOOP
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
	err = data.PathCause(err)
	kind := errs.IO // a full or failing disk
	if pathAtFault(err) {
		kind = errs.Invalid // the path is at fault, not the machine
	}
	return &errs.Error{Op: "write", Kind: kind, File: path, Err: errors.New("cannot write the output file: " + err.Error())}
}

// pathAtFault reports whether a file-system error says the path given is
// wrong, which is bad input, rather than that the machine failed (a full
// or failing disk): data.PathAtFault's faults (one rule for a dataset
// directory and every output file; package data cannot import this one,
// which imports it), and a directory where the output file was named.
func pathAtFault(err error) bool {
	return data.PathAtFault(err) || errors.Is(err, errIsDir)
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
func (o *Output) Commit() error { return o.CommitWith() }

// CommitWith writes the buffered output together with other files, all or
// none (Batch): the files first, then the output, so that nothing reaches
// stdout or any file when one of them cannot be written.
func (o *Output) CommitWith(others ...File) error {
	var b Batch
	for _, f := range others {
		b.Add(f.Path, f.Data)
	}
	if o.path != "" {
		b.Add(o.path, o.buf.Bytes())
	}
	if err := b.Commit(); err != nil {
		return err
	}
	if o.path == "" {
		_, err := o.stdout.Write(o.buf.Bytes())
		return err
	}
	return nil
}
