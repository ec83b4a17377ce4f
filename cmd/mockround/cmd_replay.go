package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
	"github.com/mockround/mockround/ui/tui"
)

func newReplayCmd(io IO) *cobra.Command {
	var (
		take  int
		speed float64
		plain bool
	)
	c := &cobra.Command{
		Use:   "replay [SESSION] [ANSWER]",
		Short: "Play back the answers of a session",
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
straight through. --speed 1.25 or 1.5 plays faster; faster playback raises
the pitch, like a tape played fast.` + "\n" + exitCodesHelp,
		Example: `  mockround replay                     # every answer of the newest session
  mockround replay last 2              # its second answer
  mockround replay 20261127 eval-framework --take 1
  mockround replay --speed 1.5`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 2 {
				return usageErr("%s takes at most SESSION and ANSWER; see: %s --help", c.CommandPath(), c.CommandPath())
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			okSpeed := false
			for _, s := range []float64{1, 1.25, 1.5} {
				okSpeed = okSpeed || s == speed
			}
			if !okSpeed {
				return usageErr("--speed %g: want 1, 1.25 or 1.5", speed)
			}
			var sessArg, answerArg string
			if len(args) > 0 {
				sessArg = args[0]
			}
			if len(args) > 1 {
				answerArg = args[1]
			}
			repairCutOff(io.ErrOut)
			l, err := openSession(sessArg)
			if err != nil {
				return err
			}
			answers, err := l.Record.FindAnswers(answerArg)
			if err != nil {
				return err
			}
			var items []ui.ReplayItem
			for _, a := range answers {
				t := a.Chosen()
				if take > 0 {
					if t, err = a.Take(take); err != nil {
						return err
					}
				}
				path, err := takePath(l, t)
				if err != nil {
					if len(answers) == 1 {
						return err
					}
					fmt.Fprintf(io.Out, "skipping answer %d: %v\n", a.Position, err)
					continue
				}
				items = append(items, ui.ReplayItem{
					Heading:  fmt.Sprintf("Answer %d of %d · take %d · %s", a.Position, len(l.Record.Plan.Questions), t.Take, t.QuestionID),
					Question: t.Question,
					Path:     path,
				})
			}
			if len(items) == 0 {
				return fmt.Errorf("session %s has no recorded answers to play", l.ID)
			}
			title := fmt.Sprintf("Session %s · %s", l.ID, l.Record.Started.Local().Format("2006-01-02 15:04"))
			fmt.Fprintf(io.Out, "%s · %d %s\n", title, len(items), pluralWord(len(items), "answer"))
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if fullScreen(io, plain) {
				err = tui.Replay(ctx, io.In, io.Out, tui.ReplayOptions{Title: title, Items: items, Play: playTrack, Speed: speed, Color: colorOK()})
			} else {
				err = ui.ReplayPlain(ctx, items, playTrack, speed, ui.ReadLines(io.In), io.Out)
			}
			if errors.Is(err, context.Canceled) {
				return &exitError{code: exitInterrupted, err: session.ErrInterrupted}
			}
			return err
		},
	}
	c.Flags().IntVar(&take, "take", 0, "play take N of each answer (default: the best, else the latest)")
	c.Flags().Float64Var(&speed, "speed", 1, "playback speed: 1, 1.25 or 1.5 (faster raises the pitch)")
	c.Flags().BoolVar(&plain, "plain", false, "line-by-line output and line commands (the default when input or output is not a terminal)")
	return c
}

func pluralWord(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}
