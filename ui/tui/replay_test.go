package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/ui"
)

// fakeTrack stands in for a playing recording.
type fakeTrack struct {
	length, pos time.Duration
	paused      bool
	speed       float64
	stopped     bool
	ended       chan struct{}
	failed      chan error
}

func (f *fakeTrack) Length() time.Duration   { return f.length }
func (f *fakeTrack) Position() time.Duration { return f.pos }
func (f *fakeTrack) Paused() bool            { return f.paused }
func (f *fakeTrack) TogglePause() bool       { f.paused = !f.paused; return f.paused }
func (f *fakeTrack) Seek(d time.Duration)    { f.pos = min(max(f.pos+d, 0), f.length) }
func (f *fakeTrack) SetSpeed(r float64)      { f.speed = r }
func (f *fakeTrack) Ended() <-chan struct{}  { return f.ended }
func (f *fakeTrack) Failed() <-chan error    { return f.failed }
func (f *fakeTrack) Stop()                   { f.stopped = true }

// fakePlayer hands out fake tracks and remembers what it was asked to play.
type fakePlayer struct {
	played []string
	speeds []float64
	tracks []*fakeTrack
	err    error
}

func (p *fakePlayer) play(path string, speed float64) (ui.Track, bool, error) {
	if p.err != nil {
		return nil, false, p.err
	}
	p.played, p.speeds = append(p.played, path), append(p.speeds, speed)
	tr := &fakeTrack{length: 10 * time.Second, speed: speed, ended: make(chan struct{}), failed: make(chan error, 1)}
	p.tracks = append(p.tracks, tr)
	return tr, path == "/s/02-broken.wav", nil
}

func (p *fakePlayer) last() *fakeTrack { return p.tracks[len(p.tracks)-1] }

// run carries out a command the way Bubble Tea would for the messages
// that matter here: a track starting. Timers and waits are not run.
func runCmd(t *testing.T, m tea.Model, c tea.Cmd) {
	t.Helper()
	if c == nil {
		return
	}
	if msg, ok := c().(trackMsg); ok {
		m.Update(msg)
	}
}

func newReplay(t *testing.T, color bool) (*ReplayModel, *fakePlayer) {
	t.Helper()
	fp := &fakePlayer{}
	m := NewReplayModel(ReplayOptions{Title: "Session 20261127T090000Z-abc123", Color: color, Speed: 1, Play: fp.play, Items: []ui.ReplayItem{
		{Heading: "Answer 1 of 3 · take 1 · code-review", Question: "How do you review code?", Path: "/s/01-code-review.wav"},
		{Heading: "Answer 2 of 3 · take 2 · broken", Question: "What broke?", Path: "/s/02-broken.wav"},
		{Heading: "Answer 3 of 3 · take 1 · onboarding", Question: "How do you onboard people?", Path: "/s/03-onboarding.wav"},
	}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	runCmd(t, m, m.Init())
	return m, fp
}

// replayKey presses k and carries out the command it gives, once; it
// returns a command that repeats the message, for isQuit.
func replayKey(t *testing.T, m tea.Model, k tea.KeyPressMsg) tea.Cmd {
	t.Helper()
	_, c := m.Update(k)
	if c == nil {
		return nil
	}
	msg := c()
	if tm, ok := msg.(trackMsg); ok {
		m.Update(tm)
	}
	return func() tea.Msg { return msg }
}

func screenHas(t *testing.T, s string, wants ...string) {
	t.Helper()
	s = ansi.Strip(s)
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("screen lacks %q:\n%s", w, s)
		}
	}
}

func TestReplayPlaysAndMoves(t *testing.T) {
	m, fp := newReplay(t, false)
	screenHas(t, m.Render(), "mockround replay · Session 20261127T090000Z-abc123", "Answer 1 of 3 · take 1 · code-review",
		"How do you review code?", "▶ PLAYING · speed 1x", "0:00 / 0:10", "space pause", "←/→ seek 5 s", "n next", "b previous", "s speed", "q quit")
	if len(fp.played) != 1 || fp.played[0] != "/s/01-code-review.wav" {
		t.Fatalf("played %v", fp.played)
	}
	tr := fp.last()
	tr.pos = 4 * time.Second
	_, c := m.Update(positionMsg{m.pl.gen})
	if c == nil {
		t.Error("the position is no longer polled")
	}
	screenHas(t, m.Render(), "0:04 / 0:10")
	// 80 columns less the 12 of " 0:04 / 0:10": 40% of 68 cells is 27.2.
	if want := strings.Repeat("█", 27) + strings.Repeat("░", 41) + " 0:04 / 0:10"; !strings.Contains(ansi.Strip(m.Render()), want) {
		t.Errorf("the position bar at 4 s of 10 s is not %q:\n%s", want, ansi.Strip(m.Render()))
	}

	replayKey(t, m, keySpace)
	screenHas(t, m.Render(), "‖ PAUSED · space resumes", "space resume")
	replayKey(t, m, keyText("p"))
	if tr.paused {
		t.Error("p does not resume")
	}
	replayKey(t, m, tea.KeyPressMsg{Code: tea.KeyRight})
	screenHas(t, m.Render(), "0:09 / 0:10")
	replayKey(t, m, tea.KeyPressMsg{Code: tea.KeyLeft})
	replayKey(t, m, keyText("-"))
	screenHas(t, m.Render(), "0:00 / 0:10")
	replayKey(t, m, keyText("+"))
	screenHas(t, m.Render(), "0:05 / 0:10")

	replayKey(t, m, keyText("s"))
	if tr.speed != 1.25 {
		t.Errorf("speed %g after s, want 1.25", tr.speed)
	}
	screenHas(t, m.Render(), "speed 1.25x (faster raises the pitch)")

	replayKey(t, m, keyText("n")) // next, at the new speed
	if !tr.stopped || len(fp.played) != 2 || fp.speeds[1] != 1.25 {
		t.Fatalf("after n: first stopped %v, played %v at %v", tr.stopped, fp.played, fp.speeds)
	}
	screenHas(t, m.Render(), "Answer 2 of 3", "What broke?", "repaired the header")
	replayKey(t, m, keyText("b"))
	screenHas(t, m.Render(), "Answer 1 of 3")
	replayKey(t, m, keyText("b")) // at the first answer: it starts again
	screenHas(t, m.Render(), "Answer 1 of 3")
	if len(fp.played) != 4 {
		t.Errorf("played %v", fp.played)
	}
}

func TestReplayRunsToTheEnd(t *testing.T) {
	m, fp := newReplay(t, false)
	stale := m.pl.gen
	replayKey(t, m, keyText("n"))
	m.Update(endedMsg{stale}) // news of a track already left: ignored
	screenHas(t, m.Render(), "Answer 2 of 3")
	for range 2 {
		_, c := m.Update(endedMsg{m.pl.gen})
		runCmd(t, m, c)
	}
	screenHas(t, m.Render(), "■ END OF REPLAY", "played 3 answers", "b plays the last answer again")
	if !fp.last().stopped {
		t.Error("the last track was not let go")
	}
	replayKey(t, m, keyText("b"))
	screenHas(t, m.Render(), "Answer 3 of 3")
	m.Update(endedMsg{m.pl.gen})
	if c := replayKey(t, m, keyText("x")); !isQuit(c) {
		t.Error("a key does not leave the end")
	}
}

// TestReplayEndCountsFollowUpsApart: the end of a replay counts the
// answers played and the follow-ups after them apart.
func TestReplayEndCountsFollowUpsApart(t *testing.T) {
	fp := &fakePlayer{}
	m := NewReplayModel(ReplayOptions{Speed: 1, Play: fp.play, Items: []ui.ReplayItem{
		{Heading: "Answer 1 of 2 · take 1 · code-review", Path: "/s/01-code-review.wav"},
		{Heading: "Answer 1 of 2 · follow-up · take 1", Path: "/s/01-code-review.followup.wav", FollowUp: true},
		{Heading: "Answer 2 of 2 · take 1 · onboarding", Path: "/s/02-onboarding.wav"},
	}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	runCmd(t, m, m.Init())
	for range 3 {
		_, c := m.Update(endedMsg{m.pl.gen})
		runCmd(t, m, c)
	}
	screenHas(t, m.Render(), "■ END OF REPLAY", "played 2 answers and 1 follow-up")
}

func TestReplayQuitAndFailures(t *testing.T) {
	m, fp := newReplay(t, false)
	if c := replayKey(t, m, keyText("q")); !isQuit(c) || !fp.last().stopped {
		t.Error("q does not stop and leave")
	}
	m, _ = newReplay(t, false)
	if c := replayKey(t, m, keyCtrlC); !isQuit(c) || !m.interrupted {
		t.Error("ctrl+c does not interrupt")
	}
	m, _ = newReplay(t, false)
	_, c := m.Update(failedMsg{m.pl.gen, errors.New("no output")})
	if !isQuit(c) || m.err == nil {
		t.Error("a stalled output does not end the replay with its error")
	}
	fp = &fakePlayer{err: errors.New("no such file")}
	m = NewReplayModel(ReplayOptions{Play: fp.play, Items: []ui.ReplayItem{{Path: "/x.wav"}}})
	_, c = m.Update(m.Init()())
	if !isQuit(c) || m.err == nil {
		t.Error("a track that cannot play does not end the replay with its error")
	}
}

func TestReplayFitsAndNoColor(t *testing.T) {
	for _, color := range []bool{false, true} {
		m, _ := newReplay(t, color)
		for _, size := range [][2]int{{80, 24}, {40, 12}, {20, 6}} {
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			s := m.Render()
			if colourCode.MatchString(s) != color {
				t.Errorf("colour %v: colour codes present = %v", color, !color)
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
