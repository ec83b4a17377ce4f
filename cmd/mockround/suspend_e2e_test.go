package main

import (
	"fmt"
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
// microphone, then lets it go on (SIGCONT): the take is kept and the rest
// of the round is asked, with no fault.
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
	faultLine(t, "suspended mid-take", "SIGSTOP for 3 s, 2 s into the first of two 8 s takes, then SIGCONT",
		fmt.Sprintf("exit 0, no fault, the round went on: takes of %s and %s, both valid", kept[0], kept[1]), "what the sound system did not keep during the stop")
}
