package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
)

// TestPlainSaysLevelWarningsOncePerEpisode: the line face says "no sound"
// after 5 s of silence while answering, and "clipping" when it starts,
// each once per episode; not in prep or while paused.
func TestPlainSaysLevelWarningsOncePerEpisode(t *testing.T) {
	var out strings.Builder
	p := NewPlain(&out, true)
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	quiet := audio.Level{RMS: -75, Peak: -70}
	speech := audio.Level{RMS: -25, Peak: -8}
	clip := audio.Level{RMS: -10, Peak: 0, Clipped: true}
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	read := func(from, to float64, l audio.Level) {
		for s := from; s <= to; s += 0.4 {
			p.Level(at(s), l)
		}
	}
	count := func(w string) int { return strings.Count(out.String(), w) }

	p.Event(session.Event{Kind: session.EvPhase, Phase: session.PhasePrep})
	read(0, 8, quiet) // prep: silence is expected
	if n := count(SilenceWarning); n != 0 {
		t.Fatalf("silence warned %d times in prep", n)
	}
	p.Event(session.Event{Kind: session.EvPhase, Phase: session.PhaseAnswer})
	read(8, 12.9, quiet)
	if n := count(SilenceWarning); n != 0 {
		t.Fatalf("silence warned after 4.9 s")
	}
	read(13, 20, quiet)
	if n := count(SilenceWarning); n != 1 {
		t.Fatalf("silence warned %d times in one episode, want once:\n%s", n, out.String())
	}
	read(20.4, 21, speech) // sound: the episode ends
	read(21.4, 27, quiet)
	if n := count(SilenceWarning); n != 2 {
		t.Fatalf("a second silence warned %d times in all, want 2", n)
	}
	p.Event(session.Event{Kind: session.EvPaused, Phase: session.PhaseAnswer})
	read(27.4, 40, quiet)
	if n := count(SilenceWarning); n != 2 {
		t.Fatalf("silence warned while paused")
	}
	p.Event(session.Event{Kind: session.EvResumed, Phase: session.PhaseAnswer})
	read(40.4, 41, clip)
	read(41.4, 42, speech) // within 2 s of the clip: the same episode
	p.Level(at(42.2), clip)
	if n := count(ClippingWarning); n != 1 {
		t.Fatalf("clipping warned %d times in one episode, want once", n)
	}
	read(44.6, 47, speech)
	p.Level(at(47.2), clip)
	if n := count(ClippingWarning); n != 2 {
		t.Fatalf("clipping after a clean stretch warned %d times in all, want 2", n)
	}
	if !strings.Contains(out.String(), "⚠ "+SilenceWarning+"\n") {
		t.Errorf("warning line: %q", out.String())
	}
}
