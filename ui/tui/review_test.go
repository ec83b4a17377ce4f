package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// reviewFixture is a session of three planned questions: the first
// answered twice, the second never, the third once after a skip without a
// recording.
func reviewFixture(t *testing.T) (*ui.Review, *int, *fakePlayer) {
	t.Helper()
	first := 0.8
	rec := &session.Record{ID: "20261127T090000Z-abc123", Plan: session.PlanRecord{Questions: []session.PlanQuestion{
		{Position: 1, QuestionID: "code-review"}, {Position: 2, QuestionID: "dev-workflow"}, {Position: 3, QuestionID: "onboarding"}}},
		Takes: []session.Take{
			{Position: 1, Take: 1, QuestionID: "code-review", Question: "How do you review code?", RoundTitle: "Behavioral Questions",
				CategoryTitle: "Team Collaboration", File: "01-code-review.wav", LengthS: 18, Status: session.TakeDone,
				Analysis: &audio.Analysis{FirstWordS: &first, SpeakingS: 14.2, LongestPauseS: 1.3}},
			{Position: 1, Take: 2, QuestionID: "code-review", Question: "How do you review code?", File: "01-code-review.take2.wav", LengthS: 20, Status: session.TakeDone, Rating: 3},
			{Position: 3, Take: 1, QuestionID: "onboarding", Question: "How do you onboard people?", Status: session.TakeSkipped},
			{Position: 3, Take: 2, QuestionID: "onboarding", Question: "How do you onboard people?", File: "02-onboarding.take2.wav", LengthS: 30, Status: session.TakeDone, Notes: "too long"},
		}}
	saves := 0
	fp := &fakePlayer{}
	rv := &ui.Review{Record: rec, Dir: "/data/sessions/x", Answers: rec.Answers(), Play: fp.play,
		TalkingPoints: func(id string) []string {
			if id == "code-review" {
				return []string{"what you look for first"}
			}
			return nil
		},
		Save: func() error { saves++; return nil }}
	return rv, &saves, fp
}

func newReview(t *testing.T, rv *ui.Review, autoplay, color bool) *ReviewModel {
	t.Helper()
	m := NewReviewModel(rv, autoplay, color)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	runCmd(t, m, m.Init())
	return m
}

// press sends a key without carrying out the command it gives (the notes
// field's cursor blinks on a timer).
func press(m tea.Model, k tea.KeyPressMsg) tea.Cmd {
	_, c := m.Update(k)
	return c
}

func typeText(m tea.Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestReviewRatesNotesAndMarksBest(t *testing.T) {
	rv, saves, _ := reviewFixture(t)
	m := newReview(t, rv, false, false)
	takes := rv.Record.Takes
	screenHas(t, m.Render(), "mockround review · session 20261127T090000Z-abc123 · take 1 of 3",
		"Answer 1 of 3 · Behavioral Questions · Team Collaboration", "How do you review code?", "- what you look for first",
		"take 1 · 0:18 · done", "first word 0.8 s", "☆☆☆☆☆ not rated", "notes    none (e adds them)",
		"takes    take 1 0:18 · take 2 0:20 3/5", "space plays the take", "1–5 rate", "e notes", "b best", "space play", "←/→ take", "q quit")

	press(m, keyText("4"))
	if takes[0].Rating != 4 || *saves != 1 {
		t.Errorf("after 4: rating %d, %d saves", takes[0].Rating, *saves)
	}
	screenHas(t, m.Render(), "★★★★☆ 4/5", "rated 4/5 · saved")
	press(m, keyText("0"))
	if takes[0].Rating != 0 || *saves != 2 {
		t.Errorf("after 0: rating %d, %d saves", takes[0].Rating, *saves)
	}
	press(m, keyText("9")) // not a rating
	if *saves != 2 {
		t.Error("9 saved something")
	}

	// Notes: e opens the field; Enter saves, Esc leaves them.
	press(m, keyText("e"))
	screenHas(t, m.Render(), "notes ›", "enter saves the notes · esc leaves them as they were")
	typeText(m, "clear, but 4 points")
	screenHas(t, m.Render(), "clear, but 4 points")
	if takes[0].Rating != 0 {
		t.Error("typing a digit in the notes rated the take")
	}
	press(m, keyEnter)
	if takes[0].Notes != "clear, but 4 points" || *saves != 3 {
		t.Errorf("notes %q, %d saves", takes[0].Notes, *saves)
	}
	screenHas(t, m.Render(), "notes    clear, but 4 points", "notes saved")
	if s := ansi.Strip(m.Render()); strings.Contains(s, "saved · saved") {
		t.Errorf("saved twice over:\n%s", s)
	}
	press(m, keyText("e"))
	typeText(m, " and more")
	press(m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if takes[0].Notes != "clear, but 4 points" || *saves != 3 {
		t.Errorf("Esc changed the notes to %q", takes[0].Notes)
	}
	screenHas(t, m.Render(), "notes left as they were")

	// The best take: b marks it, b again takes the mark off.
	press(m, keyText("b"))
	if !takes[0].Best || takes[1].Best {
		t.Errorf("best: %v %v", takes[0].Best, takes[1].Best)
	}
	screenHas(t, m.Render(), "take 1 0:18 ✓best", "take 1 marked best · saved")
	press(m, tea.KeyPressMsg{Code: tea.KeyRight})
	press(m, keyText("b"))
	if takes[0].Best || !takes[1].Best {
		t.Errorf("best moved: %v %v", takes[0].Best, takes[1].Best)
	}
	press(m, keyText("b"))
	if takes[1].Best {
		t.Error("b twice leaves the mark")
	}
	screenHas(t, m.Render(), "best mark removed")

	// The third question (the second has no answer): numbered by its place
	// in the plan, as replay numbers it; its skipped take without a
	// recording is left out.
	press(m, keyEnter)
	screenHas(t, m.Render(), "take 3 of 3", "Answer 3 of 3", "take 2 · 0:30 · done", "notes    too long")
	if strings.Contains(m.Render(), "takes ") {
		t.Error("a list of takes where one was recorded")
	}
	press(m, keyText("b"))
	screenHas(t, m.Render(), "one take: nothing to choose between")
	press(m, keyText("5"))
	if takes[3].Rating != 5 {
		t.Errorf("rating %d", takes[3].Rating)
	}
	press(m, keyEnter) // past the last take
	screenHas(t, m.Render(), "■ REVIEW DONE", "Reviewed 3 takes; saved in /data/sessions/x/session.json")
	press(m, tea.KeyPressMsg{Code: tea.KeyLeft})
	screenHas(t, m.Render(), "take 3 of 3")
	press(m, keyEnter)
	if c := press(m, keyText("x")); !isQuit(c) {
		t.Error("a key does not leave the end")
	}
}

func TestReviewPlays(t *testing.T) {
	rv, _, fp := reviewFixture(t)
	m := newReview(t, rv, false, false)
	if len(fp.played) != 0 {
		t.Fatal("played without being asked")
	}
	replayKey(t, m, keySpace)
	if len(fp.played) != 1 || fp.played[0] != "/data/sessions/x/01-code-review.wav" {
		t.Fatalf("played %v", fp.played)
	}
	fp.last().pos = 9 * time.Second
	m.Update(positionMsg{m.pl.gen})
	screenHas(t, m.Render(), "▶ PLAYING", "0:09 / 0:10")
	replayKey(t, m, keySpace)
	screenHas(t, m.Render(), "‖ PAUSED")
	replayKey(t, m, tea.KeyPressMsg{Code: tea.KeyRight}) // moving on stops it
	if !fp.last().stopped {
		t.Error("the take plays on after moving to the next")
	}
	screenHas(t, m.Render(), "space plays the take")
	m.Update(failedMsg{m.pl.gen, errors.New("no output")})
	replayKey(t, m, keySpace)
	m.Update(failedMsg{m.pl.gen, errors.New("no working audio output device")})
	screenHas(t, m.Render(), "cannot play: no working audio output device")
	if c := replayKey(t, m, keyText("q")); !isQuit(c) {
		t.Error("q does not leave")
	}

	// --play: each take plays as it is shown.
	rv, _, fp = reviewFixture(t)
	m = newReview(t, rv, true, false)
	replayKey(t, m, keyEnter)
	if len(fp.played) != 2 {
		t.Errorf("autoplay played %v", fp.played)
	}
}

func TestReviewSaveFailsVisibly(t *testing.T) {
	rv, _, _ := reviewFixture(t)
	rv.Save = func() error { return errors.New("disk full") }
	m := newReview(t, rv, false, false)
	replayKey(t, m, keyText("3"))
	screenHas(t, m.Render(), "could not save: disk full")
}

func TestReviewFitsAndNoColor(t *testing.T) {
	for _, color := range []bool{false, true} {
		rv, _, _ := reviewFixture(t)
		m := newReview(t, rv, false, color)
		press(m, keyText("e"))
		for _, size := range [][2]int{{80, 24}, {40, 12}, {20, 6}} {
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			s := m.Render()
			if colourCode.MatchString(s) != color {
				t.Errorf("colour %v: colour codes present = %v:\n%q", color, !color, s)
			}
			lines := strings.Split(s, "\n")
			if len(lines) > size[1] {
				t.Errorf("%v: %d lines", size, len(lines))
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > size[0] {
					t.Errorf("%v: line too wide: %q", size, ansi.Strip(l))
				}
			}
		}
	}
}

// TestReviewCtrlCKeepsTheNotes: Ctrl-C while notes are typed saves them
// and stops the review as interrupted (context.Canceled: exit 130); so
// does Ctrl-C at any other time, with nothing to save.
func TestReviewCtrlCKeepsTheNotes(t *testing.T) {
	rv, saves, _ := reviewFixture(t)
	m := newReview(t, rv, false, false)
	press(m, keyText("e"))
	typeText(m, "slow start")
	if c := press(m, keyCtrlC); !isQuit(c) {
		t.Fatal("Ctrl-C does not leave")
	}
	if got := rv.Record.Takes[0].Notes; got != "slow start" || *saves != 1 || !m.interrupted {
		t.Errorf("notes %q, %d saves, interrupted %v; want the typed notes saved once", got, *saves, m.interrupted)
	}

	rv, saves, _ = reviewFixture(t)
	m = newReview(t, rv, false, false)
	if c := press(m, keyCtrlC); !isQuit(c) || !m.interrupted || *saves != 0 {
		t.Errorf("Ctrl-C: quit %v, interrupted %v, %d saves", isQuit(c), m.interrupted, *saves)
	}
	if c := press(NewReviewModel(rv, false, false), keyText("q")); !isQuit(c) {
		t.Error("q does not leave")
	}

	// The whole face: keys from the terminal, and what RunReview returns.
	rv, saves, _ = reviewFixture(t)
	var out syncBuffer
	err := RunReview(t.Context(), strings.NewReader("e"+"clear"+"\x03"), &out, rv, false, false)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("RunReview after Ctrl-C: %v, want context.Canceled", err)
	}
	if got := rv.Record.Takes[0].Notes; got != "clear" || *saves != 1 {
		t.Errorf("notes %q after %d saves", got, *saves)
	}
}
