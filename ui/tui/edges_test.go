package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// TestRunNoNotesNoHeading: with no preparation notes there is no heading
// for them.
func TestRunNoNotesNoHeading(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.has("PREP")
	h.lacks("Preparation notes")
}

// TestRunNoMinimumNothingReached: without a minimum answer time, the
// answer line claims no minimum reached.
func TestRunNoMinimumNothingReached(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.at(5 * time.Second)
	h.has("● ANSWERING · 0:20 left of 0:20 · recording")
	h.lacks("minimum")
}

// TestRunConfirmWithinTwoSeconds: s pressed again 2 s after, to the
// instant, still acts.
func TestRunConfirmWithinTwoSeconds(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.at(5 * time.Second)
	h.press(keyText("s"))
	h.now = h.now.Add(confirmIn)
	if c, ok := h.press(keyText("s")); !ok || c != session.CmdSkip {
		t.Errorf("s again after exactly %v: %v, %v; want the skip", confirmIn, c, ok)
	}
}

// TestRunHelpFrom64Columns: from 64 columns the help names both keys
// that finish, between dots; below, only enter, between spaces.
func TestRunHelpFrom64Columns(t *testing.T) {
	for _, tc := range []struct {
		width int
		want  string
	}{{64, "enter/space finish · p pause"}, {63, "enter finish  p pause"}} {
		h := newHarness(t, RunOptions{Record: true}, true)
		h.update(tea.WindowSizeMsg{Width: tc.width, Height: 24})
		h.start()
		h.at(5 * time.Second)
		lines := strings.Split(h.screen(), "\n")
		if help := lines[len(lines)-1]; !strings.Contains(help, tc.want) {
			t.Errorf("width %d: help %q, want %q", tc.width, help, tc.want)
		}
	}
}

// TestReviewPassesOverSkippedTakes: a take skipped with no recording is
// not one of the takes to review, whoever made the answers; one skipped
// with a recording is.
func TestReviewPassesOverSkippedTakes(t *testing.T) {
	rec := &session.Record{ID: "s1", Takes: []session.Take{
		{Position: 1, Take: 1, QuestionID: "q", Status: session.TakeSkipped},
		{Position: 1, Take: 2, QuestionID: "q", Status: session.TakeSkipped, File: "01-q.take2.wav", LengthS: 2},
		{Position: 1, Take: 3, QuestionID: "q", Status: session.TakeDone, File: "01-q.take3.wav", LengthS: 9},
	}}
	tk := rec.Takes
	rv := &ui.Review{Record: rec, Dir: "/s", Answers: []session.Answer{{Position: 1, Takes: []*session.Take{&tk[0], &tk[1], &tk[2]}}},
		Save: func() error { return nil }}
	m := newReview(t, rv, false, false)
	screenHas(t, m.Render(), "take 1 of 2", "take 2 · 0:02")
}

// TestReviewNotesTakeAPaste: while notes are typed, a paste goes to the
// field, and the field's command (its cursor) comes back.
func TestReviewNotesTakeAPaste(t *testing.T) {
	rv, _, _ := reviewFixture(t)
	m := newReview(t, rv, false, false)
	press(m, keyText("e"))
	_, next := m.Update(tea.PasteMsg{Content: "pasted"})
	if m.notes.Value() != "pasted" || next == nil {
		t.Errorf("after a paste: notes %q, command %v; want the text and the field's command", m.notes.Value(), next)
	}
}
