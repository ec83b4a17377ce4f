package tui

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestBigText: every glyph, narrow (one space between) and wide (every
// column doubled, two spaces between), written out by hand.
func TestBigText(t *testing.T) {
	for _, tc := range []struct {
		text string
		wide bool
		want []string
	}{
		{"01234", false, []string{"█▀█ ▀█  ▀▀█ ▀▀█ █ █", "█ █  █  █▀▀  ▀█ ▀▀█", "▀▀▀ ▀▀▀ ▀▀▀ ▀▀▀   ▀"}},
		{"56789", false, []string{"█▀▀ █▀▀ ▀▀█ █▀█ █▀█", "▀▀█ █▀█   █ █▀█ ▀▀█", "▀▀▀ ▀▀▀   ▀ ▀▀▀ ▀▀▀"}},
		{"0:05", false, []string{"█▀█ ▄ █▀█ █▀▀", "█ █ ▄ █ █ ▀▀█", "▀▀▀   ▀▀▀ ▀▀▀"}},
		{"+1:6", true, []string{"  ▄▄    ▀▀██    ▄▄  ██▀▀▀▀", "▀▀██▀▀    ██    ▄▄  ██▀▀██", "        ▀▀▀▀▀▀      ▀▀▀▀▀▀"}},
		{"7", true, []string{"▀▀▀▀██", "    ██", "    ▀▀"}},
		{"", true, []string{"", "", ""}},
	} {
		if got := bigText(tc.text, tc.wide); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("bigText(%q, %v) =\n%s\nwant\n%s", tc.text, tc.wide, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
	for _, s := range []string{"-0:02", "1:0a", "0.5", "１"} {
		if got := bigText(s, true); got != nil {
			t.Errorf("bigText(%q) = %q, want nil: it has no glyph for it", s, got)
		}
	}
}

// TestBar: frac of width cells filled, rounded, clamped to 0..1.
func TestBar(t *testing.T) {
	st := newStyles(false)
	for _, tc := range []struct {
		frac        float64
		width, fill int
	}{
		{0, 10, 0},
		{0.04, 10, 0},
		{0.05, 10, 1}, // half a cell rounds up
		{0.4, 68, 27},
		{0.5, 7, 4},
		{1, 10, 10},
		{1.5, 10, 10},
		{-0.5, 10, 0},
	} {
		want := strings.Repeat("█", tc.fill) + strings.Repeat("░", tc.width-tc.fill)
		if got := ansi.Strip(bar(st, tc.frac, tc.width)); got != want {
			t.Errorf("bar(%g, %d) = %q, want %q", tc.frac, tc.width, got, want)
		}
	}
	for _, w := range []int{0, -3} {
		if got := bar(st, 0.5, w); got != "" {
			t.Errorf("bar of width %d = %q, want nothing", w, got)
		}
	}
}

// TestMeterBar: -60 to 0 dBFS fill the bar; the held peak is a mark in its
// cell, unless the fill covers it; levels past either end are clamped.
func TestMeterBar(t *testing.T) {
	st := newStyles(false)
	for _, tc := range []struct {
		rms, hold float64
		width     int
		want      string
	}{
		{-30, -30, 10, "█████░░░░░"},                   // the mark would be cell 5: under the fill
		{-30, -12, 10, "█████░░│░░"},                   // -12 dBFS is 4/5 of the way: cell 8
		{-60, 0, 10, "░░░░░░░░░│"},                     // full scale: the last cell
		{-90, -60, 10, "░░░░░░░░░░"},                   // below the floor: nothing, no mark
		{-54, -54, 10, "█░░░░░░░░░"},                   // one tenth
		{-30, -24, 10, "█████│░░░░"},                   // the mark just past the fill
		{0, 0, 6, "██████"},                            // full
		{6, 12, 6, "██████"},                           // over full scale: full
		{-120, -3, 20, strings.Repeat("░", 18) + "│░"}, // -3 dBFS: cell 19 of 20
	} {
		if got := ansi.Strip(meterBar(st, tc.rms, tc.hold, tc.width)); got != tc.want {
			t.Errorf("meterBar(%g, %g, %d) = %q, want %q", tc.rms, tc.hold, tc.width, got, tc.want)
		}
	}
	if got := meterBar(st, -20, -6, 0); got != "" {
		t.Errorf("meterBar of width 0 = %q, want nothing", got)
	}
}

// TestScreen: blocks from the top with a blank line between, the bottom
// lines last; when they do not fit, the block of lowest priority goes first
// (the earlier of equals), blank lines counted; lines are cut to the width.
func TestScreen(t *testing.T) {
	a := block{lines: []string{"a1", "a2"}, prio: 50}
	b := block{lines: []string{"b1"}, prio: 40}
	c := block{lines: []string{"c1"}, prio: 60}
	empty := block{prio: 90}
	keys := []string{"keys"}
	for _, tc := range []struct {
		name          string
		width, height int
		blocks        []block
		bottom        []string
		want          string
	}{
		{"all fit", 10, 7, []block{a, empty, b}, keys, "a1\na2\n\nb1\n\n\nkeys"},
		{"exactly fit", 10, 6, []block{a, b}, keys, "a1\na2\n\nb1\n\nkeys"},
		{"the blank before the keys counts", 10, 3, []block{a}, keys, "\n\nkeys"},
		{"the blank between blocks counts", 10, 5, []block{a, b}, keys, "a1\na2\n\n\nkeys"},
		{"lowest first", 10, 5, []block{a, b, c}, keys, "c1\n\n\n\nkeys"},
		{"lowest is the first", 10, 4, []block{{lines: []string{"x"}, prio: 10}, a}, keys, "a1\na2\n\nkeys"},
		{"the earlier of equals", 10, 3, []block{{lines: []string{"e1"}, prio: 50}, {lines: []string{"e2"}, prio: 50}}, keys, "e2\n\nkeys"},
		{"no bottom", 10, 4, []block{a, b}, nil, "a1\na2\n\nb1"},
		{"bottom taller than the screen", 10, 2, []block{a}, []string{"k1", "k2", "k3"}, "k2\nk3"},
		{"cut to the width", 4, 3, []block{{lines: []string{"abcdef"}, prio: 1}}, []string{"0123456"}, "abc…\n\n012…"},
		{"no size: one cell", 0, 0, []block{a}, keys, "…"},
	} {
		if got := screen(tc.width, tc.height, tc.blocks, tc.bottom); got != tc.want {
			t.Errorf("%s: screen =\n%q\nwant\n%q", tc.name, got, tc.want)
		}
	}
}

// TestSized: a window size with no width or no height (not a terminal)
// leaves the size as it was.
func TestSized(t *testing.T) {
	for _, tc := range []struct {
		msg  tea.WindowSizeMsg
		w, h int
	}{
		{tea.WindowSizeMsg{Width: 100, Height: 40}, 100, 40},
		{tea.WindowSizeMsg{Width: 0, Height: 40}, 80, 24},
		{tea.WindowSizeMsg{Width: 100, Height: 0}, 80, 24},
		{tea.WindowSizeMsg{Width: -1, Height: -1}, 80, 24},
		{tea.WindowSizeMsg{Width: 1, Height: 1}, 1, 1},
	} {
		if w, h := sized(tc.msg, 80, 24); w != tc.w || h != tc.h {
			t.Errorf("sized(%+v) = %d, %d; want %d, %d", tc.msg, w, h, tc.w, tc.h)
		}
	}
}
