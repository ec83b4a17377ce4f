package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
	"github.com/mockround/mockround/ui"
)

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

// TestReplayItemsMarkFollowUps: a question's follow-up is played after its
// answer and marked as a follow-up, so the replay counts two answers and
// one follow-up, not three answers.
func TestReplayItemsMarkFollowUps(t *testing.T) {
	home := t.TempDir()
	const id = "20261127T090000Z-abc123"
	dir := writeSession(t, home, id, 2)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	fu := rec.Takes[0]
	fu.FollowUp, fu.Question = "Why that way?", ""
	fu.File = "01-code-review.followup.wav"
	writeTone(t, filepath.Join(dir, fu.File))
	rec.Takes = append(rec.Takes, fu)
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	items, err := replayItems(session.Listed{ID: id, Dir: dir, Record: rec}, "", 0, &out)
	if err != nil {
		t.Fatal(err)
	}
	var marked []bool
	for _, it := range items {
		marked = append(marked, it.FollowUp)
	}
	if !slices.Equal(marked, []bool{false, true, false}) || items[1].Question != "Why that way?" {
		t.Fatalf("items %+v; want answer 1, its follow-up, answer 2", items)
	}
	if got := ui.ReplayCount(items); got != "2 answers and 1 follow-up" {
		t.Errorf("replay counts %q, want \"2 answers and 1 follow-up\"", got)
	}
}
