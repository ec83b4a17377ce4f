package capture

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
)

// TestRecordFromVirtualMicrophone records through the real PortAudio stack
// while a known speech clip plays into the virtual microphone, and checks
// that the take holds that clip.
func TestRecordFromVirtualMicrophone(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	dir := t.TempDir()

	in, err := OpenInput(InputConfig{})
	if err != nil {
		t.Fatalf("open the default input: %v", err)
	}
	defer in.Close()
	rate := in.Rate()
	if rate != 44100 && rate != 48000 {
		t.Fatalf("rate %d, want 44100 or 48000", rate)
	}
	res, m := recordClip(t, in, dir, "The quick brown fox jumps over the lazy dog. Testing one two three.", 0)
	info, err := audio.ReadInfo(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	if !info.HeaderOK() || info.Frames() != res.Frames || info.Rate != rate || info.Channels != 1 || info.BitsPerSample != 16 {
		t.Fatalf("file %+v does not match result %+v", info, res)
	}
	// The virtual microphone is the monitor of a null sink, which renders a
	// period of what is played as soon as it has it: the monitor hands over
	// audio up to a period before its time, so the clip can be found up to
	// a period early. A real microphone only hands over audio already
	// captured.
	early := -audio.FramesDuration(periodFrames, rate) - 50*time.Millisecond
	if m.Lag < early || m.Lag > time.Second {
		t.Errorf("clip found at %s into the take, want from %s to 1s", m.Lag, early)
	}
}

// TestPauseAndConsecutiveTakes: a paused take leaves the paused time out,
// and takes after the first start at once on the open stream.
func TestPauseAndConsecutiveTakes(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	dir := t.TempDir()
	in, err := OpenInput(InputConfig{})
	if err != nil {
		t.Fatalf("open the default input: %v", err)
	}
	defer in.Close()

	for i, pause := range []bool{false, true, false} {
		path := filepath.Join(dir, fmt.Sprintf("take%d.wav", i))
		began := time.Now()
		if err := in.StartTake(path); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(began); i > 0 && took > 300*time.Millisecond {
			t.Errorf("take %d took %s to start on an open stream", i, took)
		}
		var paused time.Duration
		time.Sleep(time.Second)
		if pause {
			p := time.Now()
			in.Pause()
			time.Sleep(time.Second)
			in.Resume()
			paused = time.Since(p)
		}
		time.Sleep(time.Second)
		stop := time.Now()
		res, err := in.StopTake()
		if err != nil {
			t.Fatal(err)
		}
		want := stop.Sub(in.TakeStart()) - paused
		if d := res.Duration() - want; d < -25*time.Millisecond || d > 25*time.Millisecond {
			t.Errorf("take %d (pause %v): recorded %s, want %s ± 25 ms", i, pause, res.Duration(), want)
		}
		if info, err := audio.ReadInfo(path); err != nil || !info.HeaderOK() || info.Frames() != res.Frames {
			t.Errorf("take %d on disk: %+v, %v; result %+v", i, info, err, res)
		}
	}
}

// TestRingWraps records through a ring of 3 s (the writer takes from it
// once a second), so that a take of speech wraps it several times: the take
// holds the clip, whole, at its length, and nothing is dropped.
func TestRingWraps(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	defer func(s int) { ringSeconds = s }(ringSeconds)
	ringSeconds = 3
	in, err := OpenInput(InputConfig{})
	if err != nil {
		t.Fatalf("open the default input: %v", err)
	}
	defer in.Close()
	text := "Ring buffers wrap around. This sentence is long enough to cross the end of the ring more than once, and it must come back whole."
	res, _ := recordClip(t, in, t.TempDir(), text, 2*time.Duration(ringSeconds)*time.Second)
	if res.Dropped != 0 || res.Overflows != 0 {
		t.Errorf("dropped %d frames, %d overflows", res.Dropped, res.Overflows)
	}
}

// recordClip records one take while a speech clip of text, at least
// minLen long, plays into the virtual microphone. It checks that the take
// is as long as its wall-clock time and holds the clip, and returns the
// take and where the clip was found.
func recordClip(t *testing.T, in *Input, dir, text string, minLen time.Duration) (TakeResult, audiotest.Match) {
	t.Helper()
	rate := in.Rate()
	clip := audiotest.Speech(t, dir, "clip", text, rate, 300*time.Millisecond, 0)
	ref, _ := audiotest.Samples(t, clip)
	clipLen := time.Duration(len(ref)) * time.Second / time.Duration(rate)
	if clipLen < minLen {
		t.Fatalf("the clip is %s, shorter than the %s the test needs", clipLen, minLen)
	}
	take := filepath.Join(dir, "take.wav")
	if err := in.StartTake(take); err != nil {
		t.Fatal(err)
	}
	started := in.TakeStart()
	wait := audiotest.Play(t, clip)
	wait()
	time.Sleep(time.Until(started.Add(clipLen + 700*time.Millisecond)))
	wall := time.Since(started)
	res, err := in.StopTake()
	if err != nil {
		t.Fatal(err)
	}
	if d := res.Duration() - wall; d < -25*time.Millisecond || d > 25*time.Millisecond {
		t.Errorf("recorded %s in %s of wall time", res.Duration(), wall)
	}
	rec, _ := audiotest.Samples(t, take)
	m := audiotest.Find(rec, ref, rate, 2*time.Second)
	t.Logf("clip %s, take %s: %s, overflows %d, dropped %d", clipLen, res.Duration(), m, res.Overflows, res.Dropped)
	if m.Envelope < 0.9 || m.Wave < 0.6 {
		t.Errorf("the take does not hold the clip: %s", m)
	}
	return res, m
}
