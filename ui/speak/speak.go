// Package speak reads text aloud with the platform's speech synthesizer:
// say on macOS, espeak-ng (or espeak) elsewhere. It plays through the
// default output device and records nothing.
package speak

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// ErrNoSynthesizer reports that no speech synthesizer is installed.
var ErrNoSynthesizer = errors.New("no speech synthesizer found: install espeak-ng (Linux) or use macOS's say")

// Speaker is a speech synthesizer found on this machine.
type Speaker struct {
	Name string   // the program, e.g. espeak-ng
	args []string // before the text
	// Tail is how long Say waits after the synthesizer exits, so the end of
	// the speech has left the speaker before anything else starts (a
	// microphone near the speaker would otherwise catch it).
	Tail time.Duration
}

// candidates lists the synthesizers tried, in order, for goos.
func candidates(goos string) []Speaker {
	if goos == "darwin" {
		return []Speaker{{Name: "say"}}
	}
	return []Speaker{{Name: "espeak-ng"}, {Name: "espeak"}}
}

// Find returns the first synthesizer installed, or ErrNoSynthesizer.
func Find() (*Speaker, error) {
	return find(runtime.GOOS, exec.LookPath)
}

func find(goos string, lookPath func(string) (string, error)) (*Speaker, error) {
	for _, s := range candidates(goos) {
		if path, err := lookPath(s.Name); err == nil {
			s.Name = path
			s.Tail = 300 * time.Millisecond
			return &s, nil
		}
	}
	return nil, ErrNoSynthesizer
}

// Say reads text aloud and returns when it has been spoken, or at once when
// ctx ends (the speech is cut off).
func (s *Speaker) Say(ctx context.Context, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	// The text goes in on stdin, where no word of it can pass for an option.
	cmd := exec.CommandContext(ctx, s.Name, s.args...)
	cmd.Stdin = strings.NewReader(text + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %v: %s", s.Name, err, strings.TrimSpace(string(out)))
	}
	select {
	case <-time.After(s.Tail):
	case <-ctx.Done():
	}
	return nil
}
