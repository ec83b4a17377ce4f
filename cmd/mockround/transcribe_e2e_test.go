package main

import (
	"bufio"
	le "encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// The human speech of Debian's pocketsphinx-testdata: five LibriVox
// clips read from Sense and Sensibility, 16 kHz, and what is said in them.
const libriVoxDir = "/usr/share/pocketsphinx/test/data/librivox"

// needForSpeech skips (or, in CI, fails) when what the real-engine test
// needs is missing.
func needForSpeech(t *testing.T, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	msg := what + " is missing: install pocketsphinx pocketsphinx-en-us pocketsphinx-testdata"
	if audiotest.InCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// libriVox returns the clips, in order, and the number of words said in
// all of them.
func libriVox(t *testing.T) (clips []string, words int) {
	f, err := os.Open(filepath.Join(libriVoxDir, "transcription"))
	needForSpeech(t, "pocketsphinx-testdata's LibriVox clips", err == nil)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		open := strings.LastIndex(line, "(")
		if open < 0 {
			continue
		}
		clips = append(clips, filepath.Join(libriVoxDir, strings.TrimSuffix(line[open+1:], ")")+".wav"))
		for _, w := range strings.Fields(line[:open]) {
			if w != "<s>" && w != "</s>" {
				words++
			}
		}
	}
	needForSpeech(t, "the LibriVox transcription", len(clips) > 0 && words > 0)
	return clips, words
}

// at44k reads a 16-bit mono WAV and returns its samples at 44.1 kHz, as
// mockround records: converted by sox when it is there, else by linear
// interpolation (its images above 8 kHz are what the engine's own
// resampling to 16 kHz removes).
func at44k(t *testing.T, path string) []int16 {
	t.Helper()
	if sox, err := exec.LookPath("sox"); err == nil {
		out := filepath.Join(t.TempDir(), "44k.wav")
		if b, err := exec.Command(sox, path, "-r", "44100", "-b", "16", "-c", "1", out).CombinedOutput(); err != nil {
			t.Fatalf("sox: %v: %s", err, b)
		}
		return pcm16(t, out)
	}
	info, err := audio.ReadInfo(path)
	if err != nil {
		t.Fatal(err)
	}
	in := pcm16(t, path)
	n := int(float64(len(in)) * 44100 / float64(info.Rate))
	out := make([]int16, n)
	for i := range out {
		x := float64(i) * float64(info.Rate) / 44100
		j := int(x)
		a, b := float64(in[min(j, len(in)-1)]), float64(in[min(j+1, len(in)-1)])
		out[i] = int16(math.Round(a + (b-a)*(x-float64(j))))
	}
	return out
}

// pcm16 reads the samples of a 16-bit mono WAV.
func pcm16(t *testing.T, path string) []int16 {
	t.Helper()
	info, err := audio.ReadInfo(path)
	if err != nil || info.BitsPerSample != 16 || info.Channels != 1 {
		t.Fatalf("%s: %+v, %v; want 16-bit mono", path, info, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw := data[info.DataOffset : info.DataOffset+info.DataBytes]
	s := make([]int16, len(raw)/2)
	for i := range s {
		s[i] = int16(le.LittleEndian.Uint16(raw[2*i:]))
	}
	return s
}

// TestTranscribeRealPocketSphinx: a take of human speech (the LibriVox
// clips one after another, half a second apart, at 44.1 kHz) transcribed
// by the real PocketSphinx through mockround transcribe: the transcript
// counts the words said to within 20%, and report shows it.
func TestTranscribeRealPocketSphinx(t *testing.T) {
	audiotest.SkipShort(t)
	_, err := transcribe.Find(transcribe.Options{Engine: transcribe.PocketSphinxName})
	needForSpeech(t, "PocketSphinx ("+errText(err)+")", err == nil)
	clips, truth := libriVox(t)

	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-speech", 1)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	take := &rec.Takes[0]
	os.Remove(filepath.Join(dir, take.File)) // the tone writeSession made
	w, err := audio.CreateWAV(filepath.Join(dir, take.File), 44100)
	if err != nil {
		t.Fatal(err)
	}
	var frames int64
	gap := make([]int16, 44100/2)
	for _, c := range clips {
		s := at44k(t, c)
		if err := w.Write(append(s, gap...)); err != nil {
			t.Fatal(err)
		}
		frames += int64(len(s) + len(gap))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	take.Frames, take.LengthS, take.Analysis = frames, float64(frames)/44100, nil
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	code, out, errOut := runMain(t, home, "", "transcribe", "--plain", "--engine", "pocketsphinx")
	if code != 0 {
		t.Fatalf("transcribe: exit %d\n%s%s", code, out, errOut)
	}
	rec, err = session.Load(dir)
	if err != nil || rec.Takes[0].Transcript == nil {
		t.Fatalf("no transcript referred to: %v", err)
	}
	ref := rec.Takes[0].Transcript
	tr, err := rec.Takes[0].ReadTranscript(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := ref.Figures.Words
	t.Logf("%.1f s of speech transcribed in %s: %d words heard, %d said, %.0f wpm\n%s\n%q",
		take.LengthS, time.Since(start).Round(time.Millisecond), got, truth, ref.Figures.WPM, out, tr.Text())
	if e := math.Abs(float64(got-truth)) / float64(truth); e > 0.20 {
		t.Errorf("%d words heard, %d said: off by %.0f%%, more than 20%%", got, truth, 100*e)
	}
	if ref.Engine != "pocketsphinx" || ref.Model != "en-us" || len(tr.Words) != got || tr.LengthS < 25 {
		t.Errorf("reference %+v, transcript of %.1f s with %d words", ref, tr.LengthS, len(tr.Words))
	}
	// Read at 150 to 200 words a minute; PocketSphinx's timings make it
	// a little faster.
	if ref.Figures.WPM < 120 || ref.Figures.WPM > 260 {
		t.Errorf("pace %.0f wpm", ref.Figures.WPM)
	}
	code, out, _ = runMain(t, home, "", "report", "--json")
	if code != 0 || !strings.Contains(out, `"engine": "pocketsphinx"`) || !strings.Contains(out, `"transcript": "`) {
		t.Errorf("report: exit %d\n%s", code, out)
	}
}

func errText(err error) string {
	if err == nil {
		return "found"
	}
	return err.Error()
}

// TestHTMLTranscriptInBrowser: in headless Chromium, clicking a word of a
// take's transcript moves its audio to that word, the word being played
// is highlighted, fillers are marked, and a word that is markup stays
// text. The page loads without console errors.
func TestHTMLTranscriptInBrowser(t *testing.T) {
	ctx, errs := browser(t)
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-html01", 1)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tr := &transcribe.Transcript{Engine: "pocketsphinx", Audio: rec.Takes[0].File, LengthS: 1, Words: []transcribe.Word{
		{W: "um", Start: 0.1, End: 0.2}, {W: "<img src=x onerror=window.pwned=1>", Start: 0.3, End: 0.4},
		{W: "caching", Start: 0.5, End: 0.7}, {W: "works", Start: 0.75, End: 0.9}}}
	if err := transcribe.Write(filepath.Join(dir, rec.Takes[0].TranscriptName()), tr); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(home, "report.html")
	if code, _, errOut := runMain(t, home, "", "report", "--html", out); code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = chromedp.Run(ctx, chromedp.Navigate("file://"+out))
	must(err)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("audio").readyState >= 1`, chromedp.WithPollingTimeout(20*time.Second)))
	must(err)
	_, err = chromedp.Run(ctx, chromedp.Click(chromedp.CSS(`.transcript span[data-t="0.50"]`)))
	must(err)
	at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("audio").currentTime`))
	must(err)
	if at < 0.45 || at > 0.6 {
		t.Errorf("after a click on the word at 0.5 s, the audio is at %.3f s", at)
	}
	// Whether or not the browser can play, a timeupdate at 0.8 s
	// highlights the word said then.
	now, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const a = document.querySelector("audio");
		a.pause();
		a.currentTime = 0.8;
		a.dispatchEvent(new Event("timeupdate"));
		return Array.from(document.querySelectorAll(".transcript span.now")).map(s => s.textContent).join(",");
	})()`))
	must(err)
	if now != "works" {
		t.Errorf("highlighted at 0.8 s: %q, want works", now)
	}
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("mark.filler")).map(m => m.textContent).join(",")`))
	must(err)
	if marked != "um" {
		t.Errorf("fillers marked: %q", marked)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.transcript span[data-t="0.30"]').textContent`))
	must(err)
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.pwned === undefined ? null : window.pwned`))
	must(err)
	imgs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".transcript img").length`))
	must(err)
	if shown != "<img src=x onerror=window.pwned=1>" || pwned != nil || imgs != 0 {
		t.Errorf("a word that is markup: shown %q, window.pwned %v, %d images", shown, pwned, imgs)
	}
	if len(*errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(*errs, "\n"))
	}
}
