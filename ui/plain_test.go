package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
)

func TestClockAndLength(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0:00", 500 * time.Millisecond: "0:01", 59 * time.Second: "0:59", 3 * time.Minute: "3:00",
		-time.Second: "+0:01", -75 * time.Second: "+1:15",
	} {
		if got := Clock(d); got != want {
			t.Errorf("Clock(%s) = %s, want %s", d, got, want)
		}
	}
	if got := Length(6013 * time.Millisecond); got != "0:06" {
		t.Errorf("Length(6.013s) = %s", got)
	}
}

// The plain face prints a countdown line every 10 s and for each of the
// last 5 s, and an overtime line every 10 s.
func TestPlainCountdownLines(t *testing.T) {
	var out strings.Builder
	p := NewPlain(&out, true)
	it := &session.PlanItem{Limits: session.Limits{Answer: 25 * time.Second, Overtime: 30 * time.Second}}
	for s := 24; s >= -25; s-- {
		p.Event(session.Event{Kind: session.EvTick, Item: it, Phase: session.PhaseAnswer, Left: time.Duration(s) * time.Second})
	}
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{"answer 0:20 left", "answer 0:10 left", "answer 0:05 left", "answer 0:04 left", "answer 0:03 left", "answer 0:02 left", "answer 0:01 left", "overtime +0:10", "overtime +0:20"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseCommand(t *testing.T) {
	for line, want := range map[string]session.Command{"": session.CmdFinish, " p ": session.CmdPause, "R": session.CmdRetake, "s": session.CmdSkip, "quit": session.CmdQuit} {
		if got, ok := ParseCommand(line); !ok || got != want {
			t.Errorf("ParseCommand(%q) = %v %v", line, got, ok)
		}
	}
	if _, ok := ParseCommand("x"); ok {
		t.Error(`"x" parsed as a command`)
	}
}

// Counts of one are singular: "1 time", "1 frame".
func TestPlainOverflowWording(t *testing.T) {
	for _, tc := range []struct {
		overflows, dropped int64
		want               string
	}{
		{1, 1, "the input overflowed 1 time (1 frame dropped)"},
		{3, 512, "the input overflowed 3 times (512 frames dropped)"},
	} {
		var out strings.Builder
		p := NewPlain(&out, true)
		p.Event(session.Event{Kind: session.EvTakeSaved, Dir: "/d", Take: &session.Take{Take: 1, File: "01-q.wav",
			Status: session.TakeDone, Overflows: tc.overflows, DroppedFrames: tc.dropped}})
		if !strings.Contains(out.String(), "note: "+tc.want+" during this take") {
			t.Errorf("got %q, want %q", out.String(), tc.want)
		}
	}
}

// TestOverview: the longest a session can take is every question's prep,
// answer time and overtime added up, rounded up.
func TestOverview(t *testing.T) {
	lim := func(prep, answer, over time.Duration) session.Limits {
		return session.Limits{Prep: prep, Answer: answer, Warn: 30 * time.Second, Overtime: over}
	}
	plan := &session.Plan{Rounds: []string{"technical", "behavioral"}, Items: []session.PlanItem{
		{Position: 1, Limits: lim(30*time.Second, 3*time.Minute, 30*time.Second)},
		{Position: 2, Limits: lim(30*time.Second, 2*time.Minute, 30*time.Second)},
		{Position: 3, Limits: lim(0, 2*time.Minute, 1*time.Second)},
	}}
	// 4m + 3m + 2m1s = 9m1s: at most 10 min.
	if got, want := Overview(plan), "3 questions in 2 rounds (technical, behavioral) · at most 10 min"; got != want {
		t.Errorf("Overview = %q, want %q", got, want)
	}
	one := &session.Plan{Rounds: []string{"behavioral"}, Items: plan.Items[2:]}
	if got, want := Overview(one), "1 question in 1 round (behavioral) · at most 3 min"; got != want {
		t.Errorf("Overview = %q, want %q", got, want)
	}
	for d, want := range map[time.Duration]string{
		45 * time.Second: "45 s", 1500 * time.Millisecond: "2 s", time.Minute: "1 min", 41 * time.Minute: "41 min",
		2 * time.Hour: "2 h", 65*time.Minute + time.Second: "1 h 6 min",
	} {
		if got := AtMost(d); got != want {
			t.Errorf("AtMost(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestPlainOverviewBeforeQuestionOne: the overview is part of the opening
// lines, before the first question.
func TestPlainOverviewBeforeQuestionOne(t *testing.T) {
	var out strings.Builder
	p := NewPlain(&out, false)
	p.Overview = "2 questions in 1 round (behavioral) · at most 6 min"
	rec := &session.Record{ID: "s1", Plan: session.PlanRecord{Seed: 7, Rounds: []string{"behavioral"}}}
	p.Event(session.Event{Kind: session.EvSessionStart, Total: 2, Record: rec})
	p.Event(session.Event{Kind: session.EvQuestion, Total: 2, Item: &session.PlanItem{Position: 1}})
	s := out.String()
	if i, j := strings.Index(s, "\n"+p.Overview+"\n"), strings.Index(s, "Question 1 of 2"); i < 0 || j < i {
		t.Errorf("no overview line before question 1:\n%s", s)
	}
	if !strings.Contains(s, "Session s1 · seed 7\n") {
		t.Errorf("session line:\n%s", s)
	}
}

// TestPlainNextNamesTheCommand: the commands suggested at the end name
// mockround as it was run.
func TestPlainNextNamesTheCommand(t *testing.T) {
	var out strings.Builder
	p := NewPlain(&out, true)
	p.Self = "./bin/mockround"
	rec := &session.Record{ID: "s1", Status: session.SessionComplete, Device: &session.DeviceRef{Name: "mic", SampleRate: 44100},
		Takes: []session.Take{{Position: 1, Take: 1, QuestionID: "q", Status: session.TakeDone, LengthS: 5}}}
	p.Event(session.Event{Kind: session.EvSessionEnd, Total: 1, Record: rec, Dir: "/d"})
	if !strings.Contains(out.String(), "Next: ./bin/mockround replay s1 · ./bin/mockround review s1\n") {
		t.Errorf("Next line:\n%s", out.String())
	}
}
