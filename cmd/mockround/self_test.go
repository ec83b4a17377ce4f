package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommandAsRun(t *testing.T) {
	dir := t.TempDir()
	exe, other := filepath.Join(dir, "mockround"), filepath.Join(dir, "elsewhere", "mockround")
	mustWrite(t, exe, []byte("this program"))
	mustWrite(t, other, []byte("another mockround"))
	linked := filepath.Join(dir, "linked")
	if err := os.Link(exe, linked); err != nil {
		t.Fatal(err)
	}
	found := func(path string) func(string) (string, error) {
		return func(string) (string, error) { return path, nil }
	}
	notFound := func(string) (string, error) { return "", exec.ErrNotFound }
	running := func() (string, error) { return exe, nil }
	for _, tc := range []struct {
		argv0    string
		lookPath func(string) (string, error)
		want     string
	}{
		{"mockround", notFound, "mockround"},             // found on the PATH by the shell
		{"./bin/mockround", notFound, "./bin/mockround"}, // no mockround on the PATH
		{"bin/mockround", found(other), "bin/mockround"}, // another mockround on the PATH
		{exe, found(exe), "mockround"},                   // this one is on the PATH
		{"./x/mockround", found(linked), "mockround"},    // the same file by another name
		{"/opt/my tools/mockround", notFound, "'/opt/my tools/mockround'"},
		{"", notFound, "mockround"},
	} {
		if got := commandAsRun(tc.argv0, tc.lookPath, running); got != tc.want {
			t.Errorf("commandAsRun(%q) = %q, want %q", tc.argv0, got, tc.want)
		}
	}
	if got := commandAsRun("./mockround", found(exe), func() (string, error) { return "", errors.New("no /proc") }); got != "./mockround" {
		t.Errorf("without the executable's path: %q", got)
	}
}

// TestHintsNameTheCommandAsRun runs the built program: the commands it
// suggests name it as it was run, unless it is the mockround on the PATH.
func TestHintsNameTheCommandAsRun(t *testing.T) {
	home := t.TempDir()
	hint := func(dir, path, name string) string {
		t.Helper()
		cmd := exec.Command(name, "sessions")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "MOCKROUND_HOME="+home, "PATH="+path)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s sessions: %v", name, err)
		}
		_, h, _ := strings.Cut(string(out), "Start one with: ")
		return strings.TrimSpace(h)
	}
	bin := filepath.Dir(binary)
	if got, want := hint(t.TempDir(), "/usr/bin:/bin", binary), binary+" run"; got != want {
		t.Errorf("run by its path, not on the PATH: %q, want %q", got, want)
	}
	if got, want := hint(bin, "/usr/bin:/bin", "./mockround"), "./mockround run"; got != want {
		t.Errorf("run by a relative path: %q, want %q", got, want)
	}
	if got, want := hint(t.TempDir(), bin+":/usr/bin:/bin", binary), "mockround run"; got != want {
		t.Errorf("run by its path, and on the PATH: %q, want %q", got, want)
	}
	if got, want := hint(t.TempDir(), bin+":/usr/bin:/bin", "mockround"), "mockround run"; got != want {
		t.Errorf("run from the PATH: %q, want %q", got, want)
	}
}
