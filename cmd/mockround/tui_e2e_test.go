package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
)

// These tests drive the real binary in a real terminal: tmux runs it in a
// detached session of its own, the test types with send-keys and reads the
// screen with capture-pane.

// terminal is a tmux server with one window running one command.
type terminal struct {
	t      *testing.T
	sock   string
	status string // the command's exit status is written here
}

// newTerminal runs command (a shell command line) in a width x height
// terminal, with env added to its environment.
func newTerminal(t *testing.T, width, height int, env []string, command string) *terminal {
	t.Helper()
	audiotest.RequireTools(t, "tmux")
	dir, err := os.MkdirTemp("", "mr-tmux-") // short: a socket path has a length limit
	if err != nil {
		t.Fatal(err)
	}
	x := &terminal{t: t, sock: filepath.Join(dir, "s"), status: filepath.Join(dir, "status")}
	var sets []string
	for _, e := range env {
		sets = append(sets, shellQuote(e))
	}
	line := fmt.Sprintf("env %s %s; echo $? > %s; sleep 60", strings.Join(sets, " "), command, shellQuote(x.status))
	x.tmux("-f", "/dev/null", "new-session", "-d", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), line)
	t.Cleanup(func() {
		exec.Command("tmux", "-S", x.sock, "kill-server").Run()
		os.RemoveAll(dir)
	})
	return x
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (x *terminal) tmux(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", x.sock}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen is what the terminal shows now.
func (x *terminal) screen() string { return x.tmux("capture-pane", "-p") }

// keys types keys, in tmux's names (Enter, Space, Left, or plain text).
func (x *terminal) keys(keys ...string) { x.tmux(append([]string{"send-keys"}, keys...)...) }

// waitFor polls the screen until ok accepts it, passing every screen seen
// to each, and returns the screen accepted.
func (x *terminal) waitFor(what string, within time.Duration, ok func(string) bool, each ...func(string)) string {
	x.t.Helper()
	deadline := time.Now().Add(within)
	var s string
	for time.Now().Before(deadline) {
		s = x.screen()
		for _, f := range each {
			f(s)
		}
		if ok(s) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	x.t.Fatalf("no %s within %s; the screen:\n%s", what, within, s)
	return ""
}

func shows(want string) func(string) bool {
	return func(s string) bool { return strings.Contains(s, want) }
}

// exitStatus waits for the command to end and returns its status.
func (x *terminal) exitStatus(within time.Duration) int {
	x.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(x.status); err == nil && strings.HasSuffix(string(b), "\n") {
			n, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				x.t.Fatalf("status file: %q", b)
			}
			return n
		}
		time.Sleep(100 * time.Millisecond)
	}
	x.t.Fatalf("the command did not end within %s; the screen:\n%s", within, x.screen())
	return 0
}

// flatten joins a screen's words, so wrapped text can be found whole.
func flatten(screen string) string { return strings.Join(strings.Fields(screen), " ") }

var (
	stageRe = regexp.MustCompile(`(PREP|ANSWERING|WARNING|PAUSED) · (\d+):(\d\d) left`)
	meterRe = regexp.MustCompile(`(?m)^input .* (-?\d+|-inf) dBFS · peak`)
)

// TestFullScreenRound runs a whole round in the full-screen face while
// speech plays into the virtual microphone.
func TestFullScreenRound(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home, tmp := t.TempDir(), t.TempDir()
	clip := audiotest.Speech(t, tmp, "answer", "First I reproduce the problem. Then I narrow it down, one change at a time, until the cause is plain.", 44100, 0, 0)
	x := newTerminal(t, 100, 30, []string{"MOCKROUND_HOME=" + home},
		shellQuote(binary)+" run --round behavioral --count 1 --seed 7 --prep 3s --answer 12s --warn 5s --overtime 30s")

	var (
		screens   = map[string]string{} // the first screen of each stage
		answering []int                 // seconds left, as shown while answering
		loudest   = -200
	)
	watch := func(s string) {
		if m := stageRe.FindStringSubmatch(s); m != nil {
			if _, seen := screens[m[1]]; !seen {
				screens[m[1]] = s
			}
			if m[1] == "ANSWERING" {
				mm, _ := strconv.Atoi(m[2])
				ss, _ := strconv.Atoi(m[3])
				if n := mm*60 + ss; len(answering) == 0 || answering[len(answering)-1] != n {
					answering = append(answering, n)
				}
			}
		}
		if m := meterRe.FindStringSubmatch(s); m != nil && m[1] != "-inf" {
			if v, _ := strconv.Atoi(m[1]); v > loudest {
				loudest = v
			}
		}
	}
	x.waitFor("the prep countdown", 10*time.Second, shows("PREP ·"), watch)
	x.waitFor("the answer stage", 10*time.Second, shows("ANSWERING ·"), watch)
	audiotest.Play(t, clip)
	x.waitFor("the warning stage", 15*time.Second, shows("WARNING ·"), watch)
	over := x.waitFor("overtime", 10*time.Second, shows("OVERTIME ·"), watch)
	screens["OVERTIME"] = over
	x.keys("q", "q") // q asks once more
	end := x.waitFor("the end screen", 10*time.Second, shows("Session ended early (quit)"))

	for _, stage := range []string{"PREP", "ANSWERING", "WARNING", "OVERTIME"} {
		t.Logf("%s screen:\n%s", stage, screens[stage])
	}
	t.Logf("end screen:\n%s", end)

	// The question on screen is the one recorded; the countdown went down.
	dir, rec := onlySession(t, home)
	if len(rec.Takes) != 1 {
		t.Fatalf("takes %+v, want one", rec.Takes)
	}
	question := rec.Takes[0].Question
	if !strings.Contains(flatten(screens["PREP"]), question) {
		t.Errorf("the prep screen does not show the question %q:\n%s", question, screens["PREP"])
	}
	if len(answering) < 3 {
		t.Errorf("the answer countdown showed %v: want it seen going down", answering)
	}
	for i := 1; i < len(answering); i++ {
		if answering[i] >= answering[i-1] {
			t.Errorf("the answer countdown went %v: not decreasing", answering)
			break
		}
	}
	if loudest <= -60 {
		t.Errorf("the meter never rose above %d dBFS while speech played", loudest)
	}
	if !strings.Contains(over, "+0:0") {
		t.Errorf("overtime shows no +m:ss:\n%s", over)
	}

	// After q (in overtime): the session is saved with its WAV, the take cut
	// short by the quit.
	if rec.Status != session.SessionQuit || rec.Takes[0].Status != session.TakeStopped {
		t.Errorf("session.json: status %s, take %+v", rec.Status, rec.Takes[0])
	}
	// (A hidden .transcribe-*.wav may be there too: the background
	// transcript of the take is made while the end screen shows.)
	wavs, _ := filepath.Glob(filepath.Join(dir, "[0-9]*.wav"))
	if len(wavs) != 1 || filepath.Base(wavs[0]) != rec.Takes[0].File {
		t.Fatalf("WAVs %v, want %s", wavs, rec.Takes[0].File)
	}
	info, err := audio.ReadInfo(wavs[0])
	if err != nil || !info.HeaderOK() || info.Duration() < 12*time.Second {
		t.Errorf("WAV %+v (err %v): want a complete take of over 12 s", info, err)
	}
	for _, want := range []string{"Saved in " + dir, "mockround replay " + rec.ID, rec.Takes[0].QuestionID} {
		if !strings.Contains(flatten(end), want) {
			t.Errorf("the end screen lacks %q", want)
		}
	}

	// Any key leaves; the summary stays in the terminal.
	x.keys("x")
	if code := x.exitStatus(10 * time.Second); code != 0 {
		t.Errorf("exit %d", code)
	}
	after := x.screen()
	if !strings.Contains(after, "Session ended early (quit)") || !strings.Contains(after, "Saved in") {
		t.Errorf("no summary left in the terminal:\n%s", after)
	}
}

// TestFullScreenReplay plays a session's two answers, moving on with n.
func TestFullScreenReplay(t *testing.T) {
	audiotest.RequireVirtualMic(t) // it plays into the virtual speaker
	home := t.TempDir()
	writeSession(t, home, "20261127T090000Z-aaaaaa", 2)
	x := newTerminal(t, 80, 24, []string{"MOCKROUND_HOME=" + home}, shellQuote(binary)+" replay")
	first := x.waitFor("the first answer playing", 10*time.Second, shows("▶ PLAYING"))
	t.Logf("replay screen:\n%s", first)
	for _, want := range []string{"Answer 1 of 2", "Question about code-review", "/ 0:01", "space pause", "←/→ seek 5 s", "n next", "s speed"} {
		if !strings.Contains(first, want) {
			t.Errorf("the replay screen lacks %q", want)
		}
	}
	x.keys("Space")
	x.waitFor("pause", 5*time.Second, shows("‖ PAUSED"))
	x.keys("Space", "s")
	x.waitFor("the faster speed", 5*time.Second, shows("speed 1.25x"))
	x.keys("n")
	x.waitFor("the second answer", 5*time.Second, shows("Question about onboarding"))
	x.waitFor("the end of the replay", 10*time.Second, shows("END OF REPLAY")) // one second of tone plays out
	x.keys("q")
	if code := x.exitStatus(10 * time.Second); code != 0 {
		t.Errorf("exit %d", code)
	}
	if s := x.screen(); !strings.Contains(s, "end of replay") {
		t.Errorf("no last word in the terminal:\n%s", s)
	}
}

// TestFullScreenReview rates two takes and writes notes with keys.
func TestFullScreenReview(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-bbbbbb", 2)
	x := newTerminal(t, 80, 24, []string{"MOCKROUND_HOME=" + home}, shellQuote(binary)+" review")
	x.waitFor("the first take", 10*time.Second, shows("take 1 of 2"))
	x.keys("4")
	x.waitFor("the rating", 5*time.Second, shows("★★★★☆ 4/5"))
	x.keys("e")
	x.waitFor("the notes field", 5*time.Second, shows("notes ›"))
	x.keys("-l", "clear structure, slow start")
	x.keys("Enter")
	s := x.waitFor("the notes saved", 5*time.Second, shows("notes saved"))
	t.Logf("review screen:\n%s", s)
	x.keys("Right", "2", "q")
	if code := x.exitStatus(10 * time.Second); code != 0 {
		t.Errorf("exit %d\n%s", code, x.screen())
	}
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Takes[0].Rating != 4 || rec.Takes[0].Notes != "clear structure, slow start" || rec.Takes[1].Rating != 2 {
		t.Errorf("saved: take 1 %d %q, take 2 %d", rec.Takes[0].Rating, rec.Takes[0].Notes, rec.Takes[1].Rating)
	}
	if s := x.screen(); !strings.Contains(s, "Reviewed 2 takes") {
		t.Errorf("no last word in the terminal:\n%s", s)
	}
}
