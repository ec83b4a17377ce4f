package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
)

// TestFaultBrokenPipe runs the real binary as `run --plain | head` does:
// the reader of its standard output goes away mid-answer. Without SIGPIPE
// ignored the process dies of the signal at its next line, silently, the
// session left marked running; with it, the write fails with EPIPE and the
// round stops as interrupted, the take saved. Needs no audio (--no-record)
// and takes about two seconds.
func TestFaultBrokenPipe(t *testing.T) {
	home := t.TempDir()
	cmd := exec.Command(binary, "run", "--plain", "--no-record", "--round", "behavioral", "--count", "1",
		"--prep", "0", "--answer", "3s", "--warn", "0", "--overtime", "0", "--follow-ups=false")
	cmd.Env = append(os.Environ(), "MOCKROUND_HOME="+home)
	stdin, err := cmd.StdinPipe() // open and silent, as a terminal nobody types in
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })

	// Read up to the countdown's first second, then go away: the answer has
	// run past the second a take needs to be kept, and the next line
	// ("0:01 left") meets a closed pipe.
	lines := bufio.NewScanner(stdout)
	var seen strings.Builder
	for found := false; !found; {
		if !lines.Scan() {
			t.Fatalf("the output ended before the countdown:\n%s\nstderr:\n%s", seen.String(), stderr.String())
		}
		seen.WriteString(lines.Text() + "\n")
		found = strings.Contains(lines.Text(), "answer 0:02 left")
	}
	stdout.Close()
	closed := time.Now()

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var werr error
	select {
	case werr = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after its output went away\nstderr:\n%s", stderr.String())
	}
	code := 0
	if ee, ok := werr.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("killed by %v when its output went away, want exit 130\nstderr:\n%s", ws.Signal(), stderr.String())
		}
		code = ee.ExitCode()
	} else if werr != nil {
		t.Fatal(werr)
	}
	if code != exitInterrupted || !strings.Contains(stderr.String(), "the output went away") {
		t.Fatalf("exit %d, want 130 saying the output went away\nstderr:\n%s", code, stderr.String())
	}
	if d := time.Since(closed); d > 3*time.Second {
		t.Errorf("it ran on for %s after its output went away", d.Round(time.Millisecond))
	}
	_, rec := onlySession(t, home)
	if rec.Status != session.SessionInterrupted {
		t.Errorf("session status %q, want %q", rec.Status, session.SessionInterrupted)
	}
	if len(rec.Takes) != 1 || rec.Takes[0].Status != session.TakeInterrupted || rec.Takes[0].LengthS < session.MinKeepS {
		t.Errorf("takes %+v, want one interrupted take of at least %.0f s", rec.Takes, session.MinKeepS)
	}
	faultLine(t, "output gone (binary)", "run --plain --no-record whose stdout reader closes 1 s into the answer",
		"SIGPIPE ignored: exit 130, says the output went away, session interrupted with the take", "nothing")
}
