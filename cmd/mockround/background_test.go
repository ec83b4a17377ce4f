package main

import (
	"testing"

	"github.com/mockround/mockround/session"
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
