package session

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/bank"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// fakeRecorder logs calls with the harness's time and counts frames at a
// nominal rate from that time, as a real recorder would.
type fakeRecorder struct {
	h        *harness
	calls    []string
	started  time.Time
	pausedAt time.Time
	paused   time.Duration
	failStop error
	peak     int           // largest sample of every take; 0 is digital silence
	delay    time.Duration // how much later than asked a take begins
}

const fakeRate = 1000

func (r *fakeRecorder) StartTake(path string) (time.Time, error) {
	r.calls = append(r.calls, fmt.Sprintf("start %s @%s", filepath.Base(path), r.h.at()))
	r.started, r.paused, r.pausedAt = r.h.now.Add(r.delay), 0, time.Time{}
	return r.started, nil
}
func (r *fakeRecorder) Pause() {
	r.calls = append(r.calls, "pause @"+r.h.at())
	r.pausedAt = r.h.now
}
func (r *fakeRecorder) Resume() {
	r.calls = append(r.calls, "resume @"+r.h.at())
	r.paused += r.h.now.Sub(r.pausedAt)
	r.pausedAt = time.Time{}
}
func (r *fakeRecorder) StopTake() (TakeResult, error) {
	r.calls = append(r.calls, "stop @"+r.h.at())
	end := r.h.now
	if !r.pausedAt.IsZero() {
		r.paused += end.Sub(r.pausedAt)
	}
	d := end.Sub(r.started) - r.paused
	an := &audio.Analysis{PeakDBFS: audio.SilenceDBFS}
	if r.peak > 0 {
		an.PeakDBFS = 20 * math.Log10(float64(r.peak)/32768)
	}
	return TakeResult{Frames: int64(d / (time.Second / fakeRate)), Rate: fakeRate, Analysis: an}, r.failStop
}

// harness drives an engine through fake time, the way Run does.
type harness struct {
	t      *testing.T
	e      *Engine
	now    time.Time
	rec    *fakeRecorder
	events []Event
	saves  []Record // a copy of every saved record
}

func newHarness(t *testing.T, items []Limits, record bool) *harness {
	t.Helper()
	h := &harness{t: t, now: t0}
	plan := &Plan{}
	for i, l := range items {
		id := fmt.Sprintf("q%d", i+1)
		plan.Items = append(plan.Items, PlanItem{
			Position: i + 1, Question: bank.Question{ID: id, Text: "Question " + id},
			RoundID: "behavioral", CategoryID: "cat", Limits: l,
		})
	}
	rec := &Record{Format: FormatVersion, ID: "test"}
	for _, it := range plan.Items {
		rec.Plan.Questions = append(rec.Plan.Questions, PlanQuestion{Position: it.Position, QuestionID: it.Question.ID})
	}
	cfg := Config{
		Plan:   plan,
		Record: rec,
		Dir:    "/sessions/test",
		Save: func(dir string, r *Record) error {
			c := *r
			c.Takes = append([]Take(nil), r.Takes...)
			h.saves = append(h.saves, c)
			return nil
		},
		Emit:  func(ev Event) { h.events = append(h.events, ev) },
		Clock: harnessClock{h},
	}
	if record {
		h.rec = &fakeRecorder{h: h, peak: 9000}
		cfg.Recorder = h.rec
	}
	h.e = NewEngine(cfg)
	if err := h.e.Start(h.now); err != nil {
		t.Fatal(err)
	}
	return h
}

type harnessClock struct{ h *harness }

func (c harnessClock) Now() time.Time                       { return c.h.now }
func (c harnessClock) After(time.Duration) <-chan time.Time { panic("the harness drives time") }

func (h *harness) at() string { return fmtOffset(h.now.Sub(t0)) }

func fmtOffset(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }

// advance moves time forward by d, waking the engine whenever it asks.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	end := h.now.Add(d)
	for {
		w, ok := h.e.NextWake(h.now)
		if !ok || h.now.Add(w).After(end) {
			h.now = end
			if ok {
				h.must(h.e.Tick(h.now))
			}
			return
		}
		h.now = h.now.Add(w)
		h.must(h.e.Tick(h.now))
	}
}

func (h *harness) do(c Command) {
	h.t.Helper()
	h.must(h.e.Handle(c, h.now))
}

func (h *harness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

// log renders the events compactly: "kind phase left @time".
func (h *harness) log() []string {
	var out []string
	for _, ev := range h.events {
		at := fmtOffset(ev.At.Sub(t0))
		switch ev.Kind {
		case EvQuestion:
			out = append(out, fmt.Sprintf("question %s @%s", ev.Item.Question.ID, at))
		case EvPhase:
			out = append(out, fmt.Sprintf("phase %s %s @%s", ev.Phase, fmtOffset(ev.Left), at))
		case EvTick:
			out = append(out, fmt.Sprintf("tick %s %d @%s", ev.Phase, shownSecond(ev.Left), at))
		case EvTakeStarted:
			out = append(out, fmt.Sprintf("take-start %s @%s", ev.Take.File, at))
		case EvTakeSaved:
			out = append(out, fmt.Sprintf("take-saved %s %s %.1fs @%s", ev.Take.File, ev.Take.Status, ev.Take.LengthS, at))
		case EvPaused:
			out = append(out, "paused @"+at)
		case EvResumed:
			out = append(out, "resumed @"+at)
		case EvSkipped:
			out = append(out, "skipped @"+at)
		case EvNotice:
			out = append(out, "notice @"+at)
		case EvSessionEnd:
			out = append(out, fmt.Sprintf("end %s @%s", ev.Record.Status, at))
		}
	}
	return out
}

func (h *harness) expectLog(want ...string) {
	h.t.Helper()
	got := h.log()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Errorf("events:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func (h *harness) expectCalls(want ...string) {
	h.t.Helper()
	if strings.Join(h.rec.calls, "\n") != strings.Join(want, "\n") {
		h.t.Errorf("recorder calls:\n  %s\nwant:\n  %s", strings.Join(h.rec.calls, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestCountdownWarningOvertime(t *testing.T) {
	h := newHarness(t, []Limits{{Prep: 2 * time.Second, Answer: 5 * time.Second, Warn: 2 * time.Second, Overtime: 2 * time.Second}}, true)
	h.advance(20 * time.Second)
	h.expectLog(
		"question q1 @0.0s",
		"phase prep 2.0s @0.0s",
		"tick prep 1 @1.0s",
		"take-start 01-q1.wav @2.0s",
		"phase answer 5.0s @2.0s",
		"tick answer 4 @3.0s",
		"tick answer 3 @4.0s",
		"phase warning 2.0s @5.0s",
		"tick warning 1 @6.0s",
		"phase overtime 0.0s @7.0s",
		"tick overtime -1 @8.0s",
		"take-saved 01-q1.wav done 7.0s @9.0s",
		"end complete @9.0s",
	)
	h.expectCalls("start 01-q1.wav @2.0s", "stop @9.0s")
	if !h.e.Done() {
		t.Error("engine not done")
	}
	if _, ok := h.e.NextWake(h.now); ok {
		t.Error("a finished engine still asks to be woken")
	}
}

func TestHardStopWithoutOvertime(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 6 * time.Second, Warn: 30 * time.Second}}, true)
	h.advance(10 * time.Second)
	h.expectCalls("start 01-q1.wav @0.0s", "stop @6.0s")
	if got := h.e.rec.Takes[0]; got.LengthS != 6 || got.Status != TakeDone {
		t.Errorf("take = %.3fs %s, want 6s done", got.LengthS, got.Status)
	}
	// warn >= answer: no warning stage, and no prep event with prep 0.
	for _, l := range h.log() {
		if strings.HasPrefix(l, "phase warning") || strings.HasPrefix(l, "phase prep") {
			t.Errorf("unexpected %q", l)
		}
	}
}

func TestCountdownTicksEverySecond(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 25 * time.Second}}, false)
	h.advance(30 * time.Second)
	var ticks []string
	for _, l := range h.log() {
		if strings.HasPrefix(l, "tick") {
			ticks = append(ticks, strings.Fields(l)[2])
		}
	}
	want := "24 23 22 21 20 19 18 17 16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1"
	if strings.Join(ticks, " ") != want {
		t.Errorf("ticks %v, want %s", ticks, want)
	}
}

func TestFinishInPrepStartsAnswerAtOnce(t *testing.T) {
	h := newHarness(t, []Limits{{Prep: 30 * time.Second, Answer: 4 * time.Second}}, true)
	h.advance(1500 * time.Millisecond)
	h.do(CmdFinish)
	h.advance(1 * time.Second)
	h.do(CmdFinish)
	h.expectCalls("start 01-q1.wav @1.5s", "stop @2.5s")
	if h.e.rec.Status != SessionComplete || h.e.rec.Takes[0].LengthS != 1 {
		t.Errorf("status %s length %.1f", h.e.rec.Status, h.e.rec.Takes[0].LengthS)
	}
}

func TestPauseFreezesClockAndRecording(t *testing.T) {
	h := newHarness(t, []Limits{{Prep: 2 * time.Second, Answer: 5 * time.Second}}, true)
	h.advance(1 * time.Second)
	h.do(CmdPause) // in prep
	if _, ok := h.e.NextWake(h.now); ok {
		t.Fatal("paused engine asks to be woken")
	}
	h.advance(10 * time.Second)
	if got := h.e.Left(h.now); got != time.Second {
		t.Fatalf("prep left after pause = %s, want 1s", got)
	}
	h.do(CmdPause) // resume at 11s; answer starts at 12s
	h.advance(3 * time.Second)
	h.do(CmdPause) // pause the answer at 14s with 3s left
	h.advance(7 * time.Second)
	h.do(CmdPause) // resume at 21s
	h.advance(10 * time.Second)
	h.expectCalls("start 01-q1.wav @12.0s", "pause @14.0s", "resume @21.0s", "stop @24.0s")
	if got := h.e.rec.Takes[0].LengthS; got != 5 {
		t.Errorf("take length %.1fs, want 5s (pause excluded)", got)
	}
	log := strings.Join(h.log(), "\n")
	for _, want := range []string{"paused @1.0s", "resumed @11.0s", "paused @14.0s", "resumed @21.0s"} {
		if !strings.Contains(log, want) {
			t.Errorf("no %q in\n%s", want, log)
		}
	}
}

func TestRetakeKeepsOldTake(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 10 * time.Second}}, true)
	h.advance(3 * time.Second)
	h.do(CmdRetake)
	h.advance(4 * time.Second)
	if left := h.e.Left(h.now); left != 6*time.Second {
		t.Errorf("answer clock after retake: %s left, want 6s (restarted)", left)
	}
	h.do(CmdFinish)
	h.expectCalls("start 01-q1.wav @0.0s", "stop @3.0s", "start 01-q1.take2.wav @3.0s", "stop @7.0s")
	takes := h.e.rec.Takes
	if len(takes) != 2 || takes[0].Take != 1 || takes[1].Take != 2 || takes[0].Status != TakeDone || takes[1].Status != TakeDone {
		t.Fatalf("takes %+v", takes)
	}
	if takes[0].LengthS != 3 || takes[1].LengthS != 4 {
		t.Errorf("lengths %.1f %.1f, want 3 4", takes[0].LengthS, takes[1].LengthS)
	}
}

func TestRetakeInPrepOnlyExplains(t *testing.T) {
	h := newHarness(t, []Limits{{Prep: 5 * time.Second, Answer: 10 * time.Second}}, true)
	h.do(CmdRetake)
	if h.e.Phase() != PhasePrep || len(h.rec.calls) != 0 {
		t.Errorf("phase %s calls %v", h.e.Phase(), h.rec.calls)
	}
	if l := h.log(); l[len(l)-1] != "notice @0.0s" {
		t.Errorf("last event %q, want a notice", l[len(l)-1])
	}
}

func TestSkip(t *testing.T) {
	h := newHarness(t, []Limits{
		{Prep: 5 * time.Second, Answer: 10 * time.Second},
		{Prep: 5 * time.Second, Answer: 10 * time.Second},
		{Answer: 10 * time.Second},
	}, true)
	h.advance(time.Second)
	h.do(CmdSkip) // q1 in prep: nothing recorded
	h.advance(5 * time.Second)
	h.advance(2 * time.Second)
	h.do(CmdSkip) // q2 while answering: the take is kept, stopped; the question skipped
	h.advance(10 * time.Second)
	h.expectCalls("start 02-q2.wav @6.0s", "stop @8.0s", "start 03-q3.wav @8.0s", "stop @18.0s")
	var got []string
	for _, tk := range h.e.rec.Takes {
		got = append(got, fmt.Sprintf("%s:%s:%q", tk.QuestionID, tk.Status, tk.File))
	}
	want := `q2:stopped:"02-q2.wav" q3:done:"03-q3.wav"`
	if strings.Join(got, " ") != want {
		t.Errorf("takes %s, want %s", strings.Join(got, " "), want)
	}
	for pos, skipped := range map[int]bool{1: true, 2: true, 3: false} {
		if h.e.rec.Skipped(pos) != skipped {
			t.Errorf("question %d skipped: %v, want %v", pos, !skipped, skipped)
		}
	}
	if last := h.saves[len(h.saves)-1]; !last.Plan.Questions[0].Skipped {
		t.Error("the skip of question 1 was not saved")
	}
}

func TestQuitSavesAndStops(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 10 * time.Second}, {Answer: 10 * time.Second}}, true)
	h.advance(4 * time.Second)
	h.do(CmdQuit)
	h.expectCalls("start 01-q1.wav @0.0s", "stop @4.0s")
	last := h.saves[len(h.saves)-1]
	if last.Status != SessionQuit || len(last.Takes) != 1 || last.Takes[0].Status != TakeStopped || last.Ended == nil {
		t.Errorf("last save: status %s takes %+v", last.Status, last.Takes)
	}
	h.advance(time.Minute)
	if len(h.rec.calls) != 2 {
		t.Errorf("recorder used after quit: %v", h.rec.calls)
	}
}

func TestInterruptKeepsTake(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 20 * time.Second}}, true)
	h.advance(3 * time.Second)
	h.must(h.e.Interrupt(h.now))
	last := h.saves[len(h.saves)-1]
	if last.Status != SessionInterrupted || last.Takes[0].Status != TakeInterrupted || last.Takes[0].LengthS != 3 {
		t.Errorf("after interrupt: %s %+v", last.Status, last.Takes[0])
	}
}

func TestSavedBeforeAndAfterEachTake(t *testing.T) {
	h := newHarness(t, []Limits{{Prep: time.Second, Answer: 2 * time.Second}, {Answer: 2 * time.Second}}, true)
	h.advance(time.Minute)
	var got []string
	for _, s := range h.saves {
		var st []string
		for _, tk := range s.Takes {
			st = append(st, tk.Status)
		}
		got = append(got, s.Status+"["+strings.Join(st, ",")+"]")
	}
	want := "running[] running[recording] running[done] running[done,recording] running[done,done] complete[done,done]"
	if strings.Join(got, " ") != want {
		t.Errorf("saves %s\nwant  %s", strings.Join(got, " "), want)
	}
}

func TestNoRecorderTimesTakes(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 5 * time.Second}}, false)
	h.advance(2 * time.Second)
	h.do(CmdFinish)
	tk := h.e.rec.Takes[0]
	if tk.File != "" || tk.LengthS != 2 || tk.Status != TakeDone {
		t.Errorf("take %+v", tk)
	}
}

// A take that begins late (a device waking up) starts the answer clock
// then; the countdown never shows more than the answer limit.
func TestLateTakeStartNeverShowsMoreThanTheLimit(t *testing.T) {
	h := newHarness(t, []Limits{{Prep: time.Second, Answer: 12 * time.Second}}, true)
	h.rec.delay = 700 * time.Millisecond
	h.advance(5 * time.Second)
	for _, ev := range h.events {
		if (ev.Kind == EvTick || ev.Kind == EvPhase) && ev.Phase.Answering() && ev.Left > 12*time.Second {
			t.Fatalf("%v shows %s left of a 12 s answer", ev.Phase, ev.Left)
		}
	}
}

// The same when question 1's time runs out and question 2 (no prep) starts
// at once with a late take: its countdown never starts above its limit.
func TestLateTakeAfterTimeoutNeverShowsMoreThanTheLimit(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 3 * time.Second}, {Answer: 3 * time.Second}}, true)
	h.rec.delay = 300 * time.Millisecond
	h.advance(8 * time.Second)
	ticks := 0
	for _, ev := range h.events {
		if ev.Item == nil || ev.Item.Position != 2 || !ev.Phase.Answering() {
			continue
		}
		if (ev.Kind == EvTick || ev.Kind == EvPhase) && ev.Left > 3*time.Second {
			t.Fatalf("question 2: %v shows %s left of a 3 s answer", ev.Phase, ev.Left)
		}
		if ev.Kind == EvTick {
			ticks++
		}
	}
	if ticks < 2 {
		t.Fatalf("question 2 ticked %d times; want its countdown", ticks)
	}
}

func TestSilentTakeGetsAHint(t *testing.T) {
	for _, peak := range []int{0, 1200} {
		h := newHarness(t, []Limits{{Answer: 2 * time.Second}}, true)
		h.rec.peak = peak
		h.advance(3 * time.Second)
		hinted := false
		for _, ev := range h.events {
			hinted = hinted || ev.Kind == EvNotice && ev.Text == SilentTakeHint("")
		}
		if hinted != (peak == 0) {
			t.Errorf("peak %d: hint shown %v", peak, hinted)
		}
	}
}

func TestRecorderStopErrorFailsLoudly(t *testing.T) {
	h := newHarness(t, []Limits{{Answer: 5 * time.Second}}, true)
	h.rec.failStop = errors.New("disk full")
	err := h.e.Handle(CmdFinish, h.now.Add(time.Second))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
}

// autoClock is a fake clock whose timers fire at once, moving time forward:
// Run goes through a whole session instantly and deterministically.
type autoClock struct{ now time.Time }

func (c *autoClock) Now() time.Time { return c.now }
func (c *autoClock) After(d time.Duration) <-chan time.Time {
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func TestRunWholeSession(t *testing.T) {
	clock := &autoClock{now: t0}
	var saved *Record
	plan := &Plan{Items: []PlanItem{
		{Position: 1, Question: bank.Question{ID: "a"}, Limits: Limits{Prep: 3 * time.Second, Answer: 10 * time.Second, Warn: 3 * time.Second, Overtime: 2 * time.Second}},
		{Position: 2, Question: bank.Question{ID: "b"}, Limits: Limits{Answer: 5 * time.Second}},
	}}
	e := NewEngine(Config{
		Plan: plan, Record: &Record{ID: "x"}, Clock: clock,
		Save: func(_ string, r *Record) error { saved = r; return nil },
	})
	if err := e.Run(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if saved.Status != SessionComplete || len(saved.Takes) != 2 {
		t.Fatalf("status %s takes %d", saved.Status, len(saved.Takes))
	}
	if got := clock.now.Sub(t0); got != 20*time.Second {
		t.Errorf("session took %s of fake time, want 20s (3 prep + 12 + 5)", got)
	}
	if saved.Takes[0].LengthS != 12 || saved.Takes[1].LengthS != 5 {
		t.Errorf("lengths %.1f %.1f", saved.Takes[0].LengthS, saved.Takes[1].LengthS)
	}
}

func TestRunCommandsAndClosedInput(t *testing.T) {
	clock := &autoClock{now: t0}
	var saved *Record
	plan := &Plan{Items: []PlanItem{
		{Position: 1, Question: bank.Question{ID: "a"}, Limits: Limits{Prep: time.Hour, Answer: 10 * time.Second}},
		{Position: 2, Question: bank.Question{ID: "b"}, Limits: Limits{Answer: 5 * time.Second}},
	}}
	rec := &Record{ID: "x", Plan: PlanRecord{Questions: []PlanQuestion{{Position: 1, QuestionID: "a"}, {Position: 2, QuestionID: "b"}}}}
	e := NewEngine(Config{Plan: plan, Record: rec, Clock: &stoppedClock{clock}, Save: func(_ string, r *Record) error { saved = r; return nil }})
	cmds := make(chan Command, 2)
	cmds <- CmdSkip
	close(cmds) // end of input: timers drive the rest
	if err := e.Run(context.Background(), cmds, nil); err != nil {
		t.Fatal(err)
	}
	if saved.Status != SessionComplete || !saved.Skipped(1) || len(saved.Takes) != 1 || saved.Takes[0].Status != TakeDone {
		t.Errorf("status %s, skipped %v, takes %+v", saved.Status, saved.Skipped(1), saved.Takes)
	}
}

// stoppedClock never fires while a command is waiting: it hands Run a timer
// only once the command channel is drained, so commands come first.
type stoppedClock struct{ *autoClock }

func (c *stoppedClock) After(d time.Duration) <-chan time.Time {
	if d > time.Minute {
		return nil
	}
	return c.autoClock.After(d)
}

func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var saved *Record
	plan := &Plan{Items: []PlanItem{{Position: 1, Question: bank.Question{ID: "a"}, Limits: Limits{Answer: time.Hour}}}}
	e := NewEngine(Config{Plan: plan, Record: &Record{ID: "x"}, Clock: &stoppedClock{&autoClock{now: t0}}, Save: func(_ string, r *Record) error { saved = r; return nil }})
	err := e.Run(ctx, nil, nil)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v", err)
	}
	if saved.Status != SessionInterrupted || saved.Takes[0].Status != TakeInterrupted {
		t.Errorf("saved %s %+v", saved.Status, saved.Takes)
	}
}

func TestRunFault(t *testing.T) {
	faults := make(chan error, 1)
	faults <- errors.New("input device vanished")
	var saved *Record
	plan := &Plan{Items: []PlanItem{{Position: 1, Question: bank.Question{ID: "a"}, Limits: Limits{Answer: time.Hour}}}}
	e := NewEngine(Config{Plan: plan, Record: &Record{ID: "x"}, Clock: &stoppedClock{&autoClock{now: t0}}, Save: func(_ string, r *Record) error { saved = r; return nil }})
	err := e.Run(context.Background(), nil, faults)
	if err == nil || !strings.Contains(err.Error(), "vanished") {
		t.Fatalf("err = %v", err)
	}
	if saved.Status != SessionFailed || saved.Error == "" || saved.Takes[0].Status != TakeInterrupted {
		t.Errorf("saved %s %q %+v", saved.Status, saved.Error, saved.Takes)
	}
}

// TestTimeUpOnce: the moment an answer's time runs out is told once, as
// overtime starts or, with no overtime, as the take stops.
func TestTimeUpOnce(t *testing.T) {
	for _, overtime := range []time.Duration{0, 5 * time.Second} {
		h := newHarness(t, []Limits{{Answer: 4 * time.Second, Warn: 2 * time.Second, Overtime: overtime}}, true)
		h.advance(20 * time.Second)
		var at []string
		for _, ev := range h.events {
			if ev.Kind == EvTimeUp {
				at = append(at, fmtOffset(ev.At.Sub(t0)))
			}
		}
		if strings.Join(at, " ") != "4.0s" {
			t.Errorf("overtime %v: time up told at %v, want once at 4.0s", overtime, at)
		}
	}
}
