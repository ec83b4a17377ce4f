package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
)

var checkLine = regexp.MustCompile(`^check: (silent|quiet|good|clipping) · peak (-?[0-9.]+|-inf) dBFS · RMS (-?[0-9.]+|-inf) dBFS\n$`)

// TestCheckOnTheVirtualMicrophone: with nothing playing the check hears
// silence; with speech playing it is good. The silent run also plays its
// take back through the speaker.
func TestCheckOnTheVirtualMicrophone(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home, tmp := t.TempDir(), t.TempDir()

	s := start(t, home, "check", "--plain")
	code := s.wait(t)
	if m := checkLine.FindStringSubmatch(s.out.String()); m == nil || m[1] != string(audio.VerdictSilent) || code != 1 {
		t.Errorf("nothing playing: exit %d, output %q, want silent and exit 1\nstderr: %s", code, s.out.String(), s.stderr.String())
	}
	if s.stderr.Len() != 0 {
		t.Errorf("stderr is not quiet:\n%s", s.stderr.String())
	}

	clip := audiotest.Speech(t, tmp, "speech", "Let me walk you through the design. First the queue, then the workers, and last the store that keeps the results.", 44100, 0, 0)
	s = start(t, home, "check", "--plain", "--no-play", "--seconds", "3")
	audiotest.Play(t, clip) // about seven seconds: it covers the three recorded, however late the input wakes up
	code = s.wait(t)
	if m := checkLine.FindStringSubmatch(s.out.String()); m == nil || m[1] != string(audio.VerdictGood) || code != 0 {
		t.Errorf("speech playing: exit %d, output %q, want good and exit 0\nstderr: %s", code, s.out.String(), s.stderr.String())
	}
	if strings.Count(s.out.String(), "\n") != 1 {
		t.Errorf("--plain printed more than the verdict line: %q", s.out.String())
	}
}

// TestCheckFullScreen shows the meter, then leaves the verdict in the terminal.
func TestCheckFullScreen(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	tmp := t.TempDir()
	clip := audiotest.Speech(t, tmp, "speech", "Let me walk you through the design. First the queue, then the workers, and last the store that keeps the results.", 44100, 0, 0)
	x := newTerminal(t, 80, 24, nil, shellQuote(binary)+" check --no-play --seconds 3")
	audiotest.Play(t, clip)
	meter := x.waitFor("the live meter", 10*time.Second, func(s string) bool {
		m := meterRe.FindStringSubmatch(s)
		if m == nil || m[1] == "-inf" {
			return false
		}
		v, _ := strconv.Atoi(m[1])
		return v > -60
	})
	t.Logf("check screen:\n%s", meter)
	if code := x.exitStatus(15 * time.Second); code != 0 {
		t.Errorf("exit %d\n%s", code, x.screen())
	}
	if s := x.screen(); !strings.Contains(s, "check: good · peak") || !strings.Contains(s, "The level suits recording.") {
		t.Errorf("the verdict did not stay in the terminal:\n%s", s)
	}
}
