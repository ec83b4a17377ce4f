package main

import (
	"fmt"
	"path/filepath"

	"github.com/mockround/mockround/audio/playback"
	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

// sessionArgHelp explains the SESSION argument in every command that takes one.
const sessionArgHelp = `SESSION is a session id from "mockround sessions", a unique prefix of one,
or "last" (the default): the newest session.`

// openSession resolves a SESSION argument in the data directory.
func openSession(arg string) (session.Listed, error) {
	home, err := session.DataDir()
	if err != nil {
		return session.Listed{}, err
	}
	return session.NewStore(home).Resolve(arg)
}

// takePath is where a take's WAV lives. A session file names its WAVs by
// base name; anything else (an edited or hostile session.json) is refused.
func takePath(l session.Listed, t *session.Take) (string, error) {
	if t.File == "" {
		return "", fmt.Errorf("take %d of question %d was not recorded", t.Take, t.Position)
	}
	path, ok := t.WAVPath(l.Dir)
	if !ok {
		return "", fmt.Errorf("%s: take %d of question %d names the file %q, which is not a WAV in the session directory",
			filepath.Join(l.Dir, session.RecordFile), t.Take, t.Position, t.File)
	}
	return path, nil
}

// playTrack plays through beep for the faces.
func playTrack(path string, speed float64) (ui.Track, bool, error) {
	p, repaired, err := playback.Play(path, speed)
	if err != nil {
		return nil, repaired, err
	}
	return p, repaired, nil
}
