package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
)

// brokenTerminal is a terminal whose input fails at once.
type brokenTerminal struct{}

func (brokenTerminal) Read([]byte) (int, error) { return 0, errors.New("terminal gone") }

// TestRunFaceGoneInterrupts: when the full screen stops on its own (its
// terminal failed), the session is stopped as Ctrl-C stops it, and saved.
func TestRunFaceGoneInterrupts(t *testing.T) {
	var out strings.Builder
	interrupted := make(chan struct{})
	face := NewRunFace(brokenTerminal{}, &out, RunOptions{Interrupt: func() { close(interrupted) }})
	err := face.Drive(func() error {
		select {
		case <-interrupted:
			return session.ErrInterrupted
		case <-time.After(10 * time.Second): // only when the test fails: no hang
			return errors.New("the session was never stopped")
		}
	})
	if !errors.Is(err, session.ErrInterrupted) {
		t.Errorf("Drive = %v, want the session interrupted", err)
	}
}
