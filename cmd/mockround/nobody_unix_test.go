//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the user and group root's tests run the binary as, where write
// permission must count.
const nobody = 65534

// runAsNobody runs the built binary with args as user nobody, on a data
// directory of nobody's whose sessions directory nobody made 0500. It
// returns that directory, the exit status and stderr.
func runAsNobody(t *testing.T, args ...string) (sessions string, code int, stderr string) {
	t.Helper()
	base, err := os.MkdirTemp("", "mockround-nobody")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	// nobody must reach the binary and the data directory.
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "mockround")
	mustWrite(t, bin, mustRead(t, binary))
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(base, "home")
	sessions = filepath.Join(home, "sessions")
	for _, d := range []struct {
		path string
		mode os.FileMode
	}{{home, 0o700}, {sessions, 0o500}} {
		if err := os.Mkdir(d.path, d.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(d.path, nobody, nobody); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "MOCKROUND_HOME="+home, "HOME="+home)
	cmd.Dir = home
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	var errOut strings.Builder
	cmd.Stderr = &errOut
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("run as nobody: %v", err)
	}
	if m := mode(t, sessions); m != 0o500 {
		t.Errorf("as nobody: the sessions directory's mode is %v, want its 0500 kept", m)
	}
	return sessions, code, errOut.String()
}
