package session

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseReview: no review file makes the parser panic, and whatever it
// accepts is within the limits: known takes, ratings 0–5, comments within
// their take, text without control characters.
func FuzzParseReview(f *testing.F) {
	f.Add([]byte(goodReview))
	f.Add([]byte(`{"format":1,"kind":"mockround-review","session":"20261127T061958Z-873338","reviewer":"A","takes":[]}`))
	f.Add([]byte(`{"format":1,"kind":"mockround-review","session":"20261127T061958Z-873338","reviewer":"A","takes":[{"position":1,"take":1,"follow_up":true,"comments":[{"at_s":1e308,"text":"x"}]}]}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := reviewRecord()
		rv, err := ParseReview("f.json", data, rec)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if strings.TrimSpace(rv.Reviewer) == "" || !utf8.ValidString(rv.Reviewer) {
			t.Fatalf("accepted reviewer %q", rv.Reviewer)
		}
		for _, rt := range rv.Takes {
			tk := rec.findTake(rt.Position, rt.Take, rt.FollowUp)
			if tk == nil || rt.Rating < 0 || rt.Rating > MaxRating {
				t.Fatalf("accepted %+v", rt)
			}
			for _, c := range rt.Comments {
				if math.IsNaN(c.AtS) || c.AtS < 0 || c.AtS > tk.LengthS+commentSlackS+0.001 || checkText(c.Text, MaxCommentRunes, true) != nil {
					t.Fatalf("accepted comment %+v on a take of %.3f s", c, tk.LengthS)
				}
			}
		}
		if !rec.MergeReview(rv) || rec.MergeReview(rv) {
			t.Fatal("merging is not idempotent")
		}
	})
}
