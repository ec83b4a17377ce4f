package capture

import (
	"errors"
	"testing"
)

// TestNoSuchDeviceError: a device asked for that does not exist is both
// "no input device" (as before) and a mistake in the command line, and
// reads as before.
func TestNoSuchDeviceError(t *testing.T) {
	err := noSuchDevice(`no input device is called "nosuchmic"`)
	if !errors.Is(err, ErrNoInput) || !errors.Is(err, ErrNoSuchDevice) {
		t.Errorf("%v: want both ErrNoInput and ErrNoSuchDevice", err)
	}
	if got, want := err.Error(), `no input device: no input device is called "nosuchmic"`; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if errors.Is(ErrNoInput, ErrNoSuchDevice) {
		t.Error("a machine without a microphone counts as a mistake in the command line")
	}
}
