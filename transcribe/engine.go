package transcribe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Engine is a speech-to-text engine. Transcribe reads the take recorded in
// wavPath (it never writes to it), makes its temporary files in tmpDir
// (the session directory; os.TempDir() when empty) and removes them before
// it returns, whatever happens. A ctx without a deadline gets the engine's
// own: see Options.Timeout.
type Engine interface {
	Name() string
	Transcribe(ctx context.Context, wavPath, tmpDir string) (*Transcript, error)
}

// The engine names Find takes.
const (
	Auto             = "auto"
	WhisperName      = "whisper"
	PocketSphinxName = "pocketsphinx"
)

// Environment variables Find reads.
const (
	EnvWhisperModel      = "MOCKROUND_WHISPER_MODEL"      // a ggml model file for whisper.cpp
	EnvPocketSphinxModel = "MOCKROUND_POCKETSPHINX_MODEL" // a directory laid out as pocketsphinx-en-us's
)

// Options choose and set up an engine.
type Options struct {
	// Engine is "auto" (or empty), "whisper" or "pocketsphinx". Auto takes
	// whisper.cpp when both its binary and a model are found, else
	// PocketSphinx.
	Engine string
	// WhisperModel is a ggml model file. Empty: $MOCKROUND_WHISPER_MODEL,
	// else the best of DataDir/models/ggml-*.bin (base.en, then small.en,
	// then any other, by name).
	WhisperModel string
	// PocketSphinxModel is a directory holding en-us/ (the acoustic
	// model), en-us.lm.bin and cmudict-en-us.dict. Empty:
	// $MOCKROUND_POCKETSPHINX_MODEL, else where pocketsphinx-en-us puts it.
	PocketSphinxModel string
	// DataDir is mockround's data directory.
	DataDir string
	// Timeout bounds one transcription when the context has no deadline.
	// Zero: 2 minutes plus 5 times the length of the take.
	Timeout time.Duration
	// Threads whisper.cpp may use; zero: all processors but one, at least 1.
	Threads int
}

// HowToGet says in one line how to get an engine.
const HowToGet = "install one: `sudo apt-get install pocketsphinx pocketsphinx-en-us`, " +
	"or build whisper.cpp (whisper-cli on PATH) and run `mockround transcribe --get-model base.en`"

// Find returns the engine opts ask for, ready to run, or an error wrapping
// ErrNoEngine or ErrNoModel that says how to get what is missing. It runs
// the binaries briefly to check what they are and learn their versions.
func Find(opts Options) (Engine, error) {
	switch strings.ToLower(strings.TrimSpace(opts.Engine)) {
	case "", Auto:
		w, werr := findWhisper(opts)
		if werr == nil {
			return w, nil
		}
		p, perr := findPocketSphinx(opts)
		if perr == nil {
			return p, nil
		}
		if errors.Is(werr, ErrNoModel) {
			// whisper.cpp is there, only its model is missing: say so.
			return nil, fmt.Errorf("%w (%w; %v)", ErrNoEngine, werr, perr)
		}
		if errors.Is(perr, ErrNoModel) {
			return nil, perr
		}
		return nil, fmt.Errorf("%w: %s", ErrNoEngine, HowToGet)
	case WhisperName, "whisper.cpp", "whisper-cpp":
		return findWhisper(opts)
	case PocketSphinxName:
		return findPocketSphinx(opts)
	}
	return nil, fmt.Errorf("unknown engine %q: use auto, whisper or pocketsphinx", opts.Engine)
}

// timeoutFor is the deadline of one transcription of lengthS seconds.
func timeoutFor(opts time.Duration, lengthS float64) time.Duration {
	if opts > 0 {
		return opts
	}
	return 2*time.Minute + time.Duration(5*lengthS*float64(time.Second))
}

// withDeadline gives ctx a deadline when it has none.
func withDeadline(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// transcribeWith is what both engines do around their run: resample the
// take into tmpDir, run, and remove every temporary file.
func transcribeWith(ctx context.Context, wavPath, tmpDir string, timeout time.Duration,
	do func(ctx context.Context, wav16k string, lengthS float64) (*Transcript, error)) (*Transcript, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tmp, lengthS, err := prepareAudio(wavPath, tmpDir)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	ctx, cancel := withDeadline(ctx, timeoutFor(timeout, lengthS))
	defer cancel()
	t, err := do(ctx, tmp, lengthS)
	if err != nil {
		return nil, fmt.Errorf("transcribe %s: %w", wavPath, err)
	}
	t.Format = Format
	t.Audio = baseName(wavPath)
	t.LengthS = lengthS
	if t.Created.IsZero() {
		t.Created = time.Now().UTC().Truncate(time.Second)
	}
	if t.Words == nil {
		t.Words = []Word{}
	}
	for i := range t.Words {
		w := &t.Words[i]
		w.Start = clampTime(w.Start, lengthS)
		w.End = max(clampTime(w.End, lengthS), w.Start)
	}
	return t, nil
}

func clampTime(v, length float64) float64 {
	v = max(v, 0)
	if length > 0 {
		v = min(v, length)
	}
	return roundMS(v)
}

func roundMS(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
