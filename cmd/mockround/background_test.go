package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// TestBackgroundLeavesShortTakes: a take shorter than a session needs to
// be kept is not transcribed, since a round with only such takes is
// discarded as it ends, directory and all; one as long is queued.
func TestBackgroundLeavesShortTakes(t *testing.T) {
	b := &background{dir: t.TempDir(), jobs: make(chan string, 4)}
	short := &session.Take{File: "01-a.wav", Frames: 44000, LengthS: session.MinKeepS - 0.01}
	kept := &session.Take{File: "01-a.take2.wav", Frames: 44100, LengthS: session.MinKeepS}
	b.take(short)
	if b.queued != 0 || len(b.jobs) != 0 {
		t.Fatalf("a %.2f s take was queued for transcription", short.LengthS)
	}
	b.take(kept)
	if b.queued != 1 || len(b.jobs) != 1 {
		t.Fatalf("a %.2f s take was not queued (queued %d)", kept.LengthS, b.queued)
	}
}

// heardEngine is a speech engine that hears, in each take, the words it
// is given for that take's WAV (by base name), and none in any other.
type heardEngine map[string][]string

func (heardEngine) Name() string { return "fake" }

func (e heardEngine) Transcribe(_ context.Context, wav, _ string) (*transcribe.Transcript, error) {
	tr := &transcribe.Transcript{Engine: "fake", Audio: filepath.Base(wav), LengthS: 2}
	for i, w := range e[filepath.Base(wav)] {
		tr.Words = append(tr.Words, transcribe.Word{W: w, Start: float64(i) * 0.5, End: float64(i)*0.5 + 0.4})
	}
	return tr, nil
}

// TestBackgroundSaysWhenNoWordsWereHeard: the end of a run counts the
// transcripts of takes in which words were heard; a take that held no
// speech is said to, instead of being counted as a transcript ready to
// read in the report.
func TestBackgroundSaysWhenNoWordsWereHeard(t *testing.T) {
	take := func(name string) *session.Take {
		return &session.Take{File: name, Frames: 88200, LengthS: 2}
	}
	for _, tc := range []struct {
		name  string
		heard heardEngine
		takes []string
		want  string
	}{
		{"one silent take", heardEngine{}, []string{"01-a.wav"},
			"Transcripts: none; no words were heard in the take\n"},
		{"two silent takes", heardEngine{}, []string{"01-a.wav", "02-b.wav"},
			"Transcripts: none; no words were heard in the 2 takes\n"},
		{"one of two silent", heardEngine{"02-b.wav": {"we", "shipped", "it"}}, []string{"01-a.wav", "02-b.wav"},
			"Transcripts: 1 of 1 ready (pace, fillers and the words in: mockround report); no words were heard in 1 other take\n"},
		{"all heard", heardEngine{"01-a.wav": {"yes"}, "02-b.wav": {"no"}}, []string{"01-a.wav", "02-b.wav"},
			"Transcripts: 2 of 2 ready (pace, fillers and the words in: mockround report)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			b := &background{eng: tc.heard, dir: t.TempDir(), jobs: make(chan string, 4), cancel: cancel}
			b.wg.Add(1)
			go b.work(ctx)
			for _, name := range tc.takes {
				b.take(take(name))
			}
			var out strings.Builder
			b.finish(context.Background(), &out)
			// The first line, while it waits, depends on how far the
			// worker got; the last one is the verdict.
			lines := strings.SplitAfter(out.String(), "\n")
			if got := lines[len(lines)-2]; got != tc.want {
				t.Errorf("run ended with %q, want %q", got, tc.want)
			}
		})
	}
}

// TestBackgroundSaysWhatTheQueueLeft: a take that finds the queue full is
// not counted as queued (the run does not wait for it, nor call it one of
// the transcripts due) and the end of the run says it is left, with the
// command that transcribes it.
func TestBackgroundSaysWhatTheQueueLeft(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	b := &background{eng: heardEngine{"01-a.wav": {"yes"}}, dir: t.TempDir(), jobs: make(chan string, 1), cancel: cancel}
	take := func(name string) *session.Take { return &session.Take{File: name, Frames: 88200, LengthS: 2} }
	b.take(take("01-a.wav"))
	b.take(take("02-b.wav")) // no room: the worker has not started
	b.take(take("03-c.wav"))
	if b.queued != 1 || b.left != 2 {
		t.Fatalf("queued %d, left %d; want 1 and 2", b.queued, b.left)
	}
	b.wg.Add(1)
	go b.work(ctx)
	var out strings.Builder
	b.finish(context.Background(), &out)
	want := "Transcripts: 1 of 1 ready (pace, fillers and the words in: mockround report)\n" +
		"  2 takes not transcribed yet (more than the queue holds): mockround transcribe\n"
	if got := out.String(); !strings.HasSuffix(got, want) {
		t.Errorf("run ended with %q, want it to end with %q", got, want)
	}
}
