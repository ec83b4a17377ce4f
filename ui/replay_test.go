package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// fakeTrack plays nothing: it ends when the test says so.
type fakeTrack struct {
	name    string
	pos     time.Duration
	paused  bool
	ended   chan struct{}
	failed  chan error
	stops   *[]string
	toggled chan bool // each pause state set, in order
}

func (f *fakeTrack) Length() time.Duration   { return 20 * time.Second }
func (f *fakeTrack) Position() time.Duration { return f.pos }
func (f *fakeTrack) Paused() bool            { return f.paused }
func (f *fakeTrack) TogglePause() bool {
	f.paused = !f.paused
	if f.toggled != nil {
		f.toggled <- f.paused
	}
	return f.paused
}
func (f *fakeTrack) Seek(d time.Duration) {
	f.pos = max(0, min(f.pos+d, f.Length()))
}
func (f *fakeTrack) SetSpeed(float64)       {}
func (f *fakeTrack) Ended() <-chan struct{} { return f.ended }
func (f *fakeTrack) Failed() <-chan error   { return f.failed }
func (f *fakeTrack) Stop()                  { *f.stops = append(*f.stops, "stop "+f.name) }

// replayScript feeds commands one by one, each after the face has taken the
// previous one, and ends the current track on "<end>".
func TestReplayPlainCommands(t *testing.T) {
	var played []string
	var stops []string
	var current *fakeTrack
	play := func(path string, speed float64) (Track, bool, error) {
		played = append(played, path)
		current = &fakeTrack{name: path, ended: make(chan struct{}), failed: make(chan error, 1), stops: &stops, toggled: make(chan bool, 10)}
		return current, path == "b.wav", nil
	}
	items := []ReplayItem{{Heading: "A", Path: "a.wav"}, {Heading: "B", Path: "b.wav"}, {Heading: "C", Path: "c.wav"}}
	lines := make(chan string)
	var out strings.Builder
	done := make(chan error)
	go func() { done <- ReplayPlain(context.Background(), items, play, 1, lines, &out) }()

	for _, l := range []string{"+", "+", "-", "p", "n", "b", "n", "x", "n"} {
		lines <- l
	}
	// On c.wav now: input ends while paused, then the track plays out.
	lines <- "p"
	if !<-current.toggled {
		t.Fatal("p did not pause")
	}
	close(lines)
	// The face notices the end of input and resumes the paused track; a
	// paused track with no input left would wait forever.
	if <-current.toggled {
		t.Fatal("the track was not resumed when input ended")
	}
	close(current.ended)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(played, " "); got != "a.wav b.wav a.wav b.wav c.wav" {
		t.Errorf("played %s", got)
	}
	text := out.String()
	for _, want := range []string{"at 0:05 of 0:20", "at 0:10 of 0:20", "paused at 0:05", "repaired the header of b.wav", `unknown command "x"`, "input ended · playing on", "end of replay"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
}

func TestReplayPlainStopsOnOutputFailure(t *testing.T) {
	var stops []string
	play := func(path string, speed float64) (Track, bool, error) {
		tr := &fakeTrack{name: path, ended: make(chan struct{}), failed: make(chan error, 1), stops: &stops}
		tr.failed <- errors.New("no working audio output device")
		return tr, false, nil
	}
	err := ReplayPlain(context.Background(), []ReplayItem{{Path: "a.wav"}, {Path: "b.wav"}}, play, 1, nil, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "output device") {
		t.Fatalf("err = %v", err)
	}
	if len(stops) != 1 {
		t.Errorf("stops %v, want the one track stopped", stops)
	}
}

// TestReplayCount: a replay counts the questions answered and, apart, the
// follow-ups played after them, which are not answers of their own.
func TestReplayCount(t *testing.T) {
	answer, followUp := ReplayItem{}, ReplayItem{FollowUp: true}
	for _, tc := range []struct {
		items []ReplayItem
		want  string
	}{
		{nil, "0 answers"},
		{[]ReplayItem{answer}, "1 answer"},
		{[]ReplayItem{answer, answer}, "2 answers"},
		{[]ReplayItem{answer, followUp}, "1 answer and 1 follow-up"},
		{[]ReplayItem{answer, followUp, answer, answer, followUp}, "3 answers and 2 follow-ups"},
	} {
		if got := ReplayCount(tc.items); got != tc.want {
			t.Errorf("ReplayCount(%d items) = %q, want %q", len(tc.items), got, tc.want)
		}
	}
}
