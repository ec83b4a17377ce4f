package audio

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gordonklaus/portaudio"
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
	Dropped   int64 // frames lost because the writer fell behind
	Analysis  Analysis
}

// Duration returns the recorded length.
func (r TakeResult) Duration() time.Duration { return FramesDuration(r.Frames, r.Rate) }

// Input is an open PortAudio input stream. Audio flows for as long as it is
// open, so a take starts recording at once; between takes it is discarded.
//
// One goroutine does nothing but blocking reads and hands each buffer to a
// writer goroutine through a deep queue, so a slow disk never stalls the
// read loop. Takes are cut by time stamps: the writer keeps exactly the
// buffers read between a take's start and stop.
type Input struct {
	stream *portaudio.Stream
	buf    []int16
	rate   int
	device string

	data   chan block
	ctrl   chan control
	faults chan error
	free   chan []int16 // buffers handed back by the writer, for reuse

	closing   atomic.Bool
	taken     atomic.Int64  // frames written to the take in progress
	takeStart time.Time     // when the latest take began; set by StartTake
	level     atomic.Uint64 // Level of the latest buffer, packed by packLevel
	overflows atomic.Int64
	dropped   atomic.Int64
	flowing   chan struct{} // closed once reads deliver live audio
	readDone  chan struct{}
	writeDone chan struct{}
	closeOnce sync.Once
	closeErr  error
}

type block struct {
	at      time.Time // when the read returned
	samples []int16
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
	at    time.Time
	path  string
	reply chan takeReply
}

type takeReply struct {
	res TakeResult
	at  time.Time // when a started take begins
	err error
}

const (
	framesPerBuffer = 4096 // 93 ms at 44.1 kHz; takes are still cut to the sample
	queueSeconds    = 30   // depth of the reader→writer queue
	checkpointEvery = time.Second
	stallAfter      = time.Second // no audio for this long: the device is gone
	stopWait        = 300 * time.Millisecond
	startTimeout    = 5 * time.Second
)

// OpenInput opens and starts the input stream. On failure the error names
// the device and wraps ErrNoInput when there is no usable device.
func OpenInput(cfg InputConfig) (*Input, error) {
	if err := acquire(); err != nil {
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
	in := &Input{
		buf:       make([]int16, framesPerBuffer),
		rate:      rate,
		device:    dev.Name,
		ctrl:      make(chan control, 8),
		faults:    make(chan error, 1),
		flowing:   make(chan struct{}),
		readDone:  make(chan struct{}),
		writeDone: make(chan struct{}),
	}
	in.data = make(chan block, queueSeconds*rate/framesPerBuffer+1)
	// All buffers are made up front: memory stays flat however long a take.
	in.free = make(chan []int16, cap(in.data))
	for range cap(in.data) {
		in.free <- make([]int16, framesPerBuffer)
	}
	params := portaudio.StreamParameters{
		Input:           portaudio.StreamDeviceParameters{Device: dev, Channels: 1, Latency: dev.DefaultHighInputLatency},
		SampleRate:      float64(rate),
		FramesPerBuffer: framesPerBuffer,
	}
	err = quietly(func() error {
		s, err := portaudio.OpenStream(params, in.buf)
		if err != nil {
			return err
		}
		if err := s.Start(); err != nil {
			s.Close()
			return err
		}
		in.stream = s
		return nil
	})
	if err != nil {
		release()
		return nil, fmt.Errorf("open input device %q at %d Hz: %w", dev.Name, rate, err)
	}
	go in.readLoop()
	go in.writeLoop()
	return in, nil
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

func (in *Input) readLoop() {
	defer close(in.readDone)
	// PortAudio's blocking read spins inside the ALSA PulseAudio plugin
	// (poll says readable before a period is there) and keeps a cgo call
	// blocked for a whole buffer, which makes Go's sysmon spin too: it costs
	// thirty times the CPU of arecord. So the loop waits in Go until a full
	// buffer is there, and Read returns at once.
	//
	// A stream that has just started may first hand over a backlog faster
	// than real time (PulseAudio can hold seconds of it); the stream is live
	// once a check finds less than a buffer waiting.
	live := false
	frameDur := time.Second / time.Duration(in.rate)
	bufferDur := framesPerBuffer * frameDur
	// Audio arrives in bursts, so "now" is late for the newest frame by up
	// to a burst's length. Frames are stamped from the stream's own count
	// instead: frame f was captured at base + f frames, where base is the
	// earliest estimate seen (the least late), allowed to creep forward by
	// 1 ms a second to follow clock drift, and reset after an overflow.
	var (
		frames    int64 // frames read so far
		base      time.Time
		baseSeen  time.Time
		firstRead time.Time
	)
	for n := 0; !in.closing.Load(); {
		avail, err := in.stream.AvailableToRead()
		if err != nil {
			if !in.closing.Load() {
				in.fault(fmt.Errorf("input device %q failed: %w", in.device, err))
			}
			return
		}
		if avail < framesPerBuffer {
			if !live && n > 0 {
				live = true
				close(in.flowing)
			}
			// Audio comes in fragments, so the last few frames of a buffer
			// can be a whole fragment away: check again a quarter of a
			// buffer later at the soonest, not in a tight loop.
			time.Sleep(max(time.Duration(framesPerBuffer-avail)*frameDur, bufferDur/4))
			continue
		}
		err = in.stream.Read()
		now := time.Now()
		frames += framesPerBuffer
		n++
		if n == 1 {
			firstRead = now
		} else if !live && now.Sub(firstRead) > time.Second {
			// A source faster than real time (an ALSA file PCM) never runs
			// short; after a second of backlog, take it as it comes.
			live = true
			close(in.flowing)
		}
		// The last frame read was captured before the avail-framesPerBuffer
		// frames still waiting.
		est := now.Add(-time.Duration(avail-framesPerBuffer) * frameDur).Add(-time.Duration(frames-1) * frameDur)
		if errors.Is(err, portaudio.InputOverflowed) {
			in.overflows.Add(1)
			base = time.Time{} // frames were lost: the count no longer tells time
		} else if err != nil {
			if !in.closing.Load() {
				in.fault(fmt.Errorf("input device %q failed: %w", in.device, err))
			}
			return
		}
		if base.IsZero() || est.Before(base.Add(now.Sub(baseSeen)/1000)) {
			base = est
		} else {
			base = base.Add(now.Sub(baseSeen) / 1000)
		}
		baseSeen = now
		at := base.Add(time.Duration(frames-1) * frameDur)
		var b []int16
		select {
		case b = <-in.free:
		default:
			// Every buffer is queued: the writer is far behind. Losing this
			// one is better than growing without bound.
			in.dropped.Add(framesPerBuffer)
			continue
		}
		copy(b, in.buf)
		in.data <- block{at: at, samples: b} // never blocks: one slot per buffer
	}
}

// take is the writer goroutine's state for the take in progress.
type take struct {
	w         *Writer
	paused    bool
	overflows int64
	dropped   int64
	an        *Analyzer // fed as the take is written: no second pass over the file
}

func (in *Input) writeLoop() {
	defer close(in.writeDone)
	var (
		cur      *take
		pending  []control // time-stamped controls not yet reached by the audio
		lastData = time.Now()
		faulted  bool
	)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	lastCheckpoint := time.Now()

	apply := func(c control) {
		switch c.kind {
		case ctlStart:
			if cur != nil {
				c.reply <- takeReply{err: errors.New("a take is already recording")}
				return
			}
			w, err := CreateWAV(c.path, in.rate)
			if err != nil {
				c.reply <- takeReply{err: fmt.Errorf("start take: %w", err)}
				return
			}
			cur = &take{w: w, overflows: in.overflows.Load(), dropped: in.dropped.Load(), an: NewAnalyzer(in.rate, 0)}
			in.taken.Store(0)
			lastCheckpoint = time.Now()
			c.reply <- takeReply{res: TakeResult{Path: c.path, Rate: in.rate}, at: c.at}
		case ctlPause:
			if cur != nil {
				cur.paused = true
			}
		case ctlResume:
			if cur != nil {
				cur.paused = false
			}
		case ctlStop:
			if cur == nil {
				c.reply <- takeReply{err: errors.New("no take is recording")}
				return
			}
			res := TakeResult{
				Path:      cur.w.Path(),
				Frames:    cur.w.Frames(),
				Rate:      in.rate,
				Overflows: in.overflows.Load() - cur.overflows,
				Dropped:   in.dropped.Load() - cur.dropped,
				Analysis:  cur.an.Result(),
			}
			err := cur.w.Close()
			cur = nil
			c.reply <- takeReply{res: res, err: err}
		}
	}
	// write adds samples to the take in progress, unless paused.
	write := func(samples []int16) {
		if cur == nil || cur.paused || faulted || len(samples) == 0 {
			return
		}
		if err := cur.w.Write(samples); err != nil {
			faulted = true
			in.fault(err)
			return
		}
		cur.an.Write(samples)
		in.taken.Store(cur.w.Frames())
	}
	frameDur := time.Second / time.Duration(in.rate)

	for {
		select {
		case c := <-in.ctrl:
			if c.kind == ctlQuit {
				for _, p := range pending {
					apply(p)
				}
				if cur != nil {
					cur.w.Close()
				}
				return
			}
			// Controls take effect in order, at the first audio stamped after
			// them, so a take holds exactly the audio read while it ran.
			pending = append(pending, c)
		case b := <-in.data:
			lastData = b.at
			in.level.Store(packLevel(measure(b.samples)))
			// Cut the block at the exact sample where each control falls:
			// sample i was captured at first + i frames.
			n := len(b.samples)
			first := b.at.Add(-time.Duration(n-1) * frameDur)
			i := 0
			for len(pending) > 0 {
				c := pending[0]
				k := 0 // samples captured at or before the control
				if !c.at.Before(first) {
					k = int(c.at.Sub(first)/frameDur) + 1
				}
				if k >= n {
					break // the control falls after this block
				}
				write(b.samples[i:max(k, i)])
				i = max(k, i)
				pending = pending[1:]
				apply(c)
			}
			write(b.samples[i:])
			in.free <- b.samples
		case now := <-tick.C:
			// Controls whose moment has passed with no newer audio (a stalled
			// or stopped device) take effect after a short wait.
			for len(pending) > 0 && now.Sub(pending[0].at) > stopWait {
				c := pending[0]
				pending = pending[1:]
				apply(c)
			}
			if cur != nil && now.Sub(lastCheckpoint) >= checkpointEvery && !faulted {
				if err := cur.w.Checkpoint(); err != nil {
					faulted = true
					in.fault(err)
				}
				lastCheckpoint = now
			}
			if now.Sub(lastData) > stallAfter && !in.closing.Load() && isClosed(in.flowing) {
				in.fault(fmt.Errorf("input device %q stopped delivering audio for %s", in.device, stallAfter))
				lastData = now // report once per stall
			}
		}
	}
}

// StartTake starts recording into a new WAV file at path (which must not
// exist): audio captured from the moment of the call on goes into the
// file, to the sample (see TakeStart).
//
// A stream can take a moment (a quarter of a second, with PulseAudio
// sometimes two) before its first audio arrives; the first take waits for
// it, so no take begins before there is audio to record.
func (in *Input) StartTake(path string) error {
	select {
	case <-in.flowing:
	case <-in.readDone:
		return fmt.Errorf("input device %q stopped", in.device)
	case <-time.After(startTimeout):
		return fmt.Errorf("input device %q delivered no audio within %s", in.device, startTimeout)
	}
	c := control{kind: ctlStart, at: time.Now(), path: path, reply: make(chan takeReply, 1)}
	in.ctrl <- c
	r := <-c.reply
	if r.err == nil {
		in.takeStart = r.at
	}
	return r.err
}

// TakeStart returns when the latest take began: its first sample was
// captured then. StartTake returns a little later, once the audio of that
// moment has arrived.
func (in *Input) TakeStart() time.Time { return in.takeStart }

// Level is the loudness of a moment of input, in dBFS (0 is full scale).
type Level struct {
	RMS, Peak float64
	Clipped   bool // a sample reached full scale
}

// Floor is the level reported for digital silence.
const Floor = -120.0

// Level returns the loudness of the most recent buffer read, whether or
// not a take is recording: for level meters and microphone checks.
func (in *Input) Level() Level { return unpackLevel(in.level.Load()) }

func measure(samples []int16) Level {
	var sum float64
	peak := 0
	for _, v := range samples {
		x := float64(v)
		sum += x * x
		a := int(v)
		if a < 0 {
			a = -a
		}
		peak = max(peak, a)
	}
	rms := math.Sqrt(sum / float64(max(len(samples), 1)))
	return Level{RMS: dbfs(rms), Peak: dbfs(float64(peak)), Clipped: peak >= 32767}
}

func dbfs(amplitude float64) float64 {
	if amplitude <= 0 {
		return Floor
	}
	return max(20*math.Log10(amplitude/32768), Floor)
}

// packLevel fits a Level in 64 bits for an atomic store: RMS and peak in
// hundredths of a dB below full scale (two 24-bit fields) and the clip flag.
func packLevel(l Level) uint64 {
	r := uint64(math.Round(-l.RMS * 100))
	p := uint64(math.Round(-l.Peak * 100))
	c := uint64(0)
	if l.Clipped {
		c = 1
	}
	return r&0xFFFFFF | (p&0xFFFFFF)<<24 | c<<48
}

func unpackLevel(v uint64) Level {
	if v == 0 {
		return Level{RMS: Floor, Peak: Floor}
	}
	return Level{RMS: -float64(v&0xFFFFFF) / 100, Peak: -float64(v>>24&0xFFFFFF) / 100, Clipped: v>>48&1 == 1}
}

// TakeFrames returns the number of frames written so far to the take in
// progress (or to the last take, once stopped).
func (in *Input) TakeFrames() int64 { return in.taken.Load() }

// Pause stops adding audio to the take until Resume.
func (in *Input) Pause() { in.ctrl <- control{kind: ctlPause, at: time.Now()} }

// Resume continues a paused take.
func (in *Input) Resume() { in.ctrl <- control{kind: ctlResume, at: time.Now()} }

// StopTake ends the take: the audio read up to this moment is written, the
// header completed and the file synced before it returns.
func (in *Input) StopTake() (TakeResult, error) {
	c := control{kind: ctlStop, at: time.Now(), reply: make(chan takeReply, 1)}
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
		freed := waitFor(in.readDone, time.Second)
		if !freed {
			// A read stuck on a vanished device: abort the stream to free it.
			_ = quietlyFor(time.Second, func() { in.stream.Abort() })
			freed = waitFor(in.readDone, time.Second)
		}
		in.ctrl <- control{kind: ctlQuit}
		<-in.writeDone // the writer never blocks on the device
		if !freed {
			in.closeErr = fmt.Errorf("input device %q did not stop; abandoned it", in.device)
			return
		}
		if err := quietlyFor(2*time.Second, func() {
			in.stream.Stop()
			in.closeErr = in.stream.Close()
		}); err != nil {
			in.closeErr = fmt.Errorf("input device %q did not close; abandoned it", in.device)
			return
		}
		release()
	})
	return in.closeErr
}

func waitFor(c <-chan struct{}, d time.Duration) bool {
	select {
	case <-c:
		return true
	case <-time.After(d):
		return false
	}
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
