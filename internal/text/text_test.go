package text

import "testing"

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "answers"}, {1, "answer"}, {2, "answers"}, {-1, "answers"}} {
		if got := Plural(tc.n, "answer"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
