package audio

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mockround/mockround/internal/audiotest"
)

// anWAV encodes 16-bit mono PCM samples as a WAV file whose header declares
// the given sizes, whatever the data's real length.
func anWAV(rate int, samples []int16, riffSize, dataSize uint32) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, riffSize)
	b.WriteString("WAVEfmt ")
	binary.Write(&b, binary.LittleEndian, uint32(16))
	binary.Write(&b, binary.LittleEndian, uint16(1)) // PCM
	binary.Write(&b, binary.LittleEndian, uint16(1)) // mono
	binary.Write(&b, binary.LittleEndian, uint32(rate))
	binary.Write(&b, binary.LittleEndian, uint32(2*rate))
	binary.Write(&b, binary.LittleEndian, uint16(2))
	binary.Write(&b, binary.LittleEndian, uint16(16))
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, dataSize)
	binary.Write(&b, binary.LittleEndian, samples)
	return b.Bytes()
}

// anWriteWAV writes samples to path as a WAV with a truthful header.
func anWriteWAV(tb testing.TB, path string, rate int, samples []int16) {
	tb.Helper()
	n := uint32(2 * len(samples))
	if err := os.WriteFile(path, anWAV(rate, samples, n+36, n), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// anAnalyze runs samples through a fresh Analyzer in one piece.
func anAnalyze(rate int, s []int16) Analysis {
	a := NewAnalyzer(rate, int64(len(s)))
	a.Write(s)
	return a.Result()
}

// anSignal builds test audio at rate from pieces laid end to end.
type anSignal struct {
	rate int
	s    []int16
	rng  *rand.Rand
}

func anNewSignal(rate int) *anSignal {
	return &anSignal{rate: rate, rng: rand.New(rand.NewPCG(7, 11))}
}

func (g *anSignal) n(sec float64) int { return int(math.Round(sec * float64(g.rate))) }

// now is the current end of the signal in seconds.
func (g *anSignal) now() float64 { return float64(len(g.s)) / float64(g.rate) }

func (g *anSignal) silence(sec float64) *anSignal {
	g.s = append(g.s, make([]int16, g.n(sec))...)
	return g
}

// tone appends a steady sine of rms level dbfs: a stand-in for a voiced stretch.
func (g *anSignal) tone(sec, dbfs, hz float64) *anSignal {
	amp := math.Pow(10, dbfs/20) * 32768 * math.Sqrt2
	for i := range g.n(sec) {
		g.s = append(g.s, int16(amp*math.Sin(2*math.Pi*hz*float64(i)/float64(g.rate))))
	}
	return g
}

// noise adds Gaussian noise of rms level dbfs over the whole signal so far.
func (g *anSignal) noise(dbfs float64) *anSignal {
	sd := math.Pow(10, dbfs/20) * 32768
	for i, v := range g.s {
		g.s[i] = anClip16(float64(v) + g.rng.NormFloat64()*sd)
	}
	return g
}

func anClip16(v float64) int16 {
	return int16(max(min(math.Round(v), math.MaxInt16), math.MinInt16))
}

func anNear(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestAnalyzeDigitalSilence(t *testing.T) {
	r := anAnalyze(48000, make([]int16, 5*48000))
	if r.FirstWordS != nil || r.SpeakingS != 0 || r.LongestPauseS != 0 || r.PausesOver2s != 0 || len(r.Pauses) != 0 {
		t.Errorf("speech found in digital silence: %+v", r)
	}
	if r.PeakDBFS != -120 || r.RMSDBFS != -120 || r.NoiseFloorDBFS != -120 || r.ClippedSamples != 0 {
		t.Errorf("levels of silence: peak %v, rms %v, floor %v, clipped %d; want -120, -120, -120, 0",
			r.PeakDBFS, r.RMSDBFS, r.NoiseFloorDBFS, r.ClippedSamples)
	}
	if r.LengthS != 5 || r.Version != AnalysisVersion {
		t.Errorf("length %v, version %d", r.LengthS, r.Version)
	}
	if len(r.Waveform) != WaveformBuckets {
		t.Fatalf("%d waveform buckets, want %d", len(r.Waveform), WaveformBuckets)
	}
	for i, v := range r.Waveform {
		if v != 0 {
			t.Fatalf("waveform[%d] = %v in silence", i, v)
		}
	}
}

// Steady noise at any level is no speech, and its level is the noise floor.
func TestAnalyzeConstantNoise(t *testing.T) {
	const rate = 44100
	rng := rand.New(rand.NewPCG(5, 6))
	kinds := map[string]func(i int) float64{
		"white": func(int) float64 { return rng.NormFloat64() },
		"pink": func() func(int) float64 {
			// Paul Kellet's economy filter: -3 dB per octave.
			var b0, b1, b2 float64
			return func(int) float64 {
				w := rng.NormFloat64()
				b0 = 0.99765*b0 + w*0.0990460
				b1 = 0.96300*b1 + w*0.2965164
				b2 = 0.57000*b2 + w*1.0526913
				return b0 + b1 + b2 + w*0.1848
			}
		}(),
		// Leaky integrated white noise: rumble, most of it under 50 Hz,
		// its 10 ms levels wandering far more than white noise's.
		"brown": func() func(int) float64 {
			var y float64
			return func(int) float64 {
				y = 0.995*y + rng.NormFloat64()
				return y
			}
		}(),
		// Mains hum, a harmonic, and hiss 30 dB under them.
		"hum": func(i int) float64 {
			x := 2 * math.Pi * 60 * float64(i) / rate
			return math.Sin(x) + 0.3*math.Sin(3*x) + 0.03*rng.NormFloat64()
		},
	}
	for _, db := range []float64{-75, -60, -45, -30, -15} {
		for _, kind := range []string{"white", "pink", "brown", "hum"} {
			t.Run(fmt.Sprintf("%s%v", kind, db), func(t *testing.T) {
				raw := make([]float64, 30*rate)
				var ss float64
				for i := range raw {
					raw[i] = kinds[kind](i)
					ss += raw[i] * raw[i]
				}
				k := math.Pow(10, db/20) * 32768 / math.Sqrt(ss/float64(len(raw)))
				s := make([]int16, len(raw))
				for i, v := range raw {
					s[i] = anClip16(v * k)
				}
				r := anAnalyze(rate, s)
				if r.FirstWordS != nil || r.SpeakingS != 0 {
					t.Errorf("speech found in %s noise at %v dBFS: first word %v, speaking %v s", kind, db, *r.FirstWordS, r.SpeakingS)
				}
				if !anNear(r.RMSDBFS, db, 0.2) {
					t.Errorf("rms %v dBFS, want %v", r.RMSDBFS, db)
				}
				// Rumble and hum count in the RMS level, less in the noise
				// floor: it is hardly heard.
				if lo := map[string]float64{"brown": 8, "hum": 8}[kind] + 3; r.NoiseFloorDBFS < db-lo || r.NoiseFloorDBFS > db+1 {
					t.Errorf("noise floor %v dBFS, want %v to %v", r.NoiseFloorDBFS, db-lo, db+1)
				}
			})
		}
	}
	t.Run("DC offset", func(t *testing.T) {
		s := anNewSignal(rate).silence(20).noise(-70).s
		for i := range s {
			s[i] += 1000 // -30 dBFS
		}
		r := anAnalyze(rate, s)
		if r.FirstWordS != nil || !anNear(r.NoiseFloorDBFS, -70, 1) || !anNear(r.RMSDBFS, -30.3, 0.2) {
			t.Errorf("DC offset over hiss: first word %v, noise floor %v, rms %v", anFmtp(r.FirstWordS), r.NoiseFloorDBFS, r.RMSDBFS)
		}
	})
}

// Tone bursts at known places: the figures are exact to a frame or two.
func TestAnalyzeBursts(t *testing.T) {
	type want struct {
		first, speaking, longest float64
		over2s                   int
		pauses                   []Span
	}
	cases := []struct {
		name string
		g    *anSignal
		want want
	}{
		{
			name: "gaps in silence",
			g: anNewSignal(48000).silence(1.2).tone(1.5, -20, 220).silence(2.5).tone(0.8, -25, 300).
				silence(0.2).tone(1, -20, 250).silence(0.7).tone(2, -18, 200).silence(3.1).tone(0.5, -30, 400).silence(1),
			want: want{first: 1.2, speaking: 1.5 + 0.8 + 0.2 + 1 + 2 + 0.5, longest: 3.1, over2s: 2,
				pauses: []Span{{2.7, 5.2}, {7.2, 7.9}, {9.9, 13}}},
		},
		{
			name: "gaps in room noise",
			g: anNewSignal(44100).silence(0.75).tone(1.5, -24, 220).silence(2.05).tone(0.8, -28, 300).
				silence(0.25).tone(1, -24, 250).silence(0.55).tone(2, -22, 200).silence(3.1).tone(0.5, -30, 400).silence(1).noise(-50),
			want: want{first: 0.75, speaking: 1.5 + 0.8 + 0.25 + 1 + 2 + 0.5, longest: 3.1, over2s: 2,
				pauses: []Span{{2.25, 4.3}, {6.35, 6.9}, {8.9, 12}}},
		},
		{
			name: "speech from the first sample to the last",
			g:    anNewSignal(48000).tone(2, -20, 220).silence(1.5).tone(2.345, -20, 220).noise(-65),
			want: want{first: 0, speaking: 4.345, longest: 1.5, pauses: []Span{{2, 3.5}}},
		},
		{
			name: "clicks are not speech",
			g: anNewSignal(48000).silence(1).tone(0.02, -10, 1000).silence(1).tone(1, -20, 220).silence(0.5).
				tone(0.03, -10, 1000).silence(1.2).tone(1, -20, 220).silence(0.5),
			want: want{first: 2.02, speaking: 2, longest: 1.73, pauses: []Span{{3.02, 4.75}}},
		},
		{
			name: "loud noise",
			g: anNewSignal(44100).silence(4).tone(1, -12, 220).silence(0.6).tone(1, -12, 220).silence(4).
				noise(-30),
			want: want{first: 4, speaking: 2, longest: 0.6, pauses: []Span{{5, 5.6}}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := anAnalyze(c.g.rate, c.g.s)
			const tol = 0.02
			if r.FirstWordS == nil || !anNear(*r.FirstWordS, c.want.first, tol) {
				t.Errorf("first word at %v s, want %v", anFmtp(r.FirstWordS), c.want.first)
			}
			if !anNear(r.SpeakingS, c.want.speaking, tol) {
				t.Errorf("speaking %v s, want %v", r.SpeakingS, c.want.speaking)
			}
			if !anNear(r.LongestPauseS, c.want.longest, tol) {
				t.Errorf("longest pause %v s, want %v", r.LongestPauseS, c.want.longest)
			}
			if r.PausesOver2s != c.want.over2s {
				t.Errorf("%d pauses over 2 s, want %d", r.PausesOver2s, c.want.over2s)
			}
			if len(r.Pauses) != len(c.want.pauses) {
				t.Fatalf("pauses %v, want %v", r.Pauses, c.want.pauses)
			}
			for i, p := range r.Pauses {
				if w := c.want.pauses[i]; !anNear(p.StartS, w.StartS, tol) || !anNear(p.EndS, w.EndS, tol) {
					t.Errorf("pause %d is %v, want %v", i, p, w)
				}
			}
			if !anNear(r.LengthS, c.g.now(), 0.001) {
				t.Errorf("length %v s, want %v", r.LengthS, c.g.now())
			}
		})
	}
}

func anFmtp(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

// The pause list keeps the longest maxPauses pauses, in order.
func TestAnalyzeManyPauses(t *testing.T) {
	g := anNewSignal(44100)
	for i := range 260 {
		g.tone(0.3, -20, 220).silence(0.5 + float64(i%7)*0.1)
	}
	r := anAnalyze(g.rate, g.s)
	if len(r.Pauses) != maxPauses {
		t.Fatalf("%d pauses listed, want %d", len(r.Pauses), maxPauses)
	}
	for i, p := range r.Pauses {
		if p.EndS-p.StartS < 0.59 {
			t.Errorf("pause %v kept while longer ones were dropped", p)
		}
		if i > 0 && p.StartS <= r.Pauses[i-1].StartS {
			t.Errorf("pauses out of order: %v after %v", p, r.Pauses[i-1])
		}
	}
	if !anNear(r.LongestPauseS, 1.1, 0.02) {
		t.Errorf("longest pause %v, want 1.1", r.LongestPauseS)
	}
}

func TestAnalyzeClipping(t *testing.T) {
	// A square wave between the two extremes: every sample clips.
	sq := make([]int16, 44100+3)
	for i := range sq {
		if i/50%2 == 0 {
			sq[i] = math.MaxInt16
		} else {
			sq[i] = math.MinInt16
		}
	}
	r := anAnalyze(44100, sq)
	if r.ClippedSamples != int64(len(sq)) {
		t.Errorf("square wave: %d clipped samples, want %d", r.ClippedSamples, len(sq))
	}
	if r.PeakDBFS != 0 {
		t.Errorf("square wave peak %v dBFS, want 0", r.PeakDBFS)
	}
	// A loud square wave with a few samples at or near the limits.
	s := make([]int16, 48000)
	for i := range s {
		s[i] = 30000
		if i/24%2 == 1 {
			s[i] = -30000
		}
	}
	marks := map[int]int16{10: 32767, 500: -32768, 501: -32767, 7000: 32766, 7001: -32766, 47999: 32767}
	for i, v := range marks {
		s[i] = v
	}
	if r := anAnalyze(48000, s); r.ClippedSamples != 4 {
		t.Errorf("%d clipped samples, want 4", r.ClippedSamples)
	}
}

func TestAnalyzeLevels(t *testing.T) {
	for _, c := range []struct {
		amp            float64
		peak, rms, tol float64
	}{
		{32767, 0, -3.01, 0.05},
		{16384, -6.02, -9.03, 0.05},
		{328, -40, -43.01, 0.05},
	} {
		s := make([]int16, 3*48000)
		for i := range s {
			s[i] = int16(math.Round(c.amp * math.Sin(2*math.Pi*997*float64(i)/48000)))
		}
		r := anAnalyze(48000, s)
		if !anNear(r.PeakDBFS, c.peak, 0.01) || !anNear(r.RMSDBFS, c.rms, c.tol) {
			t.Errorf("sine of amplitude %v: peak %v rms %v dBFS, want %v and %v", c.amp, r.PeakDBFS, r.RMSDBFS, c.peak, c.rms)
		}
	}
}

func TestAnalyzeWaveform(t *testing.T) {
	t.Run("one bucket per 10 ms when short", func(t *testing.T) {
		s := make([]int16, 44100*123/100+17) // 123 frames and a bit
		for i := range s {
			s[i] = int16(i / 441 * 100)
		}
		r := anAnalyze(44100, s)
		if len(r.Waveform) != 124 {
			t.Fatalf("%d buckets, want 124", len(r.Waveform))
		}
		for j, v := range r.Waveform {
			if want := float32(roundTo(float64(j*100)/32768, 1e4)); v != want {
				t.Errorf("bucket %d = %v, want %v", j, v, want)
			}
		}
	})
	t.Run("steps", func(t *testing.T) {
		// 8 s: two frames per bucket; bucket j holds amplitude j*80.
		s := make([]int16, 8*48000)
		for i := range s {
			v := int16(i / 960 * 80)
			if i%2 == 1 {
				v = -v
			}
			s[i] = v
		}
		r := anAnalyze(48000, s)
		if len(r.Waveform) != WaveformBuckets {
			t.Fatalf("%d buckets, want %d", len(r.Waveform), WaveformBuckets)
		}
		for j, v := range r.Waveform {
			if want := float32(roundTo(float64(j*80)/32768, 1e4)); v != want {
				t.Errorf("bucket %d = %v, want %v", j, v, want)
			}
		}
	})
	t.Run("a click lands where it is", func(t *testing.T) {
		// 10 minutes, a full-scale click at every whole minute but 0:
		// buckets are 1.5 s wide, so minute m is bucket 40m (give or take one).
		s := make([]int16, 600*44100+123)
		for m := 1; m < 10; m++ {
			s[m*60*44100] = math.MinInt16
		}
		for _, total := range []int64{int64(len(s)), 0} {
			a := NewAnalyzer(44100, total)
			a.Write(s)
			r := a.Result()
			if len(r.Waveform) != WaveformBuckets {
				t.Fatalf("%d buckets, want %d", len(r.Waveform), WaveformBuckets)
			}
			var got []int
			for j, v := range r.Waveform {
				if v != 0 {
					got = append(got, j)
					if v != 1 {
						t.Errorf("bucket %d = %v, want 1", j, v)
					}
				}
			}
			if len(got) != 9 {
				t.Fatalf("clicks in buckets %v, want 9 of them", got)
			}
			for i, j := range got {
				if want := 40 * (i + 1); j < want-1 || j > want {
					t.Errorf("click %d in bucket %d, want %d", i+1, j, want)
				}
			}
		}
	})
}

// anStreamInput is a take with everything in it: speech-like bursts, noise, a
// clip, and an odd length.
func anStreamInput() *anSignal {
	g := anNewSignal(44100).silence(0.9).tone(1.3, -20, 220).silence(2.2).tone(0.7, -6, 300).
		silence(0.4).tone(1.1, -24, 180).silence(0.6).noise(-55)
	g.s[50000] = math.MaxInt16
	g.s = append(g.s, 1, -2, 3)
	return g
}

// However the samples are cut into writes, the result is the same; and it
// does not depend on knowing the length in advance.
func TestAnalyzeStreaming(t *testing.T) {
	g := anStreamInput()
	want := anAnalyze(g.rate, g.s)
	if want.FirstWordS == nil || want.ClippedSamples != 1 {
		t.Fatalf("test input misses the point: %+v", want)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, chunk := range []int{1, 2, 441, 1000, 4096, len(g.s), -1} {
		for _, total := range []int64{int64(len(g.s)), 0, 1000} {
			a := NewAnalyzer(g.rate, total)
			for rest := g.s; len(rest) > 0; {
				n := chunk
				if n < 0 {
					n = 1 + rng.IntN(3000)
				}
				n = min(n, len(rest))
				a.Write(rest[:n])
				rest = rest[n:]
			}
			a.Write(nil)
			if got := a.Result(); !reflect.DeepEqual(got, want) {
				t.Errorf("writes of %d samples, total %d:\n got %+v\nwant %+v", chunk, total, got, want)
			}
		}
	}
}

// Result can be asked for while recording without changing what follows.
func TestAnalyzeResultMidway(t *testing.T) {
	g := anStreamInput()
	a := NewAnalyzer(g.rate, 0)
	for i := 0; i < len(g.s); i += 10000 {
		a.Write(g.s[i:min(i+10000, len(g.s))])
		a.Result()
	}
	if got, want := a.Result(), anAnalyze(g.rate, g.s); !reflect.DeepEqual(got, want) {
		t.Errorf("with Result midway:\n got %+v\nwant %+v", got, want)
	}
}

func TestAnalyzeShort(t *testing.T) {
	for _, n := range []int{0, 1, 2, 479, 480, 481, 12345} {
		s := make([]int16, n)
		for i := range s {
			s[i] = int16(10000 * math.Sin(float64(i)/5))
		}
		r := anAnalyze(48000, s)
		frames := (n + 479) / 480
		if len(r.Waveform) != frames || r.Waveform == nil {
			t.Errorf("%d samples: %d waveform buckets, want %d", n, len(r.Waveform), frames)
		}
		if !anNear(r.LengthS, float64(n)/48000, 0.0005) {
			t.Errorf("%d samples: length %v", n, r.LengthS)
		}
		// A steady tone from start to end is no speech: it cannot be told
		// from steady noise.
		if r.FirstWordS != nil {
			t.Errorf("%d samples: speech found", n)
		}
		if n == 0 && (r.PeakDBFS != -120 || r.RMSDBFS != -120) {
			t.Errorf("no samples: peak %v rms %v", r.PeakDBFS, r.RMSDBFS)
		}
	}
}

func TestAnalysisJSON(t *testing.T) {
	b, err := json.Marshal(anAnalyze(48000, make([]int16, 100)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"first_word_s":null`, `"pauses":[]`, `"peak_dbfs":-120`, `"waveform":[0]`, `"noise_floor_dbfs":-120`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
	g := anStreamInput()
	b, err = json.Marshal(anAnalyze(g.rate, g.s))
	if err != nil {
		t.Fatal(err)
	}
	var back Analysis
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, anAnalyze(g.rate, g.s)) {
		t.Errorf("JSON round trip changed the figures: %s", b)
	}
	for _, key := range []string{"version", "length_s", "rms_dbfs", "clipped_samples", "speaking_s", "longest_pause_s", "pauses_over_2s", `"start_s"`, `"end_s"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

// The file's data counts, not its header's sizes.
func TestAnalyzeFileLyingHeader(t *testing.T) {
	g := anStreamInput()
	want := anAnalyze(g.rate, g.s)
	dir := t.TempDir()
	n := uint32(2 * len(g.s))
	for _, c := range []struct {
		name       string
		riff, data uint32
		extra      []byte
	}{
		{"truthful", n + 36, n, nil},
		{"zero", 0, 0, nil},
		{"max", 0xFFFFFFFF, 0xFFFFFFFF, nil},
		{"past the end", n + 1000, n + 1000, nil},
		{"odd byte at the end", 0, 0, []byte{0x55}},
	} {
		path := filepath.Join(dir, c.name+".wav")
		if err := os.WriteFile(path, append(anWAV(g.rate, g.s, c.riff, c.data), c.extra...), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := AnalyzeFile(path)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, want)
		}
	}
}

func TestAnalyzeFileErrors(t *testing.T) {
	dir := t.TempDir()
	good := anWAV(44100, make([]int16, 100), 236, 200)
	patch := func(off int, v uint16) []byte {
		b := bytes.Clone(good)
		binary.LittleEndian.PutUint16(b[off:], v)
		return b
	}
	for name, data := range map[string][]byte{
		"text":   []byte("hello, not a wav file at all"),
		"stereo": patch(22, 2),
		"8-bit":  patch(34, 8),
		"float":  patch(20, 3),
		"empty":  nil,
	} {
		path := filepath.Join(dir, name+".wav")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := AnalyzeFile(path); !errors.Is(err, ErrNotWAV) {
			t.Errorf("%s: error %v, want one wrapping ErrNotWAV", name, err)
		} else if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
	if _, err := AnalyzeFile(filepath.Join(dir, "missing.wav")); err == nil || errors.Is(err, ErrNotWAV) {
		t.Errorf("missing file: error %v", err)
	}
}

// TestAnalyzeSpeechAccuracy checks the figures on real synthetic speech:
// phrases spoken by espeak-ng, trimmed of their own silence by sox so their
// exact places in the take are known, then laid out with silences of known
// length, clean and under noise.
func TestAnalyzeSpeechAccuracy(t *testing.T) {
	audiotest.RequireTools(t, "espeak-ng", "sox")
	phrases := []string{
		"the quick brown fox jumps over the lazy dog",
		"we measured the latency of every request",
		"then we shipped the fix to production",
		"i would start by asking what the users need",
	}
	dir := t.TempDir()
	trimmed := map[int][][]int16{}
	clip := func(rate, i int) []int16 {
		if c := trimmed[rate]; c != nil {
			return c[i]
		}
		for j, text := range phrases {
			raw := filepath.Join(dir, fmt.Sprintf("p%d.espeak.wav", j))
			conv := filepath.Join(dir, fmt.Sprintf("p%d.%d.wav", j, rate))
			trim := filepath.Join(dir, fmt.Sprintf("p%d.%d.trim.wav", j, rate))
			anRun(t, "espeak-ng", "-w", raw, text)
			anRun(t, "sox", raw, "-r", fmt.Sprint(rate), "-c", "1", "-b", "16", conv)
			anRun(t, "sox", conv, trim, "silence", "1", "0.01", "0.1%", "reverse", "silence", "1", "0.01", "0.1%", "reverse")
			f, r := audiotest.Samples(t, trim)
			if r != rate {
				t.Fatalf("%s: rate %d", trim, r)
			}
			s := make([]int16, len(f))
			for k, v := range f {
				s[k] = anClip16(v * 32768)
			}
			trimmed[rate] = append(trimmed[rate], s)
		}
		return trimmed[rate][i]
	}

	type part struct {
		gap    float64 // silence before the phrase, s
		phrase int
		gain   float64 // dB
	}
	cases := []struct {
		name  string
		rate  int
		parts []part
		tail  float64
		noise float64 // dBFS rms, 0 for none
	}{
		{"clean 44.1 kHz", 44100, []part{{1.537, 0, 0}, {2.713, 1, 0}, {1.234, 2, 0}}, 1, 0},
		{"clean 48 kHz", 48000, []part{{0.817, 1, 0}, {0.905, 3, 0}, {3.402, 0, 0}, {2.216, 2, 0}}, 0.5, 0},
		{"speech at once", 48000, []part{{0.013, 3, 0}, {2.5, 1, 0}, {0.7, 0, 0}}, 0.02, 0},
		{"white noise -60 dBFS", 44100, []part{{1.537, 0, 0}, {2.713, 1, 0}, {1.234, 2, 0}}, 1, -60},
		{"quiet speech in noise -50 dBFS", 48000, []part{{2.111, 2, -10}, {1.707, 0, -10}, {2.403, 3, -10}, {0.616, 1, -10}}, 2, -50},
		{"faint speech (-38 dBFS) in noise -55 dBFS", 44100, []part{{1.05, 1, -18}, {2.05, 2, -18}, {1.55, 3, -18}}, 1, -55},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := anNewSignal(c.rate)
			var first, speech, longest float64
			over2s := 0
			for i, p := range c.parts {
				g.silence(p.gap)
				if i == 0 {
					first = g.now()
				} else {
					longest = max(longest, p.gap)
					if p.gap > 2 {
						over2s++
					}
				}
				k := math.Pow(10, p.gain/20)
				s := clip(c.rate, p.phrase)
				for _, v := range s {
					g.s = append(g.s, anClip16(float64(v)*k))
				}
				speech += float64(len(s)) / float64(c.rate)
			}
			g.silence(c.tail)
			if c.noise != 0 {
				g.noise(c.noise)
			}
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".wav")
			anWriteWAV(t, path, c.rate, g.s)
			r, err := AnalyzeFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if r.FirstWordS == nil {
				t.Fatalf("no speech found: %+v", r)
			}
			firstErr := *r.FirstWordS - first
			pauseErr := r.LongestPauseS - longest
			speakErr := (r.SpeakingS - speech) / speech * 100
			t.Logf("first word %.3f s (reference %.3f, error %+.3f s); longest pause %.3f s (reference %.3f, error %+.3f s); "+
				"speaking %.3f s (reference %.3f, error %+.2f%%); pauses over 2 s %d (reference %d); noise floor %.1f dBFS",
				*r.FirstWordS, first, firstErr, r.LongestPauseS, longest, pauseErr, r.SpeakingS, speech, speakErr,
				r.PausesOver2s, over2s, r.NoiseFloorDBFS)
			if math.Abs(firstErr) > 0.1 {
				t.Errorf("time to first word off by %.3f s, more than 0.1 s", firstErr)
			}
			if math.Abs(pauseErr) > 0.15 {
				t.Errorf("longest pause off by %.3f s, more than 0.15 s", pauseErr)
			}
			if math.Abs(speakErr) > 5 {
				t.Errorf("speaking time off by %.2f%%, more than 5%%", speakErr)
			}
			if r.PausesOver2s != over2s {
				t.Errorf("%d pauses over 2 s, want %d", r.PausesOver2s, over2s)
			}
			if wantPauses := len(c.parts) - 1; len(r.Pauses) != wantPauses {
				t.Errorf("pauses %v, want %d of them", r.Pauses, wantPauses)
			}
		})
	}
}

func anRun(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// FuzzAnalyzer feeds arbitrary audio, cut arbitrarily, at odd rates: no
// panic, the same result however it is cut, and figures that hold together.
func FuzzAnalyzer(f *testing.F) {
	f.Add([]byte{}, uint16(48000), uint16(7))
	f.Add([]byte{0xff, 0x7f, 0x00, 0x80, 0x01}, uint16(44100), uint16(1))
	f.Add(anWAV(8000, anNewSignal(8000).silence(0.4).tone(0.6, -20, 440).silence(0.5).tone(0.2, -6, 900).s, 0, 0), uint16(8000), uint16(333))
	f.Fuzz(func(t *testing.T, pcm []byte, rateIn, cut uint16) {
		rate := 8000 + int(rateIn)%40001
		s := make([]int16, len(pcm)/2)
		for i := range s {
			s[i] = int16(binary.LittleEndian.Uint16(pcm[2*i:]))
		}
		// Stretch short inputs so the detector has frames to decide.
		for len(s) > 0 && len(s) < 1<<14 {
			s = append(s, s...)
		}
		want := anAnalyze(rate, s)
		a := NewAnalyzer(rate, 0)
		step := max(int(cut), 1)
		for i := 0; i < len(s); i += step {
			a.Write(s[i:min(i+step, len(s))])
		}
		got := a.Result()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("writes of %d:\n got %+v\nwant %+v", step, got, want)
		}
		le := make([]byte, 2*len(s))
		for i, v := range s {
			binary.LittleEndian.PutUint16(le[2*i:], uint16(v))
		}
		b := NewAnalyzer(rate, int64(len(s)))
		for i := 0; i < len(le); i += 2 * step {
			b.writeLE(le[i:min(i+2*step, len(le))])
		}
		if got := b.Result(); !reflect.DeepEqual(got, want) {
			t.Fatalf("bytes in writes of %d:\n got %+v\nwant %+v", step, got, want)
		}
		r := got
		if r.SpeakingS > r.LengthS+0.001 || r.LongestPauseS > r.LengthS || len(r.Pauses) > maxPauses ||
			len(r.Waveform) > WaveformBuckets || r.PeakDBFS > 0 || r.PeakDBFS < -120 || r.ClippedSamples > int64(len(s)) {
			t.Fatalf("figures out of bounds: %+v", r)
		}
		if (r.FirstWordS == nil) != (r.SpeakingS == 0) {
			t.Fatalf("first word %v with %v s of speech", anFmtp(r.FirstWordS), r.SpeakingS)
		}
		for i, p := range r.Pauses {
			if p.EndS-p.StartS < shadePause-0.001 || p.EndS > r.LengthS || (i > 0 && p.StartS < r.Pauses[i-1].EndS) {
				t.Fatalf("bad pauses %v", r.Pauses)
			}
		}
		for _, v := range r.Waveform {
			if v < 0 || v > 1 {
				t.Fatalf("waveform value %v", v)
			}
		}
	})
}

// When the room gets louder (a fan starts), the floor catches up within
// the 3 s it looks back.
func TestAnalyzeNoiseStep(t *testing.T) {
	quiet := anNewSignal(48000).silence(10).noise(-70).s
	loud := anNewSignal(48000).silence(10).noise(-40).s
	r := anAnalyze(48000, append(quiet, loud...))
	t.Logf("noise stepping from -70 to -40 dBFS at 10 s: first word %v, speaking %v s", anFmtp(r.FirstWordS), r.SpeakingS)
	if r.SpeakingS > 3.1 {
		t.Errorf("%v s of speech found after a step in the noise, want at most 3", r.SpeakingS)
	}
}
