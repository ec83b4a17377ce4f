package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/transcribe"
)

// What PocketSphinx (Debian's 0.8+5prealpha, en-us) achieves on the speech
// of TestRunTranscribesRealSpeech, played into the virtual microphone and
// recorded by run, with a margin: word error rates 0.39 (LibriVox) and
// 0.21 (flite) measured, the word count exact and the pace within 5%. The
// word count and the pace must be within 10% of the truth.
const (
	runMaxLibriVoxWER = 0.45
	runMaxFliteWER    = 0.28
	runMaxCountError  = 0.10
	runMaxPaceError   = 0.10
)

// runFliteAnswer is an interview answer with fillers in it, as flite's
// rms voice says it.
const runFliteAnswer = "I would start from the failing request, you know, and read the logs around it. " +
	"Then we wrote a test that showed the bug, and the fix itself was a single line. " +
	"The hard part, you know, was getting the team to slow down and measure first."

// spokenClip is a WAV played into the microphone during a take, and what
// is said in it.
type spokenClip struct {
	name, wav, truth string
}

// TestRunTranscribesRealSpeech: two answers spoken into the microphone
// during `run --plain` (human speech: the LibriVox clips one after
// another; and flite's voice saying an answer with "you know" in it) are
// transcribed in the background while the round goes on, by the real
// PocketSphinx; the transcripts that follow count the words and measure
// the pace to within 10% of the truth, their word error rate is within
// what PocketSphinx achieves on them, and "you know" is counted as a
// filler.
func TestRunTranscribesRealSpeech(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	audiotest.RequireTools(t, "sox", "flite")
	_, err := transcribe.Find(transcribe.Options{Engine: transcribe.PocketSphinxName})
	needForSpeech(t, "PocketSphinx ("+errText(err)+")", err == nil)
	tmp := t.TempDir()
	clips := []spokenClip{libriVoxTake(t, tmp), fliteTake(t, tmp)}

	home := t.TempDir()
	s, stdin := startInteractive(t, home, "run", "--plain", "--round", "behavioral", "--count", "2", "--follow-ups=false",
		"--prep", "0", "--answer", "60s", "--overtime", "0", "--seed", "3")
	for _, c := range clips {
		// The microphone opens first ("opening the microphone…"); the
		// take's audio exists from its recording line on.
		s.waitFor(t, "· recording", 15*time.Second)
		audiotest.Play(t, c.wav)()
		time.Sleep(300 * time.Millisecond)
		io.WriteString(stdin, "\n") // Enter finishes the answer
	}
	stdin.Close()
	done := make(chan int, 1)
	go func() { done <- s.wait(t) }()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, s.out.String(), s.stderr.String())
		}
	case <-time.After(3 * time.Minute):
		t.Fatalf("run did not end with its transcripts within 3 min:\n%s", s.out.String())
	}
	if !strings.Contains(s.out.String(), "Transcripts: 2 of 2 ready") {
		t.Errorf("run did not say both transcripts are ready:\n%s", s.out.String())
	}

	dir, rec := onlySession(t, home)
	if len(rec.Takes) != 2 {
		t.Fatalf("%d takes, want 2:\n%s", len(rec.Takes), s.out.String())
	}
	for i, c := range clips {
		take := &rec.Takes[i]
		if take.Overflows != 0 || take.DroppedFrames != 0 {
			t.Errorf("%s: %d overflows, %d dropped frames while the other take was transcribed", c.name, take.Overflows, take.DroppedFrames)
		}
		if take.Transcript == nil {
			t.Errorf("%s: no transcript in session.json", c.name)
			continue
		}
		tr, err := take.ReadTranscript(dir)
		if err != nil {
			t.Fatal(err)
		}
		f := take.Transcript.Figures
		words := len(strings.Fields(c.truth))
		clean, err := audio.AnalyzeFile(c.wav)
		if err != nil {
			t.Fatal(err)
		}
		truePace := float64(words) / clean.SpeakingS * 60
		countErr := math.Abs(float64(f.Words-words)) / float64(words)
		paceErr := math.Abs(f.WPM-truePace) / truePace
		wer := transcribe.WERText(c.truth, tr.Text())
		t.Logf("%s: %d words heard of %d said (error %.1f%%), pace %.0f wpm against %.0f (error %.1f%%), WER %.3f, "+
			"fillers %v, %s engine in %.1f s of processor time for %.1f s of audio\n%q",
			c.name, f.Words, words, 100*countErr, f.WPM, truePace, 100*paceErr, wer, f.Fillers,
			take.Transcript.Engine, tr.CPUS, tr.LengthS, tr.Text())
		if countErr > runMaxCountError {
			t.Errorf("%s: word count off by %.1f%%, more than %.0f%%", c.name, 100*countErr, 100*runMaxCountError)
		}
		if paceErr > runMaxPaceError {
			t.Errorf("%s: pace off by %.1f%%, more than %.0f%%", c.name, 100*paceErr, 100*runMaxPaceError)
		}
		maxWER := map[string]float64{"LibriVox": runMaxLibriVoxWER, "flite": runMaxFliteWER}[c.name]
		if wer > maxWER {
			t.Errorf("%s: word error rate %.3f, over %.2f", c.name, wer, maxWER)
		}
	}
	if f := rec.Takes[1].Transcript; f != nil && f.Figures.Fillers["you know"] == 0 {
		t.Errorf("flite said \"you know\" twice; fillers counted: %v", f.Figures.Fillers)
	}

	// The line faces of review and replay print the transcripts, a line
	// per sentence or pause, with its time.
	timed := regexp.MustCompile(`(?m)^    0:\d\d  \S+( \S+)*$`)
	code, out, errOut := runMain(t, home, "\n\n\n\n", "review", "--plain", "last")
	if code != 0 || strings.Count(out, "  transcript (pocketsphinx):\n") != 2 || len(timed.FindAllString(out, -1)) < 4 {
		t.Errorf("review --plain: exit %d, want both transcripts in lines with times:\n%s%s", code, out, errOut)
	}
	r, rin := startInteractive(t, home, "replay", "--plain", "last", "2")
	r.waitFor(t, "transcript (pocketsphinx):", 10*time.Second)
	io.WriteString(rin, "q\n")
	rin.Close()
	if code := r.wait(t); code != 0 || !timed.MatchString(r.out.String()) || !strings.Contains(r.out.String(), "you know") {
		t.Errorf("replay --plain: exit %d, want the flite answer's transcript in lines with times:\n%s", code, r.out.String())
	}
}

// libriVoxTake is the LibriVox clips one after another, half a second
// apart, at 44.1 kHz, and what is said in them.
func libriVoxTake(t *testing.T, dir string) spokenClip {
	t.Helper()
	f, err := os.Open(filepath.Join(libriVoxDir, "transcription"))
	needForSpeech(t, "pocketsphinx-testdata's LibriVox clips", err == nil)
	defer f.Close()
	args := []string{}
	var said []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		open := strings.LastIndex(line, "(")
		if open < 0 {
			continue
		}
		args = append(args, filepath.Join(libriVoxDir, strings.TrimSuffix(line[open+1:], ")")+".wav"))
		said = append(said, strings.TrimSpace(strings.NewReplacer("<s>", "", "</s>", "").Replace(line[:open])))
	}
	needForSpeech(t, "the LibriVox transcription", len(args) > 0)
	// Each clip at 44.1 kHz with half a second of silence after it.
	var parts []string
	for i, in := range args {
		p := filepath.Join(dir, fmt.Sprintf("librivox%d.wav", i))
		soxRun(t, in, "-r", "44100", "-b", "16", "-c", "1", p, "pad", "0", "0.5")
		parts = append(parts, p)
	}
	out := filepath.Join(dir, "librivox.wav")
	soxRun(t, append(parts, out)...)
	return spokenClip{name: "LibriVox", wav: out, truth: strings.Join(said, " ")}
}

// fliteTake is runFliteAnswer said by flite's rms voice, at 44.1 kHz.
func fliteTake(t *testing.T, dir string) spokenClip {
	t.Helper()
	raw := filepath.Join(dir, "flite.raw.wav")
	if b, err := exec.Command("flite", "-voice", "rms", "-t", runFliteAnswer, "-o", raw).CombinedOutput(); err != nil {
		t.Fatalf("flite: %v: %s", err, b)
	}
	out := filepath.Join(dir, "flite.wav")
	soxRun(t, raw, "-r", "44100", "-b", "16", "-c", "1", out, "pad", "0.3", "0.5")
	truth := strings.NewReplacer(",", "", ".", "").Replace(strings.ToLower(runFliteAnswer))
	return spokenClip{name: "flite", wav: out, truth: truth}
}

func soxRun(t *testing.T, args ...string) {
	t.Helper()
	if b, err := exec.Command("sox", args...).CombinedOutput(); err != nil {
		t.Fatalf("sox %s: %v: %s", strings.Join(args, " "), err, b)
	}
}
