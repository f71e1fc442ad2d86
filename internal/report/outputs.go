package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// File is one output file of a command: where it goes and what it holds.
type File struct {
	Path string
	Data []byte
}

// Batch writes several output files all or none: Commit first writes every
// file to its temporary file and only then renames them into place, so a
// file that cannot be written (a missing directory, a full disk) leaves
// none of the others behind, old or new. Only a rename failing after
// others succeeded (which a rename within one directory does not do in
// practice) leaves the earlier files written.
type Batch struct {
	files []File
}

// Add queues data for path.
func (b *Batch) Add(path string, data []byte) { b.files = append(b.files, File{path, data}) }

// Commit writes the queued files (see Batch). Each is written as
// WriteFileAtomic would.
func (b *Batch) Commit() error {
	done := make([]*staged, 0, len(b.files))
	for _, f := range b.files {
		s, err := stage(f.Path, f.Data)
		if err != nil {
			for _, d := range done {
				d.abort()
			}
			return err
		}
		done = append(done, s)
	}
	for k, s := range done {
		if err := s.commit(); err != nil {
			for _, d := range done[k+1:] {
				d.abort()
			}
			return err
		}
	}
	return nil
}

// OutputPath is an output file named by a command-line flag.
type OutputPath struct {
	Flag string // e.g. "--out"
	Path string
}

// Input is a file or directory a command reads, and the flag or argument
// that names it (for the message).
type Input struct {
	Name string // e.g. "--data", "SCENARIO", "scenario file:"
	Path string
}

// CheckOutput reports, before any work is done, whether path can be
// written as WriteFileAtomic writes it: its directory exists and takes a
// new file, and it is not a directory. The error is bad input (exit 2)
// naming path.
func CheckOutput(path string) error {
	if path == "" {
		return &errs.Error{Op: "write", Kind: errs.Invalid, Err: errors.New("empty output path")}
	}
	if special(path) {
		return nil // a device or pipe, written in place
	}
	target, err := resolveOutput(path)
	if err != nil {
		return pathError(path, err)
	}
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		return pathError(path, errIsDir)
	}
	dir := filepath.Dir(target)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return outputError(path, "directory %s does not exist", dir)
	case err != nil:
		return pathError(path, err)
	case !st.IsDir():
		return outputError(path, "%s is not a directory", dir)
	}
	// A probe, not a permission check: it also catches a read-only file
	// system and access rules the mode bits do not show (root ignores
	// them, a read-only mount does not).
	f, tmp, err := createTemp(dir, filepath.Base(target), 0o600)
	if err != nil {
		return pathError(path, err)
	}
	f.Close()
	os.Remove(tmp)
	return nil
}

func outputError(path, format string, args ...any) error {
	return &errs.Error{Op: "write", Kind: errs.Invalid, File: path, Err: fmt.Errorf("cannot write the output file: "+format, args...)}
}

// CheckOutputs checks a command's output files before it computes
// anything: each can be written (CheckOutput), no two name the same file
// (the second would silently replace the first), and none replaces one of
// the command's inputs (a scenario, a CSV it names) or lies directly in an
// input directory (a dataset directory, where an extra CSV file makes the
// dataset invalid). Paths are compared after following links, and two
// names of one file (a hard link, "./a" and "a") are the same file. An
// empty path or "-" is stdout and is skipped. Errors are bad input (exit 2)
// naming the output's flag.
func CheckOutputs(outputs []OutputPath, inputs []Input) error {
	var files []OutputPath
	for _, o := range outputs {
		if o.Path == "" || o.Path == "-" {
			continue
		}
		if err := CheckOutput(o.Path); err != nil {
			return withField(err, o.Flag)
		}
		files = append(files, o)
	}
	for k, o := range files {
		if special(o.Path) {
			continue // writing a device twice overwrites nothing
		}
		for _, p := range files[:k] {
			if sameFile(o.Path, p.Path) {
				return &errs.Error{Op: "write", Kind: errs.Invalid, File: o.Path, Field: o.Flag,
					Err: fmt.Errorf("%s and %s name the same file: one would overwrite the other", p.Flag, o.Flag)}
			}
		}
		for _, in := range inputs {
			if in.Path == "" {
				continue
			}
			st, err := os.Stat(in.Path)
			if err != nil {
				continue // not there: whoever reads it reports that
			}
			if st.IsDir() {
				if sameFile(filepath.Dir(canonical(o.Path)), in.Path) {
					return &errs.Error{Op: "write", Kind: errs.Invalid, File: o.Path, Field: o.Flag,
						Err: fmt.Errorf("the output would be written into %s, a directory this command reads (%s): write it elsewhere", in.Path, in.Name)}
				}
				continue
			}
			if sameFile(o.Path, in.Path) {
				return &errs.Error{Op: "write", Kind: errs.Invalid, File: o.Path, Field: o.Flag,
					Err: fmt.Errorf("the output would overwrite %s, a file this command reads (%s)", in.Path, in.Name)}
			}
		}
	}
	return nil
}

// withField names the flag in a *errs.Error that has none.
func withField(err error, flag string) error {
	var e *errs.Error
	if errors.As(err, &e) && e.Field == "" {
		c := *e
		c.Field = flag
		return &c
	}
	return err
}

// canonical is the absolute path of the file a write to path replaces:
// links followed (the last element by resolveOutput, the directories by
// filepath.EvalSymlinks), cleaned. It need not exist.
func canonical(path string) string {
	target, err := resolveOutput(path)
	if err != nil {
		target = path
	}
	dir, base := filepath.Dir(target), filepath.Base(target)
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	if abs, err := filepath.Abs(filepath.Join(dir, base)); err == nil {
		return abs
	}
	return filepath.Clean(filepath.Join(dir, base))
}

// sameFile reports whether a and b name one file: the same canonical path,
// or, when both exist, the same inode (hard links, bind mounts).
func sameFile(a, b string) bool {
	ca, cb := canonical(a), canonical(b)
	if ca == cb {
		return true
	}
	sa, err1 := os.Stat(ca)
	sb, err2 := os.Stat(cb)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// ReadInput reads a file a command was given (a scenario, a plan, a CSV
// file). A path that cannot be read for a reason of the path itself
// (missing, a directory, no permission, a loop of links) is bad input
// (exit 2), reported as what (e.g. "scenario") naming the file; a failing
// disk is an I/O error (exit 1).
func ReadInput(op, what, path string) ([]byte, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, &errs.Error{Op: op, Kind: errs.Invalid, File: path, Err: fmt.Errorf("is a directory, not a %s file", what)}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, InputError(op, what, path, err)
	}
	return b, nil
}

// InputError reports a failure to open or read the input file path (see
// ReadInput for its kind). The cause drops the path, which the error names
// already.
func InputError(op, what, path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	kind := errs.IO
	if pathAtFault(err) || errors.Is(err, syscall.ENXIO) {
		kind = errs.Invalid
	}
	return &errs.Error{Op: op, Kind: kind, File: path, Err: fmt.Errorf("cannot read the %s file: %w", what, err)}
}
