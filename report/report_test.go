package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
)

func sample() session.Listed {
	first := 1.25
	started := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	an := &audio.Analysis{Version: audio.AnalysisVersion, LengthS: 10, FirstWordS: &first, SpeakingS: 7.5, LongestPauseS: 2.4,
		PausesOver2s: 1, PeakDBFS: -3, RMSDBFS: -20, Pauses: []audio.Span{{StartS: 4, EndS: 6.4}}, Waveform: []float32{0.1, 0.5, 0.9, 0.2}}
	rec := &session.Record{ID: "s1", Status: session.SessionComplete, Started: started, Bank: session.BankRef{Title: `Bank <i>x</i>`},
		Plan: session.PlanRecord{Questions: []session.PlanQuestion{{Position: 1}, {Position: 2}}},
		Takes: []session.Take{
			{Position: 1, Take: 1, QuestionID: "q1", Question: `Q <script>alert(1)</script>`, File: "01-q1.wav", LengthS: 10, Status: session.TakeDone, Rating: 2, Notes: "rambled", Analysis: an},
			{Position: 1, Take: 2, QuestionID: "q1", Question: "Q", File: "01-q1.take2.wav", LengthS: 8, Status: session.TakeDone, Rating: 4, Best: true},
			{Position: 2, Take: 1, QuestionID: "q2", Question: "Q2", Status: session.TakeSkipped},
		}}
	return session.Listed{ID: "s1", Dir: "/data/sessions/s1", Record: rec}
}

func TestReportFiguresAndJSON(t *testing.T) {
	r := New(sample(), func(id string) []string {
		if id == "q1" {
			return []string{"situation", "result"}
		}
		return nil
	})
	if len(r.Answers) != 2 || len(r.Answers[0].Takes) != 2 || r.Answers[0].TalkingPoints[1] != "result" {
		t.Fatalf("answers %+v", r.Answers)
	}
	if m := *r.Totals.MeanRating; m != 4 { // question 1's best take; question 2 was skipped
		t.Errorf("mean rating %.2f, want 4", m)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Answers []struct {
			Takes []map[string]any `json:"takes"`
		} `json:"answers"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	tk := v.Answers[0].Takes[0]
	for key, want := range map[string]float64{"first_word_s": 1.25, "speaking_s": 7.5, "longest_pause_s": 2.4, "length_s": 10} {
		if got, ok := tk[key].(float64); !ok || got != want {
			t.Errorf("%s = %v, want %v", key, tk[key], want)
		}
	}
	if tk2 := v.Answers[0].Takes[1]; tk2["first_word_s"] != nil {
		t.Errorf("a take without analysis reports first_word_s %v", tk2["first_word_s"])
	}
	var text strings.Builder
	r.WriteText(&text)
	for _, want := range []string{"first word 1.2 s", "speaking 7.5 s", "rated 2/5", "best", "notes: rambled", "talking points: situation; result", "skipped"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
}

func TestHTMLEscapesAndDrawsPauses(t *testing.T) {
	var b strings.Builder
	if err := New(sample(), nil).WriteHTML(&b, HTMLOptions{Dir: "/data/reports"}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<i>x</i>") {
		t.Error("text from the session reached the page unescaped")
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", `class="pause"`, `src="../sessions/s1/01-q1.wav"`, "Take 2", "best take", "no waveform"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("the page refers to the network")
	}
}
