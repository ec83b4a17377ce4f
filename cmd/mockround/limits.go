package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/mockround/mockround/session"
)

// The longest times run takes on the command line. Longer is a slip (2h
// for 2m), and a round that long is no mock interview.
const (
	maxPrep     = 30 * time.Minute
	maxAnswer   = 60 * time.Minute
	maxOvertime = 30 * time.Minute
)

// limitsHelp states the rules checkLimits applies, for --help.
const limitsHelp = `--prep is 0 to 30m, --answer more than 0 up to 60m, --overtime 0 to 30m,
and --warn 0 or shorter than the answer time.`

// checkLimits refuses the times given on the command line that are
// negative or beyond sense, and a warning that would start before the
// answer does (--warn not shorter than --answer), saying the rule broken.
func checkLimits(l session.Overrides) error {
	var bad []string
	check := func(name string, v *time.Duration, positive bool, most time.Duration) {
		switch {
		case v == nil:
		case positive && (*v <= 0 || *v > most):
			bad = append(bad, fmt.Sprintf("%s %s: must be more than 0 and at most %s", name, *v, short(most)))
		case !positive && (*v < 0 || *v > most):
			bad = append(bad, fmt.Sprintf("%s %s: must be 0 or more and at most %s", name, *v, short(most)))
		}
	}
	check("--prep", l.Prep, false, maxPrep)
	check("--answer", l.Answer, true, maxAnswer)
	check("--overtime", l.Overtime, false, maxOvertime)
	switch {
	case l.Warn == nil:
	case *l.Warn < 0:
		bad = append(bad, fmt.Sprintf("--warn %s: must be 0 (no warning) or more", *l.Warn))
	case l.Answer != nil && *l.Warn > 0 && *l.Warn >= *l.Answer:
		bad = append(bad, fmt.Sprintf("--warn %s: must be shorter than --answer %s (the warning stage starts when --warn is left of the answer time)", *l.Warn, *l.Answer))
	}
	if len(bad) > 0 {
		return usageErr("%s", strings.Join(bad, "; "))
	}
	return nil
}

// checkWarn refuses a --warn that is not shorter than the answer time of a
// question that takes its answer time from the bank.
func checkWarn(l session.Overrides, items []session.PlanItem) error {
	if l.Warn == nil || *l.Warn == 0 || l.Answer != nil {
		return nil // none given, or checked against --answer already
	}
	for _, it := range items {
		if *l.Warn >= it.Limits.Answer {
			return usageErr("--warn %s: must be shorter than the answer time, and question %d (%s) has %s; "+
				"give a shorter --warn, or a longer --answer", *l.Warn, it.Position, it.Question.ID, it.Limits.Answer)
		}
	}
	return nil
}

// short writes a limit of whole minutes as the help states it: 60m, not 1h0m0s.
func short(d time.Duration) string {
	if d%time.Minute != 0 {
		return d.String()
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}
