package session

import (
	"testing"
	"time"
)

// rtTake is a finished minute-long take of question id, rated rating (0:
// not rated).
func rtTake(pos int, id string, take, rating int, at time.Time) Take {
	return Take{Position: pos, Take: take, QuestionID: id, Status: TakeDone, LengthS: 60, File: WAVName(pos, id, take),
		Started: at, Rating: rating}
}

// TestUnratedTakesAreNoRating: a take not rated (rating 0) is no rating of
// 0 stars: it neither counts as rated nor pulls a mean down, in the history
// (which --pick weak orders by) or in a session's mean.
func TestUnratedTakesAreNoRating(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	older := &Record{ID: "20261101T090000Z-aaaaaa", Takes: []Take{
		rtTake(1, "rated-then-not", 1, 4, day(1)),
		rtTake(2, "never-rated", 1, 0, day(1)),
		rtTake(3, "retake-unrated", 1, 2, day(1)),
		rtTake(3, "retake-unrated", 2, 0, day(1)),
	}}
	newer := &Record{ID: "20261102T090000Z-bbbbbb", Takes: []Take{
		rtTake(1, "rated-then-not", 1, 0, day(2)),
		rtTake(2, "never-rated", 1, 0, day(2)),
	}}
	h := BuildHistory([]Listed{{ID: newer.ID, Record: newer}, {ID: older.ID, Record: older}})
	for _, tc := range []struct {
		id        string
		rated     int
		sum       int
		mean      float64
		hasRating bool
	}{
		{"rated-then-not", 1, 4, 4, true},
		{"retake-unrated", 1, 2, 2, true},
		{"never-rated", 0, 0, 0, false},
	} {
		p := h[tc.id]
		if p == nil {
			t.Errorf("%s: not in the history", tc.id)
			continue
		}
		mean, ok := p.MeanRating()
		if p.Rated != tc.rated || p.RatingSum != tc.sum || mean != tc.mean || ok != tc.hasRating {
			t.Errorf("%s: rated %d, sum %d, mean %g (%v); want rated %d, sum %d, mean %g (%v)",
				tc.id, p.Rated, p.RatingSum, mean, ok, tc.rated, tc.sum, tc.mean, tc.hasRating)
		}
	}
	// So --pick weak puts the question rated 4 with the strong ones, after
	// the one never rated, and the one rated 2 first.
	if g, _ := h.weakRank("rated-then-not"); g != 2 {
		t.Errorf("a question rated 4 once and then not rated ranks in group %d, want 2 (rated above 3)", g)
	}
	if g, m := h.weakRank("retake-unrated"); g != 0 || m != 2 {
		t.Errorf("a question rated 2 with an unrated retake ranks %d, %g; want 0, 2", g, m)
	}
	if g, _ := h.weakRank("never-rated"); g != 1 {
		t.Errorf("a question never rated ranks in group %d, want 1", g)
	}

	if m, ok := older.MeanRating(); !ok || m != 3 {
		t.Errorf("session mean rating %g (%v), want 3: the unrated takes count for nothing", m, ok)
	}
	if m, ok := newer.MeanRating(); ok || m != 0 {
		t.Errorf("session with no rated take: mean %g (%v), want none", m, ok)
	}
}
