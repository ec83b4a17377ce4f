package main

import (
	"context"
	"math"
	"os"
	"path/filepath"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/ui"
)

// playCue plays a short, soft two-note chime through the speaker. It is a
// cue, not a part of the session: any failure is ignored.
func playCue(f *factory) {
	dir, err := os.MkdirTemp("", "mockround-cue-")
	if err != nil {
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "cue.wav")
	w, err := audio.CreateWAV(path, 44100)
	if err != nil {
		return
	}
	err = w.Write(chime(44100))
	if cerr := w.Close(); err != nil || cerr != nil {
		return
	}
	if tr, _, err := f.Play(path, 1); err == nil {
		_ = ui.Wait(context.Background(), tr)
	}
}

// chime is 0.3 s of two soft notes (880 Hz then 660 Hz, about -20 dBFS),
// faded in and out so they do not click.
func chime(rate int) []int16 {
	n := rate * 3 / 10
	out := make([]int16, n)
	for i := range out {
		freq := 880.0
		if i >= n/2 {
			freq = 660
		}
		fade := math.Min(1, math.Min(float64(i), float64(n-i))/float64(rate/100))
		out[i] = int16(3300 * fade * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return out
}
