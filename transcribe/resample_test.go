package transcribe

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/mockround/mockround/audio"
)

// toneGainDB resamples a tone of freq Hz at rate in to 16 kHz and returns
// the output's RMS over the input's, in dB, away from the ends.
func toneGainDB(t *testing.T, in int, freq float64) float64 {
	t.Helper()
	n := in * 2 // 2 s
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(0.5 * math.Sin(2*math.Pi*freq*float64(i)/float64(in)))
	}
	r := newResampler(in, EngineRate)
	var y []float32
	// Feed in uneven pieces, as a file is read.
	for off := 0; off < n; {
		k := min(n-off, 1000+off%777)
		y = r.write(y, x[off:off+k])
		off += k
	}
	y = r.flush(y)
	if want := int(math.Round(float64(n) * EngineRate / float64(in))); len(y) != want {
		t.Fatalf("%d Hz → 16 kHz: %d samples out of %d, want %d", in, len(y), n, want)
	}
	var sum float64
	lo, hi := len(y)/4, 3*len(y)/4
	for _, v := range y[lo:hi] {
		sum += float64(v) * float64(v)
	}
	rms := math.Sqrt(sum / float64(hi-lo))
	return 20 * math.Log10(rms/(0.5/math.Sqrt2))
}

func TestResamplerFrequencyResponse(t *testing.T) {
	for _, in := range []int{44100, 48000, 22050, 32000} {
		for _, f := range []float64{100, 440, 1000, 3000, 5000, 6500, 7000} {
			if g := toneGainDB(t, in, f); math.Abs(g) > 0.5 {
				t.Errorf("%d Hz input, %g Hz tone: gain %.3f dB, want within ±0.5 dB", in, f, g)
			}
		}
		for _, f := range []float64{9000, 9500, 11000, 15000, 20000} {
			if f >= float64(in)/2 {
				continue
			}
			if g := toneGainDB(t, in, f); g > -40 {
				t.Errorf("%d Hz input, %g Hz tone: gain %.1f dB, want -40 dB or less", in, f, g)
			}
		}
	}
}

func TestResamplerKeepsTiming(t *testing.T) {
	// A click at 1 s at 44.1 kHz peaks at 1 s at 16 kHz.
	x := make([]float32, 88200)
	x[44100] = 1
	r := newResampler(44100, EngineRate)
	y := r.flush(r.write(nil, x))
	peak := 0
	for i := range y {
		if math.Abs(float64(y[i])) > math.Abs(float64(y[peak])) {
			peak = i
		}
	}
	if peak != 16000 {
		t.Errorf("click at sample 44100 of 44.1 kHz came out at %d of 16 kHz, want 16000", peak)
	}
}

func TestResamplerSameRateAndUp(t *testing.T) {
	x := []float32{0, 0.5, -0.5, 0.25, 0}
	r := newResampler(16000, 16000)
	y := r.flush(r.write(nil, x))
	for i := range x {
		if math.Abs(float64(y[i]-x[i])) > 1e-6 {
			t.Fatalf("16 kHz → 16 kHz changed the audio: %v → %v", x, y)
		}
	}
	// 8 kHz up to 16 kHz: a 1 kHz tone passes.
	if g := toneGainDB(t, 8000, 1000); math.Abs(g) > 0.5 {
		t.Errorf("8 kHz → 16 kHz, 1 kHz tone: gain %.2f dB", g)
	}
}

func TestPrepareAudio(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "01-q.wav")
	writeTone(t, src, 44100, 44100, 440)
	before := fileSum(t, src)
	tmp, length, err := prepareAudio(src, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(tmp)
	if length != 1 {
		t.Errorf("length %g s, want 1", length)
	}
	info, err := audio.ReadInfo(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if info.Rate != 16000 || info.Channels != 1 || info.BitsPerSample != 16 || info.Frames() != 16000 {
		t.Errorf("engine copy: %+v", info)
	}
	st, _ := os.Stat(tmp)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("engine copy has mode %v, want 0600", st.Mode().Perm())
	}
	if filepath.Dir(tmp) != dir || filepath.Base(tmp)[:len(TempPrefix)] != TempPrefix {
		t.Errorf("engine copy at %s", tmp)
	}
	if fileSum(t, src) != before {
		t.Error("the take changed")
	}
	// Not a WAV: an error, nothing left behind.
	bad := filepath.Join(dir, "bad.wav")
	os.WriteFile(bad, []byte("not a wav at all, not at all"), 0o600)
	if _, _, err := prepareAudio(bad, dir); err == nil {
		t.Error("a file that is not a WAV was accepted")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2+1 { // 01-q.wav, bad.wav and tmp
		for _, e := range ents {
			t.Log(e.Name())
		}
		t.Errorf("%d files in the directory", len(ents))
	}
}

// writeTone writes a 16-bit mono WAV of frames samples of a tone.
func writeTone(t testing.TB, path string, rate, frames int, freq float64) {
	t.Helper()
	w, err := audio.CreateWAV(path, rate)
	if err != nil {
		t.Fatal(err)
	}
	s := make([]int16, frames)
	for i := range s {
		s[i] = int16(8000 * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	if err := w.Write(s); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
