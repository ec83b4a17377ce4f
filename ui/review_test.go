package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
)

func reviewOf(lines ...string) (*Review, *strings.Builder) {
	rec := &session.Record{ID: "s1", Takes: []session.Take{
		{Position: 1, Take: 1, QuestionID: "q1", Question: "Why?", File: "01-q1.wav", LengthS: 12, Status: session.TakeDone},
	}}
	in := make(chan string, len(lines))
	for _, l := range lines {
		in <- l
	}
	close(in)
	var out strings.Builder
	return &Review{Record: rec, Dir: "/data/sessions/s1", Answers: rec.Answers(), Lines: in, Out: &out}, &out
}

// TestReviewPlainSaves: a rating and notes are saved, and the summary says
// where.
func TestReviewPlainSaves(t *testing.T) {
	rv, out := reviewOf("4", "clear structure")
	saves := 0
	rv.Save = func() error { saves++; return nil }
	if err := rv.RunPlain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if tk := rv.Record.Takes[0]; tk.Rating != 4 || tk.Notes != "clear structure" || saves != 2 {
		t.Errorf("rating %d, notes %q, %d saves; want 4, the notes, 2 saves", tk.Rating, tk.Notes, saves)
	}
	if !strings.Contains(out.String(), "Reviewed 1 take; saved in /data/sessions/s1/session.json") {
		t.Errorf("summary missing:\n%s", out)
	}
}

// TestReviewPlainSaveFails: when the session cannot be saved (a read-only
// disk), the review stops with the error and never claims it saved.
func TestReviewPlainSaveFails(t *testing.T) {
	rv, out := reviewOf("4", "notes")
	rofs := errors.New("read-only file system")
	rv.Save = func() error { return rofs }
	err := rv.RunPlain(context.Background())
	if !errors.Is(err, rofs) {
		t.Fatalf("err = %v, want the save's error", err)
	}
	if strings.Contains(out.String(), "saved in") {
		t.Errorf("claims it saved:\n%s", out)
	}
	if !strings.Contains(out.String(), "the last change was NOT saved (read-only file system)") {
		t.Errorf("does not say the change was lost:\n%s", out)
	}
}

// TestReviewPlainNumbersByPlan: an answer is numbered by its question's
// place in the plan ("Answer 3 of 3"), as replay numbers it, not by its
// place among the answered ones ("1 of 1").
func TestReviewPlainNumbersByPlan(t *testing.T) {
	rv, out := reviewOf()
	rv.Record.Plan.Questions = []session.PlanQuestion{{Position: 1}, {Position: 2}, {Position: 3}}
	rv.Record.Takes[0].Position = 3
	rv.Answers = rv.Record.Answers()
	rv.Save = func() error { return nil }
	if err := rv.RunPlain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\nAnswer 3 of 3 · ") {
		t.Errorf("not numbered by the plan:\n%s", out)
	}
}
