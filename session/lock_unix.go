//go:build unix

package session

import (
	"errors"
	"syscall"

	"github.com/mockround/mockround/internal/safefs"
)

// Lock marks the session in dir as in use by this process until unlock is
// called or the process ends, however it ends: the kernel drops the lock of
// a killed process, which is how a crashed session is told from a running one.
// dir must not be a symbolic link.
func Lock(dir string) (unlock func(), err error) {
	d, err := safefs.OpenDir(dir)
	if err != nil {
		return nil, err
	}
	f := d.File()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrInUse
		}
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
