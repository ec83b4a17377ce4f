//go:build !unix

package quiet

import (
	"errors"
	"time"
)

// Run runs f. Only Unix backends print start-up chatter on stderr.
func Run(f func() error) error { return f() }

// RunFor runs f in the background for at most d.
func RunFor(d time.Duration, f func()) error {
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
