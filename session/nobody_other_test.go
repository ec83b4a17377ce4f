//go:build unix && !linux

package session

import (
	"os"
	"testing"
)

// asNobody runs f; as root it skips the test instead, as this system has
// no setresuid to take on another user's IDs in-process and back.
func asNobody(t *testing.T, dirs []string, f func()) {
	t.Helper()
	if os.Geteuid() == 0 {
		t.Skip("root writes in read-only directories, and only Linux can turn to another user and back here")
	}
	f()
}
