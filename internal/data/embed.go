package data

import (
	"embed"
	"io/fs"
	"sync"
)

// Rebuild the embedded dataset from the compiled public tables in ../shared
// (and the two OECD ICIO files beside them, see build.ICIODir).
//go:generate go run ../../cmd/tradebloc data build --from ../../../shared/data/compiled --out world2023

// DefaultName is the name of the embedded default dataset.
const DefaultName = "world-2023"

//go:embed world2023
var world2023 embed.FS

var (
	defaultOnce sync.Once
	defaultData *Dataset
	defaultErr  error
)

// Default returns the embedded world-2023 dataset (195 economies incl.
// Taiwan, goods trade 2023 from BACI repaired with OECD ICIO and rescaled to
// the balance of payments, USD million), parsed once per process. The result is shared
// by every caller and must be treated as read-only; use Clone for a copy to
// modify. Sharing matters because the dataset holds 195²-element arrays and
// commands such as coalition searches ask for it many times.
func Default() (*Dataset, error) {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(world2023, "world2023")
		if err != nil {
			defaultErr = err
			return
		}
		defaultData, defaultErr = LoadFS(sub, "embedded:"+DefaultName)
	})
	return defaultData, defaultErr
}

// EmbeddedFS returns the embedded dataset directory (data files and its
// README.md), for tools that list or compare it.
func EmbeddedFS() fs.FS {
	sub, _ := fs.Sub(world2023, "world2023")
	return sub
}
