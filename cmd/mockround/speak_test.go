package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	// No Enter: one would cut a reading short (see TestRunEnterSkipsReading);
	// the timers drive the round.
	code, out, errOut := runMain(t, home, "", "run", "--plain", "--speak", "--no-record", "--bank", speakBank(t),
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

// speakBank writes a bank of two questions with nothing asked after them.
func speakBank(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "bank.json")
	mustWrite(t, path, []byte(`{"title": "Speak", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C",
  "questions": [{"id": "one", "text": "Why read aloud?"}, {"id": "two", "text": "How fast is too fast?"}]}]}]}`))
	return path
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

// TestRunEnterSkipsReading: Enter while a question is read aloud cuts the
// reading short (the stand-in synthesizer would talk for a minute), and
// is not taken as "start the answer now": the prep follows as usual.
func TestRunEnterSkipsReading(t *testing.T) {
	bin, home, tmp := t.TempDir(), t.TempDir(), t.TempDir()
	started := filepath.Join(tmp, "started")
	script := "#!/bin/sh\necho reading >> '" + started + "'\nexec sleep 60\n"
	if err := os.WriteFile(filepath.Join(bin, "espeak-ng"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("MOCKROUND_HOME", home)
	in, keys := io.Pipe()
	defer keys.Close()
	var out, errOut strings.Builder
	done := make(chan int)
	begin := time.Now()
	go func() {
		done <- Main([]string{"run", "--plain", "--speak", "--no-record", "--bank", speakBank(t), "--count", "1",
			"--prep", "1s", "--answer", "1s", "--overtime", "0"}, IO{In: in, Out: &out, ErrOut: &errOut})
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(started); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the question was never read aloud")
		}
	}
	keys.Write([]byte("\n"))
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d, stderr %q", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Enter did not cut the reading short")
	}
	if d := time.Since(begin); d > 15*time.Second {
		t.Errorf("the round took %s", d)
	}
	s := out.String()
	if !strings.Contains(s, "reading the question aloud · Enter skips the rest") || !strings.Contains(s, "prep 0:01") {
		t.Errorf("no prep after the reading was cut short:\n%s", s)
	}
	if strings.Contains(errOut.String(), "no longer read aloud") {
		t.Errorf("a reading cut short was taken for a failure: %s", errOut.String())
	}
}
