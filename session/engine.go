package session

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/mockround/mockround/audio"
)

// Phase is where the current question stands.
type Phase int

// The phases of a question, in order. Warning and Overtime are stages of the
// answer: the answer clock keeps running through them.
const (
	PhaseIdle Phase = iota
	PhasePrep
	PhaseAnswer
	PhaseWarning
	PhaseOvertime
	PhaseDone
)

func (p Phase) String() string {
	switch p {
	case PhasePrep:
		return "prep"
	case PhaseAnswer:
		return "answer"
	case PhaseWarning:
		return "warning"
	case PhaseOvertime:
		return "overtime"
	case PhaseDone:
		return "done"
	}
	return "idle"
}

// Answering reports whether a take is being recorded in this phase.
func (p Phase) Answering() bool { return p == PhaseAnswer || p == PhaseWarning || p == PhaseOvertime }

// Command is something the candidate asks for.
type Command int

// The commands of a run.
const (
	CmdFinish Command = iota + 1 // in prep: start answering now; answering: end the take
	CmdPause                     // pause or resume the clock and the recording
	CmdRetake                    // keep this take, start a new one
	CmdSkip                      // move on without answering
	CmdQuit                      // save and stop the session
)

func (c Command) String() string {
	switch c {
	case CmdFinish:
		return "finish"
	case CmdPause:
		return "pause"
	case CmdRetake:
		return "retake"
	case CmdSkip:
		return "skip"
	case CmdQuit:
		return "quit"
	}
	return fmt.Sprintf("command(%d)", int(c))
}

// TakeResult is what a recorder reports about a finished take.
type TakeResult struct {
	Frames    int64
	Rate      int
	Overflows int64
	Dropped   int64
	// Suspended is how long the process did not run while the take
	// recorded (Ctrl-Z, SIGSTOP, a machine asleep); Gap how much audio the
	// take lacks, for that or any other reason. Both zero when none.
	Suspended time.Duration
	Gap       time.Duration
	Analysis  *audio.Analysis
}

// Recorder records takes. The engine calls it from one goroutine.
type Recorder interface {
	// StartTake starts recording and returns the moment the take began,
	// which the answer clock starts from.
	StartTake(path string) (time.Time, error)
	Pause()
	Resume()
	StopTake() (TakeResult, error)
}

// Clock tells the time and wakes the engine up.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// After waits for d.
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// EventKind says what happened.
type EventKind int

// Events, in the order a question produces them.
const (
	EvSessionStart EventKind = iota + 1 // Record, Plan set
	EvQuestion                          // a new question: Item
	EvPhase                             // Phase entered: Phase, Left
	EvTick                              // the shown second changed: Phase, Left
	EvPaused
	EvResumed
	EvTakeStarted // Take (status recording)
	EvTakeSaved   // Take (finished)
	EvSkipped     // Item skipped
	EvNotice      // Text: something to tell the candidate
	EvSessionEnd  // Record; Record.Status says how it ended; Discarded
	// EvTimeUp: the answer's time has just run out (overtime starts, or
	// the take stops), for a cue.
	EvTimeUp
)

// Event is one thing a face shows.
type Event struct {
	Kind   EventKind
	At     time.Time
	Item   *PlanItem
	Total  int // number of questions in the plan
	Phase  Phase
	Left   time.Duration // time left in the phase; negative in overtime
	Take   *Take         // a copy
	Text   string
	Record *Record
	Dir    string // the session directory
	// Discarded (EvSessionEnd): nothing was recorded, rated or noted, so
	// the session was not kept (see Config.Discard).
	Discarded bool
}

// SilentTakeHint is shown after a take whose every sample is zero; self is
// the command as the user runs it ("mockround" when empty).
func SilentTakeHint(self string) string {
	return "this take is pure digital silence (every sample is zero): the microphone may be muted or switched off, " +
		"or this terminal may not be allowed to use it (macOS: System Settings › Privacy & Security › Microphone). " +
		"Check the input with: " + command(self) + " devices"
}

// command is self, the command as the user runs it, or "mockround".
func command(self string) string {
	if self == "" {
		return "mockround"
	}
	return self
}

// ErrInterrupted is returned by Run when the context was cancelled (Ctrl-C).
var ErrInterrupted = errors.New("interrupted")

// Config wires an engine to its collaborators.
type Config struct {
	Plan     *Plan
	Record   *Record  // the session record; its Takes grow as the session runs
	Dir      string   // session directory: session.json and WAVs go here
	Recorder Recorder // nil: run the timers without recording
	Clock    Clock
	Save     func(dir string, rec *Record) error // nil: Save
	Emit     func(Event)                         // nil: events are dropped
	// Announce, when set, is called with each question before its prep
	// phase starts (to read it aloud); the clocks start when it returns.
	Announce func(*PlanItem)
	// Discard, when set, removes a session that ends with nothing worth
	// keeping (Record.Keep), instead of its last save.
	Discard func() error
	// Self is the command as the user runs it, for the hints the engine
	// gives ("mockround" when empty).
	Self string
}

// Engine runs a session: for each planned question a prep countdown, then an
// answer countdown with warning and overtime stages while a take records.
// It is a state machine driven by Start, Tick and Handle with explicit
// times, so tests need no real clock; Run drives it for real.
type Engine struct {
	cfg   Config
	rec   *Record
	items []PlanItem

	idx        int // current item
	phase      Phase
	phaseStart time.Time
	paused     bool
	pausedAt   time.Time
	pausedFor  time.Duration // pause time within the current phase
	shown      int64         // last second shown by EvTick, to emit one per second
	take       int           // index into rec.Takes of the take recording, or -1
	takeNo     map[int]int   // position -> takes so far (follow-ups: -position)
	inFull     map[int]bool  // position -> its last take ended done (not skipped or stopped)
}

// NewEngine returns an engine ready to Start.
func NewEngine(cfg Config) *Engine {
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	if cfg.Save == nil {
		cfg.Save = Save
	}
	if cfg.Emit == nil {
		cfg.Emit = func(Event) {}
	}
	e := &Engine{cfg: cfg, rec: cfg.Record, items: cfg.Plan.Items, take: -1, takeNo: map[int]int{}, inFull: map[int]bool{}}
	// A resumed session numbers its new takes after those it kept, so no
	// take (nor its WAV) takes the place of one recorded before.
	if e.rec != nil {
		for _, t := range e.rec.Takes {
			key := t.Position
			if t.FollowUp != "" {
				key = -key
			}
			e.takeNo[key] = max(e.takeNo[key], t.Take)
		}
	}
	return e
}

// Phase returns the current phase.
func (e *Engine) Phase() Phase { return e.phase }

// Done reports whether the session has ended.
func (e *Engine) Done() bool { return e.phase == PhaseDone }

// Paused reports whether the clock is paused.
func (e *Engine) Paused() bool { return e.paused }

// Current returns the current question, or nil when done.
func (e *Engine) Current() *PlanItem {
	if e.idx < len(e.items) && e.phase != PhaseDone {
		return &e.items[e.idx]
	}
	return nil
}

func (e *Engine) emit(ev Event) {
	ev.Total = max(e.cfg.Plan.Questions(), len(e.rec.Plan.Questions)) // a resumed session asks only some of its questions
	ev.Dir = e.cfg.Dir
	e.cfg.Emit(ev)
}

// errSave marks a failure to write session.json.
var errSave = errors.New("save session")

func (e *Engine) save() error {
	if err := e.cfg.Save(e.cfg.Dir, e.rec); err != nil {
		return fmt.Errorf("%w: %w", errSave, err)
	}
	return nil
}

// Start saves the record and opens the first question.
func (e *Engine) Start(now time.Time) error {
	e.rec.Status = SessionRunning
	if err := e.save(); err != nil {
		return err
	}
	e.emit(Event{Kind: EvSessionStart, At: now, Record: e.rec})
	return e.openQuestion(now)
}

func (e *Engine) openQuestion(now time.Time) error {
	if e.idx >= len(e.items) {
		return e.finish(now, SessionComplete, "")
	}
	it := &e.items[e.idx]
	if it.FollowUp != "" && !e.inFull[it.Position] {
		e.idx++ // a follow-up only follows an answer given in full
		return e.openQuestion(now)
	}
	e.emit(Event{Kind: EvQuestion, At: now, Item: it})
	if e.cfg.Announce != nil {
		e.cfg.Announce(it)
		if real := e.cfg.Clock.Now(); real.After(now) {
			now = real
		}
	}
	if it.Limits.Prep > 0 {
		e.phaseStart, e.pausedFor, e.paused = now, 0, false
		e.enter(PhasePrep, now, it.Limits.Prep)
		return nil
	}
	return e.startTake(now)
}

func (e *Engine) enter(p Phase, now time.Time, left time.Duration) {
	e.phase = p
	e.shown = shownSecond(left)
	e.emit(Event{Kind: EvPhase, At: now, Item: e.Current(), Phase: p, Left: left})
}

// elapsed is the unpaused time spent in the current phase. A phase can
// start after the moment it is asked about: a take whose recording begins
// later than the command that started it (a device waking up). None of it
// has elapsed then, so no clock shows more than its limit.
func (e *Engine) elapsed(now time.Time) time.Duration {
	if e.paused {
		now = e.pausedAt
	}
	return max(now.Sub(e.phaseStart)-e.pausedFor, 0)
}

// Left returns the time left in the current phase at now: for the answer
// stages, time left on the answer clock (negative in overtime).
func (e *Engine) Left(now time.Time) time.Duration {
	it := e.Current()
	if it == nil {
		return 0
	}
	switch {
	case e.phase == PhasePrep:
		return it.Limits.Prep - e.elapsed(now)
	case e.phase.Answering():
		return it.Limits.Answer - e.elapsed(now)
	}
	return 0
}

// answerStage is the stage of the answer clock with left on it, and whether
// the take is over.
func answerStage(l Limits, left time.Duration) (Phase, bool) {
	switch {
	case left > l.Warn || (left > 0 && l.Warn >= l.Answer):
		return PhaseAnswer, false
	case left > 0:
		return PhaseWarning, false
	case -left < l.Overtime:
		return PhaseOvertime, false
	}
	return PhaseOvertime, true
}

// shownSecond is the whole second a countdown shows for left: rounded up
// while time remains (0:05 until 4 s are left), rounded down in overtime.
func shownSecond(left time.Duration) int64 {
	if left > 0 {
		return int64((left + time.Second - 1) / time.Second)
	}
	return -int64(-left / time.Second)
}

// Tick advances the clocks to now: countdown events, stage changes, the end
// of prep, the end of a take.
func (e *Engine) Tick(now time.Time) error {
	for !e.paused && e.phase != PhaseDone && e.phase != PhaseIdle {
		it := e.Current()
		left := e.Left(now)
		if e.phase == PhasePrep {
			if left <= 0 {
				if err := e.startTake(e.phaseStart.Add(e.pausedFor + it.Limits.Prep)); err != nil {
					return err
				}
				// The take may have begun after now (a device waking up):
				// the answer clock must not show more than its limit.
				if e.phaseStart.After(now) {
					now = e.phaseStart
				}
				continue
			}
		} else {
			stage, over := answerStage(it.Limits, left)
			if left <= 0 && e.phase != PhaseOvertime {
				e.emit(Event{Kind: EvTimeUp, At: now, Item: it, Phase: e.phase, Left: left})
			}
			if over {
				if err := e.endTake(now, TakeDone); err != nil {
					return err
				}
				if err := e.next(now); err != nil {
					return err
				}
				continue
			}
			if stage != e.phase {
				e.enter(stage, now, left)
				continue
			}
		}
		if s := shownSecond(left); s != e.shown {
			e.shown = s
			e.emit(Event{Kind: EvTick, At: now, Item: it, Phase: e.phase, Left: left})
		}
		return nil
	}
	return nil
}

// NextWake returns how long after now the engine next has something to do,
// and false when only a command can move it (paused, or done).
func (e *Engine) NextWake(now time.Time) (time.Duration, bool) {
	if e.paused || e.phase == PhaseDone || e.phase == PhaseIdle {
		return 0, false
	}
	it := e.Current()
	left := e.Left(now)
	var wait time.Duration
	if left > 0 {
		// until the shown second drops
		wait = left - time.Duration(shownSecond(left)-1)*time.Second
		if e.phase.Answering() && left > it.Limits.Warn && it.Limits.Warn < it.Limits.Answer {
			wait = min(wait, left-it.Limits.Warn)
		}
	} else {
		over := -left
		wait = time.Duration(over/time.Second+1)*time.Second - over
		wait = min(wait, it.Limits.Overtime-over)
	}
	return max(wait, 0), true
}

// Handle carries out a command given at now.
func (e *Engine) Handle(c Command, now time.Time) error {
	if e.phase == PhaseDone || e.phase == PhaseIdle {
		return nil
	}
	if c == CmdPause {
		e.togglePause(now)
		return nil
	}
	if e.paused {
		// Any other command resumes the clock first.
		e.pausedFor += now.Sub(e.pausedAt)
		e.paused = false
	}
	switch c {
	case CmdFinish:
		if e.phase == PhasePrep {
			return e.startTake(now)
		}
		if err := e.endTake(now, TakeDone); err != nil {
			return err
		}
		return e.next(now)
	case CmdRetake:
		if e.phase == PhasePrep {
			e.emit(Event{Kind: EvNotice, At: now, Item: e.Current(), Text: "nothing to retake yet: press Enter to start answering"})
			return nil
		}
		if err := e.endTake(now, TakeDone); err != nil {
			return err
		}
		return e.startTake(now)
	case CmdSkip:
		if e.phase.Answering() {
			if err := e.skipTake(now); err != nil {
				return err
			}
		}
		if err := e.recordSkip(); err != nil {
			return err
		}
		e.emit(Event{Kind: EvSkipped, At: now, Item: e.Current()})
		return e.next(now)
	case CmdQuit:
		if e.phase.Answering() {
			if err := e.endTake(now, TakeStopped); err != nil {
				return err
			}
		}
		return e.finish(now, SessionQuit, "")
	}
	return fmt.Errorf("unknown command %v", c)
}

func (e *Engine) togglePause(now time.Time) {
	if e.paused {
		e.pausedFor += now.Sub(e.pausedAt)
		e.paused = false
		if e.take >= 0 && e.cfg.Recorder != nil {
			e.cfg.Recorder.Resume()
		}
		e.emit(Event{Kind: EvResumed, At: now, Item: e.Current(), Phase: e.phase, Left: e.Left(now)})
		return
	}
	e.paused = true
	e.pausedAt = now
	if e.take >= 0 && e.cfg.Recorder != nil {
		e.cfg.Recorder.Pause()
	}
	e.emit(Event{Kind: EvPaused, At: now, Item: e.Current(), Phase: e.phase, Left: e.Left(now)})
}

// Interrupt ends the session after a signal: the take in progress is
// finalised and kept, the record saved with status interrupted.
func (e *Engine) Interrupt(now time.Time) error {
	return e.stopAll(now, SessionInterrupted, "")
}

// Fail ends the session after a fault (the device vanished, the disk filled):
// whatever was recorded is kept and the record says why the session stopped.
func (e *Engine) Fail(now time.Time, cause error) error {
	// Stopping after a fault usually fails for the same reason (a full disk
	// fails the WAV and the session file alike): report the cause, and only
	// whether the session file could be brought up to date.
	if err := e.stopAll(now, SessionFailed, cause.Error()); err != nil && errors.Is(err, errSave) {
		return fmt.Errorf("%w; the session file could not be updated either: run `%s repair` once this is fixed", cause, command(e.cfg.Self))
	}
	return cause
}

func (e *Engine) stopAll(now time.Time, status, why string) error {
	if e.phase == PhaseDone {
		return nil
	}
	var err error
	if e.take >= 0 {
		err = e.endTake(now, TakeInterrupted)
	}
	return errors.Join(err, e.finish(now, status, why))
}

func (e *Engine) next(now time.Time) error {
	e.idx++
	return e.openQuestion(now)
}

func (e *Engine) finish(now time.Time, status, why string) error {
	e.phase = PhaseDone
	e.paused = false
	e.rec.Status = status
	e.rec.Error = why
	end := now.UTC()
	e.rec.Ended = &end
	if e.cfg.Discard != nil && !e.rec.Keep() {
		err := e.cfg.Discard()
		e.emit(Event{Kind: EvSessionEnd, At: now, Record: e.rec, Discarded: err == nil})
		return err
	}
	err := e.save()
	e.emit(Event{Kind: EvSessionEnd, At: now, Record: e.rec})
	return err
}

func (e *Engine) newTake(now time.Time, status string) Take {
	it := e.Current()
	key := it.Position
	if it.FollowUp != "" {
		key = -key
	}
	e.takeNo[key]++
	return Take{
		Position:      it.Position,
		Take:          e.takeNo[key],
		FollowUp:      it.FollowUp,
		QuestionID:    it.Question.ID,
		Question:      it.Question.Text,
		Round:         it.RoundID,
		RoundTitle:    it.RoundTitle,
		Category:      it.CategoryID,
		CategoryTitle: it.CategoryTitle,
		Limits:        it.Limits.Record(),
		Started:       now.UTC(),
		Status:        status,
	}
}

// startTake begins the answer clock and a new take. The record is saved
// with the take marked recording before any audio is written, so a crash
// leaves a session that knows about the file.
func (e *Engine) startTake(now time.Time) error {
	it := e.Current()
	t := e.newTake(now, TakeRecording)
	if e.cfg.Recorder != nil {
		t.File = t.defaultName()
	}
	e.rec.Takes = append(e.rec.Takes, t)
	e.take = len(e.rec.Takes) - 1
	if err := e.save(); err != nil {
		// No take starts that the session file does not know of.
		e.rec.Takes = e.rec.Takes[:e.take]
		e.take = -1
		return err
	}
	if e.cfg.Recorder != nil {
		began, err := e.cfg.Recorder.StartTake(filepath.Join(e.cfg.Dir, t.File))
		if err != nil {
			e.rec.Takes = e.rec.Takes[:e.take]
			e.take = -1
			return fmt.Errorf("start recording %s: %w", t.File, err)
		}
		// The answer clock starts when the recording does, which can be
		// later than asked while a just-opened device wakes up.
		if began.After(now) {
			now = began
			e.rec.Takes[e.take].Started = now.UTC()
		}
	}
	e.phaseStart, e.pausedFor, e.paused = now, 0, false
	tc := e.rec.Takes[e.take]
	e.emit(Event{Kind: EvTakeStarted, At: now, Item: it, Take: &tc})
	stage, _ := answerStage(it.Limits, it.Limits.Answer)
	e.enter(stage, now, it.Limits.Answer)
	return nil
}

// endTake stops the take in progress, whatever the reason, and saves it.
func (e *Engine) endTake(now time.Time, status string) error {
	if e.take < 0 {
		return nil
	}
	res, err := e.stopRecorder()
	return e.keepTake(now, status, res, err)
}

// skipTake ends the take in progress for a skip. A take skipped as its
// answer began (under MinKeepS of answer time, and of recording) is no
// answer: it is dropped with its WAV and its number, and no "take saved"
// follows. Any longer take is kept, stopped, and so is a short one whose
// recording failed to stop cleanly or whose WAV could not be removed.
func (e *Engine) skipTake(now time.Time) error {
	if e.take < 0 {
		return nil
	}
	short := e.elapsed(now) < MinKeepS*time.Second
	res, err := e.stopRecorder()
	short = short && (res.Frames == 0 || res.Rate > 0 && float64(res.Frames) < MinKeepS*float64(res.Rate))
	if short && err == nil && e.removeWAV() == nil {
		return e.dropTake()
	}
	return e.keepTake(now, TakeStopped, res, err)
}

// removeWAV removes the recording of the take in progress, if it has one.
func (e *Engine) removeWAV() error {
	t := e.rec.Takes[e.take]
	if t.File == "" {
		return nil
	}
	if err := os.Remove(filepath.Join(e.cfg.Dir, t.File)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// stopRecorder stops the recording of the take in progress; without a
// recorder there is nothing to stop.
func (e *Engine) stopRecorder() (TakeResult, error) {
	if e.cfg.Recorder == nil {
		return TakeResult{}, nil
	}
	return e.cfg.Recorder.StopTake()
}

// keepTake ends the take in progress with status, its recording stopped
// with res and recErr, and saves it.
func (e *Engine) keepTake(now time.Time, status string, res TakeResult, recErr error) error {
	t := &e.rec.Takes[e.take]
	e.take = -1
	if t.FollowUp == "" {
		e.inFull[t.Position] = status == TakeDone
	}
	end := now.UTC()
	t.Ended = &end
	t.Status = status
	silent := false
	if e.cfg.Recorder != nil {
		silent = res.Frames > 0 && res.Analysis != nil && res.Analysis.PeakDBFS <= audio.SilenceDBFS
		t.Frames, t.SampleRate = res.Frames, res.Rate
		t.Overflows, t.DroppedFrames = res.Overflows, res.Dropped
		t.SuspendedS, t.GapS = gapSeconds(res.Suspended), gapSeconds(res.Gap)
		t.Analysis = res.Analysis
		if res.Rate > 0 {
			t.LengthS = float64(res.Frames) / float64(res.Rate)
		}
	} else {
		t.LengthS = seconds(e.elapsed(now))
	}
	saveErr := e.save()
	tc := *t
	e.emit(Event{Kind: EvTakeSaved, At: now, Item: e.Current(), Take: &tc})
	if silent {
		e.emit(Event{Kind: EvNotice, At: now, Item: e.Current(), Text: SilentTakeHint(e.cfg.Self)})
	}
	if recErr != nil {
		return fmt.Errorf("finish recording %s: %w", t.File, recErr)
	}
	return saveErr
}

// gapSeconds is d in seconds, to the millisecond, for a take's record;
// zero (left out) for none or less than a millisecond.
func gapSeconds(d time.Duration) float64 {
	return math.Round(max(d, 0).Seconds()*1000) / 1000
}

// dropTake removes the take in progress, its recording stopped and
// removed: the take and its number go, and the record is saved without
// them. Its question does not count as answered in full.
func (e *Engine) dropTake() error {
	t := e.rec.Takes[e.take]
	e.rec.Takes = slices.Delete(e.rec.Takes, e.take, e.take+1)
	e.take = -1
	key := t.Position
	if t.FollowUp != "" {
		key = -key
	} else {
		e.inFull[t.Position] = false
	}
	e.takeNo[key]--
	return e.save()
}

// recordSkip marks the current question skipped in the record.
func (e *Engine) recordSkip() error {
	if e.Current().FollowUp != "" {
		// The question itself was answered in full (that is why it was
		// followed up); a skipped follow-up leaves at most a stopped take.
		return nil
	}
	if q := e.rec.PlanQuestion(e.Current().Position); q != nil {
		q.Skipped = true
		return e.save()
	}
	return nil
}

// Run drives the engine in real time until the session ends: commands from
// cmds (a closed channel means no more commands; the timers carry on),
// faults from the recorder, and ctx for Ctrl-C, which ends the session as
// interrupted and returns ErrInterrupted.
func (e *Engine) Run(ctx context.Context, cmds <-chan Command, faults <-chan error) error {
	clock := e.cfg.Clock
	if err := e.Start(clock.Now()); err != nil {
		return err
	}
	for !e.Done() {
		var wake <-chan time.Time
		if d, ok := e.NextWake(clock.Now()); ok {
			wake = clock.After(d)
		}
		var err error
		select {
		case <-ctx.Done():
			if err := e.Interrupt(clock.Now()); err != nil {
				return errors.Join(ErrInterrupted, err)
			}
			return ErrInterrupted
		case c, ok := <-cmds:
			if !ok {
				cmds = nil
				continue
			}
			err = e.Handle(c, clock.Now())
		case f := <-faults:
			return e.Fail(clock.Now(), f)
		case t := <-wake:
			err = e.Tick(t)
		}
		if err != nil {
			return e.Fail(clock.Now(), err)
		}
	}
	return nil
}
