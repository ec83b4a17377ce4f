package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/mockround/mockround/audio"
)

func TestCheckModel(t *testing.T) {
	cancelled := 0
	m := NewCheckModel(CheckOptions{Device: "default", Rate: 44100, Length: 3e9, Color: false,
		Level: func() audio.Level { return audio.Level{} }, Cancel: func() { cancelled++ }})
	if m.Init() == nil {
		t.Fatal("the meter does not start")
	}
	screenHas(t, m.Render(), `mockround check · "default" at 44100 Hz`, "recording 3s", "-inf dBFS · peak -inf", "q stops")
	_, c := m.Update(levelMsg{at: t0, level: audio.Level{RMS: -22, Peak: -5}})
	if c == nil {
		t.Error("the meter stopped")
	}
	screenHas(t, m.Render(), "-22 dBFS · peak -5")
	m.Update(levelMsg{at: t0, level: audio.Level{RMS: -2, Peak: 0, Clipped: true}})
	screenHas(t, m.Render(), ClippingWarning)
	if colourCode.MatchString(m.Render()) {
		t.Error("colour codes under NO_COLOR")
	}

	m.Update(checkResultMsg{"check: good · peak -6.2 dBFS · RMS -24.0 dBFS", "The level suits recording."})
	m.Update(checkPlayingMsg{})
	screenHas(t, m.Render(), "check: good · peak -6.2 dBFS", "The level suits recording.", "▶ playing the take back")
	if strings.Contains(m.Render(), "input") {
		t.Error("the meter stays after the verdict")
	}
	m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if cancelled != 1 {
		t.Errorf("q cancelled %d times", cancelled)
	}
	_, c = m.Update(checkDoneMsg{})
	if !isQuit(c) {
		t.Error("the face stays after the check")
	}
	if m.Render() != "" || m.Final() != "check: good · peak -6.2 dBFS · RMS -24.0 dBFS\nThe level suits recording.\n" {
		t.Errorf("final frame %q, left behind %q", m.Render(), m.Final())
	}
}

func TestCheckModelStoppedEarly(t *testing.T) {
	m := NewCheckModel(CheckOptions{Device: "default", Rate: 48000})
	m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	screenHas(t, m.Render(), "stopping…")
	m.Update(checkDoneMsg{})
	if m.Final() != "" {
		t.Errorf("a verdict left behind: %q", m.Final())
	}
}

func TestViews(t *testing.T) {
	rv, _, _ := reviewFixture(t)
	replay, _ := newReplay(t, false)
	for name, v := range map[string]tea.View{
		"run":    NewRunModel(RunOptions{}, nil).View(),
		"replay": replay.View(),
		"review": NewReviewModel(rv, false, false).View(),
	} {
		if !v.AltScreen || v.Content == "" {
			t.Errorf("%s: full screen %v, content %q", name, v.AltScreen, v.Content)
		}
	}
	if v := NewCheckModel(CheckOptions{}).View(); v.AltScreen || v.Content == "" {
		t.Errorf("check: full screen %v (want inline), content %q", v.AltScreen, v.Content)
	}
}
