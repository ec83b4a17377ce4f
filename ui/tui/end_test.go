package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
)

// endModel is a run model of width x height that has seen the end of a
// session holding takes.
func endModel(width, height int, takes []session.Take) *RunModel {
	m := NewRunModel(RunOptions{Record: true}, make(chan session.Command, 1))
	m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	rec := &session.Record{ID: "20261127T090000Z-abc123", Status: session.SessionComplete,
		Device: &session.DeviceRef{Name: "default", SampleRate: 44100}, Takes: takes}
	m.Update(eventMsg{session.Event{Kind: session.EvSessionEnd, Record: rec, Dir: "/d/s", Total: len(takes)}})
	return m
}

// endTakes are n recorded takes, the first with a long question id.
func endTakes(n int) []session.Take {
	var takes []session.Take
	for i := 1; i <= n; i++ {
		t := session.Take{Position: i, Take: 1, QuestionID: fmt.Sprintf("q%d", i), File: "x.wav", LengthS: 5, Status: session.TakeDone}
		if i == 1 {
			t.QuestionID = "challenging-debugging-at-length" // 31 runes
			t.LengthS, t.Analysis = 14.4, &audio.Analysis{SpeakingS: 12.6}
		}
		takes = append(takes, t)
	}
	return takes
}

// TestRunEndTable: the table of takes, column by column: from 64 columns
// a speaking column, and a question cut to what is left (here 22 of the 64
// columns; at 63 there is room for all 31 runes).
func TestRunEndTable(t *testing.T) {
	for _, tc := range []struct {
		width int
		want  []string
	}{
		{64, []string{
			"  #   question               take  length  speaking  status",
			"  1   challenging-debugging…    1    0:14      0:13  done",
			"  2   q2                        1    0:05         –  done",
		}},
		{63, []string{
			"  #   question                        take  length  status",
			"  1   challenging-debugging-at-length    1    0:14  done",
			"  2   q2                                 1    0:05  done",
		}},
	} {
		sum := endModel(tc.width, 40, endTakes(2)).Summary()
		if !strings.Contains(sum, strings.Join(tc.want, "\n")+"\n") {
			t.Errorf("width %d: summary\n%s\nwant the table\n%s", tc.width, sum, strings.Join(tc.want, "\n"))
		}
	}
}

// TestRunEndTableFitsTheHeight: a table too long for the screen shows its
// first rows and counts the rest; one that just fits shows every row.
func TestRunEndTableFitsTheHeight(t *testing.T) {
	for _, tc := range []struct {
		height int
		rows   int    // takes shown
		more   string // the count line, if any
	}{
		{14, 2, "  … and 4 more"}, // room for 4 lines: header, 2 rows, the count
		{16, 4, "  … and 2 more"},
		{17, 6, ""},               // room for 7: header and all 6
		{11, 0, "  … and 6 more"}, // room for 1: still 2 lines, the header and the count
	} {
		s := ansi.Strip(endModel(100, tc.height, endTakes(6)).Render())
		shown := 0
		for i := 1; i <= 6; i++ {
			if strings.Contains(s, fmt.Sprintf("\n  %-3d ", i)) {
				shown++
			}
		}
		if shown != tc.rows || (tc.more != "") != strings.Contains(s, " more") || (tc.more != "" && !strings.Contains(s, tc.more+"\n")) {
			t.Errorf("height %d: %d rows shown, want %d and %q:\n%s", tc.height, shown, tc.rows, tc.more, s)
		}
	}
}

// TestRunFiguresOverflows: the figures of a take name input overflows
// when there were any, and only then.
func TestRunFiguresOverflows(t *testing.T) {
	for _, tc := range []struct {
		overflows, dropped int64
		want               string
	}{
		{0, 0, ""},
		{1, 0, "the input overflowed 1 time (0 frames dropped)"},
		{0, 300, "the input overflowed 0 times (300 frames dropped)"},
	} {
		h := newHarness(t, RunOptions{Record: true}, true)
		h.start()
		tk := session.Take{Position: 1, Take: 1, File: "01-x.wav", LengthS: 3, Status: session.TakeDone, Overflows: tc.overflows, DroppedFrames: tc.dropped}
		h.update(eventMsg{session.Event{Kind: session.EvTakeSaved, Take: &tk}})
		h.has("take 1 saved · 0:03")
		if tc.want == "" {
			h.lacks("overflowed")
		} else {
			h.has("take 1 saved · 0:03 · " + tc.want)
		}
	}
}

// TestRunProgressBar: the bar of the answer time, exactly: 7 s of 20 fill
// 35% of the 60 cells left by the label and the figures; at the end of
// the answer time it is full, then it counts the overtime.
func TestRunProgressBar(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	progress := func() string {
		for _, l := range strings.Split(h.screen(), "\n") {
			if strings.HasPrefix(l, "answer ") {
				return l
			}
		}
		return ""
	}
	for _, tc := range []struct {
		at   time.Duration
		want string
	}{
		{12 * time.Second, "answer " + strings.Repeat("█", 21) + strings.Repeat("░", 39) + " 0:07 of 0:20"},
		{25 * time.Second, "answer " + strings.Repeat("█", 60) + " 0:20 of 0:20"},
		{26 * time.Second, "answer " + strings.Repeat("█", 62) + " +0:01 over"},
	} {
		h.at(tc.at)
		if got := progress(); got != tc.want {
			t.Errorf("at %v: progress\n%q\nwant\n%q", tc.at, got, tc.want)
		}
	}
}

// TestRunPauseEndsWithThePhase: a take finished while paused leaves the
// next question unpaused.
func TestRunPauseEndsWithThePhase(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.at(5 * time.Second)
	h.press(keyText("p"))
	h.has("PAUSED")
	h.press(keyEnter) // finish the take, paused
	h.has("question 2 of 2", "PREP · 0:05 left")
	h.lacks("PAUSED", "p resume")
}

// TestRunPausedFollowsEvents: paused from the pause event until the resume
// or a new phase; a tick does not end it.
func TestRunPausedFollowsEvents(t *testing.T) {
	h := newHarness(t, RunOptions{Record: true}, true)
	h.start()
	h.at(5 * time.Second)
	h.update(eventMsg{session.Event{Kind: session.EvPaused, Phase: session.PhaseAnswer, Left: 15 * time.Second}})
	h.update(eventMsg{session.Event{Kind: session.EvTick, Phase: session.PhaseAnswer, Left: 15 * time.Second}})
	h.has("PAUSED")
	h.update(eventMsg{session.Event{Kind: session.EvPhase, Phase: session.PhaseWarning, Left: 5 * time.Second}})
	h.lacks("PAUSED")
	h.has("WARNING")
}

// TestRunEndWithoutTakes: nothing recorded, nothing to replay or review.
func TestRunEndWithoutTakes(t *testing.T) {
	s := ansi.Strip(endModel(80, 24, nil).Render())
	if !strings.Contains(s, "Saved in /d/s") || strings.Contains(s, "Next:") {
		t.Errorf("end screen with no takes:\n%s", s)
	}
}
