package ui

import (
	"testing"

	"github.com/mockround/mockround/session"
)

func TestCanResume(t *testing.T) {
	plan := session.PlanRecord{Questions: []session.PlanQuestion{{Position: 1}, {Position: 2}, {Position: 3}}}
	taken := []session.Take{{Position: 1, Take: 1}}
	skipped := session.PlanRecord{Questions: []session.PlanQuestion{{Position: 1}, {Position: 2, Skipped: true}}}
	for _, tc := range []struct {
		name string
		r    session.Record
		want bool
	}{
		{"quit with questions left", session.Record{Status: session.SessionQuit, Plan: plan, Takes: taken}, true},
		{"interrupted with questions left", session.Record{Status: session.SessionInterrupted, Plan: plan, Takes: taken}, true},
		{"failed with questions left", session.Record{Status: session.SessionFailed, Plan: plan, Takes: taken}, true},
		{"complete", session.Record{Status: session.SessionComplete, Plan: plan, Takes: taken}, false},
		{"quit with every question taken or skipped", session.Record{Status: session.SessionQuit, Plan: skipped, Takes: taken}, false},
	} {
		if got := CanResume(&tc.r); got != tc.want {
			t.Errorf("%s: CanResume = %v, want %v", tc.name, got, tc.want)
		}
	}
}
