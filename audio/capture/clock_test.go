package capture

import (
	"testing"
	"time"
)

// TestMonoClockPairsTheClocks checks that a moment read on the capture
// thread's clock converts to a time between the Go clock readings taken
// around it, and back: a take's start must lie between the StartTake call
// and its return.
func TestMonoClockPairsTheClocks(t *testing.T) {
	c := newMonoClock()
	for i := range 1000 {
		before := time.Now()
		ns := monoNow()
		after := time.Now()
		if got := c.time(ns); got.Before(before.Add(-20*time.Microsecond)) || got.After(after.Add(20*time.Microsecond)) {
			t.Fatalf("reading %d: the C clock's moment converts to %s after the reading before it (%s between the readings)",
				i, got.Sub(before), after.Sub(before))
		}
		if back := c.ns(c.time(ns)); back != ns {
			t.Fatalf("reading %d: ns(time(%d)) = %d", i, ns, back)
		}
	}
}
