package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// runMain runs mockround in-process with stdin and a fresh data directory.
func runMain(t *testing.T, home, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("MOCKROUND_HOME", home)
	var out, errOut strings.Builder
	code = Main(args, IO{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut})
	return code, out.String(), errOut.String()
}

func TestQuestionsJSONHoldsTheBank(t *testing.T) {
	code, out, errOut := runMain(t, t.TempDir(), "", "questions", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v bankJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range v.Rounds {
		for _, c := range r.Categories {
			for _, q := range c.Questions {
				ids[q.ID] = true
			}
		}
	}
	if len(ids) != 24 || v.Questions != 24 || len(v.Rounds) != 3 || v.Title != "METR Interview Questions - Round 1" {
		t.Errorf("got %d distinct questions, count %d, %d rounds, title %q", len(ids), v.Questions, len(v.Rounds), v.Title)
	}
	code, out, _ = runMain(t, t.TempDir(), "", "questions", "--round", "behav")
	if code != 0 || !strings.Contains(out, "Behavioral Questions") || strings.Contains(out, "Technical Questions") {
		t.Errorf("--round behav: exit %d\n%s", code, out)
	}
}

func TestQuestionsCheckReportsEveryProblem(t *testing.T) {
	bank := filepath.Join(t.TempDir(), "bad.json")
	mustWrite(t, bank, []byte(`{
  "title": "Mine",
  "rounds": [{
    "id": "tech", "title": "Tech",
    "categories": [{
      "id": "c", "title": "C",
      "questions": [
        {"id": "kv-store", "text": "Design a key-value store"},
        {"id": "kv-store", "text": ""},
        {"id": "other", "text": "Why?", "hint": "x"}
      ]
    }]
  }]
}
`))
	code, out, errOut := runMain(t, t.TempDir(), "", "questions", "check", bank)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{
		"bad.json:9:16: rounds[0].categories[0].questions[1].id: duplicate",
		"rounds[0].categories[0].questions[1].text:",
		"rounds[0].categories[0].questions[2].hint: unknown field",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "3 problem") {
		t.Errorf("stderr %q does not count 3 problems", errOut)
	}
	// The same bank given to run fails before anything starts.
	code, _, errOut = runMain(t, t.TempDir(), "", "run", "--bank", bank, "--no-record")
	if code != 2 || !strings.Contains(errOut, "mockround questions check") {
		t.Errorf("run --bank bad: exit %d\n%s", code, errOut)
	}
	code, out, _ = runMain(t, t.TempDir(), "", "questions", "check", "../../questions.json")
	if code != 0 || !strings.Contains(out, "24 questions") {
		t.Errorf("check of the shipped bank: exit %d %s", code, out)
	}
}

// TestRunHelpNamesEveryPick: run --help lists every order --pick takes,
// each with what it does.
func TestRunHelpNamesEveryPick(t *testing.T) {
	code, out, errOut := runMain(t, t.TempDir(), "", "run", "--help")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "--pick string") {
			line = l
			break
		}
	}
	for _, pick := range []string{session.PickRandom, session.PickOrdered, session.PickFresh, session.PickWeak, session.PickDue} {
		if !strings.Contains(line, pick+" (") && !strings.Contains(line, pick+",") {
			t.Errorf("--pick's help does not name %q:\n%s", pick, line)
		}
	}
}

func TestBadUsageExitsTwo(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--count", "0"}, "--count must be at least 1"},
		{[]string{"run", "--answer", "-1s"}, "--answer -1s: must be more than 0"},
		{[]string{"run", "--round", "nope"}, "technical"},
		{[]string{"run", "--round", "behavioral", "--count", "10"}, `round "behavioral" has 9 questions`},
		{[]string{"run", "--pick", "best"}, "--pick"},
		{[]string{"run", "--count", "x"}, "invalid argument"},
		{[]string{"run", "extra"}, "takes no arguments"},
		{[]string{"nonsense"}, "unknown command"},
		{[]string{"questions", "check"}, "exactly one FILE"},
		{[]string{"questions", "check", "/no/such/bank.json"}, "no such file"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			home := t.TempDir()
			code, _, errOut := runMain(t, home, "", tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
			if dirs, _ := filepath.Glob(filepath.Join(home, "sessions", "*")); len(dirs) != 0 {
				t.Errorf("a bad command left sessions: %v", dirs)
			}
		})
	}
}

func TestRunWithoutRecording(t *testing.T) {
	home := t.TempDir()
	// Skip the first question as its answer begins, answer the second
	// until its 1 s runs out.
	code, out, errOut := runMain(t, home, "s\n", "run", "--no-record", "--round", "technical", "--count", "2", "--prep", "0", "--answer", "1s", "--overtime", "0", "--seed", "3", "--follow-ups=false")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"seed 3", "Question 1 of 2", "Question 2 of 2", "timer only", "skipped", "Session complete"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in output:\n%s", want, out)
		}
	}
	_, rec := onlySession(t, home)
	// Skipped at once, question 1 keeps no take: it was skipped, not
	// answered, and its take is numbered afresh if it is asked again.
	if len(rec.Takes) != 1 || !rec.Skipped(1) || rec.Takes[0].Position != 2 || rec.Takes[0].Take != 1 ||
		rec.Takes[0].Status != session.TakeDone || rec.Takes[0].File != "" || rec.Device != nil {
		t.Errorf("takes %+v, question 1 skipped %v, device %+v; want question 1 skipped with no take, question 2's take done", rec.Takes, rec.Skipped(1), rec.Device)
	}
	// The same seed gives the same questions; quit at once, nothing is kept.
	home2 := t.TempDir()
	_, out2, _ := runMain(t, home2, "q\n", "run", "--no-record", "--round", "technical", "--count", "2", "--prep", "0", "--answer", "1s", "--overtime", "0", "--seed", "3")
	first := func(s string) string {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "Question 1 of 2") && i+1 < len(lines) {
				return lines[i+1]
			}
		}
		return ""
	}
	if first(out2) == "" || first(out2) != first(out) {
		t.Errorf("seed 3 gave %q then %q", first(out), first(out2))
	}
	if !strings.Contains(out2, ui.NotKept) {
		t.Errorf("quit at once: %q not said:\n%s", ui.NotKept, out2)
	}
	if entries, err := os.ReadDir(filepath.Join(home2, "sessions")); err != nil || len(entries) != 0 {
		t.Errorf("quit at once left %d sessions (%v); want none", len(entries), err)
	}
}

func TestSessionsListsGoodAndReportsBad(t *testing.T) {
	home := t.TempDir()
	if code, _, errOut := runMain(t, home, "", "run", "--no-record", "--round", "behavioral", "--count", "1", "--prep", "0", "--answer", "3s", "--overtime", "0", "--follow-ups=false"); code != 0 {
		t.Fatal(errOut)
	}
	bad := filepath.Join(home, "sessions", "20200101T000000Z-bad000")
	if err := os.MkdirAll(bad, 0o700); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(bad, "session.json"), []byte(`{"format": 1, "id": "x", "takes": [`))

	code, out, errOut := runMain(t, home, "", "sessions")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "  B  ") || !strings.Contains(out, "1/1") {
		t.Errorf("good session not listed:\n%s", out)
	}
	if !strings.Contains(errOut, "20200101T000000Z-bad000") || !strings.Contains(errOut, "session.json") {
		t.Errorf("bad session not reported with its file:\n%s", errOut)
	}
	code, out, _ = runMain(t, home, "", "sessions", "--json")
	var list []sessionJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if len(list) != 1 || list[0].Answered != 1 || list[0].Status != session.SessionComplete {
		t.Errorf("sessions --json: %+v", list)
	}
	code, out, _ = runMain(t, t.TempDir(), "", "sessions")
	if code != 0 || !strings.Contains(out, "No sessions yet") {
		t.Errorf("empty home: exit %d %q", code, out)
	}
}

// TestFaultReviewDuringRun: review takes the session's lock, so a running
// round can never save over a rating given meanwhile.
func TestFaultReviewDuringRun(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-aaaaaa", 1)
	unlock, err := session.Lock(dir) // as a running round holds it
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runMain(t, home, "4\nnotes\n", "review", "--plain", "last")
	if code != exitFailure || !strings.Contains(errOut, "is being recorded by a running mockround; review it once that round has ended") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	rec, err := session.Load(dir)
	if err != nil || rec.Takes[0].Rating != 0 {
		t.Fatalf("the locked session changed: rating %d, %v", rec.Takes[0].Rating, err)
	}
	unlock()
	if code, _, errOut := runMain(t, home, "4\nnotes\n", "review", "--plain", "last"); code != 0 {
		t.Fatalf("after the round ended: exit %d: %s", code, errOut)
	}
	if rec, err := session.Load(dir); err != nil || rec.Takes[0].Rating != 4 || rec.Takes[0].Notes != "notes" {
		t.Fatalf("review not saved: %+v, %v", rec.Takes[0], err)
	}
	faultLine(t, "review during run", "review of a session a round holds locked", "refused, exit 1, says when to come back; reviewed once the round ends", "nothing")
}

// brokenPipe accepts n bytes, then fails as a pipe whose reader has gone.
type brokenPipe struct{ n int }

func (b *brokenPipe) Write(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, syscall.EPIPE
	}
	b.n -= len(p)
	return len(p), nil
}

// TestFaultOutputGone: run | head -1. The round stops as interrupted
// (exit 130) with the take in progress saved, instead of dying silently or
// recording on for minutes with nobody reading.
func TestFaultOutputGone(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	var errOut strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &brokenPipe{n: 600}, ErrOut: &errOut})
	start := time.Now()
	code := execute(context.Background(), f, []string{"run", "--plain", "--no-record", "--round", "behavioral",
		"--count", "2", "--prep", "0", "--answer", "3s", "--overtime", "0"}, nil)
	if code != exitInterrupted || !strings.Contains(errOut.String(), "the output went away") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("it ran on for %s after the output went away", d.Round(time.Millisecond))
	}
	// It stopped before anything was said: nothing is kept.
	list, err := session.NewStore(home).List()
	if err != nil || len(list) != 0 {
		t.Fatalf("sessions: %+v, %v; want none", list, err)
	}
	faultLine(t, "output gone (SIGPIPE)", "run --plain whose stdout pipe closes", "stops at once, exit 130, the take saved (here: nothing said, so no session kept), says why on stderr", "nothing")
}
