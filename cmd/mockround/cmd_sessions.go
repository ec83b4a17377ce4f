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
		Long: `List past sessions, newest first, one line of at most 80 columns each: the
id, shortened to the shortest prefix that names the session alone (down to
the minute it started: any command takes it), the start time, the rounds
by their initials (B+T: behavioral and technical; SD: system-design),
questions answered of those planned, total recorded time, mean rating and
status. --json gives every field in full. Sessions live in
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
	home, all, good, err := listSessions(o.f)
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
		fmt.Fprintf(out, "No sessions yet in %s. Start one with: %s run\n", home, self)
		return nil
	}
	ids := make([]string, len(all))
	for i, l := range all {
		ids[i] = l.ID
	}
	short := map[string]string{}
	idw := shortID
	for _, l := range good {
		short[l.ID] = shortestPrefix(l.ID, ids)
		idw = max(idw, len(short[l.ID]))
	}
	// 13 + 16 + 6 + 8 + 8 + 6 + 11 ("interrupted") and 2 between: 80.
	// Sessions begun in the same minute need a longer id (up to 23): the
	// start time then leaves out the year, which the id begins with
	// (5 columns), and, past 18, the columns stand 1 apart (6 more).
	layout, startedW, gap := "2006-01-02 15:04", 16, "  "
	if idw > shortID {
		layout, startedW = "01-02 15:04", 11
	}
	if idw > shortID+5 {
		gap = " "
	}
	row := func(id, started, rounds, answered, recorded, rating, status string) {
		fmt.Fprintf(out, "%-*s%s%-*s%s%-6s%s%8s%s%8s%s%6s%s%s\n", idw, id, gap, startedW, started, gap, rounds, gap,
			answered, gap, recorded, gap, rating, gap, status)
	}
	row("ID", "STARTED", "ROUNDS", "ANSWERED", "RECORDED", "RATING", "STATUS")
	for _, l := range good {
		v := sessionView(l)
		rating := "-"
		if v.MeanRating != nil {
			rating = fmt.Sprintf("%.1f", *v.MeanRating)
		}
		row(short[l.ID], l.Record.Started.Local().Format(layout), roundInitials(v.Rounds, 6),
			fmt.Sprintf("%d/%d", v.Answered, v.Questions), ui.Length(time.Duration(v.RecordedS*float64(time.Second))),
			rating, v.Status)
	}
	return nil
}

// shortID is the shortest id sessions shows: a session id down to the
// minute it started (20261127T0619 of 20261127T061958Z-873338).
const shortID = len("20060102T1504")

// shortestPrefix shortens id to the shortest prefix, of shortID characters
// at least, that no other of ids begins with, so that it names the session
// wherever a SESSION is asked for.
func shortestPrefix(id string, ids []string) string {
	n := min(shortID, len(id))
	for ; n < len(id); n++ {
		unique := true
		for _, o := range ids {
			if o != id && strings.HasPrefix(o, id[:n]) {
				unique = false
				break
			}
		}
		if unique {
			break
		}
	}
	return id[:n]
}

// roundInitials names rounds by the initials of the words of their ids,
// joined by "+": behavioral and technical are "B+T", system-design "SD".
// Longer than width, it is cut with "…".
func roundInitials(rounds []string, width int) string {
	var parts []string
	for _, r := range rounds {
		var b strings.Builder
		for _, w := range strings.FieldsFunc(r, func(c rune) bool { return c == '-' || c == '_' || c == ' ' }) {
			b.WriteString(strings.ToUpper(string([]rune(w)[:1])))
		}
		parts = append(parts, b.String())
	}
	s := []rune(strings.Join(parts, "+"))
	if len(s) > width {
		return string(s[:width-1]) + "…"
	}
	return string(s)
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
	home, _, good, err = listSessions(f)
	return home, good, err
}

// listSessions is readableSessions, with every session listed as well, the
// unreadable ones too.
func listSessions(f *factory) (home string, all, good []session.Listed, err error) {
	repairCutOff(f)
	store, err := f.store()
	if err != nil {
		return "", nil, nil, err
	}
	all, err = store.List()
	if err != nil {
		return "", nil, nil, err
	}
	for _, l := range all {
		if l.Err != nil {
			fmt.Fprintf(f.IO.ErrOut, "mockround: skipping session %s: %v\n", l.ID, l.Err)
			continue
		}
		good = append(good, l)
	}
	return store.Root, all, good, nil
}
