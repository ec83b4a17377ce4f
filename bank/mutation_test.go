package bank

import (
	"strings"
	"testing"
)

// roundWith is a one-question bank whose round sets the given fields (JSON
// members, each followed by a comma).
func roundWith(fields string) []byte {
	return []byte(`{"title": "T", "rounds": [{"id": "r", "title": "R", ` + fields +
		`"categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Why?"}]}]}]}`)
}

// TestDurationsAtTheMost: each duration a bank may set is accepted at its
// maximum and refused a second past it.
func TestDurationsAtTheMost(t *testing.T) {
	at := `"prep": "30m", "answer": "60m", "overtime": "30m", "follow_up_answer": "30m", `
	if _, err := Parse("b.json", roundWith(at)); err != nil {
		t.Errorf("every limit at its maximum: %v", err)
	}
	for _, tc := range []struct{ field, over, max string }{
		{"prep", "30m1s", "30m0s"},
		{"answer", "60m1s", "1h0m0s"},
		{"overtime", "30m1s", "30m0s"},
		{"follow_up_answer", "30m1s", "30m0s"},
	} {
		_, err := Parse("b.json", roundWith(`"`+tc.field+`": "`+tc.over+`", `))
		if err == nil || !strings.Contains(err.Error(), "is longer than the "+tc.max+" a bank may set") {
			t.Errorf("%s %s: %v; want it refused as longer than %s", tc.field, tc.over, err, tc.max)
		}
	}
}

// TestTopLevelNumber: a file that is only a number, with nothing after it,
// is refused for not being an object.
func TestTopLevelNumber(t *testing.T) {
	for _, doc := range []string{"5", "-12.5e3"} {
		_, err := Parse("b.json", []byte(doc))
		if err == nil || !strings.Contains(err.Error(), "b.json:1:1: want a JSON object at the top level, got number") {
			t.Errorf("a bank of %q: %v; want it refused as a number, not an object", doc, err)
		}
	}
}
