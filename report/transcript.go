package report

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// Word is one word of a take's transcript, with its place in the take in
// seconds. Filler marks a word of a filler (um, like, you know, ...).
type Word struct {
	W      string  `json:"w"`
	Start  float64 `json:"start"`
	End    float64 `json:"end"`
	Filler bool    `json:"-"`
}

// Coverage says whether the answer touched one talking point.
type Coverage struct {
	Point   string `json:"point"`
	Covered bool   `json:"covered"`
}

// readTranscript reads a take's transcript; tests swap it.
var readTranscript = func(dir string, t *session.Take) (*transcribe.Transcript, error) {
	return t.ReadTranscript(dir)
}

// addTranscript fills the take's transcript and its figures. The figures
// are those session.json keeps; the words are read from the transcript
// file, and left out when it cannot be read.
func (tk *Take) addTranscript(dir string, t *session.Take) {
	ref := t.Transcript
	if ref == nil {
		return
	}
	f := ref.Figures
	wpm, per100 := f.WPM, f.FillersPer100
	tk.WPM, tk.FillersPer100, tk.Engine = &wpm, &per100, ref.Engine
	tk.Fillers, tk.fillerCount, tk.wordCount = map[string]int{}, f.FillerCount, f.Words
	for k, v := range f.Fillers {
		tk.Fillers[k] = v
	}
	for _, c := range f.Coverage {
		tk.Coverage = append(tk.Coverage, Coverage{Point: c.Point, Covered: c.Covered})
	}
	tr, err := readTranscript(dir, t)
	if err != nil {
		return
	}
	s := tr.Text()
	tk.Transcript = &s
	words := slices.Clone(tr.Words)
	sort.SliceStable(words, func(i, j int) bool { return words[i].Start < words[j].Start })
	tk.Words = make([]Word, len(words))
	for i, w := range words {
		tk.Words[i] = Word{W: w.W, Start: w.Start, End: w.End, Filler: inFiller(w, f.FillerTimes)}
	}
}

// inFiller reports whether the word lies within one of the fillers.
func inFiller(w transcribe.Word, fillers []transcribe.Filler) bool {
	const slack = 0.0005 // times are kept to the millisecond
	for _, f := range fillers {
		if w.Start >= f.Start-slack && w.End <= f.End+slack {
			return true
		}
	}
	return false
}

// SpeechText is a take's pace, fillers and talking points in one line:
// "pace 142 wpm · 3 fillers (um 2, like 1) · 2 of 3 talking points";
// "" when the take has no transcript.
func SpeechText(t Take) string {
	if t.WPM == nil {
		return ""
	}
	if t.wordCount == 0 {
		return "no words heard"
	}
	parts := []string{"pace " + PaceText(t), FillerText(t)}
	if len(t.Coverage) > 0 {
		parts = append(parts, CoverageText(t))
	}
	return strings.Join(parts, " · ")
}

// PaceText is a take's pace, "142 wpm"; "–" when no words were heard.
func PaceText(t Take) string {
	if t.WPM == nil || t.wordCount == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f wpm", *t.WPM)
}

// FillerText counts a take's fillers by kind, most first: "3 fillers (um
// 2, like 1)", "no fillers".
func FillerText(t Take) string {
	if t.fillerCount == 0 {
		return "no fillers"
	}
	kinds := make([]string, 0, len(t.Fillers))
	for k := range t.Fillers {
		kinds = append(kinds, k)
	}
	order := func(k string) int {
		if i := slices.Index(transcribe.FillerKinds, k); i >= 0 {
			return i
		}
		return len(transcribe.FillerKinds)
	}
	sort.Slice(kinds, func(i, j int) bool {
		a, b := kinds[i], kinds[j]
		if t.Fillers[a] != t.Fillers[b] {
			return t.Fillers[a] > t.Fillers[b]
		}
		if order(a) != order(b) {
			return order(a) < order(b)
		}
		return a < b
	})
	each := make([]string, len(kinds))
	for i, k := range kinds {
		each[i] = fmt.Sprintf("%s %d", k, t.Fillers[k])
	}
	return fmt.Sprintf("%d %s (%s)", t.fillerCount, text.Plural(t.fillerCount, "filler"), strings.Join(each, ", "))
}

// CoverageText is how many of the talking points the take covered: "2 of
// 3 talking points".
func CoverageText(t Take) string {
	n := 0
	for _, c := range t.Coverage {
		if c.Covered {
			n++
		}
	}
	return fmt.Sprintf("%d of %d talking %s", n, len(t.Coverage), text.Plural(len(t.Coverage), "point"))
}
