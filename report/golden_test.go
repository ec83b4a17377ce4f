package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the output")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what was printed; if the change is meant, rewrite it with go test ./report -update\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// goldenSession has one take for every rating 0–5, a retake marked best,
// a skipped question, a take with no speech, one recovered and one
// interrupted, with figures whose every digit is known; three have
// transcripts (goldenTranscripts).
func goldenSession() session.Listed {
	started := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	f := func(v float64) *float64 { return &v }
	an := func(length float64, first *float64, speaking, longest float64, over2 int, pauses ...audio.Span) *audio.Analysis {
		return &audio.Analysis{Version: audio.AnalysisVersion, LengthS: length, FirstWordS: first, SpeakingS: speaking,
			LongestPauseS: longest, PausesOver2s: over2, PeakDBFS: -3.25, RMSDBFS: -21.5, ClippedSamples: 7,
			NoiseFloorDBFS: -62, Pauses: pauses, Waveform: []float32{0.1, 0.5, 1, 0.25}}
	}
	take := func(pos, n int, id, status string, length float64, rating int, a *audio.Analysis) session.Take {
		t := session.Take{Position: pos, Take: n, QuestionID: id, Question: "What about " + id + "?",
			Round: "behavioral", RoundTitle: "Behavioral Questions", Category: "team", CategoryTitle: "Team Collaboration",
			Started: started, LengthS: length, Status: status, Rating: rating, Analysis: a,
			Limits: session.LimitsRecord{PrepS: 30, AnswerS: 120, WarnS: 30, OvertimeS: 30, MinS: 60}}
		if status != session.TakeSkipped {
			t.File = session.WAVName(pos, id, n)
		}
		return t
	}
	takes := []session.Take{
		take(1, 1, "q1", session.TakeDone, 125.4, 0, an(125.4, f(1.25), 98.75, 3.5, 2, audio.Span{StartS: 10, EndS: 13.5}, audio.Span{StartS: 62.7, EndS: 65})),
		take(1, 2, "q1", session.TakeDone, 100, 1, an(100, f(0.5), 90, 1.2, 0)),
		take(1, 3, "q1", session.TakeDone, 59.6, 5, an(59.6, f(2), 50.5, 2.25, 1, audio.Span{StartS: 20, EndS: 22.25})),
		take(2, 1, "q2", session.TakeDone, 30, 2, an(30, nil, 0, 30, 0)),
		take(3, 1, "q3", session.TakeSkipped, 0, 0, nil),
		take(4, 1, "q4", session.TakeRecovered, 42.6, 3, an(42.6, f(3.5), 30, 4, 1)),
		take(5, 1, "q5", session.TakeInterrupted, 7.2, 4, nil),
		followUp(take(4, 1, "q4", session.TakeDone, 40.5, 4, an(40.5, f(0.8), 35, 1.5, 0)), "And what would you <do> now?"),
	}
	takes[2].Best = true
	takes[2].Notes = "clear: situation, action, result"
	takes[5].Notes = "recovered after a crash"
	for i := range takes {
		if tr := goldenTranscripts[takes[i].File]; tr != nil {
			takes[i].SetTranscript(tr, func(string) []string { return []string{"situation", "action", "result"} })
		}
	}
	rec := &session.Record{ID: "20261127T093000Z-abc123", Status: session.SessionQuit, Started: started,
		Bank:  session.BankRef{Title: "METR Interview Questions - Round 1"},
		Plan:  session.PlanRecord{Seed: 42, Rounds: []string{"behavioral"}, Questions: planOf(6)},
		Takes: takes,
		Reviews: map[string]session.Review{
			"Alex <coach>": {Reviewer: "Alex <coach>", Saved: "2026-11-28T07:00:00Z", Notes: "Strong stories.\nSlow the openings down.",
				Takes: []session.ReviewTake{
					{Position: 1, Take: 3, Rating: 4, Comments: []session.Comment{{AtS: 3.25, Text: "clear opening"}, {AtS: 42, Text: "<script>alert(1)</script> too fast here"}}},
					{Position: 4, Take: 1, FollowUp: true, Rating: 5},
				}},
			"Sam": {Reviewer: "Sam", Takes: []session.ReviewTake{{Position: 1, Take: 3, Comments: []session.Comment{{AtS: 59.6, Text: "ends on the result"}}}}},
		}}
	return session.Listed{ID: rec.ID, Dir: "/data/sessions/" + rec.ID, Record: rec}
}

// planOf plans n questions q1..qn: q3 skipped (as older sessions recorded
// it, with a skipped take), q6 skipped before any take, with its text and
// talking points kept in the plan as sessions keep them now.
func planOf(n int) []session.PlanQuestion {
	var qs []session.PlanQuestion
	for i := 1; i <= n; i++ {
		qs = append(qs, session.PlanQuestion{Position: i, QuestionID: fmt.Sprintf("q%d", i)})
	}
	qs[5].Skipped = true
	qs[5].Text, qs[5].RoundTitle, qs[5].CategoryTitle = "What about q6?", "Behavioral Questions", "Team Collaboration"
	qs[5].TalkingPoints = []string{"kept with the session"}
	return qs
}

// goldenTranscripts are the transcripts of three takes, by WAV name: one
// with fillers, a word that is markup and enough words to wrap; one with
// no words; one whose file is not there (its figures are in session.json).
var goldenTranscripts = map[string]*transcribe.Transcript{
	"01-q1.take2.wav": timed("pocketsphinx", "um so the situation was <b> that our deploys kept failing || "+
		"and uh I basically took action by adding retries with a backoff || the result was fewer pages you know"),
	"02-q2.wav": timed("whisper", ""),
	"04-q4.wav": timed("pocketsphinx", "the result"),
}

// timed makes a transcript of text, each word 0.25 s long and 0.05 s
// apart from 1 s on; "||" stands for a pause of 2 s.
func timed(engine, text string) *transcribe.Transcript {
	t := &transcribe.Transcript{Engine: engine, Version: "1.0", Model: "en-us", Words: []transcribe.Word{}}
	at := 1.0
	for _, f := range strings.Fields(text) {
		if f == "||" {
			at += 2
			continue
		}
		t.Words = append(t.Words, transcribe.Word{W: f, Start: math.Round(at*1000) / 1000, End: math.Round((at+0.25)*1000) / 1000})
		at += 0.3
	}
	return t
}

// followUp makes t the take of its question's follow-up, asked as text.
func followUp(t session.Take, text string) session.Take {
	t.FollowUp = text
	t.File = strings.Replace(t.File, ".wav", ".followup.wav", 1)
	t.Limits = session.LimitsRecord{AnswerS: 60, WarnS: 15, OvertimeS: 30} // a follow-up's own clock
	return t
}

func goldenReport() *Report {
	defer func(old func(string, *session.Take) (*transcribe.Transcript, error)) { readTranscript = old }(readTranscript)
	readTranscript = func(dir string, t *session.Take) (*transcribe.Transcript, error) {
		if tr := goldenTranscripts[t.File]; tr != nil && t.File != "04-q4.wav" {
			return tr, nil
		}
		return nil, fs.ErrNotExist
	}
	r := New(goldenSession(), func(id string) []string {
		if id == "q1" {
			return []string{"situation", "action", "result"}
		}
		return nil
	})
	r.Generated = time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	return r
}

func TestGoldenText(t *testing.T) {
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = time.UTC
	var b bytes.Buffer
	goldenReport().WriteText(&b)
	golden(t, "summary.txt", b.Bytes())
}

func TestGoldenJSON(t *testing.T) {
	data, err := json.MarshalIndent(goldenReport(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", append(data, '\n'))
}

func TestGoldenHTML(t *testing.T) {
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = time.UTC
	var b bytes.Buffer
	if err := goldenReport().WriteHTML(&b, HTMLOptions{Dir: "/data"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.html", b.Bytes())
}

// TestWaveformOfAnEmptyTake: a take of no length draws no waveform, even
// with an analysis (its pauses could not be placed).
func TestWaveformOfAnEmptyTake(t *testing.T) {
	a := &audio.Analysis{Waveform: []float32{0.5}, Pauses: []audio.Span{{StartS: 0, EndS: 1}}}
	for _, length := range []float64{0, -1} {
		if got := string(waveformSVG(Take{LengthS: length, Analysis: a})); !strings.Contains(got, "no waveform") {
			t.Errorf("length %v: %s", length, got)
		}
	}
	if got := string(waveformSVG(Take{LengthS: 2, Analysis: a})); !strings.Contains(got, `<rect class="pause" x="0.0" y="0" width="400.0"`) {
		t.Errorf("a 1 s pause in a 2 s take is not half the width: %s", got)
	}
}
