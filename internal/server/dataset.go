package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func invalidData(format string, args ...any) error {
	return &errs.Error{Op: "scenario", Kind: errs.Invalid, Field: "data", Err: fmt.Errorf(format, args...)}
}

// dataset returns the dataset a posted scenario names: an embedded one, or
// a dataset directory under the server's data directory. A posted scenario
// must not make the server read anything else, so absolute paths, ".."
// elements and symbolic links — to a directory or to a file inside one —
// are refused (all as bad requests), and the files are read through an
// os.Root of the data directory, which cannot leave it.
func (s *Server) dataset(sc *scenario.Scenario) (*data.Dataset, error) {
	name := sc.Data
	if d, ok, err := data.Embedded(name); ok {
		return d, err
	}
	if s.cfg.DataDir == "" {
		return nil, invalidData("%q: this server offers only the embedded datasets (%s; start it with --data-dir to offer others)", name, data.EmbeddedNameList())
	}
	if filepath.IsAbs(name) || strings.ContainsAny(name, `\:`) || !filepath.IsLocal(name) {
		return nil, invalidData("%q: name a dataset directory inside the server's data directory, not a path", name)
	}
	root, err := os.OpenRoot(s.cfg.DataDir)
	if err != nil {
		s.log.Error("opening the data directory", "err", err)
		return nil, errors.New("the server's data directory cannot be read")
	}
	defer root.Close()
	// Every element of the name, and every file of the dataset, must be
	// a plain directory or file: a link could lead anywhere.
	parts := strings.Split(filepath.ToSlash(filepath.Clean(name)), "/")
	for k := range parts {
		p := filepath.Join(parts[:k+1]...)
		st, err := root.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, invalidData("%q: no such dataset in the server's data directory, nor embedded (embedded: %s)", name, data.EmbeddedNameList())
		case err != nil:
			return nil, invalidData("%q: cannot be read", name)
		case st.Mode()&fs.ModeSymlink != 0:
			return nil, invalidData("%q: %s is a symbolic link; datasets posted scenarios name may not contain links", name, filepath.ToSlash(p))
		case !st.IsDir():
			return nil, invalidData("%q: not a dataset directory", name)
		}
	}
	sub, err := root.OpenRoot(name)
	if err != nil {
		return nil, invalidData("%q: cannot be read", name)
	}
	defer sub.Close()
	entries, err := fs.ReadDir(sub.FS(), ".")
	if err != nil {
		return nil, invalidData("%q: cannot be read", name)
	}
	for _, e := range entries {
		if e.Type()&fs.ModeSymlink != 0 {
			return nil, invalidData("%q: %s is a symbolic link; datasets posted scenarios name may not contain links", name, e.Name())
		}
	}
	ds, err := data.LoadFS(sub.FS(), name)
	if err != nil {
		return nil, &errs.Error{Op: "load dataset", Kind: errs.KindOf(err), Field: "data", Err: errors.New(s.scrub(err.Error()))}
	}
	return ds, nil
}

// validate compiles the scenario on its dataset, so that unknown country
// codes and other mistakes only the data can reveal are a 400 now rather
// than a failed run later. Compiling is milliseconds; solving is the work.
func validate(sc *scenario.Scenario, ds *data.Dataset) error {
	_, err := scenario.Compile(sc, ds)
	return err
}
