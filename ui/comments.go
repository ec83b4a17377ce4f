package ui

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
)

// Comment is a reviewer's comment pinned to a moment of a take
// (mockround review --import).
type Comment struct {
	At       time.Duration
	Reviewer string
	Text     string
}

// CommentLine is how a comment reads as playback reaches it:
// "0:42 · Alex: slow down here".
func CommentLine(c Comment) string {
	s := int64(c.At / time.Second)
	return fmt.Sprintf("%d:%02d · %s: %s", s/60, s%60, c.Reviewer, strings.Join(strings.Fields(c.Text), " "))
}

// commentCue prints a take's comments as playback passes their moments.
// A seek back shows the comments again when it comes back to them; a seek
// forward skips those jumped over.
type commentCue struct {
	comments []Comment // by time
	last     time.Duration
	started  bool
}

// show prints the comments from the last position seen up to pos.
func (c *commentCue) show(out io.Writer, pos time.Duration) {
	if len(c.comments) == 0 {
		return
	}
	if !c.started || pos < c.last {
		c.started = true
		c.last = pos - 1 // a comment at the very moment of a start or a seek shows
	}
	for _, cm := range c.comments {
		if cm.At > c.last && cm.At <= pos {
			fmt.Fprintln(out, CommentLine(cm))
		}
	}
	c.last = pos
}

// seeked moves the cue to pos without showing what was jumped over.
func (c *commentCue) seeked(pos time.Duration) {
	c.started = true
	c.last = pos - 1
}

// commentTick is how often playback's position is read for comments.
const commentTick = 100 * time.Millisecond

// takeComments prints each reviewer's rating and number of comments on t
// (review --import) and returns the comments, by time, for playback.
func takeComments(out io.Writer, r *session.Record, t *session.Take) []Comment {
	var all []Comment
	for _, tr := range r.ReviewsOf(t) {
		line := "  " + tr.Reviewer + ":"
		rated := tr.Rating >= 1 && tr.Rating <= session.MaxRating
		if rated {
			line += fmt.Sprintf(" rated %d/5", tr.Rating)
		}
		if n := len(tr.Comments); n > 0 {
			if rated {
				line += " ·"
			}
			line += fmt.Sprintf(" %d %s, shown as it plays", n, text.Plural(n, "comment"))
		}
		fmt.Fprintln(out, line)
		for _, c := range tr.Comments {
			all = append(all, Comment{At: time.Duration(c.AtS * float64(time.Second)), Reviewer: tr.Reviewer, Text: c.Text})
		}
	}
	slices.SortStableFunc(all, func(a, b Comment) int { return cmp.Compare(a.At, b.At) })
	return all
}

// playWithComments waits for tr to end, printing the comments as
// playback reaches them.
func playWithComments(ctx context.Context, tr Track, cue *commentCue, out io.Writer) error {
	var tick <-chan time.Time
	if len(cue.comments) > 0 {
		t := time.NewTicker(commentTick)
		defer t.Stop()
		tick = t.C
		cue.show(out, tr.Position())
	}
	for {
		select {
		case <-tr.Ended():
			cue.show(out, tr.Length())
			return nil
		case err := <-tr.Failed():
			return err
		case <-ctx.Done():
			return ctx.Err()
		case <-tick:
			cue.show(out, tr.Position())
		}
	}
}
