//go:build unix

package session

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockround/mockround/audio"
)

// TestEnsureAnalysis: takes recorded without figures, or with figures of an
// older analysis, are analysed; figures of the current analysis are kept;
// a take whose file is missing or unreadable is reported and left alone.
func TestEnsureAnalysis(t *testing.T) {
	dir := t.TempDir()
	current := &audio.Analysis{Version: audio.AnalysisVersion, LengthS: 99}
	old := &audio.Analysis{Version: audio.AnalysisVersion - 1, LengthS: 99}
	rec := &Record{ID: "x", Takes: []Take{
		{Position: 1, Take: 1, File: "01-none.wav"},
		{Position: 2, Take: 1, File: "02-current.wav", Analysis: current},
		{Position: 3, Take: 1, File: "03-old.wav", Analysis: old},
		{Position: 4, Take: 1, File: ""},
		{Position: 5, Take: 1, File: "../05-outside.wav"},
		{Position: 6, Take: 1, File: "06-missing.wav"},
		{Position: 7, Take: 2, File: "07-notwav.wav"},
	}}
	for _, n := range []string{"01-none.wav", "02-current.wav", "03-old.wav", "../05-outside.wav"} {
		sfWrite(t, filepath.Join(dir, n), rpWAV(22050, 36+2*22050, 2*22050, 0)) // 0.5 s
	}
	sfWrite(t, filepath.Join(dir, "07-notwav.wav"), []byte("RIFF but no WAVE at all"))

	n, errs := EnsureAnalysis(dir, rec)
	if n != 2 {
		t.Errorf("analysed %d takes, want 2 (the one without figures and the one with old figures)", n)
	}
	for _, i := range []int{0, 2} {
		if a := rec.Takes[i].Analysis; a == nil || a.Version != audio.AnalysisVersion || a.LengthS != 0.5 {
			t.Errorf("take at %d: figures %+v, want the current analysis of 0.5 s", rec.Takes[i].Position, a)
		}
	}
	if rec.Takes[1].Analysis != current || current.LengthS != 99 {
		t.Errorf("current figures replaced: %+v", rec.Takes[1].Analysis)
	}
	for _, i := range []int{3, 4, 5, 6} {
		if a := rec.Takes[i].Analysis; a != nil {
			t.Errorf("take at %d got figures %+v", rec.Takes[i].Position, a)
		}
	}
	if len(errs) != 2 {
		t.Fatalf("errors %v, want two: the missing file and the one that is no WAV", errs)
	}
	if !errors.Is(errs[0], fs.ErrNotExist) || !strings.HasPrefix(errs[0].Error(), "analyse take 1 of question 6: ") {
		t.Errorf("error %q, want one about the missing take 1 of question 6", errs[0])
	}
	if !strings.HasPrefix(errs[1].Error(), "analyse take 2 of question 7: ") || !strings.Contains(errs[1].Error(), "07-notwav.wav") {
		t.Errorf("error %q, want one naming take 2 of question 7 and its file", errs[1])
	}
}
