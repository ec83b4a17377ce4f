package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

type questionsOptions struct {
	f        *factory
	rounds   []string
	asJSON   bool
	bankFile string
	due      bool
}

func newQuestionsCmd(f *factory) *cobra.Command {
	o := &questionsOptions{f: f}
	c := &cobra.Command{
		Use:   "questions",
		Short: "List the questions of the bank",
		Long:  "List the question bank: rounds, categories, question ids and times.\n" + exitCodesHelp,
		Example: `  mockround questions
  mockround questions --round behavioral
  mockround questions --json | jq '.rounds[].categories[].questions[].id'
  mockround questions --bank my-bank.json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runQuestions(c.Context(), o) },
	}
	c.Flags().StringSliceVar(&o.rounds, "round", nil, "only this round (id, title or unique prefix); repeat or comma-separate")
	c.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&o.bankFile, "bank", "", "question bank JSON file (default: the built-in METR questions)")
	c.Flags().BoolVar(&o.due, "due", false, "only the questions due for practice now, most overdue first (see: mockround stats)")
	c.AddCommand(newQuestionsCheckCmd(f))
	return c
}

func runQuestions(_ context.Context, o *questionsOptions) error {
	b, err := loadBank(o.bankFile)
	if err != nil {
		return err
	}
	var only []*bank.Round
	for _, name := range o.rounds {
		r, err := b.FindRound(name)
		if err != nil {
			return &session.UsageError{Err: err}
		}
		only = append(only, r)
	}
	if len(only) == 0 {
		for i := range b.Rounds {
			only = append(only, &b.Rounds[i])
		}
	}
	if o.due {
		return printDue(o, b, only)
	}
	if o.asJSON {
		return writeJSON(o.f.IO.Out, bankView(b, only))
	}
	printBank(o.f.IO.Out, b, only)
	return nil
}

// printDue lists the questions of rounds due for practice now, from the
// history of the bank's sessions, and when the next comes due.
func printDue(o *questionsOptions, b *bank.Bank, rounds []*bank.Round) error {
	store, err := o.f.store()
	if err != nil {
		return err
	}
	list, err := store.List()
	if err != nil {
		return err
	}
	var ids []string
	texts := map[string]string{}
	for _, r := range rounds {
		for _, c := range r.Categories {
			for _, q := range c.Questions {
				ids = append(ids, q.ID)
				texts[q.ID] = q.Text
			}
		}
	}
	now := o.f.Now()
	due := session.BuildHistory(session.OfBank(list, b.Title)).Schedule(ids)
	out := o.f.IO.Out
	n := 0
	for _, d := range due {
		if d.IsDue(now) {
			n++
		}
	}
	fmt.Fprintf(out, "%s · %d of %d %s due now\n", b.Title, n, len(ids), text.Plural(len(ids), "question"))
	for _, d := range due {
		if !d.IsDue(now) {
			fmt.Fprintf(out, "Next due %s: %s\n", d.At.Local().Format("2006-01-02 15:04"), d.QuestionID)
			break
		}
		when := "never practised"
		if !d.At.IsZero() {
			when = "due since " + d.At.Local().Format("2006-01-02")
		}
		fmt.Fprintf(out, "  %-20s %-26s %s\n", when, d.QuestionID, texts[d.QuestionID])
	}
	if n > 0 {
		fmt.Fprintf(out, "Practise them with: %s run --pick due\n", self)
	}
	return nil
}

type questionsCheckOptions struct {
	f    *factory
	file string
}

func newQuestionsCheckCmd(f *factory) *cobra.Command {
	o := &questionsCheckOptions{f: f}
	return &cobra.Command{
		Use:   "check FILE",
		Short: "Validate a question bank file",
		Long: `Validate a question bank and report every problem at once, each with its
line:column and JSON path. Exit status 2 when the bank has problems.`,
		Example: `  mockround questions check my-bank.json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("%s needs exactly one FILE; see: %s --help", c.CommandPath(), c.CommandPath())
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.file = args[0]
			return runQuestionsCheck(c.Context(), o)
		},
	}
}

func runQuestionsCheck(_ context.Context, o *questionsCheckOptions) error {
	if _, err := os.Stat(o.file); err != nil {
		return &session.UsageError{Err: fmt.Errorf("check bank: %w", err)}
	}
	b, err := loadBank(o.file)
	if err != nil {
		var bp *bankProblems
		if errors.As(err, &bp) {
			fmt.Fprintln(o.f.IO.Out, bp.be.Error())
			fmt.Fprintf(o.f.IO.ErrOut, "mockround: %s: %d %s; fix them and run this check again\n",
				o.file, bp.be.Total(), text.Plural(bp.be.Total(), "problem"))
			return &exitError{code: exitUsage, err: errAlreadyReported}
		}
		return err
	}
	cats := 0
	for _, r := range b.Rounds {
		cats += len(r.Categories)
	}
	n := b.QuestionCount()
	fmt.Fprintf(o.f.IO.Out, "%s: ok · %q · %d %s, %d %s, %d %s\n", o.file, b.Title, len(b.Rounds), text.Plural(len(b.Rounds), "round"),
		cats, text.Plural(cats, "category"), n, text.Plural(n, "question"))
	return nil
}

func printBank(out io.Writer, b *bank.Bank, rounds []*bank.Round) {
	n := b.QuestionCount()
	fmt.Fprintf(out, "%s · %d %s\n", b.Title, n, text.Plural(n, "question"))
	for _, r := range rounds {
		l := session.RoundLimits(r)
		fmt.Fprintf(out, "\n%s [%s] · prep %s · answer %s\n", r.Title, r.ID, ui.Clock(l.Prep), ui.Clock(l.Answer))
		for _, c := range r.Categories {
			fmt.Fprintf(out, "  %s\n", c.Title)
			for _, q := range c.Questions {
				fmt.Fprintf(out, "    %-24s %s\n", q.ID, q.Text)
			}
		}
	}
	if len(b.Notes) > 0 {
		fmt.Fprintf(out, "\nPreparation notes:\n")
		for _, n := range b.Notes {
			fmt.Fprintf(out, "  - %s\n", n)
		}
	}
}

// The JSON view of a bank: ids, texts and effective times in seconds.
type (
	bankJSON struct {
		Title     string      `json:"title"`
		Source    string      `json:"source"`
		Hash      string      `json:"hash"`
		Notes     []string    `json:"preparation_notes"`
		Rounds    []roundJSON `json:"rounds"`
		Questions int         `json:"question_count"`
	}
	roundJSON struct {
		ID         string         `json:"id"`
		Title      string         `json:"title"`
		PrepS      float64        `json:"prep_s"`
		AnswerS    float64        `json:"answer_s"`
		WarnS      float64        `json:"warn_s"`
		OvertimeS  float64        `json:"overtime_s"`
		Categories []categoryJSON `json:"categories"`
	}
	categoryJSON struct {
		ID        string         `json:"id"`
		Title     string         `json:"title"`
		Questions []questionJSON `json:"questions"`
	}
	questionJSON struct {
		ID            string   `json:"id"`
		Text          string   `json:"text"`
		PrepS         *float64 `json:"prep_s,omitempty"`
		AnswerS       *float64 `json:"answer_s,omitempty"`
		TalkingPoints []string `json:"talking_points,omitempty"`
	}
)

func bankView(b *bank.Bank, rounds []*bank.Round) bankJSON {
	secs := func(d *time.Duration) *float64 {
		if d == nil {
			return nil
		}
		s := d.Seconds()
		return &s
	}
	v := bankJSON{Title: b.Title, Source: b.Source, Hash: b.Hash, Notes: b.Notes, Rounds: []roundJSON{}}
	for _, r := range rounds {
		l := session.RoundLimits(r)
		rv := roundJSON{ID: r.ID, Title: r.Title, PrepS: l.Prep.Seconds(), AnswerS: l.Answer.Seconds(),
			WarnS: l.Warn.Seconds(), OvertimeS: l.Overtime.Seconds()}
		for _, c := range r.Categories {
			cv := categoryJSON{ID: c.ID, Title: c.Title}
			for _, q := range c.Questions {
				cv.Questions = append(cv.Questions, questionJSON{ID: q.ID, Text: q.Text,
					PrepS: secs(q.Prep), AnswerS: secs(q.Answer), TalkingPoints: q.TalkingPoints})
				v.Questions++
			}
			rv.Categories = append(rv.Categories, cv)
		}
		v.Rounds = append(v.Rounds, rv)
	}
	return v
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
