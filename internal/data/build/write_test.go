package build

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// listing maps every path under dir to its content ("<dir>" for a
// directory, "-> target" for a link), to compare a directory before and
// after.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case e.Type()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			out[rel] = "-> " + target
			return err
		case e.IsDir():
			out[rel] = "<dir>"
		default:
			b, err := os.ReadFile(p)
			out[rel] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameListing(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: %s changed (had %d bytes, has %d)", what, p, len(w), len(got[p]))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s appeared", what, p)
		}
	}
}

// exampleDataset is the three-country example, one of whose flows differs
// from what an old directory holds.
func exampleDataset(t *testing.T) *data.Dataset {
	t.Helper()
	d, err := data.Load(filepath.Join("..", "testdata", "example"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// oldDir writes an old dataset directory: an older example (a flow, a
// name and a file the new one no longer has), a README, a notes directory and a link.
func oldDir(t *testing.T, d *data.Dataset) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	old := d.Clone()
	old.Trade[1] = 999
	old.Countries[0].Name = "Old name" // countries.csv is renamed in before trade.csv
	if err := data.Export(old, dir); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"README.md": "readme\n", "io.csv": "stale\n", "notes/a.txt": "note\n"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("README.md", filepath.Join(dir, "readme-link")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWriteDirReplacesWhole: an existing directory gets the new dataset,
// keeps what is not a dataset file, loses dataset files no longer written,
// and no temporary directory is left beside it.
func TestWriteDirReplacesWhole(t *testing.T) {
	d := exampleDataset(t)
	dir := oldDir(t, d)
	if err := WriteDir(d, dir); err != nil {
		t.Fatal(err)
	}
	got := listing(t, dir)
	if got["README.md"] != "readme\n" || got["notes/a.txt"] != "note\n" || got["readme-link"] != "-> README.md" {
		t.Errorf("README, notes or link not kept: %q %q %q", got["README.md"], got["notes/a.txt"], got["readme-link"])
	}
	if _, ok := got["io.csv"]; ok {
		t.Error("io.csv, no longer written, is still there")
	}
	back, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.Hash() != d.Hash() {
		t.Error("the directory does not hold the new dataset")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".out.*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestWriteDirAllOrNothing: when the dataset cannot be written, the old
// directory is left exactly as it was, and the path at fault is bad input
// (exit code 2) named in the error. Before, the new files were renamed in
// one by one, so a failure on trade.csv left the new countries.csv beside
// the old trade.csv (exit code 1, "file exists").
func TestWriteDirAllOrNothing(t *testing.T) {
	d := exampleDataset(t)
	t.Run("a directory in a dataset file's place", func(t *testing.T) {
		dir := oldDir(t, d)
		if err := os.Remove(filepath.Join(dir, "trade.csv")); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "trade.csv", "x"), 0o755); err != nil {
			t.Fatal(err)
		}
		before := listing(t, dir)
		err := WriteDir(d, dir)
		invalidAt(t, err, filepath.Join(dir, "trade.csv")+": ", "is a directory")
		sameListing(t, "after the refusal", before, listing(t, dir))
	})
	t.Run("the new directory cannot be renamed in", func(t *testing.T) {
		dir := oldDir(t, d)
		before := listing(t, dir)
		defer func() { rename = os.Rename }()
		rename = func(from, to string) error {
			if strings.Contains(filepath.Base(from), ".tmp-") {
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: errors.New("injected failure")}
			}
			return os.Rename(from, to)
		}
		err := WriteDir(d, dir)
		if err == nil || !strings.Contains(err.Error(), "injected failure") || strings.Contains(err.Error(), ".tmp-") {
			t.Fatalf("error %v, want the injected failure without the temporary name", err)
		}
		sameListing(t, "after the failed swap", before, listing(t, dir))
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".out.*"))
		if len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
	})
	t.Run("out is a file", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		invalidAt(t, WriteDir(d, p), p+": ", "not a directory")
		invalidAt(t, WriteDir(d, filepath.Join(p, "sub")), filepath.Join(p, "sub")+": ", "not a directory")
		if b, _ := os.ReadFile(p); string(b) != "x" {
			t.Error("the file was changed")
		}
	})
}

// TestWriteDirThroughLink: an --out that is a link to the dataset
// directory stays a link, to the new dataset.
func TestWriteDirThroughLink(t *testing.T) {
	d := exampleDataset(t)
	dir := oldDir(t, d)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(d, link); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link replaced: %v %v", st, err)
	}
	back, err := data.Load(dir)
	if err != nil || back.Hash() != d.Hash() {
		t.Fatalf("dataset behind the link: %v", err)
	}
}
