package session

import (
	"testing"
	"time"
)

// TestNextWake: the engine asks to be woken when the shown second drops,
// when the warning stage begins (even off a whole second), and when the
// grace of the overtime runs out; at a deadline, at once.
func TestNextWake(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	for _, tc := range []struct {
		name   string
		limits Limits
		tick   time.Duration // the engine ticks at this time after the start (0: not at all)
		at     time.Duration
		want   time.Duration
	}{
		{"answer: the next second", Limits{Answer: 20 * time.Second, Warn: ms(5300)}, 0, 0, time.Second},
		{"answer: part of a second", Limits{Answer: 20 * time.Second, Warn: ms(5300)}, 0, ms(1250), ms(750)},
		{"the warning off a whole second", Limits{Answer: 20 * time.Second, Warn: ms(5300)}, 0, ms(14200), ms(500)},
		{"prep: part of a second", Limits{Prep: 5 * time.Second, Answer: 20 * time.Second}, 0, ms(4500), ms(500)},
		{"prep deadline without overtime", Limits{Prep: 5 * time.Second, Answer: 20 * time.Second}, 0, 5 * time.Second, 0},
		{"overtime: the next second", Limits{Answer: 2 * time.Second, Overtime: 5 * time.Second}, ms(2250), ms(2250), ms(750)},
		{"overtime: the grace ends first", Limits{Answer: 2 * time.Second, Overtime: ms(1500)}, 3 * time.Second, 3 * time.Second, ms(500)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan := &Plan{Items: []PlanItem{{Position: 1, Limits: tc.limits}}}
			e := NewEngine(Config{Plan: plan, Record: &Record{ID: "x"}, Save: func(string, *Record) error { return nil }})
			if err := e.Start(t0); err != nil {
				t.Fatal(err)
			}
			if tc.tick > 0 {
				if err := e.Tick(t0.Add(tc.tick)); err != nil {
					t.Fatal(err)
				}
			}
			got, ok := e.NextWake(t0.Add(tc.at))
			if !ok || got != tc.want {
				t.Errorf("NextWake at %v (phase %v) = %v, %v; want %v", tc.at, e.Phase(), got, ok, tc.want)
			}
		})
	}
}
