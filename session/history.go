package session

import (
	"sort"
	"time"

	"github.com/mockround/mockround/bank"
)

// Practice is what the history says about one question.
type Practice struct {
	QuestionID    string
	Question      string
	Round         string    // round id
	Category      string    // category id
	Takes         int       // takes that are practice (Take.Practice)
	Rated         int       // sessions in which its answer was rated
	RatingSum     int       // the sum of those answers' ratings (Answer.Rating)
	LastPractised time.Time // zero: never
	// Sessions are the sessions in which it was practised, oldest first:
	// when, and its answer's rating there (0: not rated).
	Sessions []Practised
}

// Practised is one session's practice of a question.
type Practised struct {
	At     time.Time
	Rating int
}

// MeanRating returns the mean of the question's rated answers and whether
// there is any. Each session counts once, with the rating that stands for
// its answer: the best take's, else the latest rated take's.
func (p *Practice) MeanRating() (float64, bool) {
	if p.Rated == 0 {
		return 0, false
	}
	return float64(p.RatingSum) / float64(p.Rated), true
}

// History is the practice of every question across sessions, by question id.
type History map[string]*Practice

// BuildHistory gathers the practice in every readable session: takes with
// speech in them (Take.Practice); a question skipped, or answered only by
// a take stopped as it began, was not practised.
func BuildHistory(list []Listed) History {
	h := History{}
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		r := list[i].Record
		if r == nil {
			continue
		}
		for _, a := range r.Answers() {
			h.add(a)
		}
	}
	return h
}

// OfBank keeps the readable sessions drawn from the bank titled title: the
// history of one bank says nothing of another's questions.
func OfBank(list []Listed, title string) []Listed {
	var out []Listed
	for _, l := range list {
		if l.Record != nil && l.Record.Bank.Title == title {
			out = append(out, l)
		}
	}
	return out
}

func (h History) add(a Answer) {
	var last time.Time
	takes := 0
	for _, t := range a.Takes {
		if t.Practice() {
			takes++
			if t.Started.After(last) {
				last = t.Started
			}
		}
	}
	if takes == 0 {
		return
	}
	t := a.Takes[0]
	p := h[t.QuestionID]
	if p == nil {
		p = &Practice{QuestionID: t.QuestionID, Question: t.Question, Round: t.Round, Category: t.Category}
		h[t.QuestionID] = p
	}
	p.Takes += takes
	rating, rated := a.Rating()
	if rated {
		p.Rated++
		p.RatingSum += rating
	}
	if last.After(p.LastPractised) {
		p.LastPractised = last
	}
	p.Sessions = append(p.Sessions, Practised{At: last, Rating: rating})
}

// weakRank orders questions for --pick weak: rated 3 or below, lowest
// first; then never rated; then rated above 3, lowest first.
func (h History) weakRank(id string) (group int, mean float64) {
	p := h[id]
	if p == nil {
		return 1, 0
	}
	m, ok := p.MeanRating()
	switch {
	case !ok:
		return 1, 0
	case m <= 3:
		return 0, m
	}
	return 2, m
}

// orderBy sorts picks by the pick order's priority, keeping the given
// (seeded, shuffled) order among equals.
func (h History) orderBy(pick string, r *bank.Round, picks []pick) {
	sort.SliceStable(picks, func(i, j int) bool {
		a := r.Categories[picks[i].cat].Questions[picks[i].q].ID
		b := r.Categories[picks[j].cat].Questions[picks[j].q].ID
		switch pick {
		case PickWeak:
			ga, ma := h.weakRank(a)
			gb, mb := h.weakRank(b)
			if ga != gb {
				return ga < gb
			}
			return ma < mb
		case PickFresh:
			return h.last(a).Before(h.last(b))
		case PickDue:
			return DueOf(a, h[a]).At.Before(DueOf(b, h[b]).At)
		}
		return false
	})
}

func (h History) last(id string) time.Time {
	if p := h[id]; p != nil {
		return p.LastPractised
	}
	return time.Time{}
}
