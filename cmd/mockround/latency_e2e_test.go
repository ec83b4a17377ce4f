package main

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/internal/audiotest"
)

// TestLatencyToRecording starts `run --plain --prep 0` twenty times on the
// virtual microphone and times, from the process's start, its question
// line and its recording line; and, as many times, arecord's first frames.
// The sound system hands a new stream its first audio when it will: on the
// virtual microphone, at the null sink's next render, anywhere from 0.1 to
// 2.3 s after the open depending only on when it happens (arecord started
// 0.5 s after the previous one ends waits 1.75 s every time; 3 s after,
// also 1.75 s; right after, 0.47 s). So the start to the recording is
// logged beside arecord's, not held to it; that the stream goes live at its
// first audio is TestLiveAtTheFirstAudio's (audio/capture). What the
// command decides is checked here: it says it is opening the microphone,
// waits for it before the first question, and then records at once: over
// 700 ms from the question to the recording is the one-second wait this
// guards against, and past liveTimeout an error was due.
func TestLatencyToRecording(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	audiotest.RequireTools(t, "arecord")
	const runs = 20
	var q2r, s2r, ref []time.Duration
	wired := 0
	for range runs {
		q, r, opening := timeRun(t)
		q2r, s2r = append(q2r, r-q), append(s2r, r)
		if opening {
			wired++
		}
		ref = append(ref, arecordFirstFrames(t))
	}
	t.Logf("question → recording:          %s", distribution(q2r))
	t.Logf("start → recording:             %s", distribution(s2r))
	t.Logf("arecord start → first frames:  %s", distribution(ref))
	if worst := slices.Max(s2r); worst > liveTimeout+time.Second {
		t.Errorf("start → recording took up to %s: the microphone's %s to deliver audio was not kept", worst, liveTimeout)
	}
	if wired != runs {
		t.Errorf("%d of %d runs said \"opening the microphone\" before the first question", wired, runs)
	}
	for i, d := range q2r {
		if d > 700*time.Millisecond {
			t.Errorf("run %d: %s from the question to the recording: the one-second wait", i+1, d)
		}
	}
}

// timeRun starts `run --plain --prep 0` once and returns the times from
// its start to its question line and to its recording line, and whether it
// said it was opening the microphone.
func timeRun(t *testing.T) (question, recording time.Duration, opening bool) {
	t.Helper()
	began := time.Now()
	s := start(t, t.TempDir(), "run", "--plain", "--round", "behavioral", "--count", "1", "--follow-ups=false",
		"--prep", "0", "--answer", "3s", "--overtime", "0")
	deadline := time.After(15 * time.Second)
	for recording == 0 {
		select {
		case l, ok := <-s.lines:
			if !ok {
				t.Fatalf("mockround ended before recording\n%s", s.out.String())
			}
			switch {
			case strings.HasPrefix(l, "Question ") && question == 0:
				question = time.Since(began)
			case strings.Contains(l, "· recording"):
				recording = time.Since(began)
			}
		case <-deadline:
			s.cmd.Process.Kill()
			t.Fatalf("no recording line within 15 s\n%s", s.out.String())
		}
	}
	if question == 0 {
		t.Fatalf("no question line before the recording\n%s", s.out.String())
	}
	s.cmd.Process.Kill()
	s.wait(t)
	opening = strings.Contains(s.out.String()+s.stderr.String(), "opening the microphone")
	return question, recording, opening
}

// arecordFirstFrames is the time from starting arecord on the default
// input to its first frames.
func arecordFirstFrames(t *testing.T) time.Duration {
	t.Helper()
	began := time.Now()
	cmd := exec.Command("arecord", "-q", "-D", "default", "-f", "S16_LE", "-c", "1", "-r", "44100", "-t", "raw")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	var b [2]byte
	if _, err := out.Read(b[:]); err != nil {
		t.Fatalf("arecord: %v", err)
	}
	return time.Since(began)
}

// distribution says min, median and max of ds, in milliseconds.
func distribution(ds []time.Duration) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return fmt.Sprintf("min %.0f ms, median %.0f ms, max %.0f ms (%d runs)", ms(s[0]), ms(s[len(s)/2]), ms(s[len(s)-1]), len(s))
}
