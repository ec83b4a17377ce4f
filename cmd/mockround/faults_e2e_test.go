package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
)

// Fault tests: each logs one "FAULT|class|tried|survived|lost" line, which
// `make faults` gathers into a table.
func faultLine(t *testing.T, class, tried, survived, lost string) {
	t.Logf("FAULT|%s|%s|%s|%s", class, tried, survived, lost)
}

func TestFaultKilledMidTake(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home, tmp := t.TempDir(), t.TempDir()
	clip := audiotest.Speech(t, tmp, "talk", "I would shard the queue by tenant and keep the workers stateless so they can scale out.", 44100, 0, 0)
	s := start(t, home, "run", "--plain", "--round", "system-design", "--count", "1", "--prep", "0", "--answer", "30s")
	s.waitFor(t, "· recording", 10*time.Second)
	recordingFrom := time.Now()
	audiotest.Play(t, clip)
	time.Sleep(3500 * time.Millisecond)
	killedAfter := time.Since(recordingFrom)
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.wait(t)

	// The next command finds the session, repairs it and says so in one line.
	code, out, errOut := runMain(t, home, "", "sessions")
	if code != 0 {
		t.Fatalf("sessions after the kill: exit %d\n%s", code, errOut)
	}
	if n := strings.Count(errOut, "repaired session"); n != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("want one line saying the session was repaired, got:\n%s", errOut)
	}
	if !strings.Contains(out, "interrupted") {
		t.Errorf("sessions does not list it as interrupted:\n%s", out)
	}
	dir, rec := onlySession(t, home)
	tk := rec.Takes[0]
	info, err := audio.ReadInfo(filepath.Join(dir, tk.File))
	if err != nil {
		t.Fatal(err)
	}
	lost := killedAfter - info.Duration()
	if !info.HeaderOK() || tk.Status != session.TakeRecovered || tk.Frames != info.Frames() {
		t.Errorf("after repair: header ok %v, take %+v, file frames %d", info.HeaderOK(), tk, info.Frames())
	}
	// Audio reaches the file once a second, and the audio system hands it
	// over a period (372 ms) at a time: a kill loses up to about 1.4 s, a
	// little under a second on average. The virtual microphone can hand
	// audio over up to a period early, so the file may hold a little more
	// than the time to the kill.
	if lost > 1500*time.Millisecond || lost < -500*time.Millisecond {
		t.Errorf("killed %s into the take, the file keeps %s: lost %s, want at most about 1.4 s", killedAfter, info.Duration(), lost)
	}
	// repair is idempotent.
	code, out, _ = runMain(t, home, "", "repair")
	if code != 0 || !strings.Contains(out, "nothing to repair") {
		t.Errorf("second repair: exit %d\n%s", code, out)
	}
	faultLine(t, "SIGKILL mid-take", fmt.Sprintf("kill -9 %.1f s into a take", killedAfter.Seconds()),
		"WAV repaired and playable, session marked interrupted, take recovered", fmt.Sprintf("%.2f s of audio", max(lost, 0).Seconds()))
}

func TestFaultSignals(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		wait   string
		delay  time.Duration
		sig    syscall.Signal
		status string
	}{
		{"SIGINT in prep", []string{"--prep", "30s", "--answer", "10s"}, "prep 0:30", 500 * time.Millisecond, syscall.SIGINT, ""},
		// Answering: 2 s in, well past the 1 s a take needs to be kept.
		{"SIGTERM answering", []string{"--prep", "0", "--answer", "10s"}, "· recording", 2 * time.Second, syscall.SIGTERM, session.TakeInterrupted},
		{"SIGINT in overtime", []string{"--prep", "0", "--answer", "1s", "--warn", "0", "--overtime", "30s"}, "overtime, the take stops", 500 * time.Millisecond, syscall.SIGINT, session.TakeInterrupted},
		{"SIGHUP answering", []string{"--prep", "0", "--answer", "10s"}, "· recording", 2 * time.Second, syscall.SIGHUP, session.TakeInterrupted},
		// The terminal closed on a timer-only round: no microphone, no
		// audio needed, so this one runs everywhere, in a second and a half.
		{"SIGHUP answering, no-record", []string{"--no-record", "--prep", "0", "--answer", "10s"}, "· timer only", 1500 * time.Millisecond, syscall.SIGHUP, session.TakeInterrupted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			noRecord := slices.Contains(tc.args, "--no-record")
			if !noRecord {
				audiotest.RequireVirtualMic(t)
			}
			home := t.TempDir()
			s := start(t, home, append([]string{"run", "--plain", "--round", "behavioral", "--count", "1"}, tc.args...)...)
			s.waitFor(t, tc.wait, 10*time.Second)
			time.Sleep(tc.delay)
			s.cmd.Process.Signal(tc.sig)
			if code := s.wait(t); code != 130 {
				t.Fatalf("exit %d, want 130\n%s\n%s", code, s.out.String(), s.stderr.String())
			}
			if tc.status == "" {
				// Nothing was said: nothing is kept.
				if entries, err := os.ReadDir(filepath.Join(home, "sessions")); err != nil || len(entries) != 0 {
					t.Errorf("%d sessions left (%v), want none: nothing was recorded", len(entries), err)
				}
				faultLine(t, tc.name, "signal "+tc.sig.String(), "exit 130, no session kept (nothing was said)", "nothing")
				return
			}
			dir, rec := onlySession(t, home)
			if rec.Status != session.SessionInterrupted {
				t.Errorf("session status %s", rec.Status)
			}
			if len(rec.Takes) != 1 || rec.Takes[0].Status != tc.status {
				t.Fatalf("takes %+v", rec.Takes)
			}
			if noRecord {
				if rec.Takes[0].File != "" || rec.Takes[0].LengthS < session.MinKeepS {
					t.Errorf("timer-only take %+v, want no file and at least %.0f s", rec.Takes[0], session.MinKeepS)
				}
				faultLine(t, tc.name, "signal "+tc.sig.String()+" on a --no-record round", "exit 130, session interrupted with the timed take", "nothing")
				return
			}
			info, err := audio.ReadInfo(filepath.Join(dir, rec.Takes[0].File))
			if err != nil || !info.HeaderOK() || info.Frames() != rec.Takes[0].Frames {
				t.Errorf("WAV %+v %v vs take %+v", info, err, rec.Takes[0])
			}
			faultLine(t, tc.name, "signal "+tc.sig.String(), "exit 130, files valid, session interrupted", "nothing")
		})
	}
	t.Run("SIGINT in review", func(t *testing.T) {
		audiotest.RequireVirtualMic(t)
		home := t.TempDir()
		writeSession(t, home, "20261127T090000Z-abcabc", 2)
		cmd := exec.Command(binary, "review", "--plain")
		cmd.Env = append(os.Environ(), "MOCKROUND_HOME="+home)
		stdin, _ := cmd.StdinPipe()
		var out strings.Builder
		cmd.Stdout = &out
		cmd.Start()
		fmt.Fprintln(stdin, "3")
		fmt.Fprintln(stdin, "fine")
		time.Sleep(500 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGINT)
		err := cmd.Wait()
		stdin.Close()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
			t.Fatalf("err %v, want exit 130\n%s", err, out.String())
		}
		_, rec := onlySession(t, home)
		if rec.Takes[0].Rating != 3 || rec.Takes[0].Notes != "fine" {
			t.Errorf("the review before the signal was lost: %+v", rec.Takes[0])
		}
		faultLine(t, "SIGINT in review", "signal after one rated answer", "exit 130, the rating and notes given", "nothing")
	})
}

// TestFaultDeviceLost unloads the virtual microphone's module mid-take.
func TestFaultDeviceLost(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	t.Cleanup(func() {
		if out, err := exec.Command("../../scripts/virtual-mic.sh", "start").CombinedOutput(); err != nil {
			t.Errorf("restoring the virtual microphone: %v\n%s", err, out)
		}
	})
	home := t.TempDir()
	s := start(t, home, "run", "--plain", "--round", "behavioral", "--count", "1", "--prep", "0", "--answer", "20s")
	s.waitFor(t, "· recording", 10*time.Second)
	time.Sleep(2 * time.Second)
	mods, _ := exec.Command("pactl", "list", "short", "modules").Output()
	var module string
	for _, l := range strings.Split(string(mods), "\n") {
		if strings.Contains(l, "module-null-sink") {
			module = strings.Fields(l)[0]
		}
	}
	if module == "" {
		t.Fatalf("no null sink module in:\n%s", mods)
	}
	unloaded := time.Now()
	if out, err := exec.Command("pactl", "unload-module", module).CombinedOutput(); err != nil {
		t.Fatalf("unload: %v %s", err, out)
	}
	s.waitFor(t, "Session stopped", 5*time.Second)
	took := time.Since(unloaded)
	code := s.wait(t)
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s\n%s", code, s.out.String(), s.stderr.String())
	}
	if took > 2*time.Second {
		t.Errorf("the loss was reported after %s, want within 2 s", took)
	}
	if !strings.Contains(s.stderr.String(), "input device") {
		t.Errorf("the error does not name the input device:\n%s", s.stderr.String())
	}
	dir, rec := onlySession(t, home)
	if rec.Status != session.SessionFailed || rec.Error == "" || len(rec.Takes) != 1 || rec.Takes[0].Status != session.TakeInterrupted {
		t.Fatalf("session %s %q takes %+v", rec.Status, rec.Error, rec.Takes)
	}
	info, err := audio.ReadInfo(filepath.Join(dir, rec.Takes[0].File))
	if err != nil || !info.HeaderOK() || info.Duration() < 1500*time.Millisecond {
		t.Errorf("the take before the loss: %+v %v", info, err)
	}
	faultLine(t, "input device lost", "PulseAudio source unloaded 2 s into a take",
		fmt.Sprintf("error after %.1f s, exit 1, %.1f s of audio kept, session saved", took.Seconds(), info.Duration().Seconds()), "the audio after the loss")
}

// TestFaultDiskFull records onto a small tmpfs that fills during the second take.
func TestFaultDiskFull(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=600k,mode=0700", "tmpfs", home).CombinedOutput(); err != nil {
		if audiotest.InCI() { // CI runs as root: a skip there would hide a failure
			t.Fatalf("mount tmpfs: %v %s", err, out)
		}
		t.Skipf("cannot mount a small filesystem here (needs root): %v %s; the writer's disk-full handling is covered by unit tests", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", home).Run() })

	s, stdin := startInteractive(t, home, "run", "--plain", "--round", "behavioral", "--count", "2", "--prep", "0", "--answer", "20s", "--seed", "1")
	s.waitFor(t, "· recording", 10*time.Second)
	time.Sleep(2 * time.Second)
	fmt.Fprintln(stdin) // finish the first take after 2 s; the second fills the disk
	exited := make(chan int, 1)
	go func() { exited <- s.wait(t) }()
	select {
	case code := <-exited:
		if code != 1 {
			t.Errorf("exit %d, want 1\n%s", code, s.stderr.String())
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		t.Fatalf("mockround did not stop on a full disk\n%s\n%s", s.out.String(), s.stderr.String())
	}
	errOut := s.stderr.String()
	if !strings.Contains(errOut, "disk") || !strings.Contains(errOut, "full") {
		t.Errorf("the error does not say the disk is full:\n%s", errOut)
	}
	dir, rec := onlySession(t, home)
	first, err := audio.ReadInfo(filepath.Join(dir, rec.Takes[0].File))
	if err != nil || !first.HeaderOK() || rec.Takes[0].Status != session.TakeDone || first.Duration() < 1900*time.Millisecond {
		t.Errorf("first take damaged: %+v %v %+v", first, err, rec.Takes[0])
	}
	if len(rec.Takes) < 2 {
		t.Fatalf("session.json lost the second take: %+v", rec.Takes)
	}
	second, _ := audio.ReadInfo(filepath.Join(dir, rec.Takes[1].File))
	faultLine(t, "disk full", "600 KB filesystem fills during the second take",
		fmt.Sprintf("first take (%.1f s) and session.json intact; %.1f s of the second kept", first.Duration().Seconds(), second.Duration().Seconds()),
		"the rest of the second take")
}

// TestFaultUmaskZero: recordings stay private whatever the umask.
func TestFaultUmaskZero(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	home := t.TempDir()
	s := start(t, home, "run", "--plain", "--round", "behavioral", "--count", "1", "--prep", "0", "--answer", "1s", "--overtime", "0")
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit %d\n%s", code, s.stderr.String())
	}
	dir, rec := onlySession(t, home)
	for path, want := range map[string]os.FileMode{
		filepath.Join(home, "sessions"):        0o700,
		dir:                                    0o700,
		filepath.Join(dir, session.RecordFile): 0o600,
		filepath.Join(dir, rec.Takes[0].File):  0o600,
	} {
		if got := mode(t, path); got != want {
			t.Errorf("%s: mode %o, want %o", path, got, want)
		}
	}
	faultLine(t, "umask 000", "a session recorded under umask 000", "directories 0700, files 0600", "nothing")
}
