package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/ui"
)

// TestReviewNotesFieldFitsTheWidth: notes longer than the screen scroll
// inside the field, so what is being typed stays in sight, at any width.
func TestReviewNotesFieldFitsTheWidth(t *testing.T) {
	for _, w := range []int{80, 50} {
		rv, _, _ := reviewFixture(t)
		m := newReview(t, rv, false, false)
		m.Update(tea.WindowSizeMsg{Width: w, Height: 24})
		press(m, keyText("e"))
		typeText(m, strings.Repeat("word ", 30)+"END")
		var field string
		for _, l := range strings.Split(ansi.Strip(m.Render()), "\n") {
			if strings.Contains(l, "notes ›") {
				field = l
			}
		}
		if !strings.Contains(field, "END") || strings.Contains(field, "…") || ansi.StringWidth(field) > w {
			t.Errorf("width %d: the notes field reads %q; want its end, END, in sight and nothing cut", w, field)
		}
	}
}

// TestReplaySpeedDefaultsToOne: no speed given plays at 1x, with no
// warning about the pitch.
func TestReplaySpeedDefaultsToOne(t *testing.T) {
	fp := &fakePlayer{}
	m := NewReplayModel(ReplayOptions{Play: fp.play, Items: []ui.ReplayItem{{Heading: "Answer 1 of 1", Path: "/s/01.wav"}}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	runCmd(t, m, m.Init())
	if len(fp.speeds) != 1 || fp.speeds[0] != 1 {
		t.Errorf("played at %v, want 1", fp.speeds)
	}
	screenHas(t, m.Render(), "speed 1x")
	if strings.Contains(m.Render(), "pitch") {
		t.Errorf("a pitch warning at 1x:\n%s", ansi.Strip(m.Render()))
	}
}
