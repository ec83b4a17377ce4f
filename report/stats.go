package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mockround/mockround/bank"
	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
)

// Stats is progress over the sessions of one bank.
type Stats struct {
	Bank           string         `json:"bank"` // the bank's title
	OtherBanks     []string       `json:"other_banks,omitempty"`
	Sessions       int            `json:"sessions"`
	Answers        int            `json:"answers"`  // questions practised, counted once a session
	Takes          int            `json:"takes"`    // takes that are practice
	DueNow         int            `json:"due_now"`  // questions due for practice (see session.DueOf)
	NextDue        *time.Time     `json:"next_due"` // when the next question not yet due comes due
	Due            []DueStat      `json:"due"`
	Groups         []Group        `json:"groups"`
	Trend          []SessionPoint `json:"trend"` // the most recent sessions, oldest first
	Weakest        []QuestionStat `json:"weakest"`
	LeastPractised []QuestionStat `json:"least_practised"`
	// Once a reviewer has rated a session (review --import): the mean of
	// the candidate's own ratings (each answer's), the mean of the
	// reviewers' ratings (each take they rated), and who they are.
	SelfMean   *float64 `json:"self_mean_rating,omitempty"`
	ReviewMean *float64 `json:"review_mean_rating,omitempty"`
	Reviewers  []string `json:"reviewers,omitempty"`

	// Self is the command as the user runs it, for the hints WriteText
	// prints ("mockround" when empty); BankArg, when the bank shown is not
	// the built-in one, names it to run's --bank, quoted for the shell.
	Self    string `json:"-"`
	BankArg string `json:"-"`

	unpractised int // sessions of the bank that hold no practice
}

// DueStat is one question of the schedule: due now, or when.
type DueStat struct {
	QuestionID string     `json:"question_id"`
	Question   string     `json:"question"`
	DueAt      *time.Time `json:"due_at"` // null: never practised
	IntervalD  float64    `json:"interval_days"`
}

// Group is one round and category.
type Group struct {
	Round          string   `json:"round"`
	Category       string   `json:"category"`
	Answers        int      `json:"answers"`
	MeanSpeakingS  *float64 `json:"mean_speaking_s"`
	MeanFirstWordS *float64 `json:"mean_first_word_s"`
	MeanRating     *float64 `json:"mean_rating"`
	// MeanWPM is the mean pace and FillersPer100 the fillers per 100
	// words of the answers with a transcript; left out when none has.
	MeanWPM       *float64 `json:"mean_wpm,omitempty"`
	FillersPer100 *float64 `json:"fillers_per_100_words,omitempty"`
}

// SessionPoint is one session's means, for the trend.
type SessionPoint struct {
	ID            string    `json:"id"`
	Started       time.Time `json:"started"`
	Answers       int       `json:"answers"`
	MeanSpeakingS *float64  `json:"mean_speaking_s"`
	MeanRating    *float64  `json:"mean_rating"`
	MeanWPM       *float64  `json:"mean_wpm,omitempty"` // as in Group
	FillersPer100 *float64  `json:"fillers_per_100_words,omitempty"`
	// MeanReviewRating is the reviewers' mean, when the session has one.
	MeanReviewRating *float64 `json:"mean_review_rating,omitempty"`
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

// NewStats gathers progress from the sessions (newest first, as listed) of
// the bank titled bankTitle (every session when empty), with the questions
// of qb (nil: those of the history) so that never-practised questions show
// too. Practice counts as session.Take.Practice says, and a question's
// rating is the one that stands for its answer (session.Answer.Rating).
// now is when the schedule is read.
func NewStats(list []session.Listed, bankTitle string, qb *bank.Bank, now time.Time) *Stats {
	st := &Stats{Bank: bankTitle, Groups: []Group{}, Trend: []SessionPoint{}, Weakest: []QuestionStat{},
		LeastPractised: []QuestionStat{}, Due: []DueStat{}}
	list, st.OtherBanks = ofBank(list, bankTitle)
	groups := groupTally{}
	var self, reviewed mean
	reviewers := map[string]bool{}
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		if r := list[i].Record; r != nil {
			// A session counts, and shows on the trend, once it holds
			// practice: one kept for a rating or a note alone does not.
			if p := st.addSession(r, groups); p.Answers > 0 {
				st.Sessions++
				st.Trend = append(st.Trend, p)
			} else {
				st.unpractised++
			}
			for _, a := range r.Answers() {
				if v, ok := a.Rating(); ok && a.Practised() {
					self.add(float64(v))
				}
			}
			for name, rv := range r.Reviews {
				reviewers[name] = true
				for _, t := range rv.Takes {
					if validRating(t.Rating) {
						reviewed.add(float64(t.Rating))
					}
				}
			}
		}
	}
	if len(reviewers) > 0 {
		st.SelfMean, st.ReviewMean = self.value(), reviewed.value()
		for name := range reviewers {
			st.Reviewers = append(st.Reviewers, name)
		}
		slices.Sort(st.Reviewers)
	}
	if len(st.Trend) > TrendLength {
		st.Trend = st.Trend[len(st.Trend)-TrendLength:]
	}
	st.Groups = append(st.Groups, groups.list()...)
	h := session.BuildHistory(list)
	all := questionStats(h, qb)
	st.Weakest = append(st.Weakest, weakest(all, 5)...)
	st.LeastPractised = append(st.LeastPractised, leastPractised(all, 5)...)
	st.schedule(h, all, now)
	return st
}

// ofBank keeps the sessions of the bank titled title, and names the other
// banks seen.
func ofBank(list []session.Listed, title string) ([]session.Listed, []string) {
	if title == "" {
		return list, nil
	}
	var keep []session.Listed
	var others []string
	for _, l := range list {
		switch {
		case l.Record == nil:
		case l.Record.Bank.Title == title:
			keep = append(keep, l)
		case !slices.Contains(others, l.Record.Bank.Title):
			others = append(others, l.Record.Bank.Title)
		}
	}
	sort.Strings(others)
	return keep, others
}

// schedule fills the due questions: how many are due now, which, and when
// the next one not due yet comes due.
func (st *Stats) schedule(h session.History, all []QuestionStat, now time.Time) {
	ids := make([]string, len(all))
	text := map[string]string{}
	for i, q := range all {
		ids[i], text[q.QuestionID] = q.QuestionID, q.Question
	}
	for _, d := range h.Schedule(ids) {
		if !d.IsDue(now) {
			at := d.At
			st.NextDue = &at
			break
		}
		st.DueNow++
		ds := DueStat{QuestionID: d.QuestionID, Question: text[d.QuestionID], IntervalD: round3(d.Interval.Hours() / 24)}
		if !d.At.IsZero() {
			at := d.At
			ds.DueAt = &at
		}
		st.Due = append(st.Due, ds)
	}
}

// groupKey is a round and category, by title.
type groupKey struct{ round, category string }

// groupSums are a group's running figures.
type groupSums struct {
	answers             int
	speak, first, rated mean
	speech              speechSums
}

// speechSums add up the transcripts of answers: their pace, and their
// fillers over all their words (so a short answer weighs what it says).
type speechSums struct {
	wpm            mean
	fillers, words int
}

// add counts the take's transcript, if it has one with words in it.
func (s *speechSums) add(t *session.Take) {
	if t.Transcript == nil || t.Transcript.Figures.Words == 0 {
		return
	}
	f := t.Transcript.Figures
	s.wpm.add(f.WPM)
	s.fillers += f.FillerCount
	s.words += f.Words
}

// values are the mean pace and the fillers per 100 words; nil when no
// transcript was counted.
func (s speechSums) values() (wpm, per100 *float64) {
	if s.words == 0 {
		return nil, nil
	}
	v := round3(float64(s.fillers) * 100 / float64(s.words))
	return s.wpm.value(), &v
}

// groupTally adds up takes by round and category.
type groupTally map[groupKey]*groupSums

// addSession counts a session's practised answers into st and groups, and
// returns its point on the trend. An answer's figures are its chosen
// take's (the best, else the latest); its rating the one that stands for it.
func (st *Stats) addSession(r *session.Record, groups groupTally) SessionPoint {
	var sp, rt mean
	var speech speechSums
	answers := 0
	for _, a := range r.Answers() {
		if !a.Practised() {
			continue
		}
		for _, t := range a.Takes {
			if t.Practice() {
				st.Takes++
			}
		}
		st.Answers++
		answers++
		t := a.Chosen()
		g := groups.of(groupKey{t.RoundTitle, t.CategoryTitle})
		g.answers++
		if an := t.Analysis; an != nil {
			g.speak.add(an.SpeakingS)
			sp.add(an.SpeakingS)
			if an.FirstWordS != nil {
				g.first.add(*an.FirstWordS)
			}
		}
		if v, ok := a.Rating(); ok {
			g.rated.add(float64(v))
			rt.add(float64(v))
		}
		g.speech.add(t)
		speech.add(t)
	}
	p := SessionPoint{ID: r.ID, Started: r.Started, Answers: answers, MeanSpeakingS: sp.value(), MeanRating: rt.value()}
	p.MeanWPM, p.FillersPer100 = speech.values()
	var reviewed mean
	for _, rv := range r.Reviews {
		for _, t := range rv.Takes {
			if validRating(t.Rating) {
				reviewed.add(float64(t.Rating))
			}
		}
	}
	p.MeanReviewRating = reviewed.value()
	return p
}

func (gt groupTally) of(k groupKey) *groupSums {
	g := gt[k]
	if g == nil {
		g = &groupSums{}
		gt[k] = g
	}
	return g
}

// list returns the groups by round, then category.
func (gt groupTally) list() []Group {
	keys := make([]groupKey, 0, len(gt))
	for k := range gt {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].round != keys[j].round {
			return keys[i].round < keys[j].round
		}
		return keys[i].category < keys[j].category
	})
	var out []Group
	for _, k := range keys {
		g := gt[k]
		grp := Group{Round: k.round, Category: k.category, Answers: g.answers,
			MeanSpeakingS: g.speak.value(), MeanFirstWordS: g.first.value(), MeanRating: g.rated.value()}
		grp.MeanWPM, grp.FillersPer100 = g.speech.values()
		out = append(out, grp)
	}
	return out
}

// questionStats is every question of the bank (of the history when qb is
// nil), by id, with its practice.
func questionStats(h session.History, qb *bank.Bank) []QuestionStat {
	var all []QuestionStat
	add := func(id, text, round string) {
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
	} else {
		for _, p := range h {
			add(p.QuestionID, p.Question, p.Round)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].QuestionID < all[j].QuestionID })
	return all
}

// weakest is up to n rated questions, lowest mean rating first.
func weakest(all []QuestionStat, n int) []QuestionStat {
	var rated []QuestionStat
	for _, q := range all {
		if q.MeanRating != nil {
			rated = append(rated, q)
		}
	}
	sort.SliceStable(rated, func(i, j int) bool { return *rated[i].MeanRating < *rated[j].MeanRating })
	return rated[:min(n, len(rated))]
}

// leastPractised is up to n questions, fewest takes first, then the longest
// since last practised (never first).
func leastPractised(all []QuestionStat, n int) []QuestionStat {
	least := append([]QuestionStat(nil), all...)
	sort.SliceStable(least, func(i, j int) bool {
		if least[i].Takes != least[j].Takes {
			return least[i].Takes < least[j].Takes
		}
		return lastOf(least[i]).Before(lastOf(least[j]))
	})
	return least[:min(n, len(least))]
}

func lastOf(q QuestionStat) time.Time {
	if q.LastPractised == nil {
		return time.Time{}
	}
	return *q.LastPractised
}

// run is the command that runs a session of the bank shown, with args.
func (st *Stats) run(args string) string {
	self := st.Self
	if self == "" {
		self = "mockround"
	}
	s := self + " run"
	if args != "" {
		s += " " + args
	}
	if st.BankArg != "" {
		s += " --bank " + st.BankArg
	}
	return s
}

// WriteText prints the progress summary.
func (st *Stats) WriteText(w io.Writer) {
	if st.Sessions == 0 {
		switch {
		case st.unpractised > 0:
			fmt.Fprintf(w, "No practice yet with %q (an answer counts with at least %g s of speech). Practise with: %s\n",
				st.Bank, session.MinPracticeS, st.run(""))
		case len(st.OtherBanks) == 0:
			fmt.Fprintf(w, "No sessions yet. Start one with: %s\n", st.run(""))
		default:
			bank := st.run("")
			if st.BankArg == "" {
				bank += " --bank FILE"
			}
			fmt.Fprintf(w, "No sessions with %q yet (there are with %s). Practise it with: %s\n",
				st.Bank, strings.Join(st.OtherBanks, ", "), bank)
		}
		return
	}
	fmt.Fprintf(w, "%s · %d %s · %d %s\n", st.Bank, st.Sessions, text.Plural(st.Sessions, "session"), st.Answers, text.Plural(st.Answers, "answer"))
	if len(st.OtherBanks) > 0 {
		fmt.Fprintf(w, "(other banks, not counted: %s; see one with --bank FILE)\n", strings.Join(st.OtherBanks, ", "))
	}
	if len(st.Reviewers) > 0 {
		fmt.Fprintf(w, "Mean rating: your own %s · reviewers' %s (%s)\n", num(st.SelfMean), num(st.ReviewMean), strings.Join(st.Reviewers, ", "))
	}
	fmt.Fprintln(w)
	st.writeGroups(w)
	st.writeTrend(w)
	if len(st.Weakest) > 0 {
		fmt.Fprintln(w, "\nWeakest (lowest mean rating) · practise with: "+st.run("--pick weak"))
		for _, q := range st.Weakest {
			fmt.Fprintf(w, "  %-4s %-26s %s\n", num(q.MeanRating), q.QuestionID, q.Question)
		}
	}
	fmt.Fprintf(w, "\nDue now: %d %s", st.DueNow, text.Plural(st.DueNow, "question"))
	if st.DueNow > 0 {
		fmt.Fprint(w, " · practise with: "+st.run("--pick due"))
	}
	if st.NextDue != nil {
		fmt.Fprintf(w, " · next due %s", st.NextDue.Local().Format("2006-01-02 15:04"))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "\nLeast practised · practise with: "+st.run("--pick fresh"))
	for _, q := range st.LeastPractised {
		when := "never"
		if q.LastPractised != nil {
			when = q.LastPractised.Local().Format("2006-01-02")
		}
		fmt.Fprintf(w, "  %2d × %-10s %-26s %s\n", q.Takes, when, q.QuestionID, q.Question)
	}
}

// writeGroups prints the table of rounds and categories; pace and fillers
// only when an answer has a transcript.
func (st *Stats) writeGroups(w io.Writer) {
	speech := false
	for _, g := range st.Groups {
		speech = speech || g.MeanWPM != nil
	}
	line := func(g Group) string {
		if !speech {
			return ""
		}
		return fmt.Sprintf(" %5s %11s", wpm(g.MeanWPM), num(g.FillersPer100))
	}
	fmt.Fprintf(w, "%-22s %-26s %7s %9s %11s %7s", "ROUND", "CATEGORY", "ANSWERS", "SPEAKING", "FIRST WORD", "RATING")
	if speech {
		fmt.Fprintf(w, " %5s %11s", "PACE", "FILLERS/100")
	}
	fmt.Fprintln(w)
	for _, g := range st.Groups {
		fmt.Fprintf(w, "%-22s %-26s %7d %9s %11s %7s%s\n", cut(g.Round, 22), cut(g.Category, 26), g.Answers,
			secs(g.MeanSpeakingS), secs(g.MeanFirstWordS), num(g.MeanRating), line(g))
	}
}

// writeTrend prints the means of the last sessions, oldest first; pace and
// fillers only when a session has a transcript.
func (st *Stats) writeTrend(w io.Writer) {
	if len(st.Trend) < 2 {
		return
	}
	var ratings, reviewed, speaking, pace, fillers []string
	speech, reviews := false, false
	for _, p := range st.Trend {
		ratings = append(ratings, num(p.MeanRating))
		reviewed = append(reviewed, num(p.MeanReviewRating))
		reviews = reviews || p.MeanReviewRating != nil
		speaking = append(speaking, secs(p.MeanSpeakingS))
		pace = append(pace, wpm(p.MeanWPM))
		fillers = append(fillers, num(p.FillersPer100))
		speech = speech || p.MeanWPM != nil
	}
	fmt.Fprintf(w, "\nTrend over the last %d sessions, oldest first:\n  mean rating    %s\n", len(st.Trend), strings.Join(ratings, " → "))
	if reviews {
		fmt.Fprintf(w, "  reviewers'     %s\n", strings.Join(reviewed, " → "))
	}
	fmt.Fprintf(w, "  mean speaking  %s\n", strings.Join(speaking, " → "))
	if speech {
		fmt.Fprintf(w, "  pace (wpm)     %s\n  fillers/100    %s\n", strings.Join(pace, " → "), strings.Join(fillers, " → "))
	}
}

// wpm is a pace in words a minute, to the word.
func wpm(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f", *v)
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
