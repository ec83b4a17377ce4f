//go:build unix

package session

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mockround/mockround/internal/safefs"
	"github.com/mockround/mockround/transcribe"
)

// heard is a transcript of text, each word 0.3 s long and 0.1 s apart.
func heard(audioFile, text string) *transcribe.Transcript {
	tr := &transcribe.Transcript{Engine: "pocketsphinx", Version: "0.8", Model: "en-us", Audio: audioFile, LengthS: 10}
	at := 0.0
	for _, w := range strings.Fields(text) {
		tr.Words = append(tr.Words, transcribe.Word{W: w, Start: at, End: at + 0.3})
		at += 0.4
	}
	return tr
}

func writeTranscript(t *testing.T, dir, wav string, tr *transcribe.Transcript) {
	t.Helper()
	if err := transcribe.Write(filepath.Join(dir, transcribe.PathFor(wav)), tr); err != nil {
		t.Fatal(err)
	}
}

func pointsOf(id string) []string {
	if id == "caching" {
		return []string{"cache invalidation", "latency budget"}
	}
	return nil
}

// TestEnsureTranscripts: a transcript beside its take that session.json
// does not refer to is attached with its figures; one referred to without
// figures gets them; one with figures is left alone; a take without one
// stays without; a follow-up is measured against no talking points.
func TestEnsureTranscripts(t *testing.T) {
	dir := t.TempDir()
	kept := &TranscriptRef{File: "03-caching.transcript.json", Engine: "whisper", Figures: transcribe.Compute(heard("", "kept"), nil)}
	rec := &Record{ID: "x", Takes: []Take{
		{Position: 1, Take: 1, QuestionID: "caching", File: "01-caching.wav"},
		{Position: 2, Take: 1, QuestionID: "caching", File: "02-caching.wav",
			Transcript: &TranscriptRef{File: "02-caching.transcript.json", Engine: "pocketsphinx"}},
		{Position: 3, Take: 1, QuestionID: "caching", File: "03-caching.wav", Transcript: kept},
		{Position: 4, Take: 1, QuestionID: "caching", File: "04-caching.wav"},
		{Position: 4, Take: 1, QuestionID: "caching", File: "04-caching.followup.wav", FollowUp: "And then?"},
		{Position: 5, Take: 1, QuestionID: "caching"},
	}}
	say := "um the cache invalidation was basically the hard part"
	writeTranscript(t, dir, "01-caching.wav", heard("01-caching.wav", say))
	writeTranscript(t, dir, "02-caching.wav", heard("02-caching.wav", say))
	writeTranscript(t, dir, "03-caching.wav", heard("03-caching.wav", say))
	writeTranscript(t, dir, "04-caching.followup.wav", heard("04-caching.followup.wav", say))

	n, errs := EnsureTranscripts(dir, rec, pointsOf)
	if n != 3 || len(errs) != 0 {
		t.Fatalf("changed %d takes, errors %v; want 3 and none", n, errs)
	}
	want := transcribe.Compute(heard("", say), pointsOf("caching"))
	for _, i := range []int{0, 1} {
		ref := rec.Takes[i].Transcript
		if ref == nil || ref.File != rec.Takes[i].TranscriptName() || ref.Engine != "pocketsphinx" || ref.Version != "0.8" ||
			ref.Model != "en-us" || !reflect.DeepEqual(ref.Figures, want) {
			t.Errorf("take at %d: %+v", i, ref)
		}
	}
	if f := rec.Takes[0].Transcript.Figures; f.Words != 9 || f.FillerCount != 2 || len(f.Coverage) != 2 || !f.Coverage[0].Covered || f.Coverage[1].Covered {
		t.Errorf("figures %+v", f)
	}
	if rec.Takes[2].Transcript != kept || kept.Figures.Words != 1 {
		t.Errorf("figures already there were recomputed: %+v", rec.Takes[2].Transcript)
	}
	if rec.Takes[3].Transcript != nil || rec.Takes[5].Transcript != nil {
		t.Error("a take with no transcript got one")
	}
	if f := rec.Takes[4].Transcript; f == nil || len(f.Figures.Coverage) != 0 || f.Figures.Words != 9 {
		t.Errorf("follow-up: %+v", f)
	}
	if n, errs := EnsureTranscripts(dir, rec, pointsOf); n != 0 || len(errs) != 0 {
		t.Errorf("again: %d, %v", n, errs)
	}

	// What it attached survives session.json's round trip.
	rec.Format = FormatVersion
	if err := Save(dir, rec); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Takes[0].Transcript, rec.Takes[0].Transcript) {
		t.Errorf("after Save and Load: %+v\nwant %+v", back.Takes[0].Transcript, rec.Takes[0].Transcript)
	}
}

// TestEnsureTranscriptsBadFiles: a damaged transcript, a link in place of
// one, another take's transcript and a reference to a file that is not
// the take's are errors naming the file; their takes are left as they were.
func TestEnsureTranscriptsBadFiles(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	rec := &Record{ID: "x", Takes: []Take{
		{Position: 1, Take: 1, QuestionID: "a", File: "01-a.wav"},
		{Position: 2, Take: 1, QuestionID: "b", File: "02-b.wav"},
		{Position: 3, Take: 1, QuestionID: "c", File: "03-c.wav"},
		{Position: 4, Take: 1, QuestionID: "d", File: "04-d.wav", Transcript: &TranscriptRef{File: "../evil.transcript.json"}},
		{Position: 5, Take: 1, QuestionID: "e", File: "05-e.wav", Transcript: &TranscriptRef{File: "05-e.transcript.json"}},
	}}
	sfWrite(t, filepath.Join(dir, "01-a.transcript.json"), []byte("{\"format\": 1,\n\"words\": [\n"))
	writeTranscript(t, outside, "02-b.wav", heard("02-b.wav", "hello"))
	if err := os.Symlink(filepath.Join(outside, "02-b.transcript.json"), filepath.Join(dir, "02-b.transcript.json")); err != nil {
		t.Fatal(err)
	}
	writeTranscript(t, dir, "03-c.wav", heard("01-a.wav", "hello"))
	writeTranscript(t, outside, "04-d.wav", heard("04-d.wav", "hello"))

	n, errs := EnsureTranscripts(dir, rec, nil)
	if n != 0 {
		t.Errorf("changed %d takes", n)
	}
	wants := []struct {
		says []string
		is   error
	}{
		{[]string{"transcript of take 1 of question 1", filepath.Join(dir, "01-a.transcript.json") + ":3:1", "ends too early"}, nil},
		{[]string{filepath.Join(dir, "02-b.transcript.json")}, safefs.ErrSymlink},
		{[]string{filepath.Join(dir, "03-c.transcript.json"), "the transcript of 01-a.wav"}, nil},
		{[]string{RecordFile, `names the transcript "../evil.transcript.json"`}, nil},
		{[]string{filepath.Join(dir, "05-e.transcript.json")}, fs.ErrNotExist},
	}
	if len(errs) != len(wants) {
		t.Fatalf("errors %v", errs)
	}
	for i, w := range wants {
		for _, s := range w.says {
			if !strings.Contains(errs[i].Error(), s) {
				t.Errorf("error %d %q does not say %q", i, errs[i], s)
			}
		}
		if w.is != nil && !errors.Is(errs[i], w.is) {
			t.Errorf("error %d %q is not %v", i, errs[i], w.is)
		}
	}
	for i := range 3 {
		if rec.Takes[i].Transcript != nil {
			t.Errorf("take %d got %+v", i+1, rec.Takes[i].Transcript)
		}
	}
	if ref := rec.Takes[3].Transcript; ref.File != "../evil.transcript.json" || ref.Figures.Fillers != nil {
		t.Errorf("take 4 changed: %+v", ref)
	}
}

func TestTranscriptName(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"01-a.wav", "01-a.transcript.json"},
		{"02-a.take2.wav", "02-a.take2.transcript.json"},
		{"03-a.followup.wav", "03-a.followup.transcript.json"},
		{"", ""},
		{"../x.wav", ""},
		{".hidden.wav", ""},
	} {
		tk := Take{File: c.file}
		if got := tk.TranscriptName(); got != c.want {
			t.Errorf("%q: %q, want %q", c.file, got, c.want)
		}
	}
}
