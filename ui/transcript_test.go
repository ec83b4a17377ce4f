package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// tw makes words from "word@start" pairs, each word lasting 0.3 s.
func tw(spec string) []transcribe.Word {
	var ws []transcribe.Word
	for _, f := range strings.Fields(spec) {
		w, at, _ := strings.Cut(f, "@")
		var s float64
		for _, c := range at { // tenths of a second, e.g. 12 = 1.2 s
			s = s*10 + float64(c-'0')
		}
		ws = append(ws, transcribe.Word{W: w, Start: s / 10, End: s/10 + 0.3})
	}
	return ws
}

func TestTranscriptLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		words string
		want  []string // "start|text"
	}{
		{"none", "", nil},
		{"a sentence ends a line", "I@0 agree.@4 Then@8 we@12 moved@16",
			[]string{"0|I agree.", "0.8|Then we moved"}},
		{"a question and a quote", `why?@0 "done!"@4 ok@8`, []string{"0|why?", `0.4|"done!"`, "0.8|ok"}},
		{"a pause of 0.8 s ends a line", "so@0 we@4 cached@15 it@18", []string{"0|so we", "1.5|cached it"}},
		{"a pause of 0.6 s does not", "so@0 we@4 cached@13 it@16", []string{"0|so we cached it"}},
		{"ten words at most", "a@0 b@3 c@6 d@9 e@12 f@15 g@18 h@21 i@24 j@27 k@30",
			[]string{"0|a b c d e f g h i j", "3|k"}},
		{"a decimal point inside a word", "v1.2@0 shipped@3", []string{"0|v1.2 shipped"}},
		{"a pause of exactly 0.7 s ends a line", "so@0 we@4 cached@14 it@17", []string{"0|so we", "1.4|cached it"}},
		{"every line ten words at most",
			"a@0 b@3 c@6 d@9 e@12 f@15 g@18 h@21 i@24 j@27 k@30 l@33 m@36 n@39 o@42 p@45 q@48 r@51 s@54 t@57 u@60 v@63",
			[]string{"0|a b c d e f g h i j", "3|k l m n o p q r s t", "6|u v"}},
		{"ten words after a sentence", "Yes.@0 a@3 b@6 c@9 d@12 e@15 f@18 g@21 h@24 i@27 j@30 k@33",
			[]string{"0|Yes.", "0.3|a b c d e f g h i j", "3.3|k"}},
	} {
		tr := &transcribe.Transcript{Words: tw(tc.words)}
		var got []string
		for _, l := range TranscriptLines(tr) {
			got = append(got, fmt.Sprintf("%g|%s", l.Start().Seconds(), l.Text()))
		}
		want := tc.want
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: lines\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if TranscriptLines(nil) != nil {
		t.Error("a missing transcript has lines")
	}
}

func TestWordAt(t *testing.T) {
	words := tw("one@5 two@10 three@20")
	for _, tc := range []struct {
		at   time.Duration
		want int
	}{
		{0, -1}, {499 * time.Millisecond, -1}, {500 * time.Millisecond, 0},
		{900 * time.Millisecond, 0}, // in the pause after "one"
		{time.Second, 1}, {1900 * time.Millisecond, 1}, {2 * time.Second, 2}, {time.Minute, 2},
	} {
		if got := WordAt(words, tc.at); got != tc.want {
			t.Errorf("at %v: word %d, want %d", tc.at, got, tc.want)
		}
	}
}

// TestPrintTranscript: lines with their times, cut to the second below,
// and words from a file made safe to print.
func TestPrintTranscript(t *testing.T) {
	var out strings.Builder
	tr := &transcribe.Transcript{Engine: "pocketsphinx", Words: []transcribe.Word{
		{W: "I", Start: 3.6, End: 3.7}, {W: "would", Start: 3.8, End: 4}, {W: "start.", Start: 4.1, End: 4.5},
		{W: "\x1b[2Jthen", Start: 62.2, End: 62.5}}}
	PrintTranscript(&out, tr, "  ")
	want := "  transcript (pocketsphinx):\n    0:03  I would start.\n    1:02  \\x1b[2Jthen\n"
	if out.String() != want {
		t.Errorf("printed\n%q\nwant\n%q", out.String(), want)
	}
	out.Reset()
	PrintTranscript(&out, &transcribe.Transcript{Engine: "whisper"}, "")
	PrintTranscript(&out, nil, "")
	if out.String() != "" {
		t.Errorf("a transcript without words printed %q", out.String())
	}
}

// TestPrintTranscriptWrapsAtWords: a line of long words, longer than the
// 80 columns of a terminal, goes on under its text, cut between words and
// not in the middle of one by the terminal; a word longer than the room
// has a line of its own.
func TestPrintTranscriptWrapsAtWords(t *testing.T) {
	var out strings.Builder
	tr := &transcribe.Transcript{Engine: "whisper", Words: tw("reproducibility@30 infrastructure@32 observability@34 " +
		"containerization@36 internationalization@38 characteristically@40 responsibilities@42 interdisciplinary@44 " +
		"accountability@46 understandably@48 considerations@610 " + strings.Repeat("x", 90) + "@612 ok@614")}
	PrintTranscript(&out, tr, "  ")
	want := "  transcript (whisper):\n" +
		"    0:03  reproducibility infrastructure observability containerization\n" +
		"          internationalization characteristically responsibilities\n" +
		"          interdisciplinary accountability understandably\n" +
		"    1:01  considerations\n" +
		"          " + strings.Repeat("x", 90) + "\n" +
		"          ok\n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
}

// TestReplayPlainTranscript: a take with a transcript shows it under its
// question; one without shows nothing more.
func TestReplayPlainTranscript(t *testing.T) {
	var stops []string
	play := func(path string, _ float64) (Track, bool, error) {
		tr := &fakeTrack{name: path, ended: make(chan struct{}), failed: make(chan error, 1), stops: &stops}
		close(tr.ended)
		return tr, false, nil
	}
	tr := &transcribe.Transcript{Engine: "pocketsphinx", Words: tw("I@30 would@34 start@38 from@42 the@46 failing@50 request@56")}
	items := []ReplayItem{
		{Heading: "A", Question: "Why?", Path: "a.wav", Transcript: tr},
		{Heading: "B", Question: "How?", Path: "b.wav"},
	}
	lines := make(chan string)
	close(lines)
	var out strings.Builder
	if err := ReplayPlain(context.Background(), items, play, 1, lines, &out); err != nil {
		t.Fatal(err)
	}
	want := "▶ A · 0:20\n  Why?\n  transcript (pocketsphinx):\n    0:03  I would start from the failing request\nfinished"
	if !strings.Contains(out.String(), want) {
		t.Errorf("no transcript under the first take:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "▶ B · 0:20\n  How?\nfinished") {
		t.Errorf("a take without a transcript shows more than before:\n%s", out.String())
	}
}

// TestReviewPlainTranscript: review reads each take's transcript beside it
// and prints it with times; a damaged one is named, and the review goes on.
func TestReviewPlainTranscript(t *testing.T) {
	dir := t.TempDir()
	rv, out := reviewOf("", "", "", "")
	rv.Dir = dir
	rv.Save = func() error { return nil }
	rv.Record.Takes = append(rv.Record.Takes, session.Take{Position: 2, Take: 1, QuestionID: "q2", Question: "How?",
		File: "02-q2.wav", LengthS: 5, Status: session.TakeDone})
	rv.Answers = rv.Record.Answers()
	t1, t2 := &rv.Record.Takes[0], &rv.Record.Takes[1]
	tr := &transcribe.Transcript{Engine: "whisper", Audio: t1.File, Words: tw("We@12 cached@16 it.@20 Then@52 it@55 was@58 fast.@61")}
	if err := transcribe.Write(filepath.Join(dir, t1.TranscriptName()), tr); err != nil {
		t.Fatal(err)
	}
	t1.SetTranscript(tr, nil)
	t2.SetTranscript(&transcribe.Transcript{Engine: "whisper"}, nil)
	if err := os.WriteFile(filepath.Join(dir, t2.TranscriptName()), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := rv.RunPlain(context.Background()); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.Contains(text, "  transcript (whisper):\n    0:01  We cached it.\n    0:05  Then it was fast.\n") {
		t.Errorf("no transcript with times:\n%s", text)
	}
	if !strings.Contains(text, "  transcript: transcript of take 1 of question 2:") || !strings.Contains(text, "Reviewed 2 takes") {
		t.Errorf("a damaged transcript is not named, or stopped the review:\n%s", text)
	}
}
