package main

import (
	"context"
	"fmt"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
	"github.com/mockround/mockround/ui/speak"
	"github.com/mockround/mockround/ui/tui"
)

// runWithFace runs the session's engine behind the face that suits the
// terminal: full screen, or one line per event (--plain, pipes, scripts).
// Ctrl-C in the full screen ends the session as interrupted.
func runWithFace(ctx context.Context, o *runOptions, notes []string, input microphone, cfg session.Config, faults <-chan error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var sp *speak.Speaker
	var noSpeech string
	if o.speak {
		var err error
		if sp, err = speak.Find(); err != nil {
			noSpeech = fmt.Sprintf("--speak: %v; questions are not read aloud", err)
		}
	}
	if !o.f.fullScreen(o.plain) {
		face := ui.NewPlain(o.f.IO.Out, input != nil)
		face.Notes = notes
		face.Overview = ui.Overview(cfg.Plan)
		face.Gone = func(err error) {
			// Nobody reads the round any more (run | head): stop it as
			// interrupted, the take in progress saved.
			fmt.Fprintf(o.f.IO.ErrOut, "mockround: the output went away (%v); stopping the round\n", err)
			cancel()
		}
		if noSpeech != "" {
			fmt.Fprintln(o.f.IO.ErrOut, noSpeech)
		}
		cfg.Emit = face.Event
		cfg.Announce = announcer(ctx, sp, func(s string) { fmt.Fprintln(o.f.IO.ErrOut, s) })
		cmds := make(chan session.Command)
		go ui.ReadCommands(o.f.IO.In, cmds, face)
		return session.NewEngine(cfg).Run(ctx, cmds, faults)
	}
	opts := tui.RunOptions{Record: input != nil, Notes: notes, Speak: sp != nil,
		Color: o.f.Color, Notice: noSpeech, Interrupt: cancel, Overview: ui.Overview(cfg.Plan)}
	if input != nil {
		opts.Level = input.Level
	}
	face := tui.NewRunFace(o.f.IO.In, o.f.Screen, opts)
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
