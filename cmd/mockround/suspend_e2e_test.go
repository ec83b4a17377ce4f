package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
)

// TestFaultSuspendedMidTake stops mockround (SIGSTOP, as Ctrl-Z or a
// laptop's suspend does) for 3 s in the middle of a take on the virtual
// microphone, then lets it go on (SIGCONT): the take is kept, marked with
// the suspend and the audio it lacks, and the rest of the round is asked,
// with no fault.
func TestFaultSuspendedMidTake(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home := t.TempDir()
	s := start(t, home, "run", "--plain", "--round", "behavioral", "--count", "2", "--prep", "0", "--answer", "8s",
		"--overtime", "0", "--follow-ups=false", "--transcribe=false")
	s.waitFor(t, "· recording", 10*time.Second)
	time.Sleep(2 * time.Second)
	if err := s.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	if err := s.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit %d after a suspend, want 0\n%s\n%s", code, s.out.String(), s.stderr.String())
	}
	if strings.Contains(s.stderr.String(), "ALSA lib") {
		t.Errorf("the sound library's messages reached the screen:\n%s", s.stderr.String())
	}
	dir, rec := onlySession(t, home)
	if rec.Status != session.SessionComplete || len(rec.Takes) != 2 {
		t.Fatalf("session %s with %d takes, want complete with both questions asked: %+v", rec.Status, len(rec.Takes), rec.Takes)
	}
	var kept []string
	for _, tk := range rec.Takes {
		info, err := audio.ReadInfo(filepath.Join(dir, tk.File))
		if err != nil || !info.HeaderOK() || info.Frames() != tk.Frames || tk.Status != session.TakeDone {
			t.Errorf("take %s: %+v %v, status %s", tk.File, info, err, tk.Status)
		}
		kept = append(kept, fmt.Sprintf("%.1f s", info.Duration().Seconds()))
	}
	// The take is marked with the suspend and what it lacks; the next one
	// is not.
	first, second := rec.Takes[0], rec.Takes[1]
	if first.SuspendedS < 2.5 || first.SuspendedS > 4 || first.GapS < 0 || first.GapS > first.SuspendedS+3 {
		t.Errorf("take 1 suspended %.3f s with %.3f s missing; want about 3 s suspended, and no more missing than that and a reopen",
			first.SuspendedS, first.GapS)
	}
	if second.SuspendedS != 0 {
		t.Errorf("take 2, after the suspend, says it was suspended %.3f s", second.SuspendedS)
	}
	data, err := os.ReadFile(filepath.Join(dir, session.RecordFile))
	if err != nil || !strings.Contains(string(data), `"suspended_s": `) {
		t.Errorf("session.json does not mark the suspend (%v)", err)
	}
	faultLine(t, "suspended mid-take", "SIGSTOP for 3 s, 2 s into the first of two 8 s takes, then SIGCONT",
		fmt.Sprintf("exit 0, no fault, the round went on: takes of %s and %s, both valid; take 1 marked suspended %.1f s", kept[0], kept[1], first.SuspendedS),
		fmt.Sprintf("%.1f s of take 1 (gap_s), what the sound system did not keep during the stop", first.GapS))
}
