package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/mockround/mockround/audio"
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
	cfg.Self = self
	var sp *speak.Speaker
	var noSpeech string
	read := &reading{}
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
		face.Speak = sp != nil
		face.Self = self
		emit := withCue(face.Event, o.cuer(false))
		if input != nil {
			emit = lookOnTick(emit, input, face.Level)
		}
		cfg.Emit = tap(emit, o.onEvent)
		cfg.Announce = announcer(ctx, sp, read, func(s string) { fmt.Fprintln(o.f.IO.ErrOut, s) })
		raw := make(chan session.Command)
		go ui.ReadCommands(o.f.IO.In, raw, face)
		err := session.NewEngine(cfg).Run(ctx, skipReading(ctx, raw, read), faults)
		release(input)
		return err
	}
	opts := tui.RunOptions{Record: input != nil, Notes: notes, Speak: sp != nil, SkipSpeech: read.Skip,
		Color: o.f.Color, Notice: noSpeech, Interrupt: cancel, Overview: ui.Overview(cfg.Plan), Self: self}
	if input != nil {
		opts.Level = input.Level
	}
	face := tui.NewRunFace(o.f.IO.In, o.f.Screen, opts)
	cfg.Emit = tap(withCue(face.Event, o.cuer(true)), o.onEvent)
	cfg.Announce = announcer(ctx, sp, read, face.Notice)
	return face.Drive(func() error {
		err := session.NewEngine(cfg).Run(ctx, face.Commands(), faults)
		release(input)
		return err
	})
}

// release closes the microphone as soon as the round's last take is saved:
// the summary that follows may wait a long time for a key, or for the
// transcripts, and neither needs the microphone in use (its light on, its
// stream costing CPU). The command's own deferred Close then does nothing.
func release(input microphone) {
	if input != nil {
		input.Close()
	}
}

// reading is the question being read aloud, which a face can cut short
// (Enter): the engine waits for the reading before the prep starts.
type reading struct {
	mu     sync.Mutex
	cancel context.CancelFunc // of the reading in progress; nil when none
}

// Skip cuts the reading in progress short, and reports whether there was one.
func (r *reading) Skip() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel == nil {
		return false
	}
	r.cancel()
	r.cancel = nil
	return true
}

func (r *reading) set(cancel context.CancelFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cancel = cancel
}

// announcer is the engine's Announce hook for --speak: it reads each
// question aloud before its prep, while no take records, until read or cut
// short by r.Skip. After a failure it says so once and stays quiet.
func announcer(ctx context.Context, sp *speak.Speaker, r *reading, tell func(string)) func(*session.PlanItem) {
	if sp == nil {
		return nil
	}
	failed := false
	return func(it *session.PlanItem) {
		if failed || ctx.Err() != nil {
			return
		}
		rctx, cancel := context.WithCancel(ctx)
		r.set(cancel)
		err := sp.Say(rctx, it.Asked())
		r.set(nil)
		cancel()
		if err != nil && rctx.Err() == nil {
			failed = true
			tell(fmt.Sprintf("--speak: %v; questions are no longer read aloud", err))
		}
	}
}

// skipReading passes the commands of raw on to the engine, but an Enter
// (finish) while a question is read aloud only cuts the reading short: it
// is not taken as "start the answer now".
func skipReading(ctx context.Context, raw <-chan session.Command, r *reading) <-chan session.Command {
	cmds := make(chan session.Command)
	go func() {
		defer close(cmds)
		for c := range raw {
			if c == session.CmdFinish && r.Skip() {
				continue
			}
			select {
			case cmds <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	return cmds
}

// lookOnTick hands the input's level to see at each tick of the round's
// clock, for the line face's live warnings (no sound, clipping): the
// loudest of the reads since the last look, so nothing between two looks
// is missed. The clock ticks once a second, when the capture's writer
// wakes too, so the warnings cost the process no wake of their own; they
// are about seconds of sound, and looking more often would only wake it
// more.
func lookOnTick(emit func(session.Event), in microphone, see func(time.Time, audio.Level)) func(session.Event) {
	return func(ev session.Event) {
		emit(ev)
		if ev.Kind == session.EvTick {
			see(ev.At, in.LoudestSince())
		}
	}
}

// Cues: what is heard when the warning stage starts and when time is up.
const (
	cueBell = "bell" // the terminal's bell
	cueTone = "tone" // a short soft tone through the speaker
	cueOff  = "off"
)

// cuer is the cue --cue asks for: by default the bell on the full screen
// and none on the line face. The tone is played through the speaker, where
// the microphone may hear it: headphones keep it out of the recording.
func (o *runOptions) cuer(fullScreen bool) func() {
	kind := o.cue
	if kind == "" {
		kind = cueOff
		if fullScreen {
			kind = cueBell
		}
	}
	switch kind {
	case cueBell:
		return func() { fmt.Fprint(o.f.Screen, "\a") }
	case cueTone:
		return func() { go playCue(o.f) }
	}
	return nil
}

// withCue wraps a face's event handler to sound cue at the warning and at
// time-up (entering overtime, or the end of a take with no overtime).
func withCue(emit func(session.Event), cue func()) func(session.Event) {
	if cue == nil {
		return emit
	}
	return func(ev session.Event) {
		if ev.Kind == session.EvPhase && ev.Phase == session.PhaseWarning || ev.Kind == session.EvTimeUp {
			cue()
		}
		emit(ev)
	}
}

// tap hands every event to see as well as to emit (see: nil).
func tap(emit, see func(session.Event)) func(session.Event) {
	if see == nil {
		return emit
	}
	return func(ev session.Event) {
		emit(ev)
		see(ev)
	}
}
