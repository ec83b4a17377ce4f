package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockround/mockround/audio/capture"
)

// TestRunTranscribesInTheBackground: each take is transcribed while the
// round goes on; at its end the run says how many are ready and the
// session refers to them.
func TestRunTranscribesInTheBackground(t *testing.T) {
	standInEngine(t)
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	var out, errOut strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OpenInput = func(capture.InputConfig) (microphone, error) { return &lateMic{}, nil }
	code := execute(context.Background(), f, []string{"run", "--plain", "--round", "behavioral", "--count", "2",
		"--prep", "0", "--answer", "2s", "--warn", "0", "--overtime", "0", "--follow-ups=false"}, nil)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "Transcripts: 2 of 2 ready") {
		t.Errorf("the run does not say the transcripts are ready:\n%s", out.String())
	}
	dir, rec := onlySession(t, home)
	for _, tk := range rec.Takes {
		if tk.Transcript == nil || tk.Transcript.Figures.Words != 4 {
			t.Errorf("take %d of question %d: transcript %+v, want 4 words", tk.Take, tk.Position, tk.Transcript)
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, tk.Transcript.File)); err != nil {
			t.Errorf("transcript file: %v", err)
		}
	}
	// --transcribe=false leaves the takes as they are.
	home2 := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home2)
	out.Reset()
	execute(context.Background(), f, []string{"run", "--plain", "--round", "behavioral", "--count", "1",
		"--prep", "0", "--answer", "2s", "--warn", "0", "--overtime", "0", "--follow-ups=false", "--transcribe=false"}, nil)
	if _, rec := onlySession(t, home2); rec.Takes[0].Transcript != nil || strings.Contains(out.String(), "Transcripts:") {
		t.Errorf("--transcribe=false transcribed: %+v\n%s", rec.Takes[0].Transcript, out.String())
	}
}
