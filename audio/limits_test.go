//go:build unix

package audio

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// TestFmtMessagesSayWhatWouldFit: a block align or byte rate that
// disagrees is reported with the value the other fields make.
func TestFmtMessagesSayWhatWouldFit(t *testing.T) {
	pcm := wtPCM(wtSamples(100))
	for _, tc := range []struct {
		fmt  []byte
		want string
	}{
		{wsFmt(1, 3, wtRate, wtRate*6, 4, 16), "bad fmt chunk: block align 4 bytes, but 3 channels of 16 bits make 6"},
		{wsFmt(1, 1, wtRate, 12345, 2, 16), "bad fmt chunk: byte rate 12345, but 48000 frames a second of 2 bytes make 96000"},
	} {
		path := wtWriteFile(t, "x.wav", wtRIFF(tc.fmt, wtChunk("data", pcm)))
		if _, err := ReadInfo(path); err == nil || !strings.HasSuffix(err.Error(), tc.want) {
			t.Errorf("ReadInfo: %v, want it to end %q", err, tc.want)
		}
	}
}

// TestReadInfoChunkLimit: the data chunk is looked for among the first 64
// chunks, and no further.
func TestReadInfoChunkLimit(t *testing.T) {
	pcm := wtPCM(wtSamples(100))
	for _, tc := range []struct {
		junk int // chunks between fmt and data
		ok   bool
	}{{62, true}, {63, false}} {
		chunks := [][]byte{wtFmt16(1, wtRate)}
		for range tc.junk {
			chunks = append(chunks, wtChunk("junk", []byte{1, 2, 3}))
		}
		chunks = append(chunks, wtChunk("data", pcm))
		info, err := ReadInfo(wtWriteFile(t, "x.wav", wtRIFF(chunks...)))
		if tc.ok && (err != nil || info.Frames() != 100) {
			t.Errorf("data as chunk %d: %+v, %v", tc.junk+2, info, err)
		}
		if !tc.ok && (!errors.Is(err, ErrNotWAV) || !strings.Contains(err.Error(), "no data chunk")) {
			t.Errorf("data as chunk %d: %v, want no data chunk found", tc.junk+2, err)
		}
	}
}

// TestReadInfoOddDataThenChunk: 8-bit audio of an odd number of bytes has
// a pad byte before the next chunk; the data size is trusted when a chunk
// follows the pad.
func TestReadInfoOddDataThenChunk(t *testing.T) {
	b8 := wsFmt(1, 1, wtRate, wtRate, 1, 8)
	file := wtRIFF(b8, wtChunk("data", []byte{1, 2, 3, 4, 5}), wtChunk("LIST", []byte("info")))
	info, err := ReadInfo(wtWriteFile(t, "x.wav", file))
	if err != nil || info.DataBytes != 5 || info.Frames() != 5 {
		t.Errorf("ReadInfo = %+v, %v; want 5 bytes of audio", info, err)
	}
}

// TestZeroSizes: no rate or no frame size means no frames and no time,
// not a division by zero.
func TestZeroSizes(t *testing.T) {
	if d := FramesDuration(48000, 0); d != 0 {
		t.Errorf("FramesDuration at rate 0 = %v", d)
	}
	if n := (Info{DataBytes: 100}).Frames(); n != 0 {
		t.Errorf("Frames() with no channels = %d", n)
	}
}

// TestWriterEmptyWrite: writing no samples writes nothing and is no error.
func TestWriterEmptyWrite(t *testing.T) {
	w, err := CreateWAV(filepath.Join(t.TempDir(), "x.wav"), wtRate)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, s := range [][]int16{nil, {}} {
		if err := w.Write(s); err != nil || w.Frames() != 0 {
			t.Errorf("Write(%v) = %v, %d frames", s, err, w.Frames())
		}
	}
}

// TestCreateWAVRateLimits: the lowest and highest rates are allowed.
func TestCreateWAVRateLimits(t *testing.T) {
	for _, rate := range []int{MinRate, MaxRate} {
		w, err := CreateWAV(filepath.Join(t.TempDir(), "x.wav"), rate)
		if err != nil {
			t.Errorf("rate %d: %v", rate, err)
			continue
		}
		w.Close()
	}
}

// TestCheckSpeechRMSSpread: the speech's power is spread over the speaking
// time (here 2 s of 4); with no speech the take's RMS stands, however low
// the floor.
func TestCheckSpeechRMSSpread(t *testing.T) {
	a := Analysis{LengthS: 4, SpeakingS: 2, RMSDBFS: -30, NoiseFloorDBFS: -70, PeakDBFS: -10}
	want := 10 * math.Log10((4e-3-2*1e-7)/2)
	if l := LevelsOf(a); math.Abs(l.SpeechRMS-want) > 0.001 {
		t.Errorf("speech RMS %.3f, want %.3f", l.SpeechRMS, want)
	}
	if l := LevelsOf(Analysis{LengthS: 3, RMSDBFS: -50, NoiseFloorDBFS: SilenceDBFS, PeakDBFS: -30}); l.SpeechRMS != -50 {
		t.Errorf("no speech over a silent floor: speech RMS %v, want -50", l.SpeechRMS)
	}
}

// TestAnalyzeTwoSampleFrames: frames too short to fit a line (2 samples at
// 200 Hz) take the plain mean square: a steady level of 328 is -40 dBFS.
func TestAnalyzeTwoSampleFrames(t *testing.T) {
	s := make([]int16, 3*200)
	for i := range s {
		s[i] = 328
	}
	want := 20 * math.Log10(328.0/32768)
	if r := anAnalyze(200, s); math.Abs(r.NoiseFloorDBFS-want) > 0.05 {
		t.Errorf("noise floor %v dBFS, want %.2f", r.NoiseFloorDBFS, want)
	}
}

// TestReadInfoTrailingChunk: a data size smaller than the file is trusted
// only when a plausible chunk follows it: its id printable ASCII (space
// and ~ included), its size within the file (an empty chunk at the very
// end included). Otherwise the audio runs to the end of the file.
func TestReadInfoTrailingChunk(t *testing.T) {
	pcm := wtPCM(wtSamples(100)) // 200 bytes
	raw := func(id string, size uint32, body []byte) []byte {
		c := append([]byte(id), byte(size), byte(size>>8), byte(size>>16), byte(size>>24))
		return append(c, body...)
	}
	for _, tc := range []struct {
		name  string
		after []byte
		bytes int64
	}{
		{"an empty chunk at the end", raw("LIST", 0, nil), 200},
		{"an id of space and tilde", raw("~ a ", 4, []byte("abcd")), 200},
		{"an id with a control byte", raw("LI\x1fT", 4, []byte("abcd")), 212},
		{"an id with DEL", raw("LI\x7fT", 4, []byte("abcd")), 212},
		{"a size one byte too big", raw("LIST", 5, []byte("abcd")), 212},
		{"a size that fits", raw("LIST", 4, []byte("abcd")), 200},
	} {
		file := append(wtRIFF(wtFmt16(1, wtRate), wtChunk("data", pcm)), tc.after...)
		info, err := ReadInfo(wtWriteFile(t, "x.wav", file))
		if err != nil || info.DataBytes != tc.bytes {
			t.Errorf("%s: %d bytes of audio (%v), want %d", tc.name, info.DataBytes, err, tc.bytes)
		}
	}
}

// TestAnalyzeFloorWindow: the floor is the lowest level of 500 frames
// (5 s), no more: a silent first frame holds the floor down for frames up
// to 299, so a steady -50 dBFS tone after it is speech until frame 300,
// 2.99 s, and not a frame longer.
func TestAnalyzeFloorWindow(t *testing.T) {
	g := anNewSignal(48000).silence(0.01).tone(3, -50, 220)
	r := anAnalyze(g.rate, g.s)
	if r.FirstWordS == nil || *r.FirstWordS != 0.01 || r.SpeakingS != 2.99 {
		t.Errorf("first word %v, speaking %v; want 0.01 and 2.99", anFmtp(r.FirstWordS), r.SpeakingS)
	}
}
