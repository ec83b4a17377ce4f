package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

func reviewRecord() *Record {
	return &Record{ID: "20261127T061958Z-873338", Takes: []Take{
		{Position: 1, Take: 1, Status: TakeDone, LengthS: 60, File: "01-a.wav"},
		{Position: 1, Take: 2, Status: TakeDone, LengthS: 30, File: "01-a.take2.wav"},
		{Position: 1, Take: 1, Status: TakeDone, LengthS: 20, FollowUp: "Why?", File: "01-a.followup.wav"},
		{Position: 2, Take: 1, Status: TakeSkipped},
	}}
}

const goodReview = `{
  "format": 1,
  "kind": "mockround-review",
  "session": "20261127T061958Z-873338",
  "reviewer": "Alex",
  "saved": "2026-12-02T20:00:00Z",
  "notes": "Good structure.\nSlow down.",
  "takes": [
    {"position": 1, "take": 2, "rating": 4, "comments": [{"at_s": 12.5, "text": "<script>alert(1)</script> nice"}, {"at_s": 3, "text": "strong start"}]},
    {"position": 1, "take": 1, "follow_up": true, "rating": 3},
    {"position": 1, "take": 1, "comments": [{"at_s": 60.02, "text": "ends well"}]}
  ]
}`

func TestParseReview(t *testing.T) {
	rv, err := ParseReview("alex.json", []byte(goodReview), reviewRecord())
	if err != nil {
		t.Fatal(err)
	}
	if rv.Reviewer != "Alex" || len(rv.Takes) != 3 {
		t.Fatalf("review %+v", rv)
	}
	// Ordered: question 1 take 1, take 2, then the follow-up; comments by time.
	if rv.Takes[0].Take != 1 || rv.Takes[1].Take != 2 || !rv.Takes[2].FollowUp {
		t.Errorf("takes out of order: %+v", rv.Takes)
	}
	if c := rv.Takes[1].Comments; c[0].AtS != 3 || c[1].Text != "<script>alert(1)</script> nice" {
		t.Errorf("comments %+v: want them by time, their text as written", c)
	}
}

func TestParseReviewRefuses(t *testing.T) {
	edit := func(from, to string) string {
		if !strings.Contains(goodReview, from) {
			t.Fatalf("%q not in the review", from)
		}
		return strings.Replace(goodReview, from, to, 1)
	}
	many := `{"at_s": 1, "text": "` + strings.Repeat("x", 1000) + `"},`
	cases := []struct {
		name, data, place, problem string
	}{
		{"wrong session", edit(`"20261127T061958Z-873338"`, `"20261127T070000Z-111111"`), "session",
			`the review is of session "20261127T070000Z-111111", not 20261127T061958Z-873338`},
		{"bad JSON", edit(`"reviewer": "Alex",`, `"reviewer": "Alex"`), "line 6, column 3", "not valid JSON: invalid character"},
		{"cut short", goodReview[:200], "line 9", "the file ends before the review does"},
		{"wrong type", edit(`"rating": 4`, `"rating": "4"`), "line 9, column 42: takes[0].rating", "a JSON string where the review has a whole number"},
		{"unknown field", edit(`"notes"`, `"note"`), "", `unknown field "note"`},
		{"past the end", edit(`"at_s": 60.02`, `"at_s": 60.2`), "takes[2].comments[0].at_s",
			"1:00.2 is past the end of take 1 of question 1 (1:00.0 long)"},
		{"negative time", edit(`"at_s": 3`, `"at_s": -1`), "takes[0].comments[1].at_s", "past the end"},
		{"unknown take", edit(`"take": 2`, `"take": 3`), "takes[0]", "has no take 3 of question 1"},
		{"unknown follow-up", edit(`"take": 1, "follow_up": true`, `"take": 2, "follow_up": true`), "takes[1]", "no follow-up take 2"},
		{"skipped question", edit(`"position": 1, "take": 2`, `"position": 2, "take": 1`), "takes[0]", "no take 1 of question 2"},
		{"duplicate take", edit(`"take": 1, "comments"`, `"take": 2, "comments"`), "takes[2]", "the same take as takes[0]"},
		{"rating", edit(`"rating": 4`, `"rating": 6`), "takes[0].rating", "6; want 1 to 5"},
		{"control character", edit(`strong start`, `strong\u001b[2Jstart`), "takes[0].comments[1].text", "a control character U+001B"},
		{"control in name", edit(`"Alex"`, `"Al\nex"`), "reviewer", "a control character U+000A"},
		{"empty name", edit(`"Alex"`, `"  "`), "reviewer", "empty"},
		{"empty comment", edit(`strong start`, ``), "takes[0].comments[1].text", "empty"},
		{"format", edit(`"format": 1`, `"format": 2`), "format", "format 2; this mockround reads format 1"},
		{"kind", edit(`"mockround-review"`, `"other"`), "kind", "not a mockround review"},
		{"too big", edit(`"comments": [`, `"comments": [`+strings.Repeat(many, 1100)), "", "a review file is at most 1048576"},
		{"trailing", goodReview + " {}", "line 13, column 3", "more after"},
		{"not UTF-8", edit("Alex", "Al\xffex"), "", "not UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := reviewRecord()
			_, err := ParseReview("alex.json", []byte(c.data), rec)
			var re *ReviewError
			if !errors.As(err, &re) {
				t.Fatalf("error %v, want a *ReviewError", err)
			}
			if re.File != "alex.json" || !strings.HasPrefix(re.Place, c.place) || !strings.Contains(re.Problem, c.problem) || re.Next == "" {
				t.Errorf("got file %q place %q problem %q next %q; want place %q, problem with %q and a next step",
					re.File, re.Place, re.Problem, re.Next, c.place, c.problem)
			}
			if !strings.HasPrefix(err.Error(), "alex.json: ") {
				t.Errorf("%q does not start with the file's name", err)
			}
			if rec.Reviews != nil {
				t.Error("the record changed")
			}
		})
	}
}

func TestMergeReviewIdempotent(t *testing.T) {
	rec := reviewRecord()
	rv, err := ParseReview("a.json", []byte(goodReview), rec)
	if err != nil {
		t.Fatal(err)
	}
	if !rec.MergeReview(rv) {
		t.Fatal("first import changed nothing")
	}
	before, _ := json.Marshal(rec)
	again, _ := ParseReview("a.json", []byte(goodReview), rec)
	if rec.MergeReview(again) {
		t.Error("importing the same file again reported a change")
	}
	after, _ := json.Marshal(rec)
	if string(before) != string(after) {
		t.Errorf("importing twice changed the record:\n%s\n%s", before, after)
	}
	// A second reviewer sits beside the first; the candidate's own ratings stay.
	other := strings.Replace(goodReview, `"Alex"`, `"Sam"`, 1)
	sam, _ := ParseReview("s.json", []byte(other), rec)
	if !rec.MergeReview(sam) || len(rec.Reviews) != 2 {
		t.Errorf("reviewers %v, want Alex and Sam", rec.ReviewersOf())
	}
	if rec.Takes[1].Rating != 0 || rec.Takes[1].Notes != "" {
		t.Error("a review wrote over the candidate's own rating or notes")
	}
	got := rec.ReviewsOf(&rec.Takes[1])
	if len(got) != 2 || got[0].Reviewer != "Alex" || got[0].Rating != 4 || got[1].Reviewer != "Sam" {
		t.Errorf("ReviewsOf take 2: %+v", got)
	}
	if fu := rec.ReviewsOf(&rec.Takes[2]); len(fu) != 2 || !fu[0].FollowUp || fu[0].Rating != 3 {
		t.Errorf("ReviewsOf the follow-up: %+v", fu)
	}
	// A newer file from Alex replaces Alex's review.
	newer := strings.Replace(goodReview, `"rating": 4`, `"rating": 5`, 1)
	rv2, _ := ParseReview("a.json", []byte(newer), rec)
	if !rec.MergeReview(rv2) || rec.Reviews["Alex"].Takes[1].Rating != 5 {
		t.Error("a newer review from the same reviewer did not replace the older")
	}
}

func TestReviewRoundTripsThroughSessionFile(t *testing.T) {
	dir := t.TempDir()
	rec := reviewRecord()
	rec.Format, rec.Status = FormatVersion, SessionComplete
	rv, _ := ParseReview("a.json", []byte(goodReview), rec)
	rec.MergeReview(rv)
	if err := Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.MergeReview(rv) {
		t.Error("the review read back from session.json differs from the one saved")
	}
}

// TestParseReviewLimitsAtTheirEdges: each limit lets in its own value and
// refuses the next.
func TestParseReviewLimitsAtTheirEdges(t *testing.T) {
	rec := reviewRecord()
	head := `{"format": 1, "kind": "mockround-review", "session": "20261127T061958Z-873338", "reviewer": "A", "takes": [`
	parse := func(body string) error {
		_, err := ParseReview("f.json", []byte(head+body+"]}"), rec)
		return err
	}
	// The size: exactly 1 MB is read, one byte more is not.
	base := head + "]}"
	exact := base + strings.Repeat(" ", MaxReviewBytes-len(base))
	if _, err := ParseReview("f.json", []byte(exact), rec); err != nil {
		t.Errorf("a file of exactly %d bytes: %v", MaxReviewBytes, err)
	}
	if _, err := ParseReview("f.json", []byte(exact+" "), rec); err == nil || !strings.Contains(err.Error(), "at most 1048576") {
		t.Errorf("a file of %d bytes: %v", MaxReviewBytes+1, err)
	}
	// Comments a take: 500, not 501.
	comments := func(n int) string {
		var cs []string
		for range n {
			cs = append(cs, `{"at_s": 1, "text": "x"}`)
		}
		return `{"position": 1, "take": 1, "comments": [` + strings.Join(cs, ",") + `]}`
	}
	if err := parse(comments(MaxComments)); err != nil {
		t.Errorf("%d comments: %v", MaxComments, err)
	}
	if err := parse(comments(MaxComments + 1)); err == nil {
		t.Errorf("%d comments accepted", MaxComments+1)
	}
	// A comment's time: from 0 to the take's end and 50 ms.
	at := func(s string) error {
		return parse(`{"position": 1, "take": 1, "comments": [{"at_s": ` + s + `, "text": "x"}]}`)
	}
	end := strconv.FormatFloat(60+commentSlackS, 'g', -1, 64)
	for _, ok := range []string{"0", end} {
		if err := at(ok); err != nil {
			t.Errorf("a comment at %s s of a 60 s take: %v", ok, err)
		}
	}
	for _, bad := range []string{"-0.001", strconv.FormatFloat(math.Nextafter(60+commentSlackS, 100), 'g', -1, 64)} {
		if err := at(bad); err == nil {
			t.Errorf("a comment at %s s of a 60 s take accepted", bad)
		}
	}
}

// TestReviewNormalised: takes come out by question, then follow-up, then
// take; a take with neither rating nor comment is dropped.
func TestReviewNormalised(t *testing.T) {
	rec := reviewRecord()
	rec.Takes = append(rec.Takes, Take{Position: 3, Take: 1, Status: TakeDone, LengthS: 10, File: "03-c.wav"})
	data := `{"format": 1, "kind": "mockround-review", "session": "20261127T061958Z-873338", "reviewer": "A", "takes": [
		{"position": 3, "take": 1, "rating": 1},
		{"position": 1, "take": 2, "rating": 0, "comments": []},
		{"position": 1, "take": 1, "follow_up": true, "rating": 2},
		{"position": 1, "take": 1, "comments": [{"at_s": 2, "text": "b"}, {"at_s": 1, "text": "a"}]}]}`
	rv, err := ParseReview("f.json", []byte(data), rec)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range rv.Takes {
		got = append(got, fmt.Sprintf("%d.%d.%t", tk.Position, tk.Take, tk.FollowUp))
	}
	if strings.Join(got, " ") != "1.1.false 1.1.true 3.1.false" {
		t.Errorf("takes %v, want 1.1.false 1.1.true 3.1.false (the empty 1.2 dropped)", got)
	}
	if c := rv.Takes[0].Comments; c[0].Text != "a" || c[1].Text != "b" {
		t.Errorf("comments %+v, want by time", c)
	}
}

// TestMergeReviewKeepsTheNewerAndIgnoresCase: an older download from the
// same reviewer does not replace a newer review; "alex" is "Alex"; a
// review read back with empty lists spelled out is the same review.
func TestMergeReviewKeepsTheNewerAndIgnoresCase(t *testing.T) {
	rec := reviewRecord()
	rv, _ := ParseReview("a.json", []byte(goodReview), rec)
	rec.MergeReview(rv)
	older := strings.NewReplacer(`"rating": 4`, `"rating": 1`, `2026-12-02T20:00:00Z`, `2026-12-02T19:00:00Z`).Replace(goodReview)
	old, err := ParseReview("old.json", []byte(older), rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.NewerReview(old); got == nil || got.Saved != "2026-12-02T20:00:00Z" {
		t.Errorf("NewerReview of an older file = %+v, want the one saved at 20:00", got)
	}
	if rec.MergeReview(old) || rec.Reviews["Alex"].Takes[1].Rating != 4 {
		t.Errorf("an older file replaced the newer review: %+v", rec.Reviews)
	}
	lower := strings.NewReplacer(`"Alex"`, `"alex"`, `"rating": 4`, `"rating": 2`, `2026-12-02T20:00:00Z`, `2026-12-02T21:00:00Z`).Replace(goodReview)
	lc, _ := ParseReview("lower.json", []byte(lower), rec)
	if rec.NewerReview(lc) != nil || !rec.MergeReview(lc) || len(rec.Reviews) != 1 || rec.Reviews["alex"].Takes[1].Rating != 2 {
		t.Errorf("reviews %v after a newer file from \"alex\": want one reviewer, rated 2", rec.ReviewersOf())
	}
	spelled := strings.Replace(lower, `"rating": 3}`, `"rating": 3, "comments": []}`, 1)
	sp, err := ParseReview("spelled.json", []byte(spelled), rec)
	if err != nil {
		t.Fatal(err)
	}
	if rec.MergeReview(sp) {
		t.Error("the same review with an empty comment list spelled out counted as a change")
	}
}
