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
	} {
		_, err := ParseReview("a.json", []byte(tc.data), reviewRecord())
		var re *ReviewError
		if !errors.As(err, &re) || re.Place != tc.place || !strings.HasPrefix(re.Problem, "not valid JSON: invalid character") {
			t.Errorf("%q: error %v; want it at %s", tc.data, err, tc.place)
		}
	}
}

// TestParseReviewNamesTheFieldOfAWrongType: a value of the wrong type is
// placed by line and column and named by its field, so the reviewer can
// find it.
func TestParseReviewNamesTheFieldOfAWrongType(t *testing.T) {
	data := strings.Replace(goodReview, `"rating": 4`, `"rating": "4"`, 1)
	_, err := ParseReview("a.json", []byte(data), reviewRecord())
	var re *ReviewError
	if !errors.As(err, &re) || !strings.HasPrefix(re.Place, "line 9, column ") || !strings.HasSuffix(re.Place, "takes.rating") {
		t.Errorf("error %v; want it placed on line 9 and named takes.rating", err)
	}
}
