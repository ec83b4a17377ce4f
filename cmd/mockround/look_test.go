package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
)

// loudMic is a microphone whose loudest level since the last look is
// given by the test, one per look.
type loudMic struct {
	microphone
	levels []audio.Level
	looks  int
}

func (m *loudMic) LoudestSince() audio.Level {
	l := m.levels[m.looks]
	m.looks++
	return l
}

// TestLookOnTick: the line face reads the loudest level at each tick of
// the clock, at the tick's time, and at no other event; every event still
// reaches the face, the tick before its look.
func TestLookOnTick(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	clip := audio.Level{RMS: -3, Peak: 0, Clipped: true}
	mic := &loudMic{levels: []audio.Level{audio.SilentLevel, clip}}
	var order []string
	var seen []time.Time
	var got []audio.Level
	emit := lookOnTick(func(ev session.Event) { order = append(order, kindName(ev.Kind)) }, mic, func(at time.Time, l audio.Level) {
		order = append(order, "look")
		seen = append(seen, at)
		got = append(got, l)
	})
	for i, k := range []session.EventKind{session.EvTakeStarted, session.EvTick, session.EvPhase, session.EvTick, session.EvTakeSaved} {
		emit(session.Event{Kind: k, At: t0.Add(time.Duration(i) * time.Second)})
	}
	if mic.looks != 2 || len(seen) != 2 || !seen[0].Equal(t0.Add(time.Second)) || !seen[1].Equal(t0.Add(3*time.Second)) {
		t.Fatalf("looks %d at %v; want 2, at 0:01 and 0:03", mic.looks, seen)
	}
	if got[0] != audio.SilentLevel || got[1] != clip {
		t.Errorf("levels handed on %v; want silence, then the clip", got)
	}
	want := []string{kindName(session.EvTakeStarted), kindName(session.EvTick), "look", kindName(session.EvPhase), kindName(session.EvTick), "look", kindName(session.EvTakeSaved)}
	if len(order) != len(want) {
		t.Fatalf("order %v; want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v; want %v", order, want)
		}
	}
}

func kindName(k session.EventKind) string { return fmt.Sprintf("event %d", k) }
