package session

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// FuzzParseRecord: session.json files come from disk, where crashes, editors
// and newer versions of mockround leave all sorts of content. Loading one
// must never panic, and every failure must be a *RecordError naming the file.
func FuzzParseRecord(f *testing.F) {
	end := time.Date(2026, 11, 27, 9, 0, 6, 0, time.UTC)
	good, _ := json.Marshal(&Record{
		Format: FormatVersion, ID: "20261127T090000Z-abcdef", Status: SessionComplete, Started: end.Add(-6 * time.Second),
		Plan:  PlanRecord{Seed: 7, Pick: PickRandom, Count: 1, Rounds: []string{"behavioral"}},
		Takes: []Take{{Position: 1, Take: 1, QuestionID: "q", File: "01-q.wav", Ended: &end, Frames: 264600, SampleRate: 44100, LengthS: 6, Status: TakeDone}},
	})
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(`{"format": 2, "id": "x"}`))
	f.Add([]byte(`{"format": "1"}`))
	f.Add([]byte(`{"format": 1, "id": "x", "takes": [{"frames": -1, "rating": 9}]}`))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := ParseRecord("session.json", data)
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) || re.Path != "session.json" {
				t.Fatalf("error %v is not a *RecordError naming the file", err)
			}
			return
		}
		if rec.ID == "" || rec.Format < 1 || rec.Format > FormatVersion {
			t.Fatalf("accepted a record with id %q format %d", rec.ID, rec.Format)
		}
		// What loads must save and load again unchanged.
		again, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseRecord("session.json", again); err != nil {
			t.Fatalf("a loaded record does not load again: %v", err)
		}
	})
}
