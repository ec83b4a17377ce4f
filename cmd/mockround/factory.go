package main

import (
	"context"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/audio/capture"
	"github.com/mockround/mockround/audio/playback"
	"github.com/mockround/mockround/internal/safe"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// factory gives every command what it reaches outside itself: the streams
// and whether they are terminals, the data directory, the microphone and
// the speaker. Main wires the real ones; tests swap any of them, so a
// command's terminal branch or its recording runs in memory.
type factory struct {
	// IO is what commands print through: text from banks and session files
	// reaches the terminal with every control character made visible.
	IO IO
	// Screen is standard output as it is, for the full-screen faces, which
	// draw with escape sequences (and make the text they show safe).
	Screen        io.Writer
	InTTY, OutTTY bool
	Color         bool                   // NO_COLOR is not set
	Home          func() (string, error) // the data directory
	OpenInput     func(capture.InputConfig) (microphone, error)
	Play          ui.PlayFunc // plays a take through the speaker
	Devices       func() ([]capture.Device, error)
	Now           func() time.Time // the time schedules are read at
}

// microphone is an open input stream: a *capture.Input, or a fake in tests.
type microphone interface {
	WaitLive(ctx context.Context, timeout time.Duration) error
	StartTake(path string) error
	TakeStart() time.Time
	Pause()
	Resume()
	StopTake() (capture.TakeResult, error)
	Level() audio.Level
	LoudestSince() audio.Level
	DeviceName() string
	Rate() int
	Faults() <-chan error
	Close() error
}

// newFactory wires the real streams, terminal, data directory and devices.
func newFactory(streams IO) *factory {
	return &factory{
		IO:     IO{In: streams.In, Out: safe.NewWriter(streams.Out), ErrOut: safe.NewWriter(streams.ErrOut)},
		Screen: streams.Out,
		InTTY:  isTerminal(streams.In),
		OutTTY: isTerminal(streams.Out),
		Color:  os.Getenv("NO_COLOR") == "", // no-color.org: set and not empty, no colour
		Home:   session.DataDir,
		OpenInput: func(cfg capture.InputConfig) (microphone, error) {
			in, err := capture.OpenInput(cfg)
			if err != nil {
				return nil, err // not a typed nil in the interface
			}
			return in, nil
		},
		Play:    playTrack,
		Devices: capture.Devices,
		Now:     now,
	}
}

// now is the time, or MOCKROUND_NOW (RFC 3339) when set: what is due for
// practice depends on the day, and scripts that check it need a fixed one.
func now() time.Time {
	if v := os.Getenv("MOCKROUND_NOW"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t
		}
	}
	return time.Now()
}

// fullScreen reports whether the full-screen face suits the streams: both
// are terminals and --plain was not asked for.
func (f *factory) fullScreen(plain bool) bool { return !plain && f.InTTY && f.OutTTY }

// store opens the data directory's session store.
func (f *factory) store() (*session.Store, error) {
	home, err := f.Home()
	if err != nil {
		return nil, err
	}
	s := session.NewStore(home)
	s.Self = self
	return s, nil
}

// openSession resolves a SESSION argument in the data directory.
func (f *factory) openSession(arg string) (session.Listed, error) {
	s, err := f.store()
	if err != nil {
		return session.Listed{}, err
	}
	return s.Resolve(arg)
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// playTrack plays through beep for the faces.
func playTrack(path string, speed float64) (ui.Track, bool, error) {
	p, repaired, err := playback.Play(path, speed)
	if err != nil {
		return nil, repaired, err
	}
	return p, repaired, nil
}
