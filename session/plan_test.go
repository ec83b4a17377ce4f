package session

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/bank"
)

// ptDefaultBank parses the repository's questions.json.
func ptDefaultBank(t testing.TB) *bank.Bank {
	t.Helper()
	data, err := os.ReadFile("../questions.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := bank.Parse("built-in questions.json", data)
	if err != nil {
		t.Fatalf("bank.Parse(questions.json): %v", err)
	}
	return b
}

func ptDur(s string) *time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return &d
}

// ptIDs lists the question ids of a plan, in order.
func ptIDs(p *Plan) []string {
	ids := make([]string, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.Question.ID
	}
	return ids
}

func ptRoundSize(r *bank.Round) int {
	n := 0
	for _, c := range r.Categories {
		n += len(c.Questions)
	}
	return n
}

// ptUsage wants a *UsageError whose message holds every one of want.
func ptUsage(t *testing.T, p *Plan, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("NewPlan succeeded with %v, want a usage error", ptIDs(p))
	}
	if p != nil {
		t.Errorf("a plan came back with the error")
	}
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Fatalf("error %T %q, want *UsageError", err, err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q lacks %q", err, w)
		}
	}
}

func TestNewPlanSameSeedSamePlan(t *testing.T) {
	b := ptDefaultBank(t)
	distinct := map[string]bool{}
	for seed := range uint64(200) {
		opt := PlanOptions{Count: 3, Seed: seed}
		p1, err := NewPlan(b, opt)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		p2, err := NewPlan(b, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p1.Items, p2.Items) || !reflect.DeepEqual(p1.Rounds, p2.Rounds) {
			t.Fatalf("seed %d: two plans differ:\n%v\n%v", seed, ptIDs(p1), ptIDs(p2))
		}
		distinct[strings.Join(ptIDs(p1), " ")] = true
	}
	// Three rounds of three questions drawn from 24 allow millions of plans;
	// a seed that barely mattered would show here.
	if len(distinct) < 150 {
		t.Errorf("200 seeds gave only %d different plans", len(distinct))
	}
}

func TestNewPlanDefaultsToEveryRoundInBankOrder(t *testing.T) {
	b := ptDefaultBank(t)
	p, err := NewPlan(b, PlanOptions{Count: 2, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"technical", "system-design", "behavioral"}; !reflect.DeepEqual(p.Rounds, want) {
		t.Errorf("Rounds = %v, want %v", p.Rounds, want)
	}
	if len(p.Items) != 6 {
		t.Fatalf("%d items, want 6", len(p.Items))
	}
	for i, it := range p.Items {
		if it.Position != i+1 {
			t.Errorf("item %d has position %d", i, it.Position)
		}
		if want := p.Rounds[i/2]; it.RoundID != want {
			t.Errorf("item %d in round %q, want %q (rounds in order, Count each)", i, it.RoundID, want)
		}
	}
	if p.Bank != b || p.Options.Pick != PickRandom || p.Options.Seed != 7 {
		t.Errorf("plan keeps bank %p options %+v", p.Bank, p.Options)
	}
}

// TestNewPlanItemsMatchBank: every item carries the round and category that
// really hold its question, with their titles.
func TestNewPlanItemsMatchBank(t *testing.T) {
	b := ptDefaultBank(t)
	for seed := range uint64(50) {
		p, err := NewPlan(b, PlanOptions{Count: 6, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			q, r, c := b.Question(it.Question.ID)
			if q == nil {
				t.Fatalf("item %q is not in the bank", it.Question.ID)
			}
			if !reflect.DeepEqual(*q, it.Question) || it.RoundID != r.ID || it.RoundTitle != r.Title || it.CategoryID != c.ID || it.CategoryTitle != c.Title {
				t.Errorf("item %+v, bank has it in %s/%s", it, r.ID, c.ID)
			}
		}
	}
}

// TestNewPlanSpreadsOverCategories: within a round, no category gives a
// second question before every category has given one (all categories of the
// default bank have three questions, so at every point the counts per
// category differ by at most one).
func TestNewPlanSpreadsOverCategories(t *testing.T) {
	b := ptDefaultBank(t)
	for ri := range b.Rounds {
		r := &b.Rounds[ri]
		size := ptRoundSize(r)
		for count := 1; count <= 9 && count <= size; count++ {
			for seed := range uint64(200) {
				p, err := NewPlan(b, PlanOptions{Rounds: []string{r.ID}, Count: count, Seed: seed})
				if err != nil {
					t.Fatalf("%s count %d seed %d: %v", r.ID, count, seed, err)
				}
				if len(p.Items) != count {
					t.Fatalf("%s count %d seed %d: %d items", r.ID, count, seed, len(p.Items))
				}
				per := map[string]int{}
				for k, it := range p.Items {
					if it.RoundID != r.ID {
						t.Fatalf("item from round %q in a %s plan", it.RoundID, r.ID)
					}
					per[it.CategoryID]++
					if k < len(r.Categories) && len(per) != k+1 {
						t.Fatalf("%s count %d seed %d: the first %d picks come from %d categories: %v",
							r.ID, count, seed, k+1, len(per), ptIDs(p))
					}
					lo, hi := count, 0
					for _, c := range r.Categories {
						lo, hi = min(lo, per[c.ID]), max(hi, per[c.ID])
					}
					if hi-lo > 1 {
						t.Fatalf("%s count %d seed %d: after %d picks the categories gave %v: %v",
							r.ID, count, seed, k+1, per, ptIDs(p))
					}
				}
			}
		}
	}
}

// TestNewPlanNoQuestionTwice over every seed 0..199 and count 1..9, with all
// the rounds that have that many questions.
func TestNewPlanNoQuestionTwice(t *testing.T) {
	b := ptDefaultBank(t)
	for count := 1; count <= 9; count++ {
		var rounds []string
		for ri := range b.Rounds {
			if ptRoundSize(&b.Rounds[ri]) >= count {
				rounds = append(rounds, b.Rounds[ri].ID)
			}
		}
		for seed := range uint64(200) {
			p, err := NewPlan(b, PlanOptions{Rounds: rounds, Count: count, Seed: seed})
			if err != nil {
				t.Fatalf("count %d seed %d: %v", count, seed, err)
			}
			if len(p.Items) != count*len(rounds) {
				t.Fatalf("count %d seed %d: %d items, want %d", count, seed, len(p.Items), count*len(rounds))
			}
			seen := map[string]bool{}
			for _, id := range ptIDs(p) {
				if seen[id] {
					t.Fatalf("count %d seed %d: %q asked twice: %v", count, seed, id, ptIDs(p))
				}
				seen[id] = true
			}
		}
	}
}

func TestNewPlanWholeRound(t *testing.T) {
	b := ptDefaultBank(t)
	r, _ := b.FindRound("technical")
	var want []string
	for _, c := range r.Categories {
		for _, q := range c.Questions {
			want = append(want, q.ID)
		}
	}
	p, err := NewPlan(b, PlanOptions{Rounds: []string{"technical"}, Count: 9, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, id := range ptIDs(p) {
		got[id] = true
	}
	for _, id := range want {
		if !got[id] {
			t.Errorf("a full round misses %q", id)
		}
	}
}

func TestNewPlanUsageErrors(t *testing.T) {
	b := ptDefaultBank(t)
	for _, tc := range []struct {
		name string
		opt  PlanOptions
		want []string
	}{
		{"count over a round", PlanOptions{Rounds: []string{"technical"}, Count: 10}, []string{`"technical"`, "9 questions", "--count 10", "--count 9 or less"}},
		{"count over the smallest round", PlanOptions{Count: 7}, []string{`"system-design"`, "6 questions", "--count 6 or less"}},
		{"count 0", PlanOptions{Count: 0}, []string{"--count", "at least 1", "0"}},
		{"count negative", PlanOptions{Count: -2}, []string{"--count", "-2"}},
		{"unknown round", PlanOptions{Rounds: []string{"coding"}, Count: 1}, []string{`"coding"`, "technical", "system-design", "behavioral"}},
		{"unknown round after a good one", PlanOptions{Rounds: []string{"technical", "nope"}, Count: 1}, []string{`"nope"`, "technical", "system-design", "behavioral"}},
		{"bad pick", PlanOptions{Count: 1, Pick: "alphabetical"}, []string{`"alphabetical"`, "random", "ordered"}},
		{"negative prep", PlanOptions{Count: 1, Overrides: Overrides{Prep: ptDur("-1s")}}, []string{"--prep", "negative"}},
		{"zero answer", PlanOptions{Count: 1, Overrides: Overrides{Answer: ptDur("0s")}}, []string{"--answer", "more than 0"}},
		{"negative answer", PlanOptions{Count: 1, Overrides: Overrides{Answer: ptDur("-3m")}}, []string{"--answer", "more than 0"}},
		{"negative warn", PlanOptions{Count: 1, Overrides: Overrides{Warn: ptDur("-30s")}}, []string{"--warn", "negative"}},
		{"negative overtime", PlanOptions{Count: 1, Overrides: Overrides{Overtime: ptDur("-1ms")}}, []string{"--overtime", "negative"}},
		{"every bad override named", PlanOptions{Count: 1, Overrides: Overrides{Prep: ptDur("-1s"), Answer: ptDur("0s"), Overtime: ptDur("-2s")}}, []string{"--prep", "--answer", "--overtime"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewPlan(b, tc.opt)
			ptUsage(t, p, err, tc.want...)
		})
	}
}

func TestNewPlanRoundsDeduplicated(t *testing.T) {
	b := ptDefaultBank(t)
	for _, tc := range []struct {
		rounds []string
		want   []string
	}{
		{[]string{"technical", "technical"}, []string{"technical"}},
		{[]string{"technical", "Technical Questions", "tech"}, []string{"technical"}},
		{[]string{"behavioral", "technical", "behavioral"}, []string{"behavioral", "technical"}},
		{[]string{"system-design", "System Design", "behavioral", "sys"}, []string{"system-design", "behavioral"}},
	} {
		p, err := NewPlan(b, PlanOptions{Rounds: tc.rounds, Count: 2, Seed: 1})
		if err != nil {
			t.Fatalf("%v: %v", tc.rounds, err)
		}
		if !reflect.DeepEqual(p.Rounds, tc.want) {
			t.Errorf("%v: Rounds = %v, want %v", tc.rounds, p.Rounds, tc.want)
		}
		if len(p.Items) != 2*len(tc.want) {
			t.Errorf("%v: %d items, want %d", tc.rounds, len(p.Items), 2*len(tc.want))
		}
	}
}

// TestNewPlanOrdered: --pick ordered takes the categories in bank order, one
// question from each in turn, each category's questions in bank order.
func TestNewPlanOrdered(t *testing.T) {
	b := ptDefaultBank(t)
	p, err := NewPlan(b, PlanOptions{Rounds: []string{"technical"}, Count: 9, Pick: PickOrdered, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"eval-framework", "testing-infra", "dangerous-capabilities",
		"autonomy-metrics", "containers-sandboxing", "eval-env-security",
		"reproducible-evals", "flaky-tests", "attack-vectors",
	}
	if got := ptIDs(p); !reflect.DeepEqual(got, want) {
		t.Errorf("ordered technical round:\n got %v\nwant %v", got, want)
	}

	// Every round, every count, any seed: bank order round-robin.
	for ri := range b.Rounds {
		r := &b.Rounds[ri]
		var all []string
		for k := 0; len(all) < ptRoundSize(r); k++ {
			for _, c := range r.Categories {
				if k < len(c.Questions) {
					all = append(all, c.Questions[k].ID)
				}
			}
		}
		for count := 1; count <= len(all); count++ {
			for _, seed := range []uint64{0, 1, 99} {
				p, err := NewPlan(b, PlanOptions{Rounds: []string{r.ID}, Count: count, Pick: PickOrdered, Seed: seed})
				if err != nil {
					t.Fatal(err)
				}
				if got := ptIDs(p); !reflect.DeepEqual(got, all[:count]) {
					t.Errorf("%s count %d seed %d ordered: %v, want %v", r.ID, count, seed, got, all[:count])
				}
			}
		}
	}
}

// ptLimitsBank sets limits at every level: question, round, and none.
const ptLimitsBank = `{
  "format": 1,
  "title": "Limits",
  "rounds": [
    {
      "id": "timed", "title": "Timed", "prep": "45s", "answer": "4m", "warn": "20s", "overtime": "10s",
      "categories": [{"id": "c", "title": "C", "questions": [
        {"id": "own", "text": "Own times", "prep": "5s", "answer": "1m"},
        {"id": "round-times", "text": "Round times"}
      ]}]
    },
    {
      "id": "untimed", "title": "Untimed",
      "categories": [{"id": "c", "title": "C", "questions": [
        {"id": "defaults", "text": "Built-in times"},
        {"id": "own-answer", "text": "Own answer only", "answer": "2m"}
      ]}]
    }
  ]
}`

func TestNewPlanLimits(t *testing.T) {
	b, err := bank.Parse("limits.json", []byte(ptLimitsBank))
	if err != nil {
		t.Fatal(err)
	}
	s := time.Second
	def := Limits{Prep: DefaultPrep, Answer: DefaultAnswer, Warn: DefaultWarn, Overtime: DefaultOvertime}
	if def != (Limits{Prep: 30 * s, Answer: 3 * time.Minute, Warn: 30 * s, Overtime: 30 * s}) {
		t.Errorf("built-in defaults %+v differ from SPEC (30s prep, 3m answer, 30s warning, 30s grace)", def)
	}
	for _, tc := range []struct {
		name string
		o    Overrides
		want map[string]Limits
	}{
		{"bank only", Overrides{}, map[string]Limits{
			"own":         {Prep: 5 * s, Answer: time.Minute, Warn: 20 * s, Overtime: 10 * s},
			"round-times": {Prep: 45 * s, Answer: 4 * time.Minute, Warn: 20 * s, Overtime: 10 * s},
			"defaults":    def,
			"own-answer":  {Prep: DefaultPrep, Answer: 2 * time.Minute, Warn: DefaultWarn, Overtime: DefaultOvertime},
		}},
		{"every override", Overrides{Prep: ptDur("1s"), Answer: ptDur("2s"), Warn: ptDur("3s"), Overtime: ptDur("4s")}, map[string]Limits{
			"own":         {1 * s, 2 * s, 3 * s, 4 * s, 0},
			"round-times": {1 * s, 2 * s, 3 * s, 4 * s, 0},
			"defaults":    {1 * s, 2 * s, 3 * s, 4 * s, 0},
			"own-answer":  {1 * s, 2 * s, 3 * s, 4 * s, 0},
		}},
		{"answer override only", Overrides{Answer: ptDur("90s")}, map[string]Limits{
			"own":         {Prep: 5 * s, Answer: 90 * s, Warn: 20 * s, Overtime: 10 * s},
			"round-times": {Prep: 45 * s, Answer: 90 * s, Warn: 20 * s, Overtime: 10 * s},
			"defaults":    {Prep: DefaultPrep, Answer: 90 * s, Warn: DefaultWarn, Overtime: DefaultOvertime},
			"own-answer":  {Prep: DefaultPrep, Answer: 90 * s, Warn: DefaultWarn, Overtime: DefaultOvertime},
		}},
		// The round's warning (20 s, or the default 30 s) does not fit a
		// 12 s answer: a quarter of it is left; a --warn given stays.
		{"answer shorter than the warning", Overrides{Answer: ptDur("12s")}, map[string]Limits{
			"own":         {Prep: 5 * s, Answer: 12 * s, Warn: 3 * s, Overtime: 10 * s},
			"round-times": {Prep: 45 * s, Answer: 12 * s, Warn: 3 * s, Overtime: 10 * s},
			"defaults":    {Prep: DefaultPrep, Answer: 12 * s, Warn: 3 * s, Overtime: DefaultOvertime},
			"own-answer":  {Prep: DefaultPrep, Answer: 12 * s, Warn: 3 * s, Overtime: DefaultOvertime},
		}},
		{"answer as long as the warning", Overrides{Answer: ptDur("20s")}, map[string]Limits{
			"own":         {Prep: 5 * s, Answer: 20 * s, Warn: 5 * s, Overtime: 10 * s},
			"round-times": {Prep: 45 * s, Answer: 20 * s, Warn: 5 * s, Overtime: 10 * s},
			"defaults":    {Prep: DefaultPrep, Answer: 20 * s, Warn: 5 * s, Overtime: DefaultOvertime},
			"own-answer":  {Prep: DefaultPrep, Answer: 20 * s, Warn: 5 * s, Overtime: DefaultOvertime},
		}},
		{"zero prep, warn and overtime are allowed", Overrides{Prep: ptDur("0s"), Warn: ptDur("0s"), Overtime: ptDur("0s")}, map[string]Limits{
			"own":         {Prep: 0, Answer: time.Minute},
			"round-times": {Prep: 0, Answer: 4 * time.Minute},
			"defaults":    {Prep: 0, Answer: DefaultAnswer},
			"own-answer":  {Prep: 0, Answer: 2 * time.Minute},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewPlan(b, PlanOptions{Count: 2, Pick: PickOrdered, Overrides: tc.o})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != len(tc.want) {
				t.Fatalf("%d items, want %d", len(p.Items), len(tc.want))
			}
			for _, it := range p.Items {
				if want := tc.want[it.Question.ID]; it.Limits != want {
					t.Errorf("%s: limits %+v, want %+v", it.Question.ID, it.Limits, want)
				}
			}
		})
	}

	timed, _ := b.FindRound("timed")
	untimed, _ := b.FindRound("untimed")
	if got, want := RoundLimits(timed), (Limits{45 * s, 4 * time.Minute, 20 * s, 10 * s, 0}); got != want {
		t.Errorf("RoundLimits(timed) = %+v, want %+v", got, want)
	}
	if got := RoundLimits(untimed); got != def {
		t.Errorf("RoundLimits(untimed) = %+v, want the built-in %+v", got, def)
	}
}

// TestNewPlanDefaultBankLimits: the times SPEC.md gives for each round of the
// default bank reach the plan.
func TestNewPlanDefaultBankLimits(t *testing.T) {
	b := ptDefaultBank(t)
	m := time.Minute
	want := map[string]Limits{
		"technical":     {Prep: 30 * time.Second, Answer: 3 * m, Warn: 30 * time.Second, Overtime: 30 * time.Second},
		"system-design": {Prep: m, Answer: 8 * m, Warn: 30 * time.Second, Overtime: 30 * time.Second},
		"behavioral":    {Prep: 30 * time.Second, Answer: 2 * m, Warn: 30 * time.Second, Overtime: 30 * time.Second},
	}
	p, err := NewPlan(b, PlanOptions{Count: 6, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range p.Items {
		if it.Question.Prep != nil || it.Question.Answer != nil {
			continue // a question with its own times
		}
		if it.Limits != want[it.RoundID] {
			t.Errorf("%s in %s: %+v, want %+v", it.Question.ID, it.RoundID, it.Limits, want[it.RoundID])
		}
	}
}

// TestNewPlanLeavesBankAlone: planning never edits the bank it draws from.
func TestNewPlanLeavesBankAlone(t *testing.T) {
	b := ptDefaultBank(t)
	for seed := range uint64(20) {
		for _, pick := range []string{PickRandom, PickOrdered} {
			if _, err := NewPlan(b, PlanOptions{Count: 6, Seed: seed, Pick: pick, Overrides: Overrides{Prep: ptDur("0s"), Answer: ptDur("1m")}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !reflect.DeepEqual(b, ptDefaultBank(t)) {
		t.Errorf("NewPlan changed the bank")
	}
}

func TestPlanNamedQuestions(t *testing.T) {
	b := ptDefaultBank(t)
	answer := 90 * time.Second
	p, err := NewPlan(b, PlanOptions{Count: 2, Questions: []string{"onboarding", "scaling-evals", "onboarding"}, Overrides: Overrides{Answer: &answer}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range p.Items {
		got = append(got, fmt.Sprintf("%d %s %s %s %s", it.Position, it.Question.ID, it.RoundID, it.Limits.Answer, it.Limits.Prep))
	}
	want := []string{"1 onboarding behavioral 1m30s 30s", "2 scaling-evals system-design 1m30s 1m0s"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("items %q, want %q", got, want)
	}
	if strings.Join(p.Rounds, ",") != "behavioral,system-design" {
		t.Errorf("rounds %v", p.Rounds)
	}
	_, err = NewPlan(b, PlanOptions{Count: 2, Questions: []string{"nope"}})
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), `--question "nope": no such question`) || !strings.Contains(err.Error(), "mockround questions") {
		t.Errorf("unknown question: %v", err)
	}
}

func TestLimitsRecordRoundTrip(t *testing.T) {
	l := Limits{Prep: 30 * time.Second, Answer: 2 * time.Minute, Warn: 30 * time.Second, Overtime: 1500 * time.Millisecond}
	if got := l.Record().Limits(); got != l {
		t.Errorf("round trip %+v, want %+v", got, l)
	}
	warn := 10 * time.Second
	if got := l.With(Overrides{Warn: &warn}); got.Warn != warn || got.Prep != l.Prep || got.Answer != l.Answer || got.Overtime != l.Overtime {
		t.Errorf("With(warn 10s) = %+v", got)
	}
}
