package bank

import (
	"errors"
	"strings"
	"testing"
)

// minimalWith is testdata/minimal.json with the question's id and the
// format set as given (a JSON number, "" to leave the format out).
func minimalWith(qid, format string) []byte {
	f := ""
	if format != "" {
		f = `"format": ` + format + `, `
	}
	return []byte(`{` + f + `"title": "Minimal", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [{"id": "` +
		qid + `", "text": "Why?"}]}]}]}`)
}

// TestErrorSortsByLineThenColumn: problems are listed by line, then column;
// those at one place keep their order.
func TestErrorSortsByLineThenColumn(t *testing.T) {
	e := &Error{File: "b.json", Problems: []Problem{
		{Line: 2, Col: 1, Msg: "d"},
		{Line: 1, Col: 9, Msg: "c"},
		{Line: 1, Col: 2, Msg: "a"},
		{Line: 1, Col: 2, Msg: "b"},
	}}
	if got, want := e.Error(), "b.json:1:2: a\nb.json:1:2: b\nb.json:1:9: c\nb.json:2:1: d"; got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

// TestIDLength: an id of 64 characters is fine; 65 is one too many.
func TestIDLength(t *testing.T) {
	if _, err := Parse("b.json", minimalWith(strings.Repeat("a", 64), "")); err != nil {
		t.Errorf("a 64-character id: %v", err)
	}
	_, err := Parse("b.json", minimalWith(strings.Repeat("a", 65), ""))
	if err == nil || !strings.Contains(err.Error(), "must be at most 64 characters, got 65") {
		t.Errorf("a 65-character id: %v", err)
	}
}

// TestFormatNumbers: the format is any JSON number equal to a whole
// version; one past a billion is no version at all.
func TestFormatNumbers(t *testing.T) {
	for _, tc := range []struct{ format, want string }{
		{"1", ""},
		{"1.0", ""},
		{"1e+0", ""},
		{"10E-1", ""},
		{"1000000000", "version 1000000000 is newer than this mockround understands"},
		{"1000000001", "want 1, got 1000000001"},
		{"1.5", "want 1, got 1.5"},
	} {
		_, err := Parse("b.json", minimalWith("q", tc.format))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("format %s: %v", tc.format, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("format %s: %v, want %q", tc.format, err, tc.want)
		}
	}
}

// TestProblemsAtOnePlaceInRuleOrder: two problems of one object are listed
// in the order the rules are checked.
func TestProblemsAtOnePlaceInRuleOrder(t *testing.T) {
	data := []byte(`{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [{}]}]}]}`)
	_, err := Parse("b.json", data)
	var e *Error
	if !errors.As(err, &e) || len(e.Problems) != 2 {
		t.Fatalf("Parse = %v, want two problems", err)
	}
	p := "rounds[0].categories[0].questions[0]."
	if e.Problems[0].Path != p+"id" || e.Problems[1].Path != p+"text" || e.Problems[0].Col != e.Problems[1].Col {
		t.Errorf("problems %+v, want the missing id, then the missing text, at one place", e.Problems)
	}
}
