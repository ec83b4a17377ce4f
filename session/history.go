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
	Round         string // round id
	Category      string // category id
	Takes         int    // answered takes (not skipped)
	Rated         int
	RatingSum     int
	LastPractised time.Time // zero: never
}

// MeanRating returns the mean self-rating and whether there is any.
func (p *Practice) MeanRating() (float64, bool) {
	if p.Rated == 0 {
		return 0, false
	}
	return float64(p.RatingSum) / float64(p.Rated), true
}

// History is the practice of every question across sessions, by question id.
type History map[string]*Practice

// BuildHistory gathers the takes of every readable session.
func BuildHistory(list []Listed) History {
	h := History{}
	for _, l := range list {
		if l.Record == nil {
			continue
		}
		for _, t := range l.Record.Takes {
			if t.Status == TakeSkipped || t.Status == TakeRecording {
				continue
			}
			p := h[t.QuestionID]
			if p == nil {
				p = &Practice{QuestionID: t.QuestionID, Question: t.Question, Round: t.Round, Category: t.Category}
				h[t.QuestionID] = p
			}
			p.Takes++
			if t.Rating > 0 {
				p.Rated++
				p.RatingSum += t.Rating
			}
			if t.Started.After(p.LastPractised) {
				p.LastPractised = t.Started
			}
		}
	}
	return h
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
