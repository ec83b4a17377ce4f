package audio

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// benchSignal is a minute at 48 kHz of speech-like bursts over low noise:
// 700 ms of a modulated tone, 500 ms of noise, repeated.
func benchSignal() []int16 {
	const rate = 48000
	rng := rand.New(rand.NewPCG(1, 2))
	s := make([]int16, 60*rate)
	for i := range s {
		v := rng.NormFloat64() * 30
		if i%(rate*12/10) < rate*7/10 {
			t := float64(i) / rate
			v += 8000 * math.Sin(2*math.Pi*180*t) * (0.6 + 0.4*math.Sin(2*math.Pi*4*t))
		}
		s[i] = int16(v)
	}
	return s
}

// BenchmarkAnalyzer measures the analysis of recorded samples as they come,
// in 4096-sample buffers (the size a capture loop hands over).
func BenchmarkAnalyzer(b *testing.B) {
	s := benchSignal()
	b.SetBytes(int64(2 * len(s)))
	b.ReportAllocs()
	for b.Loop() {
		a := NewAnalyzer(48000, int64(len(s)))
		for i := 0; i < len(s); i += 4096 {
			a.Write(s[i:min(i+4096, len(s))])
		}
		a.Result()
	}
}

// BenchmarkAnalyzeFile measures analysing a WAV from disk, header parsing and
// decoding included.
func BenchmarkAnalyzeFile(b *testing.B) {
	s := benchSignal()
	path := b.TempDir() + "/bench.wav"
	anWriteWAV(b, path, 48000, s)
	b.SetBytes(int64(2 * len(s)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AnalyzeFile(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeFileEnv analyses the WAV named by $MOCKROUND_ANALYSIS_WAV,
// for comparisons with other tools on a long file, e.g.
//
//	sox -n -r 48000 -c 1 -b 16 /tmp/hour.wav synth 3600 pinknoise vol 0.3
//	MOCKROUND_ANALYSIS_WAV=/tmp/hour.wav go test ./audio -run '^$' -bench AnalyzeFileEnv -benchtime 1x
//	time sox /tmp/hour.wav -n stat
func BenchmarkAnalyzeFileEnv(b *testing.B) {
	path := os.Getenv("MOCKROUND_ANALYSIS_WAV")
	if path == "" {
		b.Skip("set MOCKROUND_ANALYSIS_WAV to a WAV file to analyse")
	}
	info, err := ReadInfo(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.DataBytes)
	b.ReportAllocs()
	var r Analysis
	for b.Loop() {
		if r, err = AnalyzeFile(path); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: %.0f s, peak %.2f dBFS, rms %.2f dBFS, noise floor %.2f dBFS, speaking %.2f s",
		path, r.LengthS, r.PeakDBFS, r.RMSDBFS, r.NoiseFloorDBFS, r.SpeakingS)
}
