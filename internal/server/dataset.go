package server

import (
	"errors"
	"fmt"
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
// elements and symlinks that lead out of the data directory are refused
// (all as bad requests).
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
	root, err := filepath.EvalSymlinks(s.cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	dir, err := filepath.EvalSymlinks(filepath.Join(root, name))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, invalidData("%q: no such dataset in the server's data directory", name)
		}
		return nil, invalidData("%q: %v", name, err)
	}
	if rel, err := filepath.Rel(root, dir); err != nil || !filepath.IsLocal(rel) {
		return nil, invalidData("%q: leads outside the server's data directory", name)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, invalidData("%q: not a dataset directory", name)
	}
	ds, err := data.Load(dir)
	if err != nil {
		// Name the dataset as the client did, not by the server's path.
		msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), name+"/")
		return nil, &errs.Error{Op: "load dataset", Kind: errs.KindOf(err), Field: "data", Err: errors.New(msg)}
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
