package report

import (
	"strings"
	"testing"
)

// TestPickPracticeAtEitherEnd: without a best take, the reviewer hears the
// latest take with at least 3 s of speech, even when that is the first take
// and the later ones are too short.
func TestPickPracticeAtEitherEnd(t *testing.T) {
	s := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name  string
		takes []Take
		want  int
	}{
		{"the first take", []Take{{Take: 1, SpeakingS: s(40)}, {Take: 2, SpeakingS: s(1)}}, 1},
		{"exactly 3 s", []Take{{Take: 1, SpeakingS: s(40)}, {Take: 2, SpeakingS: s(3)}, {Take: 3, SpeakingS: s(2.9)}}, 2},
	} {
		got := pick(tc.takes, false)
		if len(got) != 1 || got[0].Take != tc.want {
			t.Errorf("%s: picked %+v, want take %d", tc.name, got, tc.want)
		}
	}
}

// TestCoachPageLeavesOutQuestionsWithNothingToHear: a skipped question has
// no take to play, so the coach page has no section for it, and its count
// of answers is the answers a reviewer can hear.
func TestCoachPageLeavesOutQuestionsWithNothingToHear(t *testing.T) {
	page, _, _ := coachPageOf(t, false)
	for _, id := range []string{`id="q1"`, `id="q2"`, `id="q4"`, `id="q5"`} {
		if !strings.Contains(page, `<section class="answer" `+id+`>`) {
			t.Errorf("no section %s", id)
		}
	}
	for _, id := range []string{`id="q3"`, `id="q6"`} {
		if strings.Contains(page, id) {
			t.Errorf("a section %s for a skipped question with nothing to hear", id)
		}
	}
	if !strings.Contains(page, " · 4 answers</p>") {
		t.Error("the page does not count 4 answers to hear")
	}
}
