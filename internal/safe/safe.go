// Package safe makes text from files (question banks, session records,
// file names) safe to print on a terminal: a control character in it could
// otherwise clear the screen, retitle the window, write to the clipboard or
// hide what came before it.
package safe

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// IsControl reports whether r is a control character: C0 (U+0000 to
// U+001F, tab and newline included), DEL (U+007F) or C1 (U+0080 to U+009F).
func IsControl(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f
}

var c0Names = [...]string{
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
	"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
}

var c1Names = [...]string{
	"PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
	"DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC",
}

// Name returns the abbreviation of the control character r ("ESC",
// "DEL", "CSI", ...), or "" when r is not one.
func Name(r rune) string {
	switch {
	case r >= 0 && r < 0x20:
		return c0Names[r]
	case r == 0x7f:
		return "DEL"
	case r >= 0x80 && r <= 0x9f:
		return c1Names[r-0x80]
	}
	return ""
}

// Describe names the control character r for a message: "U+001B ESC".
func Describe(r rune) string {
	return "U+" + strings.ToUpper(strconv.FormatInt(int64(0x10000+r), 16)[1:]) + " " + Name(r)
}

// FindControl returns the first control character in s, its place in s
// counted in characters from 1, and how many control characters s holds;
// n is 0 when there is none.
func FindControl(s string) (first rune, at, n int) {
	i := 0
	for _, r := range s {
		i++
		if IsControl(r) {
			if n == 0 {
				first, at = r, i
			}
			n++
		}
	}
	return first, at, n
}

// IsBidiControl reports whether r is a bidirectional override or isolate
// (U+202A to U+202E, U+2066 to U+2069): printed as they are, they reorder
// what follows them on the line, so text can read as something it is not.
func IsBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// Text returns s made safe to print: every control character (newline
// included), and every byte that is not part of valid UTF-8, is written
// out visibly, \x1b for ESC, \t, \n, \r and the like for the common ones,
// \u009b for a C1 character, \u202e for a bidirectional override and \xff
// for a stray byte. No escape sequence can pass through, since ESC and CSI
// themselves never do. Text that has
// no such character is returned as it is.
func Text(s string) string { return escape(s, false) }

// Lines is Text, except that it keeps newlines, for text that is meant to
// span lines (notes, messages).
func Lines(s string) string { return escape(s, true) }

func escape(s string, keepNewlines bool) string {
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if IsControl(r) && !(keepNewlines && r == '\n') || IsBidiControl(r) || r == utf8.RuneError && size == 1 {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case IsControl(r):
			b.WriteString(visible(r))
		case IsBidiControl(r):
			b.WriteString(`\u` + hex2(byte(r>>8)) + hex2(byte(r)))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// visible is how the control character r is shown.
func visible(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\t':
		return `\t`
	case '\n':
		return `\n`
	case '\v':
		return `\v`
	case '\f':
		return `\f`
	case '\r':
		return `\r`
	}
	if r < 0x80 {
		return `\x` + hex2(byte(r))
	}
	return `\u00` + hex2(byte(r))
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}
