package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
)

func TestCommentLine(t *testing.T) {
	c := Comment{At: 42*time.Second + 900*time.Millisecond, Reviewer: "Alex", Text: "slow\ndown   here"}
	if got := CommentLine(c); got != "0:42 · Alex: slow down here" {
		t.Errorf("CommentLine = %q", got)
	}
	if got := CommentLine(Comment{At: 61 * time.Second, Reviewer: "Sam", Text: "x"}); got != "1:01 · Sam: x" {
		t.Errorf("CommentLine = %q", got)
	}
}

func TestCommentCue(t *testing.T) {
	cue := &commentCue{comments: []Comment{
		{At: 0, Reviewer: "A", Text: "at the start"},
		{At: 3 * time.Second, Reviewer: "A", Text: "three"},
		{At: 3 * time.Second, Reviewer: "B", Text: "three too"},
		{At: 10 * time.Second, Reviewer: "A", Text: "ten"},
	}}
	var out bytes.Buffer
	step := func(pos time.Duration, want ...string) {
		t.Helper()
		out.Reset()
		cue.show(&out, pos)
		got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if out.Len() == 0 {
			got = nil
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("at %v: printed %q, want %q", pos, got, want)
		}
	}
	step(0, "0:00 · A: at the start")
	step(2900 * time.Millisecond)
	step(3*time.Second, "0:03 · A: three", "0:03 · B: three too")
	step(3100 * time.Millisecond)
	// Back before 3 s: they show again when playback reaches them.
	step(time.Second)
	step(4*time.Second, "0:03 · A: three", "0:03 · B: three too")
	// A seek forward past 10 s skips it.
	cue.seeked(11 * time.Second)
	step(11100 * time.Millisecond)
	// Back to 10 s exactly: a comment at the moment a seek lands shows.
	cue.seeked(10 * time.Second)
	step(10*time.Second, "0:10 · A: ten")
}

func TestReplayPlainShowsCommentsByTheEnd(t *testing.T) {
	var stops []string
	ended := make(chan struct{})
	close(ended) // the track has played to its end at once
	play := func(path string, _ float64) (Track, bool, error) {
		return &fakeTrack{name: path, ended: ended, failed: make(chan error, 1), stops: &stops}, false, nil
	}
	items := []ReplayItem{{Heading: "Answer 1 of 1 · take 1", Question: "Q?", Path: "a.wav",
		Comments: []Comment{{At: 5 * time.Second, Reviewer: "Alex", Text: "good <b>point</b>"}}}}
	lines := make(chan string)
	close(lines)
	var out bytes.Buffer
	if err := ReplayPlain(context.Background(), items, play, 1, lines, &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	i, j := strings.Index(s, "0:05 · Alex: good <b>point</b>\n"), strings.Index(s, "finished · ")
	if i < 0 || j < i {
		t.Errorf("the comment is not printed before the take finishes:\n%s", s)
	}
}

// TestReviewPlainShowsReviewers: review --plain names each reviewer's
// rating of the take, and with --play prints their comments as it plays
// (here the take plays to its end at once).
func TestReviewPlainShowsReviewers(t *testing.T) {
	rv, out := reviewOf("", "")
	rv.Record.Reviews = map[string]session.Review{
		"Sam":  {Reviewer: "Sam", Takes: []session.ReviewTake{{Position: 1, Take: 1, Rating: 3}}},
		"Alex": {Reviewer: "Alex", Takes: []session.ReviewTake{{Position: 1, Take: 1, Rating: 4, Comments: []session.Comment{{AtS: 7.5, Text: "louder"}, {AtS: 2, Text: "nice"}}}}},
	}
	var stops []string
	ended := make(chan struct{})
	close(ended)
	rv.Play = func(path string, _ float64) (Track, bool, error) {
		return &fakeTrack{name: path, ended: ended, failed: make(chan error, 1), stops: &stops}, false, nil
	}
	rv.Save = func() error { return nil }
	if err := rv.RunPlain(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	want := "  Alex: rated 4/5 · 2 comments, shown as it plays\n  Sam: rated 3/5\n"
	i, j, k := strings.Index(s, want), strings.Index(s, "0:02 · Alex: nice\n0:07 · Alex: louder\n"), strings.Index(s, "playing…")
	if i < 0 || j < 0 || k < 0 || !(i < k && k < j) {
		t.Errorf("review does not show the reviewers, then play with their comments in order:\n%s", s)
	}
}
