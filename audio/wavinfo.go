package audio

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mockround/mockround/internal/safefs"
)

// Info describes a WAV file as found on disk.
type Info struct {
	Format        uint16 // 1 = PCM
	Channels      int
	Rate          int
	BitsPerSample int
	DataOffset    int64  // where the sample data starts
	HeaderRIFF    uint32 // RIFF size field as stored
	HeaderData    uint32 // data chunk size field as stored
	DataBytes     int64  // sample bytes actually present in the file (whole frames)
	FileSize      int64
}

// Frames returns the number of whole frames present in the file.
func (i Info) Frames() int64 {
	fb := int64(i.Channels * i.BitsPerSample / 8)
	if fb <= 0 {
		return 0
	}
	return i.DataBytes / fb
}

// Duration returns the length of the audio present in the file.
func (i Info) Duration() time.Duration { return FramesDuration(i.Frames(), i.Rate) }

// HeaderOK reports whether the header's sizes agree with the file's length.
func (i Info) HeaderOK() bool {
	return int64(i.HeaderData) == i.DataBytes && int64(i.HeaderRIFF) == i.FileSize-8
}

// The WAV files mockround reads: PCM (format 1) with 1 to MaxChannels
// channels of 8, 16, 24 or 32 bits, at MinRate to MaxRate frames a second,
// with a block align and a byte rate that agree. Anything else is reported
// as not a WAV it can use, never played, analysed or repaired.
const (
	MinRate     = 1000
	MaxRate     = 384000
	MaxChannels = 8
)

// ReadInfo parses the header of the WAV file at path and measures the data
// actually present, without trusting the header's size fields. path must
// be a regular file, not a symbolic link.
func ReadInfo(path string) (Info, error) {
	f, err := safefs.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	return measure(f, path)
}

// measure parses the header of the open WAV file f, named path.
func measure(f *os.File, path string) (Info, error) {
	st, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	info, err := parseHeader(f, st.Size())
	if err != nil {
		return Info{}, fmt.Errorf("%s: %w", path, err)
	}
	return info, nil
}

// checkFmt says what is wrong with the fields of a fmt chunk (its first 16
// bytes), or returns nil when they describe PCM audio mockround can read.
// Every size the header parser and Repair compute comes from these fields,
// so nothing is derived from a header that fails here.
func checkFmt(fm []byte) error {
	format := binary.LittleEndian.Uint16(fm[0:])
	channels := int64(binary.LittleEndian.Uint16(fm[2:]))
	rate := int64(binary.LittleEndian.Uint32(fm[4:]))
	byteRate := int64(binary.LittleEndian.Uint32(fm[8:]))
	blockAlign := int64(binary.LittleEndian.Uint16(fm[12:]))
	bits := int64(binary.LittleEndian.Uint16(fm[14:]))
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: bad fmt chunk: "+format, append([]any{ErrNotWAV}, args...)...)
	}
	switch {
	case format != 1:
		return bad("format %d is not PCM (1)", format)
	case channels < 1 || channels > MaxChannels:
		return bad("%d channels (want 1 to %d)", channels, MaxChannels)
	case bits != 8 && bits != 16 && bits != 24 && bits != 32:
		return bad("%d bits per sample (want 8, 16, 24 or 32)", bits)
	case rate < MinRate || rate > MaxRate:
		return bad("sample rate %d Hz (want %d to %d)", rate, MinRate, MaxRate)
	case blockAlign != channels*bits/8:
		return bad("block align %d bytes, but %d channels of %d bits make %d", blockAlign, channels, bits, channels*bits/8)
	case byteRate != rate*blockAlign:
		return bad("byte rate %d, but %d frames a second of %d bytes make %d", byteRate, rate, blockAlign, rate*blockAlign)
	}
	return nil
}

// ownFormat reports, as an error wrapping ErrNotWAV, a file whose audio is
// not in the format Writer writes (16-bit mono PCM): Repair leaves such a
// file as it is.
func (i Info) ownFormat() error {
	if i.Format != 1 || i.Channels != 1 || i.BitsPerSample != 16 {
		return fmt.Errorf("%w: %d channel(s) of %d-bit audio (format %d) is not what mockround records (16-bit mono PCM), so it does not repair it; the file is left as it is",
			ErrNotWAV, i.Channels, i.BitsPerSample, i.Format)
	}
	return nil
}

// parseHeader walks the RIFF chunks up to the data chunk. size is the file length.
func parseHeader(r io.ReaderAt, size int64) (Info, error) {
	info := Info{FileSize: size}
	var hdr [12]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return info, fmt.Errorf("%w: shorter than a WAV header", ErrNotWAV)
	}
	if string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WAVE" {
		return info, fmt.Errorf("%w: no RIFF/WAVE signature", ErrNotWAV)
	}
	info.HeaderRIFF = binary.LittleEndian.Uint32(hdr[4:])
	var haveFmt bool
	off := int64(12)
	for chunks := 0; chunks < 64; chunks++ {
		var ch [8]byte
		if _, err := r.ReadAt(ch[:], off); err != nil {
			return info, fmt.Errorf("%w: no data chunk", ErrNotWAV)
		}
		id, n := string(ch[0:4]), binary.LittleEndian.Uint32(ch[4:])
		body := off + 8
		switch id {
		case "fmt ":
			if n < 16 {
				return info, fmt.Errorf("%w: fmt chunk of %d bytes", ErrNotWAV, n)
			}
			var fm [16]byte
			if _, err := r.ReadAt(fm[:], body); err != nil {
				return info, fmt.Errorf("%w: truncated fmt chunk", ErrNotWAV)
			}
			if err := checkFmt(fm[:]); err != nil {
				return info, err
			}
			info.Format = binary.LittleEndian.Uint16(fm[0:])
			info.Channels = int(binary.LittleEndian.Uint16(fm[2:]))
			info.Rate = int(binary.LittleEndian.Uint32(fm[4:]))
			info.BitsPerSample = int(binary.LittleEndian.Uint16(fm[14:]))
			haveFmt = true
		case "data":
			if !haveFmt {
				return info, fmt.Errorf("%w: data chunk before fmt chunk", ErrNotWAV)
			}
			info.DataOffset = body
			info.HeaderData = n
			avail := max(size-body, 0)
			fb := int64(info.Channels * info.BitsPerSample / 8)
			avail -= avail % fb
			// Data is normally the last chunk; trust a smaller declared size
			// only when it is a real size (a trailing chunk may follow).
			if int64(n) < avail && n != 0 && n%uint32(fb) == 0 && hasChunkAt(r, body+int64(n)+int64(n&1), size) {
				avail = int64(n)
			}
			info.DataBytes = avail
			return info, nil
		}
		off = body + int64(n) + int64(n&1)
		if off >= size {
			break
		}
	}
	return info, fmt.Errorf("%w: no data chunk", ErrNotWAV)
}

// hasChunkAt reports whether a plausible RIFF chunk header starts at off.
func hasChunkAt(r io.ReaderAt, off, size int64) bool {
	if off+8 > size {
		return false
	}
	var ch [8]byte
	if _, err := r.ReadAt(ch[:], off); err != nil {
		return false
	}
	for _, c := range ch[:4] {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return int64(binary.LittleEndian.Uint32(ch[4:])) <= size-off-8
}

// Repair rewrites the header sizes of the WAV at path from the data actually
// present, drops a trailing partial frame, and reports whether anything
// changed. It is idempotent. path must be a regular file with one link, not
// a symbolic link. Only a file in the format Writer writes (16-bit mono PCM)
// is ever changed: any other file, WAV or not, is left untouched and
// reported with an error wrapping ErrNotWAV.
func Repair(path string) (changed bool, info Info, err error) {
	info, err = ReadInfo(path)
	if err != nil || info.HeaderOK() {
		return false, info, err
	}
	if err := info.ownFormat(); err != nil {
		return false, info, fmt.Errorf("repair %s: %w", path, err)
	}
	f, err := safefs.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false, info, err
	}
	defer f.Close()
	// Measure again through the descriptor written to: the file repaired
	// is the file measured, whatever happened to path in between.
	if info, err = measure(f, path); err != nil || info.HeaderOK() {
		return false, info, err
	}
	if err := info.ownFormat(); err != nil {
		return false, info, fmt.Errorf("repair %s: %w", path, err)
	}
	fail := func(err error) (bool, Info, error) { return false, info, fmt.Errorf("repair %s: %w", path, err) }
	const fb = bytesPerFrame
	if info.DataBytes > maxDataSize {
		info.DataBytes = maxDataSize - maxDataSize%fb
	}
	if end := info.DataOffset + info.DataBytes; !hasChunkAt(f, end+info.DataBytes&1, info.FileSize) && info.FileSize != end {
		// A partial trailing frame (or audio past the 4 GiB limit): cut it.
		if err := f.Truncate(end); err != nil {
			return fail(err)
		}
		info.FileSize = end
	}
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(info.FileSize-8))
	if _, err := f.WriteAt(b[:], riffSizeAt); err != nil {
		return fail(err)
	}
	binary.LittleEndian.PutUint32(b[:], uint32(info.DataBytes))
	if _, err := f.WriteAt(b[:], info.DataOffset-4); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	info.HeaderRIFF, info.HeaderData = uint32(info.FileSize-8), uint32(info.DataBytes)
	return true, info, nil
}
