package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
	"github.com/mockround/mockround/ui/tui"
)

type reviewOptions struct {
	f        *factory
	session  string
	play     bool
	plain    bool
	bankFile string
	importF  string
}

func newReviewCmd(f *factory) *cobra.Command {
	o := &reviewOptions{f: f}
	c := &cobra.Command{
		Use:         "review [SESSION]",
		Short:       "Rate and annotate the answers of a session",
		Annotations: interruptible,
		Long: `Walk a session answer by answer: the question, its talking points when the
bank has them, every take with its length and rating, then a rating from 1
to 5 and notes for each take. For a question with several takes, mark the
best one; replay plays it by default. Every rating and note is saved to the
session at once, so stopping midway keeps what you reviewed.

` + sessionArgHelp + `

On a terminal, keys act at once: 1–5 rate (0 clears) · e edit the notes
(Enter saves, Esc cancels) · b mark the best take · space play/pause ·
← / → previous and next take (Enter: next) · q quit. --play starts each
take playing as it is shown. Ctrl-C stops at once, keeping the notes being
typed, and exits with 130.

With --plain, or when input or output is not a terminal, input is one line
each: the rating (1–5; Enter skips; q stops), then notes (Enter keeps the
notes as they are), then for several takes the best take's number. Audio
plays before each rating with --play.

--import FILE merges a review someone made in the page "mockround export"
wrote (its "Save review" button saves the file): their ratings and
comments pinned to moments, kept apart from your own, one review per
reviewer (a newer file from the same reviewer replaces theirs). SESSION
defaults to the session the file names. Importing the same file twice
changes nothing; a file for another session, not valid JSON, with a
comment past the end of its take, or over 1 MB is refused (exit 2) and the
session left as it was.` + "\n" + exitCodesHelp,
		Example: `  mockround review                       # the newest session
  mockround review --play last
  printf '4\nclear structure\n2\n\n' | mockround review --plain last
  mockround review --import ~/Downloads/review-alex.json`,
		Args: atMostArgs(1, "one SESSION"),
		RunE: func(c *cobra.Command, args []string) error {
			o.session = argAt(args, 0)
			return runReview(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.play, "play", false, "play each take before rating it (full screen: as it is shown)")
	c.Flags().BoolVar(&o.plain, "plain", false, "line-by-line output and line input (the default when input or output is not a terminal)")
	c.Flags().StringVar(&o.bankFile, "bank", "", "for sessions recorded before talking points were stored: the bank to take them from (default: the built-in one)")
	c.Flags().StringVar(&o.importF, "import", "", "merge the `FILE` a reviewer saved from the page mockround export wrote")
	return c
}

func runReview(ctx context.Context, o *reviewOptions) error {
	if o.importF != "" {
		return runImportReview(o)
	}
	streams := o.f.IO
	repairCutOff(o.f)
	l, unlock, err := lockSession(o.f, o.session, "review")
	if err != nil {
		return err
	}
	defer unlock()
	answers := l.Record.Answers()
	if len(answers) == 0 {
		return fmt.Errorf("session %s has no answers to review", l.ID)
	}
	b, err := loadBank(o.bankFile)
	if err != nil {
		return err
	}
	rv := &ui.Review{
		Record:        l.Record,
		Dir:           l.Dir,
		Answers:       answers,
		TalkingPoints: sessionPoints(l.Record, talkingPoints(b)),
		Save:          func() error { return session.Save(l.Dir, l.Record) },
		Out:           streams.Out,
	}
	full := o.f.fullScreen(o.plain)
	if !full {
		rv.Lines = ui.ReadLines(streams.In) // the full screen reads the keys itself
	}
	if o.play || full {
		rv.Play = o.f.Play // the full screen plays a take on space
	}
	fmt.Fprintf(streams.Out, "Reviewing session %s · %s · %d %s\n", l.ID, l.Record.Started.Local().Format("2006-01-02 15:04"),
		len(answers), text.Plural(len(answers), "answer"))
	if full {
		err = tui.RunReview(ctx, streams.In, o.f.Screen, rv, o.play, o.f.Color)
	} else {
		err = rv.RunPlain(ctx)
	}
	if errors.Is(err, context.Canceled) {
		return &exitError{code: exitInterrupted, err: session.ErrInterrupted}
	}
	return err
}

// lockSession resolves a SESSION argument and takes the session's lock, so
// that no running round saves over what this command saves; the record is
// read again under the lock. A session a round is recording is refused.
func lockSession(f *factory, arg, verb string) (session.Listed, func(), error) {
	l, err := f.openSession(arg)
	if err != nil {
		return l, nil, err
	}
	unlock, err := session.Lock(l.Dir)
	if errors.Is(err, session.ErrInUse) {
		return l, nil, fmt.Errorf("session %s is being recorded by a running mockround; %s it once that round has ended "+
			"(every take is saved as it ends)", l.ID, verb)
	}
	if err != nil {
		return l, nil, fmt.Errorf("lock session %s: %w", l.ID, err)
	}
	if l.Record, err = session.Load(l.Dir); err != nil {
		unlock()
		return l, nil, err
	}
	return l, unlock, nil
}
