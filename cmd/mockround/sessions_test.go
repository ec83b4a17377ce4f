package main

import "testing"

func TestShortestPrefix(t *testing.T) {
	ids := []string{"20261127T061958Z-873338", "20261127T061902Z-aaaaaa", "20261127T061902Z-aabbbb", "20261126T090000Z-c0c0c0", "s1"}
	for id, want := range map[string]string{
		"20261126T090000Z-c0c0c0": "20261126T0900",        // the minute names it alone
		"20261127T061958Z-873338": "20261127T06195",       // two sessions started in that minute
		"20261127T061902Z-aaaaaa": "20261127T061902Z-aaa", // and two in that second
		"s1":                      "s1",                   // an id shorter than a minute
	} {
		if got := shortestPrefix(id, ids); got != want {
			t.Errorf("shortestPrefix(%s) = %s, want %s", id, got, want)
		}
	}
}

func TestRoundInitials(t *testing.T) {
	for _, tc := range []struct {
		rounds []string
		want   string
	}{
		{[]string{"behavioral", "technical"}, "B+T"},
		{[]string{"system-design"}, "SD"},
		{[]string{"technical", "system-design", "behavioral"}, "T+SD+B"},
		{[]string{"a", "b", "c", "d"}, "A+B+C…"},
	} {
		if got := roundInitials(tc.rounds, 6); got != tc.want {
			t.Errorf("roundInitials(%v) = %q, want %q", tc.rounds, got, tc.want)
		}
	}
}
