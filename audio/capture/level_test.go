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
