package report

import "testing"

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
