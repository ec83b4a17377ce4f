package session

import (
	"strings"
	"testing"
)

// TestReviewSessionIDCharacters: a review file's session id is letters,
// digits and dashes, 1 to 64 of them; anything else, such as a path, names no
// session.
func TestReviewSessionIDCharacters(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"20261127T061958Z-873338", true},
		{"09-AZ-az", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"", false},
		{"../x", false},
		{"a/b", false},
		{"a.b", false},
		{"a_b", false},
		{"a b", false},
		{"a:b", false}, // just past '9'
		{"a@b", false}, // just before 'A'
		{"a[b", false}, // just past 'Z'
		{"a`b", false}, // just before 'a'
		{"a{b", false}, // just past 'z'
		{"a,b", false}, // just before '-'
		{"a\u00e9b", false},
	} {
		if got := validID(tc.id); got != tc.want {
			t.Errorf("validID(%q) = %v, want %v", tc.id, got, tc.want)
		}
		want := ""
		if tc.want {
			want = tc.id
		}
		if got := ReviewSession([]byte(`{"session": "` + tc.id + `"}`)); got != want {
			t.Errorf("ReviewSession with session %q = %q, want %q", tc.id, got, want)
		}
	}
}

// TestReviewTextRefuses: text longer than its limit, control characters and
// the characters that reorder a line on screen are refused, saying which
// character (counted in characters, not bytes); newlines and tabs only where
// the text may run over several lines.
func TestReviewTextRefuses(t *testing.T) {
	for _, tc := range []struct {
		s         string
		most      int
		multiline bool
		want      string // "" when accepted
	}{
		{"abc", 3, false, ""},
		{"abcd", 3, false, "4 characters; at most 3"},
		{"ééé", 3, false, ""},
		{"a\nb\tc", 10, true, ""},
		{"a\nb", 10, false, "a control character U+000A at character 2"},
		{"a\tb", 10, false, "a control character U+0009 at character 2"},
		{"é\x1b[2J", 10, true, "a control character U+001B at character 2"},
		{"é\u2028", 10, true, "a control character U+2028 at character 2"},
		{"\u2029", 10, true, "a control character U+2029 at character 1"},
		{"ab\u202a", 10, true, "a control character U+202A at character 3"},
		{"\u202e", 10, true, "a control character U+202E at character 1"},
		{"\u2066", 10, true, "a control character U+2066 at character 1"},
		{"\u2069", 10, true, "a control character U+2069 at character 1"},
		// their neighbours are ordinary characters
		{"\u2027\u202f\u2065\u206a", 10, false, ""},
	} {
		err := checkText(tc.s, tc.most, tc.multiline)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("checkText(%q, %d, %v) = %q, want %q", tc.s, tc.most, tc.multiline, got, tc.want)
		}
	}
}

// TestReviewErrorLine: a refused review file is named, then where in it, the
// problem and what to do, leaving out the parts it does not have.
func TestReviewErrorLine(t *testing.T) {
	for _, tc := range []struct {
		err  ReviewError
		want string
	}{
		{ReviewError{File: "r.json", Place: "takes[0].rating", Problem: "9", Next: "ask again"}, "r.json: takes[0].rating: 9; ask again"},
		{ReviewError{File: "r.json", Problem: "not UTF-8 text"}, "r.json: not UTF-8 text"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// TestReviewCommentLimits: a comment at the very start of a take and a take
// with the most comments allowed are accepted; a take with neither rating
// nor comments is left out of the review.
func TestReviewCommentLimits(t *testing.T) {
	rec := &Record{ID: "s-1", Takes: []Take{
		{Position: 1, Take: 1, Status: TakeDone, LengthS: 60, File: "01-a.wav"},
		{Position: 2, Take: 1, Status: TakeDone, LengthS: 60, File: "02-a.wav"},
	}}
	more := strings.Repeat(`, {"at_s": 1, "text": "x"}`, MaxComments-1)
	data := `{"format": 1, "kind": "mockround-review", "session": "s-1", "reviewer": "Alex", "takes": [` +
		`{"position": 1, "take": 1, "comments": [{"at_s": 0, "text": "from the first word"}` + more + `]},` +
		`{"position": 2, "take": 1}]}`
	rv, err := ParseReview("r.json", []byte(data), rec)
	if err != nil {
		t.Fatalf("a comment at 0:00 and %d comments on a take: %v", MaxComments, err)
	}
	if len(rv.Takes) != 1 || len(rv.Takes[0].Comments) != MaxComments || rv.Takes[0].Comments[0].AtS != 0 {
		t.Errorf("review takes %d; want 1 take with %d comments, the first at 0:00", len(rv.Takes), MaxComments)
	}
}
