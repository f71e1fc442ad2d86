package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers see either the old file or the whole new
// one, never a partial write.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return &errs.Error{Op: "write", Kind: errs.IO, File: path, Err: err}
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return &errs.Error{Op: "write", Kind: errs.IO, File: path, Err: werr}
	}
	return nil
}

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
