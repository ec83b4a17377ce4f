package session

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/bank"
)

// fileRecorder writes an empty file for each take, as a recording would.
type fileRecorder struct{ stubRecorder }

func (r *fileRecorder) StartTake(path string) (time.Time, error) {
	return time.Time{}, os.WriteFile(path, nil, 0o600)
}

// TestSkipAsTheAnswerBegins: s pressed within MinKeepS of the answer's
// start skips the question and keeps no take of it, nor its WAV; later, the
// take is kept, stopped.
func TestSkipAsTheAnswerBegins(t *testing.T) {
	for _, tc := range []struct {
		after time.Duration
		kept  bool
	}{{300 * time.Millisecond, false}, {1500 * time.Millisecond, true}} {
		start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		dir := t.TempDir()
		rec := &Record{ID: "x", Plan: PlanRecord{Questions: []PlanQuestion{{Position: 1, QuestionID: "q"}, {Position: 2, QuestionID: "r"}}}}
		saved := 0
		e := NewEngine(Config{
			Plan: &Plan{Items: []PlanItem{
				{Position: 1, Question: bank.Question{ID: "q"}, Limits: Limits{Answer: time.Minute}},
				{Position: 2, Question: bank.Question{ID: "r"}, Limits: Limits{Answer: time.Minute}},
			}},
			Record: rec, Dir: dir,
			Recorder: &fileRecorder{stubRecorder{TakeResult{Frames: 100, Rate: 44100}}},
			Save:     func(string, *Record) error { return nil },
			Emit: func(ev Event) {
				if ev.Kind == EvTakeSaved {
					saved++
				}
			},
		})
		if err := e.Start(start); err != nil { // no prep: answering at once
			t.Fatal(err)
		}
		if err := e.Handle(CmdSkip, start.Add(tc.after)); err != nil {
			t.Fatal(err)
		}
		_, err := os.Stat(filepath.Join(dir, WAVName(1, "q", 1)))
		var takes []Take // of question 1
		for _, tk := range rec.Takes {
			if tk.Position == 1 {
				takes = append(takes, tk)
			}
		}
		if !rec.Plan.Questions[0].Skipped || e.Current().Position != 2 {
			t.Errorf("skip after %v: question 1 skipped %v, now at %d", tc.after, rec.Plan.Questions[0].Skipped, e.Current().Position)
		}
		if tc.kept && (len(takes) != 1 || takes[0].Status != TakeStopped || saved != 1 || err != nil) {
			t.Errorf("skip after %v: takes %+v, %d saved, WAV %v; want one take kept, stopped", tc.after, takes, saved, err)
		}
		if !tc.kept && (len(takes) != 0 || saved != 0 || !os.IsNotExist(err)) {
			t.Errorf("skip after %v: takes %+v, %d saved, WAV %v; want none kept", tc.after, takes, saved, err)
		}
		// Question 2's answer has begun, as its take 1.
		if last := rec.Takes[len(rec.Takes)-1]; last.Position != 2 || last.Take != 1 {
			t.Errorf("the next take is %d.%d, want 2.1", last.Position, last.Take)
		}
	}
}

// TestSkipNeverDropsARecording: a skip within MinKeepS of the answer
// clock still keeps a take whose recording is MinKeepS or longer (audio
// the clock did not count), and one of exactly MinKeepS of answer time.
func TestSkipNeverDropsARecording(t *testing.T) {
	for _, tc := range []struct {
		after time.Duration
		res   TakeResult
	}{
		{300 * time.Millisecond, TakeResult{Frames: 44100, Rate: 44100}},
		{300 * time.Millisecond, TakeResult{Frames: 500}}, // no rate: its length is not known
		{time.Second, TakeResult{Frames: 100, Rate: 44100}},
	} {
		start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		dir := t.TempDir()
		rec := &Record{ID: "x", Plan: PlanRecord{Questions: []PlanQuestion{{Position: 1, QuestionID: "q"}}}}
		e := NewEngine(Config{
			Plan:   &Plan{Items: []PlanItem{{Position: 1, Question: bank.Question{ID: "q"}, Limits: Limits{Answer: time.Minute}}}},
			Record: rec, Dir: dir,
			Recorder: &fileRecorder{stubRecorder{tc.res}},
			Save:     func(string, *Record) error { return nil },
		})
		if err := e.Start(start); err != nil {
			t.Fatal(err)
		}
		if err := e.Handle(CmdSkip, start.Add(tc.after)); err != nil {
			t.Fatal(err)
		}
		_, err := os.Stat(filepath.Join(dir, WAVName(1, "q", 1)))
		if len(rec.Takes) != 1 || rec.Takes[0].Status != TakeStopped || err != nil {
			t.Errorf("skip after %v with %+v recorded: takes %+v, WAV %v; want the take kept, stopped", tc.after, tc.res, rec.Takes, err)
		}
	}
}

// TestSkipAsTheAnswerBeginsUntimed: without a recorder (--no-record) a
// skip as the answer begins keeps no take either; a later one keeps its
// timed take, stopped.
func TestSkipAsTheAnswerBeginsUntimed(t *testing.T) {
	for _, after := range []time.Duration{0, 999 * time.Millisecond, 1500 * time.Millisecond} {
		h := newHarness(t, []Limits{{Answer: time.Minute}, {Answer: time.Minute}}, false)
		h.advance(after)
		h.do(CmdSkip)
		got := takeLine(h.e.rec)
		want := "2.1 recording  false"
		if after >= time.Second {
			want = "1.1 stopped  false | " + want
		}
		if got != want || !h.e.rec.Skipped(1) {
			t.Errorf("skip after %v: takes %q, question 1 skipped %v; want %q, skipped", after, got, h.e.rec.Skipped(1), want)
		}
		if after >= time.Second && h.e.rec.Takes[0].LengthS != after.Seconds() {
			t.Errorf("skip after %v: a take of %g s", after, h.e.rec.Takes[0].LengthS)
		}
	}
}

// TestSkipRightAfterARetake: s pressed as a retake begins drops the new
// take only; the take before stays, and the question counts as skipped,
// so its follow-up is not asked.
func TestSkipRightAfterARetake(t *testing.T) {
	h := followUpHarness(t)
	h.advance(4 * time.Second)
	h.do(CmdRetake) // take 1 done, take 2 records
	h.advance(200 * time.Millisecond)
	h.do(CmdSkip)
	if it := h.e.Current(); it == nil || it.Question.ID != "q2" || it.FollowUp != "" {
		t.Fatalf("after the skip: current %+v, want q2 (no follow-up to a skipped question)", it)
	}
	if got, want := takeLine(h.e.rec), "1.1 done 01-q1.wav false | 2.1 recording 02-q2.wav false"; got != want {
		t.Errorf("takes\n%s\nwant\n%s", got, want)
	}
	h.expectCalls("start 01-q1.wav @0.0s", "stop @4.0s", "start 01-q1.take2.wav @4.0s", "stop @4.2s", "start 02-q2.wav @4.2s")
	for _, ev := range h.events {
		if ev.Kind == EvTakeSaved && ev.Take.Take == 2 {
			t.Errorf("a take saved event for the dropped take: %+v", ev.Take)
		}
	}
	// The saved record never lost take 1, and its last save has no take 2.
	last := h.saves[len(h.saves)-1]
	if len(last.Takes) != 2 || last.Takes[0].File != "01-q1.wav" {
		t.Errorf("last save: %s", takeLine(&last))
	}
}

// TestSkipAsTheAnswerBeginsStopFails: a short take whose recording fails
// to stop is kept, stopped, and the failure reported, never hidden by
// dropping it.
func TestSkipAsTheAnswerBeginsStopFails(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: time.Minute}, {Answer: time.Minute}}, true)
	h.rec.failStop = errors.New("device gone")
	h.advance(300 * time.Millisecond)
	err := h.e.Handle(CmdSkip, h.now)
	if err == nil || !strings.Contains(err.Error(), "device gone") {
		t.Errorf("skip with a failed stop: %v", err)
	}
	if len(h.e.rec.Takes) != 1 || h.e.rec.Takes[0].Status != TakeStopped {
		t.Errorf("takes %s; want take 1 kept, stopped", takeLine(h.e.rec))
	}
}
