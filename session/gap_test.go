package session

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// TestTakeKeepsTheGap: a take during which the process was suspended keeps
// how long it did not run and how much audio it lacks, to the millisecond,
// in the record and in session.json; a take with neither leaves both out.
func TestTakeKeepsTheGap(t *testing.T) {
	tk, _ := stopOnce(t, TakeResult{Frames: 88200, Rate: 44100, Suspended: 5200 * time.Millisecond, Gap: 5234567 * time.Microsecond})
	if tk.SuspendedS != 5.2 || tk.GapS != 5.235 || tk.Status != TakeDone {
		t.Errorf("take after a suspend: suspended %g s, gap %g s, status %s; want 5.2, 5.235, done", tk.SuspendedS, tk.GapS, tk.Status)
	}
	data, err := json.Marshal(tk)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, `"suspended_s":5.2`) || !strings.Contains(s, `"gap_s":5.235`) {
		t.Errorf("session.json's take lacks the gap: %s", s)
	}
	// A gap with no suspend (overflows, a stalled stream) is kept too.
	if tk, _ := stopOnce(t, TakeResult{Frames: 88200, Rate: 44100, Gap: 400 * time.Millisecond}); tk.GapS != 0.4 || tk.SuspendedS != 0 {
		t.Errorf("a gap without a suspend: suspended %g s, gap %g s; want 0, 0.4", tk.SuspendedS, tk.GapS)
	}
	tk, _ = stopOnce(t, TakeResult{Frames: 88200, Rate: 44100, Gap: -time.Second})
	data, err = json.Marshal(tk)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); tk.GapS != 0 || strings.Contains(s, "gap_s") || strings.Contains(s, "suspended_s") {
		t.Errorf("a take with nothing missing: gap %g s, JSON %s; want neither key", tk.GapS, s)
	}
}

// TestGapOutOfRange: a negative or non-finite gap or suspend (which JSON
// cannot carry, but a program building a record can) is refused when the
// record is checked, with the file and the JSON path.
func TestGapOutOfRange(t *testing.T) {
	const path = "/data/sessions/x/session.json"
	for _, tc := range []struct {
		field string
		edit  func(*Take)
	}{
		{"takes[0].gap_s", func(t *Take) { t.GapS = -1 }},
		{"takes[0].gap_s", func(t *Take) { t.GapS = math.NaN() }},
		{"takes[0].gap_s", func(t *Take) { t.GapS = math.Inf(1) }},
		{"takes[0].suspended_s", func(t *Take) { t.SuspendedS = math.Inf(-1) }},
		{"takes[0].suspended_s", func(t *Take) { t.SuspendedS = -0.5 }},
	} {
		rec := vtRecord()
		tc.edit(&rec.Takes[0])
		err := checkRecord(path, rec)
		var re *RecordError
		if !errors.As(err, &re) || re.Path != path || re.Field != tc.field || !strings.Contains(err.Error(), "is out of range; want 0 to") {
			t.Errorf("%s: %v; want a *RecordError for %s", tc.field, err, tc.field)
		}
	}
	rec := vtRecord()
	rec.Takes[0].GapS, rec.Takes[0].SuspendedS = 5.2, 5.2
	if err := checkRecord(path, rec); err != nil {
		t.Errorf("a gap of 5.2 s: %v", err)
	}
}
