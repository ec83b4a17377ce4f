package text

import "testing"

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n          int
		word, want string
	}{
		{0, "answer", "answers"}, {1, "answer", "answer"}, {2, "answer", "answers"}, {-1, "answer", "answers"},
		{1, "category", "category"}, {3, "category", "categories"},
		{2, "day", "days"}, {2, "key", "keys"}, {2, "y", "ys"},
	} {
		if got := Plural(tc.n, tc.word); got != tc.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", tc.n, tc.word, got, tc.want)
		}
	}
}
