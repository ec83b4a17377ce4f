package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
)

// TestFaultDeleteDuringRun: delete takes the session's lock, so a session a
// round is recording is never deleted from under it; once the round has
// ended, it is.
func TestFaultDeleteDuringRun(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-eeeeee", 2)
	other := writeSession(t, home, "20261126T090000Z-ffffff", 1)
	unlock, err := session.Lock(dir) // as a running round holds it
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runMain(t, home, "", "delete", "--yes", "20261127T090000Z-eeeeee")
	if code != exitFailure || !strings.Contains(errOut, "session 20261127T090000Z-eeeeee is being recorded by a running mockround; not deleted") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, session.WAVName(2, "onboarding", 1))); err != nil {
		t.Fatalf("the locked session lost a take: %v", err)
	}
	// With another session: that one goes, the locked one stays, exit 1.
	code, out, errOut = runMain(t, home, "", "delete", "--yes", "20261127T090000Z-eeeeee", "20261126T090000Z-ffffff")
	if code != exitFailure || !strings.Contains(out, "deleted session 20261126T090000Z-ffffff") ||
		!strings.Contains(errOut, "1 of 2 sessions not deleted (20261127T090000Z-eeeeee)") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("the free session is still there: %v", err)
	}
	unlock()
	if code, _, errOut := runMain(t, home, "", "delete", "--yes", "last"); code != 0 {
		t.Fatalf("after the round ended: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("not deleted once the round ended: %v", err)
	}
	faultLine(t, "delete during run", "delete of a session a round holds locked", "refused, exit 1, the session whole; deleted once the round ends", "nothing")
}
