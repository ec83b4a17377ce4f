package capture

import (
	"math"
	"testing"

	"github.com/mockround/mockround/audio"
)

// TestLevel: the capture thread's level of a buffer, decoded, is the RMS
// and peak in dBFS computed directly.
func TestLevel(t *testing.T) {
	full := make([]int16, 4410)
	for i := range full {
		full[i] = int16(32767 * math.Sin(2*math.Pi*float64(i)/44.1))
	}
	full[11] = 32767 // the crest, which the sampled sine just misses
	quiet := make([]int16, 4410)
	for i := range quiet {
		quiet[i] = int16(300 * math.Sin(2*math.Pi*float64(i)/44.1))
	}
	for name, s := range map[string][]int16{"full-scale sine": full, "quiet sine": quiet, "silence": make([]int16, 100), "nothing": nil} {
		got, want := levelOf(packedLevel(s)), measure(s)
		if math.Abs(got.RMS-want.RMS) > 0.001 || got.Peak != want.Peak || got.Clipped != want.Clipped {
			t.Errorf("%s: level %+v, want %+v", name, got, want)
		}
	}
	if l := levelOf(packedLevel(full)); math.Abs(l.RMS+3.01) > 0.05 || l.Peak > 0 || l.Peak < -0.01 || !l.Clipped {
		t.Errorf("full-scale sine: %+v, want RMS -3.01 dBFS, peak 0, clipped", l)
	}
	if l := levelOf(packedLevel(make([]int16, 100))); l.RMS != audio.SilenceDBFS || l.Peak != audio.SilenceDBFS || l.Clipped {
		t.Errorf("silence: %+v", l)
	}
	if l := levelOf(0); l.RMS != audio.SilenceDBFS || l.Peak != audio.SilenceDBFS {
		t.Errorf("no audio yet: %+v", l)
	}
}

// measure is the level computed directly, in Go.
func measure(samples []int16) audio.Level {
	var sum float64
	peak := 0
	for _, v := range samples {
		x := float64(v)
		sum += x * x
		a := int(v)
		if a < 0 {
			a = -a
		}
		peak = max(peak, a)
	}
	rms := math.Sqrt(sum / float64(max(len(samples), 1)))
	return audio.Level{RMS: audio.AmplitudeDBFS(rms), Peak: audio.AmplitudeDBFS(float64(peak)), Clipped: peak >= 32767}
}

// TestMergedLevel: merging reads keeps the loudest mean square, the highest
// peak and any clip, whichever read they came from, and marks the merge as
// holding a read, even a silent one.
func TestMergedLevel(t *testing.T) {
	loud := make([]int16, 441)
	for i := range loud {
		loud[i] = int16(8000 * math.Sin(2*math.Pi*float64(i)/44.1))
	}
	click := make([]int16, 441) // quiet but for one full-scale sample
	click[7] = -32768
	silent := make([]int16, 441)
	l, c, s := packedLevel(loud), packedLevel(click), packedLevel(silent)
	for _, order := range [][]uint64{{l, c, s}, {s, c, l}, {c, l, s}, {s, l, c}} {
		v := uint64(0)
		for _, p := range order {
			v = mergedLevel(v, p)
		}
		got := levelOf(v)
		if want := levelOf(l).RMS; got.RMS != want {
			t.Errorf("merged RMS %.2f dBFS, want the loud read's %.2f", got.RMS, want)
		}
		if got.Peak != 0 || !got.Clipped {
			t.Errorf("merged peak %.2f dBFS, clipped %v: want the click's 0 dBFS, clipped", got.Peak, got.Clipped)
		}
		if v&seenBit == 0 {
			t.Errorf("merge of %d reads not marked as holding a read", len(order))
		}
	}
	if v := mergedLevel(0, s); v&seenBit == 0 || levelOf(v).RMS != audio.SilenceDBFS || levelOf(v).Clipped {
		t.Errorf("a silent read merged: %#x, want marked, silent, not clipped", v)
	}
}
