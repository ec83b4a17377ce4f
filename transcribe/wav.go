package transcribe

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/internal/safefs"
)

// TempPrefix starts the name of every temporary file an engine makes in
// its temporary directory (the session directory). They are removed when
// the engine returns; one left by a killed process can be removed safely.
const TempPrefix = ".transcribe-"

// prepareAudio reads the WAV at src (PCM of 8, 16, 24 or 32 bits, any
// number of channels, mixed down to mono) and writes it resampled to
// EngineRate as 16-bit mono PCM into a new file (mode 0600) in tmpDir. It
// returns the new file's path and the length of the take in seconds. The
// caller removes the file; on error nothing is left behind.
func prepareAudio(src, tmpDir string) (path string, lengthS float64, err error) {
	info, err := audio.ReadInfo(src)
	if err != nil {
		return "", 0, fmt.Errorf("read the take: %w", err)
	}
	in, err := safefs.OpenFile(src, os.O_RDONLY, 0)
	if err != nil {
		return "", 0, fmt.Errorf("read the take: %w", err)
	}
	defer in.Close()

	if tmpDir == "" {
		tmpDir = os.TempDir()
	}
	path = filepath.Join(tmpDir, TempPrefix+randomHex(8)+".wav")
	w, err := audio.CreateWAV(path, EngineRate)
	if err != nil {
		return "", 0, fmt.Errorf("make the engine's copy of the take: %w", err)
	}
	defer func() {
		if err != nil {
			w.Close()
			os.Remove(path)
			path = ""
		}
	}()

	rs := newResampler(info.Rate, EngineRate)
	bytesPer := info.BitsPerSample / 8
	frameBytes := bytesPer * info.Channels
	buf := make([]byte, (64<<10)/frameBytes*frameBytes)
	mono := make([]float32, 0, len(buf)/frameBytes)
	var out []float32
	var pcm []int16
	emit := func(final bool) error {
		out = out[:0]
		if final {
			out = rs.flush(out)
		} else {
			out = rs.write(out, mono)
		}
		pcm = pcm[:0]
		for _, v := range out {
			pcm = append(pcm, toInt16(v))
		}
		return w.Write(pcm)
	}
	r := io.NewSectionReader(in, info.DataOffset, info.DataBytes)
	for left := info.DataBytes; left > 0; {
		n := int(min(left, int64(len(buf))))
		if _, err := io.ReadFull(r, buf[:n]); err != nil {
			return "", 0, fmt.Errorf("read the take %s: %w", src, err)
		}
		left -= int64(n)
		mono = AppendMono(mono[:0], buf[:n], info.Channels, info.BitsPerSample)
		if err := emit(false); err != nil {
			return "", 0, err
		}
	}
	if err := emit(true); err != nil {
		return "", 0, err
	}
	if err := w.Close(); err != nil {
		return "", 0, err
	}
	return path, info.Duration().Seconds(), nil
}

// sampleAt decodes one little-endian PCM sample to the range -1..1.
// AppendMono appends to dst the whole frames of interleaved PCM in pcm
// (channels of bits-bit little-endian samples, 8-bit unsigned), each mixed
// down to one sample in [-1, 1].
func AppendMono(dst []float32, pcm []byte, channels, bits int) []float32 {
	bytesPer := bits / 8
	frameBytes := channels * bytesPer
	for f := 0; f+frameBytes <= len(pcm); f += frameBytes {
		var sum float32
		for c := range channels {
			sum += sampleAt(pcm[f+c*bytesPer:], bits)
		}
		dst = append(dst, sum/float32(channels))
	}
	return dst
}

func sampleAt(b []byte, bits int) float32 {
	switch bits {
	case 8:
		return (float32(b[0]) - 128) / 128 // unsigned
	case 16:
		return float32(int16(binary.LittleEndian.Uint16(b))) / 32768
	case 24:
		v := int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24) >> 8
		return float32(v) / (1 << 23)
	default:
		return float32(float64(int32(binary.LittleEndian.Uint32(b))) / (1 << 31))
	}
}

func toInt16(v float32) int16 {
	s := math.Round(float64(v) * 32768)
	return int16(max(-32768, min(32767, s)))
}
