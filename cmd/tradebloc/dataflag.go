package main

import (
	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
)

// loadDataset returns the dataset named by a --data value: "" or "embedded"
// is the embedded world-2023 dataset, the name of an embedded dataset
// (world-2023, icio-2022) that one (shared, read-only: Clone it before
// changing it), anything else a dataset directory.
func loadDataset(path string) (*data.Dataset, error) {
	if d, ok, err := data.Embedded(path); ok {
		return d, err
	}
	return data.Load(path)
}

// dataFlag is the --data flag of commands that run on a dataset.
type dataFlag struct {
	path string
}

// add registers --data on c.
func (f *dataFlag) add(c *cobra.Command) {
	c.Flags().StringVar(&f.path, "data", "", "embedded dataset ("+data.EmbeddedNameList()+") or dataset directory (default: world-2023)")
}

// load loads the dataset the flag names.
func (f *dataFlag) load() (*data.Dataset, error) { return loadDataset(f.path) }
