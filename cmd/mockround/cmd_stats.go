package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/report"
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
		Long: `Show progress over every session, per round and category: answers, mean
speaking time, mean time to first word and mean self-rating; the trend of
the last sessions; the five questions with the lowest mean rating and the
five least practised (questions of the bank never answered count too).` + "\n" + exitCodesHelp,
		Example: `  mockround stats
  mockround stats --json | jq '.weakest[].question_id'
  mockround run --pick weak     # then practise the weakest`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runStats(c.Context(), o) },
	}
	c.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&o.bankFile, "bank", "", "bank whose questions count as unpractised (default: the built-in one)")
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
	b, err := loadBank(o.bankFile)
	if err != nil {
		return err
	}
	st := report.NewStats(good, b)
	if o.asJSON {
		return writeJSON(o.f.IO.Out, st)
	}
	st.WriteText(o.f.IO.Out)
	return nil
}
