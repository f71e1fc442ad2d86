// Package testutil helps tests find the reference data in ../shared (beside
// the checkout). Tests that need it fail, never skip, when it is missing: CI
// must not pass by silently skipping the reproduction tests.
package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedDir returns the shared/ directory: $TRADEBLOC_SHARED if set, else
// ../shared beside the module root. It fails the test if it is missing.
func SharedDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("TRADEBLOC_SHARED")
	if dir == "" {
		root, err := ModuleRoot()
		if err != nil {
			t.Fatalf("finding module root: %v", err)
		}
		dir = filepath.Join(root, "..", "shared")
	}
	if st, err := os.Stat(filepath.Join(dir, "data")); err != nil || !st.IsDir() {
		t.Fatalf("reference data not found at %s (set TRADEBLOC_SHARED or place shared/ beside the checkout): %v", dir, err)
	}
	return dir
}

// ModuleRoot walks up from the working directory to the directory holding go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
