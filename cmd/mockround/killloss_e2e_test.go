package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/audiotest"
)

// TestFaultKillLoss kills `mockround run --plain` with SIGKILL at several
// moments of a take while speech plays, and arecord the same way, and
// checks that each kept the audio to within 0.1 s of the kill, plus what
// the sound system still held: what it hands over at once, the largest
// step the file grew by. The capture thread writes each period to the
// take's file as it reads it, so only audio never handed over is lost.
func TestFaultKillLoss(t *testing.T) {
	audiotest.RequireVirtualMic(t)
	audiotest.RequireTools(t, "arecord")
	clip := audiotest.Speech(t, t.TempDir(), "talk", "I would start from the failing request, read the logs around it, "+
		"and only then change one thing at a time until the cause shows itself.", 44100, 0, 0)
	var mine, ref []killed
	// 0.45 s apart: at every phase of a 0.37 s period.
	for i := range 5 {
		after := 1500*time.Millisecond + time.Duration(i)*450*time.Millisecond
		m, r := killMockround(t, clip, after), killArecord(t, clip, after)
		mine, ref = append(mine, m), append(ref, r)
		t.Logf("killed %.2f s in: mockround %s; arecord %s", after.Seconds(), m, r)
	}
	for i, k := range append(slices.Clone(mine), ref...) {
		who := "mockround"
		if i >= len(mine) {
			who = "arecord"
		}
		if k.lost > k.held+100*time.Millisecond || k.lost < -k.held-100*time.Millisecond {
			t.Errorf("%s killed %s in: %s; want within 0.1 s of the kill plus what was not handed over", who, k.after, k)
		}
	}
	// What the sound system holds for mockround is one period (372 ms at
	// 44.1 kHz), unless a read came late: the file grows as audio arrives.
	if held := slices.MaxFunc(mine, func(a, b killed) int { return int(a.held - b.held) }).held; held > 800*time.Millisecond {
		t.Errorf("mockround's file grew by up to %s at once: it does not write audio as it reads it", held)
	}
	m, r := summary(mine), summary(ref)
	t.Logf("mockround: %s; arecord: %s", m, r)
	faultLine(t, "kill -9 loss", fmt.Sprintf("kill -9 at 1.5 to 3.3 s into a take, %d times, speech playing; arecord the same", len(mine)),
		"the audio handed over before the kill, WAV repaired", fmt.Sprintf("mockround %s; arecord %s", m, r))
}

// killed is the outcome of killing a recorder after a while.
type killed struct {
	after time.Duration // into the recording
	lost  time.Duration // the time from its start to the kill, less the audio kept
	held  time.Duration // the largest step the file grew by: what the sound system hands over at once
}

func (k killed) String() string {
	return fmt.Sprintf("lost %.3f s (hands over %.3f s at once)", k.lost.Seconds(), k.held.Seconds())
}

// summary is the median and the worst loss, and the largest handover.
func summary(ks []killed) string {
	var lost []time.Duration
	var held time.Duration
	for _, k := range ks {
		lost, held = append(lost, k.lost), max(held, k.held)
	}
	slices.Sort(lost)
	return fmt.Sprintf("%.2f s median, %.2f s worst lost (hands over %.2f s at once)", lost[len(lost)/2].Seconds(), lost[len(lost)-1].Seconds(), held.Seconds())
}

// killMockround kills `run --plain` after a while of its take, with clip
// playing, repairs the session, and measures the loss from the recording
// line: StartTake has returned, and the take's first frame was captured a
// moment before.
func killMockround(t *testing.T, clip string, after time.Duration) killed {
	t.Helper()
	home := t.TempDir()
	s := start(t, home, "run", "--plain", "--round", "behavioral", "--count", "1", "--follow-ups=false",
		"--prep", "0", "--answer", "30s", "--overtime", "0")
	s.waitFor(t, "· recording", 10*time.Second)
	shown := time.Now()
	wavs, _ := filepath.Glob(filepath.Join(home, "sessions", "*", "*.wav"))
	if len(wavs) != 1 {
		t.Fatalf("take files %v, want one", wavs)
	}
	g := watchGrowth(wavs[0])
	audiotest.Play(t, clip)
	time.Sleep(time.Until(shown.Add(after)))
	s.cmd.Process.Kill()
	at := time.Now()
	s.wait(t)
	k := g.stop(t, at, shown)
	k.after = after
	if code, _, errOut := runMain(t, home, "", "repair"); code != 0 {
		t.Fatalf("repair after the kill: exit %d\n%s", code, errOut)
	}
	if info, err := audio.ReadInfo(wavs[0]); err != nil || !info.HeaderOK() || info.Frames() != g.kept {
		t.Errorf("after repair: %+v, %v; %d frames kept", info, err, g.kept)
	}
	return k
}

// killArecord kills arecord after a while of its recording, with clip
// playing; the recording starts when its first frames were captured, as
// estimated from its file's growth (see growth.stop).
func killArecord(t *testing.T, clip string, after time.Duration) killed {
	t.Helper()
	path := filepath.Join(t.TempDir(), "arecord.wav")
	cmd := exec.Command("arecord", "-q", "-D", "default", "-f", "S16_LE", "-c", "1", "-r", "44100", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	g := watchGrowth(path)
	first := g.firstData(t, 10*time.Second)
	audiotest.Play(t, clip)
	time.Sleep(time.Until(first.Add(after)))
	cmd.Process.Kill()
	at := time.Now()
	cmd.Wait()
	k := g.stop(t, at, time.Time{})
	k.after = after
	return k
}

// growth polls a recording's size every 2 ms, noting each change.
type growth struct {
	path string
	rate int
	mu   sync.Mutex
	seen []sample
	done chan struct{}
	over chan struct{}
	kept int64 // frames in the file at the end
}

type sample struct {
	at     time.Time
	frames int64
}

func watchGrowth(path string) *growth {
	g := &growth{path: path, rate: 44100, done: make(chan struct{}), over: make(chan struct{})}
	go func() {
		defer close(g.over)
		last := int64(-1)
		for {
			select {
			case <-g.done:
				return
			case <-time.After(2 * time.Millisecond):
			}
			if n := g.frames(); n != last {
				g.mu.Lock()
				g.seen = append(g.seen, sample{time.Now(), n})
				g.mu.Unlock()
				last = n
			}
		}
	}()
	return g
}

// frames is how many frames the file holds, whatever its header says.
func (g *growth) frames() int64 {
	st, err := os.Stat(g.path)
	if err != nil {
		return 0
	}
	return max(st.Size()-audio.DataOffset, 0) / 2
}

// firstData waits for the file's first audio and returns when it came.
func (g *growth) firstData(t *testing.T, within time.Duration) time.Time {
	t.Helper()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		g.mu.Lock()
		for _, s := range g.seen {
			if s.frames > 0 {
				g.mu.Unlock()
				return s.at
			}
		}
		g.mu.Unlock()
	}
	t.Fatalf("no audio reached %s within %s", g.path, within)
	return time.Time{}
}

// stop ends the polling after a kill at at and measures the loss from
// began; with began zero, from the earliest estimate of when the first
// frame was captured, min(t - frames/rate), as the capture thread stamps
// frames: right for a recorder that writes its audio as it reads it.
func (g *growth) stop(t *testing.T, at, began time.Time) killed {
	t.Helper()
	close(g.done)
	<-g.over
	g.kept = g.frames()
	if info, err := audio.ReadInfo(g.path); err == nil && info.Rate > 0 {
		g.rate = info.Rate
	}
	var k killed
	var earliest time.Time
	for i, s := range g.seen {
		if i > 0 {
			k.held = max(k.held, audio.FramesDuration(s.frames-g.seen[i-1].frames, g.rate))
		}
		if s.frames > 0 && !s.at.After(at) {
			if est := s.at.Add(-audio.FramesDuration(s.frames, g.rate)); earliest.IsZero() || est.Before(earliest) {
				earliest = est
			}
		}
	}
	if began.IsZero() {
		began = earliest
	}
	if began.IsZero() {
		t.Fatalf("%s: no audio before the kill", g.path)
	}
	k.lost = at.Sub(began) - audio.FramesDuration(g.kept, g.rate)
	return k
}
