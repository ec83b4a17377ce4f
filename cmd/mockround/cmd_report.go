package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/report"
	"github.com/mockround/mockround/session"
)

type reportOptions struct {
	f        *factory
	session  string
	asJSON   bool
	html     string
	embed    bool
	bankFile string
}

func newReportCmd(f *factory) *cobra.Command {
	o := &reportOptions{f: f}
	c := &cobra.Command{
		Use:   "report [SESSION]",
		Short: "Summarise a session: figures per answer, ratings, notes; JSON or an HTML page",
		Long: `Summarise a session answer by answer: each take's length, time to first
word, speaking time, longest pause, pauses over 2 s, loudness, rating and
notes, with the bank's talking points.

--json prints it for scripts (times in seconds). --html FILE writes one
self-contained page: a waveform per take with its pauses shaded, the figures,
and an audio player per take; the page links to the WAVs relative to itself,
or holds them with --embed-audio, and needs no network either way.

Takes recorded before figures existed are analysed now, and the figures
saved into the session. ` + sessionArgHelp + "\n" + exitCodesHelp,
		Example: `  mockround report
  mockround report last --html report.html
  mockround report 20261127T0619 --html ~/mock.html --embed-audio
  mockround report --json | jq '.answers[].takes[].speaking_s'`,
		Args: atMostArgs(1, "one SESSION"),
		RunE: func(c *cobra.Command, args []string) error {
			o.session = argAt(args, 0)
			return runReport(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	c.Flags().StringVar(&o.html, "html", "", "write a self-contained HTML page to FILE")
	c.Flags().BoolVar(&o.embed, "embed-audio", false, "with --html: put the recordings inside the page")
	c.Flags().StringVar(&o.bankFile, "bank", "", "for sessions recorded before talking points were stored: the bank to take them from (default: the built-in one)")
	return c
}

func runReport(_ context.Context, o *reportOptions) error {
	if o.embed && o.html == "" {
		return usageErr("--embed-audio goes with --html FILE")
	}
	repairCutOff(o.f)
	l, err := o.f.openSession(o.session)
	if err != nil {
		return err
	}
	if err := analyseAndSave(l, o.f.IO); err != nil {
		return err
	}
	b, err := loadBank(o.bankFile)
	if err != nil {
		return err
	}
	rep := report.New(l, talkingPoints(b))
	rep.Notes = b.Notes
	switch {
	case o.asJSON:
		return writeJSON(o.f.IO.Out, rep)
	case o.html != "":
		return writeHTMLReport(rep, o.html, o.embed, o.f.IO.Out)
	}
	rep.WriteText(o.f.IO.Out)
	return nil
}

// analyseAndSave computes missing figures, attaches the transcripts a
// transcription left unreferenced, and saves them, unless a running
// mockround holds the session (then they are used, not saved).
func analyseAndSave(l session.Listed, streams IO) error {
	n, errs := session.EnsureAnalysis(l.Dir, l.Record)
	m, terrs := session.EnsureTranscripts(l.Dir, l.Record, transcriptPoints(l.Record))
	for _, err := range append(errs, terrs...) {
		fmt.Fprintf(streams.ErrOut, "mockround: %s: %v\n", l.ID, err)
	}
	if n+m == 0 {
		return nil
	}
	unlock, err := session.Lock(l.Dir)
	if err != nil {
		return nil
	}
	defer unlock()
	return session.Save(l.Dir, l.Record)
}

// sessionPoints gives a question's talking points as the session kept them,
// else (older sessions) as the bank has them.
func sessionPoints(r *session.Record, fromBank func(string) []string) func(string) []string {
	return func(id string) []string {
		for _, q := range r.Plan.Questions {
			if q.QuestionID == id && len(q.TalkingPoints) > 0 {
				return q.TalkingPoints
			}
		}
		return fromBank(id)
	}
}

func talkingPoints(b *bank.Bank) func(string) []string {
	return func(id string) []string {
		if q, _, _ := b.Question(id); q != nil {
			return q.TalkingPoints
		}
		return nil
	}
}

func writeHTMLReport(rep *report.Report, path string, embed bool, out io.Writer) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	tmp := abs + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := rep.WriteHTML(f, report.HTMLOptions{EmbedAudio: embed, Dir: filepath.Dir(abs)}); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write report: %w", err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	fmt.Fprintf(out, "wrote %s\n", abs)
	return nil
}
