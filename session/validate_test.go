package session

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mockround/mockround/audio"
)

// vtRecord is a valid record with a take that has an analysis.
func vtRecord() *Record {
	first := 1.2
	end := time.Date(2026, 11, 27, 9, 0, 6, 0, time.UTC)
	return &Record{
		Format: FormatVersion, ID: "20261127T090000Z-abcdef", Status: SessionComplete, Started: end.Add(-time.Minute),
		Plan:   PlanRecord{Count: 2, Questions: []PlanQuestion{{Position: 1, QuestionID: "q"}, {Position: 2, QuestionID: "r"}}},
		Device: &DeviceRef{Name: "mic", SampleRate: 44100},
		Takes: []Take{
			{Position: 1, Take: 1, QuestionID: "q", File: "01-q.wav", Frames: 264600, SampleRate: 44100, LengthS: 6, Status: TakeDone, Rating: 5,
				Limits: LimitsRecord{PrepS: 30, AnswerS: 90, WarnS: 30, OvertimeS: 30},
				Analysis: &audio.Analysis{Version: 1, LengthS: 6, PeakDBFS: -3, RMSDBFS: -20, NoiseFloorDBFS: -120, FirstWordS: &first,
					SpeakingS: 4, LongestPauseS: 1, Pauses: []audio.Span{{StartS: 2, EndS: 3}}, Waveform: []float32{0, 0.5, 1}}},
			{Position: 1, Take: 2, QuestionID: "q", Status: TakeSkipped},
			{Position: 2, Take: 1, QuestionID: "r", Status: TakeDone, Rating: 0},
		},
	}
}

// TestParseRecordRanges: a number out of range in session.json (a rating
// of -5 or 99 broke the HTML report and the means) is a *RecordError naming
// the file and the JSON path of the value.
func TestParseRecordRanges(t *testing.T) {
	const path = "/data/sessions/x/session.json"
	data, err := json.Marshal(vtRecord())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseRecord(path, data); err != nil {
		t.Fatalf("a valid record: %v", err)
	}
	for _, tc := range []struct {
		field string
		edit  func(*Record)
		want  string
	}{
		{"takes[0].rating", func(r *Record) { r.Takes[0].Rating = -5 }, "-5 is out of range"},
		{"takes[2].rating", func(r *Record) { r.Takes[2].Rating = 99 }, "99 is out of range; want 1 to 5, or 0 when not rated"},
		{"takes[1].frames", func(r *Record) { r.Takes[1].Frames = -1 }, "-1 is out of range"},
		{"takes[0].frames", func(r *Record) { r.Takes[0].Frames = 1 << 40 }, "out of range"},
		{"takes[0].length_s", func(r *Record) { r.Takes[0].LengthS = -6 }, "-6 is out of range"},
		{"takes[0].length_s", func(r *Record) { r.Takes[0].LengthS = 1e300 }, "out of range"},
		{"takes[0].sample_rate", func(r *Record) { r.Takes[0].SampleRate = -44100 }, "-44100 Hz is out of range"},
		{"takes[0].sample_rate", func(r *Record) { r.Takes[0].SampleRate = 0x7FFFFFFF }, "out of range"},
		{"takes[0].position", func(r *Record) { r.Takes[0].Position = 0 }, "0 is out of range; want 1 or more"},
		{"takes[0].take", func(r *Record) { r.Takes[0].Take = -1 }, "out of range"},
		{"takes[0].overflows", func(r *Record) { r.Takes[0].Overflows = -3 }, "out of range"},
		{"takes[0].dropped_frames", func(r *Record) { r.Takes[0].DroppedFrames = -3 }, "out of range"},
		{"takes[0].gap_s", func(r *Record) { r.Takes[0].GapS = -5.2 }, "-5.2 is out of range; want 0 to 1000000000 seconds"},
		{"takes[1].suspended_s", func(r *Record) { r.Takes[1].SuspendedS = 1e300 }, "out of range"},
		{"takes[0].limits.answer_s", func(r *Record) { r.Takes[0].Limits.AnswerS = -90 }, "out of range"},
		{"takes[0].analysis.length_s", func(r *Record) { r.Takes[0].Analysis.LengthS = -1 }, "out of range"},
		{"takes[0].analysis.first_word_s", func(r *Record) { v := -2.0; r.Takes[0].Analysis.FirstWordS = &v }, "out of range"},
		{"takes[0].analysis.peak_dbfs", func(r *Record) { r.Takes[0].Analysis.PeakDBFS = 400 }, "400 dBFS is out of range"},
		{"takes[0].analysis.rms_dbfs", func(r *Record) { r.Takes[0].Analysis.RMSDBFS = -1e9 }, "out of range"},
		{"takes[0].analysis.pauses_over_2s", func(r *Record) { r.Takes[0].Analysis.PausesOver2s = -1 }, "out of range"},
		{"takes[0].analysis.clipped_samples", func(r *Record) { r.Takes[0].Analysis.ClippedSamples = -1 }, "out of range"},
		{"takes[0].analysis.pauses[0]", func(r *Record) { r.Takes[0].Analysis.Pauses[0].EndS = 1 }, "ends (1 s) before it starts (2 s)"},
		{"takes[0].analysis.pauses[0].start_s", func(r *Record) { r.Takes[0].Analysis.Pauses[0].StartS = -1 }, "out of range"},
		{"takes[0].analysis.waveform[1]", func(r *Record) { r.Takes[0].Analysis.Waveform[1] = 7 }, "7 is out of range; want 0 to 1"},
		{"takes[0].analysis.waveform", func(r *Record) { r.Takes[0].Analysis.Waveform = make([]float32, 100000) }, "100000 buckets"},
		{"takes[0].analysis.pauses", func(r *Record) { r.Takes[0].Analysis.Pauses = make([]audio.Span, 5000) }, "5000 pauses"},
		{"plan.count", func(r *Record) { r.Plan.Count = -1 }, "out of range"},
		{"plan.questions[1].position", func(r *Record) { r.Plan.Questions[1].Position = -4 }, "out of range"},
		{"device.sample_rate", func(r *Record) { r.Device.SampleRate = -1 }, "out of range"},
	} {
		t.Run(tc.field, func(t *testing.T) {
			rec := vtRecord()
			tc.edit(rec)
			data, err := json.Marshal(rec)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseRecord(path, data)
			if err == nil {
				t.Fatalf("ParseRecord accepted it: %+v", got.Takes[0])
			}
			var re *RecordError
			if !errors.As(err, &re) || re.Path != path || re.Field != tc.field {
				t.Fatalf("error %T %v; want a *RecordError for %s, field %s", err, err, path, tc.field)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, path+": "+tc.field+": ") || !strings.Contains(msg, tc.want) {
				t.Errorf("message %q, want %q, %q and %q", msg, path, tc.field, tc.want)
			}
		})
	}

	// Several problems: the first is named, the others counted.
	rec := vtRecord()
	rec.Takes[0].Rating, rec.Takes[2].Rating, rec.Takes[2].Frames = -5, 99, -1
	data, _ = json.Marshal(rec)
	_, err = ParseRecord(path, data)
	if err == nil || !strings.Contains(err.Error(), "takes[0].rating") || !strings.Contains(err.Error(), "and 2 more problems") {
		t.Errorf("three problems: %v", err)
	}
}
