package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

func TestSpeechText(t *testing.T) {
	wpm := 142.4
	tk := Take{WPM: &wpm, wordCount: 150, fillerCount: 6,
		Fillers:  map[string]int{"like": 1, "um": 2, "so": 2, "zzz": 1},
		Coverage: []Coverage{{"a", true}, {"b", false}, {"c", true}}}
	if got, want := SpeechText(tk), "pace 142 wpm · 6 fillers (um 2, so 2, like 1, zzz 1) · 2 of 3 talking points"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	tk.fillerCount, tk.Fillers, tk.Coverage = 0, map[string]int{}, nil
	if got, want := SpeechText(tk), "pace 142 wpm · no fillers"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	tk.wordCount = 0
	if got := SpeechText(tk); got != "no words heard" {
		t.Errorf("no words: %q", got)
	}
	if got := SpeechText(Take{}); got != "" {
		t.Errorf("no transcript: %q", got)
	}
}

// hostileReport is a report of one take whose transcript holds markup
// and script, as a hand-edited or hostile transcript file could.
func hostileReport(t *testing.T, words ...string) *Report {
	t.Helper()
	tr := &transcribe.Transcript{Engine: "whisper", Words: []transcribe.Word{}}
	for i, w := range words {
		tr.Words = append(tr.Words, transcribe.Word{W: w, Start: float64(i), End: float64(i) + 0.5})
	}
	tk := session.Take{Position: 1, Take: 1, QuestionID: "q", Question: "Q?", File: "01-q.wav", LengthS: 10, Status: session.TakeDone}
	tk.SetTranscript(tr, nil)
	rec := &session.Record{ID: "x", Takes: []session.Take{tk}, Plan: session.PlanRecord{Questions: []session.PlanQuestion{{Position: 1, QuestionID: "q"}}}}
	defer func(old func(string, *session.Take) (*transcribe.Transcript, error)) { readTranscript = old }(readTranscript)
	readTranscript = func(string, *session.Take) (*transcribe.Transcript, error) { return tr, nil }
	return New(session.Listed{ID: "x", Dir: "/nowhere", Record: rec}, nil)
}

// TestTranscriptEscapedInHTML: every word is text on the page, whatever
// it holds; each is a span carrying its start.
func TestTranscriptEscapedInHTML(t *testing.T) {
	r := hostileReport(t, "<b>", `</script><script>alert(1)</script>`, `"onmouseover="alert(2)`, "um", "&amp;")
	var b bytes.Buffer
	if err := r.WriteHTML(&b, HTMLOptions{Dir: "/nowhere"}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`<span data-t="0.00">&lt;b&gt;</span>`,
		`<span data-t="1.00">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</span>`,
		`<span data-t="2.00">&#34;onmouseover=&#34;alert(2)</span>`,
		`<span data-t="3.00"><mark class="filler">um</mark></span>`,
		`<span data-t="4.00">&amp;amp;</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("no %s on the page", want)
		}
	}
	for _, bad := range []string{"<b>", "alert(1)</script>", `"alert(2)`} {
		if strings.Contains(page, bad) {
			t.Errorf("%s reached the page as markup", bad)
		}
	}
	if strings.Count(page, "<script>") != 1 {
		t.Errorf("want the one inline script, got %d", strings.Count(page, "<script>"))
	}
	for _, external := range []string{"http://", "https://", "src=\"//"} {
		if strings.Contains(page, external) {
			t.Errorf("the page refers to %s", external)
		}
	}
}

// TestNoTranscriptNoFields: a take without a transcript has none of the
// transcript's fields in JSON, and the page has no script.
func TestNoTranscriptNoFields(t *testing.T) {
	r := hostileReport(t)
	r.Answers[0].Takes[0] = Take{Take: 1, Status: session.TakeDone, LengthS: 10}
	data, err := json.Marshal(r.Answers[0].Takes[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"transcript", "words", "wpm", "fillers", "fillers_per_100_words", "coverage", "engine"} {
		if strings.Contains(string(data), `"`+k+`"`) {
			t.Errorf("%q in %s", k, data)
		}
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script") || strings.Contains(b.String(), `class="transcript"`) {
		t.Error("a page without transcripts has a script or a transcript")
	}
}

// TestTranscriptUnreadable: when the transcript file cannot be read, the
// figures session.json keeps are still shown; the words are not.
func TestTranscriptUnreadable(t *testing.T) {
	tk := session.Take{Position: 1, Take: 1, QuestionID: "q", File: "01-q.wav", Status: session.TakeDone}
	tk.SetTranscript(&transcribe.Transcript{Engine: "pocketsphinx", Words: []transcribe.Word{{W: "hello", Start: 0, End: 0.5}, {W: "um", Start: 1, End: 1.2}}}, nil)
	rec := &session.Record{ID: "x", Takes: []session.Take{tk}}
	r := New(session.Listed{ID: "x", Dir: t.TempDir(), Record: rec}, nil) // no file there
	got := r.Answers[0].Takes[0]
	if got.Transcript != nil || got.Words != nil || got.WPM == nil || got.Fillers["um"] != 1 || got.Engine != "pocketsphinx" {
		t.Errorf("%+v", got)
	}
	var b bytes.Buffer
	r.WriteText(&b)
	if !strings.Contains(b.String(), "     pace 171 wpm · 1 filler (um 1)\n") {
		t.Errorf("text:\n%s", b.String())
	}
}
