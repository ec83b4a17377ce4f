package session

import (
	"sort"
	"time"
)

// The practice schedule: when each question is due again, from how it went
// each time it was practised (spaced repetition, as flash-card tools do).
//
// The rule, applied to a question's practice sessions oldest first, each
// with the rating that stands for its answer there (unrated counts as 3):
//
//	rating 1 or 2   due again the next day (the interval starts over at 1 day)
//	rating 3        due again in 2 days (the interval starts over at 2 days)
//	rating 4        the interval doubles, at least 3 days
//	rating 5        the interval triples, at least 4 days
//
// so a question answered well comes back after days, then weeks (5, 5, 5:
// 4, 12, 36 days), and one answered badly comes back tomorrow. It is due at
// its last practice plus the interval. A question never practised is due now.

// Due is when a question is next due.
type Due struct {
	QuestionID string
	At         time.Time     // zero: never practised, due now
	Interval   time.Duration // the interval the last practice set
}

// IsDue reports whether the question is due at now.
func (d Due) IsDue(now time.Time) bool { return !d.At.After(now) }

const day = 24 * time.Hour

// NextInterval is the interval after a practice rated rating, following
// the interval before it (0 for a first practice).
func NextInterval(prev time.Duration, rating int) time.Duration {
	switch {
	case rating <= 0: // not rated: taken as middling
		return NextInterval(prev, 3)
	case rating <= 2:
		return day
	case rating == 3:
		return 2 * day
	case rating == 4:
		return max(3*day, 2*prev)
	}
	return max(4*day, 3*prev)
}

// DueOf is when the question with practice p (nil: never practised) is due.
func DueOf(id string, p *Practice) Due {
	d := Due{QuestionID: id}
	if p == nil || len(p.Sessions) == 0 {
		return d
	}
	var interval time.Duration
	for _, s := range p.Sessions {
		interval = NextInterval(interval, s.Rating)
	}
	last := p.Sessions[len(p.Sessions)-1].At
	d.At, d.Interval = last.Add(interval), interval
	return d
}

// Schedule is when each of ids is due, soonest first (never practised
// first of all, in the order given).
func (h History) Schedule(ids []string) []Due {
	out := make([]Due, 0, len(ids))
	for _, id := range ids {
		out = append(out, DueOf(id, h[id]))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}
