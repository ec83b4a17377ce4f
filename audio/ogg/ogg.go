// Package ogg writes Opus packets into an Ogg stream (RFC 3533, RFC 7845):
// the OpusHead and OpusTags pages, then the audio in pages of up to about a
// second, each carrying the granule position (48 kHz samples, pre-skip
// included) of the last packet it completes. Pure Go; the encoding itself
// lives in audio/opus.
package ogg

import (
	"encoding/binary"
	"errors"
	"io"
)

// Page header flags.
const (
	flagFirst = 0x02 // beginning of stream
	flagLast  = 0x04 // end of stream
)

// maxPacketsPerPage bounds a page to about a second of 20 ms packets, so a
// player seeking in the stream never has far to read.
const maxPacketsPerPage = 50

// OpusWriter writes one mono or stereo Opus stream into an Ogg container.
type OpusWriter struct {
	w       io.Writer
	serial  uint32
	seq     uint32
	preSkip int
	granule int64 // 48 kHz samples written, pre-skip included
	lacing  []byte
	body    []byte
	packets int
	closed  bool
	err     error
}

// NewOpusWriter writes the two header pages: OpusHead with the pre-skip (in
// 48 kHz samples the decoder drops at the start), the channel count and the
// input's original rate, and OpusTags naming the vendor.
func NewOpusWriter(w io.Writer, serial uint32, channels, preSkip, inputRate int, vendor string) (*OpusWriter, error) {
	if channels < 1 || channels > 2 {
		return nil, errors.New("ogg: channels must be 1 or 2")
	}
	if preSkip < 0 || preSkip > 0xffff {
		return nil, errors.New("ogg: pre-skip out of range")
	}
	o := &OpusWriter{w: w, serial: serial, preSkip: preSkip}
	head := make([]byte, 19)
	copy(head, "OpusHead")
	head[8] = 1 // version
	head[9] = byte(channels)
	binary.LittleEndian.PutUint16(head[10:], uint16(preSkip))
	binary.LittleEndian.PutUint32(head[12:], uint32(inputRate))
	// output gain 0, mapping family 0: left zero
	if err := o.page(flagFirst, 0, [][]byte{head}); err != nil {
		return nil, err
	}
	tags := make([]byte, 0, 16+len(vendor))
	tags = append(tags, "OpusTags"...)
	tags = binary.LittleEndian.AppendUint32(tags, uint32(len(vendor)))
	tags = append(tags, vendor...)
	tags = binary.LittleEndian.AppendUint32(tags, 0) // no comments
	if err := o.page(0, 0, [][]byte{tags}); err != nil {
		return nil, err
	}
	return o, nil
}

// WritePacket adds one Opus packet that decodes to samples 48 kHz samples.
// Packets are gathered into pages; a page is written when it is full.
func (o *OpusWriter) WritePacket(p []byte, samples int) error {
	if o.err != nil {
		return o.err
	}
	if o.closed {
		return errors.New("ogg: write after close")
	}
	need := len(p)/255 + 1
	if need > 255 {
		return errors.New("ogg: packet too large")
	}
	if len(o.lacing)+need > 255 || o.packets >= maxPacketsPerPage {
		if err := o.flush(0); err != nil {
			return err
		}
	}
	for n := len(p); ; n -= 255 {
		if n < 255 {
			o.lacing = append(o.lacing, byte(n))
			break
		}
		o.lacing = append(o.lacing, 255)
	}
	o.body = append(o.body, p...)
	o.packets++
	o.granule += int64(samples)
	return nil
}

// Close writes the last page, marked end of stream. end, when positive,
// is the number of 48 kHz samples the stream really holds (without
// pre-skip): the last page's granule says so, and a decoder trims the
// padding of the last packet to it, so the stream lasts exactly that long.
func (o *OpusWriter) Close(end int64) error {
	if o.err != nil {
		return o.err
	}
	if o.closed {
		return nil
	}
	o.closed = true
	if end > 0 && int64(o.preSkip)+end <= o.granule {
		o.granule = int64(o.preSkip) + end
	}
	return o.flush(flagLast)
}

// flush writes the packets gathered so far as one page.
func (o *OpusWriter) flush(flags byte) error {
	if len(o.lacing) == 0 && flags&flagLast == 0 {
		return nil
	}
	err := o.rawPage(flags, o.granule, o.lacing, o.body)
	o.lacing, o.body, o.packets = o.lacing[:0], o.body[:0], 0
	return err
}

// page writes whole packets (each small enough for one page) as one page.
func (o *OpusWriter) page(flags byte, granule int64, packets [][]byte) error {
	var lacing, body []byte
	for _, p := range packets {
		for n := len(p); ; n -= 255 {
			if n < 255 {
				lacing = append(lacing, byte(n))
				break
			}
			lacing = append(lacing, 255)
		}
		body = append(body, p...)
	}
	return o.rawPage(flags, granule, lacing, body)
}

func (o *OpusWriter) rawPage(flags byte, granule int64, lacing, body []byte) error {
	if o.err != nil {
		return o.err
	}
	b := make([]byte, 27+len(lacing)+len(body))
	copy(b, "OggS")
	b[4] = 0 // version
	b[5] = flags
	binary.LittleEndian.PutUint64(b[6:], uint64(granule))
	binary.LittleEndian.PutUint32(b[14:], o.serial)
	binary.LittleEndian.PutUint32(b[18:], o.seq)
	b[26] = byte(len(lacing))
	copy(b[27:], lacing)
	copy(b[27+len(lacing):], body)
	binary.LittleEndian.PutUint32(b[22:], CRC(b)) // the field is still zero here
	o.seq++
	if _, err := o.w.Write(b); err != nil {
		o.err = err
		return err
	}
	return nil
}

// Granule returns the granule position reached so far (pre-skip included).
func (o *OpusWriter) Granule() int64 { return o.granule }

var crcTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04C11DB7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

// CRC is the Ogg checksum: CRC-32 with the polynomial 0x04C11DB7, initial
// value 0, no reflection and no final inversion.
func CRC(b []byte) uint32 {
	var c uint32
	for _, v := range b {
		c = c<<8 ^ crcTable[byte(c>>24)^v]
	}
	return c
}
