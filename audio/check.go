package audio

import (
	"fmt"
	"math"
)

// Verdict is the outcome of a microphone check.
type Verdict string

// The verdicts of a microphone check, from worst to best.
const (
	VerdictSilent   Verdict = "silent"
	VerdictQuiet    Verdict = "quiet"
	VerdictClipping Verdict = "clipping"
	VerdictGood     Verdict = "good"
)

// Thresholds of the verdicts, in dBFS.
const (
	silentPeak   = -60.0 // below: nothing reached the input
	clipPeak     = -0.1  // at or above (or any sample at full scale): clipping
	quietPeak    = -25.0 // below: too quiet
	quietLoudRMS = -40.0 // speech RMS below: too quiet
)

// CheckLevels are the figures a verdict is drawn from, in dBFS.
type CheckLevels struct {
	Peak, RMS float64
	SpeechRMS float64 // RMS of the speech alone (the loud parts)
	Clipped   int64   // samples at full scale
}

// LevelsOf takes a check's figures from a take's analysis. The RMS of the
// speech is what is left of the take's power once the quiet parts, at the
// noise floor, are taken out, spread over the speaking time.
func LevelsOf(a Analysis) CheckLevels {
	l := CheckLevels{Peak: a.PeakDBFS, RMS: a.RMSDBFS, SpeechRMS: a.RMSDBFS, Clipped: a.ClippedSamples}
	if a.SpeakingS > 0 && a.LengthS > a.SpeakingS {
		power := math.Pow(10, a.RMSDBFS/10) * a.LengthS
		noise := math.Pow(10, a.NoiseFloorDBFS/10) * (a.LengthS - a.SpeakingS)
		if speech := power - noise; speech > 0 {
			l.SpeechRMS = 10 * math.Log10(speech/a.SpeakingS)
		}
	}
	return l
}

// Judge gives the verdict on a check's levels.
func (l CheckLevels) Judge() Verdict {
	switch {
	case l.Peak < silentPeak:
		return VerdictSilent
	case l.Clipped > 0 || l.Peak >= clipPeak:
		return VerdictClipping
	case l.Peak < quietPeak || l.SpeechRMS < quietLoudRMS:
		return VerdictQuiet
	}
	return VerdictGood
}

// Line is the check's one-line report, e.g.
// "check: good · peak -6.2 dBFS · RMS -24.0 dBFS".
func (l CheckLevels) Line() string {
	return fmt.Sprintf("check: %s · peak %s dBFS · RMS %s dBFS", l.Judge(), dbText(l.Peak), dbText(l.RMS))
}

// Advice says what to do about a verdict, in a sentence or two.
func (v Verdict) Advice() string {
	switch v {
	case VerdictSilent:
		return "Nothing reached the input: is the microphone muted, switched off, or not the default? " +
			"See the devices with: mockround devices (macOS: allow this terminal in System Settings › Privacy & Security › Microphone)."
	case VerdictQuiet:
		return "Too quiet: move closer to the microphone or raise its input gain, then check again."
	case VerdictClipping:
		return "Too loud, the take clips: move back from the microphone or lower its input gain, then check again."
	}
	return "The level suits recording."
}

func dbText(v float64) string {
	if v <= SilenceDBFS {
		return "-inf"
	}
	return fmt.Sprintf("%.1f", v)
}
