package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"syscall"
	"time"
	"unsafe"

	"github.com/mockround/mockround/audio"
)

// take is the writer's state for the take in progress.
type take struct {
	w         *audio.Writer
	id        uint64 // its start edge's index, plus 1 (see takeState)
	paused    bool
	overflows int64
	dropped   int64
	an        *audio.Analyzer // fed as the take is written: no second pass over the file
	analysed  int64           // frames of the file fed to it
	origin    uint64          // where its first frame is in the take ring (see edges.kept)
	err       error           // writing or reading the file failed; told once

	began     time.Time     // the start's moment
	pausedAt  time.Time     // the latest pause's moment
	pausedFor time.Duration // paused time before the latest resume
	suspended time.Duration // time the writer noticed the process not running
	out       time.Duration // the capture thread's outTotal at the start
}

// writerEnv is what the writer needs of the capture thread besides the
// takes' edges and its state (threadState): an *Input, or a fake in tests.
type writerEnv interface {
	overflows() int64 // PortAudio input overflows so far
	dropped() int64   // frames lost so far
	// outTotal is how long, in all, the capture thread has noticed the
	// process not running (see threadState.resumed).
	outTotal() time.Duration
	fault(err error) // report a fault; the first one is delivered
	hurry(on bool)   // a take is stopping: poll closely
	markFlowing()    // the stream delivers live audio
	markExited()     // the capture thread has returned
	// reopen replaces the stream and its capture thread, draining w
	// first; errClosing if the Input is closing.
	reopen(w *writer) error
}

// threadState is what the writer sees of the capture thread at a wake,
// and the boot clock.
type threadState struct {
	live    bool      // reads keep up with real time
	exited  bool      // the thread has returned
	err     error     // why it returned, when it failed
	last    time.Time // when audio last arrived; zero before any
	polled  time.Time // when the thread last asked the stream for audio
	resumed time.Time // when the thread last noticed the process had not run
	closing bool      // Close has begun

	boot time.Duration // CLOCK_BOOTTIME when the writer woke, or 0 where there is none
}

// writer is the state of the writer goroutine (see Input): the take in
// progress, the controls posted to the capture thread and not yet carried
// out, and what it has seen of the thread. The capture thread cuts the
// takes and writes their audio, and their headers' sizes about once a
// second; the writer posts the controls, carries them out once the thread
// has resolved them (a take's result, its header completed and its file
// closed), feeds the analyser from the file and watches the thread.
type writer struct {
	env    writerEnv
	edges  edges
	rate   int
	device string
	frame  time.Duration // one frame's duration

	cur       *take
	recording bool      // a take has started and not been told to stop
	pending   []control // posted controls not yet carried out, in order
	posted    uint64    // edges posted
	applied   uint64    // edges carried out: pending holds those after
	flowing   bool      // the stream has gone live
	stalled   bool
	exited    bool
	hurrying  bool
	origin    time.Time // drains fall on whole seconds from here
	samples   []int16   // file data on its way to the analyser

	// Telling a suspended process from a stalled device (see Input).
	due      time.Time     // when the writer meant to wake next
	lastWake time.Time     // when it last woke
	lastBoot time.Duration // the boot clock then
	resumed  time.Time     // when the process last resumed after not running
	reopened time.Time     // when the stream was last reopened
}

func newWriter(env writerEnv, e edges, rate int, device string, now time.Time) *writer {
	return &writer{
		env:    env,
		edges:  e,
		rate:   rate,
		device: device,
		frame:  time.Second / time.Duration(rate),
		origin: now,
		due:    now.Add(drainEvery),
	}
}

// accept takes a control from StartTake, Pause, Resume or StopTake and
// posts it to the capture thread, which resolves it at the first frame
// captured after its moment (the moment of posting, unless the control
// has one): a take holds exactly the audio captured while it ran. A start
// is answered at once, when its file exists; a refused control is
// answered at once too. The others are answered when carried out. accept
// reports whether c was posted.
func (w *writer) accept(c control) bool {
	switch c.kind {
	case ctlStart:
		if w.recording {
			c.reply <- takeReply{err: errors.New("a take is already recording")}
			return false
		}
		f, err := audio.CreateWAV(c.path, w.rate)
		if err != nil {
			c.reply <- takeReply{err: fmt.Errorf("start take: %w", err)}
			return false
		}
		c.w = f
	case ctlStop:
		if !w.recording {
			c.reply <- takeReply{err: errors.New("no take is recording")}
			return false
		}
	}
	at, ok := w.post(c.kind, c.w, c.at)
	if !ok { // the writer has stopped carrying controls out: cannot happen
		err := errors.New("the capture thread takes no more controls")
		if c.w != nil {
			c.w.Close()
			os.Remove(c.path)
		}
		if c.reply != nil {
			c.reply <- takeReply{err: err}
		}
		return false
	}
	c.at = at
	switch c.kind {
	case ctlStart:
		w.recording = true
		w.origin = at
		// The file exists and the take will begin at its moment, whenever
		// its audio arrives: no need to wait for it.
		c.reply <- takeReply{res: TakeResult{Path: c.path, Rate: w.rate}, at: at}
	case ctlStop:
		w.recording = false
	}
	w.pending = append(w.pending, c)
	return true
}

// post posts a control's edge; when every edge's slot is taken, it first
// carries out the oldest pending control, at the audio there is.
func (w *writer) post(kind controlKind, f *audio.Writer, at time.Time) (time.Time, bool) {
	for range 2 {
		if t, ok := w.edges.post(kind, f, at); ok {
			w.posted++
			return t, true
		}
		w.edges.force(w.applied + 1)
		w.drain()
	}
	return time.Time{}, false
}

// drain carries out, in order, the controls the capture thread has
// resolved, and feeds the take in progress to the analyser as far as the
// thread has written it.
func (w *writer) drain() {
	for n := w.edges.resolved(); w.applied < n; {
		e := w.edges.edge(w.applied)
		c := w.pending[0]
		w.pending = w.pending[1:]
		w.applied++
		w.apply(c, e, w.applied)
		w.edges.done(w.applied)
	}
	if w.cur != nil {
		if st := w.edges.state(); st.id == w.cur.id {
			w.follow(st.frames, st.err)
		}
	}
}

// apply carries out a control the capture thread has resolved (e); id is
// its edge's index plus 1.
func (w *writer) apply(c control, e resolvedEdge, id uint64) {
	switch c.kind {
	case ctlStart:
		w.cur = &take{w: c.w, id: id, origin: e.emitted, overflows: w.env.overflows(), dropped: w.env.dropped(), an: audio.NewAnalyzer(w.rate, 0), began: c.at, out: w.env.outTotal()}
	case ctlPause:
		if w.cur != nil && !w.cur.paused {
			w.cur.paused = true
			w.cur.pausedAt = c.at
		}
	case ctlResume:
		if w.cur != nil && w.cur.paused {
			w.cur.paused = false
			w.cur.pausedFor += c.at.Sub(w.cur.pausedAt)
		}
	case ctlStop:
		w.finish(c, e)
	}
}

// finish ends the take in progress at its stop (c, resolved as e): the
// file holds e.frames, the header is completed, the file synced and
// closed, and the stop answered.
func (w *writer) finish(c control, e resolvedEdge) {
	if w.cur == nil {
		c.reply <- takeReply{err: errors.New("no take is recording")}
		return
	}
	w.follow(e.frames, e.err)
	res := TakeResult{
		Path:      w.cur.w.Path(),
		Frames:    w.cur.w.Frames(),
		Rate:      w.rate,
		Overflows: w.env.overflows() - w.cur.overflows,
		Dropped:   w.env.dropped() - w.cur.dropped,
		Suspended: max(w.cur.suspended, w.env.outTotal()-w.cur.out), // each sees less than all of it
		Gap:       w.gap(c.at),
		Analysis:  w.cur.an.Result(),
	}
	err := w.cur.w.Close()
	if w.cur.err != nil {
		err = w.cur.err
	}
	w.cur = nil
	c.reply <- takeReply{res: res, err: err}
}

// follow brings the take in progress up to the frames the capture thread
// has written to its file: it counts them, feeds them to the analyser and
// reports the thread's write error (errno), once.
func (w *writer) follow(frames int64, errno syscall.Errno) {
	t := w.cur
	if n := frames - t.w.Frames(); n > 0 {
		if err := t.w.Appended(n); err != nil && t.err == nil {
			t.err = err
			w.env.fault(err)
		}
	}
	w.analyse(t, t.w.Frames())
	if errno != 0 && t.err == nil {
		t.err = &os.PathError{Op: "write", Path: t.w.Path(), Err: errno}
		w.env.fault(t.err)
	}
}

// analyse feeds the take's frames, up to upTo, to its analyser: from the
// capture thread's take ring, which keeps the last seconds written, or
// else (the writer fell far behind) from the file.
func (w *writer) analyse(t *take, upTo int64) {
	if len(w.samples) == 0 {
		w.samples = make([]int16, w.rate)
	}
	for t.analysed < upTo && t.err == nil {
		s := w.samples[:min(upTo-t.analysed, int64(len(w.samples)))]
		if !w.edges.kept(t.origin+uint64(t.analysed), s) {
			w.readBack(t, s)
		}
		if t.err == nil {
			t.an.Write(s)
			t.analysed += int64(len(s))
		}
	}
}

// readBack reads the take's frames from t.analysed on into s, from its
// file.
func (w *writer) readBack(t *take, s []int16) {
	b := unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), 2*len(s))
	if _, err := t.w.File().ReadAt(b, audio.DataOffset+2*t.analysed); err != nil {
		t.err = fmt.Errorf("read back %s: %w", t.w.Path(), err)
		w.env.fault(t.err)
		return
	}
	if !littleEndian {
		for i := range s { // in place: sample i is bytes 2i and 2i+1
			s[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
		}
	}
}

// littleEndian: this machine stores an int16 as a WAV file does.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// gap is how much audio the take in progress lacks if it stops at stop: its
// time, pauses aside, less what it holds.
func (w *writer) gap(stop time.Time) time.Duration {
	ran := stop.Sub(w.cur.began) - w.cur.pausedFor
	if w.cur.paused {
		ran -= stop.Sub(w.cur.pausedAt)
	}
	gap := ran - audio.FramesDuration(w.cur.w.Frames(), w.rate)
	if gap < gapSlack {
		return 0
	}
	return gap
}

// quit ends the writer once the capture thread has stopped: what is left
// takes effect, in order, at the audio there is, and a take still
// recording is closed as it stands.
func (w *writer) quit() {
	w.edges.force(w.posted)
	w.drain()
	if w.cur != nil {
		w.edges.detach()
		if st := w.edges.state(); st.id == w.cur.id {
			w.follow(st.frames, st.err)
		}
		w.cur.w.Close()
		w.cur = nil
	}
}

// tick is the housekeeping of every wake, after the drain; now is when the
// writer woke. It notices whether the process ran, watches the capture
// thread, carries out controls whose wait for their audio ran out, tells
// the thread whether to hurry, and returns when to wake next.
func (w *writer) tick(now time.Time, st threadState) time.Duration {
	w.notice(now, st)
	w.watch(now, st)
	// Controls whose moment has passed with no newer audio take effect
	// after a wait (of time the process ran), and at once when no more
	// audio will come.
	n := 0
	for n < len(w.pending) && (w.stalled || w.exited || now.Sub(w.waitFrom(w.pending[n])) >= stopWait) {
		n++
	}
	if n > 0 {
		w.edges.force(w.applied + uint64(n))
		w.drain()
	}
	// A stopping take waits for its last audio: the capture thread then
	// polls closely.
	if stopping := slices.ContainsFunc(w.pending, func(c control) bool { return c.kind == ctlStop }); stopping != w.hurrying {
		w.hurrying = stopping
		w.env.hurry(stopping)
	}
	// Drain on whole seconds from the take's start: the session's
	// countdown ticks then too, so the process wakes once a second for
	// both. Sooner if a control's wait for its audio runs out.
	next := drainEvery - now.Sub(w.origin)%drainEvery
	if len(w.pending) > 0 {
		next = min(next, w.waitFrom(w.pending[0]).Add(stopWait).Sub(now))
	}
	next = max(next, time.Millisecond)
	w.due = now.Add(next)
	return next
}

// waitFrom is when a pending control began waiting for its audio: its
// moment, or the process's resume after it.
func (w *writer) waitFrom(c control) time.Time { return latest(c.at, w.resumed) }

// notice finds whether the process ran since the last wake. It did not if
// the writer woke well after it was due (the monotonic clock runs on while
// a process is stopped), or the boot clock ran ahead of the monotonic one
// (which stands still while the machine sleeps); or if the capture thread
// noticed the same. The time out counts against the take in progress, and
// the device's silence, and controls' waits, are timed from the resume.
func (w *writer) notice(now time.Time, st threadState) {
	out := max(now.Sub(w.due), 0)
	if w.lastBoot != 0 && st.boot != 0 {
		out += max(st.boot-w.lastBoot-now.Sub(w.lastWake), 0)
	}
	w.lastWake, w.lastBoot = now, st.boot
	if out >= suspendAfter {
		w.resumed = now
		if w.cur != nil {
			w.cur.suspended += out
		}
	}
	w.resumed = latest(w.resumed, st.resumed)
}

// watch notes the stream going live, the capture thread's end, and stalls,
// reporting a failed thread and each stall as a fault, unless they come
// soon after a resume and reopening the stream mends them.
func (w *writer) watch(now time.Time, st threadState) {
	if !w.flowing && st.live {
		w.flowing = true
		w.env.markFlowing()
	}
	if !w.exited && st.exited {
		if st.err != nil && !st.closing {
			if w.tryReopen(now, fmt.Errorf("input device %q failed: %w", w.device, st.err)) {
				return
			}
		}
		w.exited = true
		w.env.markExited()
		if st.err != nil && !st.closing {
			w.env.fault(fmt.Errorf("input device %q failed: %w", w.device, st.err))
		}
	}
	if w.exited || st.last.IsZero() || !w.flowing || st.closing {
		return
	}
	stalled, quiet := w.stall(now, st)
	if stalled && !w.stalled { // report once per stall
		err := fmt.Errorf("input device %q stopped delivering audio for %s", w.device, quiet.Round(100*time.Millisecond))
		if w.tryReopen(now, err) {
			return
		}
		w.env.fault(err)
	}
	w.stalled = stalled
}

// stall tells whether the device has stopped delivering audio, and how
// long it has been quiet. It has if the capture thread, running, has asked
// it for audio and found none for stallAfter (on a reopened stream,
// startTimeout for its first audio), or if the thread has not asked for
// stuckAfter, the process running: it is stuck in a call on the device.
// Time the process did not run is not the device's quiet.
func (w *writer) stall(now time.Time, st threadState) (bool, time.Duration) {
	from := latest(st.last, w.resumed)
	limit := stallAfter
	if w.reopened.After(st.last) {
		from, limit = latest(from, w.reopened), startTimeout
	}
	// The capture thread says when it sees a stall; its clock and this
	// one differ by microseconds.
	looked := st.polled.Sub(from) >= limit-10*time.Millisecond
	stuck := now.Sub(latest(st.polled, from)) >= stuckAfter
	return looked || stuck, now.Sub(from)
}

// tryReopen reopens a stream that failed or stalled (cause) within
// reopenWithin of a resume, once per resume, and reports whether it did.
// If the new stream does not run, there is no more audio, and the fault
// says why.
func (w *writer) tryReopen(now time.Time, cause error) bool {
	if w.resumed.IsZero() || now.Sub(w.resumed) > reopenWithin || !w.reopened.Before(w.resumed) {
		return false
	}
	w.reopened = now
	err := w.env.reopen(w)
	if err == nil {
		return true
	}
	w.exited = true
	w.env.markExited()
	if !errors.Is(err, errClosing) {
		w.env.fault(fmt.Errorf("%w; reopening it failed: %w", cause, err))
	}
	return true
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
