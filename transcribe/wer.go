package transcribe

// WER is the word error rate of hyp against the reference ref: the fewest
// substitutions, deletions and insertions that turn ref into hyp, over the
// number of words of ref. Both are compared as normalize leaves them
// (lower case, no punctuation). It is 0 when both are empty, and 1 when
// only ref is. hyp with words and an empty ref gives the number of hyp's
// words (every one inserted), over a ref of 1.
func WER(ref, hyp []string) float64 {
	r, h := normWords(ref), normWords(hyp)
	if len(r) == 0 {
		return float64(len(h))
	}
	return float64(editDistance(r, h)) / float64(len(r))
}

// WERText is WER on two texts split into words.
func WERText(ref, hyp string) float64 { return WER(textWords(ref), textWords(hyp)) }

// WordList returns the words of t, normalized, for WER.
func (t *Transcript) WordList() []string {
	out := make([]string, 0, len(t.Words))
	for _, w := range t.Words {
		if n := normalize(w.W); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func normWords(ws []string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, textWords(w)...)
	}
	return out
}

// editDistance is the Levenshtein distance between two word lists.
func editDistance(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
