package opus

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hraban/opus"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/transcribe"
)

// voiceLike writes seconds of a voice-like signal at rate: a 140 Hz
// glottal buzz with formant-like harmonics, switched on and off in
// syllables and pauses, so its envelope has the shape speech has.
func voiceLike(t testing.TB, path string, rate int, seconds float64) []float64 {
	t.Helper()
	w, err := audio.CreateWAV(path, rate)
	if err != nil {
		t.Fatal(err)
	}
	n := int(seconds * float64(rate))
	x := make([]float64, n)
	pcm := make([]int16, n)
	for i := range n {
		ts := float64(i) / float64(rate)
		env := math.Max(0, math.Sin(2*math.Pi*3.3*ts)) * (0.5 + 0.5*math.Sin(2*math.Pi*0.37*ts))
		if int(ts)%4 == 3 {
			env = 0 // a pause every fourth second
		}
		var v float64
		for h := 1; h <= 20; h++ {
			f := 140.0 * float64(h)
			g := math.Exp(-math.Pow((f-700)/300, 2)) + 0.6*math.Exp(-math.Pow((f-1800)/400, 2)) + 0.1
			v += g / float64(h) * math.Sin(2*math.Pi*f*ts)
		}
		x[i] = 0.25 * env * v
		pcm[i] = int16(max(-32768, min(32767, math.Round(x[i]*32767))))
	}
	if err := w.Write(pcm); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return x
}

// envelope is the RMS of each 20 ms window.
func envelope(x []float64, rate int) []float64 {
	win := rate / 50
	var out []float64
	for i := 0; i+win <= len(x); i += win {
		var s float64
		for _, v := range x[i : i+win] {
			s += v * v
		}
		out = append(out, math.Sqrt(s/float64(win)))
	}
	return out
}

func correlation(a, b []float64) float64 {
	n := min(len(a), len(b))
	var ma, mb float64
	for i := range n {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(n)
	mb /= float64(n)
	var sab, saa, sbb float64
	for i := range n {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

// decode plays the stream through libopusfile, which checks every page's
// checksum and trims the pre-skip and the end as the granules say.
func decode(t testing.TB, data []byte) []float64 {
	t.Helper()
	s, err := opus.NewStream(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("opusfile refuses the stream: %v", err)
	}
	defer s.Close()
	var out []float64
	buf := make([]float32, 5760)
	for {
		n, err := s.ReadFloat32(buf)
		for _, v := range buf[:n] {
			out = append(out, float64(v))
		}
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestEncodeKeepsLengthAndEnvelope(t *testing.T) {
	for _, rate := range []int{44100, 48000} {
		path := filepath.Join(t.TempDir(), "take.wav")
		const seconds = 8.37
		x := voiceLike(t, path, rate, seconds)
		data, res, err := EncodeWAV(path)
		if err != nil {
			t.Fatal(err)
		}
		want := int64(math.Round(float64(len(x)) * Rate / float64(rate)))
		if res.Samples != want {
			t.Errorf("%d Hz: %d samples at 48 kHz, want %d", rate, res.Samples, want)
		}
		y := decode(t, data)
		if int64(len(y)) != want {
			t.Errorf("%d Hz: decoded %d samples, want %d (%.3f s vs %.3f s)", rate, len(y), want,
				float64(len(y))/Rate, float64(want)/Rate)
		}
		// Same windows in time: 20 ms of the WAV against 20 ms of the decode.
		c := correlation(envelope(x, rate), envelope(y, Rate))
		if c < 0.95 {
			t.Errorf("%d Hz: envelope correlation %.3f, want ≥ 0.95", rate, c)
		}
		perMin := float64(len(data)) / seconds * 60 / 1000
		if perMin > 300 {
			t.Errorf("%d Hz: %.0f KB a minute, want ≤ 300", rate, perMin)
		}
		t.Logf("%d Hz: %d bytes for %.2f s (%.0f KB/min), envelope correlation %.4f", rate, len(data), seconds, perMin, c)
	}
}

// TestFFmpegDecodes checks the stream with a second, independent decoder.
func TestFFmpegDecodes(t *testing.T) {
	audiotest.RequireTools(t, "ffmpeg")
	ff := "ffmpeg"
	dir := t.TempDir()
	wav := filepath.Join(dir, "take.wav")
	x := voiceLike(t, wav, 44100, 5)
	data, res, err := EncodeWAV(wav)
	if err != nil {
		t.Fatal(err)
	}
	ogg := filepath.Join(dir, "take.opus")
	if err := os.WriteFile(ogg, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "back.wav")
	if b, err := exec.Command(ff, "-v", "error", "-i", ogg, "-ar", "44100", "-ac", "1", "-c:a", "pcm_s16le", out).CombinedOutput(); err != nil || len(b) > 0 {
		t.Fatalf("ffmpeg: %v: %s", err, b)
	}
	info, err := audio.ReadInfo(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(info.Duration().Seconds() - res.Seconds); d > 0.05 {
		t.Errorf("ffmpeg decodes %.3f s, the take is %.3f s", info.Duration().Seconds(), res.Seconds)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	pcm := raw[info.DataOffset : info.DataOffset+info.DataBytes]
	y := make([]float64, len(pcm)/2)
	for i := range y {
		y[i] = float64(int16(uint16(pcm[2*i])|uint16(pcm[2*i+1])<<8)) / 32768
	}
	if c := correlation(envelope(x, 44100), envelope(y, 44100)); c < 0.95 {
		t.Errorf("envelope correlation through ffmpeg %.3f, want ≥ 0.95", c)
	}
}

// TestReadSpeech measures read speech (flite's voice): its size a minute
// and how closely the decoded envelope follows the WAV's.
func TestReadSpeech(t *testing.T) {
	audiotest.RequireTools(t, "flite", "sox")
	dir := t.TempDir()
	raw, wav := filepath.Join(dir, "raw.wav"), filepath.Join(dir, "speech.wav")
	text := "When our deploys started failing at random, I first wrote down what we knew and what we only guessed. " +
		"I split the pipeline into stages, timed each one, and found that a cache shared between jobs was being cleaned " +
		"while another job still read from it."
	if b, err := exec.Command("flite", "-t", text, "-o", raw).CombinedOutput(); err != nil {
		t.Fatalf("flite: %v %s", err, b)
	}
	if b, err := exec.Command("sox", "-D", raw, "-r", "44100", "-c", "1", "-b", "16", wav, "pad", "0.5", "0.5").CombinedOutput(); err != nil {
		t.Fatalf("sox: %v %s", err, b)
	}
	info, err := audio.ReadInfo(wav)
	if err != nil {
		t.Fatal(err)
	}
	rawWAV, _ := os.ReadFile(wav)
	pcm := rawWAV[info.DataOffset : info.DataOffset+info.DataBytes]
	x := make([]float64, len(pcm)/2)
	for i := range x {
		x[i] = float64(int16(uint16(pcm[2*i])|uint16(pcm[2*i+1])<<8)) / 32768
	}
	data, res, err := EncodeWAV(wav)
	if err != nil {
		t.Fatal(err)
	}
	y := decode(t, data)
	if d := math.Abs(float64(len(y))/Rate - info.Duration().Seconds()); d > 0.001 {
		t.Errorf("decoded %.4f s, the WAV is %.4f s", float64(len(y))/Rate, info.Duration().Seconds())
	}
	c := correlation(envelope(x, 44100), envelope(y, Rate))
	perMin := float64(len(data)) / res.Seconds * 60 / 1024
	t.Logf("read speech: %.1f s, %d bytes: %.0f KB a minute (%.0f as base64), %.1f kbit/s; envelope correlation %.4f; WAV/Opus %.0f×",
		res.Seconds, len(data), perMin, perMin*4/3, float64(len(data))*8/res.Seconds/1000, c, float64(len(rawWAV))/float64(len(data)))
	if c < 0.95 {
		t.Errorf("envelope correlation %.3f, want ≥ 0.95", c)
	}
	if perMin*4/3 > 300 {
		t.Errorf("%.0f KB a minute in a page, want ≤ 300", perMin*4/3)
	}
	wordCounts(t, wav, y, dir, len(strings.Fields(text)))
}

// wordCounts transcribes the WAV and the decoded Opus with PocketSphinx
// and checks that the Opus is heard as well as the WAV: its word count is
// no further from the words said than the WAV's, give or take 5%. (A word
// either way is PocketSphinx's own noise: dither alone moved the WAV's
// count between 47 and 49 words of 47, so the input is made without it.)
func wordCounts(t *testing.T, wav string, decoded []float64, dir string, said int) {
	eng, err := transcribe.Find(transcribe.Options{Engine: transcribe.PocketSphinxName})
	if err != nil {
		if audiotest.InCI() {
			t.Fatalf("PocketSphinx: %v", err)
		}
		t.Skipf("PocketSphinx: %v", err)
	}
	back := filepath.Join(dir, "decoded.wav")
	w, err := audio.CreateWAV(back, Rate)
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, len(decoded))
	for i, v := range decoded {
		pcm[i] = int16(max(-32768, min(32767, math.Round(v*32767))))
	}
	if err := w.Write(pcm); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	count := func(path string) int {
		tr, err := eng.Transcribe(context.Background(), path, dir)
		if err != nil {
			t.Fatalf("transcribe %s: %v", path, err)
		}
		return len(tr.Words)
	}
	a, b := count(wav), count(back)
	t.Logf("PocketSphinx hears %d words in the WAV, %d in the Opus, of %d said", a, b, said)
	off := func(n int) float64 { return math.Abs(float64(n-said)) / float64(said) }
	if a == 0 || off(b) > off(a)+0.05 {
		t.Errorf("word counts %d (WAV) and %d (Opus) of %d said: the Opus is %.0f%% off, the WAV %.0f%%", a, b, said, 100*off(b), 100*off(a))
	}
}
