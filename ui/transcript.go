package ui

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mockround/mockround/internal/safe"
	"github.com/mockround/mockround/internal/text"
	"github.com/mockround/mockround/transcribe"
)

// TranscriptLine is a line of a take's transcript as the faces show it: a
// sentence, or the words up to a pause, at most lineWords of them.
type TranscriptLine struct {
	First int // index of its first word in the transcript's words
	Words []transcribe.Word
}

// Start is when the line's first word begins, from the start of the take.
func (l TranscriptLine) Start() time.Duration {
	return time.Duration(l.Words[0].Start * float64(time.Second))
}

// Text is the line's words, made safe to print.
func (l TranscriptLine) Text() string {
	ws := make([]string, len(l.Words))
	for i, w := range l.Words {
		ws[i] = safe.Text(w.W)
	}
	return strings.Join(ws, " ")
}

const (
	lineWords = 10  // words on a line at most
	linePause = 0.7 // seconds of silence that end a line: engines without punctuation mark sentences so
)

// TranscriptLines cuts a transcript into lines: after a word that ends a
// sentence (. ? !), before a pause of linePause or more, or after lineWords
// words. A transcript without words has no lines.
func TranscriptLines(tr *transcribe.Transcript) []TranscriptLine {
	if tr == nil {
		return nil
	}
	var lines []TranscriptLine
	start := 0
	for i, w := range tr.Words {
		last := i == len(tr.Words)-1
		if last || i+1-start >= lineWords || endsSentence(w.W) || tr.Words[i+1].Start-w.End >= linePause {
			lines = append(lines, TranscriptLine{First: start, Words: tr.Words[start : i+1]})
			start = i + 1
		}
	}
	return lines
}

// endsSentence reports whether a word as the engine wrote it ends a
// sentence: its last mark, before any closing quote or bracket, is . ? or !.
func endsSentence(w string) bool {
	w = strings.TrimRight(w, `"')]”’`)
	return strings.HasSuffix(w, ".") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "!")
}

// WordAt is the index of the word being played at pos: the last word that
// has begun by then, or -1 before the first. A word stays lit through the
// pause after it, so the eye does not lose its place.
func WordAt(words []transcribe.Word, pos time.Duration) int {
	at := pos.Seconds()
	i := -1
	for j, w := range words {
		if w.Start > at {
			break
		}
		i = j
	}
	return i
}

// PrintTranscript writes the transcript as lines with their times
// ("0:03  I would start from the failing request"), indented by indent;
// nothing for a transcript without words. A line too long for
// text.Columns goes on under its text, cut between words.
func PrintTranscript(out io.Writer, tr *transcribe.Transcript, indent string) {
	lines := TranscriptLines(tr)
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(out, "%stranscript (%s):\n", indent, safe.Text(tr.Engine))
	for _, l := range lines {
		head := fmt.Sprintf("%s  %s  ", indent, Length(l.Start().Truncate(time.Second)))
		room := max(text.Columns-utf8.RuneCountInString(head), minTranscriptRoom)
		for i, part := range text.Wrap(l.Text(), room) {
			if i > 0 {
				head = strings.Repeat(" ", utf8.RuneCountInString(head))
			}
			fmt.Fprintf(out, "%s%s\n", head, part)
		}
	}
}

// minTranscriptRoom keeps a few words to a line under a deep indent.
const minTranscriptRoom = 20
