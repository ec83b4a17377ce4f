// Package opus compresses a take for sharing: its WAV, mixed to mono and
// resampled to 48 kHz, encoded as Opus voice at about 20 kbit/s in an Ogg
// stream. A cgo leaf (libopus); only the command imports it.
package opus

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/hraban/opus"

	"github.com/mockround/mockround/audio"
	"github.com/mockround/mockround/audio/ogg"
	"github.com/mockround/mockround/internal/safefs"
	"github.com/mockround/mockround/transcribe"
)

const (
	// Rate is the rate Opus codes at; every take is resampled to it.
	Rate = 48000
	// Bitrate is what speech is coded at: clear wideband voice, about
	// 150 KB a minute of continuous speech (200 KB as base64 in a page).
	Bitrate = 20000
	// frame is 20 ms at 48 kHz, the usual frame for voice.
	frame = 960
	// preSkip is libopus's look-ahead at 48 kHz (2.5 ms, plus 4 ms of delay
	// compensation outside the restricted low-delay mode): the decoder
	// drops it, so the decoded audio lines up with the WAV.
	preSkip = 312
)

// Result describes one encoded take.
type Result struct {
	Samples int64   // 48 kHz samples of audio (without pre-skip)
	Seconds float64 // its length
	Bytes   int     // size of the Ogg stream
}

// EncodeWAV encodes the WAV at path (PCM of 8 to 32 bits, any channels) and
// returns the Ogg Opus stream. The WAV must be a regular file, not a link.
func EncodeWAV(path string) ([]byte, Result, error) {
	info, err := audio.ReadInfo(path)
	if err != nil {
		return nil, Result{}, err
	}
	f, err := safefs.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, Result{}, err
	}
	defer f.Close()
	var out bytes.Buffer
	res, err := Encode(&out, io.NewSectionReader(f, info.DataOffset, info.DataBytes), info)
	if err != nil {
		return nil, Result{}, fmt.Errorf("encode %s: %w", path, err)
	}
	return out.Bytes(), res, nil
}

// Encode reads the sample data described by info from r and writes it to w
// as Ogg Opus, streaming: memory stays small whatever the take's length.
func Encode(w io.Writer, r io.Reader, info audio.Info) (Result, error) {
	bytesPer := info.BitsPerSample / 8
	frameBytes := bytesPer * info.Channels
	if frameBytes <= 0 {
		return Result{}, fmt.Errorf("not PCM audio mockround can read")
	}
	c, err := newCoder()
	if err != nil {
		return Result{}, err
	}
	cw := &countWriter{w: w}
	c.ow, err = ogg.NewOpusWriter(cw, 0x6d6f636b, 1, preSkip, info.Rate, "mockround (libopus)")
	if err != nil {
		return Result{}, err
	}
	var rs *transcribe.Resampler
	if info.Rate != Rate {
		rs = transcribe.NewResampler(info.Rate, Rate)
	}
	var (
		buf   = make([]byte, (32<<10)/frameBytes*frameBytes)
		mono  []float32
		total int64
	)
	for {
		n, err := io.ReadFull(r, buf)
		n -= n % frameBytes
		if n > 0 {
			mono = transcribe.AppendMono(mono[:0], buf[:n], info.Channels, info.BitsPerSample)
			before := len(c.pending)
			if rs != nil {
				c.pending = rs.Write(c.pending, mono)
			} else {
				c.pending = append(c.pending, mono...)
			}
			total += int64(len(c.pending) - before)
			if err := c.code(false); err != nil {
				return Result{}, err
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return Result{}, err
		}
	}
	if rs != nil {
		before := len(c.pending)
		c.pending = rs.Flush(c.pending)
		total += int64(len(c.pending) - before)
	}
	// The encoder's look-ahead: pre-skip more samples of silence at the end
	// bring the last real samples out of the decoder.
	c.pending = append(c.pending, make([]float32, preSkip)...)
	if err := c.code(true); err != nil {
		return Result{}, err
	}
	if err := c.ow.Close(total); err != nil {
		return Result{}, err
	}
	return Result{Samples: total, Seconds: float64(total) / Rate, Bytes: cw.n}, nil
}

// coder codes 48 kHz mono samples as Opus voice, a 20 ms frame at a time,
// and writes each packet to the Ogg stream.
type coder struct {
	enc     *opus.Encoder
	ow      *ogg.OpusWriter
	pending []float32 // 48 kHz samples not yet coded
	pcm     []float32 // the frame being coded
	packet  []byte
}

// newCoder sets up libopus for voice at Bitrate; the caller sets ow.
func newCoder() (*coder, error) {
	enc, err := opus.NewEncoder(Rate, 1, opus.AppVoIP)
	if err != nil {
		return nil, err
	}
	if err := enc.SetBitrate(Bitrate); err != nil {
		return nil, err
	}
	if err := enc.SetComplexity(10); err != nil {
		return nil, err
	}
	return &coder{enc: enc, pcm: make([]float32, frame), packet: make([]byte, 4000)}, nil
}

// code codes every whole frame pending; final codes the rest too, padded
// with silence to a whole frame.
func (c *coder) code(final bool) error {
	for len(c.pending) >= frame || (final && len(c.pending) > 0) {
		n := copy(c.pcm, c.pending)
		clear(c.pcm[n:])
		c.pending = c.pending[n:]
		m, err := c.enc.EncodeFloat32(c.pcm, c.packet)
		if err != nil {
			return err
		}
		if err := c.ow.WritePacket(c.packet[:m], frame); err != nil {
			return err
		}
	}
	c.pending = append(c.pending[:0:0], c.pending...) // let the consumed head go
	return nil
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}
