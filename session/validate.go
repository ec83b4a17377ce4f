package session

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/text"
)

// The ranges a session file's numbers must be in. A session.json is read
// from disk, where an editor or another program may have put anything;
// faces and reports divide by these numbers, repeat stars by them and
// average them, so an impossible value is an error when the file is read.
const (
	MaxRating = 5 // ratings are 1 to MaxRating, 0 when not rated

	maxSeconds = 1e9     // any length or limit, in seconds (time.Duration overflows near 9.2e9)
	maxFrames  = 1 << 32 // a WAV cannot hold more 16-bit frames
	minDBFS    = audio.SilenceDBFS
	maxDBFS    = 10 // a level over full scale (0) is impossible; a little slack for rounding
)

// recordChecker collects the problems of a decoded record, each as
// "JSON.path: problem".
type recordChecker struct {
	first string // JSON path of the first problem
	probs []string
}

func (c *recordChecker) add(path, format string, args ...any) {
	if c.first == "" {
		c.first = path
	}
	c.probs = append(c.probs, path+": "+fmt.Sprintf(format, args...))
}

func (c *recordChecker) intRange(path string, v, lo, hi int64, what string) {
	if v < lo || v > hi {
		c.add(path, "%d is out of range; want %s", v, what)
	}
}

func (c *recordChecker) seconds(path string, v float64) {
	if math.IsNaN(v) || v < 0 || v > maxSeconds {
		c.add(path, "%s is out of range; want 0 to %.0f seconds", fmtFloat(v), float64(maxSeconds))
	}
}

func (c *recordChecker) rate(path string, v int) {
	if v != 0 && (v < audio.MinRate || v > audio.MaxRate) {
		c.add(path, "%d Hz is out of range; want %d to %d (or 0 when unknown)", v, audio.MinRate, audio.MaxRate)
	}
}

func (c *recordChecker) dbfs(path string, v float64) {
	if math.IsNaN(v) || v < minDBFS || v > maxDBFS {
		c.add(path, "%s dBFS is out of range; want %d to %d", fmtFloat(v), minDBFS, maxDBFS)
	}
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// check walks rec. JSON paths name fields by their JSON keys.
func (c *recordChecker) check(rec *Record) {
	c.intRange("plan.count", int64(rec.Plan.Count), 0, math.MaxInt32, "0 or more")
	for i, q := range rec.Plan.Questions {
		c.intRange(fmt.Sprintf("plan.questions[%d].position", i), int64(q.Position), 1, math.MaxInt32, "1 or more")
	}
	if rec.Device != nil {
		c.rate("device.sample_rate", rec.Device.SampleRate)
	}
	for i := range rec.Takes {
		t := &rec.Takes[i]
		p := fmt.Sprintf("takes[%d].", i)
		c.intRange(p+"position", int64(t.Position), 1, math.MaxInt32, "1 or more")
		c.intRange(p+"take", int64(t.Take), 1, math.MaxInt32, "1 or more")
		c.seconds(p+"limits.prep_s", t.Limits.PrepS)
		c.seconds(p+"limits.answer_s", t.Limits.AnswerS)
		c.seconds(p+"limits.warn_s", t.Limits.WarnS)
		c.seconds(p+"limits.overtime_s", t.Limits.OvertimeS)
		c.intRange(p+"frames", t.Frames, 0, maxFrames, fmt.Sprintf("0 to %d", int64(maxFrames)))
		c.rate(p+"sample_rate", t.SampleRate)
		c.seconds(p+"length_s", t.LengthS)
		c.intRange(p+"overflows", t.Overflows, 0, math.MaxInt64, "0 or more")
		c.intRange(p+"dropped_frames", t.DroppedFrames, 0, math.MaxInt64, "0 or more")
		c.seconds(p+"suspended_s", t.SuspendedS)
		c.seconds(p+"gap_s", t.GapS)
		c.intRange(p+"rating", int64(t.Rating), 0, MaxRating, fmt.Sprintf("1 to %d, or 0 when not rated", MaxRating))
		if a := t.Analysis; a != nil {
			c.analysis(p+"analysis.", a)
		}
	}
}

func (c *recordChecker) analysis(p string, a *audio.Analysis) {
	c.seconds(p+"length_s", a.LengthS)
	c.dbfs(p+"peak_dbfs", a.PeakDBFS)
	c.dbfs(p+"rms_dbfs", a.RMSDBFS)
	c.dbfs(p+"noise_floor_dbfs", a.NoiseFloorDBFS)
	c.intRange(p+"clipped_samples", a.ClippedSamples, 0, math.MaxInt64, "0 or more")
	if a.FirstWordS != nil {
		c.seconds(p+"first_word_s", *a.FirstWordS)
	}
	c.seconds(p+"speaking_s", a.SpeakingS)
	c.seconds(p+"longest_pause_s", a.LongestPauseS)
	c.intRange(p+"pauses_over_2s", int64(a.PausesOver2s), 0, math.MaxInt32, "0 or more")
	const maxPauses = 200
	if len(a.Pauses) > maxPauses {
		c.add(p+"pauses", "%d pauses; want at most %d", len(a.Pauses), maxPauses)
	}
	for i, s := range a.Pauses[:min(len(a.Pauses), maxPauses)] {
		sp := fmt.Sprintf("%spauses[%d]", p, i)
		c.seconds(sp+".start_s", s.StartS)
		c.seconds(sp+".end_s", s.EndS)
		if s.EndS < s.StartS {
			c.add(sp, "ends (%s s) before it starts (%s s)", fmtFloat(s.EndS), fmtFloat(s.StartS))
		}
	}
	if len(a.Waveform) > audio.WaveformBuckets {
		c.add(p+"waveform", "%d buckets; want at most %d", len(a.Waveform), audio.WaveformBuckets)
	}
	for i, v := range a.Waveform[:min(len(a.Waveform), audio.WaveformBuckets)] {
		if math.IsNaN(float64(v)) || v < 0 || v > 1 {
			c.add(fmt.Sprintf("%swaveform[%d]", p, i), "%s is out of range; want 0 to 1", fmtFloat(float64(v)))
		}
	}
}

// checkRecord reports the first problem with rec's numbers as a
// *RecordError naming the file and the JSON path, or returns nil.
func checkRecord(path string, rec *Record) error {
	var c recordChecker
	c.check(rec)
	if len(c.probs) == 0 {
		return nil
	}
	msg := c.probs[0]
	if n := len(c.probs) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more %s)", n, text.Plural(n, "problem"))
	}
	return &RecordError{Path: path, Field: c.first, Err: errors.New(msg)}
}
