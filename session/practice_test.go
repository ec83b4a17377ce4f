package session

import (
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
)

func speaking(s float64) *audio.Analysis { return &audio.Analysis{SpeakingS: s} }

func TestTakePractice(t *testing.T) {
	for _, tc := range []struct {
		name string
		take Take
		want bool
	}{
		{"done with speech", Take{Status: TakeDone, LengthS: 60, Analysis: speaking(40)}, true},
		{"just enough speech", Take{Status: TakeDone, LengthS: 10, Analysis: speaking(MinPracticeS)}, true},
		{"too little speech in a long take", Take{Status: TakeDone, LengthS: 60, Analysis: speaking(2.9)}, false},
		{"stopped by quit after speaking", Take{Status: TakeStopped, LengthS: 20, Analysis: speaking(15)}, true},
		{"quit at once", Take{Status: TakeStopped, LengthS: 0.2, Analysis: speaking(0)}, false},
		{"interrupted with speech", Take{Status: TakeInterrupted, LengthS: 9, Analysis: speaking(5)}, true},
		{"recovered, not analysed yet", Take{Status: TakeRecovered, LengthS: 8}, true},
		{"timed only, long enough", Take{Status: TakeDone, LengthS: 3}, true},
		{"timed only, too short", Take{Status: TakeDone, LengthS: 2.5}, false},
		{"still recording", Take{Status: TakeRecording, LengthS: 40, Analysis: speaking(30)}, false},
		{"a skipped question (old sessions)", Take{Status: TakeSkipped}, false},
	} {
		if got := tc.take.Practice(); got != tc.want {
			t.Errorf("%s: Practice() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestMeansUseTheBestTake: takes rated 2 and 5 with 5 marked best, and a 4
// elsewhere, give 4.5, not 3.7: a rejected retake does not drag it down.
func TestMeansUseTheBestTake(t *testing.T) {
	rec := &Record{Takes: []Take{
		{Position: 1, Take: 1, Status: TakeDone, LengthS: 30, Rating: 2},
		{Position: 1, Take: 2, Status: TakeDone, LengthS: 30, Rating: 5, Best: true},
		{Position: 2, Take: 1, Status: TakeDone, LengthS: 30, Rating: 4},
		{Position: 3, Take: 1, Status: TakeDone, LengthS: 30, Rating: 1},
		{Position: 3, Take: 2, Status: TakeDone, LengthS: 30, Rating: 3}, // latest rated, none best
		{Position: 3, Take: 3, Status: TakeDone, LengthS: 30},
		{Position: 4, Take: 1, Status: TakeDone, LengthS: 30}, // unrated: not a 0
	}}
	if m, ok := rec.MeanRating(); !ok || m != 4 { // (5 + 4 + 3) / 3
		t.Errorf("MeanRating() = %v, %v; want 4", m, ok)
	}
	answers := rec.Answers()
	for i, want := range []int{5, 4, 3, 0} {
		got, ok := answers[i].Rating()
		if got != want || ok != (want > 0) {
			t.Errorf("answer %d: Rating() = %d, %v; want %d", i+1, got, ok, want)
		}
	}
	// Best marked but not rated: the latest rated take stands.
	a := Answer{Takes: []*Take{{Rating: 2}, {Rating: 0, Best: true}}}
	if r, ok := a.Rating(); r != 2 || !ok {
		t.Errorf("unrated best: Rating() = %d, %v; want 2", r, ok)
	}
	if _, ok := (&Record{}).MeanRating(); ok {
		t.Error("no takes: a mean rating")
	}
}

func TestAnsweredNeedsPractice(t *testing.T) {
	rec := &Record{Takes: []Take{
		{Position: 1, Take: 1, Status: TakeDone, LengthS: 12, Analysis: speaking(9)},
		{Position: 1, Take: 2, Status: TakeDone, LengthS: 3, Analysis: speaking(3)}, // a retake: the same question
		{Position: 2, Take: 1, Status: TakeStopped, LengthS: 0.3, Analysis: speaking(0)},
		{Position: 3, Take: 1, Status: TakeSkipped},
		{Position: 4, Take: 1, Status: TakeRecovered, LengthS: 20},
		{Position: 5, Take: 1, Status: TakeRecording, LengthS: 40},
		{Position: 6, Take: 1, Status: TakeInterrupted, LengthS: 7, Analysis: speaking(4)},
	}}
	// 1, 4 and 6; not 2 (stopped as it began), 3 (skipped) or 5 (recording).
	if got := rec.Answered(); got != 3 {
		t.Errorf("Answered() = %d, want 3", got)
	}
	if len(rec.Answers()) != 5 {
		t.Errorf("Answers() = %d, want 5: a skipped question has no answer", len(rec.Answers()))
	}
}

func TestKeep(t *testing.T) {
	for _, tc := range []struct {
		name  string
		takes []Take
		want  bool
	}{
		{"nothing asked", nil, false},
		{"quit at once", []Take{{Status: TakeStopped, LengthS: 0.4}}, false},
		{"a second of answer", []Take{{Status: TakeStopped, LengthS: MinKeepS}}, true},
		{"rated", []Take{{Status: TakeStopped, LengthS: 0.2, Rating: 3}}, true},
		{"noted", []Take{{Status: TakeStopped, LengthS: 0.2, Notes: "n"}}, true},
	} {
		if got := (&Record{Takes: tc.takes}).Keep(); got != tc.want {
			t.Errorf("%s: Keep() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSkipped(t *testing.T) {
	rec := &Record{
		Plan:  PlanRecord{Questions: []PlanQuestion{{Position: 1}, {Position: 2, Skipped: true}, {Position: 3}}},
		Takes: []Take{{Position: 3, Take: 1, Status: TakeSkipped}},
	}
	for pos, want := range map[int]bool{1: false, 2: true, 3: true, 4: false} {
		if got := rec.Skipped(pos); got != want {
			t.Errorf("Skipped(%d) = %v, want %v", pos, got, want)
		}
	}
}

// TestEngineDiscardsASessionWithNothingInIt: Ctrl-C in the first prep, or
// q at once, leaves no session; a moment of answer keeps it.
func TestEngineDiscardsASessionWithNothingInIt(t *testing.T) {
	for _, tc := range []struct {
		name    string
		run     func(h *harness)
		discard bool
	}{
		{"interrupted in prep", func(h *harness) { h.advance(time.Second); h.must(h.e.Interrupt(h.now)) }, true},
		{"quit at once", func(h *harness) { h.advance(5*time.Second + 300*time.Millisecond); h.do(CmdQuit) }, true},
		{"quit after answering", func(h *harness) { h.advance(9 * time.Second); h.do(CmdQuit) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, []Limits{{Prep: 5 * time.Second, Answer: 60 * time.Second}}, true)
			discarded := 0
			h.e.cfg.Discard = func() error { discarded++; return nil }
			saves := len(h.saves)
			tc.run(h)
			end := h.events[len(h.events)-1]
			if end.Kind != EvSessionEnd || end.Discarded != tc.discard || discarded != map[bool]int{true: 1}[tc.discard] {
				t.Fatalf("end event %v discarded %v, Discard called %d times; want discarded %v", end.Kind, end.Discarded, discarded, tc.discard)
			}
			if last := h.saves[len(h.saves)-1]; tc.discard && last.Status != SessionRunning {
				t.Errorf("a discarded session was saved as %s after %d saves", last.Status, len(h.saves)-saves)
			}
		})
	}
}
