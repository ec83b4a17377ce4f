package main

import (
	"bytes"
	"context"
	le "encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/audio/capture"
	"github.com/mockround/mockround/internal/audiotest"
	"github.com/mockround/mockround/session"
)

// Hostile files and unlucky moments, each run in-process on files made
// here: nothing is written outside the data directory, nothing recorded is
// lost, every refusal names the file and the problem.

// lyingWAV is a WAV whose header says it holds no audio (as a killed
// recording leaves it), which repair would rewrite.
func lyingWAV(t *testing.T, path string) []byte {
	t.Helper()
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	writeTone(t, path)
	data := mustRead(t, path)
	le.LittleEndian.PutUint32(data[4:], 36)
	le.LittleEndian.PutUint32(data[40:], 0)
	mustWrite(t, path, data)
	return data
}

func TestFaultSymlinkedTake(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-11111a", 1)
	outside := filepath.Join(t.TempDir(), "elsewhere.wav")
	before := lyingWAV(t, outside)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	take := filepath.Join(dir, rec.Takes[0].File)
	if err := os.Remove(take); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, take); err != nil {
		t.Fatal(err)
	}
	// Marked running, as a crash leaves it: every command repairs such a
	// session by itself, sessions included.
	rec.Status, rec.Takes[0].Status = session.SessionRunning, session.TakeRecording
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"sessions"}, {"repair"}, {"repair", "last"}, {"replay", "--plain", "last"}, {"report", "last"}} {
		code, out, errOut := runMain(t, home, "", args...)
		if !strings.Contains(out+errOut, "symbolic link") {
			t.Errorf("%v: exit %d, the link not named:\n%s%s", args, code, out, errOut)
		}
	}
	if after := mustRead(t, outside); !bytes.Equal(after, before) {
		t.Fatalf("the file outside the data directory was changed through the link")
	}
	faultLine(t, "symlinked take", "a take's WAV is a link to a WAV outside, session marked running; sessions, repair, replay, report",
		"the link named and refused by each; the outside file unchanged", "nothing")
}

func TestFaultSymlinkedSessionDir(t *testing.T) {
	home := t.TempDir()
	writeSession(t, home, "20261127T090000Z-22222a", 1)
	outside := writeSession(t, t.TempDir(), "20261128T090000Z-22222b", 1)
	wav := filepath.Join(outside, session.WAVName(1, "code-review", 1))
	before := lyingWAV(t, wav)
	if err := os.Symlink(outside, filepath.Join(home, "sessions", "20261128T090000Z-22222b")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"repair"}, {"report", "20261128T090000Z-22222b"}, {"review", "--plain", "20261128T090000Z-22222b"}} {
		code, out, errOut := runMain(t, home, "5\n\n", args...)
		if !strings.Contains(out+errOut, "symbolic link") {
			t.Errorf("%v: exit %d, the link not named:\n%s%s", args, code, out, errOut)
		}
	}
	if code, out, _ := runMain(t, home, "", "report"); code != 0 || !strings.Contains(out, "20261127T090000Z-22222a") {
		t.Errorf("last should pass by the link to the real session: exit %d\n%s", code, out)
	}
	if after := mustRead(t, wav); !bytes.Equal(after, before) {
		t.Fatal("a WAV in the linked directory was changed")
	}
	faultLine(t, "symlinked session dir", "a session directory that is a link elsewhere; repair, report, review",
		"named and refused; last passes it by; nothing outside changed", "nothing")
}

func TestFaultHostileFmtChunk(t *testing.T) {
	for _, tc := range []struct {
		name  string
		off   int
		value uint16
		want  string
	}{
		{"bits per sample 0xFFF8", 34, 0xFFF8, "bits"},
		{"65535 channels", 22, 0xFFFF, "channels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			dir := writeSession(t, home, "20261127T090000Z-33333a", 1)
			rec, err := session.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, rec.Takes[0].File)
			data := lyingWAV(t, path)
			le.LittleEndian.PutUint16(data[tc.off:], tc.value)
			mustWrite(t, path, data)
			rec.Status, rec.Takes[0].Status = session.SessionRunning, session.TakeRecording
			if err := session.Save(dir, rec); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"repair", "last"}, {"replay", "--plain", "last"}} {
				_, out, errOut := runMain(t, home, "", args...)
				if !strings.Contains(out+errOut, "not a WAV file") || !strings.Contains(out+errOut, tc.want) {
					t.Errorf("%v: the bad %s not named:\n%s%s", args, tc.want, out, errOut)
				}
			}
			if after := mustRead(t, path); !bytes.Equal(after, data) {
				t.Errorf("the file was modified: %d bytes, was %d", len(after), len(data))
			}
			after, err := session.Load(dir)
			if err != nil || after.Takes[0].Frames != rec.Takes[0].Frames {
				t.Errorf("the take's frames in session.json changed: %+v, %v", after.Takes[0], err)
			}
			faultLine(t, "hostile fmt chunk", tc.name+" in a take's header; repair, replay",
				"reported as not a WAV naming the field; file and session.json unchanged", "nothing")
		})
	}
}

func TestFaultBadRateAndRatings(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-44444a", 2)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, rec.Takes[0].File)
	data := mustRead(t, path)
	le.LittleEndian.PutUint32(data[24:], 0xFFFFFFFF)
	mustWrite(t, path, data)
	code, _, errOut := runMain(t, home, "", "replay", "--plain", "last", "1")
	if code != exitUsage || !strings.Contains(errOut, "not a WAV file") || strings.Contains(errOut, "output device") {
		t.Errorf("replay of a WAV at 0xFFFFFFFF Hz: exit %d, want 2 saying the file is bad:\n%s", code, errOut)
	}
	for _, rating := range []string{"-5", "99"} {
		raw := mustRead(t, filepath.Join(dir, session.RecordFile))
		fixed := bytes.Replace(raw, []byte(`"status": "done"`), []byte(`"status": "done", "rating": `+rating), 1)
		mustWrite(t, filepath.Join(dir, session.RecordFile), fixed)
		code, _, errOut := runMain(t, home, "", "report", "last", "--html", filepath.Join(t.TempDir(), "r.html"))
		if code != exitUsage || !strings.Contains(errOut, "takes[0].rating: "+rating) || !strings.Contains(errOut, session.RecordFile) {
			t.Errorf("rating %s: exit %d, want 2 naming the file and takes[0].rating:\n%s", rating, code, errOut)
		}
		mustWrite(t, filepath.Join(dir, session.RecordFile), raw)
	}
	faultLine(t, "bad numbers", "a WAV at 0xFFFFFFFF Hz; ratings -5 and 99 in session.json",
		"replay: exit 2, the file is bad (not the speaker); report: exit 2 naming takes[0].rating", "nothing")
}

func TestFaultSessionsDirModeKept(t *testing.T) {
	home := t.TempDir()
	sessions := filepath.Join(home, "sessions")
	if err := os.Mkdir(sessions, 0o500); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runMain(t, home, "", "run", "--plain", "--no-record", "--round", "behavioral", "--count", "1",
		"--prep", "0", "--answer", "1s", "--overtime", "0", "--follow-ups=false")
	st, err := os.Stat(sessions)
	if err != nil || st.Mode().Perm() != 0o500 {
		t.Fatalf("the sessions directory's mode is %v (%v), want the user's 0500 kept", st.Mode().Perm(), err)
	}
	if os.Geteuid() == 0 {
		// Root writes in any directory: the refusal needs another user.
		sessions, code, errOut = runAsNobody(t, "run", "--plain", "--no-record", "--round", "behavioral", "--count", "1",
			"--prep", "0", "--answer", "1s", "--overtime", "0", "--follow-ups=false")
	}
	if code == 0 || !strings.Contains(errOut, sessions) {
		t.Errorf("an unwritable sessions directory: exit %d, want a failure naming it:\n%s", code, errOut)
	}
	if entries, err := os.ReadDir(sessions); err != nil || len(entries) != 0 {
		t.Errorf("the unwritable sessions directory holds %d entries (%v)", len(entries), err)
	}
	faultLine(t, "sessions dir 0500", "run with a sessions directory the user made 0500",
		"its mode kept; without write permission a clear error naming it", "nothing")
}

func TestFaultCorruptLast(t *testing.T) {
	home := t.TempDir()
	writeSession(t, home, "20261127T090000Z-55555a", 1)
	bad := filepath.Join(home, "sessions", "20261128T090000Z-55555b", session.RecordFile)
	mustWrite(t, bad, []byte(`{"format": 1, "id": "20261128T090000Z-55555b",`))
	for _, args := range [][]string{{"replay", "--plain"}, {"review", "--plain", "last"}, {"report"}} {
		code, _, errOut := runMain(t, home, "", args...)
		if code != exitUsage || !strings.Contains(errOut, bad) || !strings.Contains(errOut, "unexpected end of JSON input") {
			t.Errorf("%v: exit %d, want 2 naming %s and the parse error:\n%s", args, code, bad, errOut)
		}
	}
	faultLine(t, "corrupt newest session", "session.json of the newest session cut short; replay, review, report with no SESSION",
		"exit 2 naming the file, line and column and how to reach an older session", "nothing")
}

// lateMic is a microphone whose takes begin 300 ms after they are asked
// for, as a device waking up does; it writes a WAV of silence.
type lateMic struct {
	w     *audio.Writer
	start time.Time
}

func (m *lateMic) StartTake(path string) (err error) {
	m.start = time.Now().Add(300 * time.Millisecond)
	m.w, err = audio.CreateWAV(path, 44100)
	return err
}
func (m *lateMic) TakeStart() time.Time                          { return m.start }
func (m *lateMic) WaitLive(context.Context, time.Duration) error { return nil }
func (m *lateMic) Pause()                                        {}
func (m *lateMic) Resume()                                       {}
func (m *lateMic) StopTake() (capture.TakeResult, error) {
	n := max(int(time.Since(m.start).Seconds()*44100), 0)
	err := errors.Join(m.w.Write(make([]int16, n)), m.w.Close())
	an := audio.Analysis{PeakDBFS: -20}
	return capture.TakeResult{Path: m.w.Path(), Frames: int64(n), Rate: 44100, Analysis: an}, err
}
func (m *lateMic) Level() audio.Level        { return audio.SilentLevel }
func (m *lateMic) LoudestSince() audio.Level { return audio.SilentLevel }
func (m *lateMic) DeviceName() string        { return "late" }
func (m *lateMic) Rate() int                 { return 44100 }
func (m *lateMic) Faults() <-chan error      { return nil }
func (m *lateMic) Close() error              { return nil }

// TestFaultCountdownOfALateTake: with --answer 3s and no prep, question 2
// showed 0:03 and then "0:04 left": question 1's time ran out, question 2's
// take began a moment later (a device waking up), and the engine counted
// from the moment question 1 ended.
func TestFaultCountdownOfALateTake(t *testing.T) {
	t.Setenv("MOCKROUND_HOME", t.TempDir())
	var out, errOut strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OpenInput = func(capture.InputConfig) (microphone, error) { return &lateMic{}, nil }
	code := execute(context.Background(), f, []string{"run", "--plain", "--round", "behavioral", "--count", "2",
		"--prep", "0", "--answer", "3s", "--warn", "0", "--overtime", "0", "--follow-ups=false"}, nil)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	q2 := out.String()[strings.Index(out.String(), "Question 2 of 2"):]
	if strings.Contains(q2, "0:04 left") || !strings.Contains(q2, "answer 0:03") {
		t.Fatalf("question 2's countdown went above its limit:\n%s", q2)
	}
	faultLine(t, "late take after a timeout", "--answer 3s --prep 0; question 2's take begins 300 ms after question 1 ends",
		"question 2 counts down from 0:03, never above", "nothing")
}

// TestFaultReadOnlyReview: on a disk that became read-only, review says the
// change was not saved, and never "saved in".
func TestFaultReadOnlyReview(t *testing.T) {
	audiotest.SkipShort(t)
	home := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", home).CombinedOutput(); err != nil {
		if audiotest.InCI() {
			t.Fatalf("mount tmpfs: %v %s", err, out)
		}
		t.Skipf("cannot mount a filesystem here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", home).Run() })
	writeSession(t, home, "20261127T090000Z-66666a", 1)
	if out, err := exec.Command("mount", "-o", "remount,ro", home).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	code, out, errOut := runMain(t, home, "4\nnotes\n", "review", "--plain", "last")
	if code == 0 || strings.Contains(out, "saved in") || !strings.Contains(out, "NOT saved") || !strings.Contains(errOut, "read-only file system") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	faultLine(t, "read-only disk in review", "review --plain after the disk became read-only",
		"exit 1 with the cause; says the change was NOT saved, never 'saved in'", "the rating given then")
}

// hostileText is the escape string of the issue: clear the screen, set the
// window title, ring the bell, write the clipboard (OSC 52), carriage
// return, backspace and the C1 CSI.
const hostileText = "\x1b[2J\x1b]0;TITLE\a\x1b]52;c;aGk=\a\r\b\u009b"

// rawControl matches a control character a terminal would act on (a
// newline ends a line and is allowed).
var rawControl = regexp.MustCompile("[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f]")

// TestFaultEscapes: a bank carrying terminal escapes is refused by
// questions check with the place of each, and a session.json carrying them
// reaches no terminal raw through report, review or sessions.
func TestFaultEscapes(t *testing.T) {
	home := t.TempDir()
	bankPath := filepath.Join(t.TempDir(), "hostile.json")
	mustWrite(t, bankPath, []byte(`{"title": "Bank\u001b]0;TITLE\u0007",
 "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C",
  "questions": [{"id": "q", "text": "Why\u001b]52;c;aGk=\u0007?", "talking_points": ["ring\u0007"]}]}]}]}
`))
	code, out, errOut := runMain(t, home, "", "questions", "check", bankPath)
	if code != exitUsage {
		t.Errorf("questions check of a bank with escapes: exit %d, want 2\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		bankPath + ":1:11: title: contains 2 control characters, the first (U+001B ESC) at character 5",
		bankPath + ":3:37: rounds[0].categories[0].questions[0].text: contains 2 control characters, the first (U+001B ESC) at character 4",
		bankPath + ":3:86: rounds[0].categories[0].questions[0].talking_points[0]: contains a control character (U+0007 BEL) at character 5",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("questions check does not say %q:\n%s", want, out)
		}
	}
	if rawControl.MatchString(out + errOut) {
		t.Errorf("questions check printed a raw control character: %q", out+errOut)
	}

	dir := writeSession(t, home, "20261127T090000Z-77777a", 1)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec.Error = "Err" + hostileText
	rec.Bank.Title = "Bank" + hostileText
	rec.Plan.Rounds[0] += hostileText
	rec.Device.Name = "Mic" + hostileText
	tk := &rec.Takes[0]
	tk.Question, tk.RoundTitle, tk.CategoryTitle = "Why"+hostileText+"?", "Round"+hostileText, "Cat"+hostileText
	tk.Rating, tk.Notes = 3, "rambled"+hostileText
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	if raw := mustRead(t, filepath.Join(dir, session.RecordFile)); !strings.Contains(string(raw), `\u001b]52;c;aGk=`) {
		t.Fatalf("the session does not carry the escapes:\n%s", raw)
	}
	for _, tc := range []struct {
		args    []string
		visible string // what it must show (the escape made visible)
	}{
		{[]string{"report", "last"}, `Why\x1b[2J\x1b]0;TITLE\a\x1b]52;c;aGk=\a\r\b\u009b?`},
		{[]string{"review", "--plain", "last"}, `Why\x1b[2J`},
		{[]string{"sessions"}, "20261127T0900"}, // its table shows the round's initial only
	} {
		args := tc.args
		code, out, errOut := runMain(t, home, "\n\n", args...)
		if code != 0 || !strings.Contains(out, tc.visible) {
			t.Errorf("%v: exit %d, want 0 showing %s\n%s%s", args, code, tc.visible, out, errOut)
		}
		if m := rawControl.FindString(out + errOut); m != "" {
			t.Errorf("%v printed the raw control character %q:\n%q", args, m, out+errOut)
		}
	}
	faultLine(t, "terminal escapes", "ESC[2J, OSC 0 title, OSC 52 clipboard, BEL, CR, BS, CSI in a bank and in every text field of session.json",
		"questions check refuses the bank naming file:line:col; report, review --plain, sessions show them made visible", "nothing")
}
