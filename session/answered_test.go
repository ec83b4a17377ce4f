package session

import "testing"

func TestAnsweredNeedsAMomentOfAnswer(t *testing.T) {
	rec := &Record{Takes: []Take{
		{Position: 1, Take: 1, Status: TakeDone, LengthS: 12},
		{Position: 1, Take: 2, Status: TakeDone, LengthS: 3}, // a retake: the same question
		{Position: 2, Take: 1, Status: TakeInterrupted, LengthS: 0.01},
		{Position: 3, Take: 1, Status: TakeSkipped, LengthS: 0},
		{Position: 4, Take: 1, Status: TakeRecovered, LengthS: MinAnswerS},
		{Position: 5, Take: 1, Status: TakeRecording, LengthS: 40},
		{Position: 6, Take: 1, Status: TakeInterrupted, LengthS: 7},
	}}
	// 1 (two takes), 4 (just long enough) and 6 (interrupted after 7 s);
	// not 2 (stopped as it began), 3 (skipped) or 5 (still recording).
	if got := rec.Answered(); got != 3 {
		t.Errorf("Answered() = %d, want 3", got)
	}
}
