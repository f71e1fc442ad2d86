package data

import (
	"embed"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Rebuild the embedded datasets from ../shared: world-2023 from the compiled
// public tables (and the two OECD ICIO files beside them, see
// build.ICIODir), icio-2022 from the OECD ICIO 2022 cube with the compiled
// IO shares, macro and current-account tables (see build.BuildICIO).
//go:generate go run ../../cmd/tradebloc data build --from ../../../shared/data/compiled --out world2023
//go:generate go run ../../cmd/tradebloc data build --world icio-2022 --from ../../../shared/data/compiled --out icio2022

// DefaultName is the name of the embedded default dataset.
const DefaultName = "world-2023"

// ICIOName is the name of the embedded multi-sector dataset.
const ICIOName = "icio-2022"

// EmbeddedAlias is the `--data`/`data:` value that means the default
// embedded dataset.
const EmbeddedAlias = "embedded"

//go:embed world2023 icio2022
var embedded embed.FS

// world is one embedded dataset, parsed once per process on first use.
type world struct {
	name, dir string
	once      sync.Once
	d         *Dataset
	err       error
	// loaded is d once parsed, for IsEmbedded, which may run while another
	// goroutine is still parsing.
	loaded atomic.Pointer[Dataset]
}

// worlds are the embedded datasets, the default first.
var worlds = []*world{
	{name: DefaultName, dir: "world2023"},
	{name: ICIOName, dir: "icio2022"},
}

func (w *world) load() (*Dataset, error) {
	w.once.Do(func() {
		sub, err := fs.Sub(embedded, w.dir)
		if err != nil {
			w.err = err
			return
		}
		w.d, w.err = LoadFS(sub, "embedded:"+w.name)
		w.loaded.Store(w.d)
	})
	return w.d, w.err
}

// Default returns the embedded world-2023 dataset (195 economies incl.
// Taiwan, goods trade 2023 from BACI repaired with OECD ICIO and rescaled to
// the balance of payments, USD million), parsed once per process. The result is shared
// by every caller and must be treated as read-only; use Clone for a copy to
// modify. Sharing matters because the dataset holds 195²-element arrays and
// commands such as coalition searches ask for it many times.
func Default() (*Dataset, error) { return worlds[0].load() }

// EmbeddedNames lists the names of the embedded datasets, the default
// first.
func EmbeddedNames() []string {
	out := make([]string, len(worlds))
	for i, w := range worlds {
		out[i] = w.name
	}
	return out
}

// IsEmbeddedName reports whether name selects an embedded dataset:
// "embedded" (the default) or one of EmbeddedNames. Such a name wins over a
// directory of the same name; write ./icio-2022 for the directory.
func IsEmbeddedName(name string) bool {
	return name == EmbeddedAlias || slices.Contains(EmbeddedNames(), name)
}

// Embedded returns the embedded dataset called name ("embedded" or "" is
// the default, world-2023), parsed once per process and shared like
// Default's. ok is false when no embedded dataset has that name.
func Embedded(name string) (d *Dataset, ok bool, err error) {
	if name == "" || name == EmbeddedAlias {
		d, err = Default()
		return d, true, err
	}
	for _, w := range worlds {
		if w.name == name {
			d, err = w.load()
			return d, true, err
		}
	}
	return nil, false, nil
}

// IsEmbedded reports whether d is one of the shared embedded datasets (as
// returned by Default or Embedded, not a clone), which callers may cache
// results for by pointer.
func IsEmbedded(d *Dataset) bool {
	for _, w := range worlds {
		if p := w.loaded.Load(); p != nil && p == d {
			return true
		}
	}
	return false
}

// EmbeddedFS returns the embedded default dataset directory (data files and
// its README.md), for tools that list or compare it.
func EmbeddedFS() fs.FS { return EmbeddedFSOf(DefaultName) }

// EmbeddedFSOf returns the directory of the embedded dataset called name
// (nil for an unknown name).
func EmbeddedFSOf(name string) fs.FS {
	for _, w := range worlds {
		if w.name == name {
			sub, _ := fs.Sub(embedded, w.dir)
			return sub
		}
	}
	return nil
}

// EmbeddedNameList is EmbeddedNames joined for messages and help texts
// ("world-2023, icio-2022").
func EmbeddedNameList() string { return strings.Join(EmbeddedNames(), ", ") }
