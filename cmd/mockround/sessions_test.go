package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mockround/mockround/session"
)

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

// TestSessionsSameMinuteFit80: sessions begun in the same minute, even the
// same second, need longer ids; an interrupted one still fits 80 columns.
func TestSessionsSameMinuteFit80(t *testing.T) {
	for _, ids := range [][]string{
		{"20261127T090012Z-aaaaaa", "20261127T090047Z-bbbbbb"}, // 14 characters
		{"20261127T090012Z-aaaaaa", "20261127T090017Z-bbbbbb"}, // 15
		{"20261127T090012Z-aaaaaa", "20261127T090012Z-bbbbbb"}, // 18
		{"20261127T090012Z-aaaaaa", "20261127T090012Z-aaaaab"}, // 23
	} {
		home := t.TempDir()
		for _, id := range ids {
			dir := writeSession(t, home, id, 2)
			rec, err := session.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			rec.Status = session.SessionInterrupted
			if err := session.Save(dir, rec); err != nil {
				t.Fatal(err)
			}
		}
		code, out, errOut := runMain(t, home, "", "sessions")
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if n := utf8.RuneCountInString(line); n > 80 {
				t.Errorf("%v: a line of %d columns:\n%s", ids, n, out)
			}
		}
		for _, id := range ids {
			if !strings.Contains(out, "\n"+id[:len(shortestPrefix(id, ids))]+" ") {
				t.Errorf("%v: %s is not named:\n%s", ids, id, out)
			}
		}
	}
}
