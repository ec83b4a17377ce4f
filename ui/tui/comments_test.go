package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// screenLine reports whether a line of the screen s, its styles and
// padding taken off, begins with want.
func screenLine(s, want string) bool {
	for _, l := range strings.Split(ansi.Strip(s), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), want) {
			return true
		}
	}
	return false
}

// TestReplayCommentShownWhenReached: a reviewer's comment shows once
// playback reaches its moment and not before, the next one dimmed after
// it; a seek back hides it again, and a take without comments has no
// comment lines.
func TestReplayCommentShownWhenReached(t *testing.T) {
	fp := &fakePlayer{}
	m := NewReplayModel(ReplayOptions{Speed: 1, Play: fp.play, Items: []ui.ReplayItem{
		{Heading: "Answer 1 of 2", Question: "How do you review code?", Path: "/s/01-a.wav", Transcript: trWords(),
			Comments: []ui.Comment{{At: 2 * time.Second, Reviewer: "Alex", Text: "too fast here"},
				{At: 5 * time.Second, Reviewer: "Sam", Text: "good  example"}}},
		{Heading: "Answer 2 of 2", Question: "What broke?", Path: "/s/03-b.wav", Transcript: trWords()},
	}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	runCmd(t, m, m.Init())
	tr := fp.last()
	const alex, sam = "0:02 · Alex: too fast here", "0:05 · Sam: good example"
	for _, tc := range []struct {
		pos        time.Duration
		shown, not []string
	}{
		{0, []string{"next " + alex}, []string{alex, sam}},
		{1999 * time.Millisecond, []string{"next " + alex}, []string{alex}},
		{2 * time.Second, []string{alex, "next " + sam}, []string{"next " + alex}},
		{4 * time.Second, []string{alex, "next " + sam}, []string{sam}},
		{6 * time.Second, []string{sam}, []string{alex, "next "}},
		{time.Second, []string{"next " + alex}, []string{alex, sam}}, // a seek back
	} {
		tr.pos = tc.pos
		m.Update(positionMsg{m.pl.gen})
		s := m.Render()
		for _, w := range tc.shown {
			if !screenLine(s, w) {
				t.Errorf("at %v: no line %q\n%s", tc.pos, w, ansi.Strip(s))
			}
		}
		for _, w := range tc.not {
			if screenLine(s, w) {
				t.Errorf("at %v: line %q shown\n%s", tc.pos, w, ansi.Strip(s))
			}
		}
		if p := ansi.Strip(s); !strings.Contains(p, "transcript (pocketsphinx)") || !strings.Contains(p, "▶ PLAYING") {
			t.Errorf("at %v: the comment pushed the transcript or the playback off\n%s", tc.pos, s)
		}
		if n := len(strings.Split(s, "\n")); n != 24 {
			t.Errorf("at %v: %d lines, want 24", tc.pos, n)
		}
	}
	replayKey(t, m, tea.KeyPressMsg{Code: 'n', Text: "n"})
	fp.last().pos = 6 * time.Second
	m.Update(positionMsg{m.pl.gen})
	if s := ansi.Strip(m.Render()); strings.Contains(s, "Alex") || strings.Contains(s, "Sam") || screenLine(s, "next ") {
		t.Errorf("a take without comments shows some:\n%s", s)
	}
}

// TestReviewCommentsFromRecord: review reads the comments imported into
// the record for the take shown, nothing reached before it plays or once
// it has ended, and
// shows a reviewer's name and comment escaped; a take nobody reviewed
// looks as it did.
func TestReviewCommentsFromRecord(t *testing.T) {
	rv, _, fp := reviewFixture(t)
	plain := newReview(t, rv, false, false)
	press(plain, tea.KeyPressMsg{Code: tea.KeyRight})
	before := plain.Render()

	rv.Record.Reviews = map[string]session.Review{"Al\aex": {Reviewer: "Al\aex", Takes: []session.ReviewTake{
		{Position: 1, Take: 1, Comments: []session.Comment{{AtS: 3.5, Text: "too fast\x1b[31m here"}}}}}}
	m := newReview(t, rv, false, false)
	const line = `0:03 · Al\aex: too fast\x1b[31m here`
	s := m.Render()
	if !screenLine(s, "next "+line) || screenLine(s, line) {
		t.Errorf("before playing: want the comment as next only\n%s", ansi.Strip(s))
	}
	runCmd(t, m, press(m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}))
	for _, tc := range []struct {
		pos     time.Duration
		reached bool
	}{{3 * time.Second, false}, {3500 * time.Millisecond, true}, {9 * time.Second, true}} {
		fp.last().pos = tc.pos
		m.Update(positionMsg{m.pl.gen})
		s = m.Render()
		if screenLine(s, line) != tc.reached || screenLine(s, "next "+line) == tc.reached {
			t.Errorf("at %v: reached %v, want %v\n%s", tc.pos, !tc.reached, tc.reached, ansi.Strip(s))
		}
		if strings.Contains(s, "\x1b[31m") || strings.Contains(s, "\a") {
			t.Errorf("at %v: the comment's escape reaches the terminal: %q", tc.pos, s)
		}
		if n := len(strings.Split(s, "\n")); n != 24 {
			t.Errorf("at %v: %d lines, want 24", tc.pos, n)
		}
	}
	m.Update(endedMsg{m.pl.gen})
	if s = m.Render(); !screenLine(s, "next "+line) || screenLine(s, line) {
		t.Errorf("played to its end: want the comment as next only, as before playing\n%s", ansi.Strip(s))
	}
	press(m, tea.KeyPressMsg{Code: tea.KeyRight})
	if got := m.Render(); got != before {
		t.Errorf("a take nobody reviewed changed:\n%s\nwas\n%s", got, before)
	}
}

// TestCommentLinesFit: the comment reached comes first when room is short,
// a long one is cut to commentRows lines, and no room means no lines.
func TestCommentLinesFit(t *testing.T) {
	st := newStyles(false)
	cs := []ui.Comment{{At: time.Second, Reviewer: "Alex", Text: strings.Repeat("slow down ", 40)},
		{At: 2 * time.Second, Reviewer: "Sam", Text: "good"}}
	if got := commentLines(st, cs, 1500*time.Millisecond, true, 40, 10); len(got) != commentRows+1 ||
		!strings.HasSuffix(got[commentRows-1], "…") || got[commentRows] != "next 0:02 · Sam: good" {
		t.Errorf("a long comment: %q", got)
	}
	if got := commentLines(st, cs, 1500*time.Millisecond, true, 40, 1); len(got) != 1 || !strings.HasPrefix(got[0], "0:01 · Alex: slow") {
		t.Errorf("one line of room: %q", got)
	}
	if got := commentLines(st, cs, time.Second, true, 40, 0); got != nil {
		t.Errorf("no room: %q", got)
	}
	if got := commentLines(st, nil, time.Second, true, 40, 10); got != nil {
		t.Errorf("no comments: %q", got)
	}
	for _, l := range commentLines(st, cs, 1500*time.Millisecond, true, 40, 10) {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %q is %d wide", l, w)
		}
	}
}
