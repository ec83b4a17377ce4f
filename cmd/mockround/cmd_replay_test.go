package main

import "testing"

// TestSpeedList: the speeds read as a sentence, whatever their number.
func TestSpeedList(t *testing.T) {
	for _, tc := range []struct {
		speeds []float64
		want   string
	}{
		{nil, ""},
		{[]float64{1}, "1"},
		{[]float64{1.25, 1.5}, "1.25 or 1.5"},
		{[]float64{1, 1.25, 1.5}, "1, 1.25 or 1.5"},
	} {
		if got := speedList(tc.speeds); got != tc.want {
			t.Errorf("speedList(%v) = %q, want %q", tc.speeds, got, tc.want)
		}
	}
}
