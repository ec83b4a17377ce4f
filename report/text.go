package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mockround/mockround/internal/text"
)

// WriteText prints the summary a candidate reads in the terminal.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Session %s · %s · %s\n", r.ID, r.Started.Local().Format("2006-01-02 15:04"), r.Bank)
	rating := "not rated"
	if r.Totals.MeanRating != nil {
		rating = fmt.Sprintf("mean rating %.1f/5", *r.Totals.MeanRating)
	}
	if r.Totals.ReviewMean != nil {
		rating += fmt.Sprintf(" · reviewers' mean %.1f/5", *r.Totals.ReviewMean)
	}
	fmt.Fprintf(w, "%d of %d questions answered · %s recorded · %s speaking · %s · %s\n\n",
		r.Answered, r.Questions, clock(r.Totals.RecordedS), clock(r.Totals.SpeakingS), rating, r.Status)
	for _, a := range r.Answers {
		fmt.Fprintf(w, "%d. %s\n   %s · %s\n", a.Position, a.Question, a.Round, a.Category)
		if a.Skipped {
			fmt.Fprintln(w, "   skipped")
		}
		for _, t := range a.Takes {
			writeTake(w, t)
		}
		if a.FollowUp != "" {
			fmt.Fprintf(w, "   follow-up: %s\n", a.FollowUp)
			for _, t := range a.FollowUpTakes {
				writeTake(w, t)
			}
		}
		if len(a.TalkingPoints) > 0 {
			fmt.Fprintf(w, "   talking points: %s\n", strings.Join(a.TalkingPoints, "; "))
		}
	}
	r.writeReviews(w)
}

// writeTake prints one take's line, its transcript and its notes.
func writeTake(w io.Writer, t Take) {
	var parts []string
	parts = append(parts, fmt.Sprintf("take %d", t.Take), TimeText(t))
	if g := GapText(t); g != "" {
		parts = append(parts, g)
	}
	if t.SpeakingS != nil {
		if t.FirstWordS != nil {
			parts = append(parts, fmt.Sprintf("first word %.1f s", *t.FirstWordS))
		} else {
			parts = append(parts, "no speech detected")
		}
		parts = append(parts, fmt.Sprintf("speaking %.1f s", *t.SpeakingS), fmt.Sprintf("longest pause %.1f s", *t.LongestPauseS))
		if *t.PausesOver2s > 0 {
			parts = append(parts, fmt.Sprintf("%d %s > 2 s", *t.PausesOver2s, text.Plural(*t.PausesOver2s, "pause")))
		}
	}
	if t.Rating > 0 {
		parts = append(parts, fmt.Sprintf("rated %d/5", t.Rating))
	}
	if t.Best {
		parts = append(parts, "best")
	}
	if t.Status != "done" {
		parts = append(parts, t.Status)
	}
	fmt.Fprintf(w, "   %s\n", strings.Join(parts, " · "))
	writeTranscript(w, t)
	if t.Notes != "" {
		fmt.Fprintf(w, "     notes: %s\n", t.Notes)
	}
	writeTakeReviews(w, t)
}

// TimeText is a take's length against its limit: "0:50 of 0:20 · 0:30
// over", "1:40 of 2:00", "0:40 of 2:00 · under the 1:00 minimum"; the length
// alone when the limit is not known. Lengths are rounded to the second, so
// a take of 59.6 s reads "1:00 of 2:00 · under the 1:00 minimum".
func TimeText(t Take) string {
	if t.LimitS == nil {
		return clock(t.LengthS)
	}
	s := clock(t.LengthS) + " of " + clock(*t.LimitS)
	if over := *t.OverS; over >= 0.5 {
		s += " · " + clock(over) + " over"
	}
	if t.UnderMin != nil && *t.UnderMin {
		s += " · under the " + clock(*t.MinS) + " minimum"
	}
	return s
}

// GapText marks a take that lacks audio: "5.2 s not recorded
// (suspended)" when the process did not run meanwhile (Ctrl-Z, a machine
// asleep), "0.4 s not recorded" when the audio went missing otherwise;
// empty when nothing is missing, to the tenth of a second.
func GapText(t Take) string {
	if t.GapS < 0.05 {
		return ""
	}
	s := fmt.Sprintf("%.1f s not recorded", t.GapS)
	if t.SuspendedS > 0 {
		s += " (suspended)"
	}
	return s
}

// clock formats seconds as m:ss.
func clock(s float64) string {
	n := int64(s + 0.5)
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

// writeTranscript prints a take's pace, fillers and talking points, and
// its transcript wrapped and indented, when it has one.
func writeTranscript(w io.Writer, t Take) {
	line := SpeechText(t)
	if line == "" {
		return
	}
	fmt.Fprintf(w, "     %s\n", line)
	if t.Transcript == nil {
		return
	}
	const indent = "       " // under the line above, and a little in
	for _, l := range text.Wrap(*t.Transcript, text.Columns-len(indent)) {
		fmt.Fprintf(w, "%s%s\n", indent, l)
	}
}
