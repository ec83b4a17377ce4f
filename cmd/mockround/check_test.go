package main

import (
	"math"
	"strings"
	"testing"

	"github.com/mockround/mockround/audio"
)

func TestCheckVerdict(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    checkLevels
		want string
	}{
		{"digital silence", checkLevels{Peak: -120, RMS: -120, SpeechRMS: -120}, verdictSilent},
		{"room noise only", checkLevels{Peak: -62, RMS: -75, SpeechRMS: -75}, verdictSilent},
		{"just above silent", checkLevels{Peak: -59, RMS: -70, SpeechRMS: -65}, verdictQuiet},
		{"far from the microphone", checkLevels{Peak: -28, RMS: -45, SpeechRMS: -38}, verdictQuiet},
		{"peaks fine, speech too soft", checkLevels{Peak: -12, RMS: -50, SpeechRMS: -42}, verdictQuiet},
		{"speaking normally", checkLevels{Peak: -6.2, RMS: -24, SpeechRMS: -21}, verdictGood},
		{"loud but clean", checkLevels{Peak: -0.5, RMS: -12, SpeechRMS: -10}, verdictGood},
		{"peak at full scale", checkLevels{Peak: -0.05, RMS: -10, SpeechRMS: -8}, verdictClipping},
		{"clipped samples", checkLevels{Peak: -0.2, RMS: -10, SpeechRMS: -8, Clipped: 12}, verdictClipping},
		{"clipping beats quiet", checkLevels{Peak: 0, RMS: -50, SpeechRMS: -48, Clipped: 1}, verdictClipping},
	} {
		if got := checkVerdict(tc.l); got != tc.want {
			t.Errorf("%s %+v: %s, want %s", tc.name, tc.l, got, tc.want)
		}
	}
}

func TestCheckSpeechRMS(t *testing.T) {
	// 3 s with 1 s of speech: the speech carries nearly all the power, so
	// its RMS is about 10·log10(3) = 4.8 dB over the take's.
	first := 0.5
	a := audio.Analysis{LengthS: 3, SpeakingS: 1, RMSDBFS: -30, NoiseFloorDBFS: -70, PeakDBFS: -10, FirstWordS: &first}
	l := levelsOf(a)
	if math.Abs(l.SpeechRMS-(-30+10*math.Log10(3))) > 0.05 {
		t.Errorf("speech RMS %.2f, want about %.2f", l.SpeechRMS, -30+10*math.Log10(3))
	}
	// No speech found: the take's RMS stands.
	if l := levelsOf(audio.Analysis{LengthS: 3, RMSDBFS: -50, PeakDBFS: -30}); l.SpeechRMS != -50 {
		t.Errorf("no speech: speech RMS %.2f, want -50", l.SpeechRMS)
	}
	v, line := judgeCheck(audio.Analysis{LengthS: 3, PeakDBFS: audio.SilenceDBFS, RMSDBFS: audio.SilenceDBFS})
	if v != verdictSilent || line != "check: silent · peak -inf dBFS · RMS -inf dBFS" {
		t.Errorf("silence: %s, %q", v, line)
	}
	v, line = judgeCheck(a)
	if v != verdictGood || !strings.HasPrefix(line, "check: good · peak -10.0 dBFS · RMS -30.0 dBFS") {
		t.Errorf("speech: %s, %q", v, line)
	}
}

func TestCheckBadSeconds(t *testing.T) {
	for _, arg := range []string{"0", "-1", "61", "NaN"} {
		var out, errOut strings.Builder
		code := Main([]string{"check", "--seconds", arg}, IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
		if code != exitUsage || !strings.Contains(errOut.String(), "--seconds") {
			t.Errorf("--seconds %s: exit %d, %q", arg, code, errOut.String())
		}
	}
}
