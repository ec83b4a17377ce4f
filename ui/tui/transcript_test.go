package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/transcribe"
	"github.com/mockround/mockround/ui"
)

// trWords is a transcript of twelve sentences of two words, one a second:
// "w0a w0b." at 0 s, "w1a w1b." at 1 s, and so on.
func trWords() *transcribe.Transcript {
	tr := &transcribe.Transcript{Engine: "pocketsphinx"}
	for i := range 12 {
		at := float64(i)
		tr.Words = append(tr.Words,
			transcribe.Word{W: "w" + string(rune('a'+i)) + "1", Start: at, End: at + 0.4},
			transcribe.Word{W: "w" + string(rune('a'+i)) + "2.", Start: at + 0.5, End: at + 0.9})
	}
	return tr
}

// litWord is the word shown in reverse video on the screen s, "" if none.
func litWord(s string) string {
	_, after, ok := strings.Cut(s, "\x1b[7m")
	if !ok {
		return ""
	}
	w, _, _ := strings.Cut(after, "\x1b[")
	return w
}

// TestReplayTranscriptFollowsPlayback: the take's transcript shows under
// the position bar, the word being played lit and its line in view as
// playback moves on; a take without a transcript looks as before.
func TestReplayTranscriptFollowsPlayback(t *testing.T) {
	fp := &fakePlayer{}
	m := NewReplayModel(ReplayOptions{Speed: 1, Play: fp.play, Items: []ui.ReplayItem{
		{Heading: "Answer 1 of 2", Question: "How do you review code?", Path: "/s/01-a.wav", Transcript: trWords()},
		{Heading: "Answer 2 of 2", Question: "What broke?", Path: "/s/03-b.wav"},
	}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	runCmd(t, m, m.Init())
	tr := fp.last()
	for _, tc := range []struct {
		pos         time.Duration
		lit         string
		shown, gone []string
	}{
		{0, "wa1", []string{"transcript (pocketsphinx)", "0:00  wa1 wa2.", "0:04  we1 we2."}, []string{"wf1"}},
		{700 * time.Millisecond, "wa2.", []string{"0:00  wa1 wa2."}, nil},
		{6200 * time.Millisecond, "wg1", []string{"0:05  wf1 wf2.", "0:06  wg1 wg2.", "0:09  wj1 wj2."}, []string{"wa1", "wk1"}},
		{11900 * time.Millisecond, "wl2.", []string{"0:07  wh1 wh2.", "0:11  wl1 wl2."}, []string{"wg1"}},
	} {
		tr.pos = tc.pos
		m.Update(positionMsg{m.pl.gen})
		s := m.Render()
		if got := litWord(s); got != tc.lit {
			t.Errorf("at %v: %q lit, want %q\n%s", tc.pos, got, tc.lit, s)
		}
		plain := ansi.Strip(s)
		for _, w := range tc.shown {
			if !strings.Contains(plain, w) {
				t.Errorf("at %v: no %q on screen\n%s", tc.pos, w, plain)
			}
		}
		for _, w := range tc.gone {
			if strings.Contains(plain, w) {
				t.Errorf("at %v: %q still on screen\n%s", tc.pos, w, plain)
			}
		}
		if n := len(strings.Split(s, "\n")); n != 24 {
			t.Errorf("at %v: %d lines, want 24", tc.pos, n)
		}
	}
	replayKey(t, m, tea.KeyPressMsg{Code: 'n', Text: "n"})
	if s := m.Render(); strings.Contains(s, "transcript") || litWord(s) != "" {
		t.Errorf("a take without a transcript shows one:\n%s", s)
	}
}

// TestReviewTranscript: review reads the take's transcript beside it and
// lights the word being played once the take plays, on a screen without
// colour too; an unreadable one says why.
func TestReviewTranscript(t *testing.T) {
	rv, _, fp := reviewFixture(t)
	rv.Dir = t.TempDir()
	take := rv.Answers[0].Takes[0]
	tr := trWords()
	tr.Audio = take.File
	if err := transcribe.Write(filepath.Join(rv.Dir, take.TranscriptName()), tr); err != nil {
		t.Fatal(err)
	}
	take.SetTranscript(tr, nil)
	m := newReview(t, rv, false, false)
	s := m.Render()
	if !strings.Contains(s, "0:00  wa1 wa2.") || litWord(s) != "" {
		t.Errorf("before playing: want the transcript, nothing lit\n%s", s)
	}
	runCmd(t, m, press(m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}))
	fp.last().pos = 1600 * time.Millisecond
	m.Update(positionMsg{m.pl.gen})
	if got := litWord(m.Render()); got != "wb2." {
		t.Errorf("at 1.6 s: %q lit, want wb2.\n%s", got, m.Render())
	}
	// The second take has a reference but no file.
	second := rv.Answers[0].Takes[1]
	second.SetTranscript(&transcribe.Transcript{Engine: "pocketsphinx"}, nil)
	press(m, tea.KeyPressMsg{Code: tea.KeyRight})
	if s := ansi.Strip(m.Render()); !strings.Contains(s, "transcript: transcript of take 2 of question 1") {
		t.Errorf("an unreadable transcript is not named:\n%s", s)
	}
}

// TestTranscriptTakesTheRoomLeft: the transcript gets the lines nothing
// else needs: the talking points stay on a 24-line screen, the line being
// played stays in view as the room shrinks, and with no room there is no
// transcript rather than a missing block.
func TestTranscriptTakesTheRoomLeft(t *testing.T) {
	rv, _, fp := reviewFixture(t)
	rv.Dir = t.TempDir()
	take := rv.Answers[0].Takes[0]
	tr := trWords()
	tr.Audio = take.File
	if err := transcribe.Write(filepath.Join(rv.Dir, take.TranscriptName()), tr); err != nil {
		t.Fatal(err)
	}
	take.SetTranscript(tr, nil)
	m := newReview(t, rv, false, true)
	runCmd(t, m, press(m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}))
	fp.last().pos = 1600 * time.Millisecond
	m.Update(positionMsg{m.pl.gen})
	for _, tc := range []struct {
		height int
		lines  []string // transcript lines shown
	}{
		{30, []string{"0:00  wa1 wa2.", "0:01  wb1 wb2.", "0:02  wc1 wc2.", "0:03  wd1 wd2.", "0:04  we1 we2."}},
		{24, []string{"0:00  wa1 wa2.", "0:01  wb1 wb2."}},
		{23, []string{"0:01  wb1 wb2."}},
		{22, nil},
	} {
		m.Update(tea.WindowSizeMsg{Width: 80, Height: tc.height})
		s := m.Render()
		plain := ansi.Strip(s)
		var shown []string
		for _, l := range strings.Split(plain, "\n") {
			if len(l) > 6 && l[1] == ':' && strings.HasPrefix(l[4:], "  w") {
				shown = append(shown, l)
			}
		}
		if strings.Join(shown, "|") != strings.Join(tc.lines, "|") {
			t.Errorf("%d lines: transcript %q, want %q\n%s", tc.height, shown, tc.lines, plain)
		}
		if want := map[bool]string{true: "wb2.", false: ""}[tc.lines != nil]; litWord(s) != want {
			t.Errorf("%d lines: %q lit, want %q", tc.height, litWord(s), want)
		}
		for _, w := range []string{"what you look for first", "▶ PLAYING", "rating", "1–5 rate"} {
			if !strings.Contains(plain, w) {
				t.Errorf("%d lines: %q pushed off by the transcript\n%s", tc.height, w, plain)
			}
		}
		if n := len(strings.Split(s, "\n")); n != tc.height {
			t.Errorf("%d lines drawn on a screen of %d", n, tc.height)
		}
	}
}
