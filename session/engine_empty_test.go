package session

import (
	"testing"
	"time"
)

// TestEngineEmptyPlan: a plan with no questions has no current question,
// before or after it starts, and the session completes at once.
func TestEngineEmptyPlan(t *testing.T) {
	rec := &Record{ID: "x"}
	saves := 0
	e := NewEngine(Config{Plan: &Plan{}, Record: rec, Save: func(string, *Record) error { saves++; return nil }})
	if c := e.Current(); c != nil {
		t.Errorf("Current() before Start = %+v, want nil", c)
	}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	if err := e.Start(now); err != nil {
		t.Fatal(err)
	}
	if !e.Done() || e.Current() != nil || rec.Status != SessionComplete || rec.Ended == nil || !rec.Ended.Equal(now) || saves != 2 {
		t.Errorf("after Start: done %v, current %v, status %s, ended %v, %d saves; want done, nil, complete at the start, 2 saves",
			e.Done(), e.Current(), rec.Status, rec.Ended, saves)
	}
}
