package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio/capture"
)

// suspendedMic is a microphone whose takes were suspended for a while:
// the capture layer reports how long the process did not run and how much
// audio the take lacks.
type suspendedMic struct{ lateMic }

func (m *suspendedMic) StopTake() (capture.TakeResult, error) {
	res, err := m.lateMic.StopTake()
	res.Suspended, res.Gap = 5*time.Second, 5200*time.Millisecond
	return res, err
}

// TestRunKeepsTheGapOfASuspend: a take the process was suspended in is
// kept with the gap marked in session.json, and report says so on its line.
func TestRunKeepsTheGapOfASuspend(t *testing.T) {
	home := t.TempDir()
	t.Setenv("MOCKROUND_HOME", home)
	var out, errOut strings.Builder
	f := newFactory(IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.OpenInput = func(capture.InputConfig) (microphone, error) { return &suspendedMic{}, nil }
	code := execute(context.Background(), f, []string{"run", "--plain", "--round", "behavioral", "--count", "1",
		"--prep", "0", "--answer", "1s", "--warn", "0", "--overtime", "0", "--follow-ups=false", "--transcribe=false"}, nil)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	_, rec := onlySession(t, home)
	if len(rec.Takes) != 1 || rec.Takes[0].GapS != 5.2 || rec.Takes[0].SuspendedS != 5 {
		t.Fatalf("takes %+v; want one with gap_s 5.2 and suspended_s 5", rec.Takes)
	}
	code, rep, errRep := runMain(t, home, "", "report")
	if code != 0 || !strings.Contains(rep, " · 5.2 s not recorded (suspended) · ") {
		t.Errorf("report exit %d, want the take's gap on its line:\n%s%s", code, rep, errRep)
	}
}
