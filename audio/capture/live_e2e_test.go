package capture

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
)

// TestLiveAtTheFirstAudio opens the stream several times (the sound
// system's first audio comes at a different moment each time): it goes
// live as soon as its first reads show audio flowing, not on a timer, so
// WaitLive returns within a poll or two of the first audio's arrival. A
// take started then begins at once, never before the first audio; and
// each take after it (a retake, the next question's take) has its first
// audio in its file within a period of StartTake.
func TestLiveAtTheFirstAudio(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	dir := t.TempDir()
	for i := range 4 {
		opened := time.Now()
		in, err := OpenInput(InputConfig{})
		if err != nil {
			t.Fatalf("open the default input: %v", err)
		}
		if err := in.WaitLive(context.Background(), startTimeout); err != nil {
			in.Close()
			t.Fatal(err)
		}
		live := time.Now()
		first := in.clock.time(in.firstNS())
		t.Logf("open %d: first audio %s after OpenInput, live %s after it", i, first.Sub(opened).Round(time.Millisecond), live.Sub(first).Round(time.Millisecond))
		if lag := live.Sub(first); lag < 0 || lag > 50*time.Millisecond {
			t.Errorf("open %d: live %s after the first audio arrived, want within 50 ms", i, lag)
		}
		for j := range 3 {
			takeStartsAtOnce(t, in, filepath.Join(dir, fmt.Sprintf("take%d-%d.wav", i, j)), first)
		}
		if err := in.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// takeStartsAtOnce records a take of a second on a live input, whose first
// audio arrived at first, and checks it starts at once, after first, has
// audio in its file within a period, and is as long as it ran.
func takeStartsAtOnce(t *testing.T, in *Input, path string, first time.Time) {
	t.Helper()
	called := time.Now()
	if err := in.StartTake(path); err != nil {
		t.Fatal(err)
	}
	returned := time.Now()
	if took := returned.Sub(called); took > 50*time.Millisecond {
		t.Errorf("%s: StartTake took %s on a live stream", filepath.Base(path), took)
	}
	if in.TakeStart().Before(first) || in.TakeStart().Before(called) || in.TakeStart().After(returned) {
		t.Errorf("%s: the take began %s after the call, %s after the first audio", filepath.Base(path), in.TakeStart().Sub(called), in.TakeStart().Sub(first))
	}
	period := audio.FramesDuration(periodFrames, in.Rate())
	for {
		if st, err := os.Stat(path); err == nil && st.Size() > audio.DataOffset {
			break
		}
		if waited := time.Since(returned); waited > period+100*time.Millisecond {
			t.Fatalf("%s: no audio in the file %s after StartTake returned (a period is %s)", filepath.Base(path), waited, period)
		}
		time.Sleep(2 * time.Millisecond)
	}
	time.Sleep(time.Until(in.TakeStart().Add(time.Second)))
	stop := time.Now()
	res, err := in.StopTake()
	if err != nil {
		t.Fatal(err)
	}
	if d := res.Duration() - stop.Sub(in.TakeStart()); d < -25*time.Millisecond || d > 25*time.Millisecond {
		t.Errorf("%s: recorded %s in %s", filepath.Base(path), res.Duration(), stop.Sub(in.TakeStart()))
	}
}
