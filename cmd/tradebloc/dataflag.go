package main

import (
	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
)

// loadDataset returns the dataset named by a --data value: "" or "embedded"
// is the embedded world-2023 dataset (shared, read-only: Clone it before
// changing it), anything else a dataset directory.
func loadDataset(path string) (*data.Dataset, error) {
	if path == "" || path == "embedded" {
		return data.Default()
	}
	return data.Load(path)
}

// dataFlag is the --data flag of commands that run on a dataset.
type dataFlag struct {
	path string
}

// add registers --data on c.
func (f *dataFlag) add(c *cobra.Command) {
	c.Flags().StringVar(&f.path, "data", "", "dataset directory (default: the embedded world-2023 dataset)")
}

// load loads the dataset the flag names.
func (f *dataFlag) load() (*data.Dataset, error) { return loadDataset(f.path) }
