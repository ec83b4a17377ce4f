package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/mockround/mockround/audio/capture"
	"github.com/mockround/mockround/session"
)

// liveTimeout is how long a just-opened microphone may take to deliver its
// first audio. PulseAudio's virtual devices take up to 2 s.
const liveTimeout = 5 * time.Second

// openMicrophone opens the input and waits until audio flows, saying so
// while it waits unless quiet (output for scripts): no question is shown
// before its answer can be recorded, and no take begins before audio of
// its moment exists. A Ctrl-C while it waits is an interruption with
// nothing recorded.
func openMicrophone(ctx context.Context, f *factory, cfg capture.InputConfig, quiet bool) (microphone, error) {
	in, err := f.OpenInput(cfg)
	if errors.Is(err, capture.ErrNoSuchDevice) {
		return nil, &session.UsageError{Err: err} // --device names no device: exit 2
	}
	if err != nil {
		return nil, err
	}
	// Constant text, so the raw screen is safe to write it to; on a
	// terminal the line is erased once audio flows.
	out := f.IO.Out
	switch {
	case quiet:
		out = io.Discard
	case f.OutTTY:
		out = f.Screen
	}
	fmt.Fprint(out, "opening the microphone…")
	err = in.WaitLive(ctx, liveTimeout)
	switch {
	case err == nil && f.OutTTY:
		fmt.Fprint(out, "\r\033[K") // the question takes its place
	case err == nil:
		fmt.Fprintln(out, " ready")
	default:
		fmt.Fprintln(out)
	}
	if err != nil {
		in.Close()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w before the first question: nothing was recorded", session.ErrInterrupted)
		}
		return nil, err
	}
	return in, nil
}
