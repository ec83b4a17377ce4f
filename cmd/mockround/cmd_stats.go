package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/report"
)

func newStatsCmd(io IO) *cobra.Command {
	var (
		asJSON   bool
		bankFile string
	)
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
		RunE: func(c *cobra.Command, _ []string) error {
			_, good, err := readableSessions(io)
			if err != nil {
				return err
			}
			for _, l := range good {
				if err := analyseAndSave(l, io); err != nil {
					fmt.Fprintf(io.ErrOut, "mockround: %s: %v\n", l.ID, err)
				}
			}
			b, err := loadBank(bankFile)
			if err != nil {
				return err
			}
			st := report.NewStats(good, b)
			if asJSON {
				return writeJSON(io.Out, st)
			}
			st.WriteText(io.Out)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&bankFile, "bank", "", "bank whose questions count as unpractised (default: the built-in one)")
	return c
}
