package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround"
	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/report"
	"github.com/mockround/mockround/session"
)

type statsOptions struct {
	f        *factory
	asJSON   bool
	bankFile string
}

func newStatsCmd(f *factory) *cobra.Command {
	o := &statsOptions{f: f}
	c := &cobra.Command{
		Use:   "stats",
		Short: "Progress over all sessions; the weakest and least practised questions",
		Long: `Show progress in one question bank (--bank FILE, else the bank of the newest
session), per round and category: answers, mean speaking time, mean time to
first word and mean self-rating; the trend of the last sessions; the five
questions with the lowest mean rating, how many are due for practice and
when the next come due, and the five least practised (questions of the bank
never answered count too).

Only practice counts: an answer with at least 3 s of speech. A question's
rating is its best take's where one is marked, else its latest rated take's.` + "\n" + exitCodesHelp,
		Example: `  mockround stats
  mockround stats --json | jq '.weakest[].question_id'
  mockround run --pick weak     # then practise the weakest`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runStats(c.Context(), o) },
	}
	c.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&o.bankFile, "bank", "", "the bank to show progress in: its sessions and questions (default: the bank of the newest session)")
	return c
}

func runStats(_ context.Context, o *statsOptions) error {
	_, good, err := readableSessions(o.f)
	if err != nil {
		return err
	}
	for _, l := range good {
		if err := analyseAndSave(l, o.f.IO); err != nil {
			fmt.Fprintf(o.f.IO.ErrOut, "mockround: %s: %v\n", l.ID, err)
		}
	}
	title, qb, source, err := statsBank(o.bankFile, good)
	if err != nil {
		return err
	}
	st := report.NewStats(good, title, qb, o.f.Now())
	st.Self = self
	if source != "" {
		st.BankArg = shellWord(source)
	}
	if o.asJSON {
		return writeJSON(o.f.IO.Out, st)
	}
	st.WriteText(o.f.IO.Out)
	return nil
}

// statsBank is the bank stats are about: the one named by --bank, else the
// bank of the newest session (the built-in one when there is none). A bank
// file no longer at hand is known by the title its sessions kept; its
// questions are then the ones they asked. source is the file to give run's
// --bank to practise it: empty for the built-in bank, or when the sessions
// did not keep where their bank came from.
func statsBank(file string, sessions []session.Listed) (title string, qb *bank.Bank, source string, err error) {
	if file != "" || len(sessions) == 0 {
		b, err := loadBank(file)
		if err != nil {
			return "", nil, "", err
		}
		return b.Title, b, file, nil
	}
	ref := sessions[0].Record.Bank
	builtin, err := loadBank("")
	if err != nil {
		return "", nil, "", err
	}
	if ref.Title == builtin.Title {
		return ref.Title, builtin, "", nil
	}
	if ref.Source == mockround.DefaultBankName {
		ref.Source = ""
	}
	return ref.Title, nil, ref.Source, nil
}
