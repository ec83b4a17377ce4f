package audio

import (
	"math"
	"strings"
	"testing"
)

func TestCheckVerdict(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    CheckLevels
		want Verdict
	}{
		{"digital silence", CheckLevels{Peak: -120, RMS: -120, SpeechRMS: -120}, VerdictSilent},
		{"room noise only", CheckLevels{Peak: -62, RMS: -75, SpeechRMS: -75}, VerdictSilent},
		{"just below the silent line", CheckLevels{Peak: -60.01, RMS: -70, SpeechRMS: -65}, VerdictSilent},
		{"at the silent line", CheckLevels{Peak: -60, RMS: -70, SpeechRMS: -65}, VerdictQuiet},
		{"just above silent", CheckLevels{Peak: -59, RMS: -70, SpeechRMS: -65}, VerdictQuiet},
		{"far from the microphone", CheckLevels{Peak: -28, RMS: -45, SpeechRMS: -38}, VerdictQuiet},
		{"peaks fine, speech too soft", CheckLevels{Peak: -12, RMS: -50, SpeechRMS: -42}, VerdictQuiet},
		{"speech at the quiet line", CheckLevels{Peak: -12, RMS: -50, SpeechRMS: -40}, VerdictGood},
		{"peak at the quiet line", CheckLevels{Peak: -25, RMS: -30, SpeechRMS: -28}, VerdictGood},
		{"speaking normally", CheckLevels{Peak: -6.2, RMS: -24, SpeechRMS: -21}, VerdictGood},
		{"loud but clean", CheckLevels{Peak: -0.5, RMS: -12, SpeechRMS: -10}, VerdictGood},
		{"peak at the clip line", CheckLevels{Peak: -0.1, RMS: -10, SpeechRMS: -8}, VerdictClipping},
		{"peak at full scale", CheckLevels{Peak: -0.05, RMS: -10, SpeechRMS: -8}, VerdictClipping},
		{"clipped samples", CheckLevels{Peak: -0.2, RMS: -10, SpeechRMS: -8, Clipped: 12}, VerdictClipping},
		{"one clipped sample", CheckLevels{Peak: -3, RMS: -10, SpeechRMS: -8, Clipped: 1}, VerdictClipping},
		{"clipping beats quiet", CheckLevels{Peak: 0, RMS: -50, SpeechRMS: -48, Clipped: 1}, VerdictClipping},
	} {
		if got := tc.l.Judge(); got != tc.want {
			t.Errorf("%s %+v: %s, want %s", tc.name, tc.l, got, tc.want)
		}
	}
}

func TestCheckSpeechRMS(t *testing.T) {
	// 3 s with 1 s of speech: the speech carries nearly all the power, so
	// its RMS is about 10·log10(3) = 4.8 dB over the take's.
	first := 0.5
	a := Analysis{LengthS: 3, SpeakingS: 1, RMSDBFS: -30, NoiseFloorDBFS: -70, PeakDBFS: -10, FirstWordS: &first, ClippedSamples: 0}
	l := LevelsOf(a)
	if math.Abs(l.SpeechRMS-(-30+10*math.Log10(3))) > 0.05 {
		t.Errorf("speech RMS %.2f, want about %.2f", l.SpeechRMS, -30+10*math.Log10(3))
	}
	if l.Peak != -10 || l.RMS != -30 {
		t.Errorf("levels %+v, want the take's peak -10 and RMS -30", l)
	}
	// A loud noise floor takes a share: 2 s at -40 dBFS of 3 s at -30.
	b := Analysis{LengthS: 3, SpeakingS: 1, RMSDBFS: -30, NoiseFloorDBFS: -40, PeakDBFS: -10}
	want := 10 * math.Log10(3e-3-2e-4)
	if l := LevelsOf(b); math.Abs(l.SpeechRMS-want) > 0.01 {
		t.Errorf("noisy room: speech RMS %.3f, want %.3f", l.SpeechRMS, want)
	}
	// No speech found: the take's RMS stands.
	if l := LevelsOf(Analysis{LengthS: 3, RMSDBFS: -50, PeakDBFS: -30}); l.SpeechRMS != -50 {
		t.Errorf("no speech: speech RMS %.2f, want -50", l.SpeechRMS)
	}
	// All speech: nothing to take out.
	if l := LevelsOf(Analysis{LengthS: 3, SpeakingS: 3, RMSDBFS: -20, NoiseFloorDBFS: -60, PeakDBFS: -3}); l.SpeechRMS != -20 {
		t.Errorf("all speech: speech RMS %.2f, want -20", l.SpeechRMS)
	}
	// Noise above the take's power (a bad estimate): the take's RMS stands.
	if l := LevelsOf(Analysis{LengthS: 3, SpeakingS: 1, RMSDBFS: -50, NoiseFloorDBFS: -30, PeakDBFS: -20}); l.SpeechRMS != -50 {
		t.Errorf("noise over power: speech RMS %.2f, want -50", l.SpeechRMS)
	}
	if got := LevelsOf(Analysis{PeakDBFS: SilenceDBFS, RMSDBFS: SilenceDBFS}).Line(); got != "check: silent · peak -inf dBFS · RMS -inf dBFS" {
		t.Errorf("silence: %q", got)
	}
	if got := l.Line(); got != "check: good · peak -10.0 dBFS · RMS -30.0 dBFS" {
		t.Errorf("speech: %q", got)
	}
}

func TestCheckAdvice(t *testing.T) {
	seen := map[string]Verdict{}
	for _, v := range []Verdict{VerdictSilent, VerdictQuiet, VerdictClipping, VerdictGood} {
		a := v.Advice()
		if prev, dup := seen[a]; dup {
			t.Errorf("%s and %s give the same advice %q", prev, v, a)
		}
		seen[a] = v
	}
	if a := VerdictSilent.Advice(); !strings.Contains(a, "mockround devices") {
		t.Errorf("silent advice names no next step: %q", a)
	}
}
