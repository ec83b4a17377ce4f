package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
	"github.com/mockround/mockround/ui"
	"github.com/mockround/mockround/ui/tui"
)

type replayOptions struct {
	f       *factory
	session string
	answer  string // "": every answer
	take    int
	speed   float64
	plain   bool
}

func newReplayCmd(f *factory) *cobra.Command {
	o := &replayOptions{f: f}
	c := &cobra.Command{
		Use:         "replay [SESSION] [ANSWER]",
		Short:       "Play back the answers of a session",
		Annotations: interruptible,
		Long: `Play back recorded answers with their questions.

` + sessionArgHelp + `
ANSWER is a question number (1, 2, ...) or a question id; without it every
answer plays in order. Each answer plays its take marked best, else its
latest take; --take N picks another.

On a terminal, keys act at once: space (or p) pause/resume · ← / → back and
forward 5 s · n next answer · b previous answer · s speed · q quit.
With --plain, or when input or output is not a terminal, commands are
typed as a line and Enter: p pause/resume · + forward 5 s · - back 5 s ·
n next answer · b previous answer · q quit. When input ends, playback runs
straight through. --speed ` + speedList(audio.Speeds[1:]) + ` plays faster; faster playback raises
the pitch, like a tape played fast.` + "\n" + exitCodesHelp,
		Example: `  mockround replay                     # every answer of the newest session
  mockround replay last 2              # its second answer
  mockround replay 20261127 eval-framework --take 1
  mockround replay --speed 1.5`,
		Args: atMostArgs(2, "SESSION and ANSWER"),
		RunE: func(c *cobra.Command, args []string) error {
			o.session, o.answer = argAt(args, 0), argAt(args, 1)
			return runReplay(c.Context(), o)
		},
	}
	c.Flags().IntVar(&o.take, "take", 0, "play take N of each answer (default: the best, else the latest)")
	c.Flags().Float64Var(&o.speed, "speed", 1, "playback speed: "+speedList(audio.Speeds)+" (faster raises the pitch)")
	c.Flags().BoolVar(&o.plain, "plain", false, "line-by-line output and line commands (the default when input or output is not a terminal)")
	return c
}

func runReplay(ctx context.Context, o *replayOptions) error {
	if !slices.Contains(audio.Speeds, o.speed) {
		return usageErr("--speed %g: want %s", o.speed, speedList(audio.Speeds))
	}
	streams := o.f.IO
	repairCutOff(o.f)
	l, err := o.f.openSession(o.session)
	if err != nil {
		return err
	}
	items, err := replayItems(l, o.answer, o.take, streams.Out)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Session %s · %s", l.ID, l.Record.Started.Local().Format("2006-01-02 15:04"))
	fmt.Fprintf(streams.Out, "%s · %s\n", title, ui.ReplayCount(items))
	if o.f.fullScreen(o.plain) {
		err = tui.Replay(ctx, streams.In, o.f.Screen, tui.ReplayOptions{Title: title, Items: items, Play: o.f.Play, Speed: o.speed, Color: o.f.Color})
	} else {
		err = ui.ReplayPlain(ctx, items, o.f.Play, o.speed, ui.ReadLines(streams.In), streams.Out)
	}
	if errors.Is(err, context.Canceled) {
		return &exitError{code: exitInterrupted, err: session.ErrInterrupted}
	}
	return err
}

// speedList writes speeds for a sentence: "1, 1.25 or 1.5".
func speedList(speeds []float64) string {
	s := ""
	for i, v := range speeds {
		switch {
		case i == 0:
		case i == len(speeds)-1:
			s += " or "
		default:
			s += ", "
		}
		s += strconv.FormatFloat(v, 'g', -1, 64)
	}
	return s
}

// replayItems lists the takes to play: the chosen take of each answer that
// answerArg names (all when empty), or take n of each. An answer whose take
// cannot be played is skipped with a line on out, unless it is the only one.
func replayItems(l session.Listed, answerArg string, n int, out io.Writer) ([]ui.ReplayItem, error) {
	if !l.Record.Settings.Record {
		return nil, fmt.Errorf("session %s was practised without recording (--no-record): there is nothing to play\n"+
			"  See its times with: %s report %s; record a round with: %s run", l.ID, self, l.ID, self)
	}
	answers, err := l.Record.FindAnswers(answerArg)
	if err != nil {
		return nil, err
	}
	var items []ui.ReplayItem
	for _, a := range answers {
		t := a.Chosen()
		if n > 0 {
			if t, err = a.Take(n); err != nil {
				return nil, err
			}
		}
		path, err := takePath(l, t)
		if err != nil {
			if len(answers) == 1 {
				return nil, err
			}
			fmt.Fprintf(out, "skipping answer %d: %v\n", a.Position, err)
			continue
		}
		answer := ui.AnswerLabel(l.Record, a.Position)
		items = append(items, ui.ReplayItem{
			Answer:     answer,
			Heading:    fmt.Sprintf("%s · take %d · %s", answer, t.Take, t.QuestionID),
			Question:   t.Question,
			Path:       path,
			Transcript: transcriptOf(l.Dir, t),
			Comments:   reviewComments(l.Record, t),
		})
		// Its follow-up, as asked: the latest take of it.
		if n := len(a.FollowUps); n > 0 {
			fu := a.FollowUps[n-1]
			if path, err := takePath(l, fu); err == nil {
				items = append(items, ui.ReplayItem{Answer: answer, FollowUp: true,
					Heading: fmt.Sprintf("%s · follow-up · take %d", answer, fu.Take), Question: fu.FollowUp, Path: path,
					Transcript: transcriptOf(l.Dir, fu), Comments: reviewComments(l.Record, fu)})
			}
		}
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("session %s has no recorded answers to play\n  See what it holds with: %s report %s", l.ID, self, l.ID)
	}
	return items, nil
}

// transcriptOf is the take's transcript for the faces to show beside its
// audio, nil when it has none or it cannot be read (report names why).
func transcriptOf(dir string, t *session.Take) *transcribe.Transcript {
	if t.Transcript == nil {
		return nil
	}
	tr, err := t.ReadTranscript(dir)
	if err != nil {
		return nil
	}
	return tr
}

// reviewComments are the reviewers' comments on t, by time, for the replay
// to show as it reaches them.
func reviewComments(r *session.Record, t *session.Take) []ui.Comment {
	var out []ui.Comment
	for _, tr := range r.ReviewsOf(t) {
		for _, c := range tr.Comments {
			out = append(out, ui.Comment{At: time.Duration(c.AtS * float64(time.Second)), Reviewer: tr.Reviewer, Text: c.Text})
		}
	}
	slices.SortStableFunc(out, func(a, b ui.Comment) int { return cmp.Compare(a.At, b.At) })
	return out
}
