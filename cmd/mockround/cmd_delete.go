package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

type deleteOptions struct {
	f        *factory
	sessions []string
	yes      bool
}

func newDeleteCmd(f *factory) *cobra.Command {
	o := &deleteOptions{f: f}
	c := &cobra.Command{
		Use:   "delete SESSION...",
		Short: "Delete sessions: their recordings, ratings and notes",
		Long: `Delete whole sessions: each one's directory with its recordings and its
session.json (ratings and notes too). There is no undo.

` + sessionArgHelp + `

On a terminal, delete asks for each session, naming its date, answers and
recorded time: answer y to delete it, anything else keeps it. --yes deletes
without asking, for scripts; without a terminal to ask on, --yes is needed.

A session a running round is recording is left alone. delete removes only
the files mockround writes in a session's directory and the directory
itself; it follows no symbolic link, and a session holding anything else (a
link, a directory) is left whole, with what is in the way named.` + "\n" + exitCodesHelp,
		Example: `  mockround delete 20261127T061958Z-873338
  mockround delete last
  mockround delete --yes 20261127 20261128T0930`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErr("%s needs at least one SESSION (see the ids with: %s sessions)", c.CommandPath(), self)
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			o.sessions = args
			return runDelete(c.Context(), o)
		},
	}
	c.Flags().BoolVarP(&o.yes, "yes", "y", false, "delete without asking (for scripts; needed when input is not a terminal)")
	return c
}

func runDelete(_ context.Context, o *deleteOptions) error {
	if !o.yes && !o.f.InTTY {
		return usageErr("delete asks before deleting each session, and standard input is not a terminal to answer on; " +
			"add --yes to delete without asking")
	}
	store, err := o.f.store()
	if err != nil {
		return err
	}
	// Every SESSION is resolved before anything goes: a typo among them
	// deletes nothing.
	var targets []session.Listed
	seen := map[string]bool{}
	for _, arg := range o.sessions {
		if strings.TrimSpace(arg) == "" {
			return usageErr("an empty SESSION names no session; give a session id from `%s sessions` (or `last`)", self)
		}
		l, err := store.Resolve(arg)
		if err != nil {
			return err
		}
		if !seen[l.ID] {
			seen[l.ID] = true
			targets = append(targets, l)
		}
	}
	in := bufio.NewReader(o.f.IO.In)
	var failed []string
	for _, l := range targets {
		if err := deleteOne(o, store, l, in); err != nil {
			fmt.Fprintf(o.f.IO.ErrOut, "mockround: %v\n", err)
			failed = append(failed, l.ID)
		}
	}
	switch {
	case len(failed) == 0:
		return nil
	case len(targets) == 1:
		return &exitError{code: exitFailure, err: errAlreadyReported}
	}
	return fmt.Errorf("%d of %d %s not deleted (%s); see above", len(failed), len(targets),
		text.Plural(len(targets), "session"), strings.Join(failed, ", "))
}

// deleteOne deletes the session l once the user says so (or --yes), holding
// its lock: a session a round records is refused.
func deleteOne(o *deleteOptions, store *session.Store, l session.Listed, in *bufio.Reader) error {
	unlock, err := session.Lock(l.Dir)
	if errors.Is(err, session.ErrInUse) {
		return fmt.Errorf("session %s is being recorded by a running mockround; not deleted (delete it once that round has ended)", l.ID)
	}
	if err != nil {
		return fmt.Errorf("lock session %s: %w; not deleted", l.ID, err)
	}
	defer unlock()
	if !o.yes && !confirm(in, o.f.IO.ErrOut, fmt.Sprintf("Delete session %s (%s)? [y/N] ", l.ID, describe(l.Record))) {
		fmt.Fprintf(o.f.IO.Out, "kept session %s\n", l.ID)
		return nil
	}
	if err := store.Delete(l.ID); err != nil {
		return err
	}
	fmt.Fprintf(o.f.IO.Out, "deleted session %s\n", l.ID)
	return nil
}

// describe says what a session holds, for the question before deleting it:
// "2026-11-27 06:19, 2 answers, 2:56 recorded".
func describe(r *session.Record) string {
	n := r.Answered()
	return fmt.Sprintf("%s, %d %s, %s recorded", r.Started.Local().Format("2006-01-02 15:04"), n, text.Plural(n, "answer"),
		ui.Length(r.TotalLength()))
}

// confirm asks question on out and reads the answer from in: yes only for
// y or yes; the end of input is no.
func confirm(in *bufio.Reader, out io.Writer, question string) bool {
	fmt.Fprint(out, question)
	line, err := in.ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(out)
		return false
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}
