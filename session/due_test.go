package session

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestNextInterval(t *testing.T) {
	for _, tc := range []struct {
		prev   time.Duration
		rating int
		want   time.Duration
	}{
		{0, 1, day}, {0, 2, day}, {0, 3, 2 * day}, {0, 0, 2 * day}, {0, 4, 3 * day}, {0, 5, 4 * day},
		{10 * day, 1, day}, {10 * day, 3, 2 * day}, {10 * day, 4, 20 * day}, {10 * day, 5, 30 * day},
		{day, 4, 3 * day}, {day, 5, 4 * day},
	} {
		if got := NextInterval(tc.prev, tc.rating); got != tc.want {
			t.Errorf("NextInterval(%v, %d) = %v, want %v", tc.prev, tc.rating, got, tc.want)
		}
	}
}

// TestScheduleOverWeeks practises three questions on a fake calendar and
// checks, each day, which are due: the one answered well comes back after
// days, then weeks; the one answered badly comes back the next day.
func TestScheduleOverWeeks(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var list []Listed
	practise := func(dayN int, id string, rating int) {
		at := start.Add(time.Duration(dayN) * day)
		rec := &Record{ID: fmt.Sprintf("d%02d-%s", dayN, id), Started: at, Takes: []Take{
			{Position: 1, Take: 1, QuestionID: id, Status: TakeDone, LengthS: 60, Rating: rating, Started: at},
		}}
		list = append([]Listed{{Record: rec}}, list...) // newest first, as the store lists
	}
	ids := []string{"good", "bad", "never"}
	due := func(dayN int) string {
		now := start.Add(time.Duration(dayN)*day + time.Hour)
		var out []string
		for _, d := range BuildHistory(list).Schedule(ids) {
			if d.IsDue(now) {
				out = append(out, d.QuestionID)
			}
		}
		return strings.Join(out, " ")
	}
	practise(0, "good", 5) // next: day 4
	practise(0, "bad", 2)  // next: day 1
	if got := due(0); got != "never" {
		t.Errorf("day 0: due %q, want never", got)
	}
	if got := due(1); got != "never bad" {
		t.Errorf("day 1: due %q, want never bad", got)
	}
	practise(1, "bad", 2) // again: day 2
	practise(2, "bad", 4) // now 3 days: day 5
	if got := due(3); got != "never" {
		t.Errorf("day 3: due %q, want never", got)
	}
	if got := due(4); got != "never good" {
		t.Errorf("day 4: due %q, want never good", got)
	}
	practise(4, "good", 5) // 12 days: day 16
	if got := due(5); got != "never bad" {
		t.Errorf("day 5: due %q, want never bad", got)
	}
	practise(5, "bad", 5) // 3 days × 3 = 9 days: day 14
	for d, want := range map[int]string{13: "never", 14: "never bad", 15: "never bad", 16: "never bad good"} {
		if got := due(d); got != want {
			t.Errorf("day %d: due %q, want %q", d, got, want)
		}
	}
	practise(16, "good", 5) // 36 days: day 52
	h := BuildHistory(list)
	if d := DueOf("good", h["good"]); d.Interval != 36*day || !d.At.Equal(start.Add(52*day)) {
		t.Errorf("good: due %v after %v, want day 52 after 36 days", d.At, d.Interval)
	}
	sched := h.Schedule(ids)
	if sched[0].QuestionID != "never" || !sched[0].At.IsZero() || sched[1].QuestionID != "bad" || sched[2].QuestionID != "good" {
		t.Errorf("schedule order %+v, want never, bad, good", sched)
	}
}
