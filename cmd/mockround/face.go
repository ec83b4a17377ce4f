package main

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/term"

	"github.com/mockround/mockround/audio/capture"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
	"github.com/mockround/mockround/ui/speak"
	"github.com/mockround/mockround/ui/tui"
)

// fullScreen reports whether the full-screen face suits these streams:
// both are terminals and --plain was not asked for.
func fullScreen(io IO, plain bool) bool {
	return !plain && isTerminal(io.In) && isTerminal(io.Out)
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// colorOK honours NO_COLOR (no-color.org): set and not empty, no colour.
func colorOK() bool { return os.Getenv("NO_COLOR") == "" }

// runWithFace runs the session's engine behind the face that suits the
// terminal: full screen, or one line per event (--plain, pipes, scripts).
// cancel ends the session as interrupted (Ctrl-C in the full screen).
func runWithFace(ctx context.Context, cancel context.CancelFunc, o *runOptions, notes []string, input *capture.Input, cfg session.Config, faults <-chan error) error {
	var sp *speak.Speaker
	var noSpeech string
	if o.speak {
		var err error
		if sp, err = speak.Find(); err != nil {
			noSpeech = fmt.Sprintf("--speak: %v; questions are not read aloud", err)
		}
	}
	if !fullScreen(o.io, o.plain) {
		face := ui.NewPlain(o.io.Out, input != nil)
		face.Notes = notes
		if noSpeech != "" {
			fmt.Fprintln(o.io.ErrOut, noSpeech)
		}
		cfg.Emit = face.Event
		cfg.Announce = announcer(ctx, sp, func(s string) { fmt.Fprintln(o.io.ErrOut, s) })
		cmds := make(chan session.Command)
		go ui.ReadCommands(o.io.In, cmds, face)
		return session.NewEngine(cfg).Run(ctx, cmds, faults)
	}
	opts := tui.RunOptions{Record: input != nil, Notes: notes, Speak: sp != nil,
		Color: colorOK(), Notice: noSpeech, Interrupt: cancel}
	if input != nil {
		opts.Level = input.Level
	}
	face := tui.NewRunFace(o.io.In, o.io.Out, opts)
	cfg.Emit = face.Event
	cfg.Announce = announcer(ctx, sp, face.Notice)
	return face.Drive(func() error { return session.NewEngine(cfg).Run(ctx, face.Commands(), faults) })
}

// announcer is the engine's Announce hook for --speak: it reads each
// question aloud before its prep, while no take records. After a failure
// it says so once and stays quiet.
func announcer(ctx context.Context, sp *speak.Speaker, tell func(string)) func(*session.PlanItem) {
	if sp == nil {
		return nil
	}
	failed := false
	return func(it *session.PlanItem) {
		if failed || ctx.Err() != nil {
			return
		}
		if err := sp.Say(ctx, it.Question.Text); err != nil && ctx.Err() == nil {
			failed = true
			tell(fmt.Sprintf("--speak: %v; questions are no longer read aloud", err))
		}
	}
}
