package audio

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockround/mockround/internal/audiotest"
)

// The gate under noise that wanders: phrases with known silences between
// them, under noise at a given signal-to-noise ratio, must give the
// speaking time within 5% and the longest pause within 0.1 s. A gate a
// fixed 6 dB over the floor let rumble's peaks hold speech open: 7% more
// speech and a 3.12 s pause found 0.78 s short here, whatever the ratio.

// nzPhrases lays out phrases of voiced syllables (0.18 s of a wandering
// voice with eight harmonics, then 0.06 s 20 dB down, as between
// syllables) after the silences gaps, with tail seconds after the last.
// It returns the samples, at unit scale, and which of them are speech.
func nzPhrases(rate int, gaps, phrases []float64, tail float64) (x []float64, speech []bool) {
	add := func(sec float64, on bool) {
		for i := range int(sec * float64(rate)) {
			v := 0.0
			if on {
				t := float64(i) / float64(rate)
				f0 := 130 + 20*math.Sin(2*math.Pi*0.7*t)
				for h := 1; h <= 8; h++ {
					v += math.Sin(2*math.Pi*f0*float64(h)*t) / float64(h)
				}
				if math.Mod(t, 0.24) > 0.18 {
					v *= 0.1
				}
			}
			x = append(x, v)
			speech = append(speech, on)
		}
	}
	for i := range phrases {
		add(gaps[i], false)
		add(phrases[i], true)
	}
	add(tail, false)
	return x, speech
}

// nzNoise returns n samples of white, pink or brown noise at unit RMS.
func nzNoise(kind string, n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]float64, n)
	var b0, b1, b2, y, ss float64
	for i := range out {
		w := rng.NormFloat64()
		switch kind {
		case "white":
			out[i] = w
		case "pink": // Paul Kellet's economy filter: -3 dB per octave
			b0 = 0.99765*b0 + w*0.0990460
			b1 = 0.96300*b1 + w*0.2965164
			b2 = 0.57000*b2 + w*1.0526913
			out[i] = b0 + b1 + b2 + w*0.1848
		case "brown": // leaky integrated white noise: rumble, its 10 ms levels wandering
			y = 0.995*y + w
			out[i] = y
		}
		ss += out[i] * out[i]
	}
	k := 1 / math.Sqrt(ss/float64(n))
	for i := range out {
		out[i] *= k
	}
	return out
}

func TestAnalyzeSpeechInNoise(t *testing.T) {
	const rate = 44100
	gaps := []float64{1, 3.12, 1.3, 2.2, 0.9}
	phrases := []float64{4.2, 2.6, 3.4, 5, 2.2}
	x, speech := nzPhrases(rate, gaps, phrases, 1)
	var ss float64
	var n int
	for i, v := range x {
		if speech[i] {
			ss += v * v
			n++
		}
	}
	speechScale := math.Pow(10, -24.0/20) / math.Sqrt(ss/float64(n)) // speech at -24 dBFS RMS
	var truth float64
	for _, p := range phrases {
		truth += p
	}
	for _, tc := range []struct {
		noise string
		snr   float64 // dB, speech RMS over noise RMS
	}{
		{"white", 25}, {"white", 19}, {"white", 12},
		{"pink", 25}, {"pink", 19}, {"pink", 12},
		{"brown", 25}, {"brown", 19}, {"brown", 15}, {"brown", 12},
	} {
		t.Run(fmt.Sprintf("%s %v dB", tc.noise, tc.snr), func(t *testing.T) {
			nz := nzNoise(tc.noise, len(x), 1)
			noiseScale := math.Pow(10, (-24-tc.snr)/20)
			s := make([]int16, len(x))
			for i := range x {
				s[i] = anClip16(32768 * (x[i]*speechScale + nz[i]*noiseScale))
			}
			r := anAnalyze(rate, s)
			speakErr := (r.SpeakingS - truth) / truth
			pauseErr := r.LongestPauseS - 3.12
			t.Logf("speaking %.2f s (truth %.2f, %+.1f%%), longest pause %.2f s (truth 3.12), noise floor %.1f dBFS",
				r.SpeakingS, truth, 100*speakErr, r.LongestPauseS, r.NoiseFloorDBFS)
			if math.Abs(speakErr) > 0.05 {
				t.Errorf("speaking time off by %+.1f%%, more than 5%%", 100*speakErr)
			}
			if math.Abs(pauseErr) > 0.1 {
				t.Errorf("longest pause off by %+.2f s, more than 0.1 s", pauseErr)
			}
			if r.PausesOver2s != 2 || len(r.Pauses) != 4 {
				t.Errorf("%d pauses over 2 s, pauses %v; want 2 and the 4 silences", r.PausesOver2s, r.Pauses)
			}
		})
	}
}

// TestNoiseSpread: the gate's reach over the floor follows the quiet
// frames: nothing before half a second of them, their mean rise and three
// standard deviations after, never more than maxNoiseOver.
func TestNoiseSpread(t *testing.T) {
	for _, tc := range []struct {
		name string
		rise []float64 // the quiet frames' rises over the floor, repeated
		n    int
		want float64
	}{
		{"too few frames", []float64{4}, minNoiseFrames - 1, 0},
		{"steady", []float64{1}, minNoiseFrames, 1},
		{"wandering ±2 dB", []float64{2, 6}, 2 * noiseFrames, 4 + 3*2},
		{"wandering far", []float64{0, 20}, 2 * noiseFrames, maxNoiseOver},
	} {
		var s noiseSpread
		for i := range tc.n {
			s.add(tc.rise[i%len(tc.rise)])
		}
		if got := s.over(); math.Abs(got-tc.want) > 0.05 {
			t.Errorf("%s: reach %.3f dB, want %.3f", tc.name, got, tc.want)
		}
	}
}

// TestAnalyzeLibriVoxInNoise: human speech (the LibriVox clips of
// pocketsphinx-testdata, trimmed where they pass -40 dBFS) with known
// silences between them, under noise made by sox at 19 dB (and 15 dB)
// below the speech.
func TestAnalyzeLibriVoxInNoise(t *testing.T) {
	audiotest.RequireTools(t, "sox", "soxi")
	const dir = "/usr/share/pocketsphinx/test/data/librivox"
	ids := []string{"0870", "0880", "0890", "0920", "0930"}
	gaps := []string{"1", "3.12", "1.3", "2.2", "0.9"}
	tmp := t.TempDir()
	var parts []string
	var truth float64
	for i, id := range ids {
		in := filepath.Join(dir, "sense_and_sensibility_01_austen_64kb-"+id+".wav")
		if _, err := os.Stat(in); err != nil {
			if audiotest.InCI() {
				t.Fatalf("%v: install pocketsphinx-testdata", err)
			}
			t.Skipf("%v: install pocketsphinx-testdata", err)
		}
		gap := filepath.Join(tmp, fmt.Sprintf("gap%d.wav", i))
		clip := filepath.Join(tmp, fmt.Sprintf("clip%d.wav", i))
		anRun(t, "sox", "-R", "-n", "-r", "44100", "-b", "16", "-c", "1", gap, "trim", "0", gaps[i])
		anRun(t, "sox", "-R", in, "-r", "44100", "-b", "16", "-c", "1", clip,
			"silence", "1", "0.02", "-40d", "reverse", "silence", "1", "0.02", "-40d", "reverse")
		out, err := exec.Command("soxi", "-D", clip).Output()
		if err != nil {
			t.Fatal(err)
		}
		var d float64
		fmt.Sscan(strings.TrimSpace(string(out)), &d)
		truth += d
		parts = append(parts, gap, clip)
	}
	speech := filepath.Join(tmp, "speech.wav")
	anRun(t, "sox", append(append([]string{"-R"}, parts...), filepath.Join(tmp, "gap0.wav"), speech)...)
	clean, err := AnalyzeFile(speech)
	if err != nil {
		t.Fatal(err)
	}
	length := fmt.Sprintf("%.6f", clean.LengthS)
	// The speech's own RMS: the take's, spread over the speech in it.
	speechDB := clean.RMSDBFS + 10*math.Log10(clean.LengthS/truth)
	for _, tc := range []struct {
		noise string
		snr   float64
	}{{"whitenoise", 19}, {"pinknoise", 19}, {"brownnoise", 19}, {"brownnoise", 15}} {
		raw := filepath.Join(tmp, tc.noise+".raw.wav")
		noise := filepath.Join(tmp, tc.noise+".wav")
		noisy := filepath.Join(tmp, fmt.Sprintf("%s-%v.wav", tc.noise, tc.snr))
		anRun(t, "sox", "-R", "-n", "-r", "44100", "-b", "16", "-c", "1", raw, "synth", length, tc.noise, "vol", "0.5")
		n, err := AnalyzeFile(raw)
		if err != nil {
			t.Fatal(err)
		}
		anRun(t, "sox", "-R", raw, noise, "gain", fmt.Sprintf("%.2f", speechDB-tc.snr-n.RMSDBFS))
		anRun(t, "sox", "-R", "-m", "-v", "1", speech, "-v", "1", noise, noisy)
		r, err := AnalyzeFile(noisy)
		if err != nil {
			t.Fatal(err)
		}
		speakErr := (r.SpeakingS - truth) / truth
		t.Logf("%s at %v dB: speaking %.2f s (truth %.2f, %+.1f%%), longest pause %.2f s (truth 3.12), noise floor %.1f dBFS",
			tc.noise, tc.snr, r.SpeakingS, truth, 100*speakErr, r.LongestPauseS, r.NoiseFloorDBFS)
		// SPEC: at about 20 dB, the longest pause within 0.3 s and the
		// speaking time within 10%; this gate does better at 19 dB, and
		// meets the SPEC's bar at 15 dB.
		maxPause := 0.1
		if tc.snr < 19 {
			maxPause = 0.3
		}
		if math.Abs(speakErr) > 0.05 || math.Abs(r.LongestPauseS-3.12) > maxPause {
			t.Errorf("%s at %v dB: speaking time off by %+.1f%% (at most 5%%), longest pause by %+.2f s (at most %.1f s)",
				tc.noise, tc.snr, 100*speakErr, r.LongestPauseS-3.12, maxPause)
		}
	}
}
