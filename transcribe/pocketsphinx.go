package transcribe

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// PocketSphinx runs pocketsphinx_continuous, as in Debian's pocketsphinx
// package (0.8+5prealpha), with the US English model of
// pocketsphinx-en-us:
//
//	pocketsphinx_continuous -infile TAKE16K.wav -time yes -hmm DIR/en-us -lm DIR/en-us.lm.bin -dict DIR/cmudict-en-us.dict
//
// For each utterance it prints the words heard on one line, then, with
// -time yes, one line per word: the word, its start and end in seconds
// and its posterior probability (taken as the confidence). Its log goes to
// standard error, which is kept for error messages only. Silence and noise
// markers (<s>, </s>, <sil>, [NOISE], [SPEECH], ++…++) are dropped, and
// pronunciation variants (and(2)) are written as the word. It rarely
// writes um or uh, and never punctuation.
type PocketSphinx struct {
	Bin      string // pocketsphinx_continuous
	ModelDir string // holds en-us/, en-us.lm.bin, cmudict-en-us.dict
	Timeout  time.Duration

	version string
}

// pocketSphinxModelDirs are where the model is looked for, in order.
var pocketSphinxModelDirs = []string{
	"/usr/share/pocketsphinx/model/en-us",
	"/usr/local/share/pocketsphinx/model/en-us",
}

const psInstall = "`sudo apt-get install pocketsphinx pocketsphinx-en-us`"

// Name returns "pocketsphinx".
func (p *PocketSphinx) Name() string { return PocketSphinxName }

func findPocketSphinx(opts Options) (*PocketSphinx, error) {
	bin, err := exec.LookPath("pocketsphinx_continuous")
	if err != nil {
		return nil, fmt.Errorf("pocketsphinx: %w: pocketsphinx_continuous is not on PATH; install it with %s", ErrNoEngine, psInstall)
	}
	dir := opts.PocketSphinxModel
	if dir == "" {
		dir = os.Getenv(EnvPocketSphinxModel)
	}
	if dir != "" {
		if err := checkPSModel(dir); err != nil {
			return nil, err
		}
	} else {
		for _, d := range pocketSphinxModelDirs {
			if checkPSModel(d) == nil {
				dir = d
				break
			}
		}
		if dir == "" {
			return nil, fmt.Errorf("pocketsphinx: %w: its US English model is not installed; install it with `sudo apt-get install pocketsphinx-en-us`", ErrNoModel)
		}
	}
	return &PocketSphinx{Bin: bin, ModelDir: dir, Timeout: opts.Timeout, version: psVersion(bin)}, nil
}

// psModelFiles are the files of the model, relative to its directory.
var psModelFiles = []string{"en-us/mdef", "en-us/means", "en-us/variances", "en-us/transition_matrices", "en-us.lm.bin", "cmudict-en-us.dict"}

func checkPSModel(dir string) error {
	for _, f := range psModelFiles {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
			return fmt.Errorf("pocketsphinx: %w: %s has no %s; reinstall the model with `sudo apt-get install --reinstall pocketsphinx-en-us`", ErrNoModel, dir, f)
		}
	}
	return nil
}

// psVersion is the Debian package's version when the binary is the
// package's (the program itself does not say), else "unknown".
func psVersion(bin string) string {
	if !strings.HasPrefix(bin, "/usr/bin/") {
		return "unknown"
	}
	q, err := exec.LookPath("dpkg-query")
	if err != nil {
		return "unknown"
	}
	out, err := exec.Command(q, "-W", "-f=${Version}", "pocketsphinx").Output()
	if v := strings.TrimSpace(string(out)); err == nil && v != "" {
		return v
	}
	return "unknown"
}

// Transcribe runs PocketSphinx on the take.
func (p *PocketSphinx) Transcribe(ctx context.Context, wavPath, tmpDir string) (*Transcript, error) {
	if err := checkPSModel(p.ModelDir); err != nil {
		return nil, fmt.Errorf("transcribe %s: %w", wavPath, err)
	}
	return transcribeWith(ctx, wavPath, tmpDir, p.Timeout, func(ctx context.Context, wav16k string, lengthS float64) (*Transcript, error) {
		args := []string{"-infile", wav16k, "-time", "yes",
			"-hmm", filepath.Join(p.ModelDir, "en-us"),
			"-lm", filepath.Join(p.ModelDir, "en-us.lm.bin"),
			"-dict", filepath.Join(p.ModelDir, "cmudict-en-us.dict")}
		next := "the recording is kept as it was; try again, or reinstall it with `sudo apt-get install --reinstall pocketsphinx pocketsphinx-en-us`"
		res, err := run(ctx, proc{engine: PocketSphinxName, bin: p.Bin, args: args}, next)
		if err != nil {
			return nil, err
		}
		words, err := parsePocketSphinx(res.stdout, lengthS)
		if err != nil {
			return nil, fmt.Errorf("pocketsphinx: %w: %v; %s", ErrBadOutput, err, next)
		}
		return &Transcript{
			Engine: PocketSphinxName, Version: p.version, Model: "en-us", Words: words,
			ComputeS: roundMS(res.wall.Seconds()), CPUS: roundMS(res.cpu.Seconds()), PeakRSSKB: res.maxRSSKB,
		}, nil
	})
}

// parsePocketSphinx reads pocketsphinx_continuous -time yes output: each
// utterance's hypothesis line, then its word lines "word start end prob".
// Every line must be one or the other, the words of a hypothesis must be
// those of the word lines after it, and times must lie within the take
// (lengthS, with 0.5 s to spare; 0: unknown).
func parsePocketSphinx(out []byte, lengthS float64) ([]Word, error) {
	words := []Word{}
	var hyp []string // the words of the current utterance's hypothesis, to check
	var got []string // the words of its word lines so far
	hypLine := 0
	check := func() error {
		if hyp != nil && strings.Join(hyp, " ") != strings.Join(got, " ") {
			return fmt.Errorf("line %d: the words %q do not match the timed words %q after them", hypLine, strings.Join(hyp, " "), strings.Join(got, " "))
		}
		hyp, got = nil, nil
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if w, ok, err := psWordLine(f, lengthS); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		} else if ok {
			if w == nil {
				continue // a silence or noise marker
			}
			words = append(words, *w)
			got = append(got, w.W)
			continue
		}
		if err := check(); err != nil {
			return nil, err
		}
		for _, tok := range f {
			if !isDictWord(tok) {
				return nil, fmt.Errorf("line %d: unexpected %q", n, clip(line))
			}
		}
		hyp, hypLine = f, n
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := check(); err != nil {
		return nil, err
	}
	return words, nil
}

// psWordLine parses a word line. ok is false for a line that is not one;
// the word is nil for a silence or noise marker.
func psWordLine(f []string, lengthS float64) (*Word, bool, error) {
	if len(f) != 4 {
		return nil, false, nil
	}
	var v [3]float64
	for i := range v {
		x, err := strconv.ParseFloat(f[i+1], 64)
		if err != nil {
			return nil, false, nil
		}
		v[i] = x
	}
	start, end, prob := v[0], v[1], v[2]
	switch {
	case math.IsNaN(start) || math.IsNaN(end) || math.IsNaN(prob) || math.IsInf(start, 0) || math.IsInf(end, 0) || math.IsInf(prob, 0):
		return nil, true, errors.New("a time or probability that is not a number")
	case start < 0 || end < start:
		return nil, true, fmt.Errorf("%q runs from %g s to %g s", f[0], start, end)
	case lengthS > 0 && start > lengthS+0.5:
		return nil, true, fmt.Errorf("%q starts at %g s, after the take's end (%.2f s)", f[0], start, lengthS)
	case prob < 0 || prob > maxSphinxProb:
		return nil, true, fmt.Errorf("%q has probability %g", f[0], prob)
	}
	w := normalizeSphinxWord(f[0])
	if w == "" {
		return nil, true, nil
	}
	if !isDictWord(w) {
		return nil, true, fmt.Errorf("unexpected word %q", clip(f[0]))
	}
	c := float64(int64(min(prob, 1)*1000+0.5)) / 1000
	return &Word{W: w, Start: start, End: end, Conf: &c}, true, nil
}

// maxSphinxProb is the largest posterior probability taken (as 1):
// PocketSphinx sums them in the log domain and prints some a little over 1
// ("<s>" at 1.001401 on a minute of speech).
const maxSphinxProb = 1.05

// normalizeSphinxWord drops markers (returning "") and variant numbers.
func normalizeSphinxWord(w string) string {
	switch {
	case strings.HasPrefix(w, "<") && strings.HasSuffix(w, ">"),
		strings.HasPrefix(w, "[") && strings.HasSuffix(w, "]"),
		strings.HasPrefix(w, "++") && strings.HasSuffix(w, "++"):
		return ""
	}
	if i := strings.IndexByte(w, '('); i > 0 && strings.HasSuffix(w, ")") {
		if _, err := strconv.Atoi(w[i+1 : len(w)-1]); err == nil {
			w = w[:i]
		}
	}
	return w
}

// isDictWord reports a token as a dictionary has them: letters, digits and
// ' - . _ only.
func isDictWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '\'', r == '-', r == '.', r == '_':
		default:
			return false
		}
	}
	return true
}

func clip(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
