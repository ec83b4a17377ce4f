package capture

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mockround/mockround/audio"
)

// take is the writer's state for the take in progress.
type take struct {
	w         *audio.Writer
	paused    bool
	overflows int64
	dropped   int64
	an        *audio.Analyzer // fed as the take is written: no second pass over the file

	began     time.Time     // the start's moment
	pausedAt  time.Time     // the latest pause's moment
	pausedFor time.Duration // paused time before the latest resume
	suspended time.Duration // time the writer noticed the process not running
	out       time.Duration // the capture thread's outTotal at the start
}

// writerEnv is what the writer needs of the capture thread besides its ring
// and its state (threadState): an *Input, or a fake in tests.
type writerEnv interface {
	overflows() int64 // PortAudio input overflows so far
	dropped() int64   // frames lost so far because the ring was full
	// outTotal is how long, in all, the capture thread has noticed the
	// process not running (see threadState.resumed).
	outTotal() time.Duration
	consumed(r uint64) // the writer has taken the ring's frames up to r
	fault(err error)   // report a fault; the first one is delivered
	hurry(on bool)     // a take is stopping: poll closely, wake the writer after each read
	markFlowing()      // the stream delivers live audio
	markExited()       // the capture thread has returned
	// reopen replaces the stream and its capture thread, handing w the
	// old stream's last audio first; errClosing if the Input is closing.
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
// progress, the controls waiting for their audio, and what it has seen of
// the capture thread. It never calls C: it is handed the ring's samples
// with their time base, and the thread's state, and acts on the thread
// through env.
type writer struct {
	env    writerEnv
	rate   int
	device string
	frame  time.Duration // one frame's duration

	cur            *take
	recording      bool      // a take has started and not been told to stop
	pending        []control // time-stamped controls not yet reached by the audio
	faulted        bool
	taken          uint64 // ring frames consumed
	dirty          bool   // audio written since the last checkpoint
	flowing        bool   // the stream has gone live
	stalled        bool
	exited         bool
	hurrying       bool
	lastCheckpoint time.Time
	origin         time.Time // drains fall on whole seconds from here

	// Telling a suspended process from a stalled device (see Input).
	due      time.Time     // when the writer meant to wake next
	lastWake time.Time     // when it last woke
	lastBoot time.Duration // the boot clock then
	resumed  time.Time     // when the process last resumed after not running
	reopened time.Time     // when the stream was last reopened
}

func newWriter(env writerEnv, rate int, device string, now time.Time) *writer {
	return &writer{
		env:            env,
		rate:           rate,
		device:         device,
		frame:          time.Second / time.Duration(rate),
		lastCheckpoint: now,
		origin:         now,
		due:            now.Add(drainEvery),
	}
}

// accept takes a control from StartTake, Pause, Resume or StopTake. A start
// is answered at once, when its file exists; a refused control is answered
// at once too. The others are queued: controls take effect in order, at the
// first audio stamped after them, so a take holds exactly the audio
// captured while it ran. accept reports whether c was queued.
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
		w.recording = true
		c.w = f
		w.origin = c.at
		// The file exists and the take will begin at c.at, whenever its
		// audio arrives: no need to wait for it.
		c.reply <- takeReply{res: TakeResult{Path: c.path, Rate: w.rate}, at: c.at}
	case ctlStop:
		if !w.recording {
			c.reply <- takeReply{err: errors.New("no take is recording")}
			return false
		}
		w.recording = false
	}
	w.pending = append(w.pending, c)
	return true
}

// apply carries out a control whose moment the audio has reached.
func (w *writer) apply(c control) {
	switch c.kind {
	case ctlStart:
		w.cur = &take{w: c.w, overflows: w.env.overflows(), dropped: w.env.dropped(), an: audio.NewAnalyzer(w.rate, 0), began: c.at, out: w.env.outTotal()}
		w.lastCheckpoint = time.Now()
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
		if w.cur == nil {
			c.reply <- takeReply{err: errors.New("no take is recording")}
			return
		}
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
		w.cur = nil
		c.reply <- takeReply{res: res, err: err}
	}
}

// gap is how much audio the take in progress lacks if it stops at stop: its
// time, pauses aside, less what it holds, counted in frames of the length
// cut uses, so that the cut's own rounding cancels out.
func (w *writer) gap(stop time.Time) time.Duration {
	ran := stop.Sub(w.cur.began) - w.cur.pausedFor
	if w.cur.paused {
		ran -= stop.Sub(w.cur.pausedAt)
	}
	gap := ran - time.Duration(w.cur.w.Frames())*w.frame
	if gap < gapSlack {
		return 0
	}
	return gap
}

// write adds samples to the take in progress, unless paused.
func (w *writer) write(samples []int16) {
	if w.cur == nil || w.cur.paused || w.faulted || len(samples) == 0 {
		return
	}
	if err := w.cur.w.Write(samples); err != nil {
		w.faulted = true
		w.env.fault(err)
		return
	}
	w.cur.an.Write(samples)
	w.dirty = true
}

// cut writes samples, ring frames [first, first+len(samples)), splitting
// them at the exact sample where each pending control falls: ring frame f
// was captured at base + f frames. A frame captured at or before a
// control's moment goes before it; a control after the last frame waits
// for more audio.
func (w *writer) cut(samples []int16, first uint64, base time.Time) {
	start := base.Add(time.Duration(first) * w.frame)
	n := len(samples)
	i := 0
	for len(w.pending) > 0 {
		c := w.pending[0]
		k := 0 // samples captured at or before the control
		if !c.at.Before(start) {
			k = int(c.at.Sub(start)/w.frame) + 1
		}
		if k >= n {
			break // the control falls after these samples
		}
		w.write(samples[i:max(k, i)])
		i = max(k, i)
		w.pending = w.pending[1:]
		w.apply(c)
	}
	w.write(samples[i:])
}

// drain takes the ring's frames from those already taken up to written, in
// two parts where they wrap past the ring's end, telling the capture thread
// after each how far it has taken them.
func (w *writer) drain(ring []int16, written uint64, base time.Time) {
	size := uint64(len(ring))
	for w.taken < written {
		at := w.taken % size
		n := min(written-w.taken, size-at)
		w.cut(ring[at:at+n], w.taken, base)
		w.taken += n
		w.env.consumed(w.taken)
	}
}

// quit ends the writer once the capture thread has stopped and its last
// audio is drained: what is left takes effect, in order.
func (w *writer) quit() {
	for _, c := range w.pending {
		w.apply(c)
	}
	if w.cur != nil {
		w.cur.w.Close()
	}
}

// tick is the housekeeping of every wake, after the drain; now is when the
// writer woke. It notices whether the process ran, watches the capture
// thread, carries out controls whose wait for their audio ran out,
// checkpoints the take, tells the thread whether to hurry, and returns
// when to wake next.
func (w *writer) tick(now time.Time, st threadState) time.Duration {
	w.notice(now, st)
	w.watch(now, st)
	// Controls whose moment has passed with no newer audio take effect
	// after a wait (of time the process ran), and at once when no more
	// audio will come.
	for len(w.pending) > 0 && (w.stalled || w.exited || now.Sub(w.waitFrom(w.pending[0])) >= stopWait) {
		c := w.pending[0]
		w.pending = w.pending[1:]
		w.apply(c)
	}
	if w.cur != nil && w.dirty && !w.faulted && now.Sub(w.lastCheckpoint) >= checkpointEvery {
		if err := w.cur.w.Checkpoint(); err != nil {
			w.faulted = true
			w.env.fault(err)
		}
		w.lastCheckpoint = now
		w.dirty = false
	}
	// A stopping take waits for its last audio: the capture thread then
	// polls closely and wakes the writer after every read.
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
