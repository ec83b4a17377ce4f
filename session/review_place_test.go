package session

import (
	"errors"
	"strings"
	"testing"
)

// TestParseReviewPlacesTheBadCharacter: a review file that is not JSON is
// refused at the line and column of the character that breaks it, the
// first or the last in the file as well as one in between.
func TestParseReviewPlacesTheBadCharacter(t *testing.T) {
	for _, tc := range []struct{ data, place string }{
		{"x", "line 1, column 1"},
		{`{"format": 1, "kind": x`, "line 1, column 23"},
		{`{"format": 1, "kind": x}`, "line 1, column 23"},
		{"{\n  \"format\": 1,\n  \"kind\": \"mockround-review\"]", "line 3, column 29"},
		{"{\n  \"format\": 1,\n  \"kind\": \"mockround-review\"],\n  \"session\": \"x\"\n}", "line 3, column 29"},
		// Columns count characters, as an editor does: "é" and "—" are one each.
		{`{"note": "café — ok", x`, "line 1, column 23"},
	} {
		_, err := ParseReview("a.json", []byte(tc.data), reviewRecord())
		var re *ReviewError
		if !errors.As(err, &re) || re.Place != tc.place || !strings.HasPrefix(re.Problem, "not valid JSON: invalid character") {
			t.Errorf("%q: error %v; want it at %s", tc.data, err, tc.place)
		}
	}
}

// TestParseReviewNamesTheFieldOfAWrongType: a value of the wrong type is
// placed at the line and column where it starts and named as the file has
// it, takes[1].rating rather than the Go path Review.takes.rating, and
// the type it should have is said in JSON's words, so the reviewer can find
// and fix it.
func TestParseReviewNamesTheFieldOfAWrongType(t *testing.T) {
	for _, tc := range []struct{ from, to, place, problem string }{
		{`"rating": 3`, `"rating": "3"`, "line 10, column 61: takes[1].rating", "a JSON string where the review has a whole number"},
		{`"rating": 3`, `"rating": 3.5`, "line 10, column 61: takes[1].rating", "a JSON number 3.5 where the review has a whole number"},
		{`"at_s": 3`, `"at_s": "3"`, "line 9, column 125: takes[0].comments[1].at_s", "a JSON string where the review has a number"},
		{`"follow_up": true`, `"follow_up": 1`, "line 10, column 45: takes[1].follow_up", "a JSON number where the review has true or false"},
		{`"take": 2,`, `"take": {"n": [2]},`, "line 9, column 29: takes[0].take", "a JSON object where the review has a whole number"},
		{`"format": 1`, `"format": "1"`, "line 2, column 13: format", "a JSON string where the review has a whole number"},
		{`"reviewer": "Alex"`, `"Reviewer": ["Alex"]`, "line 5, column 15: Reviewer", "a JSON array where the review has a string"},
		{goodReview, `[]`, "line 1, column 1", "a JSON array where the review has an object {...}"},
	} {
		data := strings.Replace(goodReview, tc.from, tc.to, 1)
		_, err := ParseReview("a.json", []byte(data), reviewRecord())
		var re *ReviewError
		if !errors.As(err, &re) || re.Place != tc.place || re.Problem != tc.problem || re.Next != askAgain {
			t.Errorf("%s -> %s: error %v; want it at %s: %s; %s", tc.from, tc.to, err, tc.place, tc.problem, askAgain)
		}
	}
}
