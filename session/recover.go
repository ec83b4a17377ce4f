package session

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mockround/mockround/internal/safefs"
)

// ErrInUse reports a session that a running mockround holds.
var ErrInUse = errors.New("session is in use by a running mockround")

// WAVRepair fixes the header of the WAV at path from the audio present and
// returns how many frames it holds at what rate, and whether it changed it.
type WAVRepair func(path string) (frames int64, rate int, changed bool, err error)

// Repaired says what Repair did to one session.
type Repaired struct {
	ID      string
	Actions []string // one per fix, for the user
}

// Repair restores a session left by a crash, a kill or a power cut: WAV
// headers are set from the audio in the files, takes still marked
// recording become recovered with their length from the file, a session
// still marked running becomes interrupted, and stray temporary files go.
// A session held by a running mockround is left alone (ErrInUse). Repair is
// idempotent: a healthy session gets no actions.
//
// Nothing is followed through a symbolic link: a session directory, a
// session.json or a WAV that is a link is reported, never repaired, and
// repair is only called with the path of a regular file in dir (or of a
// missing one).
func Repair(dir string, repair WAVRepair) (Repaired, error) {
	d, err := safefs.OpenDir(dir)
	if err != nil {
		return Repaired{ID: filepath.Base(dir)}, fmt.Errorf("repair session: %w", err)
	}
	defer d.Close()
	unlock, err := Lock(dir)
	if err != nil {
		return Repaired{ID: filepath.Base(dir)}, err
	}
	defer unlock()
	rec, err := loadIn(d)
	if err != nil {
		return Repaired{ID: filepath.Base(dir)}, err
	}
	out := Repaired{ID: rec.ID}
	changed := false
	for i := range rec.Takes {
		changed = repairTake(d, dir, &rec.Takes[i], repair, &out) || changed
	}
	if rec.Status == SessionRunning {
		rec.Status = SessionInterrupted
		if rec.Ended == nil {
			end := lastActivity(rec)
			rec.Ended = &end
		}
		changed = true
		out.Actions = append(out.Actions, "session was cut off while running; marked interrupted")
	}
	if changed {
		if err := Save(dir, rec); err != nil {
			return out, err
		}
	}
	if n := removeTemps(d); n > 0 {
		out.Actions = append(out.Actions, fmt.Sprintf("removed %d unfinished temporary file(s)", n))
	}
	return out, nil
}

// repairTake repairs the WAV of one take and, for a take still marked
// recording, makes it recovered with the length of its audio. It notes
// what it did in out and reports whether the take changed.
func repairTake(d *safefs.Dir, dir string, t *Take, repair WAVRepair, out *Repaired) bool {
	if !t.hasWAVName() {
		return false
	}
	path := filepath.Join(dir, t.File)
	if mode, err := d.Type(t.File); err == nil && !mode.IsRegular() {
		why := safefs.ErrNotRegular
		if mode&fs.ModeSymlink != 0 {
			why = safefs.ErrSymlink
		}
		out.Actions = append(out.Actions, fmt.Sprintf("%s: cannot repair: %v", t.File, &fs.PathError{Op: "open", Path: path, Err: why}))
		return false
	}
	frames, rate, fixed, err := repair(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && t.Status == TakeRecording {
			// Killed before the first audio reached the disk: the take
			// has no file, and later commands must not look for one.
			out.Actions = append(out.Actions, fmt.Sprintf("%s: never written; take marked recovered with no audio", t.File))
			t.Status, t.File = TakeRecovered, ""
			return true
		}
		out.Actions = append(out.Actions, fmt.Sprintf("%s: cannot repair: %v", t.File, err))
		return false
	}
	if fixed {
		out.Actions = append(out.Actions, fmt.Sprintf("%s: header repaired (%.1f s of audio)", t.File, float64(frames)/float64(max(rate, 1))))
	}
	switch {
	case t.Status == TakeRecording:
		t.Status = TakeRecovered
		t.Frames, t.SampleRate = frames, rate
		if rate > 0 {
			t.LengthS = float64(frames) / float64(rate)
		}
		if end, ok := modTime(d, t.File); ok {
			t.Ended = &end
		}
		out.Actions = append(out.Actions, fmt.Sprintf("%s: take %d of question %d recovered, %.1f s", t.File, t.Take, t.Position, t.LengthS))
		return true
	case fixed && rate > 0 && t.Frames != frames:
		t.Frames, t.LengthS = frames, float64(frames)/float64(rate)
		return true
	}
	return false
}

// modTime returns when the regular file name in d was last written.
func modTime(d *safefs.Dir, name string) (time.Time, bool) {
	f, err := d.OpenFile(name, os.O_RDONLY, 0)
	if err != nil {
		return time.Time{}, false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return time.Time{}, false
	}
	return st.ModTime().UTC(), true
}

// removeTemps removes the temporary files a Save cut off left in d (the
// entries themselves: a link is removed, never followed), and counts them.
func removeTemps(d *safefs.Dir) int {
	entries, err := d.ReadDir()
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, "."+RecordFile+".") && strings.HasSuffix(name, ".tmp") && d.Remove(name) == nil {
			n++
		}
	}
	return n
}

func lastActivity(rec *Record) time.Time {
	end := rec.Started
	for _, t := range rec.Takes {
		if t.Ended != nil && t.Ended.After(end) {
			end = *t.Ended
		}
	}
	return end
}

// NeedsRepair reports whether a session looks cut off: still running with
// no process holding it.
func NeedsRepair(l Listed) bool {
	if l.Record == nil || l.Record.Status != SessionRunning {
		return false
	}
	unlock, err := Lock(l.Dir)
	if err != nil {
		return false
	}
	unlock()
	return true
}

// RepairCutOff repairs every session that a crash or a kill left running,
// and returns one line per repaired session for the user.
func (s *Store) RepairCutOff(repair WAVRepair) ([]string, error) {
	list, err := s.List()
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range list {
		if !NeedsRepair(l) {
			continue
		}
		r, err := Repair(l.Dir, repair)
		if err != nil {
			lines = append(lines, fmt.Sprintf("session %s was cut off and could not be repaired: %v", l.ID, err))
			continue
		}
		lines = append(lines, fmt.Sprintf("repaired session %s, cut off by a crash or a kill: %s", l.ID, strings.Join(r.Actions, "; ")))
	}
	return lines, nil
}
