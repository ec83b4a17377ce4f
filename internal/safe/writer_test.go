package safe

import (
	"strings"
	"testing"
)

func TestWriter(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	for _, s := range []string{"Question 1: ", "why\x1b[2J?\n", "\x1b]0;TITLE\x07", "caf\xc3", "\xa9 \u009b\n"} {
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	// The é split across two writes arrives whole; newlines pass.
	want := "Question 1: why\\x1b[2J?\n\\x1b]0;TITLE\\acafé \\u009b\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errBroken }

var errBroken = &brokenErr{}

type brokenErr struct{}

func (*brokenErr) Error() string { return "broken pipe" }

func TestWriterPassesErrors(t *testing.T) {
	if n, err := NewWriter(failing{}).Write([]byte("x")); n != 0 || err != errBroken {
		t.Errorf("Write = %d, %v; want 0 and the writer's error", n, err)
	}
}
