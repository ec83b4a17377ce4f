package audio

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/mockround/mockround/internal/safefs"
)

// Analysis holds the figures of one take.
//
// Definitions. The take is cut into 10 ms frames. A frame's level is its RMS
// in dBFS around the straight line that best fits its samples: that takes out
// DC offset and most rumble under about 50 Hz, and keeps voices. The
// detector's floor is the lowest 50 ms mean level within 5 s around the frame
// (3 s behind, 2 s ahead), so it follows the room even while someone speaks.
// A frame is loud when its level is more than 12 dB over that floor and over
// -55 dBFS; quiet when it is at most 6 dB over the floor or at most -60 dBFS;
// in between, the state holds (hysteresis). Where the noise wanders (rumble,
// traffic), those margins widen to follow it: the levels of the quiet
// frames between speech, over the last few seconds, give how far the noise
// reaches over the floor (their mean rise and three standard deviations,
// at most 12 dB), and a frame is then loud only 7.5 dB over that reach and
// quiet up to 1.5 dB over it. Steady hiss keeps the fixed margins.
// Speech starts at the first loud frame, moved back over the not quiet
// frames just before it (at most 100 ms), and ends after its last not quiet frame once 300 ms of quiet have
// followed: shorter gaps, as between words, are part of the speech. Speech
// shorter than 50 ms (a click) is ignored. Time to first word is when the
// first speech starts; speaking time is the length of all speech; a pause is
// the silence between two stretches of speech. The noise floor is the RMS
// level of the quiet frames (of the quietest frame when none is quiet).
// A level that steps up, as when a fan starts, can pass for speech for up to
// 3 s, until the floor has caught up.
type Analysis struct {
	Version        int       `json:"version"` // bump when the algorithm changes
	LengthS        float64   `json:"length_s"`
	PeakDBFS       float64   `json:"peak_dbfs"`       // -inf encoded as -120 (JSON has no -inf)
	RMSDBFS        float64   `json:"rms_dbfs"`        // same floor
	ClippedSamples int64     `json:"clipped_samples"` // |sample| >= 32767 (and -32768)
	NoiseFloorDBFS float64   `json:"noise_floor_dbfs"`
	FirstWordS     *float64  `json:"first_word_s"`    // nil when no speech found
	SpeakingS      float64   `json:"speaking_s"`      // total length of speech
	LongestPauseS  float64   `json:"longest_pause_s"` // longest silence between the first and last speech
	PausesOver2s   int       `json:"pauses_over_2s"`
	Pauses         []Span    `json:"pauses"`   // silences between speech >= 0.5 s (for shading), at most 200, the longest
	Waveform       []float32 `json:"waveform"` // peak amplitude 0..1 per bucket, WaveformBuckets buckets (one per 10 ms for shorter takes)
}

// Span is a stretch of a take, in seconds from its start.
type Span struct {
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
}

// WaveformBuckets is the number of buckets in Analysis.Waveform.
const WaveformBuckets = 400

// AnalysisVersion is Analysis.Version as computed by this code.
const AnalysisVersion = 2

// SilenceDBFS stands for minus infinity in levels: the level of digital silence.
const SilenceDBFS = -120

const (
	framesPerSecond = 100  // 10 ms frames
	smoothFrames    = 5    // the floor follows 50 ms means, steadier than single frames
	floorAhead      = 200  // frames the floor looks ahead (2 s): finds the floor when a take starts with speech
	floorWindow     = 500  // frames in the floor's window (5 s), floorAhead of them ahead
	onDB            = 12   // loud: this far over the floor
	offDB           = 6    // quiet: at most this far over the floor
	absOnDBFS       = -55  // and loud only over this level (digital silence has no floor to speak of)
	absOffDBFS      = -60  // and always quiet at or under this level
	hangFrames      = 30   // quiet frames (300 ms) that end speech: shorter gaps are gaps between words
	minSpeechFrames = 5    // shorter speech (50 ms) is a click
	backFrames      = 10   // how far (100 ms) a start moves back over not quiet frames
	offOverNoise    = 1.5  // quiet: at most this far over the noise's reach (noiseSpread.over)
	onOverNoise     = 7.5  // loud: this far over it
	noiseFrames     = 300  // the noise's spread is weighed over about this many quiet frames (3 s)
	minNoiseFrames  = 50   // and not before this many (0.5 s)
	maxNoiseOver    = 12   // dB: the most the noise's reach moves the gate up
	noiseFrom       = -80  // dBFS: a floor under this is near digital silence, whose spread means nothing
	shadePause      = 0.5  // seconds: pauses listed in Analysis.Pauses
	maxPauses       = 200  // pauses listed at most
	longPause       = 2.0  // seconds: pauses counted in PausesOver2s
	waveStore       = 2048 // waveform buckets kept while analysing: over 5 per output bucket

	ringSize = 256 // >= floorAhead + backFrames + 1
	dqSize   = 512 // >= floorWindow
)

// Analyzer computes an Analysis from samples as they are recorded or read,
// in one pass and constant memory. Use NewAnalyzer to make one. It is not
// safe for concurrent use: call Write and Result from one goroutine.
type Analyzer struct {
	rate     int
	frameLen int   // samples in a 10 ms frame
	samples  int64 // samples written

	// The frame being filled.
	fLin  int64  // sum of the samples
	fRamp int64  // sum of the samples times their place in the frame
	fSum  uint64 // sum of their squares
	fPeak int32
	fN    int

	sumSq   uint64
	peak    int32
	clipped int64

	// Frames are decided floorAhead frames after they arrive, when the
	// floor around them is known.
	frames  int64                 // complete frames pushed
	level   [ringSize]float32     // frame levels, dBFS, by frame number mod ringSize
	meanSq  [ringSize]float32     // the same as mean squares, full scale 1
	power   [smoothFrames]float64 // the last frames' mean squares
	dq      [dqSize]dqEntry       // monotonic queue: the floor's window minimum
	dqHead  int
	dqTail  int
	decided int64 // next frame to decide

	inSpeech    bool
	segStart    int64 // frame where the current speech started
	lastLoud    int64 // its last frame that was not quiet
	spoke       bool  // some speech accepted
	firstStart  int64 // frame
	prevEnd     int64 // end frame (exclusive) of the last speech accepted
	speakFrames int64
	longest     int64 // frames
	over2s      int
	pauses      []pauseSpan
	quietSum    float64 // sum of the quiet frames' mean squares (full scale 1)
	quietN      int64
	noise       noiseSpread // how the quiet frames rise and fall over the floor
	lowest      float64     // the lowest frame level, dBFS (<= 0)

	wave     []float32 // peak per stored bucket
	waveSize int64     // frames per stored bucket, a power of two
	waveFill int64     // frames in the last stored bucket
}

type dqEntry struct {
	frame int64
	db    float32
}

type pauseSpan struct{ start, end int64 } // frames

// NewAnalyzer returns an Analyzer for mono audio at rate. totalFrames, the
// length of the take in samples when known (0 if not), only sizes buffers:
// the result is the same either way, so a take analysed while it is recorded
// and again from its file gets the same figures.
func NewAnalyzer(rate int, totalFrames int64) *Analyzer {
	rate = max(rate, 1)
	a := &Analyzer{rate: rate, frameLen: max(rate/framesPerSecond, 1), waveSize: 1}
	capacity := waveStore
	if totalFrames > 0 {
		capacity = int(min(waveStore, totalFrames/int64(a.frameLen)+1))
	}
	a.wave = make([]float32, 0, capacity)
	return a
}

// Write analyses the next samples of the take.
func (a *Analyzer) Write(samples []int16) {
	for len(samples) > 0 {
		n := min(a.frameLen-a.fN, len(samples))
		a.add(sumsOf(samples[:n]))
		samples = samples[n:]
	}
}

// writeLE analyses the next samples as 16-bit little-endian PCM bytes (an
// even number of them), sparing AnalyzeFile a pass to decode them.
func (a *Analyzer) writeLE(pcm []byte) {
	for len(pcm) > 1 {
		n := min(a.frameLen-a.fN, len(pcm)/2)
		a.add(sumsOfLE(pcm[:2*n]))
		pcm = pcm[2*n:]
	}
}

// chunkSums are the sums over a run of samples that the figures come from.
type chunkSums struct {
	n        int
	lin, cum int64 // sum of the samples, and of their running sums
	sumSq    uint64
	hi, lo   int32
	clipped  int64
}

// sumsOf is the hot loop: everything is added up in integers, so how the
// samples are cut into writes never changes a figure.
func sumsOf(s []int16) chunkSums {
	var lin, cum int64
	var sumSq uint64
	var hi, lo int32
	for _, x := range s {
		v := int32(x)
		lin += int64(v)
		cum += lin
		sumSq += uint64(v * v)
		hi = max(hi, v)
		lo = min(lo, v)
	}
	var clipped int64
	if hi >= math.MaxInt16 || lo <= -math.MaxInt16 {
		for _, x := range s {
			if x == math.MaxInt16 || x <= -math.MaxInt16 {
				clipped++
			}
		}
	}
	return chunkSums{len(s), lin, cum, sumSq, hi, lo, clipped}
}

// sumsOfLE is sumsOf for 16-bit little-endian PCM bytes.
func sumsOfLE(b []byte) chunkSums {
	var lin, cum int64
	var sumSq uint64
	var hi, lo int32
	for i := 0; i+1 < len(b); i += 2 {
		v := int32(int16(binary.LittleEndian.Uint16(b[i:])))
		lin += int64(v)
		cum += lin
		sumSq += uint64(v * v)
		hi = max(hi, v)
		lo = min(lo, v)
	}
	var clipped int64
	if hi >= math.MaxInt16 || lo <= -math.MaxInt16 {
		for i := 0; i+1 < len(b); i += 2 {
			if x := int16(binary.LittleEndian.Uint16(b[i:])); x == math.MaxInt16 || x <= -math.MaxInt16 {
				clipped++
			}
		}
	}
	return chunkSums{len(b) / 2, lin, cum, sumSq, hi, lo, clipped}
}

// add adds a chunk's sums to the frame being filled, which they do not overrun.
func (a *Analyzer) add(c chunkSums) {
	// Σ i·v over the chunk is n·lin - cum; the chunk starts at fN.
	a.fRamp += int64(a.fN+c.n)*c.lin - c.cum
	a.fLin += c.lin
	a.fSum += c.sumSq
	a.fPeak = max(a.fPeak, c.hi, -c.lo)
	a.clipped += c.clipped
	a.fN += c.n
	a.samples += int64(c.n)
	if a.fN == a.frameLen {
		a.endFrame()
	}
}

// Result returns the figures of everything written so far. It does not
// change the Analyzer: writing may go on after it.
func (a *Analyzer) Result() Analysis {
	c := *a
	c.pauses = slices.Clone(a.pauses)
	c.wave = slices.Clone(a.wave)
	if c.fN > 0 {
		c.endFrame()
	}
	for c.decided < c.frames {
		c.decide(c.decided)
	}
	if c.inSpeech {
		c.endSpeech(c.lastLoud + 1)
	}
	return c.result()
}

// endFrame pushes the frame being filled through the detector.
func (a *Analyzer) endFrame() {
	ms := detrendedMeanSquare(a.fN, a.fLin, a.fRamp, a.fSum)
	a.sumSq += a.fSum
	a.peak = max(a.peak, a.fPeak)
	a.addWave(a.fPeak)
	a.fLin, a.fRamp, a.fSum, a.fPeak, a.fN = 0, 0, 0, 0, 0

	f := a.frames
	a.frames++
	a.level[f%ringSize] = float32(meanSquareDB(ms))
	a.meanSq[f%ringSize] = float32(ms / (32768 * 32768))
	a.power[f%smoothFrames] = ms
	var smooth float64
	k := min(f+1, smoothFrames)
	for _, p := range a.power[:k] {
		smooth += p
	}
	db := float32(meanSquareDB(smooth / float64(k)))
	for a.dqTail > a.dqHead && a.dq[(a.dqTail-1)%dqSize].db >= db {
		a.dqTail--
	}
	a.dq[a.dqTail%dqSize] = dqEntry{f, db}
	a.dqTail++
	if t := f - floorAhead; t >= 0 {
		a.decide(t)
	}
}

// decide classifies frame t, all frames before it being decided.
func (a *Analyzer) decide(t int64) {
	// The floor's window is [t+floorAhead-floorWindow+1, t+floorAhead], cut
	// to the frames present.
	for a.dq[a.dqHead%dqSize].frame <= t+floorAhead-floorWindow {
		a.dqHead++
	}
	floor := a.dq[a.dqHead%dqSize].db
	onRise, offRise := float32(onDB), float32(offDB)
	if over := float32(a.noise.over()); over > 0 {
		onRise, offRise = max(onRise, over+onOverNoise), max(offRise, over+offOverNoise)
	}
	on, off := max(floor+onRise, absOnDBFS), max(floor+offRise, absOffDBFS)
	l := a.level[t%ringSize]
	a.decided = t + 1
	a.lowest = min(a.lowest, float64(l))
	if l <= off {
		a.quietSum += float64(a.meanSq[t%ringSize])
		a.quietN++
	}
	if l <= off && !a.inSpeech && floor > noiseFrom {
		a.noise.add(float64(l - floor))
	}
	switch {
	case !a.inSpeech && l > on:
		start := t
		for k := t - 1; k >= max(t-backFrames, a.prevEnd, 0) && a.level[k%ringSize] > off; k-- {
			start = k
		}
		a.inSpeech, a.segStart, a.lastLoud = true, start, t
	case a.inSpeech && l > off:
		a.lastLoud = t
	case a.inSpeech && t-a.lastLoud >= hangFrames:
		a.endSpeech(a.lastLoud + 1)
	}
}

// noiseSpread follows how far the quiet frames' levels rise over the
// floor: an exponentially weighted mean and variance of that rise, over
// the last few seconds of quiet. Steady hiss hardly moves from the floor;
// rumble, traffic and a room's murmur wander several dB over it, and a
// gate a fixed distance over the floor would take their peaks for speech
// and never let a pause begin.
type noiseSpread struct {
	n              int64
	mean, variance float64
}

// add takes the rise of one quiet frame over the floor, in dB.
func (s *noiseSpread) add(d float64) {
	s.n++
	w := 1 / float64(min(s.n, noiseFrames))
	delta := d - s.mean
	s.mean += w * delta
	s.variance = (1 - w) * (s.variance + w*delta*delta)
}

// over is how far over the floor the noise reaches: its mean rise and
// three standard deviations, at most maxNoiseOver; 0 until minNoiseFrames
// quiet frames have been weighed.
func (s *noiseSpread) over() float64 {
	if s.n < minNoiseFrames {
		return 0
	}
	return min(s.mean+3*math.Sqrt(s.variance), maxNoiseOver)
}

// endSpeech closes the current speech at frame end (exclusive).
func (a *Analyzer) endSpeech(end int64) {
	a.inSpeech = false
	start := a.segStart
	if end-start < minSpeechFrames {
		return
	}
	if !a.spoke {
		a.spoke, a.firstStart = true, start
	} else {
		gap := start - a.prevEnd
		a.longest = max(a.longest, gap)
		if a.seconds(gap) > longPause {
			a.over2s++
		}
		if a.seconds(gap) >= shadePause {
			a.addPause(pauseSpan{a.prevEnd, start})
		}
	}
	a.speakFrames += end - start
	a.prevEnd = end
}

// addPause keeps the maxPauses longest pauses.
func (a *Analyzer) addPause(p pauseSpan) {
	if len(a.pauses) < maxPauses {
		a.pauses = append(a.pauses, p)
		return
	}
	shortest := 0
	for i, q := range a.pauses {
		if q.end-q.start < a.pauses[shortest].end-a.pauses[shortest].start {
			shortest = i
		}
	}
	if q := a.pauses[shortest]; p.end-p.start > q.end-q.start {
		copy(a.pauses[shortest:], a.pauses[shortest+1:])
		a.pauses[len(a.pauses)-1] = p
	}
}

// addWave adds a frame's peak to the stored waveform, halving its resolution
// when it is full.
func (a *Analyzer) addWave(peak int32) {
	v := float32(peak) / 32768
	if a.waveFill == 0 {
		if len(a.wave) == waveStore {
			for i := range waveStore / 2 {
				a.wave[i] = max(a.wave[2*i], a.wave[2*i+1])
			}
			a.wave = a.wave[:waveStore/2]
			a.waveSize *= 2
		}
		a.wave = append(a.wave, v)
	} else {
		a.wave[len(a.wave)-1] = max(a.wave[len(a.wave)-1], v)
	}
	a.waveFill++
	if a.waveFill == a.waveSize {
		a.waveFill = 0
	}
}

// seconds converts a number of frames into seconds.
func (a *Analyzer) seconds(frames int64) float64 {
	return float64(frames*int64(a.frameLen)) / float64(a.rate)
}

// at converts a frame number into seconds from the start, no later than the end.
func (a *Analyzer) at(frame int64) float64 {
	return float64(min(frame*int64(a.frameLen), a.samples)) / float64(a.rate)
}

func (a *Analyzer) result() Analysis {
	r := Analysis{
		Version:        AnalysisVersion,
		LengthS:        roundTo(float64(a.samples)/float64(a.rate), 1e3),
		PeakDBFS:       roundTo(amplitudeDB(float64(a.peak)/32768), 100),
		ClippedSamples: a.clipped,
		NoiseFloorDBFS: SilenceDBFS,
		Pauses:         []Span{},
		Waveform:       a.waveform(),
	}
	if a.samples > 0 {
		r.RMSDBFS = roundTo(meanSquareDB(float64(a.sumSq)/float64(a.samples)), 100)
	} else {
		r.RMSDBFS = SilenceDBFS
	}
	switch {
	case a.quietN > 0:
		r.NoiseFloorDBFS = roundTo(max(10*math.Log10(a.quietSum/float64(a.quietN)), SilenceDBFS), 100)
	case a.frames > 0:
		r.NoiseFloorDBFS = roundTo(a.lowest, 100) // never quiet: the best guess
	}
	if a.spoke {
		first := roundTo(a.at(a.firstStart), 1e3)
		r.FirstWordS = &first
		// Speech ends are frame boundaries but for the last one, which
		// may be cut by the end of the take.
		speak := a.seconds(a.speakFrames)
		if a.prevEnd*int64(a.frameLen) > a.samples {
			speak -= float64(a.prevEnd*int64(a.frameLen)-a.samples) / float64(a.rate)
		}
		r.SpeakingS = roundTo(speak, 1e3)
		r.LongestPauseS = roundTo(a.seconds(a.longest), 1e3)
		r.PausesOver2s = a.over2s
	}
	slices.SortFunc(a.pauses, func(p, q pauseSpan) int { return cmp.Compare(p.start, q.start) })
	for _, p := range a.pauses {
		r.Pauses = append(r.Pauses, Span{roundTo(a.at(p.start), 1e3), roundTo(a.at(p.end), 1e3)})
	}
	return r
}

// waveform spreads the stored buckets over WaveformBuckets output buckets
// (one per frame for takes of fewer frames), each stored bucket going to the
// output bucket that holds its middle.
func (a *Analyzer) waveform() []float32 {
	frames := a.frames
	n := int(min(frames, WaveformBuckets))
	out := make([]float32, n)
	for i, v := range a.wave {
		mid := int64(i)*a.waveSize + a.waveSize/2
		j := min(int(mid*int64(n)/frames), n-1)
		out[j] = max(out[j], v)
	}
	for i, v := range out {
		out[i] = float32(roundTo(float64(v), 1e4))
	}
	return out
}

// AnalyzeFile analyses the WAV at path, reading it in 64 KiB pieces. The
// length of the audio is what the file holds, whatever its header says.
// Only 16-bit PCM mono is supported; other formats give an error wrapping
// ErrNotWAV.
func AnalyzeFile(path string) (Analysis, error) {
	f, err := safefs.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return Analysis{}, fmt.Errorf("analyse: %w", err)
	}
	defer f.Close()
	info, err := measure(f, path)
	if err != nil {
		return Analysis{}, fmt.Errorf("analyse: %w", err)
	}
	if info.Format != 1 || info.Channels != 1 || info.BitsPerSample != 16 {
		return Analysis{}, fmt.Errorf("analyse %s: %w: only 16-bit PCM mono is supported (format %d, %d channels, %d bits)",
			path, ErrNotWAV, info.Format, info.Channels, info.BitsPerSample)
	}
	a := NewAnalyzer(info.Rate, info.Frames())
	buf := make([]byte, 64<<10)
	r := io.NewSectionReader(f, info.DataOffset, info.DataBytes)
	for left := info.DataBytes; left > 0; {
		n := int(min(left, int64(len(buf))))
		if _, err := io.ReadFull(r, buf[:n]); err != nil {
			return Analysis{}, fmt.Errorf("analyse %s: %w", path, err)
		}
		a.writeLE(buf[:n])
		left -= int64(n)
	}
	return a.Result(), nil
}

// detrendedMeanSquare is the mean square of n samples around the straight
// line that best fits them, from their sum, their sum weighted by place
// (0..n-1) and their sum of squares. Taking the line out takes out DC offset
// and rumble, whose periods are long beside a 10 ms frame, and leaves voices.
func detrendedMeanSquare(n int, sum, ramp int64, sumSq uint64) float64 {
	if n < 3 {
		return float64(sumSq) / float64(n) // too short to fit a line
	}
	// Least squares over x = 0..n-1: Sxx = n(n²-1)/12.
	N := float64(n)
	mean := float64(sum) / N
	xm := (N - 1) / 2
	sxy := float64(ramp) - xm*float64(sum)
	sxx := N * (N*N - 1) / 12
	rss := float64(sumSq) - mean*float64(sum) - sxy*sxy/sxx
	return max(rss, 0) / N
}

// meanSquareDB converts a mean square of 16-bit samples into dBFS (RMS, so a
// full-scale sine is -3 dBFS), no lower than SilenceDBFS.
func meanSquareDB(ms float64) float64 {
	if ms <= 0 {
		return SilenceDBFS
	}
	return max(10*math.Log10(ms/(32768*32768)), SilenceDBFS)
}

// amplitudeDB converts an amplitude (1 = full scale) into dB, no lower than SilenceDBFS.
func amplitudeDB(v float64) float64 {
	if v <= 0 {
		return SilenceDBFS
	}
	return max(20*math.Log10(v), SilenceDBFS)
}

// roundTo rounds v to 1/scale, keeping the JSON short and free of "-0".
func roundTo(v, scale float64) float64 {
	r := math.Round(v*scale) / scale
	if r == 0 {
		return 0
	}
	return r
}
