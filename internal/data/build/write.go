package build

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// WriteDir writes d to the dataset directory out, all or nothing. A new
// directory is written with data.Export. An existing one — the committed
// embedded dataset — is replaced whole: the new dataset is written into a
// temporary directory beside it together with a copy of everything in out
// that is not a dataset file (its README.md), and the two directories are
// then swapped by renames (out aside, the new one in, the old one removed;
// the old one is put back if the second rename fails). Dataset files that
// are no longer produced disappear with the old directory. A reader of out
// sees the old dataset or the new one, never a mix.
//
// A path at fault is bad input (exit code 2) named in the error, checked
// before anything is written: out a file rather than a directory, or a
// dataset file name in out taken by a directory.
func WriteDir(d *data.Dataset, out string) error {
	t, err := checkOut(out)
	if err != nil {
		return err
	}
	if t == nil {
		return data.Export(d, out)
	}
	files, err := data.Encode(d)
	if err != nil {
		return &errs.Error{Op: "build", Err: err}
	}
	tmp, err := data.WriteTemp(files, t.dir)
	if err != nil {
		return err
	}
	if err := copyEntries(t.dir, tmp, t.keep, out); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Chmod(tmp, t.mode); err != nil {
		os.RemoveAll(tmp)
		return data.OutputPathError("build", out, err)
	}
	return swapDir(tmp, t.dir, out)
}

// CheckOut refuses an --out that WriteDir could not write, before the
// seconds a build takes: see WriteDir.
func CheckOut(out string) error {
	_, err := checkOut(out)
	return err
}

// outTarget is an existing --out directory: where it really is, its mode
// and the entries to carry over.
type outTarget struct {
	dir  string
	mode fs.FileMode
	keep []string
}

// checkOut checks out for WriteDir; the target is nil when out does not
// exist yet.
func checkOut(out string) (*outTarget, error) {
	st, err := os.Stat(out)
	if errors.Is(err, os.ErrNotExist) {
		if _, lerr := os.Lstat(out); lerr == nil {
			return nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: out, Err: errors.New("symbolic link to a missing directory")}
		}
		return nil, nil
	}
	if err != nil {
		return nil, data.OutputPathError("build", out, err)
	}
	if !st.IsDir() {
		return nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: out, Err: errors.New("exists and is not a directory: --out names the dataset directory to write")}
	}
	// A symbolic link to the dataset directory stays one: the swap happens
	// where the link points.
	dir, err := filepath.EvalSymlinks(out)
	if err != nil {
		return nil, data.OutputPathError("build", out, err)
	}
	keep, err := keptEntries(dir, out)
	if err != nil {
		return nil, err
	}
	return &outTarget{dir: dir, mode: st.Mode().Perm(), keep: keep}, nil
}

// keptEntries lists the entries of dir that are not dataset files, which
// the new directory carries over, and refuses a dataset file name taken by
// anything but a file (or a link to one), which replacing would destroy.
// shown is dir as the user named it.
func keptEntries(dir, shown string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, data.OutputPathError("build", shown, err)
	}
	var keep []string
	for _, e := range entries {
		if !slices.Contains(data.DataFiles, e.Name()) {
			keep = append(keep, e.Name())
			continue
		}
		if t := e.Type(); t.IsRegular() || t&fs.ModeSymlink != 0 {
			continue
		}
		return nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: filepath.Join(shown, e.Name()),
			Err: fmt.Errorf("is a %s, not a file: the dataset's %s would replace it; move it away first", kindName(e.Type()), e.Name())}
	}
	return keep, nil
}

// kindName names a non-regular file type for messages.
func kindName(t fs.FileMode) string {
	if t.IsDir() {
		return "directory"
	}
	return "special file (" + t.String() + ")"
}

// copyEntries copies the entries names of src into dst: files with their
// mode, directories recursively, symbolic links as links.
func copyEntries(src, dst string, names []string, shown string) error {
	for _, name := range names {
		err := filepath.WalkDir(filepath.Join(src, name), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			to := filepath.Join(dst, rel)
			info, err := e.Info()
			if err != nil {
				return err
			}
			switch t := e.Type(); {
			case t.IsDir():
				return os.Mkdir(to, info.Mode().Perm())
			case t&fs.ModeSymlink != 0:
				target, err := os.Readlink(p)
				if err != nil {
					return err
				}
				return os.Symlink(target, to)
			case t.IsRegular():
				return copyFile(p, to, info.Mode().Perm())
			}
			return fmt.Errorf("%s: cannot carry over a %s", filepath.Join(shown, rel), kindName(e.Type()))
		})
		if err != nil {
			return data.OutputPathError("build", filepath.Join(shown, name), err)
		}
	}
	return nil
}

func copyFile(from, to string, perm fs.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// rename is os.Rename; tests make it fail to check that swapDir puts the
// old directory back.
var rename = os.Rename

// swapDir replaces the directory dir by tmp: dir is renamed into a holding
// directory beside it, tmp renamed to dir, and the holding directory
// removed. If tmp cannot take dir's place, dir is renamed back. tmp is gone
// on return either way. shown is dir as the user named it.
func swapDir(tmp, dir, shown string) error {
	hold, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-*")
	if err != nil {
		os.RemoveAll(tmp)
		return data.OutputPathError("build", shown, err)
	}
	old := filepath.Join(hold, filepath.Base(dir))
	if err := rename(dir, old); err != nil {
		os.RemoveAll(tmp)
		os.Remove(hold)
		return data.OutputPathError("build", shown, err)
	}
	if err := rename(tmp, dir); err != nil {
		if rerr := rename(old, dir); rerr != nil {
			// Both renames failed: say where the old dataset is.
			return &errs.Error{Op: "build", Kind: errs.IO, File: shown,
				Err: fmt.Errorf("cannot put the new dataset in place (%v) nor the old one back (%v): the old dataset is in %s, the new one in %s", err, rerr, old, tmp)}
		}
		os.RemoveAll(tmp)
		os.Remove(hold)
		return data.OutputPathError("build", shown, err)
	}
	if err := os.RemoveAll(hold); err != nil {
		return &errs.Error{Op: "build", Kind: errs.IO, File: shown, Err: fmt.Errorf("the new dataset is in place but the old one could not be removed from %s: %w", hold, err)}
	}
	return nil
}
