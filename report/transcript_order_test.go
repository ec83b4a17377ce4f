package report

import (
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// TestTranscriptWordsInTimeOrder: the report's words are in the order they
// were spoken whatever order the file lists them in, and words the engine
// gave the same start keep the file's order, so the sentence reads as said.
func TestTranscriptWordsInTimeOrder(t *testing.T) {
	tr := &transcribe.Transcript{Engine: "whisper", Words: []transcribe.Word{
		{W: "then", Start: 2, End: 2.3},
		{W: "we", Start: 0.5, End: 0.6},
		{W: "New", Start: 1, End: 1.4},
		{W: "York", Start: 1, End: 1.4},
		{W: "City", Start: 1, End: 1.4},
		{W: "left.", Start: 2.5, End: 2.9},
	}}
	tk := session.Take{Position: 1, Take: 1, QuestionID: "q", Question: "Q?", File: "01-q.wav", LengthS: 10, Status: session.TakeDone}
	tk.SetTranscript(tr, nil)
	rec := &session.Record{ID: "x", Takes: []session.Take{tk}, Plan: session.PlanRecord{Questions: []session.PlanQuestion{{Position: 1, QuestionID: "q"}}}}
	defer func(old func(string, *session.Take) (*transcribe.Transcript, error)) { readTranscript = old }(readTranscript)
	readTranscript = func(string, *session.Take) (*transcribe.Transcript, error) { return tr, nil }
	r := New(session.Listed{ID: "x", Dir: "/nowhere", Record: rec}, nil)
	var got []string
	for _, w := range r.Answers[0].Takes[0].Words {
		got = append(got, w.W)
	}
	if s := strings.Join(got, " "); s != "we New York City then left." {
		t.Errorf("words %q, want %q", s, "we New York City then left.")
	}
	if tr.Words[0].W != "then" {
		t.Error("ordering the report's words reordered the transcript's own")
	}
}
