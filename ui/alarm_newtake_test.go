package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
)

// TestAlarmNewTakeRestartsTheSilenceCount: a follow-up begins the moment
// its question's take ends, so the clock never stops answering; its first
// seconds must not inherit the last take's silence, and its own 5 s of
// silence warn again.
func TestAlarmNewTakeRestartsTheSilenceCount(t *testing.T) {
	var a Alarm
	t0 := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	quiet := audio.Level{RMS: -90, Peak: -90}
	for s := 0; s <= 6; s++ {
		a.Add(t0.Add(time.Duration(s)*time.Second), quiet, true)
	}
	if !a.Silent() {
		t.Fatal("6 s of silence while answering: want the warning")
	}
	a.NewTake()
	if got := a.Add(t0.Add(7*time.Second), quiet, true); a.Silent() || len(got) != 0 {
		t.Fatalf("1 s into a new take: silent %v, warnings %v; want none", a.Silent(), got)
	}
	var started []string
	for s := 8; s <= 12; s++ {
		started = append(started, a.Add(t0.Add(time.Duration(s)*time.Second), quiet, true)...)
	}
	if !a.Silent() || len(started) != 1 || started[0] != SilenceWarning {
		t.Errorf("5 s of silence into the new take: silent %v, warnings %v; want the warning once", a.Silent(), started)
	}
}

// TestPlainFollowUpStartsWithoutTheLastTakesSilence: in the line face, a
// take that starts while the clock runs on (a follow-up) counts its own
// silence from its start.
func TestPlainFollowUpStartsWithoutTheLastTakesSilence(t *testing.T) {
	var out strings.Builder
	p := NewPlain(&out, true)
	t0 := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	quiet := audio.Level{RMS: -90, Peak: -90}
	read := func(from, to int) {
		for s := from; s <= to; s++ {
			p.Level(t0.Add(time.Duration(s)*time.Second), quiet)
		}
	}
	p.Event(session.Event{Kind: session.EvPhase, Phase: session.PhaseAnswer})
	read(0, 4) // 4 s of silence: no warning yet
	p.Event(session.Event{Kind: session.EvTakeStarted, Take: &session.Take{Take: 1, FollowUp: "And then?"}})
	read(5, 8) // 3 s into the follow-up: 8 s of silence in all, but not in this take
	if n := strings.Count(out.String(), SilenceWarning); n != 0 {
		t.Fatalf("a follow-up 3 s in warned of silence %d times:\n%s", n, out.String())
	}
	read(9, 10)
	if n := strings.Count(out.String(), SilenceWarning); n != 1 {
		t.Errorf("5 s of silence into the follow-up warned %d times, want once:\n%s", n, out.String())
	}
}
