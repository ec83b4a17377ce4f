package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// hostile clears the screen, retitles the window, rings the bell, writes to
// the clipboard, moves the cursor and starts a C1 control sequence.
const hostile = "\x1b[2J\x1b]0;TITLE\x07\x1b]52;c;aGk=\x07\r\b\u009b"

// injected are the pieces of hostile that must never reach a terminal.
var injected = []string{"\x1b[2J", "\x1b]0;", "\x1b]52;", "\x07", "\r", "\b", "\u009b"}

func checkSafe(t *testing.T, face, screen string) {
	t.Helper()
	checkNothingInjected(t, face, screen)
	if !strings.Contains(ansi.Strip(screen), `\x1b[2J\x1b]0;TITLE\a`) {
		t.Errorf("%s: the hostile text is not shown visibly:\n%s", face, ansi.Strip(screen))
	}
}

func checkNothingInjected(t *testing.T, face, screen string) {
	t.Helper()
	for _, bad := range injected {
		if strings.Contains(screen, bad) {
			t.Errorf("%s: %q reaches the terminal", face, bad)
		}
	}
}

// TestRunScreenMakesFileTextSafe: the question, talking points, titles and
// preparation notes of a hostile bank or session are shown, never obeyed.
func TestRunScreenMakesFileTextSafe(t *testing.T) {
	h := &harness{t: t, cmds: make(chan session.Command, 4), now: t0}
	h.m = NewRunModel(RunOptions{Notes: []string{"note" + hostile}}, h.cmds)
	h.update(tea.WindowSizeMsg{Width: 80, Height: 40})
	plan := &session.Plan{Items: []session.PlanItem{{Position: 1,
		Question:   bank.Question{ID: "q" + hostile, Text: "Why" + hostile, TalkingPoints: []string{"point" + hostile}},
		RoundTitle: "Round" + hostile, CategoryTitle: "Cat" + hostile, Limits: testLimits}}}
	rec := &session.Record{ID: "x", Bank: session.BankRef{Title: "Bank" + hostile}, Takes: []session.Take{}}
	h.eng = session.NewEngine(session.Config{Plan: plan, Record: rec, Dir: "/d", Clock: fakeClock{&h.now},
		Save: func(string, *session.Record) error { return nil }, Emit: func(ev session.Event) { h.update(eventMsg{ev}) }})
	h.start()
	checkSafe(t, "prep", h.m.Render())
	h.press(keyEnter)
	h.at(2 * time.Second)
	h.press(keyText("q"))
	h.press(keyText("q"))             // q asks once more
	checkSafe(t, "end", h.m.Render()) // the table names the question
}

// TestReviewScreenMakesFileTextSafe: the same for a session's question,
// titles and notes in the full-screen review.
func TestReviewScreenMakesFileTextSafe(t *testing.T) {
	rec := &session.Record{ID: "s" + hostile, Takes: []session.Take{{Position: 1, Take: 1, QuestionID: "q",
		Question: "Why" + hostile, RoundTitle: "Round" + hostile, CategoryTitle: "Cat" + hostile, Notes: "notes" + hostile,
		Status: session.TakeDone, LengthS: 3}}}
	rv := &ui.Review{Record: rec, Dir: "/d", Answers: rec.Answers(),
		TalkingPoints: func(string) []string { return []string{"point" + hostile} }, Save: func() error { return nil }}
	m := NewReviewModel(rv, false, false)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 40})
	checkSafe(t, "review", m.Render())
}

// TestReplayScreenMakesFileTextSafe: the same for replay's heading and question.
func TestReplayScreenMakesFileTextSafe(t *testing.T) {
	m := NewReplayModel(ReplayOptions{Title: "Session" + hostile,
		Items: []ui.ReplayItem{{Heading: "Answer" + hostile, Question: "Why" + hostile, Path: "/d/01.wav"}}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 40})
	checkSafe(t, "replay", m.Render())
}
