package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunSpeakReadsEachQuestion puts a stand-in espeak-ng on PATH that
// writes what it is asked to say to a file.
func TestRunSpeakReadsEachQuestion(t *testing.T) {
	bin, home := t.TempDir(), t.TempDir()
	said := filepath.Join(t.TempDir(), "said.txt")
	cat, err := exec.LookPath("cat")
	if err != nil {
		t.Skip("no cat")
	}
	script := "#!/bin/sh\n" + cat + " >> '" + said + "'\n"
	for _, name := range []string{"espeak-ng", "say"} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin)
	code, out, errOut := runMain(t, home, "\n\n\n\n", "run", "--plain", "--speak", "--no-record", "--round", "technical",
		"--count", "2", "--prep", "1s", "--answer", "1s", "--overtime", "0", "--seed", "3")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	b, err := os.ReadFile(said)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	asked := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "Question ") && i+1 < len(lines) {
			asked++
			if q := strings.TrimSpace(lines[i+1]); !strings.Contains(string(b), q) {
				t.Errorf("question %q not read aloud; said:\n%s\noutput:\n%s", q, b, out)
			}
		}
	}
	if asked != 2 {
		t.Errorf("%d questions asked, want 2:\n%s", asked, out)
	}
}

func TestRunSpeakWithoutSynthesizer(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	code, out, errOut := runMain(t, t.TempDir(), "q\n", "run", "--plain", "--speak", "--no-record", "--round", "technical", "--count", "1", "--prep", "0", "--answer", "1s")
	want := "--speak: no speech synthesizer found: install espeak-ng (Linux) or use macOS's say; questions are not read aloud\n"
	if code != 0 || errOut != want {
		t.Errorf("exit %d, stderr %q, want %q", code, errOut, want)
	}
	if !strings.Contains(out, "Question 1 of 1") {
		t.Errorf("the run did not go on:\n%s", out)
	}
}
