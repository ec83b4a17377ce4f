package session

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// nobodyID is the user and group root's tests take on where write
// permission must count: root writes in any directory.
const nobodyID = 65534

// asNobody runs f as user nobody when the tests run as root (with the real
// IDs changed too, as access(2) checks those), then turns back to root; as
// any other user it just runs f. The directories in dirs are given to
// nobody first, and their parents opened to it.
func asNobody(t *testing.T, dirs []string, f func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		f()
		return
	}
	for _, d := range dirs {
		if err := os.Chown(d, nobodyID, nobodyID); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Dir(d), 0o711); err != nil {
			t.Fatal(err)
		}
	}
	// The saved IDs stay root's, so the process may take root back.
	if err := syscall.Setresgid(nobodyID, nobodyID, -1); err != nil {
		t.Skipf("cannot become group nobody in-process: %v", err)
	}
	if err := syscall.Setresuid(nobodyID, nobodyID, -1); err != nil {
		syscall.Setresgid(0, 0, -1)
		t.Skipf("cannot become user nobody in-process: %v", err)
	}
	defer func() {
		if err := syscall.Setresuid(0, 0, -1); err != nil {
			panic("cannot turn back to root: " + err.Error())
		}
		if err := syscall.Setresgid(0, 0, -1); err != nil {
			panic("cannot turn back to group root: " + err.Error())
		}
	}()
	f()
}
