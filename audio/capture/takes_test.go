package capture

import (
	"context"
	"errors"
	"math"
	"os"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mockround/mockround/audio"
)

// TestKeepsUp: a stream goes live at the first read that shows it keeps
// up with real time, whatever the time since it started; never on a
// timer.
func TestKeepsUp(t *testing.T) {
	const rate = 44100
	period := 16384 * time.Second / rate // 372 ms
	const p = 16384
	for _, tc := range []struct {
		name                        string
		waiting, firstWaiting, read uint64
		sinceFirst                  time.Duration
		want                        bool
	}{
		{"a first read of one period (PulseAudio)", p - 11, p - 11, p - 11, 0, true},
		{"a first read of less", 1000, 1000, 1000, 0, true},
		{"a first read of a backlog", 3 * p, 3 * p, 3 * p, 0, false},
		{"the backlog read on", 2 * p, 3 * p, 4 * p, 10 * time.Millisecond, false},
		{"its last period", p, 3 * p, 5 * p, 750 * time.Millisecond, true},
		{"a backlog long in the reading", 2 * p, 6 * p, 6 * p, 3 * time.Second, false},
		{"a source faster than real time (a file PCM)", 3 * p, 3 * p, 6 * p, 20 * time.Millisecond, true},
		{"not yet two periods ahead", 3 * p, 3 * p, 5 * p, 20 * time.Millisecond, false},
	} {
		if got := keepsUp(rate, period, tc.waiting, tc.firstWaiting, tc.read, tc.sinceFirst); got != tc.want {
			t.Errorf("%s: keeps up %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestTakeWrittenAsRead: the capture thread writes a take's frames to its
// file as it reads them, before the writer wakes: a process killed then
// keeps them. It brings the header's sizes up to date after each second
// of audio.
func TestTakeWrittenAsRead(t *testing.T) {
	wt := newWriterTest(t)
	wt.control(ctlStart, 10.5)
	from := 0
	for _, c := range []struct{ to, sized int }{{100, 0}, {300, 0}, {301, 0}, {testRate, 0}, {testRate + 11, testRate}, {2 * testRate, testRate}, {3*testRate + 20, 3*testRate + 9}} {
		wt.edges.put(frameValues(from, c.to), uint64(from), wt.t0)
		from = c.to
		st, err := os.Stat(wt.path)
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(44 + 2*(c.to-11)); st.Size() != want {
			t.Errorf("after frame %d the file holds %d bytes, want %d", c.to, st.Size(), want)
		}
		info, err := audio.ReadInfo(wt.path)
		if err != nil {
			t.Fatal(err)
		}
		if info.HeaderData != uint32(2*c.sized) || info.HeaderRIFF != uint32(36+2*c.sized) {
			t.Errorf("after frame %d the header says %d data bytes (RIFF size %d), want %d frames", c.to, info.HeaderData, info.HeaderRIFF, c.sized)
		}
	}
}

// TestControlAfterItsFrames: a control whose moment the capture thread's
// frames have already passed (posted late, or a moment before the audio
// read) takes effect at the first frame not yet handed on; posted with no
// moment, it takes the thread's "now", which no frame read is after.
func TestControlAfterItsFrames(t *testing.T) {
	wt := newWriterTest(t)
	wt.chunk(0, 100)
	wt.control(ctlStart, 50.5) // frames 51 to 99 went by
	wt.control(ctlStop, 150.5)
	wt.chunk(100, 200)
	wt.mustStop(frameValues(100, 151))

	wt = newWriterTest(t)
	now := time.Now()
	wt.chunkAt(0, 100, now.Add(-100*wt.w.frame)) // frame 99 captured just before now
	c := control{kind: ctlStart, path: wt.path, reply: make(chan takeReply, 1)}
	if !wt.w.accept(c) {
		t.Fatal("refused")
	}
	r := <-c.reply
	if r.err != nil || r.at.Before(now) {
		t.Fatalf("start at %v, %v: want now", r.at.Sub(now), r.err)
	}
}

// TestWriteError: a write to the take's file that fails (a full disk) is
// a fault naming the file, once, and the stop's error; what was written
// before stays.
func TestWriteError(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Fatalf("no /dev/full to fill the disk with (Linux has one): %v", err)
	}
	defer full.Close()
	wt := newWriterTest(t)
	wt.control(ctlStart, 0.5)
	wt.chunk(0, 100)
	if err := unix.Dup2(int(full.Fd()), int(wt.w.cur.w.File().Fd())); err != nil {
		t.Fatal(err)
	}
	wt.chunk(100, 200)
	wt.chunk(200, 300)
	wt.control(ctlStop, 250.5)
	wt.chunk(300, 400)
	r, ok := wt.stopped()
	if !ok || !errors.Is(r.err, syscall.ENOSPC) || r.res.Frames != 99 {
		t.Errorf("stop: %v, %v, %d frames: want the disk full, 99 frames", ok, r.err, r.res.Frames)
	}
	if len(wt.env.faults) != 1 || !errors.Is(wt.env.faults[0], syscall.ENOSPC) {
		t.Errorf("faults %v, want the disk full once", wt.env.faults)
	}
}

// TestWaitLive: WaitLive returns at once on a live stream, and otherwise
// says why not: the stream stopped, nothing came in time (naming the
// device), or the context ended.
func TestWaitLive(t *testing.T) {
	newInput := func() *Input {
		return &Input{device: "Test Mic", flowing: make(chan struct{}), readDone: make(chan struct{})}
	}
	in := newInput()
	close(in.flowing)
	if err := in.WaitLive(context.Background(), time.Hour); err != nil {
		t.Errorf("live: %v", err)
	}
	in = newInput()
	go func() {
		time.Sleep(20 * time.Millisecond)
		close(in.flowing)
	}()
	if err := in.WaitLive(context.Background(), time.Hour); err != nil {
		t.Errorf("going live: %v", err)
	}
	in = newInput()
	if err := in.WaitLive(context.Background(), 10*time.Millisecond); err == nil || !strings.Contains(err.Error(), `input device "Test Mic" delivered no audio within 10ms`) {
		t.Errorf("nothing comes: %v", err)
	}
	in = newInput()
	close(in.readDone)
	if err := in.WaitLive(context.Background(), time.Hour); err == nil || !strings.Contains(err.Error(), `input device "Test Mic" stopped`) {
		t.Errorf("stopped: %v", err)
	}
	in = newInput()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := in.WaitLive(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestAnalysisSources: the analyser gets the take's samples from the
// capture thread's take ring, or, when the writer fell too far behind for
// it to hold them, from the file: read straight into the samples (a
// little-endian machine) or converted.
func TestAnalysisSources(t *testing.T) {
	samples := make([]int16, 4*testRate)
	for i := range samples {
		samples[i] = int16(8000 * math.Sin(float64(i)/7))
	}
	record := func(ring int, direct bool) TakeResult {
		defer func(v bool) { littleEndian = v }(littleEndian)
		littleEndian = direct
		wt := newWriterTestRing(t, ring)
		wt.control(ctlStart, 0.5)
		wt.control(ctlStop, 3*testRate+0.5)
		for from := 0; from < len(samples); from += ring / 2 {
			to := min(from+ring/2, len(samples))
			wt.edges.put(samples[from:to], uint64(from), wt.t0)
		}
		wt.w.drain()
		r, ok := wt.stopped()
		if !ok || r.err != nil {
			t.Fatalf("stop: %v, %v", ok, r.err)
		}
		return r.res
	}
	ring := record(testRing, littleEndian)
	if ring.Analysis.PeakDBFS < -13 || ring.Frames != 3*testRate {
		t.Errorf("from the ring: %d frames, peak %.1f dBFS: want 3 s of a -12 dBFS sine", ring.Frames, ring.Analysis.PeakDBFS)
	}
	if converted := record(1000, false); !reflect.DeepEqual(converted.Analysis, ring.Analysis) {
		t.Errorf("from the file, converted: %+v; from the ring %+v", converted.Analysis, ring.Analysis)
	}
	if littleEndian {
		if direct := record(1000, true); !reflect.DeepEqual(direct.Analysis, ring.Analysis) {
			t.Errorf("from the file, read directly: %+v; from the ring %+v", direct.Analysis, ring.Analysis)
		}
	}
}
