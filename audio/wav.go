package audio

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	"unsafe"

	"github.com/mockround/mockround/internal/safefs"
)

// WAV layout written by Writer: a canonical 44-byte header (RIFF, fmt chunk
// of 16 bytes, data chunk) followed by 16-bit little-endian mono PCM.
const (
	wavHeaderSize = 44
	riffSizeAt    = 4
	dataSizeAt    = 40
	bytesPerFrame = 2
)

// DataOffset is where a Writer's file holds its first frame: after the
// header.
const DataOffset = wavHeaderSize

// littleEndian: this machine stores an int16 as a WAV file does.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// maxDataSize is the largest data chunk a RIFF size field can describe.
const maxDataSize = 0xFFFFFFFF - (wavHeaderSize - 8)

// Writer streams 16-bit mono PCM into a WAV file that stays playable while it
// grows: Checkpoint rewrites the header sizes for the data written so far, so
// a process killed mid-recording leaves a valid file missing at most the time
// since the last checkpoint.
type Writer struct {
	f       *os.File
	buf     *bufio.Writer
	rate    int
	frames  int64 // frames handed to Write
	synced  int64 // frames covered by the header on disk
	scratch []byte
	err     error // first write error; sticky
}

// CreateWAV creates path (which must not exist, not even as a symbolic
// link) with mode 0600, whatever the umask, and writes a header describing
// an empty recording. rate must be within MinRate..MaxRate.
func CreateWAV(path string, rate int) (*Writer, error) {
	if rate < MinRate || rate > MaxRate {
		return nil, fmt.Errorf("create %s: bad sample rate %d Hz (want %d to %d)", path, rate, MinRate, MaxRate)
	}
	// Read and write: audio written directly (see File) may be read back.
	f, err := safefs.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	w := &Writer{f: f, buf: bufio.NewWriterSize(f, 64<<10), rate: rate}
	if _, err := f.Write(wavHeader(rate, 0)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return w, nil
}

// Path returns the file's name.
func (w *Writer) Path() string { return w.f.Name() }

// Rate returns the sample rate in frames per second.
func (w *Writer) Rate() int { return w.rate }

// Frames returns the number of frames written so far.
func (w *Writer) Frames() int64 { return w.frames }

// Duration returns the length of the audio written so far.
func (w *Writer) Duration() time.Duration { return FramesDuration(w.frames, w.rate) }

// Write appends samples. After the first error every call returns it.
func (w *Writer) Write(samples []int16) error {
	if w.err != nil {
		return w.err
	}
	if (w.frames+int64(len(samples)))*bytesPerFrame > maxDataSize {
		w.err = fmt.Errorf("write %s: recording exceeds the 4 GiB WAV limit", w.f.Name())
		return w.err
	}
	var b []byte
	if littleEndian && len(samples) > 0 {
		// WAV is little-endian, like the samples in memory: no conversion.
		b = unsafe.Slice((*byte)(unsafe.Pointer(&samples[0])), len(samples)*bytesPerFrame)
	} else {
		need := len(samples) * bytesPerFrame
		if cap(w.scratch) < need {
			w.scratch = make([]byte, need)
		}
		b = w.scratch[:need]
		for i, s := range samples {
			binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
		}
	}
	if _, err := w.buf.Write(b); err != nil {
		w.err = w.wrap(err)
		return w.err
	}
	w.frames += int64(len(samples))
	return nil
}

// File returns the open file, so that audio can be written to it directly
// rather than through Write: 16-bit little-endian samples at DataOffset +
// 2 × Frames() on, with pwrite (a capture thread writing each period as it
// arrives). Appended then counts them. Do not mix the two ways: Write
// buffers.
func (w *Writer) File() *os.File { return w.f }

// Room returns how many more frames the file can hold: a WAV's data is at
// most 4 GiB.
func (w *Writer) Room() int64 { return maxDataSize/bytesPerFrame - w.frames }

// Appended records that frames more were written to the file directly (see
// File), so that Frames, Duration, Checkpoint and Close count them. After
// the first error every call returns it.
func (w *Writer) Appended(frames int64) error {
	if w.err != nil {
		return w.err
	}
	if frames < 0 || frames > w.Room() {
		w.err = fmt.Errorf("write %s: recording exceeds the 4 GiB WAV limit", w.f.Name())
		return w.err
	}
	w.frames += frames
	return nil
}

// Checkpoint flushes buffered audio and rewrites the header sizes so the file
// on disk is a complete WAV of everything written so far.
func (w *Writer) Checkpoint() error {
	if w.err != nil {
		return w.err
	}
	if err := w.buf.Flush(); err != nil {
		w.err = w.wrap(err)
		return w.err
	}
	if w.synced == w.frames {
		return nil
	}
	if err := writeSizes(w.f, uint32(w.frames*bytesPerFrame)); err != nil {
		w.err = w.wrap(err)
		return w.err
	}
	w.synced = w.frames
	return nil
}

// Close checkpoints, syncs the file to stable storage and closes it. The file
// is closed even when an earlier write failed; that error is returned.
func (w *Writer) Close() error {
	err := w.Checkpoint()
	if serr := w.f.Sync(); err == nil && serr != nil {
		err = fmt.Errorf("sync %s: %w", w.f.Name(), serr)
	}
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", w.f.Name(), cerr)
	}
	return err
}

// wrap names the file in err, unless the error already does.
func (w *Writer) wrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return err
	}
	return fmt.Errorf("write %s: %w", w.f.Name(), err)
}

// FramesDuration converts a frame count at rate into a duration.
func FramesDuration(frames int64, rate int) time.Duration {
	if rate <= 0 {
		return 0
	}
	return time.Duration(frames * int64(time.Second) / int64(rate))
}

func wavHeader(rate int, dataSize uint32) []byte {
	h := make([]byte, wavHeaderSize)
	copy(h[0:], "RIFF")
	binary.LittleEndian.PutUint32(h[riffSizeAt:], dataSize+wavHeaderSize-8)
	copy(h[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16) // fmt chunk size
	binary.LittleEndian.PutUint16(h[20:], 1)  // PCM
	binary.LittleEndian.PutUint16(h[22:], 1)  // mono
	binary.LittleEndian.PutUint32(h[24:], uint32(rate))
	binary.LittleEndian.PutUint32(h[28:], uint32(rate*bytesPerFrame))
	binary.LittleEndian.PutUint16(h[32:], bytesPerFrame)
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[dataSizeAt:], dataSize)
	return h
}

func writeSizes(f io.WriterAt, dataSize uint32) error {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], dataSize+wavHeaderSize-8)
	if _, err := f.WriteAt(b[:], riffSizeAt); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(b[:], dataSize)
	_, err := f.WriteAt(b[:], dataSizeAt)
	return err
}

// ErrNotWAV reports a file that is not a RIFF/WAVE file.
var ErrNotWAV = errors.New("not a WAV file")
