package main

import (
	"context"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
)

// TestReviewFullScreenCtrlC: Ctrl-C in the full-screen review keeps the
// notes being typed and exits 130, as every command interrupted does.
func TestReviewFullScreenCtrlC(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-dddddd", 1)
	t.Setenv("MOCKROUND_HOME", home)
	var out, errOut strings.Builder
	f := newFactory(IO{In: strings.NewReader("4e" + "clear, slow start" + "\x03"), Out: &out, ErrOut: &errOut})
	f.InTTY, f.OutTTY, f.Screen = true, true, &out // the keys as a terminal types them
	if code := execute(context.Background(), f, []string{"review", "last"}, nil); code != exitInterrupted {
		t.Fatalf("exit %d, want %d\nstderr %s", code, exitInterrupted, errOut.String())
	}
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if tk := rec.Takes[0]; tk.Rating != 4 || tk.Notes != "clear, slow start" {
		t.Errorf("saved rating %d, notes %q; want 4 and the notes typed", tk.Rating, tk.Notes)
	}
}
