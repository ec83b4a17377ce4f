package session

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/mockround/mockround/internal/safefs"
)

// Delete removes the session id from the sessions directory at the
// user's request: every file in its directory (session.json, the takes,
// temporary files), then the directory. The caller holds the session's
// Lock, so no round writes into it meanwhile.
//
// It follows no symbolic link and removes nothing outside that directory:
// id must name a directory directly in the sessions directory, itself no
// link, and the directory must hold regular files only. Anything else in
// it (a link, a directory, a device) is refused before anything is
// removed, named in the error, and the session is left whole.
func (s *Store) Delete(id string) error {
	if id == "" || id == "." || id == ".." || strings.HasPrefix(id, ".") || strings.ContainsAny(id, `/\`+"\x00") {
		return &UsageError{Err: fmt.Errorf("delete session %q: not a session id", id)}
	}
	sd, err := safefs.OpenDir(s.SessionsDir())
	if err != nil {
		return fmt.Errorf("delete session %s: %w", id, err)
	}
	defer sd.Close()
	d, err := sd.OpenDir(id)
	if err != nil {
		return fmt.Errorf("delete session %s: %w", id, err)
	}
	entries, err := d.ReadDir()
	if err != nil {
		d.Close()
		return fmt.Errorf("delete session %s: %w", id, err)
	}
	var odd []string
	for _, e := range entries {
		if !e.Type().IsRegular() {
			odd = append(odd, fmt.Sprintf("%s (%s)", e.Name(), kindOf(e.Type())))
		}
	}
	if len(odd) > 0 {
		d.Close()
		return fmt.Errorf("session %s holds what mockround never writes there: %s; nothing was deleted. "+
			"Move that out of %s yourself, then delete the session again", id, strings.Join(odd, ", "), d.Path())
	}
	for _, e := range entries {
		// A file swapped for a link meanwhile is removed as the link
		// itself; one swapped for a directory fails to be removed.
		if err := d.Remove(e.Name()); err != nil {
			d.Close()
			return fmt.Errorf("delete session %s: %w", id, err)
		}
	}
	d.Close()
	if err := sd.RemoveDir(id); err != nil {
		return fmt.Errorf("delete session %s: %w", id, err)
	}
	return sd.Sync()
}

// kindOf names what a directory entry of type t is, for messages.
func kindOf(t fs.FileMode) string {
	switch {
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	case t.IsDir():
		return "a directory"
	}
	return "not a regular file"
}
