package ogg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func TestCRCCheckValue(t *testing.T) {
	// The check value of this CRC (polynomial 0x04C11DB7, init 0, no
	// reflection, no final xor) over "123456789".
	if got := CRC([]byte("123456789")); got != 0x89A1897F {
		t.Errorf("CRC = %#08x, want 0x89a1897f", got)
	}
	if got := CRC(nil); got != 0 {
		t.Errorf("CRC of nothing = %#x, want 0", got)
	}
}

type page struct {
	flags   byte
	granule int64
	serial  uint32
	seq     uint32
	lacing  []byte
	body    []byte
}

// parse splits a stream into pages, checking each page's checksum.
func parse(t *testing.T, b []byte) []page {
	t.Helper()
	var out []page
	for len(b) > 0 {
		if len(b) < 27 || string(b[:4]) != "OggS" || b[4] != 0 {
			t.Fatalf("page %d: bad header % x", len(out), b[:min(len(b), 27)])
		}
		n := int(b[26])
		size := 27 + n
		for _, l := range b[27 : 27+n] {
			size += int(l)
		}
		p := page{flags: b[5], granule: int64(binary.LittleEndian.Uint64(b[6:])), serial: binary.LittleEndian.Uint32(b[14:]),
			seq: binary.LittleEndian.Uint32(b[18:]), lacing: b[27 : 27+n], body: b[27+n : size]}
		raw := append([]byte(nil), b[:size]...)
		want := binary.LittleEndian.Uint32(raw[22:])
		clear(raw[22:26])
		if got := CRC(raw); got != want {
			t.Errorf("page %d: checksum %#x, computed %#x", len(out), want, got)
		}
		out = append(out, p)
		b = b[size:]
	}
	return out
}

func TestOpusStreamLayout(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewOpusWriter(&buf, 7, 1, 312, 44100, "test")
	if err != nil {
		t.Fatal(err)
	}
	// 120 packets of 20 ms; one of 255 bytes, which needs a 0 lacing value.
	for i := range 120 {
		p := bytes.Repeat([]byte{byte(i)}, 60)
		if i == 5 {
			p = bytes.Repeat([]byte{5}, 255)
		}
		if err := w.WritePacket(p, 960); err != nil {
			t.Fatal(err)
		}
	}
	const real = 120*960 - 312 - 500 // the last packet padded
	if err := w.Close(real); err != nil {
		t.Fatal(err)
	}
	pages := parse(t, buf.Bytes())
	if len(pages) != 5 { // head, tags, 50 + 50 + 20 packets
		t.Fatalf("%d pages, want 5", len(pages))
	}
	head := pages[0]
	if head.flags != flagFirst || head.granule != 0 || len(head.lacing) != 1 || len(head.body) != 19 {
		t.Errorf("OpusHead page: flags %d granule %d lacing %v body %d bytes", head.flags, head.granule, head.lacing, len(head.body))
	}
	h := head.body
	if string(h[:8]) != "OpusHead" || h[8] != 1 || h[9] != 1 || binary.LittleEndian.Uint16(h[10:]) != 312 ||
		binary.LittleEndian.Uint32(h[12:]) != 44100 || h[18] != 0 {
		t.Errorf("OpusHead % x", h)
	}
	tags := pages[1].body
	if pages[1].flags != 0 || pages[1].granule != 0 || string(tags[:8]) != "OpusTags" ||
		binary.LittleEndian.Uint32(tags[8:]) != 4 || string(tags[12:16]) != "test" || binary.LittleEndian.Uint32(tags[16:]) != 0 {
		t.Errorf("OpusTags page: flags %d granule %d body %q", pages[1].flags, pages[1].granule, tags)
	}
	wantGranule := []int64{0, 0, 50 * 960, 100 * 960, 312 + real}
	wantFlags := []byte{flagFirst, 0, 0, 0, flagLast}
	for i, p := range pages {
		if p.serial != 7 || p.seq != uint32(i) {
			t.Errorf("page %d: serial %d seq %d", i, p.serial, p.seq)
		}
		if p.granule != wantGranule[i] || p.flags != wantFlags[i] {
			t.Errorf("page %d: granule %d flags %d, want %d and %d", i, p.granule, p.flags, wantGranule[i], wantFlags[i])
		}
	}
	if l := pages[2].lacing; len(l) != 51 || l[5] != 255 || l[6] != 0 || l[7] != 60 {
		t.Errorf("first audio page lacing %v: a 255-byte packet is 255 then 0", l)
	}
	if len(pages[2].body) != 49*60+255 {
		t.Errorf("first audio page holds %d bytes, want %d", len(pages[2].body), 49*60+255)
	}
}

func TestCloseKeepsGranuleWhenEndIsLonger(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewOpusWriter(&buf, 1, 1, 312, 48000, "")
	_ = w.WritePacket([]byte{1, 2, 3}, 960)
	if err := w.Close(5000); err != nil {
		t.Fatal(err)
	}
	pages := parse(t, buf.Bytes())
	if last := pages[len(pages)-1]; last.granule != 960 || last.flags != flagLast {
		t.Errorf("last page granule %d flags %d: an end past the packets cannot extend the stream", last.granule, last.flags)
	}
	if err := w.WritePacket([]byte{1}, 960); err == nil {
		t.Error("a packet after Close was accepted")
	}
}

func TestRejects(t *testing.T) {
	if _, err := NewOpusWriter(&bytes.Buffer{}, 1, 3, 312, 48000, ""); err == nil {
		t.Error("3 channels accepted")
	}
	if _, err := NewOpusWriter(&bytes.Buffer{}, 1, 1, 70000, 48000, ""); err == nil {
		t.Error("pre-skip over 65535 accepted")
	}
	w, _ := NewOpusWriter(&bytes.Buffer{}, 1, 1, 312, 48000, "")
	if err := w.WritePacket(make([]byte, 255*255), 960); err == nil {
		t.Error("a packet over 255 lacing values accepted")
	}
}

func TestLimitsAtTheirEdges(t *testing.T) {
	for _, c := range []struct {
		channels, preSkip int
		ok                bool
	}{{1, 0, true}, {2, 0xffff, true}, {0, 0, false}, {3, 0, false}, {1, -1, false}, {1, 0x10000, false}} {
		_, err := NewOpusWriter(&bytes.Buffer{}, 1, c.channels, c.preSkip, 48000, "")
		if (err == nil) != c.ok {
			t.Errorf("channels %d pre-skip %d: error %v", c.channels, c.preSkip, err)
		}
	}
	w, _ := NewOpusWriter(&bytes.Buffer{}, 1, 1, 0, 48000, "")
	if err := w.WritePacket(make([]byte, 255*255-1), 960); err != nil {
		t.Errorf("a packet of 255 lacing values refused: %v", err)
	}
}

// TestPagesFillTheirLacing: packets go on a page while its 255 lacing
// values hold them, and a packet that would overflow starts the next.
func TestPagesFillTheirLacing(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewOpusWriter(&buf, 1, 1, 0, 48000, "")
	for range 6 {
		if err := w.WritePacket(make([]byte, 50*255), 960); err != nil { // 51 lacing values each
			t.Fatal(err)
		}
	}
	if err := w.Close(0); err != nil {
		t.Fatal(err)
	}
	pages := parse(t, buf.Bytes())
	if len(pages) != 4 || len(pages[2].lacing) != 255 || len(pages[3].lacing) != 51 {
		t.Fatalf("%d pages; want head, tags, 5 packets (255 lacing values), 1", len(pages))
	}
	if pages[2].granule != 5*960 || pages[3].granule != 6*960 {
		t.Errorf("granules %d and %d; Close(0) must leave the last as the packets make it", pages[2].granule, pages[3].granule)
	}
}

func TestCloseAtTheEdges(t *testing.T) {
	// No packet at all: still an end-of-stream page, empty.
	var buf bytes.Buffer
	w, _ := NewOpusWriter(&buf, 1, 1, 312, 48000, "")
	if err := w.Close(100); err != nil {
		t.Fatal(err)
	}
	pages := parse(t, buf.Bytes())
	if len(pages) != 3 || pages[2].flags != flagLast || len(pages[2].lacing) != 0 || pages[2].granule != 0 {
		t.Errorf("pages %+v; want an empty end-of-stream page with granule 0", pages)
	}
	// An end that is exactly what the packets hold is kept.
	buf.Reset()
	w, _ = NewOpusWriter(&buf, 1, 1, 312, 48000, "")
	_ = w.WritePacket([]byte{1}, 960)
	if err := w.Close(960 - 312); err != nil {
		t.Fatal(err)
	}
	if pages := parse(t, buf.Bytes()); pages[2].granule != 960 {
		t.Errorf("granule %d, want 960", pages[2].granule)
	}
}

// TestHeaderOf255Bytes: a header packet of exactly 255 bytes takes the
// lacing values 255 and 0.
func TestHeaderOf255Bytes(t *testing.T) {
	var buf bytes.Buffer
	if _, err := NewOpusWriter(&buf, 1, 1, 0, 48000, string(bytes.Repeat([]byte{'v'}, 255-16))); err != nil {
		t.Fatal(err)
	}
	pages := parse(t, buf.Bytes())
	if l := pages[1].lacing; len(l) != 2 || l[0] != 255 || l[1] != 0 {
		t.Errorf("OpusTags of 255 bytes laced %v, want [255 0]", l)
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("disk full")
	}
	f.n--
	return len(p), nil
}

func TestWriteErrorSticks(t *testing.T) {
	if _, err := NewOpusWriter(&failWriter{n: 0}, 1, 1, 0, 48000, ""); err == nil {
		t.Error("a failed header write was not reported")
	}
	w, err := NewOpusWriter(&failWriter{n: 2}, 1, 1, 0, 48000, "")
	if err != nil {
		t.Fatal(err)
	}
	for range 50 {
		_ = w.WritePacket([]byte{1}, 960)
	}
	if err := w.WritePacket([]byte{1}, 960); err == nil { // flushes the first page: fails
		t.Error("a failed page write was not reported")
	}
	if err := w.Close(0); err == nil {
		t.Error("Close after a failed write reported success")
	}
}
