package main

import (
	"math"
	"testing"

	"github.com/mockround/mockround/session"
)

func TestCueAtWarningAndTimeUp(t *testing.T) {
	cues := 0
	var seen []session.EventKind
	emit := withCue(func(ev session.Event) { seen = append(seen, ev.Kind) }, func() { cues++ })
	for _, ev := range []session.Event{
		{Kind: session.EvPhase, Phase: session.PhasePrep},
		{Kind: session.EvPhase, Phase: session.PhaseAnswer},
		{Kind: session.EvTick, Phase: session.PhaseAnswer},
		{Kind: session.EvPhase, Phase: session.PhaseWarning}, // one
		{Kind: session.EvTick, Phase: session.PhaseWarning},
		{Kind: session.EvTimeUp, Phase: session.PhaseWarning}, // two
		{Kind: session.EvPhase, Phase: session.PhaseOvertime},
		{Kind: session.EvTakeSaved},
	} {
		emit(ev)
	}
	if cues != 2 || len(seen) != 8 {
		t.Errorf("%d cues, %d events passed on; want 2 and all 8", cues, len(seen))
	}
	if withCue(nil, nil) != nil {
		t.Error("no cue should leave the handler as it is")
	}
}

// TestChime: 0.3 s, soft (about -20 dBFS at most), starting and ending at
// silence so it does not click.
func TestChime(t *testing.T) {
	c := chime(44100)
	if len(c) != 13230 {
		t.Fatalf("%d samples, want 13230 (0.3 s)", len(c))
	}
	peak := 0.0
	for _, v := range c {
		peak = math.Max(peak, math.Abs(float64(v)))
	}
	if db := 20 * math.Log10(peak/32768); db > -19.5 || db < -21.5 {
		t.Errorf("peak %.1f dBFS, want about -20", db)
	}
	if c[0] != 0 || math.Abs(float64(c[len(c)-1])) > 400 {
		t.Errorf("starts at %d, ends at %d: want a fade", c[0], c[len(c)-1])
	}
}
