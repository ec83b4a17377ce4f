package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
)

// Review is one reviewer's review of the session (review --import).
type Review struct {
	Reviewer   string               `json:"reviewer"`
	Saved      string               `json:"saved,omitempty"`
	Notes      string               `json:"notes,omitempty"`
	MeanRating *float64             `json:"mean_rating"` // over the takes they rated
	Takes      []session.ReviewTake `json:"takes"`
}

// TakeReview is what one reviewer said of one take.
type TakeReview struct {
	Reviewer string            `json:"reviewer"`
	Rating   int               `json:"rating,omitempty"`
	Comments []session.Comment `json:"comments,omitempty"`
}

// reviews fills in the session's reviews: in full on the report, and each
// take's share on the take.
func (rep *Report) reviews(r *session.Record) {
	var all mean
	for _, name := range r.ReviewersOf() {
		rv := r.Reviews[name]
		var m mean
		for _, t := range rv.Takes {
			if validRating(t.Rating) {
				m.add(float64(t.Rating))
				all.add(float64(t.Rating))
			}
		}
		rep.Reviews = append(rep.Reviews, Review{Reviewer: name, Saved: rv.Saved, Notes: rv.Notes, MeanRating: m.value(), Takes: rv.Takes})
	}
	rep.Totals.ReviewMean = all.value()
}

func takeReviews(r *session.Record, t *session.Take) []TakeReview {
	var out []TakeReview
	for _, tr := range r.ReviewsOf(t) {
		rating := tr.Rating
		if !validRating(rating) {
			rating = 0 // a hand-edited session.json: shown as not rated
		}
		out = append(out, TakeReview{Reviewer: tr.Reviewer, Rating: rating, Comments: tr.Comments})
	}
	return out
}

// validRating: review --import lets in only 1–5 (0: not rated), but
// session.json may have been edited by hand since.
func validRating(r int) bool { return r >= 1 && r <= session.MaxRating }

// writeTakeReviews prints each reviewer's rating and comments of a take.
func writeTakeReviews(w io.Writer, t Take) {
	for _, rv := range t.Reviews {
		line := "     " + rv.Reviewer + ":"
		if rv.Rating > 0 {
			line += fmt.Sprintf(" rated %d/5", rv.Rating)
		}
		if n := len(rv.Comments); n > 0 {
			if rv.Rating > 0 {
				line += " ·"
			}
			line += fmt.Sprintf(" %d %s", n, text.Plural(n, "comment"))
		}
		fmt.Fprintln(w, line)
		for _, c := range rv.Comments {
			fmt.Fprintf(w, "       %s  %s\n", Moment(c.AtS), strings.ReplaceAll(c.Text, "\n", " "))
		}
	}
}

// writeReviews prints the reviewers' general notes and means.
func (rep *Report) writeReviews(w io.Writer) {
	if len(rep.Reviews) == 0 {
		return
	}
	fmt.Fprintf(w, "\nReviews (%d)\n", len(rep.Reviews))
	for _, rv := range rep.Reviews {
		line := "  " + rv.Reviewer
		if rv.MeanRating != nil {
			line += fmt.Sprintf(" · mean rating %.1f/5", *rv.MeanRating)
		}
		if rv.Saved != "" {
			line += " · saved " + rv.Saved
		}
		fmt.Fprintln(w, line)
		if rv.Notes != "" {
			for _, l := range strings.Split(rv.Notes, "\n") {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
	}
}

// Moment is a moment of a take as m:ss, to the second it falls in (a
// comment at 59.6 s is at 0:59, as a player's clock shows it then).
func Moment(s float64) string {
	n := int64(max(s, 0))
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}
