package bank

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/internal/safe"
)

func FuzzParseBank(f *testing.F) {
	seeds := []string{"../questions.json"}
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		f.Fatal(err)
	}
	seeds = append(seeds, files...)
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"\xef\xbb\xbf{}",
		"{\"title\": \"caf\xe9\"}",
		`{"title": "T\u001b[2J", "rounds": [{"id": "r", "title": "R\u009b", "categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Q\u007f", "talking_points": ["\u0007"]}]}]}]}`,
		`{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "Q", "answer": "0s"}]}]}]}`,
		`{"title": "T", "title": "T", "rounds": [{"id": "r", "title": "R", "prep": "-1s", "categories": []}]}`,
		`{"title": "T", "rounds": [{"id": "r", "title": "R", "categories": [{"id": "c", "title": "C", "questions": [{"id": "q", "text": "a\u00e9\ud800"}]}]}]}`,
		`[[[[`,
		`{"a":1}}`,
	} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("fuzz.json", data)
		if err != nil {
			if b != nil {
				t.Fatalf("bank and error both returned: %v", err)
			}
			var be *Error
			if !errors.As(err, &be) {
				t.Fatalf("error is %T, want *Error: %v", err, err)
			}
			if len(be.Problems) == 0 || len(be.Problems) > maxCollected || be.Total() < len(be.Problems) {
				t.Fatalf("%d problems: %v", len(be.Problems), err)
			}
			for _, p := range be.Problems {
				if p.Line < 1 || p.Col < 1 || p.Msg == "" {
					t.Fatalf("problem without a position or message: %+v", p)
				}
			}
			if _, _, n := safe.FindControl(strings.ReplaceAll(be.Error(), "\n", "")); n != 0 {
				t.Fatalf("the error message holds control characters: %q", be.Error())
			}
			return
		}
		for _, s := range bankStrings(b) {
			if _, _, n := safe.FindControl(s); n != 0 {
				t.Fatalf("accepted a bank string with control characters: %q", s)
			}
		}
		if b.QuestionCount() < 1 {
			t.Fatalf("bank with no questions accepted")
		}
		for _, r := range b.Rounds {
			for _, c := range r.Categories {
				for _, q := range c.Questions {
					if got, _, _ := b.Question(q.ID); got == nil || got.Text != q.Text {
						t.Fatalf("Question(%q) does not find it", q.ID)
					}
				}
			}
			if got, err := b.FindRound(r.ID); err != nil || got.ID != r.ID {
				t.Fatalf("FindRound(%q) = %v, %v", r.ID, got, err)
			}
		}
		// Written back out, the bank reads the same.
		out, err := encodeBank(b)
		if err != nil {
			t.Fatal(err)
		}
		b2, err := Parse("fuzz.json", out)
		if err != nil {
			t.Fatalf("re-encoded bank does not parse: %v\n%s", err, out)
		}
		b2.Hash = b.Hash
		if !reflect.DeepEqual(b, b2) {
			t.Fatalf("round trip changed the bank:\n%+v\n%+v", b, b2)
		}
	})
}

// encodeBank writes b in the questions.json format.
func encodeBank(b *Bank) ([]byte, error) {
	type question struct {
		ID            string   `json:"id"`
		Text          string   `json:"text"`
		Prep          string   `json:"prep,omitempty"`
		Answer        string   `json:"answer,omitempty"`
		TalkingPoints []string `json:"talking_points,omitempty"`
		FollowUps     []string `json:"follow_ups,omitempty"`
	}
	type category struct {
		ID        string     `json:"id"`
		Title     string     `json:"title"`
		Questions []question `json:"questions"`
	}
	type round struct {
		ID         string     `json:"id"`
		Title      string     `json:"title"`
		Prep       string     `json:"prep,omitempty"`
		Answer     string     `json:"answer,omitempty"`
		Warn       string     `json:"warn,omitempty"`
		Overtime   string     `json:"overtime,omitempty"`
		FollowUp   string     `json:"follow_up_answer,omitempty"`
		Min        string     `json:"min,omitempty"`
		Categories []category `json:"categories"`
	}
	type bank struct {
		Format int      `json:"format"`
		Title  string   `json:"title"`
		Notes  []string `json:"preparation_notes,omitempty"`
		Rounds []round  `json:"rounds"`
	}
	str := func(d *time.Duration) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	out := bank{Format: b.Format, Title: b.Title, Notes: b.Notes}
	for _, r := range b.Rounds {
		or := round{ID: r.ID, Title: r.Title, Prep: str(r.Prep), Answer: str(r.Answer), Warn: str(r.Warn), Overtime: str(r.Overtime),
			FollowUp: str(r.FollowUpAnswer), Min: str(r.Min)}
		for _, c := range r.Categories {
			oc := category{ID: c.ID, Title: c.Title}
			for _, q := range c.Questions {
				oc.Questions = append(oc.Questions, question{ID: q.ID, Text: q.Text, Prep: str(q.Prep), Answer: str(q.Answer), TalkingPoints: q.TalkingPoints,
					FollowUps: q.FollowUps})
			}
			or.Categories = append(or.Categories, oc)
		}
		out.Rounds = append(out.Rounds, or)
	}
	return json.MarshalIndent(out, "", "  ")
}

// bankStrings lists every string of b.
func bankStrings(b *Bank) []string {
	out := append([]string{b.Title}, b.Notes...)
	for _, r := range b.Rounds {
		out = append(out, r.ID, r.Title)
		for _, c := range r.Categories {
			out = append(out, c.ID, c.Title)
			for _, q := range c.Questions {
				out = append(append(out, q.ID, q.Text), q.TalkingPoints...)
			}
		}
	}
	return out
}
