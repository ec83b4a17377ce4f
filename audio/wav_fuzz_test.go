//go:build unix

package audio

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadInfoRepair feeds arbitrary files to ReadInfo and Repair. Neither may
// panic; Repair must leave a header that agrees with the file, change nothing
// but the size fields (and cut a partial frame), keep the samples, and be
// idempotent; a file ReadInfo rejects must be left as it was.
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
			if rerr == nil {
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
