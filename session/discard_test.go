package session

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestDiscard(t *testing.T) {
	s := NewStore(t.TempDir())
	id, dir, err := s.Create(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(dir, &Record{Format: FormatVersion, ID: id, Status: SessionQuit}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "01-q.wav"), []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Discard(id); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the session directory is still there: %v", err)
	}
	if _, err := os.Stat(s.SessionsDir()); err != nil {
		t.Fatalf("the sessions directory went too: %v", err)
	}
}

// TestDiscardLeavesWhatItDidNotWrite: a link or a directory inside is not
// followed or removed, and the session stays.
func TestDiscardLeavesWhatItDidNotWrite(t *testing.T) {
	s := NewStore(t.TempDir())
	id, dir, err := s.Create(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "keep.txt")
	if err := os.WriteFile(outside, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "01-q.wav")); err != nil {
		t.Fatal(err)
	}
	if err := s.Discard(id); err == nil {
		t.Fatal("a session holding a link was discarded")
	}
	if data, err := os.ReadFile(outside); err != nil || string(data) != "mine" {
		t.Fatalf("the linked file: %q, %v", data, err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "01-q.wav")); err != nil {
		t.Fatalf("the link was removed: %v", err)
	}
}
