package session

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/mockround/mockround/bank"
)

// Built-in limits, used where neither flags nor the bank set one.
const (
	DefaultPrep     = 30 * time.Second
	DefaultAnswer   = 3 * time.Minute
	DefaultWarn     = 30 * time.Second
	DefaultOvertime = 30 * time.Second
	DefaultCount    = 2
)

// Pick orders say how questions are chosen within a round.
const (
	PickRandom  = "random"
	PickOrdered = "ordered"
	PickFresh   = "fresh" // least recently practised first; never practised first of all
	PickWeak    = "weak"  // lowest self-rating first; unrated after those rated 3 or below
	PickDue     = "due"   // the practice schedule: most overdue first; never practised first of all
)

// Limits are the times that govern one question.
type Limits struct {
	Prep     time.Duration // preparation countdown; 0 skips it
	Answer   time.Duration // answer countdown
	Warn     time.Duration // time left when the warning stage starts; 0 = none
	Overtime time.Duration // grace after the answer time; 0 = hard stop
	Min      time.Duration // the least an answer should last; 0 = none
}

// Overrides are limits given on the command line; nil fields defer to the bank.
type Overrides struct {
	Prep, Answer, Warn, Overtime *time.Duration
}

// PlanOptions say which questions a session asks.
type PlanOptions struct {
	Rounds    []string // round ids, titles or unique prefixes; empty: every round in bank order
	Count     int      // questions per round
	Pick      string   // PickRandom or PickOrdered
	Seed      uint64
	Overrides Overrides
	History   History // past practice, for PickFresh and PickWeak
	// Questions, when given, are the question ids to ask, in that order;
	// Rounds, Count and Pick are then not used.
	Questions []string
	// FollowUps asks, after each question answered in full, one of its
	// follow-up questions (drawn with Seed), as its own short take: the
	// round's follow_up_answer (default a minute), no longer than the
	// question's answer, its warning a quarter of that before the end.
	FollowUps bool
	// Self is the command as the user runs it, for the hints in errors
	// ("mockround" when empty).
	Self string
}

// DefaultFollowUpAnswer is a follow-up's answer time when the round sets none.
const DefaultFollowUpAnswer = time.Minute

// PlanItem is one question of a session, with the times that apply to it.
type PlanItem struct {
	Position      int // 1-based
	Question      bank.Question
	RoundID       string
	RoundTitle    string
	CategoryID    string
	CategoryTitle string
	Limits        Limits
	// FollowUp, when set, makes this item a follow-up of the item before
	// it (the same question and position): the text the interviewer asks.
	// It is asked only when that question was answered in full.
	FollowUp string
}

// Asked is what the interviewer asks at this item: the follow-up, or the
// question.
func (it *PlanItem) Asked() string {
	if it.FollowUp != "" {
		return it.FollowUp
	}
	return it.Question.Text
}

// Plan is the ordered list of questions of one session.
type Plan struct {
	Bank    *bank.Bank
	Options PlanOptions
	Rounds  []string // resolved round ids, in order
	Items   []PlanItem
}

// UsageError marks an error in what the user asked for (exit status 2).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// NewPlan picks opt.Count questions from each chosen round. Within a round
// the questions are spread over its categories before any category gives a
// second one, and no question is asked twice. The same bank, options and
// seed always give the same plan.
func NewPlan(b *bank.Bank, opt PlanOptions) (*Plan, error) {
	if opt.Count < 1 {
		return nil, usagef("--count must be at least 1 (got %d)", opt.Count)
	}
	if opt.Pick == "" {
		opt.Pick = PickRandom
	}
	switch opt.Pick {
	case PickRandom, PickOrdered, PickFresh, PickWeak, PickDue:
	default:
		return nil, usagef("--pick %q: want %s, %s, %s, %s or %s", opt.Pick, PickRandom, PickOrdered, PickFresh, PickWeak, PickDue)
	}
	if err := checkOverrides(opt.Overrides); err != nil {
		return nil, err
	}
	if len(opt.Questions) > 0 {
		p, err := namedPlan(b, opt)
		if err == nil {
			p.addFollowUps(b)
		}
		return p, err
	}
	var rounds []*bank.Round
	seen := map[string]bool{}
	if len(opt.Rounds) == 0 {
		for i := range b.Rounds {
			rounds = append(rounds, &b.Rounds[i])
		}
	}
	for _, name := range opt.Rounds {
		r, err := b.FindRound(name)
		if err != nil {
			return nil, &UsageError{Err: err}
		}
		if !seen[r.ID] {
			seen[r.ID] = true
			rounds = append(rounds, r)
		}
	}
	p := &Plan{Bank: b, Options: opt}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x6d6f636b726f756e))
	for _, r := range rounds {
		total := 0
		for _, c := range r.Categories {
			total += len(c.Questions)
		}
		if opt.Count > total {
			return nil, usagef("round %q has %d questions; --count %d asks for more (use --count %d or less)",
				r.ID, total, opt.Count, total)
		}
		p.Rounds = append(p.Rounds, r.ID)
		var picks []pick
		if UsesHistory(opt.Pick) {
			// Priority first: every question of the round in a seeded order,
			// spread over the categories, then sorted by the history.
			picks = spread(r, total, true, rng)
			opt.History.orderBy(opt.Pick, r, picks)
			picks = picks[:opt.Count]
		} else {
			picks = spread(r, opt.Count, opt.Pick == PickRandom, rng)
		}
		for _, pick := range picks {
			c := &r.Categories[pick.cat]
			q := c.Questions[pick.q]
			p.Items = append(p.Items, PlanItem{
				Position:      len(p.Items) + 1,
				Question:      q,
				RoundID:       r.ID,
				RoundTitle:    r.Title,
				CategoryID:    c.ID,
				CategoryTitle: c.Title,
				Limits:        resolveLimits(r, &q, opt.Overrides),
			})
		}
	}
	p.addFollowUps(b)
	return p, nil
}

// Record is the limits as session.json keeps them, in seconds.
func (l Limits) Record() LimitsRecord {
	return LimitsRecord{PrepS: seconds(l.Prep), AnswerS: seconds(l.Answer), WarnS: seconds(l.Warn), OvertimeS: seconds(l.Overtime),
		MinS: seconds(l.Min)}
}

// Limits is the limits the record keeps, as durations.
func (l LimitsRecord) Limits() Limits {
	d := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	return Limits{Prep: d(l.PrepS), Answer: d(l.AnswerS), Warn: d(l.WarnS), Overtime: d(l.OvertimeS), Min: d(l.MinS)}
}

// With returns l with the limits given on the command line in place.
func (l Limits) With(o Overrides) Limits {
	for _, f := range []struct {
		v   *time.Duration
		dst *time.Duration
	}{{o.Prep, &l.Prep}, {o.Answer, &l.Answer}, {o.Warn, &l.Warn}, {o.Overtime, &l.Overtime}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	return l
}

// UsesHistory reports whether the pick order needs the practice history.
func UsesHistory(pick string) bool { return pick == PickFresh || pick == PickWeak || pick == PickDue }

// addFollowUps puts after each question that has follow-ups one of them,
// drawn from the seed apart from the questions (so the questions of a seed
// stay the same with and without follow-ups).
func (p *Plan) addFollowUps(b *bank.Bank) {
	if !p.Options.FollowUps {
		return
	}
	rng := rand.New(rand.NewPCG(p.Options.Seed^0x666f6c6c6f777570, p.Options.Seed))
	var items []PlanItem
	for _, it := range p.Items {
		items = append(items, it)
		if len(it.Question.FollowUps) == 0 {
			continue
		}
		fu := it
		fu.FollowUp = it.Question.FollowUps[rng.IntN(len(it.Question.FollowUps))]
		answer := DefaultFollowUpAnswer
		if _, r, _ := b.Question(it.Question.ID); r != nil && r.FollowUpAnswer != nil {
			answer = *r.FollowUpAnswer
		}
		answer = min(answer, it.Limits.Answer) // never longer than the question's own answer
		fu.Limits = Limits{Answer: answer, Warn: answer / 4, Overtime: it.Limits.Overtime}
		items = append(items, fu)
	}
	p.Items = items
}

// Questions counts the plan's questions, its follow-ups not included.
func (p *Plan) Questions() int {
	n := 0
	for _, it := range p.Items {
		if it.FollowUp == "" {
			n++
		}
	}
	return n
}

// namedPlan asks the questions opt.Questions names, in order, each once.
func namedPlan(b *bank.Bank, opt PlanOptions) (*Plan, error) {
	p := &Plan{Bank: b, Options: opt}
	seen := map[string]bool{}
	for _, id := range opt.Questions {
		id = strings.TrimSpace(id)
		q, r, c := b.Question(id)
		if q == nil {
			return nil, usagef("--question %q: no such question in %s; see the ids with: %s questions", id, b.Source, command(opt.Self))
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if !slices.Contains(p.Rounds, r.ID) {
			p.Rounds = append(p.Rounds, r.ID)
		}
		p.Items = append(p.Items, PlanItem{Position: len(p.Items) + 1, Question: *q, RoundID: r.ID, RoundTitle: r.Title,
			CategoryID: c.ID, CategoryTitle: c.Title, Limits: resolveLimits(r, q, opt.Overrides)})
	}
	return p, nil
}

type pick struct{ cat, q int }

// spread takes n questions from r, one per category in turn.
func spread(r *bank.Round, n int, shuffle bool, rng *rand.Rand) []pick {
	queues := make([][]pick, len(r.Categories))
	for ci, c := range r.Categories {
		for qi := range c.Questions {
			queues[ci] = append(queues[ci], pick{ci, qi})
		}
		if shuffle {
			rng.Shuffle(len(queues[ci]), func(i, j int) { queues[ci][i], queues[ci][j] = queues[ci][j], queues[ci][i] })
		}
	}
	if shuffle {
		rng.Shuffle(len(queues), func(i, j int) { queues[i], queues[j] = queues[j], queues[i] })
	}
	var out []pick
	for len(out) < n {
		for i := range queues {
			if len(out) < n && len(queues[i]) > 0 {
				out = append(out, queues[i][0])
				queues[i] = queues[i][1:]
			}
		}
	}
	return out
}

func resolveLimits(r *bank.Round, q *bank.Question, o Overrides) Limits {
	first := func(vals ...*time.Duration) *time.Duration {
		for _, v := range vals {
			if v != nil {
				return v
			}
		}
		return nil
	}
	or := func(v *time.Duration, def time.Duration) time.Duration {
		if v == nil {
			return def
		}
		return *v
	}
	l := Limits{
		Prep:     or(first(o.Prep, q.Prep, r.Prep), DefaultPrep),
		Answer:   or(first(o.Answer, q.Answer, r.Answer), DefaultAnswer),
		Warn:     or(first(o.Warn, r.Warn), DefaultWarn),
		Overtime: or(first(o.Overtime, r.Overtime), DefaultOvertime),
		Min:      or(r.Min, 0),
	}
	if o.Warn == nil && l.Warn >= l.Answer {
		// The round's warning does not fit an answer this short (--answer
		// 20s under a 30 s warning): warn when a quarter is left, as a
		// follow-up does, rather than not at all.
		l.Warn = l.Answer / 4
	}
	return l
}

// RoundLimits returns the limits that apply to a question of r that sets
// none of its own, with no command-line overrides.
func RoundLimits(r *bank.Round) Limits { return resolveLimits(r, &bank.Question{}, Overrides{}) }

func checkOverrides(o Overrides) error {
	var bad []string
	for _, f := range []struct {
		name     string
		v        *time.Duration
		positive bool
	}{{"--prep", o.Prep, false}, {"--answer", o.Answer, true}, {"--warn", o.Warn, false}, {"--overtime", o.Overtime, false}} {
		switch {
		case f.v == nil:
		case f.positive && *f.v <= 0:
			bad = append(bad, fmt.Sprintf("%s %s: must be more than 0", f.name, *f.v))
		case *f.v < 0:
			bad = append(bad, fmt.Sprintf("%s %s: must not be negative", f.name, *f.v))
		}
	}
	if len(bad) > 0 {
		return usagef("%s", strings.Join(bad, "; "))
	}
	return nil
}
