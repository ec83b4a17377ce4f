//go:build unix

package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/transcribe"
)

// standInEngine puts a stand-in pocketsphinx_continuous first on PATH,
// with a stand-in model. It prints the same words for every take, counts
// its runs in the file it returns, and on run $FAKE_SLOW_RUN writes its
// process id to $FAKE_PID and sleeps instead, as a long take would.
func standInEngine(t *testing.T) (runs string) {
	t.Helper()
	bin, model := t.TempDir(), t.TempDir()
	runs = filepath.Join(t.TempDir(), "runs.log")
	script := `#!/bin/sh
echo run >> "` + runs + `"
n=$(wc -l < "` + runs + `")
if [ "$n" -eq "${FAKE_SLOW_RUN:-0}" ]; then
	echo $$ > "$FAKE_PID"
	exec sleep 30
fi
printf '%s\n' 'so it went well' 'so 0.1 0.3 0.9' 'it 0.32 0.4 0.9' 'went 0.42 0.6 0.9' 'well 0.62 0.9 0.9'
`
	mustWrite(t, filepath.Join(bin, "pocketsphinx_continuous"), []byte(script))
	if err := os.Chmod(filepath.Join(bin, "pocketsphinx_continuous"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"en-us/mdef", "en-us/means", "en-us/variances", "en-us/transition_matrices", "en-us.lm.bin", "cmudict-en-us.dict"} {
		mustWrite(t, filepath.Join(model, f), []byte("x"))
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv(transcribe.EnvPocketSphinxModel, model)
	t.Setenv("FAKE_SLOW_RUN", "0")
	t.Setenv("FAKE_PID", filepath.Join(t.TempDir(), "pid"))
	return runs
}

// runCount is how many times the stand-in has run.
func runCount(runs string) int {
	b, _ := os.ReadFile(runs)
	return strings.Count(string(b), "run\n")
}

// waitRuns waits until the stand-in has started n times.
func waitRuns(t *testing.T, runs string, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); runCount(runs) < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the engine ran %d times, want %d", runCount(runs), n)
		}
	}
}

// killStandIn ends a sleeping stand-in, if one was left running.
func killStandIn(t *testing.T) {
	if b, err := os.ReadFile(os.Getenv("FAKE_PID")); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// transcriptState says which takes of the session have a transcript file
// and which session.json refers to, and lists any other file left.
func transcriptState(t *testing.T, dir string) (files, refs []bool, stray []string) {
	t.Helper()
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{session.RecordFile: true}
	for _, tk := range rec.Takes {
		_, err := os.Stat(filepath.Join(dir, tk.TranscriptName()))
		files = append(files, err == nil)
		refs = append(refs, tk.Transcript != nil)
		known[tk.File], known[tk.TranscriptName()] = true, true
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if !known[e.Name()] {
			stray = append(stray, e.Name())
		}
	}
	return files, refs, stray
}

func boolsOf(bs []bool) string {
	var s []string
	for _, b := range bs {
		s = append(s, strconv.FormatBool(b))
	}
	return strings.Join(s, " ")
}

// TestTranscribeProgressOnTerminal: on a terminal, a progress line is
// drawn on the screen with \r, the answers done out of all and the time
// left once it can be told, and cleared at the end; --plain draws none.
func TestTranscribeProgressOnTerminal(t *testing.T) {
	standInEngine(t)
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	writeSession(t, home, "20261127T090000Z-aaaaaa", 2)
	var out, errOut, screen strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OutTTY, f.InTTY, f.Screen = true, true, &screen
	if code := execute(context.Background(), f, []string{"transcribe"}, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	s := screen.String()
	for _, want := range []string{
		"\r\x1b[KTranscribing answer 1 take 1 · 0 of 2 done · estimating the time left",
		"\r\x1b[KTranscribing answer 2 take 1 · 1 of 2 done · about 0:0",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the screen lacks %q:\n%q", want, s)
		}
	}
	if !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("the progress line is not cleared at the end: %q", s)
	}
	if !strings.Contains(out.String(), "answer 2 take 1 · 4 words · ") || !strings.Contains(out.String(), "Done.") {
		t.Errorf("stdout:\n%s", out.String())
	}

	screen.Reset()
	if code := execute(context.Background(), f, []string{"transcribe", "--plain", "--force"}, nil); code != 0 || screen.Len() != 0 {
		t.Errorf("--plain on a terminal: exit %d, screen %q", code, screen.String())
	}
}

// TestTranscribeCtrlC: Ctrl-C while the second take is transcribed stops
// the engine; the first take's transcript is kept and referred to, the
// second leaves nothing, and the command exits 130. The next run does
// the second take only.
func TestTranscribeCtrlC(t *testing.T) {
	runs := standInEngine(t)
	t.Setenv("FAKE_SLOW_RUN", "2")
	t.Cleanup(func() { killStandIn(t) })
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	dir := writeSession(t, home, "20261127T090000Z-aaaaaa", 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	code := make(chan int)
	go func() { code <- execute(ctx, f, []string{"transcribe", "--plain"}, nil) }()
	waitRuns(t, runs, 2)
	start := time.Now()
	cancel()
	if c := <-code; c != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", c, exitInterrupted, errOut.String())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s to stop", d)
	}
	if want := "mockround: interrupted: 1 of 2 takes transcribed, and kept; run mockround transcribe again to do the rest\n"; errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
	files, refs, stray := transcriptState(t, dir)
	if boolsOf(files) != "true false" || boolsOf(refs) != "true false" || len(stray) > 0 {
		t.Errorf("files %v, referred to %v, left %v", files, refs, stray)
	}

	t.Setenv("FAKE_SLOW_RUN", "0")
	c, stdout, stderr := runMain(t, home, "", "transcribe", "--plain")
	if c != 0 || !strings.Contains(stdout, "Transcribing 1 take of session") || runCount(runs) != 3 {
		t.Fatalf("next run: exit %d, %d runs\n%s%s", c, runCount(runs), stdout, stderr)
	}
	if files, refs, _ := transcriptState(t, dir); boolsOf(files) != "true true" || boolsOf(refs) != "true true" {
		t.Errorf("after the next run: files %v, referred to %v", files, refs)
	}
	faultLine(t, "Ctrl-C mid-transcription", "Ctrl-C (the context Main cancels on SIGINT) while the second of two takes is transcribed",
		"exit 130, the first transcript kept and referred to, the engine stopped; the next run does the rest", "the second take's transcription so far")
}

// TestFaultTranscribeKilled: mockround killed (SIGKILL) while a take is
// transcribed leaves no transcript half written; the next run picks up
// where it stopped and clears what the killed one left.
func TestFaultTranscribeKilled(t *testing.T) {
	if binary == "" {
		t.Skip("needs the built binary")
	}
	runs := standInEngine(t)
	t.Setenv("FAKE_SLOW_RUN", "3")
	t.Cleanup(func() { killStandIn(t) })
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-aaaaaa", 3)
	cmd := exec.Command(binary, "transcribe", "--plain")
	cmd.Env = append(os.Environ(), "MOCKROUND_HOME="+home)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitRuns(t, runs, 3)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	killStandIn(t)

	files, refs, stray := transcriptState(t, dir)
	if boolsOf(files) != "true true false" || boolsOf(refs) != "true true false" {
		t.Errorf("after the kill: files %v, referred to %v", files, refs)
	}
	for _, s := range stray {
		if !strings.HasPrefix(s, transcribe.TempPrefix) {
			t.Errorf("left after the kill: %s (only the engine's copy of the take may be)", s)
		}
	}
	t.Setenv("FAKE_SLOW_RUN", "0")
	code, out, errOut := runMain(t, home, "", "transcribe", "--plain")
	if code != 0 || !strings.Contains(out, "Transcribing 1 take of session") || !strings.Contains(out, "answer 3 take 1 · 4 words") {
		t.Fatalf("next run: exit %d\n%s%s", code, out, errOut)
	}
	if files, refs, stray := transcriptState(t, dir); boolsOf(files) != "true true true" || boolsOf(refs) != "true true true" || len(stray) > 0 {
		t.Errorf("after the next run: files %v, referred to %v, left %v", files, refs, stray)
	}
	faultLine(t, "SIGKILL mid-transcription", "kill -9 while the third of three takes is transcribed",
		"two transcripts kept and referred to, no half file; the next run does the third and removes the engine's leftover copy", "the third take's transcription so far")
}

// TestTranscribeRefusesRunningSession: a session a running round holds is
// not transcribed, and the message says when to come back.
func TestTranscribeRefusesRunningSession(t *testing.T) {
	runs := standInEngine(t)
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-aaaaaa", 1)
	unlock, err := session.Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	code, out, errOut := runMain(t, home, "", "transcribe", "--plain")
	if code != exitFailure || !strings.Contains(errOut, "session 20261127T090000Z-aaaaaa is being recorded by a running mockround; transcribe it once that round has ended") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if runCount(runs) != 0 {
		t.Error("the engine ran")
	}
	if files, _, _ := transcriptState(t, dir); boolsOf(files) != "false" {
		t.Errorf("transcripts %v", files)
	}
}

// TestTranscribeGetModel: --get-model downloads into the data directory's
// models with a progress line on a terminal; Ctrl-C exits 130 and says
// the next run goes on.
func TestTranscribeGetModel(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	var gotDir, gotName string
	fail := error(nil)
	defer func(old func(context.Context, string, string, func(int64, int64)) (string, error)) { getModel = old }(getModel)
	getModel = func(ctx context.Context, name, dir string, progress func(done, total int64)) (string, error) {
		gotName, gotDir = name, dir
		if progress != nil {
			progress(0, 150<<20)
			progress(150<<20, 150<<20)
		}
		if fail != nil {
			return "", fail
		}
		return filepath.Join(dir, transcribe.ModelFile(name)), nil
	}
	var out, errOut, screen strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OutTTY, f.Screen = true, &screen
	if code := execute(context.Background(), f, []string{"transcribe", "--get-model", "base.en"}, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if gotName != "base.en" || gotDir != filepath.Join(home, "models") {
		t.Errorf("downloaded %q into %q", gotName, gotDir)
	}
	if !strings.Contains(screen.String(), "\r\x1b[K150 of 150 MiB · 100%") || !strings.HasSuffix(screen.String(), "\r\x1b[K") {
		t.Errorf("screen %q", screen.String())
	}
	if want := "Model ready: " + filepath.Join(home, "models", "ggml-base.en.bin"); !strings.Contains(out.String(), want) {
		t.Errorf("stdout lacks %q:\n%s", want, out.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fail = errors.New("get model base.en: context canceled")
	errOut.Reset()
	if code := execute(ctx, f, []string{"transcribe", "--get-model", "base.en"}, nil); code != exitInterrupted ||
		!strings.Contains(errOut.String(), "run the same command again to go on from where it stopped") {
		t.Errorf("interrupted: exit %d, %s", code, errOut.String())
	}
	if code, _, errOut := runMain(t, home, "", "transcribe", "--get-model", "base.en", "last"); code != exitUsage {
		t.Errorf("--get-model with a session: exit %d, %s", code, errOut)
	}
}
