package session

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/mockround/mockround/transcribe"
)

// TranscriptRef refers a take to its transcript, a file beside its WAV
// (transcribe.PathFor), and keeps what was computed from it, so that
// reports and stats need not read every transcript.
type TranscriptRef struct {
	File    string `json:"file"`    // base name, e.g. 01-eval-framework.transcript.json
	Engine  string `json:"engine"`  // "whisper" or "pocketsphinx"
	Version string `json:"version"` // the engine's version
	Model   string `json:"model"`   // e.g. "base.en", "en-us"
	// Figures are the transcript's figures, with the coverage of the
	// question's talking points as they were when it was made.
	Figures transcribe.Figures `json:"figures"`
}

// HasFigures reports whether the figures were computed: Compute always
// makes the maps, a file without them (or edited) lacks them.
func (r *TranscriptRef) HasFigures() bool {
	return r.Figures.Fillers != nil && r.Figures.Hedges != nil
}

// TranscriptName is the name of the take's transcript beside its WAV
// (01-foo.wav → 01-foo.transcript.json); "" when the take has no WAV.
func (t *Take) TranscriptName() string {
	if !t.hasWAVName() {
		return ""
	}
	return transcribe.PathFor(t.File)
}

// TranscriptFile returns where the take's transcript lives in the session
// directory dir, whether or not it exists yet. A take without a WAV has
// none; a reference naming any file but TranscriptName (an edited or
// hostile session.json) is refused, so no take reads outside its own.
func (t *Take) TranscriptFile(dir string) (string, error) {
	name := t.TranscriptName()
	if name == "" {
		return "", fmt.Errorf("take %d of question %d has no recording to transcribe", t.Take, t.Position)
	}
	if t.Transcript != nil && t.Transcript.File != name {
		return "", fmt.Errorf("%s: take %d of question %d names the transcript %q; its transcript is %s",
			filepath.Join(dir, RecordFile), t.Take, t.Position, t.Transcript.File, name)
	}
	return filepath.Join(dir, name), nil
}

// ReadTranscript reads the take's transcript from the session directory
// dir (without following links). A missing file gives an error wrapping
// fs.ErrNotExist; a damaged one, an error naming the file and where it is
// damaged; a transcript of another recording, an error saying whose.
func (t *Take) ReadTranscript(dir string) (*transcribe.Transcript, error) {
	path, err := t.TranscriptFile(dir)
	if err != nil {
		return nil, err
	}
	tr, err := transcribe.Read(path)
	if err != nil {
		return nil, fmt.Errorf("transcript of take %d of question %d: %w", t.Take, t.Position, err)
	}
	if tr.Audio != "" && tr.Audio != t.File {
		return nil, fmt.Errorf("%s: the transcript of %s, not of take %d of question %d (%s)", path, tr.Audio, t.Take, t.Position, t.File)
	}
	return tr, nil
}

// SetTranscript refers the take to tr (stored at TranscriptName) and
// computes its figures with the question's talking points, which points
// gives by question id (nil: none). A follow-up's answer is measured
// against no talking points: the bank's are the first question's.
func (t *Take) SetTranscript(tr *transcribe.Transcript, points func(questionID string) []string) {
	var tp []string
	if points != nil && t.FollowUp == "" {
		tp = points(t.QuestionID)
	}
	t.Transcript = &TranscriptRef{File: t.TranscriptName(), Engine: tr.Engine, Version: tr.Version, Model: tr.Model,
		Figures: transcribe.Compute(tr, tp)}
}

// EnsureTranscripts attaches to rec the transcripts that exist beside their
// takes in dir but that session.json does not refer to yet (made by a
// transcription whose session could not be saved: killed, or the session
// was in use), and computes the figures of referred transcripts that lack
// them, with points giving a question's talking points. It reports how
// many takes it changed. A transcript that cannot be read (damaged, a
// link, another take's) is listed in errs, naming the file, and its take
// is left as it was.
func EnsureTranscripts(dir string, rec *Record, points func(questionID string) []string) (n int, errs []error) {
	for i := range rec.Takes {
		t := &rec.Takes[i]
		if !t.hasWAVName() || t.Transcript != nil && t.Transcript.HasFigures() {
			continue
		}
		tr, err := t.ReadTranscript(dir)
		switch {
		case t.Transcript == nil && errors.Is(err, fs.ErrNotExist):
			continue // not transcribed
		case err != nil:
			errs = append(errs, err)
			continue
		}
		t.SetTranscript(tr, points)
		n++
	}
	return n, errs
}
