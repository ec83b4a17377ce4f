package transcribe

import (
	"strings"
	"unicode"
)

// token is a transcript word made ready for the figures.
type token struct {
	w          string // lower case, curly apostrophes made straight, outer punctuation dropped
	start, end float64
	stop       bool // the engine ended a sentence after it (. ? !)
	comma      bool // the engine put a comma (or ; : —) after it
}

// tokenize turns words into tokens, dropping words that are only
// punctuation, and reports whether the engine punctuates at all.
func tokenize(words []Word) (toks []token, punctuated bool) {
	toks = make([]token, 0, len(words))
	for _, w := range words {
		raw := strings.TrimSpace(w.W)
		if strings.ContainsAny(raw, ".,?!;:") {
			punctuated = true
		}
		n := normalize(raw)
		if n == "" {
			// Punctuation on its own belongs to the word before.
			if len(toks) > 0 {
				markPunct(&toks[len(toks)-1], raw)
			}
			continue
		}
		t := token{w: n, start: w.Start, end: w.End}
		markPunct(&t, raw)
		toks = append(toks, t)
	}
	return toks, punctuated
}

func markPunct(t *token, raw string) {
	trail := strings.TrimRightFunc(raw, func(r rune) bool { return !isWordRune(r) })
	p := raw[len(trail):]
	if strings.ContainsAny(p, ".?!…") {
		t.stop = true
	}
	if strings.ContainsAny(p, ",;:—–-") {
		t.comma = true
	}
}

// normalize lower-cases a word, straightens its apostrophes and drops
// the punctuation around it (keeping inner ' and -).
func normalize(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "`", "'").Replace(s)
	s = strings.TrimFunc(s, func(r rune) bool { return !isWordRune(r) || r == '\'' || r == '-' })
	return strings.ToLower(s)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-'
}

// words of a text, normalized (for talking points and reference texts).
func textWords(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) && r != '’' }) {
		if n := normalize(f); n != "" {
			out = append(out, n)
		}
	}
	return out
}
