package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
)

func TestStatsReviewersBesideSelf(t *testing.T) {
	list := fixtureSessions()
	if st := NewStats(list, "Fixture", fixtureBank(), statsNow); st.ReviewMean != nil || st.SelfMean != nil || st.Reviewers != nil {
		t.Fatalf("no reviews, yet means %v %v and reviewers %v", st.SelfMean, st.ReviewMean, st.Reviewers)
	}
	var s2, other *session.Record
	for _, l := range list {
		switch l.ID {
		case "20260112T120000Z-000002":
			s2 = l.Record
		case "20260115T100000Z-000013":
			other = l.Record
		}
	}
	s2.Reviews = map[string]session.Review{
		"Sam":  {Reviewer: "Sam", Takes: []session.ReviewTake{{Position: 1, Take: 1, Rating: 4}, {Position: 4, Take: 1, Rating: 2}}},
		"Alex": {Reviewer: "Alex", Takes: []session.ReviewTake{{Position: 1, Take: 1, Rating: 3}, {Position: 2, Take: 1, Comments: []session.Comment{{AtS: 1, Text: "x"}}}}},
	}
	other.Reviews = map[string]session.Review{"Zoe": {Reviewer: "Zoe", Takes: []session.ReviewTake{{Position: 1, Take: 1, Rating: 1}}}}
	st := NewStats(list, "Fixture", fixtureBank(), statsNow)
	// Reviewers' ratings of the bank's sessions: 4, 2, 3 (the other bank's
	// Zoe is not counted); the candidate's own: each practised answer's.
	if f(st.ReviewMean) != "3" || strings.Join(st.Reviewers, ",") != "Alex,Sam" {
		t.Errorf("reviewers' mean %s by %v, want 3 by Alex and Sam", f(st.ReviewMean), st.Reviewers)
	}
	if st.SelfMean == nil {
		t.Error("no mean of the candidate's own ratings beside the reviewers'")
	}
	var sp SessionPoint
	for _, p := range st.Trend {
		if p.ID == s2.ID {
			sp = p
		} else if p.MeanReviewRating != nil {
			t.Errorf("session %s has a reviewers' mean %s", p.ID, f(p.MeanReviewRating))
		}
	}
	if f(sp.MeanReviewRating) != "3" {
		t.Errorf("session 2's reviewers' mean %s, want 3", f(sp.MeanReviewRating))
	}
	var b bytes.Buffer
	st.WriteText(&b)
	want := "Mean rating: your own " + num(st.SelfMean) + " · reviewers' 3.0 (Alex, Sam)\n"
	if !strings.Contains(b.String(), want) || !strings.Contains(b.String(), "  reviewers'     – → 3.0 → –\n") {
		t.Errorf("stats text lacks %q or the reviewers' trend:\n%s", want, b.String())
	}
}

// TestReviewRatingOutOfRange: a rating a hand edit put out of range shows
// as not rated, and the page still renders (no star count below zero).
func TestReviewRatingOutOfRange(t *testing.T) {
	l := goldenSession()
	l.Record.Reviews = map[string]session.Review{"Eve": {Reviewer: "Eve", Takes: []session.ReviewTake{{Position: 1, Take: 3, Rating: 9}, {Position: 2, Take: 1, Rating: -2}}}}
	r := New(l, nil)
	if r.Totals.ReviewMean != nil || r.Reviews[0].MeanRating != nil {
		t.Errorf("out-of-range ratings counted in a mean")
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b, HTMLOptions{Dir: "/data"}); err != nil {
		t.Fatal(err)
	}
	r.WriteText(&b)
	if strings.Contains(b.String(), "9/5") {
		t.Error("a rating of 9 is shown")
	}
}
