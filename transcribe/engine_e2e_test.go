package transcribe

import (
	"bufio"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockround/mockround/audio"
)

// The real engines on real speech. They need Debian's pocketsphinx,
// pocketsphinx-en-us, pocketsphinx-testdata and flite (sox is used when
// present); under CI a missing one is a failure, elsewhere a skip.

const librivoxDir = "/usr/share/pocketsphinx/test/data/librivox"

// The bounds, a little above what PocketSphinx 0.8+5prealpha with its US
// English model measured here (see the log of TestPocketSphinxAccuracy).
// Measured: LibriVox WER 0.37, word count error 0.15, pace error 0.19;
// flite WER 0.18, word count error 0.06, pace error 0.06; about 1 s of
// processor time per second of these short clips (most of it loading the
// model), 107 MiB at most.
const (
	maxLibriVoxWER        = 0.45
	maxLibriVoxCountError = 0.20
	maxLibriVoxPaceError  = 0.25
	maxFliteWER           = 0.25
	maxFliteCountError    = 0.10
	maxFlitePaceError     = 0.10
	maxCPUFactor          = 2.0 // processor seconds per second of audio
	maxPeakRSSKB          = 200 << 10
)

// need skips (or, under CI, fails) when something is missing.
func need(t testing.TB, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing: install pocketsphinx pocketsphinx-en-us pocketsphinx-testdata flite", what)
	}
	t.Skipf("%s is missing: install pocketsphinx pocketsphinx-en-us pocketsphinx-testdata flite", what)
}

func realPocketSphinx(t testing.TB) Engine {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a real speech-to-text engine")
	}
	e, err := Find(Options{Engine: PocketSphinxName})
	need(t, "pocketsphinx: "+errString(err), err == nil)
	return e
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// speechClip is a recording and what was said in it.
type speechClip struct {
	name, wav, truth string
}

func libriVoxClips(t testing.TB) []speechClip {
	f, err := os.Open(filepath.Join(librivoxDir, "transcription"))
	need(t, "pocketsphinx-testdata's LibriVox clips", err == nil)
	defer f.Close()
	var clips []speechClip
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		open := strings.LastIndex(line, "(")
		if open < 0 {
			continue
		}
		id := strings.TrimSuffix(line[open+1:], ")")
		text := strings.NewReplacer("<s>", "", "</s>", "").Replace(line[:open])
		clips = append(clips, speechClip{name: id, wav: filepath.Join(librivoxDir, id+".wav"), truth: strings.TrimSpace(text)})
	}
	need(t, "the LibriVox transcription", len(clips) > 0)
	return clips
}

// interview answers flite says, fillers and all.
var fliteAnswers = []string{
	"So I think the main thing is to keep the cache small. Basically we measured the latency first.",
	"We added retries with a backoff, and we moved the flaky tests into quarantine until they were fixed.",
	"The service was really slow under load, so we profiled it and found a lock that every request was waiting on.",
	"I would start with the requirements, then design the data model, and then think about how it scales.",
	"Actually the hardest part was the migration. We had to run both databases side by side for a month.",
}

// to44k converts a WAV to 44.1 kHz 16-bit mono, the way mockround
// records: with sox when it is there, else with this package's resampler.
func to44k(t testing.TB, in, out string) {
	t.Helper()
	if sox, err := exec.LookPath("sox"); err == nil {
		if b, err := exec.Command(sox, in, "-r", "44100", "-b", "16", "-c", "1", out).CombinedOutput(); err != nil {
			t.Fatalf("sox: %v: %s", err, b)
		}
		return
	}
	info, err := audio.ReadInfo(in)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(in)
	pcm := data[info.DataOffset : info.DataOffset+info.DataBytes]
	x := make([]float32, len(pcm)/2)
	for i := range x {
		x[i] = sampleAt(pcm[2*i:], 16)
	}
	r := newResampler(info.Rate, 44100)
	y := r.flush(r.write(nil, x))
	w, err := audio.CreateWAV(out, 44100)
	if err != nil {
		t.Fatal(err)
	}
	s := make([]int16, len(y))
	for i, v := range y {
		s[i] = toInt16(v)
	}
	w.Write(s)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// scores add up a set of clips.
type scores struct {
	refWords, edits, hypWords int
	countErr, paceErr         []float64
	audioS, computeS, cpuS    float64
	peakKB                    int64
	fillersSaid, fillersHeard int
}

func (s *scores) add(t *testing.T, c speechClip, tr *Transcript, wav44 string) {
	ref, hyp := textWords(c.truth), tr.WordList()
	s.refWords += len(ref)
	s.hypWords += len(hyp)
	s.edits += editDistance(ref, hyp)
	s.countErr = append(s.countErr, math.Abs(float64(len(hyp)-len(ref)))/float64(len(ref)))
	// Pace against the truth: the true words over the speaking time the
	// audio analysis measures (energy, not words), against the figures'.
	a, err := audio.AnalyzeFile(wav44)
	if err != nil {
		t.Fatal(err)
	}
	f := Compute(tr, nil)
	trueWPM := float64(len(ref)) / a.SpeakingS * 60
	s.paceErr = append(s.paceErr, math.Abs(f.WPM-trueWPM)/trueWPM)
	s.audioS += tr.LengthS
	s.computeS += tr.ComputeS
	s.cpuS += tr.CPUS
	s.peakKB = max(s.peakKB, tr.PeakRSSKB)
	s.fillersSaid += Compute(said(c.truth), nil).FillerCount
	s.fillersHeard += f.FillerCount
	t.Logf("%-44s WER %.2f  words %d/%d  pace %.0f/%.0f wpm  fillers %v  rtf %.2f  %q",
		c.name, WER(ref, hyp), len(hyp), len(ref), f.WPM, trueWPM, f.Fillers, tr.RealTimeFactor(), tr.Text())
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(max(len(v), 1))
}

func (s *scores) check(t *testing.T, name string, maxWER, maxCount, maxPace float64) {
	wer := float64(s.edits) / float64(s.refWords)
	rtf, cpu := s.computeS/s.audioS, s.cpuS/s.audioS
	t.Logf("%s: WER %.3f (%d edits / %d words), word count error %.3f, pace error %.3f, real-time factor %.3f (%.1f s for %.1f s of audio; %.3f in processor time), peak memory %d MiB",
		name, wer, s.edits, s.refWords, mean(s.countErr), mean(s.paceErr), rtf, s.computeS, s.audioS, cpu, s.peakKB>>10)
	if wer > maxWER {
		t.Errorf("%s: WER %.3f over %.2f", name, wer, maxWER)
	}
	if e := mean(s.countErr); e > maxCount {
		t.Errorf("%s: word count error %.3f over %.2f", name, e, maxCount)
	}
	if e := mean(s.paceErr); e > maxPace {
		t.Errorf("%s: pace error %.3f over %.2f", name, e, maxPace)
	}
	if cpu > maxCPUFactor {
		t.Errorf("%s: %.2f processor seconds per second of audio, over %.1f", name, cpu, maxCPUFactor)
	}
	if s.peakKB <= 0 || s.peakKB > maxPeakRSSKB {
		t.Errorf("%s: peak memory %d KiB", name, s.peakKB)
	}
}

func TestPocketSphinxLibriVox(t *testing.T) {
	e := realPocketSphinx(t)
	var s scores
	for _, c := range libriVoxClips(t) {
		dir := t.TempDir()
		wav := filepath.Join(dir, "01-"+c.name+".wav")
		to44k(t, c.wav, wav)
		sum := fileSum(t, wav)
		tr, err := e.Transcribe(context.Background(), wav, dir)
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, dir, wav, sum)
		s.add(t, c, tr, wav)
	}
	s.check(t, "LibriVox", maxLibriVoxWER, maxLibriVoxCountError, maxLibriVoxPaceError)
}

func TestPocketSphinxFlite(t *testing.T) {
	e := realPocketSphinx(t)
	flite, err := exec.LookPath("flite")
	need(t, "flite", err == nil)
	var s scores
	for i, text := range fliteAnswers {
		dir := t.TempDir()
		raw := filepath.Join(t.TempDir(), "flite.wav")
		if b, err := exec.Command(flite, "-voice", "rms", "-t", text, "-o", raw).CombinedOutput(); err != nil {
			t.Fatalf("flite: %v: %s", err, b)
		}
		wav := filepath.Join(dir, "01-answer.wav")
		to44k(t, raw, wav)
		tr, err := e.Transcribe(context.Background(), wav, dir)
		if err != nil {
			t.Fatal(err)
		}
		// The transcript goes beside its take and back.
		if err := Write(PathFor(wav), tr); err != nil {
			t.Fatal(err)
		}
		back, err := Read(PathFor(wav))
		if err != nil || back.Text() != tr.Text() {
			t.Fatalf("read back: %v", err)
		}
		s.add(t, speechClip{name: "flite " + string(rune('1'+i)), truth: text}, tr, wav)
	}
	s.check(t, "flite", maxFliteWER, maxFliteCountError, maxFlitePaceError)
	// The fillers of the script (so, basically, actually) are found in
	// the transcripts too: PocketSphinx writes no punctuation, so a
	// sentence's start is found from the pause before it.
	t.Logf("flite: fillers said %d, found %d", s.fillersSaid, s.fillersHeard)
	if s.fillersHeard < s.fillersSaid-1 {
		t.Errorf("found %d of the %d fillers said", s.fillersHeard, s.fillersSaid)
	}
}

// BenchmarkPocketSphinx reports the real-time factor, processor time and peak memory of
// transcribing a LibriVox clip recorded at 44.1 kHz.
func BenchmarkPocketSphinx(b *testing.B) {
	if testing.Short() {
		b.Skip("runs a real speech-to-text engine")
	}
	e, err := Find(Options{Engine: PocketSphinxName})
	need(b, "pocketsphinx", err == nil)
	clips := libriVoxClips(b)
	dir := b.TempDir()
	wav := filepath.Join(dir, "01-clip.wav")
	to44k(b, clips[0].wav, wav)
	var compute, cpu, length float64
	var peak int64
	for b.Loop() {
		tr, err := e.Transcribe(context.Background(), wav, dir)
		if err != nil {
			b.Fatal(err)
		}
		compute += tr.ComputeS
		cpu += tr.CPUS
		length += tr.LengthS
		peak = max(peak, tr.PeakRSSKB)
	}
	b.ReportMetric(compute/length, "rtf")
	b.ReportMetric(cpu/length, "cpu-s/audio-s")
	b.ReportMetric(float64(peak), "peak-rss-KiB")
}
