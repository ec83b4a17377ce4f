package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
)

// Review is a plain review of a session's answers.
type Review struct {
	Record        *session.Record
	Dir           string
	Answers       []session.Answer
	TalkingPoints func(questionID string) []string // from the bank, if it still has the question
	Play          PlayFunc                         // nil: no audio
	Save          func() error                     // saves Record; called after every change
	Lines         <-chan string
	Out           io.Writer

	saveErr error // the last save's failure, if it failed
}

// SaveNow saves the record after a change, and remembers whether it could.
func (rv *Review) SaveNow() error {
	rv.saveErr = rv.Save()
	return rv.saveErr
}

// Summary is the last line of a review of n takes: where it is saved, or
// that the last change could not be saved.
func (rv *Review) Summary(n int) string {
	path := filepath.Join(rv.Dir, session.RecordFile)
	if rv.saveErr != nil {
		return fmt.Sprintf("Reviewed %d %s, but the last change was NOT saved (%v); earlier changes are in %s",
			n, text.Plural(n, "take"), rv.saveErr, path)
	}
	return fmt.Sprintf("Reviewed %d %s; saved in %s", n, text.Plural(n, "take"), path)
}

// AnswerLabel numbers an answer the same way on every face: by its
// question's place among the questions the session planned ("Answer 3 of
// 6"), whichever of them were answered or skipped.
func AnswerLabel(r *session.Record, position int) string {
	return fmt.Sprintf("Answer %d of %d", position, plannedQuestions(r))
}

// plannedQuestions counts the questions r planned; a record that lists no
// plan counts up to its last answered question.
func plannedQuestions(r *session.Record) int {
	n := len(r.Plan.Questions)
	for _, t := range r.Takes {
		n = max(n, t.Position)
	}
	return n
}

// errStop ends a review early at the candidate's request or end of input.
var errStop = errors.New("stop")

// RunPlain walks the answers take by take: the question, the take's figures,
// optionally its audio, then one line with a rating 1–5 (empty: leave as is)
// and one line of notes (empty: leave as is). A question with several takes
// then asks which is best. Each change is saved at once, so stopping midway
// (q, or the end of input) keeps what was reviewed.
func (rv *Review) RunPlain(ctx context.Context) error {
	reviewed := 0
	defer func() {
		fmt.Fprintf(rv.Out, "\n%s\n", rv.Summary(reviewed))
	}()
	for _, a := range rv.Answers {
		rated := 0
		for _, t := range a.Takes {
			if t.Status == session.TakeSkipped && t.File == "" {
				continue
			}
			if err := rv.showTake(ctx, a, t); err != nil {
				return stopped(err)
			}
			if err := rv.rate(ctx, t); err != nil {
				return stopped(err)
			}
			rated++
			reviewed++
		}
		if rated > 1 {
			if err := rv.pickBest(ctx, a); err != nil {
				return stopped(err)
			}
		}
		for _, t := range a.FollowUps {
			if err := rv.showTake(ctx, a, t); err != nil {
				return stopped(err)
			}
			if err := rv.rate(ctx, t); err != nil {
				return stopped(err)
			}
			reviewed++
		}
	}
	return nil
}

func stopped(err error) error {
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

func (rv *Review) showTake(ctx context.Context, a session.Answer, t *session.Take) error {
	if t.FollowUp != "" {
		fmt.Fprintf(rv.Out, "\n%s · follow-up\n  %s\n", AnswerLabel(rv.Record, a.Position), t.FollowUp)
	} else {
		fmt.Fprintf(rv.Out, "\n%s · %s · %s\n  %s\n", AnswerLabel(rv.Record, a.Position), t.RoundTitle, t.CategoryTitle, t.Question)
	}
	if rv.TalkingPoints != nil && t.FollowUp == "" {
		if tps := rv.TalkingPoints(t.QuestionID); len(tps) > 0 {
			fmt.Fprintln(rv.Out, "  talking points:")
			for _, tp := range tps {
				fmt.Fprintf(rv.Out, "    - %s\n", tp)
			}
		}
	}
	if len(a.Takes) > 1 && t.FollowUp == "" {
		var parts []string
		for _, o := range a.Takes {
			s := fmt.Sprintf("take %d %s %s", o.Take, Length(o.Length()), ratingText(o.Rating))
			if o.Best {
				s += " (best)"
			}
			parts = append(parts, s)
		}
		fmt.Fprintf(rv.Out, "  takes: %s\n", strings.Join(parts, " · "))
	}
	fmt.Fprintf(rv.Out, "take %d · %s · %s · %s\n", t.Take, Length(t.Length()), t.Status, ratingText(t.Rating))
	if t.Analysis != nil {
		fmt.Fprintf(rv.Out, "  %s\n", Figures(t.Analysis))
	}
	if t.Notes != "" {
		fmt.Fprintf(rv.Out, "  notes: %s\n", t.Notes)
	}
	comments := takeComments(rv.Out, rv.Record, t)
	if t.Transcript != nil {
		if tr, err := t.ReadTranscript(rv.Dir); err != nil {
			fmt.Fprintf(rv.Out, "  transcript: %v\n", err)
		} else {
			PrintTranscript(rv.Out, tr, "  ")
		}
	}
	if rv.Play == nil || t.File == "" {
		return nil
	}
	tr, repaired, err := rv.Play(filepath.Join(rv.Dir, t.File), 1)
	if err != nil {
		return err
	}
	defer tr.Stop()
	if repaired {
		fmt.Fprintf(rv.Out, "repaired the header of %s\n", t.File)
	}
	fmt.Fprintln(rv.Out, "playing…")
	return playWithComments(ctx, tr, &commentCue{comments: comments}, rv.Out)
}

func ratingText(r int) string {
	if r == 0 {
		return "not rated"
	}
	return fmt.Sprintf("rated %d/5", r)
}

// next reads one line; q or the end of input stop the review.
func (rv *Review) next(ctx context.Context, prompt string) (string, error) {
	fmt.Fprintf(rv.Out, "%s ", prompt)
	var line string
	var ok bool
	select {
	case line, ok = <-rv.Lines:
	case <-ctx.Done():
		fmt.Fprintln(rv.Out)
		return "", ctx.Err()
	}
	if !ok {
		fmt.Fprintln(rv.Out)
		return "", errStop
	}
	line = strings.TrimSpace(line)
	if line == "q" {
		return "", errStop
	}
	return line, nil
}

func (rv *Review) rate(ctx context.Context, t *session.Take) error {
	for {
		line, err := rv.next(ctx, "rating 1–5 (Enter skips, q stops):")
		if err != nil {
			return err
		}
		if line == "" {
			break
		}
		n, err := strconv.Atoi(line)
		if err != nil || n < 1 || n > 5 {
			fmt.Fprintf(rv.Out, "%q is not a rating: type a whole number from 1 to 5, or Enter to skip\n", line)
			continue
		}
		t.Rating = n
		if err := rv.SaveNow(); err != nil {
			return err
		}
		break
	}
	line, err := rv.next(ctx, "notes (Enter keeps them as they are):")
	if err != nil {
		return err
	}
	if line != "" {
		t.Notes = line
		return rv.SaveNow()
	}
	return nil
}

func (rv *Review) pickBest(ctx context.Context, a session.Answer) error {
	for {
		line, err := rv.next(ctx, fmt.Sprintf("best take 1–%d (Enter keeps the current choice):", len(a.Takes)))
		if err != nil || line == "" {
			return err
		}
		n, err := strconv.Atoi(line)
		if err == nil {
			if _, err = a.Take(n); err == nil {
				for _, t := range a.Takes {
					t.Best = t.Take == n
				}
				return rv.SaveNow()
			}
		}
		fmt.Fprintf(rv.Out, "%q is not one of the takes 1–%d\n", line, len(a.Takes))
	}
}
