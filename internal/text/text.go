// Package text holds the small wording rules every face shares.
package text

import (
	"strings"
	"unicode/utf8"
)

// Plural returns word for n of it: as it is when n is 1, else with "s"
// ("2 answers"), or "ies" for a consonant and y ("2 categories").
func Plural(n int, word string) string {
	if n == 1 {
		return word
	}
	if k := len(word); k > 1 && word[k-1] == 'y' && !strings.ContainsRune("aeiou", rune(word[k-2])) {
		return word[:k-1] + "ies"
	}
	return word + "s"
}

// Columns is the width text printed for reading in a terminal is wrapped
// to (transcripts in report, review and replay), indent included.
const Columns = 80

// Wrap breaks s into lines of at most width characters, between words: a
// terminal that wrapped them itself would cut words in two. A word longer
// than width has a line of its own.
func Wrap(s string, width int) []string {
	var lines []string
	var line strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		wl := utf8.RuneCountInString(w)
		if n > 0 && n+1+wl > width {
			lines = append(lines, line.String())
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(w)
		n += wl
	}
	if n > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
