package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/bank"
)

// faultRecorder is a recorder that fails on demand: the nth StartTake or
// StopTake (1-based) returns the error given for it. It refuses a stop with
// no take recording, as the real one does.
type faultRecorder struct {
	failStart, failStop map[int]error
	starts, stops       int
	recording           bool
	calls               []string
}

func (r *faultRecorder) StartTake(path string) (time.Time, error) {
	r.starts++
	if err := r.failStart[r.starts]; err != nil {
		r.calls = append(r.calls, "start failed")
		return time.Time{}, err
	}
	r.recording = true
	r.calls = append(r.calls, "start")
	return time.Time{}, nil
}

func (r *faultRecorder) StopTake() (TakeResult, error) {
	if !r.recording {
		r.calls = append(r.calls, "stop with no take")
		return TakeResult{}, errors.New("no take is recording")
	}
	r.recording = false
	r.stops++
	r.calls = append(r.calls, "stop")
	return TakeResult{Frames: 3000, Rate: 1000}, r.failStop[r.stops]
}

func (r *faultRecorder) Pause()  {}
func (r *faultRecorder) Resume() {}

// faultRun runs a two-question session through Run with a recorder and a
// save that fails when failSave says so. Without cmds the clocks drive it
// (q1: 2 s prep, 10 s answer, 2 s overtime; q2: no prep, 5 s answer); with
// cmds every limit is an hour, so only the commands move it. It returns
// the last record saved successfully, the events, and Run's error.
func faultRun(t *testing.T, rec *faultRecorder, failSave func(r *Record) error, cmds ...Command) (*Record, []Event, error) {
	t.Helper()
	plan := &Plan{Items: []PlanItem{
		{Position: 1, Question: bank.Question{ID: "q1"}, Limits: Limits{Prep: 2 * time.Second, Answer: 10 * time.Second, Overtime: 2 * time.Second}},
		{Position: 2, Question: bank.Question{ID: "q2"}, Limits: Limits{Answer: 5 * time.Second}},
	}}
	if len(cmds) > 0 {
		plan.Items[0].Limits = Limits{Prep: time.Hour, Answer: time.Hour, Overtime: time.Hour}
		plan.Items[1].Limits = Limits{Answer: time.Hour, Overtime: time.Hour}
	}
	var saved *Record
	var events []Event
	cfg := Config{Plan: plan, Record: &Record{ID: "x"}, Dir: "/sessions/x", Clock: &stoppedClock{&autoClock{now: t0}},
		Emit: func(ev Event) { events = append(events, ev) },
		Save: func(_ string, r *Record) error {
			if failSave != nil {
				if err := failSave(r); err != nil {
					return err
				}
			}
			c := *r
			c.Takes = append([]Take(nil), r.Takes...)
			saved = &c
			return nil
		}}
	if rec != nil {
		cfg.Recorder = rec
	}
	ch := make(chan Command, len(cmds))
	for _, c := range cmds {
		ch <- c
	}
	close(ch)
	err := NewEngine(cfg).Run(context.Background(), ch, nil)
	return saved, events, err
}

// once fails the first save for which match is true, with a disk error.
func once(match func(r *Record) bool) func(r *Record) error {
	done := false
	return func(r *Record) error {
		if !done && match(r) {
			done = true
			return errors.New("disk full")
		}
		return nil
	}
}

func lastTakeIs(status string) func(r *Record) bool {
	return func(r *Record) bool { return len(r.Takes) > 0 && r.Takes[len(r.Takes)-1].Status == status }
}

func takeStatuses(r *Record) string {
	if r == nil {
		return "nothing saved"
	}
	var s []string
	for _, t := range r.Takes {
		s = append(s, fmt.Sprintf("%d.%d %s", t.Position, t.Take, t.Status))
	}
	return r.Status + ": " + strings.Join(s, ", ")
}

func TestEngineFaults(t *testing.T) {
	boom := errors.New("device gone")
	for _, tc := range []struct {
		name      string
		rec       *faultRecorder
		failSave  func(r *Record) error
		cmds      []Command
		wantErr   []string // every one in the error
		wantSaved string   // the last record saved: status and takes
		wantCalls string   // the recorder's calls
	}{{
		name:      "save at start",
		rec:       &faultRecorder{},
		failSave:  func(r *Record) error { return errors.New("disk full") },
		wantErr:   []string{"save session", "disk full"},
		wantSaved: "nothing saved",
		wantCalls: "",
	}, {
		// The record must not name a take the recorder never started.
		name:      "save at take start",
		rec:       &faultRecorder{},
		failSave:  once(lastTakeIs(TakeRecording)),
		wantErr:   []string{"save session", "disk full"},
		wantSaved: "failed: ",
		wantCalls: "",
	}, {
		name:      "recorder start at the end of prep",
		rec:       &faultRecorder{failStart: map[int]error{1: boom}},
		wantErr:   []string{"start recording 01-q1.wav: device gone"},
		wantSaved: "failed: ",
		wantCalls: "start failed",
	}, {
		name:      "recorder start on retake",
		rec:       &faultRecorder{failStart: map[int]error{2: boom}},
		cmds:      []Command{CmdFinish, CmdRetake},
		wantErr:   []string{"start recording 01-q1.take2.wav: device gone"},
		wantSaved: "failed: 1.1 done",
		wantCalls: "start stop start failed",
	}, {
		name:      "recorder stop on skip",
		rec:       &faultRecorder{failStop: map[int]error{1: boom}},
		cmds:      []Command{CmdFinish, CmdSkip},
		wantErr:   []string{"finish recording 01-q1.wav: device gone"},
		wantSaved: "failed: 1.1 stopped",
		wantCalls: "start stop",
	}, {
		name:      "recorder stop on quit",
		rec:       &faultRecorder{failStop: map[int]error{1: boom}},
		cmds:      []Command{CmdFinish, CmdQuit},
		wantErr:   []string{"finish recording 01-q1.wav: device gone"},
		wantSaved: "failed: 1.1 stopped",
		wantCalls: "start stop",
	}, {
		name:      "recorder stop at the end of overtime",
		rec:       &faultRecorder{failStop: map[int]error{1: boom}},
		wantErr:   []string{"finish recording 01-q1.wav: device gone"},
		wantSaved: "failed: 1.1 done",
		wantCalls: "start stop",
	}, {
		name:      "save at take end, then saved",
		rec:       &faultRecorder{},
		failSave:  once(lastTakeIs(TakeDone)),
		wantErr:   []string{"save session", "disk full"},
		wantSaved: "failed: 1.1 done",
		wantCalls: "start stop",
	}, {
		name: "save at take end and after",
		rec:  &faultRecorder{},
		failSave: func(r *Record) error {
			if lastTakeIs(TakeDone)(r) {
				return errors.New("disk full")
			}
			return nil
		},
		wantErr:   []string{"disk full", "the session file could not be updated either: run `mockround repair`"},
		wantSaved: "running: 1.1 recording",
		wantCalls: "start stop",
	}, {
		name:      "save at finish",
		rec:       &faultRecorder{},
		failSave:  once(func(r *Record) bool { return r.Status == SessionComplete }),
		wantErr:   []string{"save session", "disk full"},
		wantSaved: "running: 1.1 done, 2.1 done",
		wantCalls: "start stop start stop",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			saved, _, err := faultRun(t, tc.rec, tc.failSave, tc.cmds...)
			if err == nil {
				t.Fatalf("no error; saved %s", takeStatuses(saved))
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if got := strings.TrimSpace(takeStatuses(saved)); got != strings.TrimSpace(tc.wantSaved) {
				t.Errorf("saved %q, want %q", got, tc.wantSaved)
			}
			if saved != nil && saved.Status == SessionFailed && !strings.Contains(saved.Error, strings.TrimPrefix(tc.wantErr[0], "save session")) {
				t.Errorf("the record says it failed because %q, want %q", saved.Error, tc.wantErr[0])
			}
			if got := strings.Join(tc.rec.calls, " "); got != tc.wantCalls {
				t.Errorf("recorder calls %q, want %q", got, tc.wantCalls)
			}
		})
	}
}

// TestEngineStartFailureRunsNoCountdown: when the recorder cannot start,
// no answer countdown is shown for a take that is not recording.
func TestEngineStartFailureRunsNoCountdown(t *testing.T) {
	_, events, _ := faultRun(t, &faultRecorder{failStart: map[int]error{1: errors.New("device gone")}}, nil)
	for _, ev := range events {
		if ev.Kind == EvTakeStarted || (ev.Kind == EvPhase || ev.Kind == EvTick) && ev.Phase.Answering() {
			t.Fatalf("a take that never recorded showed %v %v", ev.Kind, ev.Phase)
		}
	}
}

// TestPauseTwiceInOneAnswer: both pauses are taken off the answer clock.
func TestPauseTwiceInOneAnswer(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 20 * time.Second}}, true)
	for _, at := range []time.Duration{2, 4, 6, 9} { // pause 2–4 s and 6–9 s
		h.now = t0.Add(at * time.Second)
		h.do(CmdPause)
	}
	h.now = t0.Add(10 * time.Second)
	if got, want := h.e.Left(h.now), 15*time.Second; got != want { // 20 − (10 − 2 − 3)
		t.Errorf("left %s after two pauses, want %s", got, want)
	}
	h.now = t0.Add(11 * time.Second)
	h.do(CmdPause)
	h.now = t0.Add(12 * time.Second)
	h.do(CmdFinish)                                // resumes first: this pause counts too
	if got := h.e.rec.Takes[0].LengthS; got != 6 { // 12 s − 6 s paused, as recorded
		t.Errorf("take length %.1f s, want 6", got)
	}
}
