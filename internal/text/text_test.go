package text

import (
	"strings"
	"testing"
)

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

// TestWrap: lines of at most the width, cut between words, characters
// counted (not bytes); a word longer than the width on a line of its own.
func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"one two three", 7, []string{"one two", "three"}},
		{"one two three", 13, []string{"one two three"}},
		{"a verylongwordindeed b", 5, []string{"a", "verylongwordindeed", "b"}},
		{"verylongwordindeed b", 5, []string{"verylongwordindeed", "b"}},
		{"exactly b", 7, []string{"exactly", "b"}},
		{"  spaced   out  ", 20, []string{"spaced out"}},
		{"été à la mer", 8, []string{"été à la", "mer"}},
	} {
		got := Wrap(c.in, c.width)
		if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}
