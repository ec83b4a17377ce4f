package main

import (
	"io"
	"strings"
	"testing"

	"github.com/mockround/mockround/session"
)

// TestAnswersNumberedAlike: replay and review number an answer the same
// way, by its question's place in the plan, when a question in between has
// no answer: question 3 of 3 is "Answer 3 of 3" in both, never "2 of 2".
func TestAnswersNumberedAlike(t *testing.T) {
	home := t.TempDir()
	dir := writeSession(t, home, "20261127T090000Z-cccccc", 3)
	rec, err := session.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec.Takes = append(rec.Takes[:1], rec.Takes[2]) // question 2 never answered
	if err := session.Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	l, err := session.NewStore(home).Resolve("last")
	if err != nil {
		t.Fatal(err)
	}
	items, err := replayItems(l, "", 0, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[1].Answer != "Answer 3 of 3" || !strings.HasPrefix(items[1].Heading, "Answer 3 of 3 · take 1 · ") {
		t.Errorf("replay: %+v", items)
	}
	code, out, errOut := runMain(t, home, "\n\n\n\n", "review", "--plain", "last")
	if code != 0 {
		t.Fatalf("review: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "\nAnswer 1 of 3 · ") || !strings.Contains(out, "\nAnswer 3 of 3 · ") || strings.Contains(out, "of 2") {
		t.Errorf("review numbers the answers otherwise:\n%s", out)
	}
}
