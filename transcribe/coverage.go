package transcribe

import (
	"math"
	"strings"
)

// Covered says whether the answer touched a talking point.
type Covered struct {
	Point   string   `json:"point"`
	Covered bool     `json:"covered"`
	Found   []string `json:"found"`   // the point's key words heard
	Missing []string `json:"missing"` // the point's key words not heard
}

// CoverageShare is the share of a point's key words that must be heard
// for the point to count as covered (and at least one must be).
const CoverageShare = 0.6

// coverage decides, for each talking point, whether the answer covered it.
//
// The rule: a point's key words are its words, lower-cased, without stop
// words (stopWords; when a point has nothing else, its stop words are
// its key words); a key word is heard when its stem (stem) is the stem of
// a word of the transcript (or of a part of a hyphenated word). A point
// is covered when at least CoverageShare of its key words are heard
// (rounded up: 1 of 1, 2 of 2, 2 of 3, 3 of 4, 3 of 5), and at least one.
// Repeated key words count once.
func coverage(toks []token, points []string) []Covered {
	heard := map[string]bool{}
	for _, t := range toks {
		heard[stem(t.w)] = true
		if strings.Contains(t.w, "-") {
			for _, p := range strings.Split(t.w, "-") {
				if p != "" {
					heard[stem(p)] = true
				}
			}
		}
	}
	out := make([]Covered, 0, len(points))
	for _, p := range points {
		keys := keyWords(p)
		c := Covered{Point: p, Found: []string{}, Missing: []string{}}
		for _, k := range keys {
			if heard[stem(k)] {
				c.Found = append(c.Found, k)
			} else {
				c.Missing = append(c.Missing, k)
			}
		}
		need := max(int(math.Ceil(CoverageShare*float64(len(keys))-1e-9)), 1)
		c.Covered = len(keys) > 0 && len(c.Found) >= need
		out = append(out, c)
	}
	return out
}

// keyWords are the words of a talking point that carry its meaning.
func keyWords(point string) []string {
	var keys, all []string
	seen := map[string]bool{}
	for _, w := range textWords(point) {
		for _, part := range splitHyphen(w) {
			if seen[part] {
				continue
			}
			seen[part] = true
			all = append(all, part)
			if !stopWords[part] {
				keys = append(keys, part)
			}
		}
	}
	if len(keys) == 0 {
		return all
	}
	return keys
}

func splitHyphen(w string) []string {
	if !strings.Contains(w, "-") {
		return []string{w}
	}
	var out []string
	for _, p := range strings.Split(w, "-") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// stopWords are the words that carry no topic.
var stopWords = set(
	"a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "for", "with", "by", "from",
	"as", "into", "onto", "over", "under", "about", "above", "below", "between", "through", "during",
	"before", "after", "up", "down", "out", "off", "via", "per", "than", "then", "so", "if", "because",
	"while", "when", "where", "why", "how", "what", "which", "who", "whom", "whose", "that", "this",
	"these", "those", "it", "its", "it's", "i", "i'm", "me", "my", "you", "your", "we", "our", "us",
	"they", "them", "their", "he", "him", "his", "she", "her", "is", "are", "was", "were", "be", "been",
	"being", "am", "do", "does", "did", "doing", "have", "has", "had", "having", "can", "could",
	"should", "would", "will", "shall", "may", "might", "must", "not", "no", "yes", "all", "any", "both",
	"each", "every", "few", "more", "most", "other", "some", "such", "only", "own", "same", "too",
	"very", "just", "also", "there", "here", "again", "once", "e.g", "i.e", "etc", "vs", "mention",
	"mentions", "mentioning", "talk", "discuss", "explain", "describe", "give", "example", "examples",
)

// stem strips common English suffixes so that inflected forms meet: a
// small Porter-like stemmer, the same for talking points and answers. In
// order: a possessive 's; a plural (-ies → -y, -sses → -ss, -s but not
// -ss, -us, -is); then one of -ization → -ize, -ational/-ation → -ate,
// -ment, -ness, -ing, -ed, -ly when what is left has a vowel and at least
// 3 letters; then a final -e, and a final doubled consonant (but ll, ss,
// zz) made single, and a final -y after a consonant made -i. Words of 3
// letters or fewer are left alone.
//
//	caching, cached, caches, cache → cach
//	deployment, deployed, deploys → deploy
//	retries, retry → retri;  flaky, flakiness → flaki;  running, runs → run
//	optimization, optimized → optimiz
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'")
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") && len(w) > 3:
		w = w[:len(w)-1]
	}
	for _, r := range []struct{ suffix, with string }{
		{"ization", "ize"}, {"isation", "ize"}, {"ational", "ate"}, {"ation", "ate"},
		{"ment", ""}, {"ness", ""}, {"ing", ""}, {"ied", "y"}, {"ed", ""}, {"ly", ""},
	} {
		if !strings.HasSuffix(w, r.suffix) {
			continue
		}
		rest := w[:len(w)-len(r.suffix)]
		if len(rest) >= 3 && strings.ContainsAny(rest, "aeiouy") {
			w = rest + r.with
		}
		break
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	if n := len(w); n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])) {
		w = w[:n-1]
	}
	if n := len(w); n > 3 && w[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(w[n-2])) {
		w = w[:n-1] + "i"
	}
	return w
}
