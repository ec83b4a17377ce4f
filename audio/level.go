package audio

import "math"

// Level is the loudness of a moment of input, in dBFS (0 is full scale).
type Level struct {
	RMS, Peak float64
	Clipped   bool // a sample reached full scale
}

// SilentLevel is the level of no audio at all.
var SilentLevel = Level{RMS: SilenceDBFS, Peak: SilenceDBFS}

// AmplitudeDBFS converts a sample magnitude (32768 is full scale) into
// dBFS, no lower than SilenceDBFS.
func AmplitudeDBFS(amplitude float64) float64 {
	if amplitude <= 0 {
		return SilenceDBFS
	}
	return max(20*math.Log10(amplitude/32768), SilenceDBFS)
}

// Speeds are the playback speeds offered: faster playback raises the pitch.
var Speeds = []float64{1, 1.25, 1.5}
