//go:build unix

package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

// wsFmt is a fmt chunk with every field given.
func wsFmt(format, channels uint16, rate, byteRate uint32, align, bits uint16) []byte {
	b := binary.LittleEndian.AppendUint16(nil, format)
	b = binary.LittleEndian.AppendUint16(b, channels)
	b = binary.LittleEndian.AppendUint32(b, rate)
	b = binary.LittleEndian.AppendUint32(b, byteRate)
	b = binary.LittleEndian.AppendUint16(b, align)
	b = binary.LittleEndian.AppendUint16(b, bits)
	return wtChunk("fmt ", b)
}

// TestHostileFmtChunk: fmt chunks whose fields are out of range or
// disagree are reported as bad files, and nothing is written to them.
// Repair once trimmed "partial frames" by a frame size of 65535 channels
// or 0xFFF8 bits, cutting kilobytes of audio.
func TestHostileFmtChunk(t *testing.T) {
	pcm := wtPCM(wtSamples(1300)) // 2600 bytes, and half a frame more below
	for _, tc := range []struct {
		name, fmtChunk string
		fmt            []byte
		want           string
	}{
		{name: "bits per sample 0xFFF8", fmt: wsFmt(1, 1, wtRate, wtRate*2, 2, 0xFFF8), want: "65528 bits per sample"},
		{name: "65535 channels", fmt: wsFmt(1, 65535, wtRate, wtRate*2, 2, 16), want: "65535 channels"},
		{name: "sample rate 0xFFFFFFFF", fmt: wsFmt(1, 1, 0xFFFFFFFF, 0xFFFFFFFE, 2, 16), want: "sample rate 4294967295 Hz"},
		{name: "sample rate 0", fmt: wsFmt(1, 1, 0, 0, 2, 16), want: "sample rate 0 Hz"},
		{name: "sample rate 1", fmt: wsFmt(1, 1, 1, 2, 2, 16), want: "sample rate 1 Hz"},
		{name: "block align disagrees", fmt: wsFmt(1, 1, wtRate, wtRate*2, 4, 16), want: "block align 4"},
		{name: "block align 0", fmt: wsFmt(1, 1, wtRate, wtRate*2, 0, 16), want: "block align 0"},
		{name: "byte rate disagrees", fmt: wsFmt(1, 1, wtRate, 12345, 2, 16), want: "byte rate 12345"},
		{name: "not PCM", fmt: wsFmt(3, 1, wtRate, wtRate*4, 4, 32), want: "format 3 is not PCM"},
		{name: "extensible", fmt: wsFmt(0xFFFE, 1, wtRate, wtRate*2, 2, 16), want: "format 65534 is not PCM"},
		{name: "12 bits", fmt: wsFmt(1, 1, wtRate, wtRate*2, 2, 12), want: "12 bits per sample"},
		{name: "9 channels", fmt: wsFmt(1, 9, wtRate, wtRate*18, 18, 16), want: "9 channels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := wtRIFF(tc.fmt, wtChunk("data", pcm))
			file = append(wtWithSizes(file, 44, wtU32(0), wtU32(0)), 0x81)
			path := wtWriteFile(t, "take.wav", file)
			for what, err := range map[string]error{
				"ReadInfo":    second(ReadInfo(path)),
				"AnalyzeFile": second(AnalyzeFile(path)),
				"Repair":      third(Repair(path)),
			} {
				if !errors.Is(err, ErrNotWAV) {
					t.Errorf("%s: error %v, want one wrapping ErrNotWAV", what, err)
					continue
				}
				if msg := err.Error(); !strings.Contains(msg, tc.want) || !strings.Contains(msg, path) || !strings.Contains(msg, "bad fmt chunk") {
					t.Errorf("%s: error %q does not name the file and %q", what, msg, tc.want)
				}
			}
			if got := wtReadFile(t, path); !bytes.Equal(got, file) {
				t.Errorf("the file changed: %d bytes, was %d", len(got), len(file))
			}
		})
	}
}

func second[T any](_ T, err error) error        { return err }
func third[T, U any](_ T, _ U, err error) error { return err }

// TestRepairLeavesForeignWAV: a well-formed WAV in a format mockround does
// not record is read, and played when its header is sound, but Repair
// never rewrites it.
func TestRepairLeavesForeignWAV(t *testing.T) {
	pcm := wtPCM(wtSamples(960)) // whole frames of 1 to 32 bytes
	for _, tc := range []struct {
		name string
		fmt  []byte
	}{
		{"stereo 16-bit", wsFmt(1, 2, wtRate, wtRate*4, 4, 16)},
		{"mono 8-bit", wsFmt(1, 1, wtRate, wtRate, 1, 8)},
		{"mono 24-bit", wsFmt(1, 1, 44100, 44100*3, 3, 24)},
		{"8 channels 32-bit", wsFmt(1, 8, 8000, 8000*32, 32, 32)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			good := wtRIFF(tc.fmt, wtChunk("data", pcm))
			path := wtWriteFile(t, "good.wav", good)
			changed, info, err := Repair(path)
			if err != nil || changed || !info.HeaderOK() {
				t.Errorf("Repair of a sound header = %v, %+v, %v; want unchanged, no error", changed, info, err)
			}

			broken := append(wtWithSizes(good, 44, wtU32(0), wtU32(0)), 0x81)
			path = wtWriteFile(t, "broken.wav", broken)
			if _, err := ReadInfo(path); err != nil {
				t.Fatalf("ReadInfo: %v", err)
			}
			changed, _, err = Repair(path)
			if !errors.Is(err, ErrNotWAV) || changed || !strings.Contains(err.Error(), "16-bit mono") {
				t.Errorf("Repair = changed %v, err %v; want ErrNotWAV saying what mockround records", changed, err)
			}
			if got := wtReadFile(t, path); !bytes.Equal(got, broken) {
				t.Error("Repair changed a WAV that mockround did not write")
			}
		})
	}
}
