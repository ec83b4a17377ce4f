package session

import (
	"testing"
	"time"

	"github.com/mockround/mockround/bank"
)

// TestFollowUpAnswerFromTheRound: a round's follow_up_answer sets its
// follow-ups' answer time; without one, DefaultFollowUpAnswer does.
func TestFollowUpAnswerFromTheRound(t *testing.T) {
	for _, tc := range []struct {
		setting string
		want    time.Duration
	}{
		{`"follow_up_answer": "45s", `, 45 * time.Second},
		{"", DefaultFollowUpAnswer},
	} {
		data := `{"title": "T", "rounds": [{"id": "r", "title": "R", "answer": "3m", ` + tc.setting +
			`"categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Why?", "follow_ups": ["And then?"]}]}]}]}`
		b, err := bank.Parse("b.json", []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		p, err := NewPlan(b, PlanOptions{Questions: []string{"q"}, Count: 1, FollowUps: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 2 || p.Items[1].FollowUp != "And then?" || p.Items[1].Limits.Answer != tc.want {
			t.Errorf("with %q: items %+v; want the follow-up with %v", tc.setting, p.Items, tc.want)
		}
	}
}

// TestPlanQuestionsLeavesOutFollowUps: a plan of three questions, one
// followed up, asks three questions.
func TestPlanQuestionsLeavesOutFollowUps(t *testing.T) {
	p := &Plan{Items: []PlanItem{{Position: 1}, {Position: 1, FollowUp: "And then?"}, {Position: 2}, {Position: 3}}}
	if n := p.Questions(); n != 3 {
		t.Errorf("Questions() = %d, want 3", n)
	}
}

// TestHistoryCountsPracticeTakes: a question's takes are those that are
// practice, across sessions: a retake counts, a take stopped as it began
// does not.
func TestHistoryCountsPracticeTakes(t *testing.T) {
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	rec := &Record{ID: "x", Takes: []Take{
		{Position: 1, Take: 1, QuestionID: "q", Status: TakeDone, LengthS: 30, Started: day},
		{Position: 1, Take: 2, QuestionID: "q", Status: TakeDone, LengthS: 40, Started: day.Add(time.Minute)},
		{Position: 1, Take: 3, QuestionID: "q", Status: TakeDone, LengthS: 0.2, Started: day.Add(2 * time.Minute)},
	}}
	h := BuildHistory([]Listed{{ID: rec.ID, Record: rec}})
	if p := h["q"]; p == nil || p.Takes != 2 || !p.LastPractised.Equal(day.Add(time.Minute)) {
		t.Errorf("history of q: %+v; want 2 takes, last practised at the second", p)
	}
}

// TestPickWeakKeepsTheOrderAmongEquals: questions of the same weakness
// keep the (seeded) order they came in.
func TestPickWeakKeepsTheOrderAmongEquals(t *testing.T) {
	r := &bank.Round{Categories: []bank.Category{{Questions: []bank.Question{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}}}}
	h := rated(map[string][]int{"a": {2}, "b": {2}, "c": {1}, "d": {2}}, nil)
	picks := []pick{{0, 0}, {0, 1}, {0, 2}, {0, 3}}
	h.orderBy(PickWeak, r, picks)
	var got string
	for _, p := range picks {
		got += r.Categories[p.cat].Questions[p.q].ID
	}
	if got != "cabd" {
		t.Errorf("order %s, want cabd: the weakest first, then the equals as they came", got)
	}
}

// TestPlanCountNotAPassOfCategories: a count that ends part way through a
// pass over the categories is the count asked for.
func TestPlanCountNotAPassOfCategories(t *testing.T) {
	data := `{"title": "T", "rounds": [{"id": "r", "title": "R", "answer": "1m", "categories": [` +
		`{"id": "c1", "title": "C1", "questions": [{"id": "a1", "text": "?"}, {"id": "a2", "text": "?"}]},` +
		`{"id": "c2", "title": "C2", "questions": [{"id": "b1", "text": "?"}, {"id": "b2", "text": "?"}]},` +
		`{"id": "c3", "title": "C3", "questions": [{"id": "d1", "text": "?"}, {"id": "d2", "text": "?"}]}]}]}`
	b, err := bank.Parse("b.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, pick := range []string{PickRandom, PickOrdered} {
		for _, n := range []int{1, 2, 4, 5} {
			p, err := NewPlan(b, PlanOptions{Count: n, Pick: pick, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != n {
				t.Errorf("%s, count %d: %d questions", pick, n, len(p.Items))
			}
		}
	}
}
