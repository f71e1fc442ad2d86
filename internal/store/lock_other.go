//go:build !unix

package store

import "os"

// lockFile creates path. Without flock the lock is advisory only: two
// servers on one SQLite file are not detected on this platform.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}
