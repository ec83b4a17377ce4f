package ui

import (
	"fmt"
	"io"
	"strings"
	"time"
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
