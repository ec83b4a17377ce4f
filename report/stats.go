package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
)

// Stats is progress over every session.
type Stats struct {
	Sessions       int            `json:"sessions"`
	Takes          int            `json:"takes"`
	Groups         []Group        `json:"groups"`
	Trend          []SessionPoint `json:"trend"` // the most recent sessions, oldest first
	Weakest        []QuestionStat `json:"weakest"`
	LeastPractised []QuestionStat `json:"least_practised"`
}

// Group is one round and category.
type Group struct {
	Round          string   `json:"round"`
	Category       string   `json:"category"`
	Answers        int      `json:"answers"`
	MeanSpeakingS  *float64 `json:"mean_speaking_s"`
	MeanFirstWordS *float64 `json:"mean_first_word_s"`
	MeanRating     *float64 `json:"mean_rating"`
}

// SessionPoint is one session's means, for the trend.
type SessionPoint struct {
	ID            string    `json:"id"`
	Started       time.Time `json:"started"`
	Answers       int       `json:"answers"`
	MeanSpeakingS *float64  `json:"mean_speaking_s"`
	MeanRating    *float64  `json:"mean_rating"`
}

// QuestionStat is one question's practice.
type QuestionStat struct {
	QuestionID    string     `json:"question_id"`
	Question      string     `json:"question"`
	Round         string     `json:"round"`
	Takes         int        `json:"takes"`
	MeanRating    *float64   `json:"mean_rating"`
	LastPractised *time.Time `json:"last_practised"`
}

// TrendLength is how many recent sessions the trend shows.
const TrendLength = 8

type mean struct {
	sum float64
	n   int
}

func (m *mean) add(v float64) { m.sum += v; m.n++ }
func (m mean) value() *float64 {
	if m.n == 0 {
		return nil
	}
	v := round3(m.sum / float64(m.n))
	return &v
}

// NewStats gathers progress from the sessions (newest first, as listed)
// and the questions of the bank, so never-practised questions show too.
func NewStats(list []session.Listed, qb *bank.Bank) *Stats {
	st := &Stats{Groups: []Group{}, Trend: []SessionPoint{}, Weakest: []QuestionStat{}, LeastPractised: []QuestionStat{}}
	type key struct{ round, category string }
	groups := map[key]*struct {
		answers             int
		speak, first, rated mean
	}{}
	var order []key
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		r := list[i].Record
		if r == nil {
			continue
		}
		st.Sessions++
		var sp, rt mean
		answers := 0
		for _, t := range r.Takes {
			if t.Status == session.TakeSkipped || t.Status == session.TakeRecording {
				continue
			}
			st.Takes++
			answers++
			k := key{t.RoundTitle, t.CategoryTitle}
			g := groups[k]
			if g == nil {
				g = &struct {
					answers             int
					speak, first, rated mean
				}{}
				groups[k] = g
				order = append(order, k)
			}
			g.answers++
			if a := t.Analysis; a != nil {
				g.speak.add(a.SpeakingS)
				sp.add(a.SpeakingS)
				if a.FirstWordS != nil {
					g.first.add(*a.FirstWordS)
				}
			}
			if t.Rating > 0 {
				g.rated.add(float64(t.Rating))
				rt.add(float64(t.Rating))
			}
		}
		st.Trend = append(st.Trend, SessionPoint{ID: r.ID, Started: r.Started, Answers: answers, MeanSpeakingS: sp.value(), MeanRating: rt.value()})
	}
	if len(st.Trend) > TrendLength {
		st.Trend = st.Trend[len(st.Trend)-TrendLength:]
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].round != order[j].round {
			return order[i].round < order[j].round
		}
		return order[i].category < order[j].category
	})
	for _, k := range order {
		g := groups[k]
		st.Groups = append(st.Groups, Group{Round: k.round, Category: k.category, Answers: g.answers,
			MeanSpeakingS: g.speak.value(), MeanFirstWordS: g.first.value(), MeanRating: g.rated.value()})
	}

	h := session.BuildHistory(list)
	var all []QuestionStat
	seen := map[string]bool{}
	add := func(id, text, round string) {
		if seen[id] {
			return
		}
		seen[id] = true
		q := QuestionStat{QuestionID: id, Question: text, Round: round}
		if p := h[id]; p != nil {
			q.Takes = p.Takes
			if m, ok := p.MeanRating(); ok {
				m = round3(m)
				q.MeanRating = &m
			}
			if !p.LastPractised.IsZero() {
				lp := p.LastPractised
				q.LastPractised = &lp
			}
		}
		all = append(all, q)
	}
	if qb != nil {
		for _, r := range qb.Rounds {
			for _, c := range r.Categories {
				for _, q := range c.Questions {
					add(q.ID, q.Text, r.ID)
				}
			}
		}
	}
	for _, p := range h {
		add(p.QuestionID, p.Question, p.Round)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].QuestionID < all[j].QuestionID })

	var ratedQs []QuestionStat
	for _, q := range all {
		if q.MeanRating != nil {
			ratedQs = append(ratedQs, q)
		}
	}
	sort.SliceStable(ratedQs, func(i, j int) bool { return *ratedQs[i].MeanRating < *ratedQs[j].MeanRating })
	st.Weakest = append(st.Weakest, ratedQs[:min(5, len(ratedQs))]...)

	least := append([]QuestionStat(nil), all...)
	sort.SliceStable(least, func(i, j int) bool {
		if least[i].Takes != least[j].Takes {
			return least[i].Takes < least[j].Takes
		}
		return lastOf(least[i]).Before(lastOf(least[j]))
	})
	st.LeastPractised = append(st.LeastPractised, least[:min(5, len(least))]...)
	return st
}

func lastOf(q QuestionStat) time.Time {
	if q.LastPractised == nil {
		return time.Time{}
	}
	return *q.LastPractised
}

// WriteText prints the progress summary.
func (st *Stats) WriteText(w io.Writer) {
	if st.Sessions == 0 {
		fmt.Fprintln(w, "No sessions yet. Start one with: mockround run")
		return
	}
	fmt.Fprintf(w, "%d %s · %d %s\n\n", st.Sessions, text.Plural(st.Sessions, "session"), st.Takes, text.Plural(st.Takes, "answer"))
	fmt.Fprintf(w, "%-22s %-26s %7s %9s %11s %7s\n", "ROUND", "CATEGORY", "ANSWERS", "SPEAKING", "FIRST WORD", "RATING")
	for _, g := range st.Groups {
		fmt.Fprintf(w, "%-22s %-26s %7d %9s %11s %7s\n", cut(g.Round, 22), cut(g.Category, 26), g.Answers, secs(g.MeanSpeakingS), secs(g.MeanFirstWordS), num(g.MeanRating))
	}
	if len(st.Trend) > 1 {
		var ratings, speaking []string
		for _, p := range st.Trend {
			ratings = append(ratings, num(p.MeanRating))
			speaking = append(speaking, secs(p.MeanSpeakingS))
		}
		fmt.Fprintf(w, "\nTrend over the last %d sessions, oldest first:\n  mean rating    %s\n  mean speaking  %s\n", len(st.Trend), strings.Join(ratings, " → "), strings.Join(speaking, " → "))
	}
	if len(st.Weakest) > 0 {
		fmt.Fprintln(w, "\nWeakest (lowest mean rating) · practise with: mockround run --pick weak")
		for _, q := range st.Weakest {
			fmt.Fprintf(w, "  %-4s %-26s %s\n", num(q.MeanRating), q.QuestionID, q.Question)
		}
	}
	fmt.Fprintln(w, "\nLeast practised · practise with: mockround run --pick fresh")
	for _, q := range st.LeastPractised {
		when := "never"
		if q.LastPractised != nil {
			when = q.LastPractised.Local().Format("2006-01-02")
		}
		fmt.Fprintf(w, "  %2d × %-10s %-26s %s\n", q.Takes, when, q.QuestionID, q.Question)
	}
}

func secs(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f s", *v)
}

func num(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f", *v)
}

func cut(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
