package build

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// WriteDir writes d to the dataset directory out. A new directory is written
// with data.Export (atomic). An existing one — the committed embedded
// dataset — is updated in place: the new files are first written completely
// into a temporary directory beside it and then renamed over the old ones,
// dataset files that are no longer produced are removed, and anything else
// (its README.md) is left alone.
func WriteDir(d *data.Dataset, out string) error {
	if _, err := os.Stat(out); errors.Is(err, os.ErrNotExist) {
		return data.Export(d, out)
	}
	files, err := data.Encode(d)
	if err != nil {
		return &errs.Error{Op: "build", Err: err}
	}
	tmp, err := data.WriteTemp(files, out)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, name := range data.FileNames(files) {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(out, name)); err != nil {
			return &errs.Error{Op: "build", Kind: errs.IO, File: filepath.Join(out, name), Err: err}
		}
	}
	for _, name := range data.DataFiles {
		if _, written := files[name]; written {
			continue
		}
		if err := os.Remove(filepath.Join(out, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return &errs.Error{Op: "build", Kind: errs.IO, File: filepath.Join(out, name), Err: err}
		}
	}
	return nil
}
