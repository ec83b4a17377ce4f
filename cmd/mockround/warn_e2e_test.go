package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/ui"
)

// TestPlainWarnsLive records through the real stack with --plain: after 5 s
// with no sound the line face says so once, and a burst of a third of a
// second at full scale, shorter than the face's look at the level, is
// still said to clip: the face looks at the loudest read since its last
// look, not only the latest.
func TestPlainWarnsLive(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home, tmp := t.TempDir(), t.TempDir()
	burst := filepath.Join(tmp, "burst.wav")
	if out, err := exec.Command("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", burst, "synth", "0.3", "sine", "1000", "vol", "1.0").CombinedOutput(); err != nil {
		t.Fatalf("sox: %v: %s", err, out)
	}
	s := start(t, home, "run", "--plain", "--round", "behavioral", "--count", "1", "--follow-ups=false", "--transcribe=false",
		"--prep", "0", "--answer", "9s", "--overtime", "0")
	s.waitFor(t, "· recording", 10*time.Second)
	s.waitFor(t, ui.SilenceWarning, 8*time.Second)
	audiotest.Play(t, burst)()
	s.waitFor(t, ui.ClippingWarning, 3*time.Second)
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, s.out.String(), s.stderr.String())
	}
	out := s.out.String()
	if n := strings.Count(out, ui.SilenceWarning); n != 1 {
		t.Errorf("said %q %d times, want once (the burst ends the first episode; the take ends before 5 s more of silence):\n%s", ui.SilenceWarning, n, out)
	}
	if n := strings.Count(out, ui.ClippingWarning); n != 1 {
		t.Errorf("said %q %d times, want once:\n%s", ui.ClippingWarning, n, out)
	}
}
