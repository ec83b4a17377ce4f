package transcribe

import (
	"regexp"
	"slices"
)

// Filler is one filler word or phrase, or one hedge, and when it was said.
type Filler struct {
	Kind  string  `json:"kind"` // e.g. "um", "like", "you know"
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// The filler kinds, in the order reports list them.
var FillerKinds = []string{"um", "uh", "er", "ah", "hmm", "like", "you know", "i mean", "sort of", "kind of",
	"basically", "actually", "literally", "so", "well"}

// PauseBoundaryS is the silence between two words, in seconds, that counts
// as the end of a sentence (or of a clause, where a comma would be) in a
// transcript without punctuation (PocketSphinx writes none).
const PauseBoundaryS = 0.5

// Sounds that are always fillers, written however the engine spells them.
var soundFillers = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"um", regexp.MustCompile(`^(u+m+|u+h+m+|e+r+m+)$`)}, // um, umm, uhm, erm
	{"uh", regexp.MustCompile(`^u+h+$`)},                 // uh, uhh
	{"er", regexp.MustCompile(`^e+r+$`)},                 // er, err
	{"ah", regexp.MustCompile(`^a+h+$`)},                 // ah, ahh
	{"hmm", regexp.MustCompile(`^(h+m+|m{2,})$`)},        // hm, hmm, mm
}

// Words that are fillers wherever they are said: they seldom add meaning
// to a spoken answer, whatever their use.
var alwaysFillers = []string{"basically", "actually", "literally"}

// Word lists the filler rules use.
var (
	// A "like" after these is a verb: "I like", "would like to", "don't like".
	likeVerbBefore = set("i", "you", "we", "they", "he", "she", "who", "people", "do", "does", "did", "don't",
		"doesn't", "didn't", "would", "wouldn't", "i'd", "you'd", "we'd", "they'd", "he'd", "she'd", "to",
		"really", "also", "still", "might", "may", "could", "should", "will", "won't", "can", "can't", "genuinely", "always", "never")
	// A "like" after these compares: "looks like", "something like", "more like", "sort of like".
	likeCompareBefore = set("look", "looks", "looked", "looking", "sound", "sounds", "sounded", "seem", "seems",
		"seemed", "feel", "feels", "felt", "feeling", "act", "acts", "acted", "behave", "behaves", "behaved",
		"something", "anything", "nothing", "everything", "more", "less", "much", "exactly", "lot", "of",
		"things", "stuff", "tools", "languages", "companies", "systems")
	// A "like" before these starts a comparison or an example: "like a queue", "like the old one".
	likeNounAfter = set("a", "an", "the", "my", "your", "his", "her", "its", "our", "their", "this", "that",
		"these", "those", "me", "him", "us", "them", "each")
	// Numbers and amounts: "like five minutes", "like a hundred" approximate.
	amountWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
		"twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "thousand", "million",
		"billion", "couple", "few", "dozen", "bunch", "half", "second", "minute", "day", "week", "month", "year")
	pronouns       = set("i", "we", "you", "they", "he", "she")
	reportingVerbs = set("said", "say", "mentioned", "mention", "discussed", "explained", "told", "noted", "described", "showed", "did")

	// "you know" after these is a question or a statement: "do you know", "as you know".
	youKnowBlock = set("do", "did", "does", "don't", "didn't", "doesn't", "if", "as", "what", "how", "would",
		"will", "could", "should", "can", "may", "might", "whether", "to", "let", "that")
	// A "you know" (or "I mean") before these has an object: "you know the answer", "I mean it".
	objectStart = set("the", "a", "an", "that", "what", "how", "why", "where", "when", "who", "which", "whether",
		"if", "about", "it", "him", "her", "them", "this", "these", "those", "my", "your", "his", "their", "our",
		"everything", "nothing", "something", "anything", "more", "enough", "to", "by", "well")
	iMeanBlock = set("what", "do", "did", "don't", "didn't", "whatever", "if")

	// "sort of", "kind of" after these names a kind: "what kind of", "a sort of cache".
	kindDeterminer = set("a", "an", "the", "this", "that", "these", "those", "what", "which", "some", "any",
		"every", "each", "no", "another", "same", "different", "one", "all", "whatever", "my", "your", "our",
		"their", "his", "her", "its", "certain", "particular", "right", "wrong", "first", "only", "new", "other")

	// Sentence-initial "so" before these is no filler: "so that", "so far".
	soNotFiller = set("that", "far", "much", "many", "long")
)

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// fillerScan holds what the filler rules look at.
type fillerScan struct {
	t          []token
	punctuated bool
}

func (s *fillerScan) word(i int) string {
	if i < 0 || i >= len(s.t) {
		return ""
	}
	return s.t[i].w
}

// gapAfter is the silence after token i (0 after the last).
func (s *fillerScan) gapAfter(i int) float64 {
	if i+1 >= len(s.t) {
		return 0
	}
	return s.t[i+1].start - s.t[i].end
}

// sentenceStart: token i starts a sentence (the first word, after . ? !,
// or, without punctuation, after a pause of PauseBoundaryS).
func (s *fillerScan) sentenceStart(i int) bool {
	if i == 0 {
		return true
	}
	if s.t[i-1].stop {
		return true
	}
	return !s.punctuated && s.gapAfter(i-1) >= PauseBoundaryS
}

// breakAfter: a comma, a sentence end or the end of the answer follows
// token i, or, without punctuation, a pause of PauseBoundaryS.
func (s *fillerScan) breakAfter(i int) bool {
	if i >= len(s.t)-1 || s.t[i].stop || s.t[i].comma {
		return true
	}
	return !s.punctuated && s.gapAfter(i) >= PauseBoundaryS
}

// prev is the word before i within its sentence ("" at a sentence start).
func (s *fillerScan) prev(i int) string {
	if s.sentenceStart(i) {
		return ""
	}
	return s.t[i-1].w
}

// next is the word k places after i within its sentence ("" when the
// sentence ends before it).
func (s *fillerScan) next(i, k int) string {
	for j := i; j < i+k; j++ {
		if j+1 >= len(s.t) || s.t[j].stop || (!s.punctuated && s.gapAfter(j) >= PauseBoundaryS) {
			return ""
		}
	}
	return s.t[i+k].w
}

// findFillers returns the fillers of toks in the order said. The rules:
//
//   - um, uh, er, ah, hmm (however spelled: umm, uhm, erm, hm, mm...),
//     basically, actually, literally: always.
//   - "so": at the start of a sentence, except "so that", "so far",
//     "so much", "so many", "so long".
//   - "well": at the start of a sentence and followed by a comma (or, with
//     no punctuation, a pause): "Well, ...".
//   - "you know": unless after do/did/if/as/what/how/would/... ("do you
//     know", "as you know"), and unless it takes an object ("you know the
//     answer", "you know what") with no comma or pause after it.
//   - "i mean": unless after what/do/did/if ("what I mean"), and unless it
//     takes an object ("I mean it", "I mean that") with no comma or pause
//     after it.
//   - "sort of", "kind of": unless after a determiner, where they name a
//     kind ("what kind of", "a sort of cache").
//   - "like": see isFillerLike.
func findFillers(toks []token, punctuated bool) []Filler {
	s := &fillerScan{t: toks, punctuated: punctuated}
	var out []Filler
	add := func(kind string, i, j int) {
		out = append(out, Filler{Kind: kind, Start: toks[i].start, End: toks[j].end})
	}
	for i := 0; i < len(toks); i++ {
		w := toks[i].w
		if k := soundKind(w); k != "" {
			add(k, i, i)
			continue
		}
		if slices.Contains(alwaysFillers, w) {
			add(w, i, i)
			continue
		}
		if two, ok := s.twoWordFiller(i); ok {
			add(two, i, i+1)
			i++
			continue
		}
		if s.oneWordFiller(i) {
			add(w, i, i)
		}
	}
	return out
}

// twoWordFiller reports whether words i and i+1 are a two-word filler
// ("you know", "i mean", "sort of", "kind of"), and which.
func (s *fillerScan) twoWordFiller(i int) (string, bool) {
	toks := s.t
	if i+1 >= len(toks) || toks[i].stop || toks[i].comma {
		return "", false
	}
	two := toks[i].w + " " + s.word(i+1)
	switch two {
	case "you know":
		return two, !youKnowBlock[s.prev(i)] && (s.breakAfter(i+1) || !objectStart[s.next(i+1, 1)])
	case "i mean":
		return two, !iMeanBlock[s.prev(i)] && (s.breakAfter(i+1) || !objectStart[s.next(i+1, 1)])
	case "sort of", "kind of":
		return two, !kindDeterminer[s.prev(i)]
	}
	return "", false
}

// oneWordFiller reports whether word i is "so", "well" or "like" used as a
// filler.
func (s *fillerScan) oneWordFiller(i int) bool {
	switch s.t[i].w {
	case "so":
		return s.sentenceStart(i) && !soNotFiller[s.next(i, 1)]
	case "well":
		return s.sentenceStart(i) && s.breakAfter(i) && i < len(s.t)-1
	case "like":
		return s.isFillerLike(i)
	}
	return false
}

// soundKind is the kind of a filler sound, "" for any other word.
func soundKind(w string) string {
	for _, f := range soundFillers {
		if f.re.MatchString(w) {
			return f.kind
		}
	}
	return ""
}

// isFillerLike decides whether the "like" at i is a filler. In order:
//
//  1. ", like," set off by commas: a filler.
//  2. After a subject or an auxiliary ("I like", "would like to", "don't
//     like"): a verb, no filler.
//  3. After a verb of seeming or a word that compares ("looks like",
//     "sounds like", "feel like", "something like", "more like", "kind of
//     like", "things like"): a preposition, no filler.
//  4. Followed by a comma ("like, really"): a filler.
//  5. Before an amount ("like five minutes", "like a hundred"): it means
//     "about", a filler.
//  6. Before a pronoun and a reporting verb ("like I said"): a
//     conjunction, no filler.
//  7. Before a determiner or an object pronoun ("like a queue", "like the
//     old one", "like that", "like them"): a preposition, no filler.
//  8. Otherwise ("it was like really slow", "I was like no", "like I don't
//     know"): a filler.
func (s *fillerScan) isFillerLike(i int) bool {
	prev, next := s.prev(i), s.next(i, 1)
	commaBefore := i > 0 && !s.sentenceStart(i) && s.t[i-1].comma
	commaAfter := s.t[i].comma
	switch {
	case commaBefore && commaAfter:
		return true
	case likeVerbBefore[prev]:
		return false
	case likeCompareBefore[prev]:
		return false
	case commaAfter:
		return true
	case amountWords[next] || isNumber(next):
		return true
	case (next == "a" || next == "an") && amountWords[s.next(i, 2)]:
		return true
	case pronouns[next] && reportingVerbs[s.next(i, 2)]:
		return false
	case likeNounAfter[next]:
		return false
	}
	return true
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return false
		}
	}
	return true
}

// Hedges are the phrases counted as hedging, keyed by how they are shown;
// each is matched as written or in its longer form.
var hedgePhrases = []struct{ kind, phrase string }{
	{"i'm not sure", "i'm not sure"},
	{"i'm not sure", "i am not sure"},
	{"i don't know", "i don't know"},
	{"i don't know", "i do not know"},
	{"i think", "i think"},
	{"i guess", "i guess"},
	{"i believe", "i believe"},
	{"i suppose", "i suppose"},
	{"maybe", "maybe"},
	{"perhaps", "perhaps"},
	{"probably", "probably"},
	{"possibly", "possibly"},
}

// HedgeKinds are the hedges counted, in the order reports list them.
var HedgeKinds = []string{"i think", "maybe", "probably", "i guess", "i'm not sure", "i don't know", "i believe", "i suppose", "perhaps", "possibly"}

// findHedges finds the hedge phrases of toks, longest first, without overlap.
func findHedges(toks []token) []Filler {
	var out []Filler
	for i := 0; i < len(toks); i++ {
		for _, h := range hedgePhrases {
			n := matchPhrase(toks, i, h.phrase)
			if n > 0 {
				out = append(out, Filler{Kind: h.kind, Start: toks[i].start, End: toks[i+n-1].end})
				i += n - 1
				break
			}
		}
	}
	return out
}

// matchPhrase returns the number of tokens of phrase found at i, 0 when it
// is not there.
func matchPhrase(toks []token, i int, phrase string) int {
	ws := textWords(phrase)
	if i+len(ws) > len(toks) {
		return 0
	}
	for k, w := range ws {
		if toks[i+k].w != w {
			return 0
		}
	}
	return len(ws)
}
