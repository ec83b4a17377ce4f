package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
)

// flakyWriter takes ok writes, then fails every one after.
type flakyWriter struct {
	ok, tries int
	out       strings.Builder
}

var errGone = errors.New("broken pipe")

func (w *flakyWriter) Write(b []byte) (int, error) {
	w.tries++
	if w.tries > w.ok {
		return 0, errGone
	}
	return w.out.Write(b)
}

// TestPlainGone: when a line cannot be written, Gone hears of it once and
// the face writes no more; without Gone it carries on trying.
func TestPlainGone(t *testing.T) {
	notice := func(p *Plain, s string) { p.Event(session.Event{Kind: session.EvNotice, Text: s}) }

	w := &flakyWriter{ok: 1}
	p := NewPlain(w, true)
	var gone []error
	p.Gone = func(err error) { gone = append(gone, err) }
	for _, s := range []string{"one", "two", "three"} {
		notice(p, s)
	}
	if len(gone) != 1 || !errors.Is(gone[0], errGone) || w.tries != 2 || w.out.String() != "one\n" {
		t.Errorf("Gone called with %v after %d tries, wrote %q; want once with the error, after 2 tries, %q", gone, w.tries, w.out.String(), "one\n")
	}

	w = &flakyWriter{ok: 100}
	p = NewPlain(w, true)
	p.Gone = func(err error) { t.Errorf("Gone(%v) with every line written", err) }
	notice(p, "one")
	notice(p, "two")
	if w.out.String() != "one\ntwo\n" {
		t.Errorf("wrote %q", w.out.String())
	}

	w = &flakyWriter{ok: 0}
	p = NewPlain(w, true) // no Gone
	notice(p, "one")
	notice(p, "two")
	if w.tries != 2 {
		t.Errorf("%d tries without Gone, want every line tried", w.tries)
	}
}

// TestReplayPlainSpeed: a speed other than 1 is said once, with its warning.
func TestReplayPlainSpeed(t *testing.T) {
	for _, tc := range []struct {
		speed float64
		want  string
	}{
		{1, ""},
		{1.5, "speed 1.5x (faster playback raises the pitch)\n"},
		{1.25, "speed 1.2x (faster playback raises the pitch)\n"},
	} {
		var stops []string
		play := func(path string, speed float64) (Track, bool, error) {
			if speed != tc.speed {
				t.Errorf("played at %g, want %g", speed, tc.speed)
			}
			return &fakeTrack{name: path, ended: make(chan struct{}), failed: make(chan error, 1), stops: &stops}, false, nil
		}
		lines := make(chan string, 1)
		lines <- "q"
		var out strings.Builder
		if err := ReplayPlain(context.Background(), []ReplayItem{{Heading: "A", Path: "a.wav"}}, play, tc.speed, lines, &out); err != nil {
			t.Fatal(err)
		}
		if want := ReplayKeys + "\n" + tc.want + "\n▶ A · 0:20"; !strings.HasPrefix(out.String(), want) {
			t.Errorf("speed %g: output\n%s\nwant it to start\n%s", tc.speed, out.String(), want)
		}
	}
}

// TestReviewPlainTakes: a question with several takes lists them, asks for
// ratings until one is in range, then which take is best; a skipped take
// with no recording is passed over; a take without a recording is not
// played; notes and ratings already given are shown.
func TestReviewPlainTakes(t *testing.T) {
	rec := &session.Record{ID: "s1", Takes: []session.Take{
		{Position: 1, Take: 1, QuestionID: "q1", Question: "Why?", File: "01-q1.wav", LengthS: 12, Status: session.TakeDone},
		{Position: 1, Take: 2, QuestionID: "q1", Question: "Why?", Status: session.TakeSkipped},
		{Position: 1, Take: 3, QuestionID: "q1", Question: "Why?", File: "01-q1.take3.wav", LengthS: 8, Status: session.TakeDone,
			Rating: 3, Best: true, Notes: "tight"},
		{Position: 2, Take: 1, QuestionID: "q2", Question: "How?", LengthS: 5, Status: session.TakeDone},
	}}
	input := []string{
		"0", "6", "1", "", // take 1: two ratings refused, then 1; notes kept
		"5", "", // take 3: rated 5
		"9", "1", // best: 9 is no take, then take 1
		"", "short", // question 2: no rating, notes
	}
	in := make(chan string, len(input))
	for _, l := range input {
		in <- l
	}
	close(in)
	var out strings.Builder
	var played, stops []string
	saves := 0
	// By hand, the skipped take included: RunPlain passes it over itself.
	tk := rec.Takes
	answers := []session.Answer{{Position: 1, Takes: []*session.Take{&tk[0], &tk[1], &tk[2]}}, {Position: 2, Takes: []*session.Take{&tk[3]}}}
	rv := &Review{Record: rec, Dir: "/s", Answers: answers, Lines: in, Out: &out,
		Save: func() error { saves++; return nil },
		Play: func(path string, speed float64) (Track, bool, error) {
			played = append(played, path)
			ended := make(chan struct{})
			close(ended)
			return &fakeTrack{name: path, ended: ended, failed: make(chan error, 1), stops: &stops}, false, nil
		}}
	if err := rv.RunPlain(context.Background()); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if tk[0].Rating != 1 || tk[2].Rating != 5 || tk[3].Rating != 0 || tk[3].Notes != "short" || tk[2].Notes != "tight" {
		t.Errorf("ratings %d %d %d, notes %q %q", tk[0].Rating, tk[2].Rating, tk[3].Rating, tk[2].Notes, tk[3].Notes)
	}
	if !tk[0].Best || tk[2].Best || tk[1].Best {
		t.Errorf("best: %v %v %v, want take 1 only", tk[0].Best, tk[1].Best, tk[2].Best)
	}
	if saves != 4 { // rating 1, rating 5, best, notes
		t.Errorf("%d saves, want 4", saves)
	}
	if want := []string{"/s/01-q1.wav", "/s/01-q1.take3.wav"}; strings.Join(played, " ") != strings.Join(want, " ") {
		t.Errorf("played %q, want %q", played, want)
	}
	for _, want := range []string{
		"  takes: take 1 0:12 not rated · take 2 0:00 not rated · take 3 0:08 rated 3/5 (best)\ntake 1 · 0:12 · done · not rated\nplaying…\n",
		`"0" is not a rating`, `"6" is not a rating`,
		"take 3 · 0:08 · done · rated 3/5\n  notes: tight\nplaying…\n",
		`"9" is not one of the takes 1–3`,
		"take 1 · 0:05 · done · not rated\nrating 1–5",
		"Reviewed 3 takes; saved in /s/session.json",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "best take 1–3"); n != 2 || strings.Count(text, "best take") != 2 {
		t.Errorf("asked for the best take %d times, want twice, for question 1 only:\n%s", n, text)
	}
	if n := strings.Count(text, "  takes: "); n != 2 {
		t.Errorf("listed the takes %d times, want before each of question 1's two takes", n)
	}
	if strings.Contains(text, "take 2 · ") || strings.Count(text, "  notes: ") != 1 {
		t.Errorf("showed the skipped take, or notes where there are none:\n%s", text)
	}
}
