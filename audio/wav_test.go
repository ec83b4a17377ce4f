//go:build unix

// Unix only: the tests check file modes under syscall.Umask, which Windows
// lacks.

package audio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// wtSamples returns n samples whose high bytes are all 0x80 or more, so that
// no four sample bytes ever look like a printable RIFF chunk id: the parser
// cannot mistake them for a chunk following the data.
func wtSamples(n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(uint16(0x8000 | (uint32(i)*2654435761>>7)&0x7fff))
	}
	return s
}

// wtPCM encodes samples as 16-bit little-endian PCM.
func wtPCM(s []int16) []byte {
	b := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

// wtHeader spells out a canonical 44-byte header for 16-bit mono PCM by hand,
// independently of the code under test.
func wtHeader(rate int, riffSize, dataSize uint32) []byte {
	var h bytes.Buffer
	h.WriteString("RIFF")
	binary.Write(&h, binary.LittleEndian, riffSize)
	h.WriteString("WAVE")
	h.WriteString("fmt ")
	binary.Write(&h, binary.LittleEndian, uint32(16))
	binary.Write(&h, binary.LittleEndian, uint16(1))      // PCM
	binary.Write(&h, binary.LittleEndian, uint16(1))      // mono
	binary.Write(&h, binary.LittleEndian, uint32(rate))   // frames per second
	binary.Write(&h, binary.LittleEndian, uint32(rate*2)) // bytes per second
	binary.Write(&h, binary.LittleEndian, uint16(2))      // block align
	binary.Write(&h, binary.LittleEndian, uint16(16))     // bits per sample
	h.WriteString("data")
	binary.Write(&h, binary.LittleEndian, dataSize)
	return h.Bytes()
}

// wtCanonical is a correct WAV file holding pcm.
func wtCanonical(rate int, pcm []byte) []byte {
	return append(wtHeader(rate, uint32(36+len(pcm)), uint32(len(pcm))), pcm...)
}

// wtChunk encodes a RIFF chunk, with its pad byte when the body is odd.
func wtChunk(id string, body []byte) []byte {
	c := []byte(id)
	c = binary.LittleEndian.AppendUint32(c, uint32(len(body)))
	c = append(c, body...)
	if len(body)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

// wtFmt16 is a fmt chunk for 16-bit PCM.
func wtFmt16(channels, rate int) []byte {
	b := binary.LittleEndian.AppendUint16(nil, 1)
	b = binary.LittleEndian.AppendUint16(b, uint16(channels))
	b = binary.LittleEndian.AppendUint32(b, uint32(rate))
	b = binary.LittleEndian.AppendUint32(b, uint32(rate*2*channels))
	b = binary.LittleEndian.AppendUint16(b, uint16(2*channels))
	b = binary.LittleEndian.AppendUint16(b, 16)
	return wtChunk("fmt ", b)
}

// wtRIFF assembles RIFF/WAVE around chunks, with a correct RIFF size.
func wtRIFF(chunks ...[]byte) []byte {
	body := []byte("WAVE")
	for _, c := range chunks {
		body = append(body, c...)
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(len(body)))
	return append(out, body...)
}

// wtWithSizes copies file and overwrites its RIFF size (at 4) and the data
// size field just before dataOff; a nil pointer leaves that field alone.
func wtWithSizes(file []byte, dataOff int, riff, data *uint32) []byte {
	out := bytes.Clone(file)
	if riff != nil {
		binary.LittleEndian.PutUint32(out[4:], *riff)
	}
	if data != nil {
		binary.LittleEndian.PutUint32(out[dataOff-4:], *data)
	}
	return out
}

func wtU32(v uint32) *uint32 { return &v }

func wtWriteFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func wtReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const wtRate = 48000

// wtListInfo is a LIST chunk as an editor might put before the data.
var wtListInfo = wtChunk("LIST", []byte("INFOISFT\x06\x00\x00\x00Lavf5\x00"))

// wtOddChunk has an odd body, so a pad byte follows it.
var wtOddChunk = wtChunk("junk", []byte("abcde"))

// wtCase is one WAV file on disk and what ReadInfo should find in it.
type wtCase struct {
	name       string
	file       []byte
	dataOffset int64
	dataBytes  int64 // sample bytes really present
	headerData uint32
	headerOK   bool
	trailing   int // bytes after the data that belong to a real chunk
}

// wtCases covers the files a crash, a kill or another program leaves behind.
func wtCases() []wtCase {
	pcm := wtPCM(wtSamples(100)) // 200 bytes
	canon := wtCanonical(wtRate, pcm)
	withList := wtRIFF(wtFmt16(1, wtRate), wtListInfo, wtOddChunk, wtChunk("data", pcm))
	listOff := int64(12 + 24 + len(wtListInfo) + len(wtOddChunk) + 8)
	trailer := wtChunk("LIST", []byte("INFOICMT\x04\x00\x00\x00note"))
	withTrailer := wtRIFF(wtFmt16(1, wtRate), wtChunk("data", pcm), trailer)
	midFrame := append(bytes.Clone(canon), 0x85) // half a frame after the data
	return []wtCase{
		{name: "canonical", file: canon, dataOffset: 44, dataBytes: 200, headerData: 200, headerOK: true},
		{name: "canonical empty", file: wtCanonical(wtRate, nil), dataOffset: 44, dataBytes: 0, headerData: 0, headerOK: true},
		{name: "LIST and odd chunk before data", file: withList, dataOffset: listOff, dataBytes: 200, headerData: 200, headerOK: true},
		{name: "LIST chunk after data", file: withTrailer, dataOffset: 44, dataBytes: 200, headerData: 200, headerOK: true, trailing: len(trailer)},
		{name: "sizes 0 (killed before first checkpoint)", file: wtWithSizes(canon, 44, wtU32(0), wtU32(0)), dataOffset: 44, dataBytes: 200, headerData: 0},
		{name: "sizes 0xFFFFFFFF (streaming writer)", file: wtWithSizes(canon, 44, wtU32(0xFFFFFFFF), wtU32(0xFFFFFFFF)), dataOffset: 44, dataBytes: 200, headerData: 0xFFFFFFFF},
		{name: "sizes larger than the file", file: wtWithSizes(canon, 44, wtU32(36+1000), wtU32(1000)), dataOffset: 44, dataBytes: 200, headerData: 1000},
		{name: "sizes smaller than the file (stale checkpoint)", file: wtWithSizes(canon, 44, wtU32(36+50), wtU32(50)), dataOffset: 44, dataBytes: 200, headerData: 50},
		{name: "only RIFF size wrong", file: wtWithSizes(canon, 44, wtU32(4), nil), dataOffset: 44, dataBytes: 200, headerData: 200},
		{name: "only data size wrong", file: wtWithSizes(canon, 44, nil, wtU32(198)), dataOffset: 44, dataBytes: 200, headerData: 198},
		{name: "LIST before data, sizes 0", file: wtWithSizes(withList, int(listOff), wtU32(0), wtU32(0)), dataOffset: listOff, dataBytes: 200, headerData: 0},
		{name: "LIST after data, RIFF size stale", file: wtWithSizes(withTrailer, 44, wtU32(36+200), nil), dataOffset: 44, dataBytes: 200, headerData: 200, trailing: len(trailer)},
		{name: "truncated mid-frame, sizes 0", file: wtWithSizes(midFrame, 44, wtU32(0), wtU32(0)), dataOffset: 44, dataBytes: 200, headerData: 0},
		{name: "truncated mid-frame, sizes claim it", file: wtWithSizes(midFrame, 44, wtU32(36+201), wtU32(201)), dataOffset: 44, dataBytes: 200, headerData: 201},
		{name: "truncated mid-frame, sizes stale", file: wtWithSizes(midFrame, 44, wtU32(36+100), wtU32(100)), dataOffset: 44, dataBytes: 200, headerData: 100},
	}
}

func TestReadInfo(t *testing.T) {
	for _, tc := range wtCases() {
		t.Run(tc.name, func(t *testing.T) {
			path := wtWriteFile(t, "take.wav", tc.file)
			info, err := ReadInfo(path)
			if err != nil {
				t.Fatalf("ReadInfo: %v", err)
			}
			if info.Format != 1 || info.Channels != 1 || info.Rate != wtRate || info.BitsPerSample != 16 {
				t.Errorf("format = %d, %d ch, %d Hz, %d bits; want PCM, 1 ch, %d Hz, 16 bits",
					info.Format, info.Channels, info.Rate, info.BitsPerSample, wtRate)
			}
			if info.FileSize != int64(len(tc.file)) {
				t.Errorf("FileSize = %d, want %d", info.FileSize, len(tc.file))
			}
			if info.DataOffset != tc.dataOffset {
				t.Errorf("DataOffset = %d, want %d", info.DataOffset, tc.dataOffset)
			}
			if info.DataBytes != tc.dataBytes {
				t.Errorf("DataBytes = %d, want %d (what is really in the file)", info.DataBytes, tc.dataBytes)
			}
			if info.HeaderData != tc.headerData {
				t.Errorf("HeaderData = %#x, want %#x", info.HeaderData, tc.headerData)
			}
			if got := binary.LittleEndian.Uint32(tc.file[4:]); info.HeaderRIFF != got {
				t.Errorf("HeaderRIFF = %#x, want %#x as stored", info.HeaderRIFF, got)
			}
			if info.HeaderOK() != tc.headerOK {
				t.Errorf("HeaderOK() = %v, want %v (info %+v)", info.HeaderOK(), tc.headerOK, info)
			}
			if want := tc.dataBytes / 2; info.Frames() != want {
				t.Errorf("Frames() = %d, want %d", info.Frames(), want)
			}
			if want := time.Duration(tc.dataBytes/2) * time.Second / wtRate; info.Duration() != want {
				t.Errorf("Duration() = %v, want %v", info.Duration(), want)
			}
		})
	}
}

func TestReadInfoNotWAV(t *testing.T) {
	pcm := wtPCM(wtSamples(10))
	badFmt := func(channels, bits uint16) []byte {
		b := binary.LittleEndian.AppendUint16(nil, 1)
		b = binary.LittleEndian.AppendUint16(b, channels)
		b = binary.LittleEndian.AppendUint32(b, wtRate)
		b = binary.LittleEndian.AppendUint32(b, wtRate*2)
		b = binary.LittleEndian.AppendUint16(b, 2)
		b = binary.LittleEndian.AppendUint16(b, bits)
		return wtChunk("fmt ", b)
	}
	for _, tc := range []struct {
		name string
		file []byte
	}{
		{"empty file", nil},
		{"shorter than a RIFF header", []byte("RIFF\x00\x00")},
		{"text", []byte("this is not a recording, just some text that is long enough\n")},
		{"big-endian RIFX", append([]byte("RIFX"), wtCanonical(wtRate, pcm)[4:]...)},
		{"RIFF but AVI", append([]byte("RIFF\x00\x00\x00\x00AVI "), make([]byte, 64)...)},
		{"fmt chunk missing", wtRIFF(wtChunk("data", pcm))},
		{"fmt chunk missing, LIST first", wtRIFF(wtListInfo, wtChunk("data", pcm))},
		{"fmt chunk too short", wtRIFF(wtChunk("fmt ", make([]byte, 14)), wtChunk("data", pcm))},
		{"fmt chunk cut off by end of file", wtRIFF(wtChunk("fmt ", make([]byte, 16)))[:30]},
		{"no data chunk", wtRIFF(wtFmt16(1, wtRate))},
		{"no data chunk, LIST after fmt", wtRIFF(wtFmt16(1, wtRate), wtListInfo)},
		{"zero channels", wtRIFF(badFmt(0, 16), wtChunk("data", pcm))},
		{"12-bit samples", wtRIFF(badFmt(1, 12), wtChunk("data", pcm))},
		{"chunk size runs past the end", wtRIFF(wtFmt16(1, wtRate), []byte("LIST\xff\xff\xff\x7f"), wtChunk("data", pcm))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := wtWriteFile(t, "bad.wav", tc.file)
			info, err := ReadInfo(path)
			if err == nil {
				t.Fatalf("ReadInfo succeeded with %+v, want an error", info)
			}
			if !errors.Is(err, ErrNotWAV) {
				t.Errorf("error %q does not wrap ErrNotWAV", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}

			// Repair leaves what it does not understand alone.
			changed, _, err := Repair(path)
			if err == nil || !errors.Is(err, ErrNotWAV) || changed {
				t.Errorf("Repair = changed %v, err %v; want false and ErrNotWAV", changed, err)
			}
			if got := wtReadFile(t, path); !bytes.Equal(got, tc.file) {
				t.Errorf("Repair changed a file that is not a WAV")
			}
		})
	}
}

func TestReadInfoMissingFile(t *testing.T) {
	_, err := ReadInfo(filepath.Join(t.TempDir(), "nope.wav"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
	if errors.Is(err, ErrNotWAV) {
		t.Errorf("a missing file is reported as not a WAV: %v", err)
	}
}

func TestRepair(t *testing.T) {
	for _, tc := range wtCases() {
		t.Run(tc.name, func(t *testing.T) {
			path := wtWriteFile(t, "take.wav", tc.file)
			samples := bytes.Clone(tc.file[tc.dataOffset : tc.dataOffset+tc.dataBytes])
			wantSize := tc.dataOffset + tc.dataBytes + int64(tc.trailing)

			changed, info, err := Repair(path)
			if err != nil {
				t.Fatalf("Repair: %v", err)
			}
			if changed == tc.headerOK {
				t.Errorf("Repair changed = %v, want %v", changed, !tc.headerOK)
			}
			if !info.HeaderOK() {
				t.Errorf("Repair returned an info whose header is not OK: %+v", info)
			}
			got := wtReadFile(t, path)
			if tc.headerOK && !bytes.Equal(got, tc.file) {
				t.Errorf("Repair changed a good file")
			}
			if int64(len(got)) != wantSize {
				t.Errorf("file is %d bytes after Repair, want %d", len(got), wantSize)
			}
			after, err := ReadInfo(path)
			if err != nil {
				t.Fatalf("ReadInfo after Repair: %v", err)
			}
			if !after.HeaderOK() {
				t.Errorf("header not OK after Repair: %+v", after)
			}
			if after.DataOffset != tc.dataOffset || after.DataBytes != tc.dataBytes {
				t.Errorf("after Repair data at %d, %d bytes; want %d, %d",
					after.DataOffset, after.DataBytes, tc.dataOffset, tc.dataBytes)
			}
			if after != info {
				t.Errorf("Repair returned %+v, ReadInfo then says %+v", info, after)
			}
			if r, d := binary.LittleEndian.Uint32(got[4:]), binary.LittleEndian.Uint32(got[tc.dataOffset-4:]); int64(r) != wantSize-8 || int64(d) != tc.dataBytes {
				t.Errorf("header sizes on disk: RIFF %d, data %d; want %d, %d", r, d, wantSize-8, tc.dataBytes)
			}
			if int64(len(got)) >= tc.dataOffset+tc.dataBytes && !bytes.Equal(got[tc.dataOffset:tc.dataOffset+tc.dataBytes], samples) {
				t.Errorf("Repair changed the sample bytes")
			}
			// Nothing but the two size fields (and a cut partial frame) may change.
			for i := 0; i < len(got) && i < len(tc.file); i++ {
				inSize := i >= 4 && i < 8 || int64(i) >= tc.dataOffset-4 && int64(i) < tc.dataOffset
				if !inSize && got[i] != tc.file[i] {
					t.Errorf("byte %d changed from %#x to %#x", i, tc.file[i], got[i])
					break
				}
			}

			// Idempotent.
			changed, info2, err := Repair(path)
			if err != nil || changed {
				t.Errorf("second Repair = changed %v, err %v; want false, nil", changed, err)
			}
			if info2 != after {
				t.Errorf("second Repair info %+v, want %+v", info2, after)
			}
			if again := wtReadFile(t, path); !bytes.Equal(again, got) {
				t.Errorf("second Repair changed the file")
			}
		})
	}
}

// TestRepairCutsPartialFrame: a kill in the middle of writing a sample leaves
// an odd byte, which Repair drops so players see whole frames only.
func TestRepairCutsPartialFrame(t *testing.T) {
	pcm := wtPCM(wtSamples(50))
	file := append(wtWithSizes(wtCanonical(wtRate, pcm), 44, wtU32(0), wtU32(0)), 0x81)
	path := wtWriteFile(t, "take.wav", file)
	changed, info, err := Repair(path)
	if err != nil || !changed {
		t.Fatalf("Repair = %v, %v; want changed", changed, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != 44+100 || info.FileSize != 44+100 {
		t.Errorf("size after Repair %d (info %d), want %d", st.Size(), info.FileSize, 44+100)
	}
	if got, want := wtReadFile(t, path), wtCanonical(wtRate, pcm); !bytes.Equal(got, want) {
		t.Errorf("repaired file is not the canonical WAV of its whole frames")
	}
}

func TestWriterHeaderAtCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.wav")
	w, err := CreateWAV(path, 44100)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got, want := wtReadFile(t, path), wtHeader(44100, 36, 0); !bytes.Equal(got, want) {
		t.Errorf("file right after CreateWAV:\n got % x\nwant % x", got, want)
	}
	info, err := ReadInfo(path)
	if err != nil {
		t.Fatal(err)
	}
	if !info.HeaderOK() || info.DataBytes != 0 || info.Rate != 44100 || info.Channels != 1 || info.BitsPerSample != 16 || info.Format != 1 {
		t.Errorf("ReadInfo of a new take: %+v", info)
	}
	if w.Path() != path || w.Rate() != 44100 || w.Frames() != 0 || w.Duration() != 0 {
		t.Errorf("new writer: path %q rate %d frames %d duration %v", w.Path(), w.Rate(), w.Frames(), w.Duration())
	}
}

func TestWriterCheckpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.wav")
	w, err := CreateWAV(path, wtRate)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	all := wtSamples(3000)
	for _, step := range []struct {
		name   string
		writes [][]int16
	}{
		{"one write", [][]int16{all[:1000]}},
		{"several writes", [][]int16{all[1000:1001], all[1001:1500], all[1500:2200]}},
		{"no write since the last checkpoint", nil},
		{"a write larger than the buffer", [][]int16{all[2200:]}},
	} {
		for _, s := range step.writes {
			if err := w.Write(s); err != nil {
				t.Fatalf("%s: Write: %v", step.name, err)
			}
		}
		if err := w.Checkpoint(); err != nil {
			t.Fatalf("%s: Checkpoint: %v", step.name, err)
		}
		n := int(w.Frames())
		info, err := ReadInfo(path)
		if err != nil {
			t.Fatalf("%s: ReadInfo: %v", step.name, err)
		}
		if !info.HeaderOK() || info.DataBytes != int64(2*n) {
			t.Errorf("%s: after Checkpoint ReadInfo = %+v, want header OK and %d data bytes", step.name, info, 2*n)
		}
		want := append(wtHeader(wtRate, uint32(36+2*n), uint32(2*n)), wtPCM(all[:n])...)
		if got := wtReadFile(t, path); !bytes.Equal(got, want) {
			t.Errorf("%s: file on disk (%d bytes) is not the canonical WAV of the %d frames written (%d bytes)", step.name, len(got), n, len(want))
		}
	}
	if w.Frames() != 3000 {
		t.Errorf("Frames() = %d, want 3000", w.Frames())
	}
	if want := 62500 * time.Microsecond; w.Duration() != want {
		t.Errorf("Duration() = %v, want %v", w.Duration(), want)
	}
}

// TestWriterModeUnderUmask: recordings are personal data, 0600 whatever the
// umask says.
func TestWriterModeUnderUmask(t *testing.T) {
	for _, mask := range []int{0, 0o022, 0o077, 0o777} {
		old := syscall.Umask(mask)
		path := filepath.Join(t.TempDir(), "take.wav")
		w, err := CreateWAV(path, wtRate)
		syscall.Umask(old)
		if err != nil {
			t.Fatalf("umask %#o: %v", mask, err)
		}
		if err := w.Write(wtSamples(10)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode() != 0o600 {
			t.Errorf("umask %#o: mode %v, want -rw-------", mask, st.Mode())
		}
	}
}

func TestCreateWAVRefusesExisting(t *testing.T) {
	path := wtWriteFile(t, "take.wav", []byte("an earlier take"))
	w, err := CreateWAV(path, wtRate)
	if err == nil {
		w.Close()
		t.Fatal("CreateWAV overwrote an existing file")
	}
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("err = %v, want fs.ErrExist", err)
	}
	if got := wtReadFile(t, path); string(got) != "an earlier take" {
		t.Errorf("existing file changed to %q", got)
	}
}

func TestCreateWAVBadRate(t *testing.T) {
	for _, rate := range []int{0, -48000, MinRate - 1, MaxRate + 1, 0xFFFFFFFF} {
		path := filepath.Join(t.TempDir(), "take.wav")
		w, err := CreateWAV(path, rate)
		if err == nil {
			w.Close()
			t.Errorf("rate %d accepted", rate)
		}
		if _, serr := os.Stat(path); !errors.Is(serr, fs.ErrNotExist) {
			t.Errorf("rate %d: a file was left behind (%v)", rate, serr)
		}
	}
}

func TestWriterClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.wav")
	w, err := CreateWAV(path, 16000)
	if err != nil {
		t.Fatal(err)
	}
	s := wtSamples(777) // less than the buffer: nothing reaches the disk before Close
	if err := w.Write(s); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got, want := wtReadFile(t, path), wtCanonical(16000, wtPCM(s)); !bytes.Equal(got, want) {
		t.Errorf("closed file (%d bytes) is not the canonical WAV of what was written (%d bytes)", len(got), len(want))
	}
	info, err := ReadInfo(path)
	if err != nil {
		t.Fatal(err)
	}
	if !info.HeaderOK() || info.Frames() != 777 || int64(info.HeaderData) != info.DataBytes || int64(info.HeaderRIFF) != info.FileSize-8 {
		t.Errorf("after Close: %+v", info)
	}
	// Close really closed the file: syncing it again fails.
	if err := w.Close(); err == nil {
		t.Errorf("second Close returned nil: the file was not closed")
	}
}

// TestWriterStickyError closes the file under the writer: the first write
// that reaches the disk fails, and every later call returns that error.
func TestWriterStickyError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.wav")
	w, err := CreateWAV(path, wtRate)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(wtSamples(100)); err != nil {
		t.Fatal(err)
	}
	if err := w.Checkpoint(); err != nil {
		t.Fatal(err)
	}
	w.f.Close() // the fault

	big := wtSamples(64 << 10) // 128 KiB: more than the buffer, so it must reach the file
	first := w.Write(big)
	if first == nil {
		t.Fatal("Write to a closed file succeeded")
	}
	if !errors.Is(first, os.ErrClosed) {
		t.Errorf("first error %v does not wrap os.ErrClosed", first)
	}
	if !strings.Contains(first.Error(), path) {
		t.Errorf("error %q does not name the file", first)
	}
	if w.Frames() != 100 {
		t.Errorf("Frames() = %d after a failed write, want 100", w.Frames())
	}
	if err := w.Write([]int16{1}); err != first {
		t.Errorf("Write after a failure = %v, want the first error %v", err, first)
	}
	if err := w.Checkpoint(); err != first {
		t.Errorf("Checkpoint after a failure = %v, want the first error %v", err, first)
	}
	if err := w.Close(); err != first {
		t.Errorf("Close after a failure = %v, want the first error %v", err, first)
	}
	// What was checkpointed before the fault is still a valid WAV.
	info, err := ReadInfo(path)
	if err != nil || !info.HeaderOK() || info.Frames() != 100 {
		t.Errorf("file after the fault: %+v, %v; want a valid WAV of 100 frames", info, err)
	}
}

// TestWriterDiskFull writes through /dev/full, where every write fails with
// ENOSPC, as on a full disk.
func TestWriterDiskFull(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no /dev/full in CI: %v", err)
		}
		t.Skipf("no /dev/full: %v", err)
	}
	w := &Writer{f: f, buf: bufio.NewWriterSize(f, 64<<10), rate: wtRate}
	if err := w.Write(wtSamples(10)); err != nil {
		t.Fatalf("buffered Write failed early: %v", err)
	}
	first := w.Checkpoint()
	if !errors.Is(first, syscall.ENOSPC) {
		t.Fatalf("Checkpoint on a full disk = %v, want ENOSPC", first)
	}
	if err := w.Write(wtSamples(10)); err != first {
		t.Errorf("Write after ENOSPC = %v, want the first error", err)
	}
	if err := w.Close(); err != first {
		t.Errorf("Close after ENOSPC = %v, want the first error", err)
	}
}

// TestWriterSizeLimit: a recording that would outgrow the 32-bit RIFF sizes
// is refused rather than written with a wrapped-around header.
func TestWriterSizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.wav")
	w, err := CreateWAV(path, wtRate)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.frames = maxDataSize/bytesPerFrame - 1 // pretend hours of audio went before
	if err := w.Write([]int16{1}); err != nil {
		t.Fatalf("the last frame that fits was refused: %v", err)
	}
	first := w.Write([]int16{2})
	if first == nil || !strings.Contains(first.Error(), "4 GiB") {
		t.Fatalf("Write past the limit = %v, want an error about the 4 GiB limit", first)
	}
	if w.Frames() != maxDataSize/bytesPerFrame {
		t.Errorf("Frames() = %d, want %d", w.Frames(), maxDataSize/bytesPerFrame)
	}
	if err := w.Write([]int16{3}); err != first {
		t.Errorf("Write after the limit = %v, want the first error", err)
	}
}

// TestWriterByteOrder: the direct path (a little-endian machine) and the
// converting path write the same bytes.
func TestWriterByteOrder(t *testing.T) {
	samples := []int16{0, 1, -1, 32767, -32768, 258, -258}
	write := func(direct bool) []byte {
		defer func(v bool) { littleEndian = v }(littleEndian)
		littleEndian = direct
		path := filepath.Join(t.TempDir(), "take.wav")
		w, err := CreateWAV(path, wtRate)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(samples); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	converted := write(false)
	want := []byte{0, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0x80, 2, 1, 0xfe, 0xfe}
	if got := converted[wavHeaderSize:]; !bytes.Equal(got, want) {
		t.Errorf("converted data % x, want % x", got, want)
	}
	if littleEndian {
		if direct := write(true); !bytes.Equal(direct, converted) {
			t.Errorf("direct write % x, converted % x", direct[wavHeaderSize:], converted[wavHeaderSize:])
		}
	}
}

// TestWriterAppended: audio written to File directly, past the Writer, and
// counted with Appended, is covered by Checkpoint and Close as audio
// written with Write is; Room shrinks with it, and Appended refuses past
// the 4 GiB limit.
func TestWriterAppended(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.wav")
	w, err := CreateWAV(path, wtRate)
	if err != nil {
		t.Fatal(err)
	}
	all := wtSamples(1500)
	room := w.Room()
	for _, part := range [][]int16{all[:1000], all[1000:]} {
		if _, err := w.File().WriteAt(wtPCM(part), DataOffset+2*w.Frames()); err != nil {
			t.Fatal(err)
		}
		if err := w.Appended(int64(len(part))); err != nil {
			t.Fatal(err)
		}
		if err := w.Checkpoint(); err != nil {
			t.Fatal(err)
		}
		n := int(w.Frames())
		want := append(wtHeader(wtRate, uint32(36+2*n), uint32(2*n)), wtPCM(all[:n])...)
		if got := wtReadFile(t, path); !bytes.Equal(got, want) {
			t.Errorf("after %d frames appended, the file is not their canonical WAV", n)
		}
	}
	if err := w.Appended(0); err != nil || w.Frames() != 1500 {
		t.Errorf("a write of no frames: %v, %d frames; want no error and no change", err, w.Frames())
	}
	if w.Room() != room-1500 || room != maxDataSize/bytesPerFrame {
		t.Errorf("room %d, then %d, want %d, then 1500 less", room, w.Room(), maxDataSize/bytesPerFrame)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if info, err := ReadInfo(path); err != nil || !info.HeaderOK() || info.Frames() != 1500 {
		t.Errorf("closed: %+v, %v", info, err)
	}

	w, err = CreateWAV(filepath.Join(t.TempDir(), "long.wav"), wtRate)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Appended(w.Room()); err != nil {
		t.Fatalf("appending what fits: %v", err)
	}
	if err := w.Appended(1); err == nil || !strings.Contains(err.Error(), "4 GiB") {
		t.Errorf("appending past the limit: %v, want the 4 GiB limit", err)
	}

	neg, err := CreateWAV(filepath.Join(t.TempDir(), "neg.wav"), wtRate)
	if err != nil {
		t.Fatal(err)
	}
	defer neg.Close()
	if err := neg.Appended(-1); err == nil {
		t.Error("appending -1 frames: no error")
	}
}
