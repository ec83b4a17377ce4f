package ui

import (
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
)

// TestAlarmBounds: the ends of each warning, exactly: 5 s of RMS below
// -60 dBFS while answering is silence; a peak of -0.1 dBFS or a clipped
// sample is clipping, shown for less than 2 s.
func TestAlarmBounds(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	quiet := audio.Level{RMS: -60.01, Peak: -50}
	for _, tc := range []struct {
		name      string
		readings  []audio.Level // one a second from t0, the last at a time of its own
		lastAt    time.Duration
		answering bool
		silent    bool
		clipping  bool
	}{
		{"silent 5 s", []audio.Level{quiet, quiet}, 5 * time.Second, true, true, false},
		{"silent just under 5 s", []audio.Level{quiet, quiet}, 5*time.Second - time.Millisecond, true, false, false},
		{"-60 dBFS is sound", []audio.Level{{RMS: -60, Peak: -50}, {RMS: -60, Peak: -50}}, 6 * time.Second, true, false, false},
		{"silence not answering", []audio.Level{quiet, quiet}, 6 * time.Second, false, false, false},
		{"peak -0.1 clips", []audio.Level{{RMS: -20, Peak: -0.1}}, 0, true, false, true},
		{"peak -0.11 does not", []audio.Level{{RMS: -20, Peak: -0.11}}, 0, true, false, false},
		{"clipped sample", []audio.Level{{RMS: -20, Peak: -3, Clipped: true}}, 0, true, false, true},
		{"clipping shown under 2 s", []audio.Level{{RMS: -20, Peak: 0}, {RMS: -20, Peak: -6}}, 2*time.Second - time.Millisecond, true, false, true},
		{"clipping over at 2 s", []audio.Level{{RMS: -20, Peak: 0}, {RMS: -20, Peak: -6}}, 2 * time.Second, true, false, false},
	} {
		var a Alarm
		for i, l := range tc.readings {
			at := t0.Add(time.Duration(i) * time.Second)
			if i == len(tc.readings)-1 && i > 0 {
				at = t0.Add(tc.lastAt)
			}
			a.Add(at, l, tc.answering)
		}
		if a.Silent() != tc.silent || a.Clipping() != tc.clipping {
			t.Errorf("%s: silent %v, clipping %v; want %v, %v", tc.name, a.Silent(), a.Clipping(), tc.silent, tc.clipping)
		}
	}
}
