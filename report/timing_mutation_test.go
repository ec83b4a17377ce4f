package report

import (
	"testing"

	"github.com/mockround/mockround/session"
)

// TestTimingWithoutALimit: a take recorded with no answer limit (0) has no
// limit and is not "over" by its whole length.
func TestTimingWithoutALimit(t *testing.T) {
	var tk Take
	tk.timing(&session.Take{LengthS: 90, Limits: session.LimitsRecord{AnswerS: 0, MinS: 30}})
	if tk.LimitS != nil || tk.OverS != nil || tk.MinS != nil || tk.UnderMin != nil {
		t.Errorf("no answer limit: limit %v, over %v, min %v, under %v; want none", tk.LimitS, tk.OverS, tk.MinS, tk.UnderMin)
	}
}

// TestTimingAtTheMinimum: an answer exactly as long as the round's minimum
// reaches it; a moment less falls short.
func TestTimingAtTheMinimum(t *testing.T) {
	for _, tc := range []struct {
		length float64
		under  bool
	}{{60, false}, {59.9, true}, {61, false}} {
		var tk Take
		tk.timing(&session.Take{LengthS: tc.length, Limits: session.LimitsRecord{AnswerS: 180, MinS: 60}})
		if tk.UnderMin == nil || *tk.UnderMin != tc.under {
			t.Errorf("%v s against a 60 s minimum: under %v, want %v", tc.length, tk.UnderMin, tc.under)
		}
	}
}

// TestReviewRatingRange: a reviewer's rating counts from 1 to 5; 0 and
// anything a hand edit put outside do not.
func TestReviewRatingRange(t *testing.T) {
	for r, want := range map[int]bool{-1: false, 0: false, 1: true, 5: true, 6: false} {
		if got := validRating(r); got != want {
			t.Errorf("validRating(%d) = %v, want %v", r, got, want)
		}
	}
}
