package transcribe

import (
	"math"
	"slices"
	"sort"
)

// Figures are what a transcript says about the way an answer was given.
type Figures struct {
	Words int `json:"words"` // every word heard, fillers included
	// SpeakingS is the time spent speaking: the words' timings merged
	// into stretches wherever the gap between two words is under MergeGapS,
	// summed. WPM is Words over SpeakingS, in words a minute.
	SpeakingS float64 `json:"speaking_s"`
	WPM       float64 `json:"wpm"`
	// Fillers counts the filler words and phrases by kind (FillerKinds;
	// the rules are at findFillers); FillerTimes lists each with its time.
	Fillers       map[string]int `json:"fillers"`
	FillerTimes   []Filler       `json:"filler_times"`
	FillerCount   int            `json:"filler_count"`
	FillersPer100 float64        `json:"fillers_per_100_words"`
	// Repeats are words said twice or more in a row ("the the"), see
	// findRepeats.
	Repeats []Repeat `json:"repeats"`
	// Hedges counts hedging phrases by kind (HedgeKinds); HedgeTimes lists each.
	Hedges     map[string]int `json:"hedges"`
	HedgeTimes []Filler       `json:"hedge_times"`
	// Coverage says for each talking point whether it was covered (the
	// rule is at coverage).
	Coverage []Covered `json:"coverage"`
	// LongestPauseS is the longest silence between two words;
	// PausesOver2s counts the silences between words longer than 2 s.
	LongestPauseS float64 `json:"longest_pause_s"`
	PausesOver2s  int     `json:"pauses_over_2s"`
}

// Repeat is a word said Count times in a row, from Start.
type Repeat struct {
	W     string  `json:"w"`
	Start float64 `json:"start"`
	Count int     `json:"count"`
}

// MergeGapS is the gap between two words, in seconds, under which they
// belong to one stretch of speech (speaking time runs on across it).
const MergeGapS = 0.3

// LongPauseS is the silence, in seconds, that PausesOver2s counts.
const LongPauseS = 2.0

// Compute returns the figures of t, with the coverage of talkingPoints
// (the question's talking points; none gives an empty Coverage).
func Compute(t *Transcript, talkingPoints []string) Figures {
	var words []Word
	if t != nil {
		words = slices.Clone(t.Words)
	}
	sort.SliceStable(words, func(i, j int) bool { return words[i].Start < words[j].Start })
	toks, punctuated := tokenize(words)

	f := Figures{
		Words:       len(toks),
		Fillers:     map[string]int{},
		FillerTimes: findFillers(toks, punctuated),
		Repeats:     findRepeats(toks),
		Hedges:      map[string]int{},
		HedgeTimes:  findHedges(toks),
		Coverage:    coverage(toks, talkingPoints),
	}
	if f.FillerTimes == nil {
		f.FillerTimes = []Filler{}
	}
	if f.HedgeTimes == nil {
		f.HedgeTimes = []Filler{}
	}
	for _, x := range f.FillerTimes {
		f.Fillers[x.Kind]++
	}
	for _, x := range f.HedgeTimes {
		f.Hedges[x.Kind]++
	}
	f.FillerCount = len(f.FillerTimes)
	if f.Words > 0 {
		f.FillersPer100 = round(float64(f.FillerCount)*100/float64(f.Words), 10)
	}
	speaking, longest, over := timing(toks)
	f.SpeakingS = round(speaking, 100)
	f.LongestPauseS = round(longest, 100)
	f.PausesOver2s = over
	if speaking > 0 {
		f.WPM = round(float64(f.Words)/speaking*60, 10)
	}
	return f
}

// timing measures speaking time and the pauses between words.
func timing(toks []token) (speaking, longest float64, over2 int) {
	if len(toks) == 0 {
		return 0, 0, 0
	}
	runStart, runEnd := toks[0].start, toks[0].end
	for _, t := range toks[1:] {
		gap := t.start - runEnd
		if gap > longest {
			longest = gap
		}
		if gap > LongPauseS {
			over2++
		}
		if gap < MergeGapS {
			runEnd = max(runEnd, t.end)
			continue
		}
		speaking += runEnd - runStart
		runStart, runEnd = t.start, t.end
	}
	speaking += runEnd - runStart
	return speaking, longest, over2
}

// noRepeat are words whose doubling is grammar or emphasis, not a
// stumble: "that that", "had had", "very very", "no no".
var noRepeat = set("that", "had", "very", "really", "so", "no", "yeah", "yes", "bye", "ha", "oh", "okay", "ok")

// findRepeats finds words said twice or more in a row (a stumble or a
// restart: "the the", "I I"), except filler sounds (counted as fillers)
// and the words in noRepeat.
func findRepeats(toks []token) []Repeat {
	out := []Repeat{}
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && toks[j].w == toks[i].w {
			j++
		}
		if n := j - i; n > 1 && !noRepeat[toks[i].w] && soundKind(toks[i].w) == "" {
			out = append(out, Repeat{W: toks[i].w, Start: toks[i].start, Count: n})
		}
		i = j
	}
	return out
}

func round(v, scale float64) float64 { return math.Round(v*scale) / scale }
