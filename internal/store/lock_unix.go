//go:build unix

package store

import (
	"os"
	"syscall"
)

// lockFile opens (creating) path and takes an exclusive flock on it without
// waiting. The lock lives as long as the returned file is open, and the
// kernel drops it when the process dies, so a crash never leaves a stale
// lock. It is a file beside the database, never the database itself:
// closing any descriptor of the database file would drop SQLite's own
// POSIX locks.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
