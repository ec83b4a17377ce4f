package capture

/*
#cgo pkg-config: portaudio-2.0
#include "capture.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gordonklaus/portaudio"
	"golang.org/x/sys/unix"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/audio/internal/quiet"
)

// InputConfig chooses the input device and format.
type InputConfig struct {
	Device string // "" for the default input, an index, or a name
	Rate   int    // 0: the device's default when 44.1/48 kHz, else 48 kHz
}

// TakeResult describes a finished take.
type TakeResult struct {
	Path      string
	Frames    int64
	Rate      int
	Overflows int64 // PortAudio input overflows during the take
	Dropped   int64 // frames lost between the stream and the file (none since the capture thread writes what it reads)
	// Suspended is how long the process did not run while the take
	// recorded (stopped by Ctrl-Z or SIGSTOP, or the machine asleep), as
	// far as it noticed: stops under about half a second may not show.
	Suspended time.Duration
	// Gap is how much audio the take lacks: how much shorter it is than
	// the time it ran, pauses aside. A suspend longer than the sound system
	// buffers, overflows, a failed write and a stalled or reopened stream
	// all leave gaps; shortfalls under 50 ms are timing noise and count as
	// none.
	Gap      time.Duration
	Analysis audio.Analysis
}

// Duration returns the recorded length.
func (r TakeResult) Duration() time.Duration { return audio.FramesDuration(r.Frames, r.Rate) }

// Input is an open PortAudio input stream. Audio flows for as long as it is
// open, so a take starts recording at once; between takes it is discarded.
//
// Recording must cost about what arecord costs. Every wake-up of a Go
// goroutine on a timer, and every cgo call, also wakes the Go runtime's
// monitor thread and often a second worker thread; on a laptop those wakes,
// not the copying, are nearly all the CPU a recorder uses. So the audio is
// moved by a plain C thread (capture.c) that wakes once a period, a little
// after it arrives, reads it into a ring buffer, stamps it, and writes the
// frames that belong to the take in progress to the take's file at once,
// one pwrite a period, and the header's sizes about once a second (takes.c):
// a process killed mid-take (kill -9) keeps the audio the sound system had
// handed over, as arecord does. The Go side (one writer goroutine) wakes
// once a second, with the session's countdown, with no cgo call: it
// carries out the controls the thread has resolved, feeds the analyser
// (from a copy the thread keeps of what it wrote), and checks the device
// is still delivering. Takes are cut to the sample by time stamp:
// StartTake, Pause, Resume and StopTake post an edge with its moment to
// the thread, which resolves it at the first frame captured after it. The
// C thread wakes the writer sooner through a pipe: when the stream goes
// live, when it stalls or fails, and when a take has stopped.
//
// A suspended process is not a dead microphone. While the process is
// stopped (Ctrl-Z, SIGSTOP) or the machine sleeps, nothing reads the
// device: PulseAudio keeps what the source records meanwhile (its default
// queue for a stream holds about 45 s of this mono audio), a bare ALSA
// device only its buffer (about streamLatency), and the rest is lost; a
// sleeping machine records nothing. On resume the writer and the capture
// thread see that they did not run when they meant to (a wake far too
// late on the monotonic clock, or the boot clock running ahead of it), so
// the quiet before is not taken for a stall: the take and the stream
// carry on, and the result says how long the process was out (Suspended)
// and how much audio the take lacks (Gap). A stream that fails or stops
// delivering within reopenWithin of the resume is reopened, once; a new
// PulseAudio stream takes one to two seconds to deliver, and that time is
// missing too (after stallAfter more when the old stream went quiet
// rather than failing). So a suspend costs the audio the sound system did
// not keep, plus a couple of seconds when the stream must be reopened; the
// file stays a valid WAV throughout, its header brought up to date as
// before.
type Input struct {
	c       *C.mr_capture
	notifyR *os.File      // the capture thread's wake-ups (see notifyPipe)
	notifyW int           // its write end, owned by the capture thread
	kick    chan struct{} // a wake-up, for the writer
	edges   edges         // the takes, as the capture thread writes them
	rate    int
	device  string
	clock   monoClock

	// For reopening the stream (see reopen).
	devIndex C.PaDeviceIndex
	latency  time.Duration
	streamMu sync.Mutex // reopen against Close
	joined   bool       // the capture thread has been joined and none runs
	noStream bool       // the stream is closed and no new one open
	lost     bool       // a call on the stream never returned: leave it be

	ctrl   chan control
	faults chan error

	closing   atomic.Bool
	takeStart time.Time     // when the latest take began; set by StartTake
	flowing   chan struct{} // closed once reads deliver live audio
	readDone  chan struct{} // closed once the capture thread has stopped
	writeDone chan struct{}
	closeOnce sync.Once
	closeErr  error
	freeMu    sync.RWMutex // Level may be called from any goroutine, even after Close
}

type controlKind int

const (
	ctlStart controlKind = iota
	ctlPause
	ctlResume
	ctlStop
	ctlQuit
)

type control struct {
	kind  controlKind
	at    time.Time // its moment: set when posted, unless given (tests)
	path  string
	w     *audio.Writer // ctlStart: the file, created when the control arrives
	reply chan takeReply
}

type takeReply struct {
	res TakeResult
	at  time.Time // when a started take begins
	err error
}

const (
	// periodFrames is the PortAudio buffer size asked for; with ALSA it is
	// the period, the chunk audio arrives in (186 ms at 44.1 kHz), and the
	// capture thread wakes about once per period, just after it arrives,
	// and writes it to the take's file. Takes are still cut to the sample;
	// the level meter updates once per period. A killed process loses what
	// the sound system has not yet handed over: up to a period, about what
	// arecord loses (its period is 125 ms). Each period costs wakes of the
	// capture thread and of PulseAudio's client thread: half the period
	// would cost about half as much CPU again.
	periodFrames = 8192
	// streamLatency asks for an ALSA buffer of about a second (eight
	// periods, MR_ALSA_PERIODS): the capture thread may be this late (a
	// busy machine) without losing audio.
	streamLatency = time.Second
	blockFrames   = 4 * periodFrames // the most frames one read takes
	// finePolling is how long after the first audio the capture thread
	// polls every 10 ms, to time the stream's frames to that.
	finePolling = 500 * time.Millisecond

	// drainEvery is the writer's pace while audio flows. Every wake of the
	// Go side costs about as much as a second of arecord's recording, so it
	// is once a second. The audio is on its way to the disk already, and
	// the header up to date to within a second: the capture thread writes
	// them.
	drainEvery = time.Second
	// stallAfter: no audio for this long and the device is gone. Audio
	// arrives a period at a time, and PulseAudio sometimes holds a few
	// hundred milliseconds more.
	stallAfter = 1200 * time.Millisecond
	// stopWait is how long a control waits for the audio of its moment to
	// arrive before it takes effect anyway (a stalled device).
	stopWait     = stallAfter
	startTimeout = 5 * time.Second

	// suspendAfter: a wake this much later than meant, and the process did
	// not run in between (see Input).
	suspendAfter = 250 * time.Millisecond
	// stuckAfter: the capture thread has not looked at the stream for this
	// long, the process running, and it is stuck in a call on the device.
	// Longer than the writer's longest sleep with the capture thread's, so
	// a stop that neither noticed is not taken for it.
	stuckAfter = 2 * stallAfter
	// reopenWithin: a stream that fails or stalls this soon after the
	// process resumes is reopened, once per resume.
	reopenWithin = startTimeout
	// gapSlack: a take shorter than its time by less than this is not
	// missing audio, just the time stamps' error.
	gapSlack = 50 * time.Millisecond
)

// ringSeconds is the ring's length: the capture thread writes each read
// to the take's file at once, so it need only hold the largest read
// (blockFrames) and is made no shorter. A variable so that a test can make
// the ring wrap often.
var ringSeconds = 4

// monoClock converts the capture thread's CLOCK_MONOTONIC nanoseconds to
// time.Time. Go's monotonic clock is the same clock, so the offset taken
// once holds.
type monoClock struct {
	t0 time.Time
	m0 int64
}

// newMonoClock pairs the two clocks: a reading of the C clock on each side
// of time.Now, keeping the midpoint of the closest pair of several, so that
// a thread preempted between two readings does not shift every moment.
func newMonoClock() monoClock {
	var best monoClock
	gap := int64(-1)
	for range 8 {
		before := monoNow()
		t := time.Now()
		after := monoNow()
		if g := after - before; gap < 0 || g < gap {
			gap, best = g, monoClock{t0: t, m0: before + g/2}
		}
	}
	return best
}

// monoNow reads the capture thread's clock.
func monoNow() int64 { return int64(C.mr_now()) }

func (m monoClock) time(ns int64) time.Time { return m.t0.Add(time.Duration(ns - m.m0)) }

// ns is the inverse of time.
func (m monoClock) ns(t time.Time) int64 { return m.m0 + int64(t.Sub(m.t0)) }

// OpenInput opens and starts the input stream. On failure the error names
// the device and wraps ErrNoInput when there is no usable device.
func OpenInput(cfg InputConfig) (*Input, error) {
	if err := acquire(cfg.Device == ""); err != nil {
		return nil, err
	}
	dev, err := findInput(cfg.Device)
	if err != nil {
		release()
		return nil, err
	}
	rate := cfg.Rate
	if rate == 0 {
		rate = ChooseRate(dev.DefaultSampleRate)
	}
	period := audio.FramesDuration(periodFrames, rate)
	notifyR, notifyW, err := notifyPipe()
	if err != nil {
		release()
		return nil, fmt.Errorf("open input device %q: %w", dev.Name, err)
	}
	ringFrames := max(ringSeconds*rate, 2*blockFrames)
	c := C.mr_new(C.uint64_t(ringFrames), blockFrames, C.double(rate), C.int64_t(period), C.int64_t(finePolling), C.int64_t(stallAfter), C.int(notifyW))
	fail := func(err error) (*Input, error) {
		C.mr_free(c)
		notifyR.Close()
		unix.Close(notifyW)
		release()
		return nil, err
	}
	if c == nil {
		return fail(fmt.Errorf("open input device %q: out of memory for the audio buffer", dev.Name))
	}
	latency := max(streamLatency, dev.DefaultHighInputLatency)
	if err := quiet.Run(func() error { return startStream(c, C.PaDeviceIndex(dev.Index), rate, latency) }); err != nil {
		return fail(fmt.Errorf("open input device %q at %d Hz: %w", dev.Name, rate, err))
	}
	c.resume_ns = C.int64_t(suspendAfter)
	clock := newMonoClock()
	in := &Input{
		c:         c,
		edges:     edges{c: c, clock: clock},
		rate:      rate,
		device:    dev.Name,
		devIndex:  C.PaDeviceIndex(dev.Index),
		latency:   latency,
		clock:     clock,
		notifyR:   notifyR,
		notifyW:   notifyW,
		kick:      make(chan struct{}, 1),
		ctrl:      make(chan control, 8),
		faults:    make(chan error, 1),
		flowing:   make(chan struct{}),
		readDone:  make(chan struct{}),
		writeDone: make(chan struct{}),
	}
	if C.mr_start(c) != 0 {
		_ = quiet.RunFor(2*time.Second, func() {
			C.Pa_AbortStream(c.stream)
			C.Pa_CloseStream(c.stream)
		})
		return fail(fmt.Errorf("open input device %q: cannot start the capture thread", dev.Name))
	}
	go in.notifyLoop()
	go in.writeLoop()
	return in, nil
}

// startStream opens c's stream on device and starts it. No capture thread
// may run.
func startStream(c *C.mr_capture, device C.PaDeviceIndex, rate int, latency time.Duration) error {
	if e := C.mr_open(c, device, C.double(rate), C.PaTime(latency.Seconds()), periodFrames); e != C.paNoError {
		return paError(e)
	}
	if e := C.Pa_StartStream(c.stream); e != C.paNoError {
		C.Pa_CloseStream(c.stream)
		return paError(e)
	}
	// The capture thread wakes about once a period; on a device whose
	// buffer holds less than three periods (some sound cards), wake often
	// enough that the buffer never fills between two wakes.
	period := audio.FramesDuration(periodFrames, rate)
	c.period_ns = C.int64_t(period)
	if info := C.Pa_GetStreamInfo(c.stream); info != nil {
		if buffer := time.Duration(float64(info.inputLatency) * float64(time.Second)); buffer > 0 && buffer/3 < period {
			c.period_ns = C.int64_t(buffer / 3)
		}
	}
	return nil
}

// notifyPipe makes the pipe the capture thread writes a byte to when Go
// must look at once (a stall, the thread's end): a non-blocking write end
// for C and a read end Go's poller waits on, at no cost while nothing comes.
func notifyPipe() (*os.File, int, error) {
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		return nil, 0, fmt.Errorf("make a pipe: %w", err)
	}
	unix.CloseOnExec(p[0])
	unix.CloseOnExec(p[1])
	err := unix.SetNonblock(p[0], true)
	if err == nil {
		err = unix.SetNonblock(p[1], true)
	}
	if err != nil {
		unix.Close(p[0])
		unix.Close(p[1])
		return nil, 0, fmt.Errorf("make a pipe: %w", err)
	}
	return os.NewFile(uintptr(p[0]), "capture-notify"), p[1], nil
}

// notifyLoop passes the capture thread's wake-ups to the writer until the
// pipe is closed.
func (in *Input) notifyLoop() {
	var b [16]byte
	for {
		if _, err := in.notifyR.Read(b[:]); err != nil {
			return
		}
		select {
		case in.kick <- struct{}{}:
		default:
		}
	}
}

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// paError turns a PortAudio error code into the error the Go binding uses
// for it, so errors.Is works as with the binding's own calls.
func paError(e C.PaError) error {
	return portaudio.Error(e)
}

// Rate returns the recording rate in frames per second.
func (in *Input) Rate() int { return in.rate }

// DeviceName returns the name of the open device.
func (in *Input) DeviceName() string { return in.device }

// Faults delivers at most one error: the device failed or vanished, or a
// take could not be written. The take in progress stays valid on disk.
func (in *Input) Faults() <-chan error { return in.faults }

func (in *Input) fault(err error) {
	select {
	case in.faults <- err:
	default:
	}
}

// Atomic views of the capture thread's fields.
func (in *Input) firstNS() int64  { return atomic.LoadInt64((*int64)(unsafe.Pointer(&in.c.first_ns))) }
func (in *Input) lastNS() int64   { return atomic.LoadInt64((*int64)(unsafe.Pointer(&in.c.last_ns))) }
func (in *Input) polledNS() int64 { return atomic.LoadInt64((*int64)(unsafe.Pointer(&in.c.polled_ns))) }
func (in *Input) resumedNS() int64 {
	return atomic.LoadInt64((*int64)(unsafe.Pointer(&in.c.resumed_ns)))
}
func (in *Input) overflows() int64 {
	return atomic.LoadInt64((*int64)(unsafe.Pointer(&in.c.overflows)))
}
func (in *Input) dropped() int64 { return atomic.LoadInt64((*int64)(unsafe.Pointer(&in.c.dropped))) }
func (in *Input) outTotal() time.Duration {
	return time.Duration(atomic.LoadInt64((*int64)(unsafe.Pointer(&in.c.out_ns))))
}
func (in *Input) live() bool   { return atomic.LoadInt32((*int32)(unsafe.Pointer(&in.c.live))) != 0 }
func (in *Input) exited() bool { return atomic.LoadInt32((*int32)(unsafe.Pointer(&in.c.exited))) != 0 }
func (in *Input) threadErr() C.PaError {
	return C.PaError(atomic.LoadInt32((*int32)(unsafe.Pointer(&in.c.err))))
}

// The capture thread as the writer sees it (writerEnv).
func (in *Input) hurry(on bool) { C.mr_hurry(in.c, boolInt(on)) }
func (in *Input) markFlowing()  { close(in.flowing) }
func (in *Input) markExited()   { close(in.readDone) }

// threadState reads the capture thread's state for the writer.
func (in *Input) threadState() threadState {
	st := threadState{live: in.live(), exited: in.exited()}
	if st.exited {
		if e := in.threadErr(); e != C.paNoError {
			st.err = paError(e)
		}
	}
	st.closing = in.closing.Load()
	st.last = in.stamp(in.lastNS())
	st.polled = in.stamp(in.polledNS())
	st.resumed = in.stamp(in.resumedNS())
	return st
}

// stamp converts a time of the capture thread's, 0 for none.
func (in *Input) stamp(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return in.clock.time(ns)
}

// errClosing: the stream was not reopened because the Input is closing.
var errClosing = errors.New("the input is closing")

// reopen replaces a stream that failed or stopped delivering after the
// process was suspended: it stops the capture thread, lets the writer
// carry out what the old stream's audio resolved, opens the device again
// and starts a new thread, which carries on in the ring, and in the take,
// where the old one stopped. It runs on the writer goroutine and never
// waits on the device for more than a few seconds in all; it reports why
// the new stream is not running.
func (in *Input) reopen(w *writer) error {
	in.streamMu.Lock()
	defer in.streamMu.Unlock()
	if in.closing.Load() {
		return errClosing
	}
	C.mr_stop(in.c)
	if !in.waitExited(time.Second) {
		_ = quiet.RunFor(time.Second, func() { C.Pa_AbortStream(in.c.stream) })
		if !in.waitExited(time.Second) {
			in.lost = true
			return errors.New("the capture thread did not stop")
		}
	}
	C.mr_join(in.c)
	in.joined = true
	w.drain()
	if err := quiet.RunFor(2*time.Second, func() {
		C.Pa_AbortStream(in.c.stream)
		C.Pa_CloseStream(in.c.stream)
	}); err != nil {
		in.lost = true
		return errors.New("the old stream did not close")
	}
	in.noStream = true
	var err error
	if quiet.RunFor(2*time.Second, func() { err = startStream(in.c, in.devIndex, in.rate, in.latency) }) != nil {
		in.lost = true
		return errors.New("opening the device did not return")
	}
	if err != nil {
		return err
	}
	in.noStream = false
	atomic.StoreInt32((*int32)(unsafe.Pointer(&in.c.err)), 0)
	atomic.StoreInt32((*int32)(unsafe.Pointer(&in.c.exited)), 0)
	atomic.StoreInt32((*int32)(unsafe.Pointer(&in.c.stop)), 0)
	if C.mr_start(in.c) != 0 {
		atomic.StoreInt32((*int32)(unsafe.Pointer(&in.c.exited)), 1)
		_ = quiet.RunFor(2*time.Second, func() {
			C.Pa_AbortStream(in.c.stream)
			C.Pa_CloseStream(in.c.stream)
		})
		in.noStream = true
		return errors.New("cannot start the capture thread")
	}
	in.joined = false
	return nil
}

// writeLoop is the writer goroutine: it wakes once a second, when a
// control comes, and when the capture thread asks, lets the writer carry
// out what the thread has done, and do its housekeeping.
func (in *Input) writeLoop() {
	defer close(in.writeDone)
	w := newWriter(in, in.edges, in.rate, in.device, time.Now())
	timer := time.NewTimer(drainEvery)
	defer timer.Stop()
	for {
		select {
		case c := <-in.ctrl:
			if c.kind == ctlQuit {
				// The capture thread has stopped: carry out what is left,
				// in order.
				w.quit()
				return
			}
			if !w.accept(c) {
				continue
			}
		case <-timer.C:
		case <-in.kick:
		}
		// The housekeeping judges the wake by when it happened: were the
		// process stopped while it drains, the capture thread's silence
		// from then on is no stall.
		woke, boot := time.Now(), bootClock()
		w.drain()
		st := in.threadState()
		st.boot = boot
		next := w.tick(woke, st)
		// Due from now: the drain and the tick may have taken a while (a
		// slow disk, a reopen), and that is no suspend.
		w.due = time.Now().Add(next)
		timer.Reset(next)
	}
}

// WaitLive waits until audio flows: until the stream's first reads show
// it delivers in real time. A just-opened stream can take a moment before
// its first audio arrives (a period, and with PulseAudio's virtual devices
// up to two seconds), so a command calls this before it shows the first
// question. It returns at once once audio flows; an error naming the
// device if the stream stopped, or delivered nothing within timeout; ctx's
// error if ctx ends first.
func (in *Input) WaitLive(ctx context.Context, timeout time.Duration) error {
	if isClosed(in.flowing) {
		return nil
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-in.flowing:
		return nil
	case <-in.readDone:
		return fmt.Errorf("input device %q stopped", in.device)
	case <-t.C:
		return fmt.Errorf("input device %q delivered no audio within %s", in.device, timeout)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// StartTake starts recording into a new WAV file at path (which must not
// exist): audio captured from the moment of the call on goes into the
// file, to the sample (see TakeStart), written as it arrives.
//
// No take begins before there is audio to record: the first waits for the
// stream to go live (see WaitLive), up to startTimeout. On a live stream
// it returns at once, and the take's audio reaches its file within a
// period.
func (in *Input) StartTake(path string) error {
	if err := in.WaitLive(context.Background(), startTimeout); err != nil {
		return err
	}
	c := control{kind: ctlStart, path: path, reply: make(chan takeReply, 1)}
	in.ctrl <- c
	r := <-c.reply
	if r.err == nil {
		in.takeStart = r.at
	}
	return r.err
}

// TakeStart returns when the latest take began, during StartTake: its
// first sample was captured then.
func (in *Input) TakeStart() time.Time { return in.takeStart }

// Level returns the loudness of the most recent audio read (a period's
// worth), whether or not a take is recording: for level meters and
// microphone checks.
func (in *Input) Level() audio.Level {
	in.freeMu.RLock()
	defer in.freeMu.RUnlock()
	if in.c == nil {
		return audio.SilentLevel // closed
	}
	return levelOf(atomic.LoadUint64((*uint64)(unsafe.Pointer(&in.c.level))))
}

// LoudestSince returns the loudest of the reads since it was last called:
// the highest mean square and peak among them, clipped if any clipped; the
// latest read's level if none came since. A face that looks once a second
// still sees a clip, or a word, that came between two looks. It is for one
// caller: each call starts the next span.
func (in *Input) LoudestSince() audio.Level {
	in.freeMu.RLock()
	defer in.freeMu.RUnlock()
	if in.c == nil {
		return audio.SilentLevel // closed
	}
	v := atomic.SwapUint64((*uint64)(unsafe.Pointer(&in.c.loudest)), 0)
	if v&seenBit == 0 {
		v = atomic.LoadUint64((*uint64)(unsafe.Pointer(&in.c.level)))
	}
	return levelOf(v)
}

// seenBit marks a merged level that holds a read.
const seenBit = C.MR_LEVEL_SEEN

// mergedLevel is the capture thread's merging of two packed levels, for
// tests.
func mergedLevel(a, b uint64) uint64 { return uint64(C.mr_merge_level(C.uint64_t(a), C.uint64_t(b))) }

// levelOf decodes the capture thread's packed level: the mean square as a
// float32 in the high half, the clip flag in bit 16, the peak magnitude in
// the low 16 bits.
func levelOf(v uint64) audio.Level {
	ms := float64(math.Float32frombits(uint32(v >> 32)))
	return audio.Level{RMS: audio.AmplitudeDBFS(math.Sqrt(ms)), Peak: audio.AmplitudeDBFS(float64(v & 0xFFFF)), Clipped: v>>16&1 == 1}
}

// packedLevel is the capture thread's packing of samples' level, for tests.
func packedLevel(samples []int16) uint64 {
	if len(samples) == 0 {
		return uint64(C.mr_pack_level(nil, 0))
	}
	return uint64(C.mr_pack_level((*C.int16_t)(unsafe.Pointer(&samples[0])), C.uint64_t(len(samples))))
}

// Pause stops adding audio to the take until Resume.
func (in *Input) Pause() { in.ctrl <- control{kind: ctlPause} }

// Resume continues a paused take.
func (in *Input) Resume() { in.ctrl <- control{kind: ctlResume} }

// StopTake ends the take: the audio captured up to this moment is written,
// the header completed and the file synced before it returns.
func (in *Input) StopTake() (TakeResult, error) {
	c := control{kind: ctlStop, reply: make(chan takeReply, 1)}
	in.ctrl <- c
	r := <-c.reply
	return r.res, r.err
}

// Close stops the stream and the goroutines. A take still recording is
// finalised first. Close never hangs: a stream stuck on a vanished device
// is aborted, and if even that does not free it, it is left behind (the
// process is about to end anyway) rather than keep the user waiting.
func (in *Input) Close() error {
	in.closeOnce.Do(func() {
		in.closing.Store(true)
		// Wait for a reopen in progress; none starts after this.
		in.streamMu.Lock()
		lost, joined, noStream := in.lost, in.joined, in.noStream
		in.streamMu.Unlock()
		C.mr_stop(in.c)
		freed := !lost && in.waitExited(time.Second)
		if !freed && !lost && !noStream {
			// A read stuck on a vanished device: abort the stream to free it.
			_ = quiet.RunFor(time.Second, func() { C.Pa_AbortStream(in.c.stream) })
			freed = in.waitExited(time.Second)
		}
		in.ctrl <- control{kind: ctlQuit}
		<-in.writeDone // the writer never blocks on the device for long
		if !freed {
			in.closeErr = fmt.Errorf("input device %q did not stop; abandoned it", in.device)
			return
		}
		if !joined {
			C.mr_join(in.c)
		}
		if err := quiet.RunFor(2*time.Second, func() {
			if noStream {
				return
			}
			C.Pa_StopStream(in.c.stream)
			if e := C.Pa_CloseStream(in.c.stream); e != C.paNoError {
				in.closeErr = paError(e)
			}
		}); err != nil {
			in.closeErr = fmt.Errorf("input device %q did not close; abandoned it", in.device)
			return
		}
		in.freeMu.Lock()
		C.mr_free(in.c)
		in.c = nil
		in.freeMu.Unlock()
		unix.Close(in.notifyW)
		in.notifyR.Close()
		release()
	})
	return in.closeErr
}

// waitExited waits up to d for the capture thread to return.
func (in *Input) waitExited(d time.Duration) bool {
	for deadline := time.Now().Add(d); !in.exited(); {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
