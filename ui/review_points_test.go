package ui

import (
	"context"
	"strings"
	"testing"
)

// TestReviewPlainNoTalkingPoints: a question the bank lists no talking
// points for (or no longer has) shows no "talking points:" heading.
func TestReviewPlainNoTalkingPoints(t *testing.T) {
	for _, points := range [][]string{nil, {}} {
		rv, out := reviewOf("", "")
		rv.Save = func() error { return nil }
		asked := 0
		rv.TalkingPoints = func(string) []string {
			asked++
			return points
		}
		if err := rv.RunPlain(context.Background()); err != nil {
			t.Fatal(err)
		}
		if asked != 1 || strings.Contains(out.String(), "talking points") {
			t.Errorf("asked the bank %d times; review:\n%s", asked, out)
		}
	}
}
