package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
)

// TestCommentShownOnceWhilePaused: playback standing still on a comment's
// moment (paused) shows the comment once, not at every look.
func TestCommentShownOnceWhilePaused(t *testing.T) {
	var out bytes.Buffer
	c := &commentCue{comments: []Comment{{At: 5 * time.Second, Reviewer: "Alex", Text: "here"}}}
	for range 3 {
		c.show(&out, 5*time.Second)
	}
	if got := strings.Count(out.String(), "0:05 · Alex: here"); got != 1 {
		t.Errorf("three looks at 0:05 showed the comment %d times:\n%s", got, out.String())
	}
}

// TestCommentAtTheSeekTarget: a seek that lands exactly on a comment's
// moment shows it at the next look, a tick later; those jumped over stay
// unshown.
func TestCommentAtTheSeekTarget(t *testing.T) {
	var out bytes.Buffer
	c := &commentCue{comments: []Comment{
		{At: 3 * time.Second, Reviewer: "Alex", Text: "jumped over"},
		{At: 10 * time.Second, Reviewer: "Alex", Text: "landed on"},
	}}
	c.show(&out, 0)
	c.seeked(10 * time.Second)
	c.show(&out, 10*time.Second+commentTick)
	if got := out.String(); got != "0:10 · Alex: landed on\n" {
		t.Errorf("after a seek to 0:10: %q, want only the comment at 0:10", got)
	}
}

// TestReviewerRatingLine: ratings 1 and 5 are shown; 0 is no rating.
func TestReviewerRatingLine(t *testing.T) {
	tk := &session.Take{Position: 1, Take: 1}
	for _, tc := range []struct {
		rating int
		want   string
	}{
		{1, "  Alex: rated 1/5\n"},
		{5, "  Alex: rated 5/5\n"},
		{0, "  Alex: 1 comment, shown as it plays\n"},
	} {
		rt := session.ReviewTake{Position: 1, Take: 1, Rating: tc.rating}
		if tc.rating == 0 {
			rt.Comments = []session.Comment{{AtS: 1, Text: "x"}}
		}
		r := &session.Record{Reviews: map[string]session.Review{"Alex": {Reviewer: "Alex", Takes: []session.ReviewTake{rt}}}}
		var out bytes.Buffer
		takeComments(&out, r, tk)
		if got := out.String(); got != tc.want {
			t.Errorf("rating %d: %q, want %q", tc.rating, got, tc.want)
		}
	}
}
