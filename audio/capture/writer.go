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
}

// writerEnv is what the writer needs of the capture thread besides its ring
// and its state (threadState): an *Input, or a fake in tests.
type writerEnv interface {
	overflows() int64  // PortAudio input overflows so far
	dropped() int64    // frames lost so far because the ring was full
	consumed(r uint64) // the writer has taken the ring's frames up to r
	fault(err error)   // report a fault; the first one is delivered
	hurry(on bool)     // a take is stopping: poll closely, wake the writer after each read
	markFlowing()      // the stream delivers live audio
	markExited()       // the capture thread has returned
}

// threadState is what the writer sees of the capture thread at a wake.
type threadState struct {
	live    bool      // reads keep up with real time
	exited  bool      // the thread has returned
	err     error     // why it returned, when it failed
	last    time.Time // when audio last arrived; zero before any
	closing bool      // Close has begun
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
}

func newWriter(env writerEnv, rate int, device string, now time.Time) *writer {
	return &writer{
		env:            env,
		rate:           rate,
		device:         device,
		frame:          time.Second / time.Duration(rate),
		lastCheckpoint: now,
		origin:         now,
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
		w.cur = &take{w: c.w, overflows: w.env.overflows(), dropped: w.env.dropped(), an: audio.NewAnalyzer(w.rate, 0)}
		w.lastCheckpoint = time.Now()
	case ctlPause:
		if w.cur != nil {
			w.cur.paused = true
		}
	case ctlResume:
		if w.cur != nil {
			w.cur.paused = false
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
			Analysis:  w.cur.an.Result(),
		}
		err := w.cur.w.Close()
		w.cur = nil
		c.reply <- takeReply{res: res, err: err}
	}
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

// tick is the housekeeping of every wake, after the drain: it watches the
// capture thread, carries out controls whose wait for their audio ran out,
// checkpoints the take, tells the thread whether to hurry, and returns when
// to wake next.
func (w *writer) tick(now time.Time, st threadState) time.Duration {
	w.watch(now, st)
	// Controls whose moment has passed with no newer audio take effect
	// after a wait, and at once when no more audio will come.
	for len(w.pending) > 0 && (w.stalled || w.exited || now.Sub(w.pending[0].at) >= stopWait) {
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
		next = min(next, w.pending[0].at.Add(stopWait).Sub(now))
	}
	return max(next, time.Millisecond)
}

// watch notes the stream going live, the capture thread's end, and stalls,
// reporting a failed thread and each stall as a fault.
func (w *writer) watch(now time.Time, st threadState) {
	if !w.flowing && st.live {
		w.flowing = true
		w.env.markFlowing()
	}
	if !w.exited && st.exited {
		w.exited = true
		w.env.markExited()
		if st.err != nil && !st.closing {
			w.env.fault(fmt.Errorf("input device %q failed: %w", w.device, st.err))
		}
	}
	if !st.last.IsZero() && w.flowing && !st.closing {
		// The capture thread says when it sees a stall; its clock and
		// this one differ by microseconds.
		quiet := now.Sub(st.last)
		if quiet >= stallAfter-10*time.Millisecond && !w.stalled {
			w.env.fault(fmt.Errorf("input device %q stopped delivering audio for %s", w.device, quiet.Round(100*time.Millisecond)))
		}
		w.stalled = quiet >= stallAfter-10*time.Millisecond // report once per stall
	}
}
