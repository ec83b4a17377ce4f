//go:build unix

package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadInfoRepair feeds arbitrary files to ReadInfo and Repair. Neither may
// panic; Repair must leave a header that agrees with the file, change nothing
// but the size fields (and cut a partial frame), keep the samples, and be
// idempotent; a file ReadInfo rejects, or one not in the format mockround
// records, must be left as it was.
func FuzzReadInfoRepair(f *testing.F) {
	for _, tc := range wtCases() {
		f.Add(tc.file)
	}
	f.Add([]byte{})
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Add(wtRIFF(wtChunk("data", wtPCM(wtSamples(4)))))
	f.Add(wtRIFF(wtFmt16(2, 8000), wtChunk("data", wtPCM(wtSamples(9)))))

	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.wav")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		before, rerr := ReadInfo(path)
		if rerr == nil {
			fb := int64(before.Channels * before.BitsPerSample / 8)
			switch {
			case before.FileSize != int64(len(data)):
				t.Fatalf("FileSize %d, file has %d bytes", before.FileSize, len(data))
			case before.DataBytes < 0 || before.DataOffset < 12 || before.DataOffset+before.DataBytes > before.FileSize:
				t.Fatalf("data (%d bytes at %d) outside the file of %d bytes", before.DataBytes, before.DataOffset, before.FileSize)
			case fb <= 0 || before.DataBytes%fb != 0:
				t.Fatalf("DataBytes %d is not whole frames of %d bytes", before.DataBytes, fb)
			}
		}

		changed, info, err := Repair(path)
		got, ferr := os.ReadFile(path)
		if ferr != nil {
			t.Fatal(ferr)
		}
		if err != nil {
			own := before.Format == 1 && before.Channels == 1 && before.BitsPerSample == 16
			if rerr == nil && (own || !errors.Is(err, ErrNotWAV)) {
				t.Fatalf("ReadInfo accepted the file but Repair failed: %v", err)
			}
			if changed || !bytes.Equal(got, data) {
				t.Fatalf("Repair failed (%v) but changed the file", err)
			}
			return
		}
		if rerr != nil {
			t.Fatalf("ReadInfo failed (%v) but Repair succeeded", rerr)
		}
		if changed == before.HeaderOK() {
			t.Fatalf("Repair changed = %v for a header that was OK = %v", changed, before.HeaderOK())
		}
		if !changed && !bytes.Equal(got, data) {
			t.Fatalf("Repair said unchanged but changed the file")
		}
		after, err := ReadInfo(path)
		if err != nil {
			t.Fatalf("ReadInfo after Repair: %v", err)
		}
		if !after.HeaderOK() {
			t.Fatalf("header not OK after Repair: before %+v, after %+v", before, after)
		}
		if after != info {
			t.Fatalf("Repair returned %+v, ReadInfo then says %+v", info, after)
		}
		if after.DataOffset != before.DataOffset || after.DataBytes != before.DataBytes {
			t.Fatalf("Repair moved the data: before %d bytes at %d, after %d bytes at %d",
				before.DataBytes, before.DataOffset, after.DataBytes, after.DataOffset)
		}
		if len(got) > len(data) {
			t.Fatalf("Repair grew the file from %d to %d bytes", len(data), len(got))
		}
		for i := range got {
			inSize := i >= 4 && i < 8 || int64(i) >= before.DataOffset-4 && int64(i) < before.DataOffset
			if !inSize && got[i] != data[i] {
				t.Fatalf("Repair changed byte %d (%#x -> %#x) outside the size fields", i, data[i], got[i])
			}
		}

		changed, info2, err := Repair(path)
		if err != nil || changed {
			t.Fatalf("second Repair = changed %v, err %v; want false, nil", changed, err)
		}
		if info2 != after {
			t.Fatalf("second Repair info %+v, want %+v", info2, after)
		}
		again, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, got) {
			t.Fatalf("second Repair changed the file")
		}
	})
}

// FuzzFmtChunk puts arbitrary fmt chunk fields in front of some audio whose
// header sizes are wrong, as a crash leaves them. ReadInfo may accept only
// fields that describe PCM it can read, consistently; Repair may change
// only a file in the format mockround records (16-bit mono PCM), and then
// only its two size fields and a partial frame at the end: a hostile fmt
// chunk must never make it cut audio or rewrite anything else.
func FuzzFmtChunk(f *testing.F) {
	fmtBody := func(format, channels uint16, rate, byteRate uint32, align, bits uint16) []byte {
		b := binary.LittleEndian.AppendUint16(nil, format)
		b = binary.LittleEndian.AppendUint16(b, channels)
		b = binary.LittleEndian.AppendUint32(b, rate)
		b = binary.LittleEndian.AppendUint32(b, byteRate)
		b = binary.LittleEndian.AppendUint16(b, align)
		return binary.LittleEndian.AppendUint16(b, bits)
	}
	f.Add(fmtBody(1, 1, 48000, 96000, 2, 16), uint16(1001))
	f.Add(fmtBody(1, 1, 44100, 88200, 2, 16), uint16(0))
	f.Add(fmtBody(1, 2, 48000, 192000, 4, 16), uint16(7))
	f.Add(fmtBody(1, 1, 48000, 96000, 2, 0xFFF8), uint16(2600))
	f.Add(fmtBody(1, 65535, 48000, 96000, 2, 16), uint16(2600))
	f.Add(fmtBody(1, 1, 0xFFFFFFFF, 0xFFFFFFFE, 2, 16), uint16(3))
	f.Add(fmtBody(3, 1, 48000, 192000, 4, 32), uint16(8))
	f.Add(fmtBody(1, 8, 384000, 384000*8*4, 8*4, 32), uint16(100))
	f.Add(append(fmtBody(1, 1, 8000, 16000, 2, 16), 0, 0), uint16(5))
	f.Add([]byte{1, 0}, uint16(4))

	f.Fuzz(func(t *testing.T, body []byte, dataLen uint16) {
		data := make([]byte, dataLen)
		for i := range data {
			data[i] = byte(0x80 | i*37) // never a printable chunk id
		}
		file := wtRIFF(wtChunk("fmt ", body), wtChunk("data", data))
		// As a kill leaves it: both sizes 0, the audio (and any pad byte) there.
		binary.LittleEndian.PutUint32(file[4:], 0)
		dataAt := 12 + len(wtChunk("fmt ", body)) + 8
		binary.LittleEndian.PutUint32(file[dataAt-4:], 0)
		path := wtWriteFile(t, "take.wav", file)

		info, rerr := ReadInfo(path)
		fieldsOK := len(body) >= 16 && checkFmt(body) == nil
		if (rerr == nil) != fieldsOK {
			t.Fatalf("ReadInfo err %v, but the fmt fields are OK = %v", rerr, fieldsOK)
		}
		if rerr != nil {
			if !errors.Is(rerr, ErrNotWAV) || !strings.Contains(rerr.Error(), path) {
				t.Fatalf("ReadInfo error %q does not wrap ErrNotWAV naming the file", rerr)
			}
		} else {
			fb := info.Channels * info.BitsPerSample / 8
			switch {
			case info.Format != 1:
				t.Fatalf("accepted format %d", info.Format)
			case info.Channels < 1 || info.Channels > MaxChannels:
				t.Fatalf("accepted %d channels", info.Channels)
			case info.BitsPerSample%8 != 0 || info.BitsPerSample < 8 || info.BitsPerSample > 32:
				t.Fatalf("accepted %d bits", info.BitsPerSample)
			case info.Rate < MinRate || info.Rate > MaxRate:
				t.Fatalf("accepted %d Hz", info.Rate)
			case int(binary.LittleEndian.Uint16(body[12:])) != fb:
				t.Fatalf("accepted block align %d for %d-byte frames", binary.LittleEndian.Uint16(body[12:]), fb)
			case int64(binary.LittleEndian.Uint32(body[8:])) != int64(info.Rate)*int64(fb):
				t.Fatalf("accepted byte rate %d for %d Hz of %d-byte frames", binary.LittleEndian.Uint32(body[8:]), info.Rate, fb)
			}
		}

		changed, _, err := Repair(path)
		got := wtReadFile(t, path)
		own := rerr == nil && info.Channels == 1 && info.BitsPerSample == 16
		if !own {
			if err == nil && changed || !bytes.Equal(got, file) {
				t.Fatalf("Repair changed a file not in mockround's format (ReadInfo: %+v, %v)", info, rerr)
			}
			if rerr == nil && !info.HeaderOK() && !errors.Is(err, ErrNotWAV) {
				t.Fatalf("Repair of a foreign WAV with a broken header: err %v, want ErrNotWAV", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Repair of a 16-bit mono WAV: %v", err)
		}
		if cut := len(file) - len(got); cut < 0 || cut > 1 {
			t.Fatalf("Repair cut %d bytes", cut)
		}
		for i := range got {
			inSize := i >= 4 && i < 8 || i >= dataAt-4 && i < dataAt
			if !inSize && got[i] != file[i] {
				t.Fatalf("Repair changed byte %d outside the size fields", i)
			}
		}
	})
}
