package transcribe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Whisper runs whisper.cpp's command-line program.
//
// It is run as
//
//	whisper-cli -m MODEL -t THREADS -ml 1 -sow -oj [-ojf] --prompt PROMPT -of OUT -f TAKE16K.wav
//
// -ml 1 (--max-len 1) turns on token timestamps and ends a segment at the
// first chance after one character; -sow (--split-on-word) takes those
// chances only where a token starts a new word, so every segment of the
// JSON output is exactly one word, with the punctuation that follows it
// ("Americans,"), and its start and end ("offsets", in milliseconds).
// That is whisper.cpp's documented way to word-level timestamps, and the
// segment times it gives are what its other outputs (srt, vtt) show.
// -oj writes the JSON to OUT.json; -ojf (--output-json-full, used when the
// binary lists it in --help) adds each segment's tokens with their
// probability p, whose mean over the word's text tokens becomes the word's
// confidence. The prompt (DefaultPrompt) nudges the model to write the
// filler words it otherwise drops. Segments that are not speech
// ([BLANK_AUDIO], (laughs), [Music] and the like) are dropped.
type Whisper struct {
	Bin     string // whisper-cli (or whisper-cpp, main)
	Model   string // the ggml model file
	Threads int
	Prompt  string // the initial prompt; empty: none
	Timeout time.Duration

	version  string
	fullJSON bool // the binary has -ojf
}

// DefaultPrompt is the initial prompt Find gives whisper.cpp: text full of
// fillers, so that it transcribes "um" and "like" instead of tidying them
// away.
const DefaultPrompt = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."

// whisperBins are the names whisper.cpp's program has had, newest first.
var whisperBins = []string{"whisper-cli", "whisper-cpp", "main"}

// preferredModels are tried in this order in the models directory.
var preferredModels = []string{"base.en", "small.en"}

// Name returns "whisper".
func (w *Whisper) Name() string { return WhisperName }

func findWhisper(opts Options) (*Whisper, error) {
	bin, help, err := whisperBinary()
	if err != nil {
		return nil, err
	}
	model, err := whisperModel(opts)
	if err != nil {
		return nil, err
	}
	w := &Whisper{Bin: bin, Model: model, Threads: opts.Threads, Prompt: DefaultPrompt, Timeout: opts.Timeout}
	w.fullJSON = strings.Contains(help, "--output-json-full")
	w.version = whisperVersion(bin)
	return w, nil
}

// whisperBinary finds whisper.cpp's program on PATH and returns its path
// and its --help text. A program called main counts only when its help is
// whisper.cpp's.
func whisperBinary() (string, string, error) {
	for _, name := range whisperBins {
		bin, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		help := probe(bin, "--help")
		if looksLikeWhisper(help) {
			return bin, help, nil
		}
	}
	return "", "", fmt.Errorf("whisper: %w: whisper-cli is not on PATH; build whisper.cpp and put whisper-cli on PATH, or use --engine pocketsphinx", ErrNoEngine)
}

// looksLikeWhisper tells whisper.cpp's usage text from another program's:
// it has the options mockround passes.
func looksLikeWhisper(help string) bool {
	return strings.Contains(help, "--output-json") && strings.Contains(help, "--max-len") &&
		strings.Contains(help, "--split-on-word") && strings.Contains(help, "--model")
}

var versionRE = regexp.MustCompile(`whisper\.cpp version:\s*(\S+)`)

// whisperVersion asks the binary for its version (whisper.cpp has had
// --version since 2026; before, it is "unknown").
func whisperVersion(bin string) string {
	if m := versionRE.FindStringSubmatch(probe(bin, "--version")); m != nil {
		return m[1]
	}
	return "unknown"
}

// probe runs bin with args for at most 10 seconds, at low priority, and
// returns everything it printed.
func probe(bin string, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, _ := run(ctx, proc{engine: "probe", bin: bin, args: args}, "")
	return string(res.stdout) + res.stderr
}

// whisperModel finds the model file: opts, then the environment, then the
// data directory.
func whisperModel(opts Options) (string, error) {
	get := "run `mockround transcribe --get-model base.en`"
	if p := opts.WhisperModel; p != "" {
		return p, checkModel(p, "the model given")
	}
	if p := os.Getenv(EnvWhisperModel); p != "" {
		return p, checkModel(p, "$"+EnvWhisperModel)
	}
	dir := filepath.Join(opts.DataDir, "models")
	if opts.DataDir == "" {
		return "", fmt.Errorf("whisper: %w: no model given; %s or set %s", ErrNoModel, get, EnvWhisperModel)
	}
	found, _ := filepath.Glob(filepath.Join(dir, "ggml-*.bin"))
	found = slices.DeleteFunc(found, func(p string) bool {
		st, err := os.Stat(p)
		return err != nil || !st.Mode().IsRegular()
	})
	if len(found) == 0 {
		return "", fmt.Errorf("whisper: %w: no ggml-*.bin in %s; %s or set %s", ErrNoModel, dir, get, EnvWhisperModel)
	}
	slices.Sort(found)
	for _, want := range preferredModels {
		for _, p := range found {
			if modelName(p) == want {
				return p, checkModel(p, "the model")
			}
		}
	}
	return found[0], checkModel(found[0], "the model")
}

// ggmlMagic starts every ggml model file: "ggml" as a little-endian uint32.
var ggmlMagic = []byte("lmgg")

// checkModel refuses a model file that is missing or is no ggml model.
func checkModel(path, what string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("whisper: %w: %s, %s, does not exist; run `mockround transcribe --get-model base.en`", ErrNoModel, what, path)
		}
		return fmt.Errorf("whisper: %w: %v", ErrNoModel, err)
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err != nil || !bytes.Equal(magic, ggmlMagic) {
		return fmt.Errorf("whisper: %w: %s is not a whisper.cpp ggml model (damaged or another kind of file); delete it and run `mockround transcribe --get-model %s`",
			ErrNoModel, path, suggestModel(path))
	}
	return nil
}

func suggestModel(path string) string {
	if n := modelName(path); ModelByName(n) != nil {
		return n
	}
	return "base.en"
}

// modelName is the model's name from its file name: ggml-base.en.bin → base.en.
func modelName(path string) string {
	n := filepath.Base(path)
	n = strings.TrimSuffix(n, ".bin")
	return strings.TrimPrefix(n, "ggml-")
}

// Transcribe runs whisper.cpp on the take.
func (w *Whisper) Transcribe(ctx context.Context, wavPath, tmpDir string) (*Transcript, error) {
	if err := checkModel(w.Model, "the model"); err != nil {
		return nil, fmt.Errorf("transcribe %s: %w", wavPath, err)
	}
	return transcribeWith(ctx, wavPath, tmpDir, w.Timeout, func(ctx context.Context, wav16k string, lengthS float64) (*Transcript, error) {
		outBase := strings.TrimSuffix(wav16k, ".wav")
		outJSON := outBase + ".json"
		defer os.Remove(outJSON)
		args := []string{"-m", w.Model, "-t", fmt.Sprint(w.threads()), "-ml", "1", "-sow", "-oj"}
		if w.fullJSON {
			args = append(args, "-ojf")
		}
		if w.Prompt != "" {
			args = append(args, "--prompt", w.Prompt)
		}
		args = append(args, "-of", outBase, "-f", wav16k)
		next := "the recording is kept as it was; try again, try a smaller model (`mockround transcribe --get-model tiny.en`) or use --engine pocketsphinx"
		res, err := run(ctx, proc{engine: WhisperName, bin: w.Bin, args: args}, next)
		if err != nil {
			if strings.Contains(res.stderr, "failed to initialize whisper context") || strings.Contains(res.stderr, "failed to load model") {
				return nil, fmt.Errorf("whisper: %w: %s could not be loaded%s; delete it and run `mockround transcribe --get-model %s`",
					ErrNoModel, w.Model, saying(res.stderr), suggestModel(w.Model))
			}
			return nil, err
		}
		data, err := os.ReadFile(outJSON)
		if err != nil {
			return nil, fmt.Errorf("whisper: %w: it exited without writing its JSON output%s; %s", ErrBadOutput, saying(res.stderr), next)
		}
		words, err := parseWhisperJSON(data)
		if err != nil {
			return nil, fmt.Errorf("whisper: %w: %v; %s", ErrBadOutput, err, next)
		}
		return &Transcript{
			Engine: WhisperName, Version: w.version, Model: modelName(w.Model), Words: words,
			ComputeS: roundMS(res.wall.Seconds()), CPUS: roundMS(res.cpu.Seconds()), PeakRSSKB: res.maxRSSKB,
		}, nil
	})
}

func (w *Whisper) threads() int {
	if w.Threads > 0 {
		return w.Threads
	}
	return max(runtime.NumCPU()-1, 1)
}

// whisperOutput is the part of whisper.cpp's JSON output (output_json in
// examples/cli/cli.cpp) that mockround reads.
type whisperOutput struct {
	Transcription *[]whisperSegment `json:"transcription"`
}

type whisperSegment struct {
	Offsets *whisperSpan   `json:"offsets"` // milliseconds
	Text    string         `json:"text"`
	Tokens  []whisperToken `json:"tokens"` // with -ojf
}

type whisperSpan struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

type whisperToken struct {
	Text string   `json:"text"`
	P    *float64 `json:"p"`
}

// parseWhisperJSON reads the words out of whisper.cpp's JSON output.
func parseWhisperJSON(data []byte) ([]Word, error) {
	var out whisperOutput
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("bad JSON: %v", err)
	}
	if out.Transcription == nil {
		return nil, errors.New(`no "transcription" in its JSON`)
	}
	words := []Word{}
	depth := 0 // inside [ ... ] or ( ... ) spanning segments: not speech
	for i, seg := range *out.Transcription {
		if seg.Offsets == nil {
			return nil, fmt.Errorf("segment %d has no offsets", i+1)
		}
		from, to := seg.Offsets.From, seg.Offsets.To
		if from < 0 || to < 0 {
			return nil, fmt.Errorf("segment %d has negative times (%d to %d ms)", i+1, from, to)
		}
		to = max(to, from)
		text := strings.TrimSpace(seg.Text)
		opens := strings.Count(text, "[") + strings.Count(text, "(")
		closes := strings.Count(text, "]") + strings.Count(text, ")")
		if depth > 0 || isAnnotation(text) {
			depth = max(depth+opens-closes, 0)
			continue
		}
		if strings.HasPrefix(text, "[") || strings.HasPrefix(text, "(") {
			depth = max(opens-closes, 0)
			continue
		}
		if !hasAlnum(text) {
			continue
		}
		conf := tokenConfidence(seg.Tokens)
		parts := strings.Fields(text)
		// One word a segment is the rule; split the rare segment of
		// several evenly by length.
		total := 0
		for _, p := range parts {
			total += len(p)
		}
		at := float64(from)
		for _, p := range parts {
			d := float64(to-from) * float64(len(p)) / float64(total)
			words = append(words, Word{W: p, Start: roundMS(at / 1000), End: roundMS((at + d) / 1000), Conf: conf})
			at += d
		}
	}
	return words, nil
}

// isAnnotation reports a segment that describes sound instead of words:
// [BLANK_AUDIO], (laughs), *sighs*, ♪.
func isAnnotation(text string) bool {
	if text == "" {
		return false
	}
	pairs := [][2]string{{"[", "]"}, {"(", ")"}, {"*", "*"}, {"♪", "♪"}}
	for _, p := range pairs {
		if strings.HasPrefix(text, p[0]) && strings.HasSuffix(strings.TrimRight(text, ".,!?"), p[1]) && len(text) > 1 {
			return true
		}
	}
	return strings.HasPrefix(text, "♪")
}

func hasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// tokenConfidence is the mean probability of a word's text tokens (not
// special tokens such as [_BEG_] or [_TT_50], nor punctuation); nil
// without tokens.
func tokenConfidence(tokens []whisperToken) *float64 {
	var sum float64
	n := 0
	for _, t := range tokens {
		s := strings.TrimSpace(t.Text)
		if t.P == nil || strings.HasPrefix(s, "[_") || strings.HasPrefix(s, "<|") || !hasAlnum(s) {
			continue
		}
		sum += min(max(*t.P, 0), 1)
		n++
	}
	if n == 0 {
		return nil
	}
	c := float64(int64(sum/float64(n)*1000+0.5)) / 1000
	return &c
}
