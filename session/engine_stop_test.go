package session

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/bank"
)

// stubRecorder records nothing and stops every take with res.
type stubRecorder struct{ res TakeResult }

func (r *stubRecorder) StartTake(string) (time.Time, error) { return time.Time{}, nil }
func (r *stubRecorder) Pause()                              {}
func (r *stubRecorder) Resume()                             {}
func (r *stubRecorder) StopTake() (TakeResult, error)       { return r.res, nil }

// stopOnce runs one question whose take the recorder stops with res, and
// returns the take and whether the silent-take hint was shown.
func stopOnce(t *testing.T, res TakeResult) (Take, bool) {
	t.Helper()
	start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	rec := &Record{ID: "x"}
	hinted := false
	e := NewEngine(Config{
		Plan:     &Plan{Items: []PlanItem{{Position: 1, Question: bank.Question{ID: "q"}, Limits: Limits{Answer: time.Minute}}}},
		Record:   rec,
		Recorder: &stubRecorder{res},
		Save:     func(string, *Record) error { return nil },
		Emit:     func(ev Event) { hinted = hinted || ev.Kind == EvNotice && ev.Text == SilentTakeHint("") },
	})
	if err := e.Start(start); err != nil {
		t.Fatal(err)
	}
	if err := e.Handle(CmdFinish, start.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if len(rec.Takes) != 1 {
		t.Fatalf("takes %+v", rec.Takes)
	}
	return rec.Takes[0], hinted
}

// TestSilentHintNeedsAudio: the hint that the microphone may be muted is
// for a take that recorded silence, not for one that recorded nothing.
func TestSilentHintNeedsAudio(t *testing.T) {
	silence := &audio.Analysis{Version: audio.AnalysisVersion, PeakDBFS: audio.SilenceDBFS, RMSDBFS: audio.SilenceDBFS}
	if _, hinted := stopOnce(t, TakeResult{Frames: 0, Rate: 44100, Analysis: silence}); hinted {
		t.Error("a take with no frames got the silent-take hint")
	}
	if _, hinted := stopOnce(t, TakeResult{Frames: 1, Rate: 44100, Analysis: silence}); !hinted {
		t.Error("a silent take of one frame got no hint")
	}
}

// TestTakeLengthWithoutRate: a recorder that knows no rate leaves the take
// without a length from frames, never an infinite or NaN one (which
// session.json cannot hold).
func TestTakeLengthWithoutRate(t *testing.T) {
	for _, frames := range []int64{0, 500} {
		tk, _ := stopOnce(t, TakeResult{Frames: frames, Rate: 0})
		if math.IsInf(tk.LengthS, 0) || math.IsNaN(tk.LengthS) || tk.Frames != frames {
			t.Errorf("%d frames at rate 0: length %g, frames %d", frames, tk.LengthS, tk.Frames)
		}
	}
	if tk, _ := stopOnce(t, TakeResult{Frames: 66150, Rate: 44100}); tk.LengthS != 1.5 || tk.SampleRate != 44100 {
		t.Errorf("66150 frames at 44100 Hz: %g s at %d Hz, want 1.5 s", tk.LengthS, tk.SampleRate)
	}
}

// TestRunInterruptedSaveFails: Ctrl-C whose save fails says both: the
// session was interrupted, and its file could not be updated.
func TestRunInterruptedSaveFails(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	plan := &Plan{Items: []PlanItem{{Position: 1, Question: bank.Question{ID: "a"}, Limits: Limits{Answer: time.Hour}}}}
	e := NewEngine(Config{Plan: plan, Record: &Record{ID: "x"}, Clock: &stoppedClock{&autoClock{now: t0}},
		Save: func(_ string, r *Record) error {
			if r.Status == SessionInterrupted {
				return errors.New("disk full")
			}
			return nil
		}})
	err := e.Run(ctx, nil, nil)
	if !errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Run = %v, want ErrInterrupted and the failed save", err)
	}
	// A save that works: ErrInterrupted itself.
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	e = NewEngine(Config{Plan: plan, Record: &Record{ID: "y"}, Clock: &stoppedClock{&autoClock{now: t0}}, Save: func(string, *Record) error { return nil }})
	if err := e.Run(ctx, nil, nil); err != ErrInterrupted {
		t.Errorf("Run = %v, want ErrInterrupted itself", err)
	}
}
