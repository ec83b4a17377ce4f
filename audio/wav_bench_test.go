package audio

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkWriter measures the WAV writer as a take drives it: each op is
// one second of 48 kHz audio handed over in 1024-frame buffers (the capture
// loop's size), then the once-a-second Checkpoint that keeps the header
// current. A new file is started every ten minutes of audio, outside the
// timer, so the file stays the size of a long answer.
func BenchmarkWriter(b *testing.B) {
	const (
		rate      = 48000
		frames    = 1024
		perFile   = 600 // seconds of audio per file
		amplitude = 8000
	)
	buf := make([]int16, frames)
	for i := range buf {
		buf[i] = int16(amplitude * math.Sin(2*math.Pi*440*float64(i)/rate))
	}
	dir := b.TempDir()
	files := 0
	create := func() *Writer {
		files++
		w, err := CreateWAV(filepath.Join(dir, "take"+strconv.Itoa(files)+".wav"), rate)
		if err != nil {
			b.Fatal(err)
		}
		return w
	}
	w := create()
	b.SetBytes(rate * bytesPerFrame)
	b.ReportAllocs()
	seconds := 0
	for b.Loop() {
		if seconds == perFile {
			b.StopTimer()
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
			os.Remove(w.Path())
			w = create()
			seconds = 0
			b.StartTimer()
		}
		for left := rate; left > 0; left -= frames {
			if err := w.Write(buf[:min(frames, left)]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Checkpoint(); err != nil {
			b.Fatal(err)
		}
		seconds++
	}
	b.StopTimer()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}
