package tui

import (
	"cmp"
	"slices"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/internal/safe"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// commentRows is the most lines the comment reached takes on the replay
// and review screens; a longer one is cut.
const commentRows = 3

// commentLines draws reviewers' comments on a take (cs, by time) as
// playback reaches them: the latest comment at or before pos, as
// "0:42 · Alex: too fast here", then the next one dimmed on one line.
// playing says whether pos means anything (no comment is reached while
// the take is not playing). All of it fits in budget screen lines, the
// comment reached first. A take without comments, or no room, has no
// lines.
func commentLines(st styles, cs []ui.Comment, pos time.Duration, playing bool, width, budget int) []string {
	if len(cs) == 0 || budget < 1 {
		return nil
	}
	width = max(width, 1)
	reached := -1
	if playing {
		for i, c := range cs {
			if c.At <= pos {
				reached = i
			}
		}
	}
	var out []string
	if reached >= 0 {
		// Reviewers' names and comments come from a file: escape them.
		lines := wrap(safe.Text(ui.CommentLine(cs[reached])), width)
		if len(lines) > commentRows {
			lines = lines[:commentRows]
			lines[commentRows-1] = ansi.Truncate(lines[commentRows-1], width-1, "") + "…"
		}
		out = append(out, lines...)
	}
	if next := reached + 1; next < len(cs) {
		out = append(out, st.dim.Render(ansi.Truncate(safe.Text("next "+ui.CommentLine(cs[next])), width, "…")))
	}
	return out[:min(len(out), budget)]
}

// takeComments are the reviewers' comments on t in r, by time (none
// without a record).
func takeComments(r *session.Record, t *session.Take) []ui.Comment {
	if r == nil {
		return nil
	}
	var out []ui.Comment
	for _, tr := range r.ReviewsOf(t) {
		for _, c := range tr.Comments {
			out = append(out, ui.Comment{At: time.Duration(c.AtS * float64(time.Second)), Reviewer: tr.Reviewer, Text: c.Text})
		}
	}
	slices.SortStableFunc(out, func(a, b ui.Comment) int { return cmp.Compare(a.At, b.At) })
	return out
}
