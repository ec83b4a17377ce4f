//go:build unix

package session

import (
	"io/fs"
	"path/filepath"
	"testing"
	"time"
)

// TestPrivateModesUnderAnyUmask: the directories Create makes and the
// session.json Save writes get their modes whatever the umask takes away,
// even the owner's own bits.
func TestPrivateModesUnderAnyUmask(t *testing.T) {
	stUmask(t, 0o377)
	root := filepath.Join(t.TempDir(), "data")
	s := NewStore(root)
	_, dir, err := s.Create(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{root, s.SessionsDir(), dir} {
		if m := stMode(t, d); m != fs.ModeDir|0o700 {
			t.Errorf("%s: mode %v under umask 0377, want drwx------", d, m)
		}
	}
	if err := Save(dir, stRecord("x")); err != nil {
		t.Fatal(err)
	}
	if m := stMode(t, filepath.Join(dir, RecordFile)); m != 0o600 {
		t.Errorf("session.json: mode %v under umask 0377, want -rw-------", m)
	}
}
