// Package text holds the small wording rules every face shares.
package text

// Plural returns word, with an "s" unless n is 1: "1 answer", "2 answers".
func Plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
