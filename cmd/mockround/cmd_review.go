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

func newReviewCmd(io IO) *cobra.Command {
	var (
		play     bool
		plain    bool
		bankFile string
	)
	c := &cobra.Command{
		Use:   "review [SESSION]",
		Short: "Rate and annotate the answers of a session",
		Long: `Walk a session answer by answer: the question, its talking points when the
bank has them, every take with its length and rating, then a rating from 1
to 5 and notes for each take. For a question with several takes, mark the
best one; replay plays it by default. Every rating and note is saved to the
session at once, so stopping midway keeps what you reviewed.

` + sessionArgHelp + `

On a terminal, keys act at once: 1–5 rate (0 clears) · e edit the notes
(Enter saves, Esc cancels) · b mark the best take · space play/pause ·
← / → previous and next take (Enter: next) · q quit. --play starts each
take playing as it is shown.

With --plain, or when input or output is not a terminal, input is one line
each: the rating (1–5; Enter skips; q stops), then notes (Enter keeps the
notes as they are), then for several takes the best take's number. Audio
plays before each rating with --play.` + "\n" + exitCodesHelp,
		Example: `  mockround review                       # the newest session
  mockround review --play last
  printf '4\nclear structure\n2\n\n' | mockround review --plain last`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErr("%s takes at most one SESSION; see: %s --help", c.CommandPath(), c.CommandPath())
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			var arg string
			if len(args) == 1 {
				arg = args[0]
			}
			repairCutOff(io.ErrOut)
			l, err := openSession(arg)
			if err != nil {
				return err
			}
			answers := l.Record.Answers()
			if len(answers) == 0 {
				return fmt.Errorf("session %s has no answers to review", l.ID)
			}
			b, err := loadBank(bankFile)
			if err != nil {
				return err
			}
			rv := &ui.Review{
				Record:  l.Record,
				Dir:     l.Dir,
				Answers: answers,
				TalkingPoints: func(id string) []string {
					if q, _, _ := b.Question(id); q != nil {
						return q.TalkingPoints
					}
					return nil
				},
				Save: func() error { return session.Save(l.Dir, l.Record) },
				Out:  io.Out,
			}
			full := fullScreen(io, plain)
			if !full {
				rv.Lines = ui.ReadLines(io.In) // the full screen reads the keys itself
			}
			if play || full {
				rv.Play = playTrack // the full screen plays a take on space
			}
			fmt.Fprintf(io.Out, "Reviewing session %s · %s · %d %s\n", l.ID, l.Record.Started.Local().Format("2006-01-02 15:04"),
				len(answers), pluralWord(len(answers), "answer"))
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if full {
				err = tui.RunReview(ctx, io.In, io.Out, rv, play, colorOK())
			} else {
				err = rv.RunPlain(ctx)
			}
			if errors.Is(err, context.Canceled) {
				return &exitError{code: exitInterrupted, err: session.ErrInterrupted}
			}
			return err
		},
	}
	c.Flags().BoolVar(&play, "play", false, "play each take before rating it (full screen: as it is shown)")
	c.Flags().BoolVar(&plain, "plain", false, "line-by-line output and line input (the default when input or output is not a terminal)")
	c.Flags().StringVar(&bankFile, "bank", "", "bank to take talking points from (default: the built-in one)")
	return c
}
