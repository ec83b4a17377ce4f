//go:build unix

package session

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockround/mockround/internal/safefs"
)

// rsStore is a store whose sessions are directories named ids, each with a
// readable record unless its id is in broken.
func rsStore(t *testing.T, ids []string, broken ...string) *Store {
	t.Helper()
	s := NewStore(t.TempDir())
	if err := os.MkdirAll(s.SessionsDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		dir := filepath.Join(s.SessionsDir(), id)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := Save(dir, stRecord(id)); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range broken {
		sfWrite(t, filepath.Join(s.SessionsDir(), id, RecordFile), []byte(`{"format": 1, "id": `))
	}
	return s
}

const (
	rsA  = "20261101T090000Z-aaaaaa"
	rsB  = "20261102T090000Z-bbbbbb"
	rsB2 = "20261102T090000Z-bbbbbb2" // rsB is also a prefix of it
	rsC  = "20261102T100000Z-cccccc"
	rsD  = "20261103T080000Z-dddddd"
)

// TestResolve: ids, unique prefixes, "last" and "" find one session, the
// same that List gives, with its record.
func TestResolve(t *testing.T) {
	s := rsStore(t, []string{rsA, rsB, rsB2, rsC, rsD})
	for _, tc := range []struct{ arg, want string }{
		{rsA, rsA},
		{"20261101", rsA},
		{"20261102T10", rsC},
		{rsB, rsB}, // an exact id wins over the longer id it begins
		{rsB2, rsB2},
		{"20261102T090000Z-bbbbbb2", rsB2},
		{"  " + rsC + "\n", rsC},
		{"last", rsD},
		{"", rsD},
		{" last ", rsD},
	} {
		l, err := s.Resolve(tc.arg)
		if err != nil {
			t.Errorf("Resolve(%q): %v", tc.arg, err)
			continue
		}
		if l.ID != tc.want || l.Dir != filepath.Join(s.SessionsDir(), tc.want) || l.Err != nil || l.Record == nil || l.Record.ID != tc.want {
			t.Errorf("Resolve(%q) = %+v, want session %s with its record", tc.arg, l, tc.want)
		}
	}
}

// TestResolveUsageErrors: a prefix matching several sessions lists the
// first three, newest first; an unknown id says where to find the ids; a
// path of any kind is refused before anything is read.
func TestResolveUsageErrors(t *testing.T) {
	s := rsStore(t, []string{rsA, rsB, rsB2, rsC, rsD})
	for _, tc := range []struct{ arg, want string }{
		{"2026110", `"2026110" matches 5 sessions (` + rsD + ", " + rsC + ", " + rsB2 + "...); give more of the id"},
		{"20261102T09", `"20261102T09" matches 2 sessions (` + rsB2 + ", " + rsB + "...); give more of the id"},
		{"2027", `no session "2027"; see the ids with: mockround sessions`},
		{"LAST", `no session "LAST"; see the ids with: mockround sessions`},
		{"../x", `session "../x": give a session id from ` + "`mockround sessions` (or `last`), not a path"},
		{"/etc", `session "/etc": give a session id`},
		{"..", `session "..": give a session id`},
		{"x..y", `session "x..y": give a session id`},
		{rsA + "/..", `not a path`},
		{"sessions/" + rsA, `not a path`},
		{`..\` + rsA, `not a path`},
		{`a\b`, `not a path`},
	} {
		l, err := s.Resolve(tc.arg)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("Resolve(%q) = %+v, %v; want a *UsageError", tc.arg, l, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Resolve(%q): %q, want %q", tc.arg, err, tc.want)
		}
		if l.ID != "" || l.Record != nil {
			t.Errorf("Resolve(%q) also gave %+v", tc.arg, l)
		}
	}
}

// TestResolveUnreadable: a session whose file cannot be read is an error
// when named, and when it is the newest, "last" says so rather than
// quietly taking an older one; a link among the sessions is passed by.
func TestResolveUnreadable(t *testing.T) {
	s := rsStore(t, []string{rsA, rsC, rsD}, rsD, rsA)
	_, err := s.Resolve("last")
	if err == nil || !strings.Contains(err.Error(), "the newest session, "+rsD+", cannot be read") ||
		!strings.Contains(err.Error(), "name an older session by its id") {
		t.Errorf("Resolve(last) with the newest unreadable: %v", err)
	}
	var re *RecordError
	if !errors.As(err, &re) || re.Path != filepath.Join(s.SessionsDir(), rsD, RecordFile) {
		t.Errorf("Resolve(last) error %v does not carry the record's error", err)
	}
	if _, err := s.Resolve(rsA); !errors.As(err, &re) || re.Path != filepath.Join(s.SessionsDir(), rsA, RecordFile) {
		t.Errorf("Resolve of an unreadable session = %v, want its *RecordError", err)
	}
	if l, err := s.Resolve(rsC); err != nil || l.ID != rsC {
		t.Errorf("Resolve(%s) = %+v, %v", rsC, l, err)
	}

	// Only links: nothing readable.
	s = rsStore(t, nil)
	sfSymlink(t, t.TempDir(), filepath.Join(s.SessionsDir(), rsD))
	if _, err := s.Resolve("last"); err == nil || !strings.Contains(err.Error(), "no readable session in "+s.SessionsDir()) {
		t.Errorf("Resolve(last) among links only: %v", err)
	}
}

// TestResolveNoSessions: no sessions yet says how to make one.
func TestResolveNoSessions(t *testing.T) {
	for _, s := range []*Store{NewStore(t.TempDir()), rsStore(t, nil)} {
		_, err := s.Resolve("last")
		if err == nil || !strings.Contains(err.Error(), "no sessions yet in "+s.SessionsDir()+"; start one with: mockround run") {
			t.Errorf("Resolve with no sessions: %v", err)
		}
	}
	root := t.TempDir()
	sfWrite(t, filepath.Join(root, "sessions"), []byte("a file"))
	if _, err := NewStore(root).Resolve("last"); err == nil || !strings.Contains(err.Error(), "list sessions") {
		t.Errorf("Resolve over a sessions file: %v", err)
	}
}

// TestInside: the guard Resolve puts on the directory it hands out: a
// directory directly in the sessions directory, reached through no link.
func TestInside(t *testing.T) {
	s := rsStore(t, []string{rsA})
	sfSymlink(t, filepath.Join(s.SessionsDir(), rsA), filepath.Join(s.SessionsDir(), rsD))
	sfWrite(t, filepath.Join(s.SessionsDir(), "file"), nil)
	if err := s.inside(filepath.Join(s.SessionsDir(), rsA)); err != nil {
		t.Errorf("inside(a session) = %v", err)
	}
	for _, tc := range []struct {
		dir  string
		want string
		is   error
	}{
		{"/etc", "session etc is not in " + s.SessionsDir() + "; refusing to use it", nil},
		{s.SessionsDir(), "is not in", nil},
		{filepath.Join(s.SessionsDir(), rsA, "sub"), "session sub is not in", nil},
		{filepath.Join(s.Root, rsA), "is not in", nil},
		{filepath.Join(s.SessionsDir(), rsD), "session " + rsD + ": ", safefs.ErrSymlink},
		{filepath.Join(s.SessionsDir(), "file"), "session file: ", safefs.ErrNotDir},
		{filepath.Join(s.SessionsDir(), "missing"), "session missing: ", os.ErrNotExist},
	} {
		err := s.inside(tc.dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
			t.Errorf("inside(%s) = %v, want an error with %q (%v)", tc.dir, err, tc.want, tc.is)
		}
	}

	// The sessions directory itself a link.
	root := t.TempDir()
	sfSymlink(t, s.SessionsDir(), filepath.Join(root, "sessions"))
	linked := NewStore(root)
	if err := linked.inside(filepath.Join(linked.SessionsDir(), rsA)); !errors.Is(err, safefs.ErrSymlink) || !strings.Contains(err.Error(), "session "+rsA+": ") {
		t.Errorf("inside through a linked sessions directory = %v", err)
	}
}
