package playback

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/speaker"
	"github.com/gopxl/beep/v2/wav"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/audio/internal/quiet"
	"github.com/mockround/mockround/internal/safefs"
)

// ErrNoOutput reports that no output device plays the audio.
var ErrNoOutput = errors.New("no working audio output device")

const (
	speakerBuffer = 100 * time.Millisecond
	initTimeout   = 4 * time.Second
	// stallAfterPlay is how long the speaker may take no audio before the
	// output is declared dead. beep's speaker initialises without error
	// where there is no device and then never pulls a sample.
	stallAfterPlay = 2500 * time.Millisecond
)

var (
	speakerMu   sync.Mutex
	speakerRate beep.SampleRate
	speakerErr  error
)

// initSpeaker starts beep's speaker once per process, at rate. Later calls
// return the first result; their audio is resampled to the speaker's rate.
func initSpeaker(rate beep.SampleRate) (beep.SampleRate, error) {
	speakerMu.Lock()
	defer speakerMu.Unlock()
	if speakerRate != 0 || speakerErr != nil {
		return speakerRate, speakerErr
	}
	done := make(chan error, 1)
	err := quiet.RunFor(initTimeout, func() {
		done <- speaker.Init(rate, rate.N(speakerBuffer))
	})
	switch {
	case err != nil:
		speakerErr = fmt.Errorf("%w: the sound system did not answer within %s", ErrNoOutput, initTimeout)
	default:
		if err := <-done; err != nil {
			speakerErr = fmt.Errorf("%w: %v", ErrNoOutput, err)
		} else {
			speakerRate = rate
		}
	}
	return speakerRate, speakerErr
}

// Playback is one WAV playing through the speaker.
type Playback struct {
	Path   string
	info   audio.Info
	dec    beep.StreamSeekCloser
	rate   beep.SampleRate // the file's
	ctrl   *beep.Ctrl
	speed  *beep.Resampler
	ended  chan struct{}
	stall  chan error
	stop   chan struct{}
	closed bool
}

// Play checks the WAV at path, repairs a header whose sizes lie (beep's
// decoder plays nothing for sizes 0 or 0xFFFFFFFF and hangs on sizes past
// the end of the file), and starts playing it at speed (1 = normal).
// repaired reports whether the header had to be fixed.
func Play(path string, speed float64) (p *Playback, repaired bool, err error) {
	repaired, info, err := audio.Repair(path)
	if err != nil {
		return nil, false, fmt.Errorf("play %s: %w", path, err)
	}
	if info.Format != 1 || info.BitsPerSample != 16 {
		return nil, repaired, fmt.Errorf("play %s: %w: only 16-bit PCM is supported", path, audio.ErrNotWAV)
	}
	f, err := safefs.OpenFile(path, os.O_RDONLY, 0) // a regular file, not a link
	if err != nil {
		return nil, repaired, fmt.Errorf("play %s: %w", path, err)
	}
	dec, format, err := wav.Decode(f)
	if err != nil {
		return nil, repaired, fmt.Errorf("play %s: %w", path, err)
	}
	out, err := initSpeaker(format.SampleRate)
	if err != nil {
		dec.Close()
		return nil, repaired, err
	}
	p = &Playback{Path: path, info: info, dec: dec, rate: format.SampleRate,
		ended: make(chan struct{}), stall: make(chan error, 1), stop: make(chan struct{})}
	p.ctrl = &beep.Ctrl{Streamer: dec}
	p.speed = beep.ResampleRatio(4, speed, p.ctrl)
	var s beep.Streamer = p.speed
	if out != format.SampleRate {
		s = beep.Resample(4, format.SampleRate, out, s)
	}
	speaker.Play(beep.Seq(s, beep.Callback(func() { close(p.ended) })))
	go p.watch()
	return p, repaired, nil
}

// watch reports on Failed when the speaker stops taking audio while
// playback is neither paused nor finished.
func (p *Playback) watch() {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last, since := p.Position(), time.Now()
	for {
		select {
		case <-p.ended:
			return
		case <-p.stop:
			return
		case now := <-tick.C:
			pos := p.Position()
			if pos != last || p.Paused() {
				last, since = pos, now
				continue
			}
			if now.Sub(since) > stallAfterPlay {
				p.stall <- fmt.Errorf("%w: playback has not moved for %s; check that speakers or headphones are connected "+
					"and that the sound system (PulseAudio, PipeWire) runs, then see: mockround devices",
					ErrNoOutput, stallAfterPlay.Round(100*time.Millisecond))
				return
			}
		}
	}
}

// Failed delivers an error if the output stalls: beep's speaker takes no
// audio where there is no working device, and playback must not hang.
func (p *Playback) Failed() <-chan error { return p.stall }

// Length returns the length of the recording.
func (p *Playback) Length() time.Duration { return p.info.Duration() }

// Position returns how far playback has got in the recording.
func (p *Playback) Position() time.Duration {
	speaker.Lock()
	defer speaker.Unlock()
	return p.rate.D(p.dec.Position())
}

// Paused reports whether playback is paused.
func (p *Playback) Paused() bool {
	speaker.Lock()
	defer speaker.Unlock()
	return p.ctrl.Paused
}

// TogglePause pauses or resumes and returns whether it is now paused.
func (p *Playback) TogglePause() bool {
	speaker.Lock()
	defer speaker.Unlock()
	p.ctrl.Paused = !p.ctrl.Paused
	return p.ctrl.Paused
}

// Seek moves by d (negative: back), staying within the recording.
func (p *Playback) Seek(d time.Duration) {
	speaker.Lock()
	defer speaker.Unlock()
	pos := p.dec.Position() + p.rate.N(d)
	pos = max(0, min(pos, p.dec.Len()))
	_ = p.dec.Seek(pos)
}

// SetSpeed sets the playback speed (1 = normal; faster raises the pitch).
func (p *Playback) SetSpeed(ratio float64) {
	speaker.Lock()
	defer speaker.Unlock()
	p.speed.SetRatio(ratio)
}

// Speed returns the playback speed.
func (p *Playback) Speed() float64 {
	speaker.Lock()
	defer speaker.Unlock()
	return p.speed.Ratio()
}

// Ended is closed when the recording has been played to its end.
func (p *Playback) Ended() <-chan struct{} { return p.ended }

// Stop ends playback at once and frees the file.
func (p *Playback) Stop() {
	speaker.Lock()
	if !p.closed {
		p.closed = true
		p.ctrl.Streamer = nil // the Ctrl now reports its end to the speaker
		p.dec.Close()
		close(p.stop)
	}
	speaker.Unlock()
}

// Wait blocks until playback ends, ctx is done, or the output stalls
// (ErrNoOutput).
func (p *Playback) Wait(ctx context.Context) error {
	select {
	case <-p.ended:
		// What is still in the speaker's buffers plays out.
		time.Sleep(speakerBuffer)
		return nil
	case err := <-p.stall:
		p.Stop()
		return err
	case <-ctx.Done():
		p.Stop()
		return ctx.Err()
	}
}
