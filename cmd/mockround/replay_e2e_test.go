package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
)

// recordSession runs a real one-question round with speech playing and
// returns the session's directory and record.
func recordSession(t *testing.T, home string, count int) (string, *session.Record) {
	t.Helper()
	tmp := t.TempDir()
	clip := audiotest.Speech(t, tmp, "answer", "My first step is always to write down what I know and what I do not.", 44100, 0, 0)
	s := start(t, home, "run", "--plain", "--round", "behavioral", "--count", strconv.Itoa(count), "--prep", "0", "--answer", "5s", "--overtime", "0")
	s.waitFor(t, "· recording", 10*time.Second)
	audiotest.Play(t, clip)
	if code := s.wait(t); code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, s.out.String(), s.stderr.String())
	}
	return onlySession(t, home)
}

// TestReplayPlaysThroughTheSpeaker replays a recorded answer through beep
// into the virtual speaker, records the speaker's monitor, and checks that
// what came out is the recording.
func TestReplayPlaysThroughTheSpeaker(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	home := t.TempDir()
	dir, rec := recordSession(t, home, 1)
	wav := filepath.Join(dir, rec.Takes[0].File)

	captured := filepath.Join(t.TempDir(), "captured.wav")
	rate := rec.Takes[0].SampleRate
	parec := exec.Command("parecord", "--device="+audiotest.MonitorSource(t), "--rate="+strconv.Itoa(rate), "--channels=1", "--format=s16le", "--file-format=wav", captured)
	if err := parec.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	s := start(t, home, "replay", "--plain", "last", "1")
	code := s.wait(t)
	time.Sleep(300 * time.Millisecond)
	parec.Process.Signal(syscall.SIGINT)
	parec.Wait()
	if code != 0 {
		t.Fatalf("replay: exit %d\n%s\n%s", code, s.out.String(), s.stderr.String())
	}
	for _, want := range []string{rec.Takes[0].Question, "finished", "end of replay"} {
		if !strings.Contains(s.out.String(), want) {
			t.Errorf("replay output lacks %q:\n%s", want, s.out.String())
		}
	}
	if s.stderr.Len() != 0 {
		t.Errorf("replay wrote to stderr:\n%s", s.stderr.String())
	}
	played, _ := audiotest.Samples(t, captured)
	orig, _ := audiotest.Samples(t, wav)
	if audiotest.RMS(orig) < 0.01 {
		t.Fatalf("the recorded answer is near silent (RMS %.4f): nothing to compare", audiotest.RMS(orig))
	}
	m := audiotest.Find(played, orig, rate, 3*time.Second)
	t.Logf("speaker output vs recording: %s", m)
	if m.Envelope < 0.9 || m.Wave < 0.6 {
		t.Errorf("what the speaker played is not the recording: %s", m)
	}
}

// TestReplayWithoutOutputDevice: no PulseAudio and no ALSA device. beep's
// speaker starts without error and never plays; replay must fail fast.
func TestReplayWithoutOutputDevice(t *testing.T) {
	home := t.TempDir()
	writeSession(t, home, "20261127T090000Z-aaaaaa", 2)
	emptyConf := filepath.Join(t.TempDir(), "asound.conf")
	mustWrite(t, emptyConf, nil)
	cmd := exec.Command(binary, "replay", "--plain")
	cmd.Env = append(os.Environ(), "MOCKROUND_HOME="+home, "PULSE_SERVER=unix:/nonexistent", "ALSA_CONFIG_PATH="+emptyConf)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	began := time.Now()
	err := cmd.Run()
	took := time.Since(began)
	if err == nil {
		t.Fatal("replay succeeded with no output device")
	}
	if took > 5*time.Second {
		t.Errorf("replay took %s to give up, want under 5 s", took)
	}
	if !strings.Contains(stderr.String(), "output device") {
		t.Errorf("the error does not name the output device:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "ALSA lib") {
		t.Errorf("ALSA chatter reached the user:\n%s", stderr.String())
	}
}

// TestReviewPlainStoresRatings is the review from the issue: two answers.
func TestReviewPlainStoresRatings(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-bbbbbb", 2)
	code, out, errOut := runMain(t, home, "4\nclear structure\n2\n\n", "review", "--plain", "last")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Takes[0].Rating != 4 || rec.Takes[0].Notes != "clear structure" || rec.Takes[1].Rating != 2 || rec.Takes[1].Notes != "" {
		t.Errorf("stored %d %q, %d %q", rec.Takes[0].Rating, rec.Takes[0].Notes, rec.Takes[1].Rating, rec.Takes[1].Notes)
	}
	if !strings.Contains(out, "Reviewed 2 takes") {
		t.Errorf("output:\n%s", out)
	}
	_, out, _ = runMain(t, home, "", "sessions")
	if !strings.Contains(out, "3.0") {
		t.Errorf("sessions does not show the mean rating 3.0:\n%s", out)
	}
}

func TestReviewQuitKeepsWhatWasReviewed(t *testing.T) {
	for name, input := range map[string]string{"q": "5\ngood pace\nq\n", "end of input": "5\ngood pace\n"} {
		t.Run(name, func(t *testing.T) {
			home := t.TempDir()
			dir := writeSession(t, home, "20261127T090000Z-cccccc", 2)
			if code, _, errOut := runMain(t, home, input, "review", "--plain"); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			rec, _ := session.Load(dir)
			if rec.Takes[0].Rating != 5 || rec.Takes[0].Notes != "good pace" || rec.Takes[1].Rating != 0 {
				t.Errorf("takes %+v", rec.Takes)
			}
		})
	}
}

func TestReviewRejectsBadRatingsAndMarksBest(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-dddddd", 1)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	second := rec.Takes[0]
	second.Take, second.File = 2, session.WAVName(1, second.QuestionID, 2)
	rec.Takes = append(rec.Takes, second)
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	writeTone(t, filepath.Join(dir, second.File))

	code, out, _ := runMain(t, home, "9\nx\n3\n\n4\nbetter\n7\n2\n", "review", "--plain")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if rec, err = session.Load(dir); err != nil {
		t.Fatal(err)
	}
	if rec.Takes[0].Rating != 3 || rec.Takes[1].Rating != 4 || rec.Takes[1].Notes != "better" || rec.Takes[0].Best || !rec.Takes[1].Best {
		t.Errorf("takes %+v", rec.Takes)
	}
	if !strings.Contains(out, `"9" is not a rating`) || !strings.Contains(out, `"7" is not one of the takes`) {
		t.Errorf("bad input not explained:\n%s", out)
	}
	// replay now defaults to the best take.
	l, err := session.NewStore(home).Resolve("last")
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Record.Answers()[0].Chosen().Take; got != 2 {
		t.Errorf("chosen take %d, want the best, 2", got)
	}
}

func TestSessionArgumentStaysInside(t *testing.T) {
	home := t.TempDir()
	writeSession(t, home, "20261127T090000Z-eeeeee", 1)
	// A valid session elsewhere, linked into the sessions directory.
	outside := writeSession(t, t.TempDir(), "20261127T100000Z-ffffff", 1)
	if err := os.Symlink(outside, filepath.Join(home, "sessions", "20261127T100000Z-ffffff")); err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{
		"../": "not a path", "/etc": "not a path", "..": "not a path",
		"20261127T100000Z-ffffff": "is a symbolic link, which mockround does not follow", "nope": "no session", // links are not sessions
	} {
		code, _, errOut := runMain(t, home, "5\n\n", "review", "--plain", arg)
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("review %q: exit %d, stderr %q; want failure saying %q", arg, code, errOut, want)
		}
	}
	rec, _ := session.Load(outside)
	if rec.Takes[0].Rating != 0 {
		t.Error("review wrote into a session outside the sessions directory")
	}
}
