package report

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestReportMarksTheGap: a take that lacks audio says how much on its line
// in the text and the HTML page, and why when the process was suspended;
// the JSON carries both figures, and leaves them out for a whole take.
func TestReportMarksTheGap(t *testing.T) {
	l := sample()
	l.Record.Takes[0].GapS, l.Record.Takes[0].SuspendedS = 5.2, 5.0
	l.Record.Takes[1].GapS = 0.4 // no suspend: a stalled stream, overflows
	r := New(l, nil)

	var text strings.Builder
	r.WriteText(&text)
	lines := strings.Split(text.String(), "\n")
	var take1, take2 string
	for _, line := range lines {
		switch {
		case strings.HasPrefix(line, "   take 1 ·") && take1 == "":
			take1 = line
		case strings.HasPrefix(line, "   take 2 ·"):
			take2 = line
		}
	}
	if !strings.HasPrefix(take1, "   take 1 · 0:10 · 5.2 s not recorded (suspended) · first word") {
		t.Errorf("take 1's line %q; want its gap, suspended, after its length", take1)
	}
	if !strings.HasPrefix(take2, "   take 2 · 0:08 · 0.4 s not recorded · rated 4/5") {
		t.Errorf("take 2's line %q; want its gap, not called a suspend", take2)
	}

	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Answers []struct {
			Takes []map[string]any `json:"takes"`
		} `json:"answers"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if tk := v.Answers[0].Takes[0]; tk["gap_s"] != 5.2 || tk["suspended_s"] != 5.0 {
		t.Errorf("JSON take 1: gap_s %v, suspended_s %v; want 5.2 and 5", tk["gap_s"], tk["suspended_s"])
	}
	if tk := v.Answers[0].Takes[1]; tk["gap_s"] != 0.4 || tk["suspended_s"] != nil {
		t.Errorf("JSON take 2: gap_s %v, suspended_s %v; want 0.4 and none", tk["gap_s"], tk["suspended_s"])
	}
	if data, err := json.Marshal(New(sample(), nil)); err != nil || strings.Contains(string(data), "gap_s") || strings.Contains(string(data), "suspended_s") {
		t.Errorf("JSON of whole takes names a gap (%v): %s", err, data)
	}

	var page strings.Builder
	if err := r.WriteHTML(&page, HTMLOptions{Dir: "/data/reports"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h3>Take 1 · 0:10 · 5.2 s not recorded (suspended) · ", "<h3>Take 2 · 0:08 · 0.4 s not recorded · "} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(page.String(), "not recorded"); n != 2 {
		t.Errorf("the page marks %d takes; want 2", n)
	}
}

// TestGapText: under a twentieth of a second is timing noise, not a gap.
func TestGapText(t *testing.T) {
	for _, tc := range []struct {
		gap, suspended float64
		want           string
	}{
		{0, 0, ""},
		{0.049, 3, ""},
		{0.05, 0, "0.1 s not recorded"},
		{12.34, 12, "12.3 s not recorded (suspended)"},
	} {
		if got := GapText(Take{GapS: tc.gap, SuspendedS: tc.suspended}); got != tc.want {
			t.Errorf("gap %g s, suspended %g s: %q; want %q", tc.gap, tc.suspended, got, tc.want)
		}
	}
}
