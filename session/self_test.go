//go:build unix

package session

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/bank"
)

// TestHintsNameSelf: the hints in errors and notices name the command as
// the user runs it (./bin/mockround), and mockround when it is not given.
func TestHintsNameSelf(t *testing.T) {
	const self = "./bin/mockround"
	s := rsStore(t, []string{rsA, rsB}, rsB)
	s.Self = self
	for arg, want := range map[string]string{
		"nope":   "see the ids with: " + self + " sessions",
		"../x":   "give a session id from `" + self + " sessions`",
		"last":   "(see: " + self + " sessions)",
		"202611": "",
	} {
		_, err := s.Resolve(arg)
		if want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("Resolve(%q): %v, want %q", arg, err, want)
		}
		if err != nil && strings.Contains(err.Error(), " mockround ") {
			t.Errorf("Resolve(%q): %v names mockround", arg, err)
		}
	}
	empty := NewStore(t.TempDir())
	empty.Self = self
	if _, err := empty.Resolve("last"); err == nil || !strings.Contains(err.Error(), "start one with: "+self+" run") {
		t.Errorf("Resolve with no sessions: %v", err)
	}

	_, err := NewPlan(ptDefaultBank(t), PlanOptions{Count: 1, Questions: []string{"nope"}, Self: self})
	if err == nil || !strings.Contains(err.Error(), "see the ids with: "+self+" questions") {
		t.Errorf("NewPlan with an unknown question: %v", err)
	}

	if h := SilentTakeHint(self); !strings.HasSuffix(h, "Check the input with: "+self+" devices") {
		t.Errorf("SilentTakeHint(%q) = %q", self, h)
	}
	if h := SilentTakeHint(""); !strings.HasSuffix(h, "Check the input with: mockround devices") {
		t.Errorf("SilentTakeHint(\"\") = %q", h)
	}

	// The engine gives the hint, and the advice after a failed save, with
	// its Config.Self.
	start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	silence := &audio.Analysis{Version: audio.AnalysisVersion, PeakDBFS: audio.SilenceDBFS, RMSDBFS: audio.SilenceDBFS}
	var notices []string
	full := false
	e := NewEngine(Config{
		Plan: &Plan{Items: []PlanItem{
			{Position: 1, Question: bank.Question{ID: "q"}, Limits: Limits{Answer: time.Minute}},
			{Position: 2, Question: bank.Question{ID: "r"}, Limits: Limits{Answer: time.Minute}},
		}},
		Record:   &Record{ID: "x"},
		Recorder: &stubRecorder{TakeResult{Frames: 1, Rate: 44100, Analysis: silence}},
		Save: func(string, *Record) error {
			if full {
				return errors.New("disk full")
			}
			return nil
		},
		Emit: func(ev Event) {
			if ev.Kind == EvNotice {
				notices = append(notices, ev.Text)
			}
		},
		Self: self,
	})
	if err := e.Start(start); err != nil {
		t.Fatal(err)
	}
	if err := e.Handle(CmdFinish, start.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(notices) != 1 || notices[0] != SilentTakeHint(self) {
		t.Errorf("notices %q, want the silent-take hint naming %s", notices, self)
	}
	full = true
	err = e.Fail(start.Add(3*time.Second), errors.New("device gone"))
	if err == nil || !strings.Contains(err.Error(), "run `"+self+" repair` once this is fixed") {
		t.Errorf("Fail after a failed save: %v", err)
	}
}
