package session

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/safefs"
)

// FormatVersion is the version of session.json this build writes and reads.
const FormatVersion = 1

// Session statuses.
const (
	SessionRunning     = "running"
	SessionComplete    = "complete"
	SessionQuit        = "quit"
	SessionInterrupted = "interrupted"
	SessionFailed      = "failed"
)

// Take statuses: how a take ended (or that it still records).
const (
	TakeRecording   = "recording"
	TakeDone        = "done"        // finished: Enter, or its time ran out
	TakeStopped     = "stopped"     // cut short by skip or quit
	TakeInterrupted = "interrupted" // Ctrl-C, a signal, a fault
	TakeRecovered   = "recovered"   // found after a crash or a kill
	// TakeSkipped is how sessions written before skipping became a state
	// of the question recorded a question skipped before any take; such a
	// take has no file and answers nothing.
	TakeSkipped = "skipped"
)

// Record is the content of session.json: everything known about one
// session. It is the single source of truth; nothing else is kept.
type Record struct {
	Format   int        `json:"format"`
	ID       string     `json:"id"`
	Status   string     `json:"status"`
	Started  time.Time  `json:"started"`
	Ended    *time.Time `json:"ended,omitempty"`
	Error    string     `json:"error,omitempty"` // why a failed session stopped
	Bank     BankRef    `json:"bank"`
	Plan     PlanRecord `json:"plan"`
	Settings Settings   `json:"settings"`
	Device   *DeviceRef `json:"device,omitempty"` // nil when nothing was recorded
	Takes    []Take     `json:"takes"`
	// Reviews are reviewers' ratings and comments, by reviewer name,
	// imported from the exported page; kept apart from the takes' own.
	Reviews map[string]Review `json:"reviews,omitempty"`
}

// BankRef identifies the bank a session was drawn from.
type BankRef struct {
	Title  string `json:"title"`
	Source string `json:"source"`
	Hash   string `json:"hash"`
}

// PlanRecord is the plan as asked for and as drawn.
type PlanRecord struct {
	Seed      uint64         `json:"seed"`
	Pick      string         `json:"pick"`
	Count     int            `json:"count"`
	Rounds    []string       `json:"rounds"`
	Questions []PlanQuestion `json:"questions"`
}

// PlanQuestion is one planned question, with what the bank said of it, so
// that a session stands alone when the bank changes or is gone.
type PlanQuestion struct {
	Position      int           `json:"position"`
	QuestionID    string        `json:"question_id"`
	Round         string        `json:"round"`
	Category      string        `json:"category"`
	Text          string        `json:"text,omitempty"`
	RoundTitle    string        `json:"round_title,omitempty"`
	CategoryTitle string        `json:"category_title,omitempty"`
	TalkingPoints []string      `json:"talking_points,omitempty"`
	Limits        *LimitsRecord `json:"limits,omitempty"`
	Skipped       bool          `json:"skipped,omitempty"`   // the candidate skipped it
	FollowUp      string        `json:"follow_up,omitempty"` // the follow-up the plan drew for it
}

// Settings are the command-line choices that shaped the session.
type Settings struct {
	Prep     string `json:"prep,omitempty"` // as given on the command line; empty: from the bank
	Answer   string `json:"answer,omitempty"`
	Warn     string `json:"warn,omitempty"`
	Overtime string `json:"overtime,omitempty"`
	Record   bool   `json:"record"` // false with --no-record
	// FollowUps: a follow-up was asked after each answer given in full.
	FollowUps bool `json:"follow_ups,omitempty"`
}

// DeviceRef is the input device the takes were recorded from.
type DeviceRef struct {
	Name       string `json:"name"`
	SampleRate int    `json:"sample_rate"`
}

// LimitsRecord holds a question's limits in seconds.
type LimitsRecord struct {
	PrepS     float64 `json:"prep_s"`
	AnswerS   float64 `json:"answer_s"`
	WarnS     float64 `json:"warn_s"`
	OvertimeS float64 `json:"overtime_s"`
	MinS      float64 `json:"min_s,omitempty"` // the round's minimum answer, if it sets one
}

// Take is one attempt at answering one question.
type Take struct {
	Position      int          `json:"position"` // the question's 1-based place in the plan
	Take          int          `json:"take"`     // 1 for the first attempt, 2 after a retake, ...
	QuestionID    string       `json:"question_id"`
	Question      string       `json:"question"` // copied, so history survives edits to the bank
	Round         string       `json:"round"`
	RoundTitle    string       `json:"round_title"`
	Category      string       `json:"category"`
	CategoryTitle string       `json:"category_title"`
	Limits        LimitsRecord `json:"limits"`
	File          string       `json:"file,omitempty"` // WAV name inside the session directory
	Started       time.Time    `json:"started"`
	Ended         *time.Time   `json:"ended,omitempty"`
	Frames        int64        `json:"frames"`
	SampleRate    int          `json:"sample_rate,omitempty"`
	LengthS       float64      `json:"length_s"`
	Status        string       `json:"status"`
	Overflows     int64        `json:"overflows"`
	DroppedFrames int64        `json:"dropped_frames"`
	Rating        int          `json:"rating,omitempty"` // 1–5, 0 when not rated
	Notes         string       `json:"notes,omitempty"`
	Best          bool         `json:"best,omitempty"` // marked as the best take of its question
	// FollowUp is set on the take of a follow-up question: the question
	// the interviewer asked after the answer.
	FollowUp string `json:"follow_up,omitempty"`
	// Analysis holds the take's figures (speaking time, pauses, ...); nil
	// until computed, which happens when the take ends or on demand.
	Analysis *audio.Analysis `json:"analysis,omitempty"`
	// Transcript refers to the take's transcript, stored beside its WAV;
	// nil until one is made (mockround transcribe).
	Transcript *TranscriptRef `json:"transcript,omitempty"`
	// SuspendedS is how long, in seconds, the process did not run while
	// the take recorded (Ctrl-Z, SIGSTOP, a machine asleep), and GapS how
	// much audio the take lacks, for that or any other reason (what the
	// sound system did not keep, a reopened stream, overflows): the take
	// is that much shorter than the time it ran. Both left out when none.
	SuspendedS float64 `json:"suspended_s,omitempty"`
	GapS       float64 `json:"gap_s,omitempty"`
}

// Length returns the take's recorded (or, without a recording, timed) length.
func (t *Take) Length() time.Duration {
	return time.Duration(t.LengthS * float64(time.Second))
}

// WAVPath returns where the take's recording lives in the session
// directory dir, and false when it has none. A session file names its WAVs
// by base name; anything else (an edited or hostile session.json) counts as
// none, so no take can point outside its session, and so does a name that
// is a symbolic link or anything but a regular file. WAVFile says why.
func (t *Take) WAVPath(dir string) (string, bool) {
	if _, err := t.WAVFile(dir); err != nil && !(t.hasWAVName() && errors.Is(err, fs.ErrNotExist)) {
		return "", false
	}
	return filepath.Join(dir, t.File), true
}

// WAVFile returns where the take's recording lives in the session
// directory dir, or an error saying why there is none to use: the take was
// not recorded, its file name is not a WAV's base name, or the file is a
// symbolic link (wrapping safefs.ErrSymlink), not a regular file, or
// missing (wrapping fs.ErrNotExist). Errors name the take and the file.
func (t *Take) WAVFile(dir string) (string, error) {
	if t.File == "" {
		return "", fmt.Errorf("take %d of question %d was not recorded", t.Take, t.Position)
	}
	if !t.hasWAVName() {
		return "", fmt.Errorf("%s: take %d of question %d names the file %q, which is not a WAV in the session directory",
			filepath.Join(dir, RecordFile), t.Take, t.Position, t.File)
	}
	path := filepath.Join(dir, t.File)
	st, err := os.Lstat(path)
	switch {
	case err != nil:
		return "", fmt.Errorf("take %d of question %d: %w", t.Take, t.Position, err)
	case st.Mode()&fs.ModeSymlink != 0:
		return "", fmt.Errorf("take %d of question %d: %w", t.Take, t.Position, &fs.PathError{Op: "open", Path: path, Err: safefs.ErrSymlink})
	case !st.Mode().IsRegular():
		return "", fmt.Errorf("take %d of question %d: %w", t.Take, t.Position, &fs.PathError{Op: "open", Path: path, Err: safefs.ErrNotRegular})
	}
	return path, nil
}

// hasWAVName reports whether the take names its WAV as mockround does: a
// base name ending in .wav, not hidden.
func (t *Take) hasWAVName() bool {
	f := t.File
	return f != "" && filepath.Base(f) == f && strings.HasSuffix(f, ".wav") && !strings.HasPrefix(f, ".") &&
		!strings.ContainsAny(f, `/\`+"\x00")
}

// defaultName is the file name a take gets: WAVName, or for a follow-up
// 03-eval-framework.followup.wav (.followup.take2.wav for its retake).
func (t *Take) defaultName() string {
	if t.FollowUp == "" {
		return WAVName(t.Position, t.QuestionID, t.Take)
	}
	if t.Take <= 1 {
		return fmt.Sprintf("%02d-%s.followup.wav", t.Position, t.QuestionID)
	}
	return fmt.Sprintf("%02d-%s.followup.take%d.wav", t.Position, t.QuestionID, t.Take)
}

// WAVName names the file of a take: position and question id, and the take
// number from the second take on, e.g. 03-eval-framework.take2.wav.
func WAVName(position int, questionID string, take int) string {
	if take <= 1 {
		return fmt.Sprintf("%02d-%s.wav", position, questionID)
	}
	return fmt.Sprintf("%02d-%s.take%d.wav", position, questionID, take)
}

// TotalLength sums the length of every take.
func (r *Record) TotalLength() time.Duration {
	var d time.Duration
	for _, t := range r.Takes {
		d += t.Length()
	}
	return d
}

func seconds(d time.Duration) float64 { return d.Seconds() }
