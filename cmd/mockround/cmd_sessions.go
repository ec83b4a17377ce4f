package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

type sessionsOptions struct {
	f      *factory
	asJSON bool
}

func newSessionsCmd(f *factory) *cobra.Command {
	o := &sessionsOptions{f: f}
	c := &cobra.Command{
		Use:   "sessions",
		Short: "List past sessions, newest first",
		Long: `List past sessions, newest first: id, start time, rounds, questions
answered, total recorded time, mean rating and status. Sessions live in
$MOCKROUND_HOME/sessions, else the platform's user data directory
(~/.local/share/mockround on Linux, ~/Library/Application Support/mockround
on macOS). A session whose files cannot be read is reported and skipped.` + "\n" + exitCodesHelp,
		Example: `  mockround sessions
  mockround sessions --json`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error { return runSessions(c.Context(), o) },
	}
	c.Flags().BoolVar(&o.asJSON, "json", false, "print JSON")
	return c
}

func runSessions(_ context.Context, o *sessionsOptions) error {
	out := o.f.IO.Out
	home, good, err := readableSessions(o.f)
	if err != nil {
		return err
	}
	if o.asJSON {
		views := []sessionJSON{}
		for _, l := range good {
			views = append(views, sessionView(l))
		}
		return writeJSON(out, views)
	}
	if len(good) == 0 {
		fmt.Fprintf(out, "No sessions yet in %s. Start one with: mockround run\n", home)
		return nil
	}
	fmt.Fprintf(out, "%-24s  %-16s  %-28s  %8s  %8s  %6s  %s\n", "ID", "STARTED", "ROUNDS", "ANSWERED", "RECORDED", "RATING", "STATUS")
	for _, l := range good {
		v := sessionView(l)
		rating := "-"
		if v.MeanRating != nil {
			rating = fmt.Sprintf("%.1f", *v.MeanRating)
		}
		fmt.Fprintf(out, "%-24s  %-16s  %-28s  %8s  %8s  %6s  %s\n", v.ID,
			l.Record.Started.Local().Format("2006-01-02 15:04"), strings.Join(v.Rounds, ","),
			fmt.Sprintf("%d/%d", v.Answered, v.Questions), ui.Length(time.Duration(v.RecordedS*float64(time.Second))),
			rating, v.Status)
	}
	return nil
}

type sessionJSON struct {
	ID         string    `json:"id"`
	Dir        string    `json:"dir"`
	Started    time.Time `json:"started"`
	Status     string    `json:"status"`
	Bank       string    `json:"bank"`
	Rounds     []string  `json:"rounds"`
	Questions  int       `json:"questions"`
	Answered   int       `json:"answered"`
	Takes      int       `json:"takes"`
	RecordedS  float64   `json:"recorded_s"`
	MeanRating *float64  `json:"mean_rating"`
}

func sessionView(l session.Listed) sessionJSON {
	r := l.Record
	v := sessionJSON{
		ID: r.ID, Dir: l.Dir, Started: r.Started, Status: r.Status, Bank: r.Bank.Title,
		Rounds: r.Plan.Rounds, Questions: len(r.Plan.Questions), Answered: r.Answered(),
		Takes: len(r.Takes), RecordedS: r.TotalLength().Seconds(),
	}
	if m, ok := r.MeanRating(); ok {
		v.MeanRating = &m
	}
	return v
}

// readableSessions repairs sessions left by a crash, then lists the
// sessions whose records can be read, newest first; each unreadable one is
// named on stderr with its problem and skipped.
func readableSessions(f *factory) (home string, good []session.Listed, err error) {
	repairCutOff(f)
	store, err := f.store()
	if err != nil {
		return "", nil, err
	}
	list, err := store.List()
	if err != nil {
		return "", nil, err
	}
	for _, l := range list {
		if l.Err != nil {
			fmt.Fprintf(f.IO.ErrOut, "mockround: skipping session %s: %v\n", l.ID, l.Err)
			continue
		}
		good = append(good, l)
	}
	return store.Root, good, nil
}
