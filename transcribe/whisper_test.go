package transcribe

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const whisperHelp = `usage: whisper-cli [options] file0 file1 ...
  -t N,      --threads N         [4      ] number of threads to use during computation
  -ml N,     --max-len N         [0      ] maximum segment length in characters
  -sow,      --split-on-word     [false  ] split on word rather than on token
  -oj,       --output-json       [false  ] output result in a JSON file
  -ojf,      --output-json-full  [false  ] include more information in the JSON file
  -of FNAME, --output-file FNAME [       ] output file path (without file extension)
  -m FNAME,  --model FNAME       [models/ggml-base.en.bin] model path
`

// fakeWhisper is a stand-in for whisper-cli: --help and --version as the
// real one; a run records its arguments in $FAKE_LOG, then does what
// $FAKE_MODE says with the JSON output file.
func fakeWhisper(help string, version bool) string {
	v := `echo "error: unknown argument: --version" >&2; echo "$HELP" >&2; exit 0`
	if version {
		v = `echo "whisper.cpp version: 1.8.0"; exit 0`
	}
	return `HELP='` + help + `'
case "$1" in
--help|-h) echo "$HELP" >&2; exit 0;;
--version) ` + v + `;;
esac
[ -n "$FAKE_LOG" ] && echo "$@" > "$FAKE_LOG"
while [ $# -gt 0 ]; do
	case "$1" in -of) of="$2"; shift;; esac
	shift
done
echo "whisper_init_from_file_with_params_no_state: loading model" >&2
case "$FAKE_MODE" in
ok) /bin/cp "$FAKE_JSON" "$of.json";;
nojson) echo "error: failed to read audio file" >&2;;
garbage) echo '{"transcription": [{"offsets": {"from": 0' > "$of.json";;
nosegments) echo '{"systeminfo": "x"}' > "$of.json";;
badmodel) echo "whisper_model_load: ERROR not all tensors loaded from model file" >&2; echo "error: failed to initialize whisper context" >&2; exit 3;;
fail) echo "main: failed to process audio" >&2; exit 10;;
hang) /bin/sleep 300 & echo $! > "$FAKE_PID"; wait;;
esac
`
}

// fakeModel writes a file that starts like a ggml model.
func fakeModel(t *testing.T, path string) string {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, append([]byte("lmgg"), make([]byte, 64)...), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestWhisperStandIn(t *testing.T) {
	standIns(t, false, map[string]string{"whisper-cli": fakeWhisper(whisperHelp, true)})
	model := fakeModel(t, filepath.Join(t.TempDir(), "ggml-base.en.bin"))
	abs, _ := filepath.Abs("testdata/whisper-full.json")
	log := filepath.Join(t.TempDir(), "log")
	t.Setenv("FAKE_JSON", abs)
	t.Setenv("FAKE_MODE", "ok")
	t.Setenv("FAKE_LOG", log)
	e, err := Find(Options{Engine: "whisper", WhisperModel: model, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir, wav, sum := session(t, 12)
	tr, err := e.Transcribe(context.Background(), wav, dir)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Engine != "whisper" || tr.Version != "1.8.0" || tr.Model != "base.en" || len(tr.Words) != 17 || tr.LengthS != 12 {
		t.Errorf("transcript %+v", tr)
	}
	if !strings.HasPrefix(tr.Text(), "And so my fellow Americans, um,") {
		t.Errorf("text %q", tr.Text())
	}
	checkClean(t, dir, wav, sum)
	b, _ := os.ReadFile(log)
	args := string(b)
	for _, a := range []string{"-m " + model, "-t 2", "-ml 1", "-sow", "-oj", "-ojf", "--prompt Umm", "-of " + dir + "/" + TempPrefix, "-f " + dir + "/" + TempPrefix} {
		if !strings.Contains(args, a) {
			t.Errorf("arguments %q lack %q", args, a)
		}
	}
}

func TestWhisperOldBinary(t *testing.T) {
	// An older whisper.cpp: no -ojf, no --version, called main.
	old := strings.ReplaceAll(whisperHelp, "  -ojf,      --output-json-full  [false  ] include more information in the JSON file\n", "")
	standIns(t, true, map[string]string{"main": fakeWhisper(old, false)})
	model := fakeModel(t, filepath.Join(t.TempDir(), "ggml-tiny.en.bin"))
	log := filepath.Join(t.TempDir(), "log")
	plain := filepath.Join(t.TempDir(), "plain.json")
	os.WriteFile(plain, []byte(`{"transcription": [{"offsets": {"from": 100, "to": 400}, "text": " Hi."}]}`), 0o600)
	t.Setenv("FAKE_JSON", plain)
	t.Setenv("FAKE_MODE", "ok")
	t.Setenv("FAKE_LOG", log)
	e, err := Find(Options{WhisperModel: model})
	if err != nil {
		t.Fatal(err)
	}
	dir, wav, sum := session(t, 1)
	tr, err := e.Transcribe(context.Background(), wav, dir)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Version != "unknown" || tr.Model != "tiny.en" || tr.Text() != "Hi." || tr.Words[0].Conf != nil {
		t.Errorf("transcript %+v", tr)
	}
	if b, _ := os.ReadFile(log); strings.Contains(string(b), "-ojf") {
		t.Errorf("-ojf passed to a binary without it: %s", b)
	}
	checkClean(t, dir, wav, sum)
}

func TestWhisperContract(t *testing.T) {
	cases := []struct {
		mode    string
		want    error
		says    []string
		timeout time.Duration
	}{
		{"nojson", ErrBadOutput, []string{"without writing its JSON", "failed to read audio file", "--engine pocketsphinx"}, 0},
		{"garbage", ErrBadOutput, []string{"bad JSON"}, 0},
		{"nosegments", ErrBadOutput, []string{`no "transcription"`}, 0},
		{"badmodel", ErrNoModel, []string{"could not be loaded", "--get-model base.en", "failed to initialize"}, 0},
		{"fail", ErrFailed, []string{"exit status 10", "failed to process audio", "kept as it was"}, 0},
		{"hang", ErrTimeout, []string{"stopped after", "tiny.en"}, time.Second},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			standIns(t, false, map[string]string{"whisper-cli": fakeWhisper(whisperHelp, true)})
			model := fakeModel(t, filepath.Join(t.TempDir(), "ggml-base.en.bin"))
			t.Setenv("FAKE_MODE", c.mode)
			pidFile := filepath.Join(t.TempDir(), "pid")
			t.Setenv("FAKE_PID", pidFile)
			e, err := Find(Options{Engine: "whisper", WhisperModel: model, Timeout: c.timeout})
			if err != nil {
				t.Fatal(err)
			}
			dir, wav, sum := session(t, 1)
			tr, err := e.Transcribe(context.Background(), wav, dir)
			if !errors.Is(err, c.want) || tr != nil {
				t.Fatalf("got %v, %v; want an error wrapping %v", tr, err, c.want)
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			checkClean(t, dir, wav, sum)
			if b, err := os.ReadFile(pidFile); err == nil {
				var pid int
				for _, ch := range strings.TrimSpace(string(b)) {
					pid = pid*10 + int(ch-'0')
				}
				waitGone(t, pid)
			}
		})
	}
}

func TestWhisperModels(t *testing.T) {
	standIns(t, true, map[string]string{"whisper-cli": fakeWhisper(whisperHelp, true)})
	data := t.TempDir()
	models := filepath.Join(data, "models")
	_, err := Find(Options{Engine: "whisper", DataDir: data})
	if !errors.Is(err, ErrNoModel) || !strings.Contains(err.Error(), "--get-model base.en") {
		t.Errorf("no model: %v", err)
	}
	pick := func() string {
		t.Helper()
		e, err := Find(Options{Engine: "whisper", DataDir: data})
		if err != nil {
			t.Fatal(err)
		}
		return filepath.Base(e.(*Whisper).Model)
	}
	fakeModel(t, filepath.Join(models, "ggml-tiny.en.bin"))
	fakeModel(t, filepath.Join(models, "ggml-medium.bin"))
	if m := pick(); m != "ggml-medium.bin" {
		t.Errorf("picked %s, want the first by name", m)
	}
	fakeModel(t, filepath.Join(models, "ggml-small.en.bin"))
	if m := pick(); m != "ggml-small.en.bin" {
		t.Errorf("picked %s, want small.en", m)
	}
	fakeModel(t, filepath.Join(models, "ggml-base.en.bin"))
	if m := pick(); m != "ggml-base.en.bin" {
		t.Errorf("picked %s, want base.en", m)
	}
	// The environment wins over the data directory, the option over both.
	env := fakeModel(t, filepath.Join(t.TempDir(), "ggml-tiny.bin"))
	t.Setenv(EnvWhisperModel, env)
	if m := pick(); m != "ggml-tiny.bin" {
		t.Errorf("picked %s, want $%s", m, EnvWhisperModel)
	}
	opt := fakeModel(t, filepath.Join(t.TempDir(), "ggml-large-v3.bin"))
	if e, err := Find(Options{Engine: "whisper", DataDir: data, WhisperModel: opt}); err != nil || e.(*Whisper).Model != opt {
		t.Errorf("the option: %v %v", e, err)
	}
	// A damaged model, and one that is missing.
	bad := filepath.Join(t.TempDir(), "ggml-base.en.bin")
	os.WriteFile(bad, []byte("<html>404</html>"), 0o600)
	if _, err := Find(Options{Engine: "whisper", WhisperModel: bad}); !errors.Is(err, ErrNoModel) || !strings.Contains(err.Error(), "not a whisper.cpp ggml model") {
		t.Errorf("damaged model: %v", err)
	}
	if _, err := Find(Options{Engine: "whisper", WhisperModel: bad + ".gone"}); !errors.Is(err, ErrNoModel) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing model: %v", err)
	}
}

func TestFindAuto(t *testing.T) {
	psModel := fakePSModel(t)
	data := t.TempDir()
	base := Options{DataDir: data, PocketSphinxModel: psModel}

	// Nothing at all.
	standIns(t, true, nil)
	_, err := Find(base)
	if !errors.Is(err, ErrNoEngine) || !strings.Contains(err.Error(), "apt-get install pocketsphinx pocketsphinx-en-us") ||
		!strings.Contains(err.Error(), "--get-model base.en") || strings.Contains(err.Error(), "\n") {
		t.Errorf("nothing: %v", err)
	}
	// A program called main that is not whisper.cpp is not taken for it.
	standIns(t, true, map[string]string{"main": `echo "usage: main [--frobnicate]"`})
	if _, err := Find(base); !errors.Is(err, ErrNoEngine) {
		t.Errorf("another main: %v", err)
	}
	// whisper.cpp's deprecated main, which only says to use whisper-cli.
	standIns(t, true, map[string]string{"main": `echo "WARNING: The binary 'main' is deprecated."; echo " Please use 'whisper-cli' instead."; exit 1`})
	if _, err := Find(base); !errors.Is(err, ErrNoEngine) {
		t.Errorf("deprecated main: %v", err)
	}
	// PocketSphinx only.
	standIns(t, true, map[string]string{"pocketsphinx_continuous": psGood})
	if e, err := Find(base); err != nil || e.Name() != "pocketsphinx" {
		t.Errorf("pocketsphinx only: %v %v", e, err)
	}
	// whisper.cpp without a model, and PocketSphinx: PocketSphinx.
	standIns(t, true, map[string]string{"pocketsphinx_continuous": psGood, "whisper-cli": fakeWhisper(whisperHelp, true)})
	if e, err := Find(base); err != nil || e.Name() != "pocketsphinx" {
		t.Errorf("whisper without model: %v %v", e, err)
	}
	// whisper.cpp without a model, no PocketSphinx: say the model is missing.
	standIns(t, true, map[string]string{"whisper-cli": fakeWhisper(whisperHelp, true)})
	if _, err := Find(base); !errors.Is(err, ErrNoEngine) || !errors.Is(err, ErrNoModel) || !strings.Contains(err.Error(), "--get-model base.en") {
		t.Errorf("whisper without model, alone: %v", err)
	}
	// Both, with a model: whisper.
	standIns(t, true, map[string]string{"pocketsphinx_continuous": psGood, "whisper-cli": fakeWhisper(whisperHelp, true)})
	fakeModel(t, filepath.Join(data, "models", "ggml-base.en.bin"))
	for _, name := range []string{"", "auto", "AUTO"} {
		o := base
		o.Engine = name
		if e, err := Find(o); err != nil || e.Name() != "whisper" {
			t.Errorf("%q with both: %v %v", name, e, err)
		}
	}
	o := base
	o.Engine = "pocketsphinx"
	if e, err := Find(o); err != nil || e.Name() != "pocketsphinx" {
		t.Errorf("pocketsphinx asked for: %v %v", e, err)
	}
	o.Engine = "vosk"
	if _, err := Find(o); err == nil || !strings.Contains(err.Error(), "auto, whisper or pocketsphinx") {
		t.Errorf("unknown engine: %v", err)
	}
}
