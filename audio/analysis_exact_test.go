package audio

import (
	"math"
	"path/filepath"
	"testing"
)

// anExact is what an analysis must find, exactly: the signals are laid out
// on 10 ms frames, so no figure needs a tolerance.
type anExact struct {
	first    float64 // -1: no speech
	speaking float64
	longest  float64
	over2s   int
	pauses   []Span
}

func anCheckExact(t *testing.T, name string, r Analysis, w anExact) {
	t.Helper()
	first := -1.0
	if r.FirstWordS != nil {
		first = *r.FirstWordS
	}
	if first != w.first || r.SpeakingS != w.speaking || r.LongestPauseS != w.longest || r.PausesOver2s != w.over2s {
		t.Errorf("%s: first word %v, speaking %v, longest pause %v, %d over 2 s; want %v, %v, %v, %d",
			name, first, r.SpeakingS, r.LongestPauseS, r.PausesOver2s, w.first, w.speaking, w.longest, w.over2s)
	}
	if len(r.Pauses) != len(w.pauses) {
		t.Errorf("%s: pauses %v, want %v", name, r.Pauses, w.pauses)
		return
	}
	for i := range w.pauses {
		if r.Pauses[i] != w.pauses[i] {
			t.Errorf("%s: pauses %v, want %v", name, r.Pauses, w.pauses)
			return
		}
	}
}

// TestAnalyzeExactEnds: the ends of the detector's rules, a frame either
// side: speech of 5 frames counts and of 4 is a click; a pause of 2.00 s
// is not over 2 s and of 2.01 s is; a pause of 0.50 s is listed and of
// 0.49 s is not; speech to the last sample ends with the take, and speech
// the take ends less than 300 ms after ends at its last sound; a start
// moves back over at most 10 quieter frames, and over those even when the
// loud frame is the only one.
func TestAnalyzeExactEnds(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    *anSignal
		want anExact
	}{
		{"speech to the end", anNewSignal(48000).silence(1).tone(2, -20, 220), anExact{first: 1, speaking: 2}},
		{"speech 0.2 s before the end", anNewSignal(48000).silence(1).tone(1, -20, 220).silence(0.2), anExact{first: 1, speaking: 1}},
		{"speech 0.2 s before the end of a long take", anNewSignal(48000).silence(1).tone(3, -20, 220).silence(0.2),
			anExact{first: 1, speaking: 3}},
		{"5 frames are speech", anNewSignal(48000).silence(1).tone(0.05, -20, 220).silence(1), anExact{first: 1, speaking: 0.05}},
		{"4 frames are a click", anNewSignal(48000).silence(1).tone(0.04, -20, 220).silence(1), anExact{first: -1}},
		{"a pause of 2 s", anNewSignal(48000).tone(1, -20, 220).silence(2).tone(1, -20, 220),
			anExact{first: 0, speaking: 2, longest: 2, pauses: []Span{{1, 3}}}},
		{"a pause of 2.01 s", anNewSignal(48000).tone(1, -20, 220).silence(2.01).tone(1, -20, 220),
			anExact{first: 0, speaking: 2, longest: 2.01, over2s: 1, pauses: []Span{{1, 3.01}}}},
		{"a pause of 0.5 s", anNewSignal(48000).tone(1, -20, 220).silence(0.5).tone(1, -20, 220),
			anExact{first: 0, speaking: 2, longest: 0.5, pauses: []Span{{1, 1.5}}}},
		{"a pause of 0.49 s", anNewSignal(48000).tone(1, -20, 220).silence(0.49).tone(1, -20, 220),
			anExact{first: 0, speaking: 2, longest: 0.49}},
		{"back over 10 quieter frames", anNewSignal(48000).silence(1).tone(0.2, -58, 220).tone(1, -20, 220).silence(1),
			anExact{first: 1.1, speaking: 1.1}},
		{"back from a single loud frame", anNewSignal(48000).silence(1).tone(0.04, -58, 220).tone(0.01, -20, 220).silence(1),
			anExact{first: 1, speaking: 0.05}},
	} {
		anCheckExact(t, tc.name, anAnalyze(tc.g.rate, tc.g.s), tc.want)
	}
}

// TestAnalyzeTiedPauses: of pauses as long as each other, the first ones
// are kept: a later one must be longer to take the place of the shortest,
// and the earliest of the shortest goes first.
func TestAnalyzeTiedPauses(t *testing.T) {
	g := anNewSignal(48000)
	for range maxPauses + 1 { // one pause too many, all of 0.6 s
		g.tone(0.1, -20, 220).silence(0.6)
	}
	g.tone(0.1, -20, 220)
	r := anAnalyze(g.rate, g.s)
	if len(r.Pauses) != maxPauses || r.Pauses[0] != (Span{0.1, 0.7}) || r.Pauses[maxPauses-1] != (Span{139.4, 140}) {
		t.Errorf("%d equal pauses kept, from %v to %v; want the first %d, from {0.1 0.7} to {139.4 140}",
			len(r.Pauses), r.Pauses[0], r.Pauses[len(r.Pauses)-1], maxPauses)
	}
	g.silence(1).tone(0.1, -20, 220) // a longer pause: the first of the shortest goes
	r = anAnalyze(g.rate, g.s)
	if len(r.Pauses) != maxPauses || r.Pauses[0] != (Span{0.8, 1.4}) || r.Pauses[maxPauses-1] != (Span{140.8, 141.8}) {
		t.Errorf("after a longer pause, kept from %v to %v; want from {0.8 1.4} to {140.8 141.8}", r.Pauses[0], r.Pauses[len(r.Pauses)-1])
	}
}

// TestAnalyzeWholeFrames: a take of whole frames has one waveform bucket
// per frame, no empty frame after them.
func TestAnalyzeWholeFrames(t *testing.T) {
	g := anNewSignal(48000).tone(1.5, -20, 220)
	r := anAnalyze(g.rate, g.s)
	if len(r.Waveform) != 150 || r.LengthS != 1.5 {
		t.Errorf("1.5 s of whole frames: %d buckets, %v s; want 150, 1.5", len(r.Waveform), r.LengthS)
	}
}

// TestAnalyzeThreeSampleFrames: a frame of three samples is fitted with a
// line like any longer one: at 300 Hz (3 samples a frame) ramps, straight
// within each frame, are no sound.
func TestAnalyzeThreeSampleFrames(t *testing.T) {
	s := make([]int16, 300*3)
	for i := range s {
		s[i] = int16(i%3*3000 - 3000) // -3000, 0, 3000 in every frame
	}
	r := anAnalyze(300, s)
	if r.FirstWordS != nil || r.NoiseFloorDBFS != SilenceDBFS {
		t.Errorf("ramps within frames: first word %v, floor %v; want no speech at the silence floor", anFmtp(r.FirstWordS), r.NoiseFloorDBFS)
	}
}

// TestAnalyzeClippingAtTheLimits: a sample at either limit of 16 bits
// clips (-32767 too: the negative full scale a positive signal mirrors),
// whether written or read from a file, alone in its frame.
func TestAnalyzeClippingAtTheLimits(t *testing.T) {
	for _, v := range []int16{math.MaxInt16, -math.MaxInt16, math.MinInt16} {
		s := make([]int16, 4800)
		s[100] = v
		s[2000] = v / 2
		if r := anAnalyze(48000, s); r.ClippedSamples != 1 {
			t.Errorf("written: a lone %d: %d clipped samples, want 1", v, r.ClippedSamples)
		}
		path := filepath.Join(t.TempDir(), "x.wav")
		anWriteWAV(t, path, 48000, s)
		r, err := AnalyzeFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if r.ClippedSamples != 1 {
			t.Errorf("from a file: a lone %d: %d clipped samples, want 1", v, r.ClippedSamples)
		}
	}
	s := make([]int16, 4800)
	s[10] = math.MaxInt16 - 1
	s[20] = -math.MaxInt16 + 1
	if r := anAnalyze(48000, s); r.ClippedSamples != 0 {
		t.Errorf("a step inside the limits: %d clipped samples", r.ClippedSamples)
	}
}

// TestAnalyzeFirstFrameCounts: the first frame is weighed like any other,
// even when the take is long enough for frames to be decided as it goes: a
// take of 2.5 s whose only quiet frame is its first has the silence floor.
func TestAnalyzeFirstFrameCounts(t *testing.T) {
	g := anNewSignal(48000).silence(0.01).tone(2.5, -20, 220)
	if r := anAnalyze(g.rate, g.s); r.NoiseFloorDBFS != SilenceDBFS {
		t.Errorf("noise floor %v dBFS, want %v: the silent first frame is the only quiet one", r.NoiseFloorDBFS, float64(SilenceDBFS))
	}
}

// TestAnalyzeWaveformOfLongTakes: in a long take, each stored bucket of
// several frames goes to the output bucket holding its middle: 80 s at
// 8 kHz is 8000 frames, stored 4 to a bucket and shown 20 to a bucket, so
// a burst in frames 20 to 23 shows in the second bucket only.
func TestAnalyzeWaveformOfLongTakes(t *testing.T) {
	s := make([]int16, 80*8000)
	for i := 20 * 80; i < 24*80; i++ {
		s[i] = 16384
	}
	r := anAnalyze(8000, s)
	if len(r.Waveform) != WaveformBuckets || r.Waveform[0] != 0 || r.Waveform[1] != 0.5 || r.Waveform[2] != 0 {
		t.Errorf("%d buckets starting %v; want %d starting [0 0.5 0]", len(r.Waveform), r.Waveform[:min(3, len(r.Waveform))], WaveformBuckets)
	}
}

// TestAnalyzeGateOverWanderingNoise: where the noise's level wanders, the
// loud gate rises with it, to 7.5 dB over how far the noise reaches: in
// noise whose 10 ms levels swing between -40 and -50 dBFS (a floor near
// -43.4 dBFS, a reach capped at 12 dB over it), a half-second bump 15 dB
// over the floor is noise, and a voice 25 dB over it is speech from its
// first frame to its last.
func TestAnalyzeGateOverWanderingNoise(t *testing.T) {
	g := anNewSignal(48000)
	noise := func(sec float64) {
		for i := range int(math.Round(sec * 100)) {
			g.tone(0.01, -40-10*float64(i%2), 1000)
		}
	}
	noise(3)
	g.tone(0.5, -28.4, 1000) // the bump: 15 dB over the floor
	noise(2)
	g.tone(1, -18.4, 1000) // the voice: 25 dB over it
	noise(2)
	anCheckExact(t, "a bump, then a voice", anAnalyze(g.rate, g.s), anExact{first: 5.5, speaking: 1})
}
