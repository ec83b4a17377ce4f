package session

import (
	"encoding/json"
	"errors"
	"reflect"
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
	f.Add([]byte(`{"format": 1, "id": "x", "started": "2026-11-27T09:00:00.1234567891+00:00", "ended": "2026-11-27T14:00:00+05:00",
		"takes": [{"position": 1, "take": 1, "started": "2026-11-27T09:00:00Z", "length_s": 1e-7, "notes": "` + "\xff" + `\u00e9",
		"analysis": {"first_word_s": null, "pauses": [], "waveform": [0.1, 0.30000001]}}], "plan": {"rounds": []}}`))
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
		rec2, err := ParseRecord("session.json", again)
		if err != nil {
			t.Fatalf("a loaded record does not load again: %v", err)
		}
		normalizeTimes(rec)
		normalizeTimes(rec2)
		if !reflect.DeepEqual(rec, rec2) {
			t.Fatalf("a record changed when saved and loaded again:\n got %+v\nwant %+v\nfrom %s", rec2, rec, again)
		}
	})
}

// normalizeTimes gives every time of rec a location of its bare offset.
// That is all a round trip legitimately loses: JSON keeps a time's instant
// and its UTC offset, not its location, so a "+00:00" read as time.Local
// (when the local zone is UTC) is written "Z" and read back as time.UTC,
// the same instant and offset in another *time.Location.
func normalizeTimes(rec *Record) {
	norm := func(t *time.Time) {
		if t == nil {
			return
		}
		_, off := t.Zone()
		*t = t.In(time.FixedZone("", off))
	}
	norm(&rec.Started)
	norm(rec.Ended)
	for i := range rec.Takes {
		norm(&rec.Takes[i].Started)
		norm(rec.Takes[i].Ended)
	}
}
