package session

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newDeletable makes a session with its record, a take and a temporary
// file left by an interrupted save.
func newDeletable(t *testing.T, s *Store) (id, dir string) {
	t.Helper()
	id, dir, err := s.Create(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(dir, &Record{Format: FormatVersion, ID: id, Status: SessionComplete}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"01-q.wav", ".session.json.42.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("RIFF"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return id, dir
}

func TestDelete(t *testing.T) {
	s := NewStore(t.TempDir())
	id, dir := newDeletable(t, s)
	other, otherDir := newDeletable(t, s)
	if id == other {
		t.Fatal("two sessions with one id")
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the session directory is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(otherDir, RecordFile)); err != nil {
		t.Errorf("another session went too: %v", err)
	}
	if err := s.Delete(id); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("deleting it again: %v, want not exist", err)
	}
}

// TestDeleteFollowsNoLink: a link, a directory or a FIFO in the session is
// refused before anything is removed, and named; nothing outside the
// session is touched, whatever a link points at.
func TestDeleteFollowsNoLink(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, dir, outside string)
		want string
	}{
		{"link to a file", func(t *testing.T, dir, outside string) {
			mustSymlink(t, filepath.Join(outside, "keep.txt"), filepath.Join(dir, "02-q.wav"))
		}, "02-q.wav (a symbolic link)"},
		{"link to a directory", func(t *testing.T, dir, outside string) {
			mustSymlink(t, outside, filepath.Join(dir, "more"))
		}, "more (a symbolic link)"},
		{"directory", func(t *testing.T, dir, outside string) {
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
				t.Fatal(err)
			}
		}, "sub (a directory)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStore(t.TempDir())
			outside := t.TempDir()
			keep := filepath.Join(outside, "keep.txt")
			if err := os.WriteFile(keep, []byte("not mockround's"), 0o600); err != nil {
				t.Fatal(err)
			}
			id, dir := newDeletable(t, s)
			tc.make(t, dir, outside)
			err := s.Delete(id)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was deleted") {
				t.Fatalf("Delete: %v, want it refused naming %q", err, tc.want)
			}
			for _, name := range []string{RecordFile, "01-q.wav"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					t.Errorf("%s went: %v", name, err)
				}
			}
			if b, err := os.ReadFile(keep); err != nil || string(b) != "not mockround's" {
				t.Errorf("the file outside changed: %q, %v", b, err)
			}
		})
	}
}

// TestDeleteRefusesWhatIsNoSession: an id that is a path, a link to a
// directory elsewhere, or a hidden entry is refused, and nothing goes.
func TestDeleteRefusesWhatIsNoSession(t *testing.T) {
	s := NewStore(t.TempDir())
	_, dir := newDeletable(t, s)
	elsewhere := t.TempDir()
	if err := os.WriteFile(filepath.Join(elsewhere, "keep.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, elsewhere, filepath.Join(s.SessionsDir(), "20261130T000000Z-linked"))
	for _, id := range []string{"", ".", "..", "../x", filepath.Base(dir) + "/01-q.wav", ".hidden", "20261130T000000Z-linked"} {
		if err := s.Delete(id); err == nil {
			t.Errorf("Delete(%q) deleted something", id)
		}
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "keep.txt")); err != nil {
		t.Errorf("the linked directory's file went: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "01-q.wav")); err != nil {
		t.Errorf("the session's take went: %v", err)
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}
