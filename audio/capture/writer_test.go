package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
)

// The writer's tests feed the capture thread's side of the takes (takes.c,
// with no stream and no thread) synthetic reads in which every frame holds
// its own ring index, so a take's samples say exactly which frames it
// holds, and let the writer carry out what it resolved. No sound system is
// needed.

// testRate makes a frame last 125 µs exactly.
const testRate = 8000

// fakeEnv stands in for the capture thread.
type fakeEnv struct {
	overflowCount int64
	droppedCount  int64
	faults        []error
	hurrying      bool
	flowing       bool
	exited        bool
	reopens       int
	reopenErr     error         // what reopen returns
	out           time.Duration // the capture thread's outTotal
}

func (e *fakeEnv) overflows() int64 { return e.overflowCount }
func (e *fakeEnv) dropped() int64   { return e.droppedCount }
func (e *fakeEnv) outTotal() time.Duration {
	return e.out
}
func (e *fakeEnv) fault(err error) { e.faults = append(e.faults, err) }
func (e *fakeEnv) hurry(on bool)   { e.hurrying = on }
func (e *fakeEnv) markFlowing()    { e.flowing = true }
func (e *fakeEnv) markExited()     { e.exited = true }
func (e *fakeEnv) reopen(*writer) error {
	e.reopens++
	return e.reopenErr
}

// testRing is the tests' ring: it must hold the largest chunk a test hands
// over at once.
const testRing = 1 << 17

// writerTest is a writer over a fake capture thread whose ring frame 0 was
// captured at t0.
type writerTest struct {
	t     *testing.T
	w     *writer
	env   *fakeEnv
	edges edges
	t0    time.Time
	path  string
	start control
	stop  control
}

func newWriterTest(t *testing.T) *writerTest {
	return newWriterTestRing(t, testRing)
}

// newWriterTestRing is newWriterTest with a ring of size frames.
func newWriterTestRing(t *testing.T, size int) *writerTest {
	env := &fakeEnv{}
	e, free := testEdges(size, testRate)
	t.Cleanup(free)
	t0 := time.Now()
	return &writerTest{t: t, w: newWriter(env, e, testRate, "fake", t0), env: env, edges: e, t0: t0, path: filepath.Join(t.TempDir(), "take.wav")}
}

// at is the moment frames (a fraction allowed) after ring frame 0.
func (wt *writerTest) at(frames float64) time.Time {
	return wt.t0.Add(time.Duration(frames * float64(time.Second) / testRate))
}

// control sends a control of kind, time-stamped frames after ring frame 0.
func (wt *writerTest) control(kind controlKind, frames float64) {
	wt.t.Helper()
	c := control{kind: kind, at: wt.at(frames)}
	switch kind {
	case ctlStart:
		c.path = wt.path
		c.reply = make(chan takeReply, 1)
		wt.start = c
	case ctlStop:
		c.reply = make(chan takeReply, 1)
		wt.stop = c
	}
	if !wt.w.accept(c) {
		wt.t.Fatalf("control %d at frame %v refused", kind, frames)
	}
	if kind == ctlStart {
		if r := <-c.reply; r.err != nil || !r.at.Equal(c.at) {
			wt.t.Fatalf("start: %+v", r)
		}
	}
}

// chunk has the capture thread read ring frames [from, to) in one piece,
// and the writer carry out what it resolved.
func (wt *writerTest) chunk(from, to int) {
	wt.chunkAt(from, to, wt.t0)
}

// chunkAt is chunk with ring frame f captured at base + f frames.
func (wt *writerTest) chunkAt(from, to int, base time.Time) {
	wt.edges.put(frameValues(from, to), uint64(from), base)
	wt.w.drain()
}

// tick runs the housekeeping of a wake at now, on time, the capture
// thread live, looking for audio just then, and its last audio having
// arrived at last.
func (wt *writerTest) tick(now, last time.Time) time.Duration {
	wt.w.due = now
	return wt.w.tick(now, threadState{live: true, last: last, polled: now})
}

// stopped returns the stop's reply, or false if the stop has not taken
// effect.
func (wt *writerTest) stopped() (takeReply, bool) {
	select {
	case r := <-wt.stop.reply:
		return r, true
	default:
		return takeReply{}, false
	}
}

// mustStop returns the stop's reply, failing unless the stop took effect,
// and checks that the file holds want, as does the result.
func (wt *writerTest) mustStop(want []int16) TakeResult {
	wt.t.Helper()
	r, ok := wt.stopped()
	if !ok {
		wt.t.Fatal("the stop has not taken effect")
	}
	if r.err != nil {
		wt.t.Fatal(r.err)
	}
	if r.res.Path != wt.path || r.res.Rate != testRate || r.res.Frames != int64(len(want)) {
		wt.t.Errorf("result: %d frames of %s at %d Hz, want %d frames of %s at %d Hz", r.res.Frames, r.res.Path, r.res.Rate, len(want), wt.path, testRate)
	}
	if got := readTake(wt.t, wt.path); !slices.Equal(got, want) {
		wt.t.Errorf("the take holds %s, want %s", describe(got), describe(want))
	}
	return r.res
}

// frameValues is ring frames [from, to) as the tests fill them: each holds
// its index.
func frameValues(from, to int) []int16 {
	s := make([]int16, 0, max(to-from, 0))
	for f := from; f < to; f++ {
		s = append(s, int16(f))
	}
	return s
}

// frameRanges is the frames of the ranges [from, to), one after another.
func frameRanges(ranges ...[2]int) []int16 {
	var s []int16
	for _, r := range ranges {
		s = append(s, frameValues(r[0], r[1])...)
	}
	return s
}

// describe shows a take's frames as ranges of consecutive indices.
func describe(s []int16) string {
	if len(s) == 0 {
		return "nothing"
	}
	out, from := "", 0
	for i := 1; i <= len(s); i++ {
		if i == len(s) || s[i] != s[i-1]+1 {
			out += fmt.Sprintf("[%d,%d) ", s[from], int(s[i-1])+1)
			from = i
		}
	}
	return fmt.Sprintf("%s(%d frames)", out, len(s))
}

// readTake reads a finished take's samples, checking its header.
func readTake(t *testing.T, path string) []int16 {
	t.Helper()
	info, err := audio.ReadInfo(path)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const header = 44
	if !info.HeaderOK() || info.Rate != testRate || info.Channels != 1 || info.BitsPerSample != 16 || info.Frames() != int64(len(data)-header)/2 {
		t.Fatalf("%s: bad header %+v for %d bytes", path, info, len(data))
	}
	s := make([]int16, (len(data)-header)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(data[header+2*i:]))
	}
	return s
}

type timedControl struct {
	kind  controlKind
	frame float64 // its moment, in frames after ring frame 0
}

// TestWriterCutsToTheSample: the audio arriving in chunks, a take holds
// exactly the frames captured after its start (and after each resume) up to
// its stop (and each pause), wherever the controls fall in the chunks.
func TestWriterCutsToTheSample(t *testing.T) {
	for _, tc := range []struct {
		name     string
		controls []timedControl
		chunks   [][2]int
		want     []int16
	}{{
		name:     "start and stop mid-chunk",
		controls: []timedControl{{ctlStart, 20.5}, {ctlStop, 70.3}},
		chunks:   [][2]int{{0, 100}},
		want:     frameRanges([2]int{21, 71}),
	}, {
		name:     "start and stop in different chunks",
		controls: []timedControl{{ctlStart, 20.5}, {ctlStop, 170.9}},
		chunks:   [][2]int{{0, 100}, {100, 200}},
		want:     frameRanges([2]int{21, 171}),
	}, {
		name:     "controls on a frame's moment",
		controls: []timedControl{{ctlStart, 20}, {ctlStop, 70}},
		chunks:   [][2]int{{0, 100}},
		want:     frameRanges([2]int{21, 71}), // frame 20 is not after the start; frame 70 is not after the stop
	}, {
		name:     "start before the audio",
		controls: []timedControl{{ctlStart, -3.2}, {ctlStop, 40.5}},
		chunks:   [][2]int{{0, 100}},
		want:     frameRanges([2]int{0, 41}),
	}, {
		name:     "start between chunks",
		controls: []timedControl{{ctlStart, 99.5}, {ctlStop, 150.5}},
		chunks:   [][2]int{{0, 100}, {100, 200}},
		want:     frameRanges([2]int{100, 151}),
	}, {
		name:     "stop in the last frame's moment",
		controls: []timedControl{{ctlStart, 10.5}, {ctlStop, 99.5}},
		chunks:   [][2]int{{0, 100}, {100, 200}}, // the stop waits for frame 100, which is after it
		want:     frameRanges([2]int{11, 100}),
	}, {
		name:     "pause and resume mid-chunk",
		controls: []timedControl{{ctlStart, 0.5}, {ctlPause, 30.5}, {ctlResume, 60.5}, {ctlStop, 90.5}},
		chunks:   [][2]int{{0, 100}},
		want:     frameRanges([2]int{1, 31}, [2]int{61, 91}),
	}, {
		name:     "pause and resume across chunks",
		controls: []timedControl{{ctlStart, 0.5}, {ctlPause, 80.25}, {ctlResume, 130.75}, {ctlStop, 260.5}},
		chunks:   [][2]int{{0, 100}, {100, 120}, {120, 200}, {200, 300}},
		want:     frameRanges([2]int{1, 81}, [2]int{131, 261}),
	}, {
		name:     "frame by frame",
		controls: []timedControl{{ctlStart, 2.5}, {ctlPause, 4.5}, {ctlResume, 6.5}, {ctlStop, 8.5}},
		chunks:   [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 8}, {8, 9}, {9, 10}},
		want:     frameRanges([2]int{3, 5}, [2]int{7, 9}),
	}, {
		name:     "an empty take",
		controls: []timedControl{{ctlStart, 50.2}, {ctlStop, 50.7}},
		chunks:   [][2]int{{0, 100}},
		want:     nil,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			wt := newWriterTest(t)
			for _, c := range tc.controls {
				wt.control(c.kind, c.frame)
			}
			for _, ch := range tc.chunks {
				wt.chunk(ch[0], ch[1])
			}
			wt.mustStop(tc.want)
			if len(wt.w.pending) != 0 || wt.w.cur != nil {
				t.Errorf("after the stop: %d controls pending, take %v", len(wt.w.pending), wt.w.cur)
			}
		})
	}
}

// TestWriterStopWaitsForItsAudio: a stop whose moment the audio has not
// reached stays pending, the capture thread hurried, until audio stamped
// after it arrives, or the wait runs out, or no more audio can come.
func TestWriterStopWaitsForItsAudio(t *testing.T) {
	// begin records frames [0, 100) of a take started at frame 10.5 and
	// stopped at 150.5, and checks the stop waits.
	begin := func(t *testing.T) *writerTest {
		wt := newWriterTest(t)
		wt.control(ctlStart, 10.5)
		wt.control(ctlStop, 150.5)
		wt.chunk(0, 100)
		if _, ok := wt.stopped(); ok {
			t.Fatal("the stop took effect before its audio arrived")
		}
		now := wt.at(150.5).Add(5 * time.Millisecond)
		if next, want := wt.tick(now, wt.at(100)), drainEvery-now.Sub(wt.start.at); next != want {
			t.Errorf("next wake in %s, want on the second from the start, in %s", next, want)
		}
		if _, ok := wt.stopped(); ok || !wt.env.hurrying || len(wt.w.pending) != 1 {
			t.Fatalf("stop done %v, hurrying %v, %d pending: want the stop pending and the thread hurried", ok, wt.env.hurrying, len(wt.w.pending))
		}
		return wt
	}
	t.Run("its audio arrives", func(t *testing.T) {
		wt := begin(t)
		wt.chunk(100, 140)
		if _, ok := wt.stopped(); ok {
			t.Fatal("the stop took effect before its audio arrived")
		}
		wt.chunk(140, 200)
		wt.mustStop(frameRanges([2]int{11, 151}))
		wt.tick(wt.at(200).Add(10*time.Millisecond), wt.at(200))
		if wt.env.hurrying {
			t.Error("the capture thread is still hurried")
		}
	})
	t.Run("the wait runs out", func(t *testing.T) {
		wt := begin(t)
		// Audio keeps arriving (the capture thread is not stalled), but
		// none stamped after the stop.
		now := wt.stop.at.Add(stopWait - time.Millisecond)
		if next := wt.tick(now, now.Add(-100*time.Millisecond)); next != time.Millisecond {
			t.Errorf("next wake in %s, want when the stop's wait runs out, in 1ms", next)
		}
		if _, ok := wt.stopped(); ok {
			t.Fatal("the stop took effect before its wait ran out")
		}
		now = wt.stop.at.Add(stopWait)
		wt.tick(now, now.Add(-100*time.Millisecond))
		wt.mustStop(frameRanges([2]int{11, 100}))
		if wt.env.hurrying {
			t.Error("the capture thread is still hurried")
		}
		// Audio arriving later belongs to no take.
		wt.chunk(100, 200)
		if got := readTake(t, wt.path); wt.w.cur != nil || len(got) != 89 {
			t.Errorf("after late audio the take holds %s", describe(got))
		}
	})
	t.Run("the device stalls", func(t *testing.T) {
		wt := begin(t)
		wt.tick(wt.at(100).Add(stallAfter), wt.at(100))
		wt.mustStop(frameRanges([2]int{11, 100}))
		if len(wt.env.faults) != 1 {
			t.Errorf("faults %v, want the stall", wt.env.faults)
		}
	})
	t.Run("the capture thread ends", func(t *testing.T) {
		wt := begin(t)
		now := wt.at(100).Add(200 * time.Millisecond)
		wt.w.tick(now, threadState{live: true, exited: true, last: wt.at(100), polled: now, closing: true})
		wt.mustStop(frameRanges([2]int{11, 100}))
		if !wt.env.exited || len(wt.env.faults) != 0 {
			t.Errorf("exited %v, faults %v: want exited, no fault while closing", wt.env.exited, wt.env.faults)
		}
	})
	t.Run("the writer quits", func(t *testing.T) {
		wt := begin(t)
		wt.w.quit()
		wt.mustStop(frameRanges([2]int{11, 100}))
	})
}

// TestWriterRingWraps: the capture thread writes the ring's frames to the
// take across its end, in two parts, each stamped by its ring index; the
// writer counts the overflows and drops of the take.
func TestWriterRingWraps(t *testing.T) {
	wt := newWriterTestRing(t, 100)
	wt.env.overflowCount, wt.env.droppedCount = 3, 7
	wt.control(ctlStart, 30.5)
	wt.chunk(0, 60)
	wt.control(ctlPause, 90.5)
	wt.control(ctlResume, 110.5)
	wt.chunk(60, 150) // frames 100 to 149 over 0 to 49
	wt.control(ctlStop, 230.5)
	wt.env.overflowCount, wt.env.droppedCount = 4, 9
	wt.chunk(150, 240) // wraps again
	res := wt.mustStop(frameRanges([2]int{31, 91}, [2]int{111, 231}))
	if res.Overflows != 1 || res.Dropped != 2 {
		t.Errorf("overflows %d, dropped %d during the take, want 1, 2", res.Overflows, res.Dropped)
	}
}

// TestWriterRefuses: a second start while recording, and a stop with no
// take, are refused at once.
func TestWriterRefuses(t *testing.T) {
	wt := newWriterTest(t)
	stop := control{kind: ctlStop, at: wt.at(1), reply: make(chan takeReply, 1)}
	if wt.w.accept(stop) || (<-stop.reply).err == nil {
		t.Error("a stop with no take was accepted")
	}
	wt.control(ctlStart, 0.5)
	again := control{kind: ctlStart, at: wt.at(2), path: filepath.Join(t.TempDir(), "again.wav"), reply: make(chan takeReply, 1)}
	if wt.w.accept(again) || (<-again.reply).err == nil {
		t.Error("a second start was accepted while a take records")
	}
	if _, err := os.Stat(again.path); err == nil {
		t.Error("the refused take's file was created")
	}
	taken := control{kind: ctlStart, at: wt.at(2), path: wt.path, reply: make(chan takeReply, 1)}
	wt.w.recording = false
	if wt.w.accept(taken) || (<-taken.reply).err == nil {
		t.Error("a take started over an existing file")
	}
}

// The clocks of a wake, for the suspend tests: the writer woke at now,
// when its timer was due at due (or on time), the boot clock then read
// boot, and the capture thread last looked for audio at polled and last
// found some at last.
type wake struct {
	now, due, polled, last time.Time
	boot                   time.Duration
	resumed                time.Time // when the capture thread noticed it had not run
	exited                 bool
	err                    error
}

func (wt *writerTest) wake(k wake) time.Duration {
	wt.w.due = k.due
	if k.due.IsZero() {
		wt.w.due = k.now
	}
	return wt.w.tick(k.now, threadState{live: true, last: k.last, polled: k.polled, resumed: k.resumed, exited: k.exited, err: k.err, boot: k.boot})
}

// bootAt is the boot clock s seconds after ring frame 0, the machine not
// having slept.
func bootAt(s float64) time.Duration { return 1000*time.Second + time.Duration(s*float64(time.Second)) }

// suspendTest is a take started at frame 0 holding 1 s of audio, the
// writer having woken on time at 1 s; it is next due at 2 s.
func suspendTest(t *testing.T) *writerTest {
	wt := newWriterTest(t)
	wt.control(ctlStart, 0)
	wt.chunk(0, testRate)
	sec := wt.at(testRate)
	if next := wt.wake(wake{now: sec, polled: sec, last: sec.Add(-50 * time.Millisecond), boot: bootAt(1)}); next != time.Second {
		t.Fatalf("next wake in %s, want 1s", next)
	}
	if len(wt.env.faults) != 0 || !wt.w.resumed.IsZero() {
		t.Fatalf("faults %v, resumed %v, before any suspend", wt.env.faults, wt.w.resumed)
	}
	return wt
}

// resumedTest is a suspendTest whose process was stopped from 1.9 s to 7 s.
func resumedTest(t *testing.T) *writerTest {
	wt := suspendTest(t)
	wt.wake(wake{now: wt.sec(7), due: wt.sec(2), polled: wt.sec(1.9), last: wt.sec(0.95), boot: bootAt(7)})
	return wt
}

// sec is the moment s seconds after ring frame 0.
func (wt *writerTest) sec(s float64) time.Time { return wt.at(s * testRate) }

// TestWriterSuspended: quiet that the process did not run through is no
// stall. The writer tells it from its wake being late (a stopped process:
// the monotonic clock runs on), from the boot clock running ahead of the
// monotonic one (a sleeping machine), or from the capture thread's own
// notice; the take carries on, and counts the time.
func TestWriterSuspended(t *testing.T) {
	boot := bootAt
	t.Run("the device stalls", func(t *testing.T) {
		// The control case: on time, the thread looking and finding nothing.
		wt := suspendTest(t)
		now := wt.sec(2.2)
		wt.wake(wake{now: now, polled: now, last: wt.sec(0.95), boot: boot(2.2)})
		if len(wt.env.faults) != 1 || !wt.w.stalled || wt.env.reopens != 0 {
			t.Errorf("faults %v, stalled %v, reopens %d: want the stall reported", wt.env.faults, wt.w.stalled, wt.env.reopens)
		}
	})
	t.Run("the process is stopped", func(t *testing.T) {
		wt := suspendTest(t)
		// Due at 2 s, woken at 7 s; the capture thread has not run since 1.9 s.
		wt.wake(wake{now: wt.sec(7), due: wt.sec(2), polled: wt.sec(1.9), last: wt.sec(0.95), boot: boot(7)})
		if len(wt.env.faults) != 0 || wt.w.stalled || wt.env.reopens != 0 {
			t.Fatalf("faults %v, stalled %v, reopens %d: the stop taken for a stall", wt.env.faults, wt.w.stalled, wt.env.reopens)
		}
		if got := wt.w.cur.suspended; got != 5*time.Second {
			t.Errorf("suspended %s, want 5s", got)
		}
		// The take is stopped at once; PulseAudio kept the audio of the
		// stop, and the thread reads it.
		wt.control(ctlStop, 7.02*testRate)
		wt.chunk(testRate, 7*testRate)
		wt.wake(wake{now: wt.sec(7.05), polled: wt.sec(7.05), last: wt.sec(7.04), boot: boot(7.05)})
		wt.chunk(7*testRate, 7*testRate+1000)
		res := wt.mustStop(frameRanges([2]int{1, 7.02*testRate + 1}))
		if res.Suspended != 5*time.Second || res.Gap != 0 || len(wt.env.faults) != 0 {
			t.Errorf("suspended %s, gap %s, faults %v; want 5s, none, none", res.Suspended, res.Gap, wt.env.faults)
		}
	})
	t.Run("the machine sleeps", func(t *testing.T) {
		wt := suspendTest(t)
		// On time by the monotonic clock, which stood still for the 60 s
		// the boot clock counted.
		wt.wake(wake{now: wt.sec(2), polled: wt.sec(1.9), last: wt.sec(0.95), boot: boot(62)})
		if !wt.w.resumed.Equal(wt.sec(2)) || wt.w.cur.suspended != 60*time.Second {
			t.Errorf("resumed %v, suspended %s: want at 2 s, 60s", wt.w.resumed.Sub(wt.t0), wt.w.cur.suspended)
		}
		// The device takes a while to come back; quiet is timed from the
		// resume.
		wt.wake(wake{now: wt.sec(3), polled: wt.sec(3), last: wt.sec(0.95), boot: boot(63)})
		if len(wt.env.faults) != 0 || wt.w.stalled || wt.env.reopens != 0 {
			t.Errorf("faults %v, stalled %v, reopens %d, a second after the resume", wt.env.faults, wt.w.stalled, wt.env.reopens)
		}
	})
}

// TestWriterResumed: after a resume the writer times the device's quiet,
// and controls' waits, from the resume, whoever noticed it; and still
// reports a capture thread that has stopped looking at the device.
func TestWriterResumed(t *testing.T) {
	boot := bootAt
	t.Run("the capture thread notices", func(t *testing.T) {
		// The writer's wake came on time (its timer set after the stop),
		// but the capture thread overslept.
		wt := suspendTest(t)
		wt.wake(wake{now: wt.sec(7), polled: wt.sec(7), last: wt.sec(0.95), resumed: wt.sec(6.5), boot: boot(7)})
		if len(wt.env.faults) != 0 || !wt.w.resumed.Equal(wt.sec(6.5)) {
			t.Errorf("faults %v, resumed %v: want no fault, resumed at 6.5 s", wt.env.faults, wt.w.resumed.Sub(wt.t0))
		}
		wt.env.out = 5 * time.Second
		wt.control(ctlStop, 7*testRate)
		wt.wake(wake{now: wt.sec(8.3), polled: wt.sec(8.3), last: wt.sec(0.95), resumed: wt.sec(6.5), boot: boot(8.3)})
		if res := wt.mustStop(frameRanges([2]int{1, testRate})); res.Suspended != 5*time.Second {
			t.Errorf("suspended %s, want the capture thread's 5s", res.Suspended)
		}
	})
	t.Run("a pending stop waits from the resume", func(t *testing.T) {
		wt := suspendTest(t)
		wt.control(ctlStop, 1.5*testRate)
		// Stopped from 1.6 s to 7 s: the stop's audio is in the backlog.
		wt.wake(wake{now: wt.sec(7), due: wt.sec(2), polled: wt.sec(1.6), last: wt.sec(1.55), boot: boot(7)})
		if next := wt.wake(wake{now: wt.sec(8.1), polled: wt.sec(8.1), last: wt.sec(1.55), boot: boot(8.1)}); next != 100*time.Millisecond {
			t.Errorf("next wake in %s, want when the stop's wait from the resume runs out, in 100ms", next)
		}
		if _, ok := wt.stopped(); ok {
			t.Fatal("the stop took effect at the resume, before its audio")
		}
		wt.chunk(testRate, 3*testRate)
		wt.mustStop(frameRanges([2]int{1, 1.5*testRate + 1}))
	})
	t.Run("a stuck capture thread", func(t *testing.T) {
		wt := suspendTest(t)
		for s := 2.0; s <= 4; s++ {
			wt.wake(wake{now: wt.sec(s), polled: wt.sec(1), last: wt.sec(0.95), boot: boot(s)})
		}
		if len(wt.env.faults) != 1 || !wt.w.stalled {
			t.Errorf("faults %v: want the thread not looking for %s reported", wt.env.faults, stuckAfter)
		}
	})
}

// TestWriterReopens: a stream that fails or stalls soon after a resume is
// reopened, once per resume; otherwise, and if reopening fails, it is a
// fault.
func TestWriterReopens(t *testing.T) {
	boot := bootAt
	failed := errors.New("Unanticipated host error")
	resume := resumedTest
	t.Run("a stall after a resume", func(t *testing.T) {
		wt := resume(t)
		wt.wake(wake{now: wt.sec(8.3), polled: wt.sec(8.25), last: wt.sec(0.95), boot: boot(8.3)})
		if wt.env.reopens != 1 || len(wt.env.faults) != 0 || wt.w.stalled {
			t.Fatalf("reopens %d, faults %v: want the stream reopened", wt.env.reopens, wt.env.faults)
		}
		// The new stream never delivers: after startTimeout, a fault.
		wt.wake(wake{now: wt.sec(13.4), polled: wt.sec(13.4), last: wt.sec(0.95), boot: boot(13.4)})
		if len(wt.env.faults) != 1 || wt.env.reopens != 1 {
			t.Errorf("reopens %d, faults %v: want the new stream's stall reported", wt.env.reopens, wt.env.faults)
		}
	})
	t.Run("reopening fails", func(t *testing.T) {
		wt := resume(t)
		wt.env.reopenErr = errors.New("no such device")
		wt.wake(wake{now: wt.sec(7.2), polled: wt.sec(7.1), last: wt.sec(0.95), exited: true, err: failed, boot: boot(7.2)})
		if len(wt.env.faults) != 1 || !wt.env.exited || !strings.Contains(wt.env.faults[0].Error(), "reopening it failed: no such device") {
			t.Errorf("faults %v, exited %v: want the failure and the reopen's", wt.env.faults, wt.env.exited)
		}
	})
	t.Run("closing", func(t *testing.T) {
		wt := resume(t)
		wt.env.reopenErr = errClosing
		wt.wake(wake{now: wt.sec(7.2), polled: wt.sec(7.1), last: wt.sec(0.95), exited: true, err: failed, boot: boot(7.2)})
		if len(wt.env.faults) != 0 || !wt.env.exited {
			t.Errorf("faults %v, exited %v: want the end, no fault", wt.env.faults, wt.env.exited)
		}
	})
	t.Run("a failure long after a resume", func(t *testing.T) {
		wt := resume(t)
		for s := 8.0; s <= 13; s++ {
			wt.wake(wake{now: wt.sec(s), polled: wt.sec(s), last: wt.sec(s - 0.1), boot: boot(s)})
		}
		wt.wake(wake{now: wt.sec(13.2), polled: wt.sec(13.1), last: wt.sec(13), exited: true, err: failed, boot: boot(13.2)})
		if wt.env.reopens != 0 || len(wt.env.faults) != 1 {
			t.Errorf("reopens %d, faults %v: want the failure reported", wt.env.reopens, wt.env.faults)
		}
	})
	t.Run("a failure with no resume", func(t *testing.T) {
		wt := suspendTest(t)
		wt.wake(wake{now: wt.sec(1.5), polled: wt.sec(1.4), last: wt.sec(1.3), exited: true, err: failed, boot: boot(1.5)})
		if wt.env.reopens != 0 || len(wt.env.faults) != 1 || !wt.env.exited {
			t.Errorf("reopens %d, faults %v: want the failure reported", wt.env.reopens, wt.env.faults)
		}
	})
}

// TestWriterReopensAFailedStream: a stream that fails soon after a resume
// is reopened; the new one has startTimeout to deliver, the take lacks the
// audio in between and says so, and a second failure is a fault.
func TestWriterReopensAFailedStream(t *testing.T) {
	boot := bootAt
	failed := errors.New("Unanticipated host error")
	wt := resumedTest(t)
	wt.wake(wake{now: wt.sec(7.2), polled: wt.sec(7.1), last: wt.sec(0.95), exited: true, err: failed, boot: boot(7.2)})
	if wt.env.reopens != 1 || len(wt.env.faults) != 0 || wt.w.exited || wt.env.exited {
		t.Fatalf("reopens %d, faults %v, exited %v: want the stream reopened", wt.env.reopens, wt.env.faults, wt.w.exited)
	}
	// The new stream has startTimeout for its first audio.
	wt.wake(wake{now: wt.sec(9), polled: wt.sec(9), last: wt.sec(0.95), boot: boot(9)})
	if len(wt.env.faults) != 0 {
		t.Errorf("faults %v while the new stream starts", wt.env.faults)
	}
	// It delivers, 1.9 s after the reopen, from ring frame 8000 on: the
	// take lacks the audio from 1 s to 9.1 s.
	wt.chunkAt(testRate, 1.5*testRate, wt.sec(8.1))
	wt.wake(wake{now: wt.sec(9.65), polled: wt.sec(9.65), last: wt.sec(9.6), boot: boot(9.65)})
	wt.control(ctlStop, 9.7*testRate)
	wt.chunkAt(1.5*testRate, 2*testRate, wt.sec(8.1))
	res := wt.mustStop(frameRanges([2]int{1, 1.6*testRate + 1}))
	if want := 8100 * time.Millisecond; res.Gap < want-time.Millisecond || res.Gap > want+time.Millisecond {
		t.Errorf("gap %s, want %s", res.Gap, want)
	}
	// A second failure, with no resume since, is a fault.
	wt.wake(wake{now: wt.sec(10), polled: wt.sec(10), last: wt.sec(9.9), exited: true, err: failed, boot: boot(10)})
	if wt.env.reopens != 1 || len(wt.env.faults) != 1 || !wt.env.exited {
		t.Errorf("reopens %d, faults %v, exited %v: want the second failure reported", wt.env.reopens, wt.env.faults, wt.env.exited)
	}
}

// TestWriterGap: a take's gap is its time, pauses aside, less the audio it
// holds; a shortfall under gapSlack is none.
func TestWriterGap(t *testing.T) {
	for _, tc := range []struct {
		name     string
		controls []timedControl
		lost     int // frames missing from the ring at frame 4000 (0.5 s)
		want     time.Duration
	}{
		{"nothing missing", []timedControl{{ctlStart, 100.5}, {ctlStop, 12000.5}}, 0, 0},
		{"a second missing", []timedControl{{ctlStart, 100.5}, {ctlStop, 16000.5}}, testRate, time.Second},
		{"a pause is no gap", []timedControl{{ctlStart, 100.5}, {ctlPause, 1000.5}, {ctlResume, 3000.5}, {ctlStop, 16000.5}}, testRate, time.Second},
		{"paused at the stop", []timedControl{{ctlStart, 100.5}, {ctlPause, 14000.5}, {ctlStop, 16000.5}}, testRate, time.Second},
		{"the gap in a pause", []timedControl{{ctlStart, 100.5}, {ctlPause, 3000.5}, {ctlResume, 13000.5}, {ctlStop, 16000.5}}, testRate, 0},
		{"under the slack", []timedControl{{ctlStart, 100.5}, {ctlStop, 12000.5}}, 300, 0}, // 37.5 ms
		{"at the slack", []timedControl{{ctlStart, 100.5}, {ctlStop, 12000.5}}, 400, 50 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wt := newWriterTest(t)
			for _, c := range tc.controls {
				wt.control(c.kind, c.frame)
			}
			// Ring frames from 4000 on were captured lost frames later.
			wt.chunk(0, 4000)
			wt.chunkAt(4000, 20000, wt.at(float64(tc.lost)))
			r, ok := wt.stopped()
			if !ok || r.err != nil {
				t.Fatalf("stop: %v, %v", ok, r.err)
			}
			if d := r.res.Gap - tc.want; d < -wt.w.frame || d > wt.w.frame {
				t.Errorf("gap %s, want %s (take %s)", r.res.Gap, tc.want, r.res.Duration())
			}
		})
	}
}
