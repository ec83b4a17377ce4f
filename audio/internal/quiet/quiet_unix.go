//go:build unix

// Package quiet keeps the sound libraries' start-up chatter (ALSA, JACK) off the
// terminal: their C code writes straight to file descriptor 2.
package quiet

import (
	"errors"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// quietMu serialises the swaps of file descriptor 2 done by Run.
var quietMu sync.Mutex

// Run runs f with the process's standard error pointed at /dev/null.
//
// PortAudio's start-up probes every ALSA and JACK backend, and those C
// libraries print dozens of lines ("ALSA lib pcm.c: ... Unknown PCM",
// "Cannot connect to server socket") straight to file descriptor 2. None of
// it helps a user, so every PortAudio call that can trigger it goes through
// here. Go's own writes to stderr during f are lost too, which is why f must
// be a short, synchronous library call.
func Run(f func() error) error {
	if os.Getenv("MOCKROUND_DEBUG_AUDIO") != "" {
		return f()
	}
	quietMu.Lock()
	defer quietMu.Unlock()
	null, err := unix.Open(os.DevNull, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return f()
	}
	defer unix.Close(null)
	saved, err := unix.Dup(2)
	if err != nil {
		return f()
	}
	defer unix.Close(saved)
	if err := unix.Dup2(null, 2); err != nil {
		return f()
	}
	defer unix.Dup2(saved, 2)
	return f()
}

// RunFor runs f in the background with standard error silenced, for at
// most d: a library call that can hang on a missing device must not take
// the program, or its error messages, with it. It returns an error when f
// did not finish in time; f keeps running and its later chatter may show.
func RunFor(d time.Duration, f func()) error {
	done := make(chan struct{})
	var timedOut bool
	_ = Run(func() error {
		go func() {
			f()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(d):
			timedOut = true
		}
		return nil
	})
	if timedOut {
		return errors.New("timed out")
	}
	return nil
}
