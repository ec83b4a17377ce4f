package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
)

type repairOptions struct {
	f       *factory
	session string // "": every session
}

func newRepairCmd(f *factory) *cobra.Command {
	o := &repairOptions{f: f}
	return &cobra.Command{
		Use:   "repair [SESSION]",
		Short: "Restore WAV headers and session files after a crash or a kill",
		Long: `Restore sessions that a crash, a kill or a power cut left behind: each WAV
header is set from the audio actually in the file, takes still marked as
recording become "recovered" with their real length, and the session is
marked interrupted. Safe to run any number of times. Every other command
does this by itself, and says so, when it finds a session cut off.

Without SESSION every session is checked. ` + sessionArgHelp + "\n" + exitCodesHelp,
		Example: `  mockround repair
  mockround repair last`,
		Args: atMostArgs(1, "one SESSION"),
		RunE: func(c *cobra.Command, args []string) error {
			o.session = argAt(args, 0)
			return runRepair(c.Context(), o)
		},
	}
}

func runRepair(_ context.Context, o *repairOptions) error {
	out := o.f.IO.Out
	store, err := o.f.store()
	if err != nil {
		return err
	}
	var targets []session.Listed
	if o.session != "" {
		l, err := store.Resolve(o.session)
		if err != nil {
			return err
		}
		targets = append(targets, l)
	} else if targets, err = store.List(); err != nil {
		return err
	}
	failed := 0
	for _, l := range targets {
		if l.Err != nil {
			fmt.Fprintf(out, "%s: cannot read: %v\n", l.ID, l.Err)
			failed++
			continue
		}
		r, err := session.Repair(l.Dir, repairWAV)
		switch {
		case errors.Is(err, session.ErrInUse):
			fmt.Fprintf(out, "%s: in use by a running mockround; left alone\n", l.ID)
		case err != nil:
			fmt.Fprintf(out, "%s: %v\n", l.ID, err)
			failed++
		case len(r.Actions) == 0:
			fmt.Fprintf(out, "%s: nothing to repair\n", l.ID)
		default:
			for _, a := range r.Actions {
				fmt.Fprintf(out, "%s: %s\n", l.ID, a)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d %s could not be repaired; see above", failed, text.Plural(failed, "session"))
	}
	return nil
}

// repairWAV adapts audio.Repair for the session store.
func repairWAV(path string) (frames int64, rate int, changed bool, err error) {
	changed, info, err := audio.Repair(path)
	return info.Frames(), info.Rate, changed, err
}

// repairCutOff repairs sessions a crash or kill left running, saying so in
// one line each on stderr. It never stops the command that calls it.
func repairCutOff(f *factory) {
	store, err := f.store()
	if err != nil {
		return
	}
	lines, _ := store.RepairCutOff(repairWAV)
	for _, l := range lines {
		fmt.Fprintf(f.IO.ErrOut, "mockround: %s\n", l)
	}
}
