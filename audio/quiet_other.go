//go:build !unix

package audio

import (
	"errors"
	"time"
)

// quietly runs f. Only Unix backends print start-up chatter on stderr.
func quietly(f func() error) error { return f() }

// quietlyFor runs f in the background for at most d.
func quietlyFor(d time.Duration, f func()) error {
	done := make(chan struct{})
	go func() {
		f()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(d):
		return errors.New("timed out")
	}
}
