package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
)

// quitSession is a session of three questions quit after the first,
// answered (a take of 60 s is practice).
func quitSession(t *testing.T, home string) string {
	t.Helper()
	dir := writeSession(t, home, "20261127T090000Z-7e5a11", 3)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec.Takes = rec.Takes[:1]
	rec.Takes[0].LengthS = 60
	rec.Status = session.SessionQuit
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRunResume: --resume asks the questions a quit session did not reach,
// at their places, in that session.
func TestRunResume(t *testing.T) {
	home := t.TempDir()
	dir := quitSession(t, home)
	code, out, errOut := runMain(t, home, "", "run", "--resume", "--no-record", "--prep", "0", "--answer", "1s", "--overtime", "0")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Question 2 of 3", "Question 3 of 3", "Session complete"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q missing:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Question 1 of 3") {
		t.Errorf("question 1, answered before, was asked again:\n%s", out)
	}
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range rec.Takes {
		got = append(got, tk.QuestionID+":"+tk.Status)
	}
	if strings.Join(got, " ") != "code-review:done onboarding:done dev-workflow:done" || rec.Status != session.SessionComplete {
		t.Errorf("takes %v, status %s; want the first kept and the other two added, complete", got, rec.Status)
	}
	// Nothing left: a usage error that says so.
	code, _, errOut = runMain(t, home, "", "run", "--resume", "--no-record")
	if code != exitUsage || !strings.Contains(errOut, "no session was quit or interrupted: there is nothing to resume") {
		t.Errorf("resume with only complete sessions: exit %d, %q", code, errOut)
	}
	code, _, errOut = runMain(t, home, "", "run", "--resume=20261127T090000Z", "--no-record")
	if code != exitUsage || !strings.Contains(errOut, "is complete: there is nothing to resume") {
		t.Errorf("resume of a named complete session: exit %d, %q", code, errOut)
	}
}

// TestRunResumeFindsTheQuitSession: --resume with no session goes on with
// the newest session that can, past a newer one completed since.
func TestRunResumeFindsTheQuitSession(t *testing.T) {
	home := t.TempDir()
	dir := quitSession(t, home)
	writeSession(t, home, "20261128T090000Z-c0ffee", 1) // complete, and newer
	code, out, errOut := runMain(t, home, "", "run", "--resume", "--no-record", "--prep", "0", "--answer", "1s", "--overtime", "0")
	if code != 0 || !strings.Contains(out, "Question 2 of 3") {
		t.Fatalf("exit %d, want the quit session's question 2 asked\n%s\n%s", code, out, errOut)
	}
	if rec, err := session.Load(dir); err != nil || rec.Status != session.SessionComplete {
		t.Errorf("the quit session after --resume: %v %v, want complete", rec, err)
	}
}

func TestRunResumeRefuses(t *testing.T) {
	home := t.TempDir()
	dir := quitSession(t, home)
	code, _, errOut := runMain(t, home, "", "run", "--resume", "--round", "behavioral", "--no-record")
	if code != exitUsage || !strings.Contains(errOut, "it does not take --round") {
		t.Errorf("--resume --round: exit %d, %q", code, errOut)
	}
	unlock, err := session.Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	code, _, errOut = runMain(t, home, "", "run", "--resume=20261127T090000Z", "--no-record")
	if code == 0 || !strings.Contains(errOut, "is being recorded by a running mockround") {
		t.Errorf("resume of a locked session: exit %d, %q", code, errOut)
	}
}

// TestRunResumeAsksAgainAQuestionQuitAtOnce: a question quit 0.3 s into
// its answer (a stopped take that is no practice) was not answered, so
// --resume asks it again, its new take numbered after the one kept.
func TestRunResumeAsksAgainAQuestionQuitAtOnce(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-7e5a11", 2)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec.Takes = rec.Takes[:1]
	rec.Takes[0].Status, rec.Takes[0].File, rec.Takes[0].Frames, rec.Takes[0].LengthS = session.TakeStopped, "", 0, 0.3
	rec.Status = session.SessionQuit
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runMain(t, home, "", "run", "--resume", "--no-record", "--prep", "0", "--answer", "4s", "--overtime", "0")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Question 1 of 2", "Question 2 of 2", "Session complete"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q missing:\n%s", want, out)
		}
	}
	if rec, err = session.Load(dir); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range rec.Takes {
		got = append(got, fmt.Sprintf("%s:%d:%s", tk.QuestionID, tk.Take, tk.Status))
	}
	if want := "code-review:1:stopped code-review:2:done onboarding:1:done"; strings.Join(got, " ") != want || rec.Answered() != 2 {
		t.Errorf("takes %v, answered %d; want %s, 2", got, rec.Answered(), want)
	}
}
