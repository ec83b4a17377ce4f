// Package text holds the small wording rules every face shares.
package text

import "strings"

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
