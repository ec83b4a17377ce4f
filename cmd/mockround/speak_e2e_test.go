package main

import (
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
)

// TestRunSpeakIsNotRecorded reads a question aloud with the real espeak-ng
// into the virtual speaker, whose monitor is the microphone: the speech
// reaches the speaker, and the take that follows holds none of it.
func TestRunSpeakIsNotRecorded(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home := t.TempDir()
	captured := filepath.Join(t.TempDir(), "speaker.wav")
	parec := exec.Command("parecord", "--device="+audiotest.MonitorSource(t), "--channels=1", "--format=s16le", "--file-format=wav", captured)
	if err := parec.Start(); err != nil {
		t.Fatal(err)
	}
	s := start(t, home, "run", "--plain", "--speak", "--round", "behavioral", "--count", "1", "--prep", "0", "--answer", "3s", "--overtime", "0")
	code := s.wait(t)
	parec.Process.Signal(syscall.SIGINT)
	parec.Wait()
	if code != 0 || s.stderr.Len() != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, s.out.String(), s.stderr.String())
	}
	spoken, _ := audiotest.Samples(t, captured)
	if audiotest.RMS(spoken) < 0.005 {
		t.Fatalf("nothing reached the speaker (RMS %.4f): the question was not read aloud", audiotest.RMS(spoken))
	}
	dir, rec := onlySession(t, home)
	a, err := audio.AnalyzeFile(filepath.Join(dir, rec.Takes[0].File))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("speaker RMS %.3f; the take's peak %.1f dBFS", audiotest.RMS(spoken), a.PeakDBFS)
	if a.PeakDBFS > -60 {
		t.Errorf("the take holds sound (peak %.1f dBFS): the reading leaked into it", a.PeakDBFS)
	}
}
