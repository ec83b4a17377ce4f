package session

import (
	"slices"
	"testing"

	"github.com/mockround/mockround/bank"
)

// TestPlanUnevenCategories: a round whose categories hold different numbers
// of questions gives every question asked for once the small category runs
// out, in turn over the categories that still have some.
func TestPlanUnevenCategories(t *testing.T) {
	data := `{"title": "T", "rounds": [{"id": "r", "title": "R", "answer": "1m", "categories": [` +
		`{"id": "c1", "title": "C1", "questions": [{"id": "a1", "text": "?"}]},` +
		`{"id": "c2", "title": "C2", "questions": [{"id": "b1", "text": "?"}, {"id": "b2", "text": "?"}, {"id": "b3", "text": "?"}]}]}]}`
	b, err := bank.Parse("b.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(b, PlanOptions{Count: 4, Pick: PickOrdered})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ptIDs(p), []string{"a1", "b1", "b2", "b3"}; !slices.Equal(got, want) {
		t.Errorf("ordered, count 4: %v, want %v", got, want)
	}
	for seed := range uint64(20) {
		p, err := NewPlan(b, PlanOptions{Count: 4, Pick: PickRandom, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		got := ptIDs(p)
		slices.Sort(got)
		if want := []string{"a1", "b1", "b2", "b3"}; !slices.Equal(got, want) {
			t.Errorf("random, count 4, seed %d: %v, want each of %v once", seed, ptIDs(p), want)
		}
	}
}
