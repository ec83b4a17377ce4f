package safe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile clears the screen, sets the window title, writes "hi" to the
// clipboard (OSC 52), returns the cursor, backspaces and starts a C1 CSI.
const hostile = "\x1b[2J\x1b]0;TITLE\x07\x1b]52;c;aGk=\x07\r\b\u009b"

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, text, lines string }{
		{"plain text, é and 😀", "plain text, é and 😀", "plain text, é and 😀"},
		{"", "", ""},
		{hostile, `\x1b[2J\x1b]0;TITLE\a\x1b]52;c;aGk=\a\r\b\u009b`, `\x1b[2J\x1b]0;TITLE\a\x1b]52;c;aGk=\a\r\b\u009b`},
		{"two\nlines\r\n", `two\nlines\r\n`, "two\nlines\\r\n"},
		{"tab\there", `tab\there`, `tab\there`},
		{"nul\x00 del\x7f", `nul\x00 del\x7f`, `nul\x00 del\x7f`},
		{"c1 \u0085\u0090\u009f", `c1 \u0085\u0090\u009f`, `c1 \u0085\u0090\u009f`},
		{"raw byte \x9b[31m and \xff", `raw byte \x9b[31m and \xff`, `raw byte \x9b[31m and \xff`},
		{"no-break\u00a0space ok", "no-break\u00a0space ok", "no-break\u00a0space ok"},
		{`back\slash`, `back\slash`, `back\slash`},
		// Bidirectional overrides and isolates reorder the line; marks do not.
		{"ok\u202eexe.txt", `ok\u202eexe.txt`, `ok\u202eexe.txt`},
		{"\u202a\u202d\u2066\u2069", `\u202a\u202d\u2066\u2069`, `\u202a\u202d\u2066\u2069`},
		{"mark\u200f and \u2029 kept", "mark\u200f and \u2029 kept", "mark\u200f and \u2029 kept"},
		{"edges \u2029\u202f\u2065\u206a kept", "edges \u2029\u202f\u2065\u206a kept", "edges \u2029\u202f\u2065\u206a kept"},
	} {
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.text)
		}
		if got := Lines(tc.in); got != tc.lines {
			t.Errorf("Lines(%q) = %q, want %q", tc.in, got, tc.lines)
		}
	}
}

// TestTextLeavesNothingBehind: whatever goes in, nothing a terminal acts on
// comes out (but the newlines Lines keeps), and the output is valid UTF-8.
func TestTextLeavesNothingBehind(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x200; r++ {
		all.WriteRune(r)
	}
	for c := 0x80; c < 0x100; c++ {
		all.WriteByte(byte(c)) // every stray byte
	}
	in := all.String() + hostile
	for name, out := range map[string]string{"Text": Text(in), "Lines": Lines(in)} {
		if !utf8.ValidString(out) {
			t.Errorf("%s: invalid UTF-8 out", name)
		}
		for _, r := range out {
			if IsControl(r) && !(name == "Lines" && r == '\n') {
				t.Errorf("%s let %U through", name, r)
			}
		}
	}
	if strings.Count(Lines(in), "\n") != 1 {
		t.Errorf("Lines kept %d newlines, want 1", strings.Count(Lines(in), "\n"))
	}
}

func TestIsControlAndName(t *testing.T) {
	for r := rune(0); r < 0x110; r++ {
		want := r < 0x20 || r >= 0x7f && r < 0xa0
		if IsControl(r) != want {
			t.Errorf("IsControl(%U) = %v", r, !want)
		}
		if (Name(r) != "") != want {
			t.Errorf("Name(%U) = %q", r, Name(r))
		}
	}
	for r, want := range map[rune]string{0: "U+0000 NUL", 0x1b: "U+001B ESC", 0x7f: "U+007F DEL", 0x9b: "U+009B CSI", 0x9d: "U+009D OSC", '\t': "U+0009 HT"} {
		if got := Describe(r); got != want {
			t.Errorf("Describe(%U) = %q, want %q", r, got, want)
		}
	}
}

func TestFindControl(t *testing.T) {
	for _, tc := range []struct {
		in        string
		first     rune
		at, count int
	}{
		{"fine", 0, 0, 0},
		{hostile, 0x1b, 1, 8},
		{"héllo\u009bx\x7f", 0x9b, 6, 2},
		{"a\tb", '\t', 2, 1},
	} {
		r, at, n := FindControl(tc.in)
		if r != tc.first || at != tc.at || n != tc.count {
			t.Errorf("FindControl(%q) = %U, %d, %d; want %U, %d, %d", tc.in, r, at, n, tc.first, tc.at, tc.count)
		}
	}
}
