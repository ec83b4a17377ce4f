package session

import (
	"fmt"
	"path/filepath"

	"github.com/mockround/mockround/internal/safefs"
)

// Discard removes the session id, which its caller holds locked and which
// ended with nothing worth keeping (Record.Keep): its session.json, its
// WAVs and temporary files, then its directory. It follows no link and
// removes nothing but regular files directly inside the directory; a
// directory holding anything else is left as it is.
func (s *Store) Discard(id string) error {
	sd, err := safefs.OpenDir(s.SessionsDir())
	if err != nil {
		return fmt.Errorf("discard session %s: %w", id, err)
	}
	defer sd.Close()
	d, err := sd.OpenDir(id)
	if err != nil {
		return fmt.Errorf("discard session %s: %w", id, err)
	}
	entries, err := d.ReadDir()
	if err == nil {
		for _, e := range entries {
			if !e.Type().IsRegular() {
				err = fmt.Errorf("%s is not a file mockround wrote", filepath.Join(d.Path(), e.Name()))
				break
			}
		}
	}
	for _, e := range entries {
		if err == nil {
			err = d.Remove(e.Name())
		}
	}
	d.Close()
	if err == nil {
		err = sd.RemoveDir(id)
	}
	if err != nil {
		return fmt.Errorf("discard session %s: %w", id, err)
	}
	return nil
}
