package transcribe

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mockround/mockround/internal/safefs"
)

// Format is the version of the transcript file this code writes and reads.
const Format = 1

// Word is one recognised word, with its place in the take in seconds from
// the start of the recording. W is the word as the engine wrote it, with
// any punctuation attached ("Americans,"); Conf, from 0 to 1, is the
// engine's confidence in it, nil when the engine gives none.
type Word struct {
	W     string   `json:"w"`
	Start float64  `json:"start"`
	End   float64  `json:"end"`
	Conf  *float64 `json:"conf,omitempty"`
}

// Transcript is what an engine heard in one take.
type Transcript struct {
	Format  int       `json:"format"`
	Engine  string    `json:"engine"`  // "whisper" or "pocketsphinx"
	Version string    `json:"version"` // the engine's version, "unknown" when it does not say
	Model   string    `json:"model"`   // e.g. "base.en", "en-us"
	Audio   string    `json:"audio"`   // base name of the take's WAV
	LengthS float64   `json:"length_s"`
	Created time.Time `json:"created"`
	Words   []Word    `json:"words"`
	// ComputeS is the wall-clock time the engine ran, in seconds, CPUS
	// the processor time it used (user and system), and PeakRSSKB its
	// peak resident memory in KiB (0 when not known): what a
	// transcription costs on this computer.
	ComputeS  float64 `json:"compute_s"`
	CPUS      float64 `json:"cpu_s,omitempty"`
	PeakRSSKB int64   `json:"peak_rss_kb,omitempty"`
}

// Text returns the words of t separated by spaces.
func (t *Transcript) Text() string {
	ws := make([]string, len(t.Words))
	for i, w := range t.Words {
		ws[i] = w.W
	}
	return strings.Join(ws, " ")
}

// RealTimeFactor is the wall-clock compute time per second of audio
// (below 1: faster than real time), 0 for an empty take. It depends on
// what else the computer is doing; CPUS does less.
func (t *Transcript) RealTimeFactor() float64 {
	if t.LengthS <= 0 {
		return 0
	}
	return t.ComputeS / t.LengthS
}

// PathFor names the transcript of the take recorded in wavPath: beside it,
// with ".transcript.json" for ".wav" (01-foo.wav → 01-foo.transcript.json).
func PathFor(wavPath string) string {
	base := wavPath
	if ext := filepath.Ext(base); strings.EqualFold(ext, ".wav") {
		base = strings.TrimSuffix(base, ext)
	}
	return base + ".transcript.json"
}

// maxFileSize bounds what Read reads: a transcript of hours of speech is a
// few MiB.
const maxFileSize = 64 << 20

// Write stores t in path atomically: it writes a temporary file (mode 0600)
// in the same directory, syncs it, renames it over path and syncs the
// directory, so a crash or a kill leaves the old file or the new one, never
// half of one. It refuses a path that is a symbolic link, or in a directory
// that is one.
func Write(path string, t *Transcript) error {
	if t == nil {
		return fmt.Errorf("write %s: no transcript", path)
	}
	c := *t
	if c.Format == 0 {
		c.Format = Format
	}
	if c.Words == nil {
		c.Words = []Word{}
	}
	data, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	data = append(data, '\n')

	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	d, err := safefs.OpenDir(filepath.Clean(dir))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer d.Close()
	if mode, err := d.Type(name); err == nil && mode&fs.ModeSymlink != 0 {
		return fmt.Errorf("write %s: %w", path, &fs.PathError{Op: "open", Path: path, Err: safefs.ErrSymlink})
	} else if err == nil && !mode.IsRegular() {
		return fmt.Errorf("write %s: %w", path, &fs.PathError{Op: "open", Path: path, Err: safefs.ErrNotRegular})
	}
	tmp := "." + name + "." + randomHex(6) + ".tmp"
	f, err := d.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			d.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := d.Rename(tmp, name); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	ok = true
	if err := d.Sync(); err != nil {
		return fmt.Errorf("write %s: sync directory: %w", path, err)
	}
	return nil
}

// Read loads the transcript at path, which must be a regular file and not
// a symbolic link. A file that is not a transcript gives an error naming
// the file and, for bad JSON, the line and column of the problem.
func Read(path string) (*Transcript, error) {
	f, err := safefs.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB, which no transcript is", path, maxFileSize>>20)
	}
	var t Transcript
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&t); err != nil {
		return nil, jsonError(path, data, err)
	}
	if dec.More() {
		line, col := lineCol(data, dec.InputOffset())
		return nil, fmt.Errorf("%s:%d:%d: unexpected data after the transcript", path, line, col)
	}
	switch {
	case t.Format == 0:
		return nil, fmt.Errorf("%s: not a transcript (no format field)", path)
	case t.Format > Format:
		return nil, fmt.Errorf("%s: transcript format %d is newer than this mockround reads (%d): update mockround", path, t.Format, Format)
	}
	for i, w := range t.Words {
		if !finite(w.Start) || !finite(w.End) || w.Start < 0 || w.End < w.Start {
			return nil, fmt.Errorf("%s: word %d (%q) has bad times %g to %g", path, i+1, w.W, w.Start, w.End)
		}
	}
	if t.Words == nil {
		t.Words = []Word{}
	}
	return &t, nil
}

// jsonError places a decoding error at its line and column in data.
func jsonError(path string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(data, se.Offset)
		return fmt.Errorf("%s:%d:%d: not valid JSON: %v", path, line, col, se)
	case errors.As(err, &te):
		line, col := lineCol(data, te.Offset)
		return fmt.Errorf("%s:%d:%d: %s should be %s, not a JSON %s", path, line, col, te.Field, te.Type, te.Value)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: empty file, not a transcript", path)
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineCol(data, int64(len(data)))
		return fmt.Errorf("%s:%d:%d: the JSON ends too early (a cut file?)", path, line, col)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
