package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
)

// plainOut feeds events to a plain face and returns what it wrote.
func plainOut(record bool, notes []string, evs ...session.Event) string {
	var out strings.Builder
	p := NewPlain(&out, record)
	p.Notes = notes
	for _, ev := range evs {
		p.Event(ev)
	}
	return out.String()
}

// TestPlainStartNotes: the bank's preparation notes are listed at the
// start, and nothing is said of notes when there are none.
func TestPlainStartNotes(t *testing.T) {
	rec := &session.Record{ID: "s1", Plan: session.PlanRecord{Rounds: []string{"r"}}}
	start := session.Event{Kind: session.EvSessionStart, Record: rec, Total: 1, Dir: "/d"}
	if out := plainOut(false, []string{"Know the mission", "Bring examples"}, start); !strings.Contains(out, "Preparation notes:\n  - Know the mission\n  - Bring examples\n") {
		t.Errorf("with notes:\n%s", out)
	}
	if out := plainOut(false, nil, start); strings.Contains(out, "Preparation notes") {
		t.Errorf("without notes:\n%s", out)
	}
}

// TestPlainAnswerLineNamesTheRetake: the answer line says which take
// records from the second on.
func TestPlainAnswerLineNamesTheRetake(t *testing.T) {
	answer := session.Event{Kind: session.EvPhase, Phase: session.PhaseAnswer, Left: 20 * time.Second}
	started := func(n int) session.Event {
		return session.Event{Kind: session.EvTakeStarted, Take: &session.Take{Take: n}}
	}
	if out := plainOut(true, nil, started(1), answer); out != "answer 0:20 · recording · Enter when done\n" {
		t.Errorf("take 1: %q", out)
	}
	if out := plainOut(true, nil, started(2), answer); out != "answer 0:20 · recording take 2 · Enter when done\n" {
		t.Errorf("take 2: %q", out)
	}
}

// TestPlainOverflowNote: a take that lost input says so, and only then.
func TestPlainOverflowNote(t *testing.T) {
	for _, tc := range []struct {
		overflows, dropped int64
		note               bool
	}{{0, 0, false}, {1, 0, true}, {0, 512, true}} {
		tk := &session.Take{Take: 1, File: "01-q.wav", LengthS: 3, Status: session.TakeDone, Overflows: tc.overflows, DroppedFrames: tc.dropped}
		out := plainOut(true, nil, session.Event{Kind: session.EvTakeSaved, Take: tk, Dir: "/d"})
		if got := strings.Contains(out, "note: the input overflowed"); got != tc.note {
			t.Errorf("%d overflows, %d dropped: %q", tc.overflows, tc.dropped, out)
		}
	}
}

// TestPlainEnd: the table of takes (a follow-up named so, a long id cut
// at 28 characters), and replay and review suggested only when something
// was recorded.
func TestPlainEnd(t *testing.T) {
	id28 := strings.Repeat("q", 28)
	rec := &session.Record{ID: "s1", Status: session.SessionComplete, Device: &session.DeviceRef{Name: "mic", SampleRate: 48000}, Takes: []session.Take{
		{Position: 1, Take: 1, QuestionID: id28, LengthS: 12, Status: session.TakeDone},
		{Position: 1, Take: 1, QuestionID: id28, FollowUp: "And then?", LengthS: 8, Status: session.TakeDone},
		{Position: 2, Take: 1, QuestionID: id28 + "x", LengthS: 5, Status: session.TakeDone},
	}}
	out := plainOut(true, nil, session.Event{Kind: session.EvSessionEnd, Record: rec, Total: 2, Dir: "/d/s1"})
	for _, want := range []string{
		"  #   question                     take   length  status\n",
		"  1   " + id28 + " 1       12.0s  done\n",
		"  1   " + id28[:27] + "… 1        8.0s  done\n", // "<id> follow-up" is longer
		"  2   " + id28[:27] + "… 1        5.0s  done\n",
		"Saved in /d/s1\nNext: mockround replay s1 · mockround review s1\n",
		"0:25 recorded.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("end lacks %q:\n%s", want, out)
		}
	}

	timed := &session.Record{ID: "s2", Status: session.SessionComplete, Takes: []session.Take{{Position: 1, Take: 1, QuestionID: "q", LengthS: 5, Status: session.TakeDone}}}
	out = plainOut(false, nil, session.Event{Kind: session.EvSessionEnd, Record: timed, Total: 1, Dir: "/d/s2"})
	if strings.Contains(out, "Next:") || !strings.Contains(out, "0:05 answering.") {
		t.Errorf("timer only:\n%s", out)
	}
	empty := &session.Record{ID: "s3", Status: session.SessionQuit, Device: &session.DeviceRef{Name: "mic", SampleRate: 48000}}
	out = plainOut(true, nil, session.Event{Kind: session.EvSessionEnd, Record: empty, Total: 1, Dir: "/d/s3"})
	if strings.Contains(out, "Next:") || strings.Contains(out, "question") && strings.Contains(out, "status") {
		t.Errorf("nothing recorded:\n%s", out)
	}
}

// TestReplayPlainQuitStops: q stops the replay there: no next answer, no
// "end of replay".
func TestReplayPlainQuitStops(t *testing.T) {
	var played, stops []string
	play := func(path string, speed float64) (Track, bool, error) {
		played = append(played, path)
		if path != "a.wav" {
			return nil, false, errors.New("played on past q")
		}
		return &fakeTrack{name: path, ended: make(chan struct{}), failed: make(chan error, 1), stops: &stops}, false, nil
	}
	lines := make(chan string, 1)
	lines <- "q"
	var out strings.Builder
	if err := ReplayPlain(context.Background(), []ReplayItem{{Path: "a.wav"}, {Path: "b.wav"}}, play, 1, lines, &out); err != nil {
		t.Fatal(err)
	}
	if len(played) != 1 || strings.Contains(out.String(), "end of replay") {
		t.Errorf("played %v:\n%s", played, out.String())
	}
}

// TestReviewPlainFollowUp: a follow-up's take is shown under its own
// question, the follow-up, without the main question's talking points.
func TestReviewPlainFollowUp(t *testing.T) {
	rec := &session.Record{ID: "s1", Plan: session.PlanRecord{Questions: []session.PlanQuestion{{Position: 1}}}, Takes: []session.Take{
		{Position: 1, Take: 1, QuestionID: "q1", Question: "Why?", RoundTitle: "R", CategoryTitle: "C", LengthS: 12, Status: session.TakeDone},
		{Position: 1, Take: 1, QuestionID: "q1", FollowUp: "And then?", LengthS: 8, Status: session.TakeDone},
	}}
	in := make(chan string, 4)
	for _, l := range []string{"", "", "", ""} {
		in <- l
	}
	close(in)
	var out strings.Builder
	rv := &Review{Record: rec, Dir: "/s", Answers: rec.Answers(), Lines: in, Out: &out, Save: func() error { return nil },
		TalkingPoints: func(string) []string { return []string{"the why"} }}
	if err := rv.RunPlain(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := "\nAnswer 1 of 1 · R · C\n  Why?\n  talking points:\n    - the why\ntake 1 · 0:12"
	wantFU := "\nAnswer 1 of 1 · follow-up\n  And then?\ntake 1 · 0:08"
	if s := out.String(); !strings.Contains(s, want) || !strings.Contains(s, wantFU) || strings.Count(s, "talking points") != 1 {
		t.Errorf("review:\n%s\nwant\n%s\nand\n%s", s, want, wantFU)
	}
}
