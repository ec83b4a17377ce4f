package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/audio/opus"
	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/report"
)

type exportOptions struct {
	f        *factory
	session  string
	output   string
	takes    string
	bankFile string
}

func newExportCmd(f *factory) *cobra.Command {
	o := &exportOptions{f: f}
	c := &cobra.Command{
		Use:   "export [SESSION]",
		Short: "Write one small offline page for a coach to review a session",
		Long: `Write one self-contained HTML page to hand to a coach, a mentor or a friend:
the questions, each answer's audio compressed for speech (Opus, about 24
kbit/s, well under 300 KB a minute), its waveform, figures and transcript
where one exists. Your own ratings and notes stay out of it.

The page is a review form that works from a file, offline: the reviewer
plays each answer, rates it 1–5, pins comments to moments ("comment at
0:42", or the c key while it plays; clicking a comment plays from there),
writes general notes and presses "Save review", which downloads a small
JSON file. Nothing is fetched and nothing is sent. Bring their file back
with: mockround review --import FILE.

--takes best (the default) puts in each question's best take (marked in
review), else its latest; --takes all puts in every take. The page is
written 0600, by default as mockround-review-SESSION.html here.

` + sessionArgHelp + "\n" + exitCodesHelp,
		Example: `  mockround export
  mockround export last -o ~/review-for-alex.html
  mockround export 20261127T0619 --takes all`,
		Args: atMostArgs(1, "one SESSION"),
		RunE: func(c *cobra.Command, args []string) error {
			o.session = argAt(args, 0)
			return runExport(c.Context(), o)
		},
	}
	c.Flags().StringVarP(&o.output, "output", "o", "", "write the page to FILE (default: mockround-review-SESSION.html)")
	c.Flags().StringVar(&o.takes, "takes", "best", "which takes: best (the best or latest of each question) or all")
	c.Flags().StringVar(&o.bankFile, "bank", "", "for sessions recorded before talking points were stored: the bank to take them from (default: the built-in one)")
	return c
}

func runExport(_ context.Context, o *exportOptions) error {
	if o.takes != "best" && o.takes != "all" {
		return usageErr("--takes %q: want best or all", o.takes)
	}
	repairCutOff(o.f)
	l, err := o.f.openSession(o.session)
	if err != nil {
		return err
	}
	recorded := false
	for _, t := range l.Record.Takes {
		recorded = recorded || t.File != ""
	}
	if len(l.Record.Answers()) == 0 || !recorded {
		return fmt.Errorf("session %s has no recorded answers to export; record some with: %s run", l.ID, self)
	}
	if err := analyseAndSave(l, o.f.IO); err != nil {
		return err
	}
	b, err := loadBank(o.bankFile)
	if err != nil {
		return err
	}
	rep := report.New(l, talkingPoints(b))
	path := o.output
	if path == "" {
		path = "mockround-review-" + l.ID + ".html"
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	opt := report.CoachOptions{AllTakes: o.takes == "all", Audio: func(wav string) ([]byte, error) {
		data, _, err := opus.EncodeWAV(wav)
		return data, err
	}}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".mockround-export-*.tmp")
	if err != nil {
		return fmt.Errorf("write the page %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // gone once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write the page %s: %w", path, err)
	}
	st, err := rep.WriteCoach(tmp, opt)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the page %s: %w", path, err)
	}
	info, err := os.Stat(tmp.Name())
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		return fmt.Errorf("write the page %s: %w", path, err)
	}
	size := info.Size()
	line := fmt.Sprintf("wrote %s · %s · %d %s, %s of audio", path, sizeKB(size), st.Takes, text.Plural(st.Takes, "take"), clockOf(st.AudioS))
	if st.AudioS > 0 {
		line += fmt.Sprintf(" (%s a minute)", sizeKB(int64(float64(size)/st.AudioS*60)))
	}
	fmt.Fprintln(o.f.IO.Out, line)
	fmt.Fprintf(o.f.IO.Out, "Send it to your reviewer; bring back the file their \"Save review\" downloads with: %s review --import FILE\n", self)
	return nil
}

func sizeKB(n int64) string {
	if n >= 10<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+512)/1024)
}
