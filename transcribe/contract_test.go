package transcribe

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
)

// standIns makes a directory of stand-in engines (shell scripts) and puts
// it first on PATH, or alone on it when alone is true.
func standIns(t *testing.T, alone bool, scripts map[string]string) string {
	t.Helper()
	bin := t.TempDir()
	for name, body := range scripts {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if alone {
		t.Setenv("PATH", bin)
	} else {
		t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	return bin
}

// fakePSModel makes a directory laid out as pocketsphinx-en-us's.
func fakePSModel(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "en-us"), 0o755)
	for _, f := range psModelFiles {
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	return dir
}

// session makes a session directory with one take of seconds of a tone
// at 44.1 kHz, and returns the directory, the take and its checksum.
func session(t *testing.T, seconds float64) (dir, wav, sum string) {
	t.Helper()
	dir = t.TempDir()
	wav = filepath.Join(dir, "01-q.wav")
	writeTone(t, wav, 44100, int(seconds*44100), 300)
	return dir, wav, fileSum(t, wav)
}

// checkClean fails when the take changed or anything but it is left in dir.
func checkClean(t *testing.T, dir, wav, sum string) {
	t.Helper()
	if fileSum(t, wav) != sum {
		t.Error("the take changed")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.Name() != filepath.Base(wav) {
			t.Errorf("left behind in the session directory: %s", e.Name())
		}
	}
}

const psGood = `printf 'hello world\n<s> 0.000 0.100 0.99\nhello 0.110 0.400 0.9\nworld 0.410 0.800 0.8\n</s> 0.81 0.9 1.0\n'
echo "INFO: lots of chatter" >&2
`

// psRecorder records how the stand-in was run into $FAKE_LOG: its
// niceness, then its arguments; and copies its input to $FAKE_COPY.
const psRecorder = `cut -d' ' -f19 /proc/$$/stat > "$FAKE_LOG"
echo "$@" >> "$FAKE_LOG"
cp "$2" "$FAKE_COPY"
`

func TestPocketSphinxContract(t *testing.T) {
	model := fakePSModel(t)
	cases := []struct {
		name    string
		script  string
		want    error
		says    []string
		timeout time.Duration
	}{
		{"fails", `echo 'INFO: starting' >&2; echo 'FATAL: "continuous.c", line 157: Failed to open file' >&2; exit 1`,
			ErrFailed, []string{"exit status 1", "FATAL", "Failed to open file", "kept as it was", "reinstall"}, 0},
		{"crashes", `kill -SEGV $$`, ErrFailed, []string{"signal", "kept as it was"}, 0},
		{"garbage", `printf '\000\001garbage \377\n'`, ErrBadOutput, []string{"unexpected", "kept as it was"}, 0},
		{"words without a hypothesis that match", `printf 'hello there\nhello 0.1 0.2 0.9\n'`, ErrBadOutput, []string{"do not match"}, 0},
		{"hangs", `sleep 300 & echo $! > "$FAKE_PID"; wait`, ErrTimeout, []string{"stopped after", "kept as it was"}, time.Second},
		{"prints without end", `yes hello`, ErrBadOutput, []string{"more than"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			standIns(t, false, map[string]string{"pocketsphinx_continuous": c.script})
			pidFile := filepath.Join(t.TempDir(), "pid")
			t.Setenv("FAKE_PID", pidFile)
			if c.name == "prints without end" {
				old := maxStdout
				maxStdout = 1 << 20
				defer func() { maxStdout = old }()
			}
			e, err := Find(Options{Engine: "pocketsphinx", PocketSphinxModel: model, Timeout: c.timeout})
			if err != nil {
				t.Fatal(err)
			}
			dir, wav, sum := session(t, 1)
			start := time.Now()
			tr, err := e.Transcribe(context.Background(), wav, dir)
			if !errors.Is(err, c.want) || tr != nil {
				t.Fatalf("got %v, %v; want an error wrapping %v", tr, err, c.want)
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if !strings.Contains(err.Error(), wav) {
				t.Errorf("error %q does not name the take", err)
			}
			if strings.Contains(err.Error(), "chatter") {
				t.Errorf("error %q carries the engine's log", err)
			}
			if d := time.Since(start); d > 8*time.Second {
				t.Errorf("took %s", d)
			}
			checkClean(t, dir, wav, sum)
			if b, err := os.ReadFile(pidFile); err == nil {
				pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
				waitGone(t, pid)
			}
		})
	}
}

// waitGone fails unless process pid ends (or is a zombie) within 5 s.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	for i := 0; i < 100; i++ {
		st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil || syscall.Kill(pid, 0) != nil {
			return
		}
		if f := strings.Fields(string(st)); len(f) > 2 && f[2] == "Z" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("the engine's child %d still runs: the process group was not killed", pid)
}

func TestPocketSphinxStandIn(t *testing.T) {
	model := fakePSModel(t)
	standIns(t, false, map[string]string{"pocketsphinx_continuous": psRecorder + psGood})
	tmp := t.TempDir()
	log, cp := filepath.Join(tmp, "log"), filepath.Join(tmp, "copy.wav")
	t.Setenv("FAKE_LOG", log)
	t.Setenv("FAKE_COPY", cp)
	e, err := Find(Options{Engine: "pocketsphinx", PocketSphinxModel: model})
	if err != nil {
		t.Fatal(err)
	}
	if e.Name() != "pocketsphinx" {
		t.Errorf("name %q", e.Name())
	}
	dir, wav, sum := session(t, 1.5)
	tr, err := e.Transcribe(context.Background(), wav, dir)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Text() != "hello world" || tr.Engine != "pocketsphinx" || tr.Model != "en-us" || tr.Version == "" ||
		tr.Audio != "01-q.wav" || tr.LengthS != 1.5 || tr.ComputeS <= 0 || tr.Created.IsZero() {
		t.Errorf("transcript %+v", tr)
	}
	if tr.PeakRSSKB <= 0 {
		t.Errorf("peak memory %d KiB", tr.PeakRSSKB)
	}
	checkClean(t, dir, wav, sum)
	b, _ := os.ReadFile(log)
	lines := strings.SplitN(string(b), "\n", 2)
	if strings.TrimSpace(lines[0]) != strconv.Itoa(Niceness) {
		t.Errorf("ran at niceness %q, want %d", lines[0], Niceness)
	}
	for _, arg := range []string{"-time yes", "-hmm " + model + "/en-us", "-lm " + model + "/en-us.lm.bin", "-dict " + model + "/cmudict-en-us.dict", "-infile " + dir + "/" + TempPrefix} {
		if !strings.Contains(lines[1], arg) {
			t.Errorf("arguments %q lack %q", lines[1], arg)
		}
	}
	info, err := audio.ReadInfo(cp)
	if err != nil || info.Rate != 16000 || info.Channels != 1 || info.BitsPerSample != 16 || info.Frames() != 24000 {
		t.Errorf("the engine got %+v, %v", info, err)
	}
}

func TestNiceWithoutNiceCommand(t *testing.T) {
	// No nice on PATH: the child's priority is lowered just after it
	// starts. The stand-in waits (up to 2 s) to see it lowered.
	model := fakePSModel(t)
	standIns(t, true, map[string]string{"pocketsphinx_continuous": `i=0
while [ $i -lt 40 ]; do
	read _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ n _ < /proc/$$/stat
	[ "$n" = 10 ] && break
	/bin/sleep 0.05; i=$((i+1))
done
echo $n > "$FAKE_LOG"
`})
	log := filepath.Join(t.TempDir(), "log")
	t.Setenv("FAKE_LOG", log)
	e, err := Find(Options{Engine: "pocketsphinx", PocketSphinxModel: model})
	if err != nil {
		t.Fatal(err)
	}
	dir, wav, _ := session(t, 0.5)
	if _, err := e.Transcribe(context.Background(), wav, dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(log); strings.TrimSpace(string(b)) != strconv.Itoa(Niceness) {
		t.Errorf("niceness without nice: %q, want %d", b, Niceness)
	}
}

func TestCancelStopsEngine(t *testing.T) {
	model := fakePSModel(t)
	standIns(t, false, map[string]string{"pocketsphinx_continuous": `sleep 300`})
	e, err := Find(Options{Engine: "pocketsphinx", PocketSphinxModel: model})
	if err != nil {
		t.Fatal(err)
	}
	dir, wav, sum := session(t, 0.5)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err = e.Transcribe(ctx, wav, dir)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("cancelled: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %s to stop", time.Since(start))
	}
	checkClean(t, dir, wav, sum)
}

func TestFindPocketSphinx(t *testing.T) {
	// No binary.
	standIns(t, true, nil)
	_, err := Find(Options{Engine: "pocketsphinx"})
	if !errors.Is(err, ErrNoEngine) || !strings.Contains(err.Error(), "apt-get install pocketsphinx") {
		t.Errorf("no binary: %v", err)
	}
	// A binary, a broken model directory.
	standIns(t, true, map[string]string{"pocketsphinx_continuous": psGood})
	empty := t.TempDir()
	_, err = Find(Options{Engine: "pocketsphinx", PocketSphinxModel: empty})
	if !errors.Is(err, ErrNoModel) || !strings.Contains(err.Error(), "pocketsphinx-en-us") {
		t.Errorf("no model: %v", err)
	}
	t.Setenv(EnvPocketSphinxModel, empty)
	if _, err = Find(Options{Engine: "pocketsphinx"}); !errors.Is(err, ErrNoModel) {
		t.Errorf("no model from the environment: %v", err)
	}
	t.Setenv(EnvPocketSphinxModel, fakePSModel(t))
	if _, err = Find(Options{Engine: "pocketsphinx"}); err != nil {
		t.Errorf("model from the environment: %v", err)
	}
	// The model goes away between Find and Transcribe.
	model := fakePSModel(t)
	e, err := Find(Options{Engine: "pocketsphinx", PocketSphinxModel: model})
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(model, "en-us.lm.bin"))
	dir, wav, sum := session(t, 0.5)
	if _, err := e.Transcribe(context.Background(), wav, dir); !errors.Is(err, ErrNoModel) {
		t.Errorf("model removed: %v", err)
	}
	checkClean(t, dir, wav, sum)
}

func TestTranscribeBadTake(t *testing.T) {
	model := fakePSModel(t)
	standIns(t, false, map[string]string{"pocketsphinx_continuous": psGood})
	e, err := Find(Options{Engine: "pocketsphinx", PocketSphinxModel: model})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := e.Transcribe(context.Background(), filepath.Join(dir, "missing.wav"), dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing take: %v", err)
	}
	bad := filepath.Join(dir, "bad.wav")
	os.WriteFile(bad, []byte("RIFF junk"), 0o600)
	if _, err := e.Transcribe(context.Background(), bad, dir); !errors.Is(err, audio.ErrNotWAV) {
		t.Errorf("not a WAV: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("%d files left", len(ents))
	}
}
