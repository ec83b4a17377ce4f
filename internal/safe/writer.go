package safe

import (
	"io"
	"unicode/utf8"
)

// Writer passes what is written to it on to w with every control
// character but the newline made visible, as Lines does. It is for output
// that holds text from files and must never move the cursor, retitle the
// window or write to the clipboard: the line faces and the reports. A
// character split across two writes is held back until it is whole.
type Writer struct {
	w    io.Writer
	tail []byte // the start of a character the last write cut off
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write writes p, made safe, and reports p as written in full unless w
// failed.
func (sw *Writer) Write(p []byte) (int, error) {
	data := p
	if len(sw.tail) > 0 {
		data = append(sw.tail, p...)
		sw.tail = nil
	}
	cut := len(data)
	// Hold back an incomplete character at the end (at most 3 bytes).
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	if cut < len(data) {
		sw.tail = append([]byte(nil), data[cut:]...)
	}
	if _, err := io.WriteString(sw.w, Lines(string(data[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
