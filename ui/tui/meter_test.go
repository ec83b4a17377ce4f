package tui

import (
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
)

// TestMeterPeakHold: the peak mark holds the highest peak for 1.5 s after
// it (a peak as high renews it), then follows the level.
func TestMeterPeakHold(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	lvl := func(peak float64) audio.Level { return audio.Level{RMS: -40, Peak: peak} }
	for _, tc := range []struct {
		name  string
		at    []int
		peaks []float64
		want  float64
	}{
		{"held", []int{0, 1000}, []float64{-6, -30}, -6},
		{"held to 1.5 s exactly", []int{0, 1500}, []float64{-6, -30}, -6},
		{"let go after 1.5 s", []int{0, 1501}, []float64{-6, -30}, -30},
		{"a higher peak at once", []int{0, 100}, []float64{-6, -3}, -3},
		{"as high renews it", []int{0, 1000, 2000}, []float64{-6, -6, -30}, -6},
	} {
		var m meter
		for i, at := range tc.at {
			m.add(ms(at), lvl(tc.peaks[i]), true)
		}
		if m.hold != tc.want {
			t.Errorf("%s: hold %g, want %g", tc.name, m.hold, tc.want)
		}
	}
}
