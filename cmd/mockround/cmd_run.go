package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mockround/mockround/audio/capture"
	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/session"
)

type runOptions struct {
	f          *factory
	rounds     []string
	count      int
	pick       string
	seed       uint64
	seedSet    bool
	bank       string
	device     string
	rate       int
	noRecord   bool
	plain      bool
	speak      bool
	question   []string // --question: these questions only
	followUps  bool     // --follow-ups
	cue        string   // --cue: bell, tone or off ("": by face)
	transcribe bool     // --transcribe: each take in the background
	onEvent    func(session.Event)
	resume     string // --resume: the session to continue ("last" when no value)
	// planFlags are the flags given that choose questions (not with --resume).
	planFlags []string

	prep, answer, warn, overtime time.Duration // as parsed; limits holds those given
	limits                       session.Overrides
}

func newRunCmd(f *factory) *cobra.Command {
	o := &runOptions{f: f}
	c := &cobra.Command{
		Use:         "run",
		Aliases:     []string{"round"},
		Short:       "Run a timed mock round and record every answer",
		Annotations: interruptible,
		Long: `Run a timed mock interview. For each question: a prep countdown, then an
answer countdown while your answer is recorded to a WAV file. A warning
stage starts when --warn is left; at zero an overtime grace of --overtime
runs before the take stops itself (--overtime 0 stops it at once).

On a terminal the round runs full screen: the question, a large countdown
whose stage is named in words (PREP, ANSWERING, WARNING, OVERTIME +m:ss,
PAUSED), a bar of the answer time, a live input level meter with warnings
when the input is silent for 5 s or clips, and each take's figures after it
ends. Keys act at once:
  Enter/space  finish the answer (in prep: start answering now)
  p            pause / resume (the clock and the recording)
  r            retake: keep this take, start the answer again
  s s          skip the question: s twice within 2 s (any other key cancels)
  q q          quit, saving everything: q twice within 2 s (likewise)
  t            hide / show the question's talking points (shown in prep
               and while answering)
NO_COLOR is honoured. With --plain, or when input or output is not a
terminal, there is one line per event and the same commands are typed as a
line and Enter (Enter alone finishes); when input ends (a pipe or file),
the timers drive the rest of the round.
Ctrl-C saves the take in progress and the session, then exits with 130.

--speak reads each question aloud before its prep with the system's speech
synthesizer (say on macOS, espeak-ng on Linux); the clocks start when it has
finished, and no take records while it speaks. Enter skips the rest of the
reading (and only that: the prep follows).

Times default to the bank's round (METR bank: technical 30s prep / 3m
answer, system design 1m / 8m, behavioral 30s / 2m), warning at 30s left,
30s overtime. Times given are checked before anything starts:
` + limitsHelp + "\n" + exitCodesHelp,
		Example: `  mockround run                                   # 2 questions from every round
  mockround run --round behavioral --count 3
  mockround run --round technical,system-design --pick ordered
  mockround run --answer 90s --prep 0 --seed 42    # the same plan again with --seed 42
  mockround run --pick weak --count 3              # the questions you rated lowest
  mockround run --no-record                       # timers only, no microphone
  mockround run --speak --round system-design     # questions read aloud
  mockround run --plain                           # one line per event, commands as lines`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o.setFlags(c.Flags())
			return runRun(c.Context(), o)
		},
	}
	fl := c.Flags()
	fl.StringSliceVar(&o.rounds, "round", nil, "round to ask (id, title or unique prefix); repeat or comma-separate (default: every round)")
	fl.IntVar(&o.count, "count", session.DefaultCount, "questions per round")
	fl.StringVar(&o.pick, "pick", session.PickRandom, "how questions are chosen: random, ordered (bank order), fresh (least recently practised first), weak (lowest self-rating first; unrated ones come after those rated 3 or below) or due (most overdue on the practice schedule first; never practised first of all)")
	fl.Uint64Var(&o.seed, "seed", 0, "random seed; the same seed and bank give the same plan (default: a new one, printed)")
	fl.DurationVar(&o.prep, "prep", 0, "prep time per question, e.g. 30s (0: none; at most 30m; default: from the bank)")
	fl.DurationVar(&o.answer, "answer", 0, "answer time per question, e.g. 2m (at most 60m; default: from the bank)")
	fl.DurationVar(&o.warn, "warn", 0, "time left when the warning stage starts (0: no warning; shorter than the answer time; default: from the bank)")
	fl.DurationVar(&o.overtime, "overtime", 0, "grace after the answer time before the take stops (0: stop at once; at most 30m; default: from the bank)")
	fl.StringVar(&o.bank, "bank", "", "question bank JSON file (default: the built-in METR questions)")
	fl.StringVar(&o.device, "device", "", "input device name or index (see: mockround devices)")
	fl.IntVar(&o.rate, "rate", 0, "sample rate in Hz (default: the device's if 44100 or 48000, else 48000)")
	fl.BoolVar(&o.noRecord, "no-record", false, "run the timers only; record nothing")
	fl.BoolVar(&o.plain, "plain", false, "line-by-line output and line commands (for scripts, pipes and screen readers; the default when input or output is not a terminal)")
	fl.BoolVar(&o.speak, "speak", false, "read each question aloud before its prep (say on macOS, espeak-ng on Linux); never recorded")
	fl.StringVar(&o.cue, "cue", "", "what you hear at the warning and when time is up: bell (the terminal's), tone (a soft tone from the speakers; use headphones, or the microphone records it) or off (default: bell on the full screen, off with --plain)")
	fl.BoolVar(&o.transcribe, "transcribe", true, "transcribe each take in the background while the round goes on, when a speech engine is installed (see: mockround transcribe)")
	fl.BoolVar(&o.followUps, "follow-ups", true, "after an answer given in full, ask one of the question's follow-ups, as an interviewer would (when the bank has them; --follow-ups=false: none)")
	fl.StringSliceVar(&o.question, "question", nil, "practise this question (its id, see: mockround questions); repeat or comma-separate")
	fl.StringVar(&o.resume, "resume", "", "continue a quit or interrupted session with the questions it did not reach (`SESSION`; default the newest)")
	fl.Lookup("resume").NoOptDefVal = "last"
	return c
}

// setFlags notes which of the flags with defaults elsewhere were given.
func (o *runOptions) setFlags(fl *pflag.FlagSet) {
	o.seedSet = fl.Changed("seed")
	for _, name := range []string{"round", "count", "pick", "seed", "question"} {
		if fl.Changed(name) {
			o.planFlags = append(o.planFlags, "--"+name)
		}
	}
	given := func(name string, v time.Duration) *time.Duration {
		if fl.Changed(name) {
			return &v
		}
		return nil
	}
	o.limits = session.Overrides{Prep: given("prep", o.prep), Answer: given("answer", o.answer),
		Warn: given("warn", o.warn), Overtime: given("overtime", o.overtime)}
}

func runRun(ctx context.Context, o *runOptions) error {
	if err := checkLimits(o.limits); err != nil {
		return err
	}
	if err := checkRate(o.rate); err != nil {
		return err
	}
	switch o.cue {
	case "", cueBell, cueTone, cueOff:
	default:
		return usageErr("--cue %q: want bell, tone or off", o.cue)
	}
	if o.resume != "" {
		return runResume(ctx, o)
	}
	qb, err := loadBank(o.bank)
	if err != nil {
		return err
	}
	if !o.seedSet {
		o.seed = rand.Uint64N(1_000_000)
	}
	store, err := o.f.store()
	if err != nil {
		return err
	}
	plan, err := makePlan(store, qb, o)
	if err != nil {
		return err
	}
	if err := checkWarn(o.limits, plan.Items); err != nil {
		return err
	}
	var input microphone
	if !o.noRecord {
		input, err = openMicrophone(ctx, o.f, capture.InputConfig{Device: o.device, Rate: o.rate}, false)
		if errors.Is(err, session.ErrInterrupted) {
			return err
		}
		if err != nil {
			return fmt.Errorf("cannot record: %w\n"+
				"  See the devices with: %s devices\n"+
				"  Pick one with --device NAME|INDEX, or practise without recording: %s run --no-record", err, self, self)
		}
		defer input.Close()
	}
	repairCutOff(o.f)
	now := time.Now()
	id, dir, err := store.Create(now)
	if err != nil {
		return err
	}
	unlock, err := session.Lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	cfg := session.Config{Plan: plan, Record: newRecord(id, now, qb, plan, o), Dir: dir,
		Discard: func() error { return store.Discard(id) }}
	var faults <-chan error
	if input != nil {
		cfg.Record.Device = &session.DeviceRef{Name: input.DeviceName(), SampleRate: input.Rate()}
		cfg.Recorder = inputRecorder{input}
		faults = input.Faults()
	}
	var bg *background
	if input != nil && o.transcribe {
		bg = startBackground(store.Root, dir)
		o.onEvent = func(ev session.Event) {
			if ev.Kind == session.EvTakeSaved && ev.Take != nil {
				bg.take(ev.Take)
			}
		}
	}
	err = runWithFace(ctx, o, qb.Notes, input, cfg, faults)
	attachTranscripts(ctx, o, bg, cfg.Record, dir)
	return runError(err, dir)
}

// makePlan picks the questions, from the history when the pick needs it.
func makePlan(store *session.Store, qb *bank.Bank, o *runOptions) (*session.Plan, error) {
	var history session.History
	if session.UsesHistory(o.pick) {
		list, err := store.List()
		if err != nil {
			return nil, err
		}
		history = session.BuildHistory(session.OfBank(list, qb.Title))
	}
	return session.NewPlan(qb, session.PlanOptions{
		Rounds: o.rounds, Count: o.count, Pick: o.pick, Seed: o.seed, Overrides: o.limits, History: history,
		Questions: o.question, FollowUps: o.followUps, Self: self,
	})
}

// runError words the end of a run that did not complete, with where its
// recordings are and what to do next.
func runError(err error, dir string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, session.ErrInterrupted):
		return &exitError{code: exitInterrupted, err: fmt.Errorf("%w: %w", err, errAlreadyReported)}
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%w\nThe disk holding %s is full. Free some space, then run `%s repair`; everything recorded before it filled is kept", err, dir, self)
	}
	return fmt.Errorf("%w\nEverything recorded so far is saved in %s", err, dir)
}

func newRecord(id string, now time.Time, qb *bank.Bank, plan *session.Plan, o *runOptions) *session.Record {
	rec := &session.Record{
		Format:  session.FormatVersion,
		ID:      id,
		Started: now.UTC(),
		Bank:    session.BankRef{Title: qb.Title, Source: qb.Source, Hash: qb.Hash},
		Plan: session.PlanRecord{
			Seed: o.seed, Pick: plan.Options.Pick, Count: o.count, Rounds: plan.Rounds,
		},
		Settings: session.Settings{Record: !o.noRecord},
		Takes:    []session.Take{},
	}
	str := func(d *time.Duration) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	rec.Settings.Prep, rec.Settings.Answer = str(o.limits.Prep), str(o.limits.Answer)
	rec.Settings.Warn, rec.Settings.Overtime = str(o.limits.Warn), str(o.limits.Overtime)
	rec.Settings.FollowUps = plan.Options.FollowUps
	for _, it := range plan.Items {
		if it.FollowUp != "" {
			rec.Plan.Questions[len(rec.Plan.Questions)-1].FollowUp = it.FollowUp
			continue
		}
		limits := it.Limits.Record()
		rec.Plan.Questions = append(rec.Plan.Questions, session.PlanQuestion{
			Position: it.Position, QuestionID: it.Question.ID, Round: it.RoundID, Category: it.CategoryID,
			Text: it.Question.Text, RoundTitle: it.RoundTitle, CategoryTitle: it.CategoryTitle,
			TalkingPoints: it.Question.TalkingPoints, Limits: &limits,
		})
	}
	return rec
}

// inputRecorder adapts a microphone to the engine's Recorder.
type inputRecorder struct{ in microphone }

func (r inputRecorder) StartTake(path string) (time.Time, error) {
	if err := r.in.StartTake(path); err != nil {
		return time.Time{}, err
	}
	return r.in.TakeStart(), nil
}
func (r inputRecorder) Pause()  { r.in.Pause() }
func (r inputRecorder) Resume() { r.in.Resume() }
func (r inputRecorder) StopTake() (session.TakeResult, error) {
	res, err := r.in.StopTake()
	return session.TakeResult{Frames: res.Frames, Rate: res.Rate, Overflows: res.Overflows, Dropped: res.Dropped,
		Suspended: res.Suspended, Gap: res.Gap, Analysis: &res.Analysis}, err
}

// attachTranscripts waits for the background transcripts (Ctrl-C stops
// the wait) and adds the ready ones to the session, which this run still
// holds. A session not kept (nothing recorded) has nothing to add to.
func attachTranscripts(ctx context.Context, o *runOptions, bg *background, rec *session.Record, dir string) {
	if bg == nil {
		return
	}
	bg.finish(ctx, o.f.IO.Out)
	if queued, _ := bg.counts(); queued == 0 {
		return
	}
	if _, err := os.Stat(filepath.Join(dir, session.RecordFile)); err != nil {
		return
	}
	if n, _ := session.EnsureTranscripts(dir, rec, transcriptPoints(rec)); n > 0 {
		if err := session.Save(dir, rec); err != nil {
			fmt.Fprintf(o.f.IO.ErrOut, "mockround: the transcripts are written beside the takes, but %v; %s transcribe adds them\n", err, self)
		}
	}
}
