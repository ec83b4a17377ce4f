package main

import (
	"bufio"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
)

// These tests run the real binary against the real PortAudio stack, with
// speech played into the virtual microphone (scripts/virtual-mic.sh).

var binary string

// TestMain builds the real binary for the end-to-end tests, and lets the
// test binary itself run as mockround inside testscript scripts.
func TestMain(m *testing.M) {
	testscript.Main(withBinary{m}, map[string]func(){"mockround": main})
}

// withBinary builds mockround into a temporary directory around the tests.
type withBinary struct{ m *testing.M }

func (w withBinary) Run() int {
	dir, err := os.MkdirTemp("", "mockround-bin")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "mockround")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	return w.m.Run()
}

// started is a running mockround whose stdout can be waited on line by line.
type started struct {
	cmd    *exec.Cmd
	lines  chan string
	out    strings.Builder // everything printed so far
	stderr strings.Builder
	done   chan struct{}
}

func start(t *testing.T, home string, args ...string) *started {
	t.Helper()
	return startWith(t, home, nil, args...)
}

// startInteractive is start with a pipe to type commands into.
func startInteractive(t *testing.T, home string, args ...string) (*started, io.WriteCloser) {
	t.Helper()
	var stdin io.WriteCloser
	s := startWith(t, home, &stdin, args...)
	return s, stdin
}

// startWith starts mockround; with stdin non-nil it gets a pipe to the
// process's standard input, else standard input is empty.
func startWith(t *testing.T, home string, stdin *io.WriteCloser, args ...string) *started {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "MOCKROUND_HOME="+home)
	if stdin != nil {
		w, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		*stdin = w
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &started{cmd: cmd, lines: make(chan string, 1000), done: make(chan struct{})}
	cmd.Stderr = &s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			s.out.WriteString(sc.Text() + "\n")
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return s
}

// waitFor returns once a line containing want is printed.
func (s *started) waitFor(t *testing.T, want string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				t.Fatalf("mockround ended before printing %q", want)
			}
			if strings.Contains(l, want) {
				return
			}
		case <-deadline:
			t.Fatalf("no %q within %s", want, within)
		}
	}
}

// wait waits for the process and returns its exit status.
func (s *started) wait(t *testing.T) int {
	t.Helper()
	for range s.lines {
	}
	<-s.done
	err := s.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

func onlySession(t *testing.T, home string) (dir string, rec *session.Record) {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(home, "sessions", "*"))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("session directories: %v (err %v), want exactly one", dirs, err)
	}
	rec, err = session.Load(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	return dirs[0], rec
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// TestRunRecordsSpokenAnswer is the main job end to end: one question, a
// six-second answer while speech plays into the microphone.
func TestRunRecordsSpokenAnswer(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	audiotest.RequireTools(t, "ffprobe", "python3")
	home, tmp := t.TempDir(), t.TempDir()
	clip := audiotest.Speech(t, tmp, "answer", "I start by reproducing the bug, then bisect, then write a failing test.", 44100, 0, 0)

	s := start(t, home, "run", "--plain", "--round", "behavioral", "--count", "1", "--prep", "0", "--answer", "6s", "--overtime", "0", "--seed", "7")
	s.waitFor(t, "Question 1 of 1", 5*time.Second)
	s.waitFor(t, "· recording", 10*time.Second)
	audiotest.Play(t, clip)
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, s.out.String(), s.stderr.String())
	}
	if s.stderr.Len() != 0 {
		t.Errorf("stderr is not quiet:\n%s", s.stderr.String())
	}

	dir, rec := onlySession(t, home)
	if m := mode(t, dir); m != 0o700 {
		t.Errorf("session directory mode %o, want 700", m)
	}
	// The answer ran to its time, so a follow-up was asked and recorded
	// as its own take, after it.
	if rec.Status != session.SessionComplete || rec.Plan.Seed != 7 || len(rec.Takes) != 2 || rec.Takes[0].Status != session.TakeDone ||
		rec.Takes[0].FollowUp != "" || rec.Takes[1].FollowUp == "" || rec.Takes[1].Status != session.TakeDone {
		t.Fatalf("session.json: status %s seed %d takes %+v", rec.Status, rec.Plan.Seed, rec.Takes)
	}
	if !strings.Contains(s.out.String(), "Follow-up to question 1 of 1\n  "+rec.Takes[1].FollowUp) {
		t.Errorf("the follow-up was not asked on screen:\n%s", s.out.String())
	}
	if info, err := audio.ReadInfo(filepath.Join(dir, rec.Takes[1].File)); err != nil || !info.HeaderOK() || info.Frames() != rec.Takes[1].Frames ||
		math.Abs(info.Duration().Seconds()-6) > 0.1 {
		t.Errorf("the follow-up's take %s: %+v, %v; want a valid WAV of about 6 s", rec.Takes[1].File, info, err)
	}
	wav := filepath.Join(dir, rec.Takes[0].File)
	if m := mode(t, wav); m != 0o600 {
		t.Errorf("WAV mode %o, want 600", m)
	}
	if wavs, _ := filepath.Glob(filepath.Join(dir, "[0-9]*.wav")); len(wavs) != 2 {
		t.Errorf("WAVs %v, want two: the answer and its follow-up", wavs)
	}
	info, err := audio.ReadInfo(wav)
	if err != nil {
		t.Fatal(err)
	}
	if !info.HeaderOK() || info.Channels != 1 || info.BitsPerSample != 16 {
		t.Errorf("WAV %+v: want a truthful header, mono, 16-bit", info)
	}
	if d := info.Duration() - 6*time.Second; d < -50*time.Millisecond || d > 50*time.Millisecond {
		t.Errorf("WAV lasts %s, want 6.00 ± 0.05 s", info.Duration())
	}

	// Other tools read it the same way.
	soxLen := toolSeconds(t, "soxi", "-D", wav)
	ffLen := toolSeconds(t, "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", wav)
	pyLen := toolSeconds(t, "python3", "-c", "import sys,wave; w=wave.open(sys.argv[1]); assert w.getnchannels()==1 and w.getsampwidth()==2; print(w.getnframes()/w.getframerate())", wav)
	for name, l := range map[string]float64{"sox": soxLen, "ffprobe": ffLen, "python wave": pyLen} {
		if l < 5.95 || l > 6.05 {
			t.Errorf("%s says %.3f s, want 6.00 ± 0.05", name, l)
		}
	}

	rec2, rate := audiotest.Samples(t, wav)
	ref, _ := audiotest.Samples(t, clip)
	if rate != 44100 {
		// The device runs at 48 kHz: compare at that rate.
		ref, _ = audiotest.Samples(t, audiotest.Speech(t, tmp, "answer48", "I start by reproducing the bug, then bisect, then write a failing test.", rate, 0, 0))
	}
	m := audiotest.Find(rec2, ref, rate, 3*time.Second)
	t.Logf("take holds the clip: %s", m)
	if m.Envelope < 0.9 {
		t.Errorf("the take does not hold the speech played: %s", m)
	}
}

func toolSeconds(t *testing.T, name string, args ...string) float64 {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s rejects the WAV: %v\n%s", name, err, out)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatalf("%s printed %q", name, out)
	}
	return v
}

// TestInterruptKeepsTake sends SIGINT three seconds into a 20 s take.
func TestInterruptKeepsTake(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home, tmp := t.TempDir(), t.TempDir()
	clip := audiotest.Speech(t, tmp, "talk", "Let me describe the architecture. There are three services and a queue between them.", 44100, 0, 0)
	s := start(t, home, "run", "--plain", "--round", "technical", "--count", "1", "--prep", "0", "--answer", "20s")
	s.waitFor(t, "· recording", 10*time.Second)
	audiotest.Play(t, clip)
	time.Sleep(3 * time.Second)
	if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := s.wait(t); code != 130 {
		t.Fatalf("exit %d, want 130\nstdout:\n%s\nstderr:\n%s", code, s.out.String(), s.stderr.String())
	}
	dir, rec := onlySession(t, home)
	if rec.Status != session.SessionInterrupted || len(rec.Takes) != 1 || rec.Takes[0].Status != session.TakeInterrupted {
		t.Fatalf("session.json: status %s takes %+v", rec.Status, rec.Takes)
	}
	info, err := audio.ReadInfo(filepath.Join(dir, rec.Takes[0].File))
	if err != nil {
		t.Fatal(err)
	}
	if !info.HeaderOK() {
		t.Errorf("header sizes %d/%d disagree with the %d bytes present", info.HeaderRIFF, info.HeaderData, info.DataBytes)
	}
	if d := info.Duration(); d < 2700*time.Millisecond || d > 3300*time.Millisecond {
		t.Errorf("take lasts %s, want about 3 s", d)
	}
	if got := rec.Takes[0].Length(); got != info.Duration() {
		t.Errorf("session.json says %s, the file holds %s", got, info.Duration())
	}
	if !strings.Contains(s.out.String(), "interrupted") || !strings.Contains(s.out.String(), dir) {
		t.Errorf("the output does not say the session was interrupted and where it is:\n%s", s.out.String())
	}
}

// TestNoAudioChatter checks that PortAudio's backends print nothing a user sees.
func TestNoAudioChatter(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	cmd := exec.Command(binary, "devices")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("devices: %v\n%s", err, stderr.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("devices wrote to stderr:\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "input") {
		t.Errorf("no default input marked:\n%s", stdout.String())
	}
}

// TestMissingDeviceFailsBeforeFirstQuestion names the device and the next steps.
func TestMissingDeviceFailsBeforeFirstQuestion(t *testing.T) {
	home := t.TempDir()
	cmd := exec.Command(binary, "run", "--plain", "--device", "no-such-microphone")
	cmd.Env = append(os.Environ(), "MOCKROUND_HOME="+home)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr, cmd.Stdin = &stdout, &stderr, strings.NewReader("")
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitUsage {
		t.Fatalf("err %v, want exit %d (a device that does not exist is a mistake in the command line)", err, exitUsage)
	}
	for _, want := range []string{"no-such-microphone", "mockround devices", "--no-record"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("error does not mention %q:\n%s", want, stderr.String())
		}
	}
	if strings.Contains(stdout.String(), "Question") {
		t.Errorf("a question was shown before the device error:\n%s", stdout.String())
	}
	if strings.Contains(stderr.String(), "ALSA lib") {
		t.Errorf("ALSA chatter reached the user:\n%s", stderr.String())
	}
	if dirs, _ := filepath.Glob(filepath.Join(home, "sessions", "*")); len(dirs) != 0 {
		t.Errorf("sessions left behind: %v", dirs)
	}
}
