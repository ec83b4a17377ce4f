package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
)

// followUpReview is a review of two questions, the first with a follow-up,
// fed the given lines.
func followUpReview(lines ...string) (*Review, *strings.Builder, *int) {
	rec := &session.Record{ID: "s1", Plan: session.PlanRecord{Questions: []session.PlanQuestion{{Position: 1}, {Position: 2}}}, Takes: []session.Take{
		{Position: 1, Take: 1, QuestionID: "q1", Question: "Why?", LengthS: 12, Status: session.TakeDone},
		{Position: 1, Take: 1, QuestionID: "q1", FollowUp: "And then?", LengthS: 8, Status: session.TakeDone},
		{Position: 2, Take: 1, QuestionID: "q2", Question: "How?", LengthS: 20, Status: session.TakeDone},
	}}
	in := make(chan string, len(lines))
	for _, l := range lines {
		in <- l
	}
	close(in)
	var out strings.Builder
	saves := 0
	rv := &Review{Record: rec, Dir: "/s", Answers: rec.Answers(), Lines: in, Out: &out,
		Save: func() error { saves++; return nil }}
	return rv, &out, &saves
}

// TestReviewPlainRatesFollowUp: the follow-up's take is rated and noted
// like any other, saved at once, counted in the summary, and the review
// goes on to the next question after it.
func TestReviewPlainRatesFollowUp(t *testing.T) {
	rv, out, saves := followUpReview("3", "", "5", "went deeper", "2", "")
	if err := rv.RunPlain(context.Background()); err != nil {
		t.Fatal(err)
	}
	main, fu, next := rv.Record.Takes[0], rv.Record.Takes[1], rv.Record.Takes[2]
	if main.Rating != 3 || fu.Rating != 5 || fu.Notes != "went deeper" || next.Rating != 2 || *saves != 4 {
		t.Errorf("ratings %d, %d (notes %q), %d with %d saves; want 3, 5 (went deeper), 2 with 4 saves",
			main.Rating, fu.Rating, fu.Notes, next.Rating, *saves)
	}
	s := out.String()
	if !strings.Contains(s, "Answer 2 of 2 · ") || !strings.Contains(s, "Reviewed 3 takes; saved in /s/session.json") {
		t.Errorf("the review did not go on past the follow-up, or counted it wrong:\n%s", s)
	}
}

// TestReviewPlainStopsInFollowUp: q at the follow-up's rating stops the
// review there: what was rated before it is kept, the next question is not
// shown, and the summary counts the takes reviewed in full.
func TestReviewPlainStopsInFollowUp(t *testing.T) {
	rv, out, _ := followUpReview("3", "", "q", "2", "")
	if err := rv.RunPlain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if main, fu, next := rv.Record.Takes[0], rv.Record.Takes[1], rv.Record.Takes[2]; main.Rating != 3 || fu.Rating != 0 || next.Rating != 0 {
		t.Errorf("ratings %d, %d, %d; want 3, 0, 0", main.Rating, fu.Rating, next.Rating)
	}
	s := out.String()
	if strings.Contains(s, "Answer 2 of 2") || !strings.Contains(s, "Reviewed 1 take; saved") {
		t.Errorf("the review went on after q in the follow-up, or counted it wrong:\n%s", s)
	}
}

// TestReviewPlainFollowUpPlayFails: when the follow-up's recording cannot
// be played the review stops with that error, before asking for a rating.
func TestReviewPlainFollowUpPlayFails(t *testing.T) {
	rv, out, _ := followUpReview("3", "", "5", "", "2", "")
	rv.Record.Takes[1].File = "01-q1.followup.wav"
	rv.Answers = rv.Record.Answers()
	broken := errors.New("no such device")
	rv.Play = func(path string, _ float64) (Track, bool, error) {
		if strings.HasSuffix(path, "followup.wav") {
			return nil, false, broken
		}
		return nil, false, errors.New("unexpected play of " + path)
	}
	if err := rv.RunPlain(context.Background()); !errors.Is(err, broken) {
		t.Fatalf("error %v, want %v", err, broken)
	}
	if fu := rv.Record.Takes[1]; fu.Rating != 0 {
		t.Errorf("the follow-up was rated %d after its recording failed to play", fu.Rating)
	}
	if !strings.Contains(out.String(), "Reviewed 1 take;") {
		t.Errorf("summary:\n%s", out)
	}
}
