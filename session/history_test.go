package session

import (
	"os"
	"testing"
	"time"

	"github.com/mockround/mockround/bank"
)

func historyBank(t *testing.T) *bank.Bank {
	t.Helper()
	data, err := os.ReadFile("../questions.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := bank.Parse("questions.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rated makes a history where each question id has the given ratings, one
// session each, every take a minute of practice.
func rated(ratings map[string][]int, when map[string]time.Time) History {
	var list []Listed
	add := func(id string, rating int) {
		rec := &Record{ID: "h"}
		rec.Takes = append(rec.Takes, Take{Position: 1, Take: 1, QuestionID: id, Status: TakeDone, LengthS: 60, Rating: rating, Started: when[id]})
		list = append(list, Listed{Record: rec})
	}
	for id, rs := range ratings {
		for _, r := range rs {
			add(id, r)
		}
	}
	for id := range when {
		if _, ok := ratings[id]; !ok {
			add(id, 0)
		}
	}
	return BuildHistory(list)
}

func TestPickWeakChoosesLowestRatedFirst(t *testing.T) {
	b := historyBank(t)
	h := rated(map[string][]int{
		"code-review":           {5, 5},
		"onboarding":            {1, 2}, // 1.5: weakest
		"dev-workflow":          {4},
		"tech-debt-balance":     {2, 3}, // 2.5
		"challenging-debugging": {3},    // 3
	}, nil)
	for seed := uint64(0); seed < 50; seed++ {
		p, err := NewPlan(b, PlanOptions{Rounds: []string{"behavioral"}, Count: 4, Pick: PickWeak, Seed: seed, History: h})
		if err != nil {
			t.Fatal(err)
		}
		got := []string{p.Items[0].Question.ID, p.Items[1].Question.ID, p.Items[2].Question.ID}
		if got[0] != "onboarding" || got[1] != "tech-debt-balance" || got[2] != "challenging-debugging" {
			t.Fatalf("seed %d: first three %v, want the lowest rated in order", seed, got)
		}
		// Then an unrated question, before those rated above 3.
		if id := p.Items[3].Question.ID; id == "code-review" || id == "dev-workflow" {
			t.Fatalf("seed %d: fourth is %s, rated highly, before unrated questions", seed, id)
		}
	}
}

func TestPickFreshChoosesLeastRecentlyPractised(t *testing.T) {
	b := historyBank(t)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	when := map[string]time.Time{}
	i := 0
	for _, c := range b.Rounds[2].Categories { // behavioral: practise all but two
		for _, q := range c.Questions {
			i++
			when[q.ID] = day(i)
		}
	}
	delete(when, "learning-domains")
	delete(when, "code-review")
	h := rated(nil, when)
	p, err := NewPlan(b, PlanOptions{Rounds: []string{"behavioral"}, Count: 3, Pick: PickFresh, Seed: 3, History: h})
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]bool{p.Items[0].Question.ID: true, p.Items[1].Question.ID: true}
	if !first["learning-domains"] || !first["code-review"] {
		t.Errorf("never-practised questions not first: %s %s", p.Items[0].Question.ID, p.Items[1].Question.ID)
	}
	if got := p.Items[2].Question.ID; got != "feature-prioritization" {
		t.Errorf("third %s, want the least recently practised, feature-prioritization", got)
	}
}
