package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/mockround/mockround/audio"
)

var updateScripts = flag.Bool("update", false, "rewrite the expected output in testdata/script from what mockround prints")

// TestScripts runs the command-line scripts in testdata/script: the real
// command line, in a fresh data directory per script ($HOME/data), its
// output compared with what the script expects. None needs a sound system.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *updateScripts,
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("MOCKROUND_HOME", filepath.Join(e.WorkDir, "data"))
			e.Setenv("NO_COLOR", "1")
			e.Setenv("TZ", "UTC")
			e.Setenv("MOCKROUND_NOW", "2026-11-10T12:00:00Z") // what is due depends on the day
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"tone":      cmdTone,
			"exits":     cmdExits,
			"zerosizes": cmdZeroSizes,
		},
	})
}

// cmdExits runs a command and checks its exit status: exits N CMD ARGS...
// Its output is kept for stdout and stderr, as with exec.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits STATUS COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// cmdTone writes a WAV as mockround records them: tone FILE SECONDS [RATE]
// writes SECONDS of a 440 Hz tone at -12 dBFS (RATE default 44100);
// "tone FILE 0" writes a header and no audio.
func cmdTone(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: tone FILE SECONDS [RATE]")
	}
	secs, err := strconv.ParseFloat(args[1], 64)
	ts.Check(err)
	rate := 44100
	if len(args) == 3 {
		rate, err = strconv.Atoi(args[2])
		ts.Check(err)
	}
	w, err := audio.CreateWAV(ts.MkAbs(args[0]), rate)
	ts.Check(err)
	buf := make([]int16, int(secs*float64(rate)))
	for i := range buf {
		buf[i] = int16(8192 * math.Sin(2*math.Pi*440*float64(i)/float64(rate)))
	}
	ts.Check(w.Write(buf))
	ts.Check(w.Close())
	fmt.Fprintf(ts.Stdout(), "%d frames\n", len(buf))
}

// cmdZeroSizes sets the RIFF and data chunk sizes of a WAV to 0, as a
// recording killed before its header was finished leaves them:
// zerosizes FILE.
func cmdZeroSizes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: zerosizes FILE")
	}
	path := ts.MkAbs(args[0])
	info, err := audio.ReadInfo(path)
	ts.Check(err)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	ts.Check(err)
	var zero [4]byte
	_, err = f.WriteAt(zero[:], 4) // RIFF chunk size
	ts.Check(err)
	_, err = f.WriteAt(zero[:], info.DataOffset-4) // data chunk size
	ts.Check(err)
	ts.Check(f.Close())
}
